import { describe, expect, test } from 'vitest';
import { isBlockedShortcut, lockDown, type LockdownWindow } from '../../../../main/shell/lockdown';
import { FakeBrowserWindow } from '../../../mocks/electron';

function setup(development = false, quitting = false) {
  const window = new FakeBrowserWindow();
  const timers: { fn: () => void; ms: number }[] = [];
  const logs: string[] = [];
  let menu: unknown = 'default';
  let sleepBlocked = 0;
  let now = 0;
  const state = lockDown(
    window as unknown as LockdownWindow,
    {
      setApplicationMenu: (m) => (menu = m),
      preventDisplaySleep: () => ++sleepBlocked,
      quitting: () => quitting,
      log: (event) => logs.push(event),
      setTimeout: (fn, ms) => timers.push({ fn, ms }),
      now: () => now,
    },
    development,
  );
  return {
    window,
    timers,
    logs,
    state,
    menu: () => menu,
    sleepBlocked: () => sleepBlocked,
    tick: (ms: number) => (now += ms),
  };
}

const key = (
  k: string,
  mods: Partial<{ control: boolean; meta: boolean; alt: boolean; shift: boolean }> = {},
) => ({
  type: 'keyDown' as const,
  key: k,
  control: false,
  meta: false,
  alt: false,
  shift: false,
  ...mods,
});

describe('kiosk lockdown', () => {
  test('no menu, display kept awake, new windows and navigation denied, no context menu', () => {
    const { window, menu, sleepBlocked, logs } = setup();
    expect(menu()).toBeNull();
    expect(sleepBlocked()).toBe(1);
    expect(window.webContents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({
      action: 'deny',
    });
    expect(window.webContents.emit('will-navigate', 'https://example.com')).toBe(true);
    expect(logs).toContain('shell.navigation_denied');
    expect(window.webContents.emit('context-menu')).toBe(true);
  });

  test.each([
    ['reload', key('r', { control: true })],
    ['F5', key('F5')],
    ['devtools', key('i', { control: true, shift: true })],
    ['F12', key('F12')],
    ['close window', key('w', { control: true })],
    ['quit (mac)', key('q', { meta: true })],
    ['Alt+F4', key('F4', { alt: true })],
    ['print', key('p', { control: true })],
    ['zoom', key('+', { control: true })],
    ['back', key('ArrowLeft', { alt: true })],
  ])('blocks %s', (_name, input) => {
    expect(isBlockedShortcut(input)).toBe(true);
    const { window } = setup();
    expect(window.webContents.emit('before-input-event', input)).toBe(true);
  });

  test('lets ordinary keys through (Enter starts the check)', () => {
    expect(isBlockedShortcut(key('Enter'))).toBe(false);
    expect(isBlockedShortcut(key('a'))).toBe(false);
    expect(isBlockedShortcut({ ...key('r', { control: true }), type: 'keyUp' as never })).toBe(false);
  });

  test('the window cannot be closed unless the app is quitting', () => {
    expect(setup().window.emit('close')).toBe(true);
    expect(setup(false, true).window.emit('close')).toBe(false);
  });

  test('in development, shortcuts and closing work', () => {
    const { window } = setup(true);
    expect(window.webContents.count('before-input-event')).toBe(0);
    expect(window.emit('close')).toBe(false);
  });

  test('a renderer that dies is reloaded with a logged reason and growing backoff', () => {
    const { window, timers, logs, state, tick } = setup();
    window.webContents.emit('render-process-gone', { reason: 'crashed', exitCode: 139 });
    window.webContents.emit('render-process-gone', { reason: 'oom', exitCode: 1 });
    expect(timers.map((t) => t.ms)).toEqual([1000, 2000]);
    timers.forEach((t) => t.fn());
    expect(window.webContents.reloads).toBe(2);
    expect(logs.filter((l) => l === 'shell.renderer_gone')).toHaveLength(2);
    expect(state.restarts()).toBe(2);
    tick(120_000);
    window.webContents.emit('render-process-gone', { reason: 'crashed', exitCode: 139 });
    expect(timers[2]!.ms).toBe(1000); // calm for a while: backoff starts over
  });

  test('a hung renderer is reloaded unless it recovers', () => {
    const { window, timers } = setup();
    window.webContents.emit('unresponsive');
    window.webContents.emit('responsive');
    timers[0]!.fn();
    expect(window.webContents.reloads).toBe(0);
    window.webContents.emit('unresponsive');
    timers[1]!.fn();
    expect(window.webContents.reloads).toBe(1);
  });
});
