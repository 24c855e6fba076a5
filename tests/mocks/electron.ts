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
