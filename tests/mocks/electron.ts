/*
 * A small stand-in for the electron module, enough for unit tests of the Electron-facing code (as
 * Electron Fiddle keeps one). The real thing runs in the Electron end-to-end suite where the
 * binary exists.
 */
type Handler = (event: { senderFrame: { url: string } | null }, payload: unknown) => unknown;

export class FakeIpcMain {
  readonly handlers = new Map<string, Handler>();

  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** What ipcRenderer.invoke from a page at `url` would get. */
  async invoke(channel: string, payload: unknown, url = 'app://kiosk/index.html'): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame: { url } }, payload);
  }
}

export const ipcMain = new FakeIpcMain();

type Listener = (...args: never[]) => unknown;

/** Emitter with the on/emit pair Electron's objects have. */
class FakeEmitter {
  private readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  /** Fires `event`; returns whether a listener called preventDefault on the event object. */
  emit(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    const e = { preventDefault: () => (prevented = true) };
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => unknown)(e, ...args);
    return prevented;
  }
  count(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

export class FakeWebContents extends FakeEmitter {
  reloads = 0;
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' | 'allow' }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  reload(): void {
    this.reloads += 1;
  }
}

export class FakeBrowserWindow extends FakeEmitter {
  readonly webContents = new FakeWebContents();
}

/** Enough of `app` for electron-store and the shell: paths under a temporary directory. */
export const app = {
  getPath: (_name: string): string => `${process.env.TMPDIR ?? '/tmp'}/liveness-kiosk-test-userdata`,
  getVersion: (): string => '0.2.0',
  isPackaged: false,
};

export const shell = { openPath: async (): Promise<string> => '' };

/** electron-store registers a synchronous listener; the stand-in accepts and ignores it. */
(ipcMain as unknown as { on: (channel: string, listener: unknown) => void }).on = () => undefined;

export default { app, ipcMain, shell };
