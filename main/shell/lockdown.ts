import type { Input } from 'electron';

/*
 * Kiosk lockdown and recovery for the window, written against the small part of Electron's API it
 * uses so unit tests can drive it with a stand-in (tests/mocks/electron.ts).
 */

/** Shortcuts a visitor could use to reload, inspect, print, zoom, close or leave the kiosk. */
export function isBlockedShortcut(
  input: Pick<Input, 'type' | 'key' | 'control' | 'meta' | 'alt' | 'shift'>,
): boolean {
  if (input.type !== 'keyDown') return false;
  const key = input.key.toLowerCase();
  const mod = input.control || input.meta;
  if (['f5', 'f11', 'f12'].includes(key)) return true;
  if (input.alt && (key === 'f4' || key === 'arrowleft' || key === 'arrowright')) return true;
  if (
    mod &&
    ['r', 'w', 'q', 'p', 'n', 't', 'o', 's', 'f', 'g', 'h', 'j', 'u', '+', '-', '=', '0'].includes(key)
  )
    return true;
  if (mod && input.shift && ['i', 'j', 'c', 'delete'].includes(key)) return true;
  return false;
}

export interface LockdownWindow {
  readonly webContents: {
    on(
      event: 'before-input-event',
      listener: (event: { preventDefault(): void }, input: Input) => void,
    ): unknown;
    on(event: 'context-menu', listener: (event: { preventDefault(): void }) => void): unknown;
    on(event: 'will-navigate', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
    on(
      event: 'render-process-gone',
      listener: (event: unknown, details: { reason: string; exitCode: number }) => void,
    ): unknown;
    on(event: 'unresponsive' | 'responsive', listener: () => void): unknown;
    setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
    reload(): void;
  };
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
}

export interface LockdownDeps {
  readonly setApplicationMenu: (menu: null) => void;
  readonly preventDisplaySleep: () => number;
  /** True while the app is quitting on purpose (staff or OS shutdown): closing is allowed then. */
  readonly quitting: () => boolean;
  readonly log: (event: string, detail: Record<string, unknown>) => void;
  readonly setTimeout?: (fn: () => void, ms: number) => unknown;
  readonly now?: () => number;
}

/** Locks the window down; returns the recovery state for tests and health. */
export function lockDown(
  window: LockdownWindow,
  deps: LockdownDeps,
  development: boolean,
): { restarts: () => number } {
  const wait = deps.setTimeout ?? ((fn, ms) => setTimeout(fn, ms));
  const now = deps.now ?? Date.now;
  deps.setApplicationMenu(null);
  deps.preventDisplaySleep();
  const wc = window.webContents;
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  wc.on('will-navigate', (event, url) => {
    event.preventDefault();
    deps.log('shell.navigation_denied', { url });
  });
  wc.on('context-menu', (event) => event.preventDefault());
  if (!development) {
    wc.on('before-input-event', (event, input) => {
      if (isBlockedShortcut(input)) event.preventDefault();
    });
    window.on('close', (event) => {
      if (!deps.quitting()) event.preventDefault();
    });
  }

  // A renderer that dies is reloaded with backoff: 1 s doubling to 30 s, reset after a minute of calm.
  let restarts = 0;
  let lastGone = 0;
  wc.on('render-process-gone', (_event, details) => {
    const t = now();
    if (t - lastGone > 60_000) restarts = 0;
    lastGone = t;
    const delay = Math.min(30_000, 1000 * 2 ** restarts);
    restarts += 1;
    deps.log('shell.renderer_gone', {
      reason: details.reason,
      exitCode: details.exitCode,
      reloadInMs: delay,
    });
    wait(() => wc.reload(), delay);
  });
  let hung: unknown = null;
  wc.on('unresponsive', () => {
    deps.log('shell.renderer_unresponsive', {});
    hung = wait(() => {
      if (hung) wc.reload();
    }, 10_000);
  });
  wc.on('responsive', () => {
    hung = null;
  });
  return { restarts: () => restarts };
}
