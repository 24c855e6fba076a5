/*
 * A small stand-in for the electron module, enough for unit tests of the Electron-facing code (as
 * Electron Fiddle keeps one). It records what the code asked of Electron (handlers, windows and their
 * options, permission handlers, protocol handlers) so tests can assert on it and drive events. The
 * real thing runs in the Electron end-to-end suite where the binary exists. resetElectron() gives
 * each test a fresh one.
 */

import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import Module, { createRequire } from 'node:module';

type Listener = (...args: never[]) => unknown;

/** Emitter with the on/once/emit trio Electron's objects have. */
class FakeEmitter {
  private readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  /** Fires `event`; returns whether a listener called preventDefault on the event object. */
  emit(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    const e = { preventDefault: () => (prevented = true) };
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => unknown)(e, ...args);
    return prevented;
  }
  /** Fires `event` with exactly these arguments (for events whose first argument is a details object). */
  emitRaw(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => unknown)(...args);
  }
  count(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

/** A frame as ipcMain's event.senderFrame shows it: its URL and its parent (null for a main frame). */
export interface FakeFrame {
  readonly url: string;
  readonly parent: FakeFrame | null;
}

type Handler = (event: { senderFrame: FakeFrame | null }, payload: unknown) => unknown;

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

  /** electron-store registers a synchronous listener; the stand-in accepts and ignores it. */
  on(): void {}

  /** What ipcRenderer.invoke from a frame (by default the kiosk page's main frame) would get. */
  async invoke(
    channel: string,
    payload: unknown,
    frame: FakeFrame | null | string = 'app://kiosk/index.html',
  ): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const senderFrame = typeof frame === 'string' ? { url: frame, parent: null } : frame;
    return handler({ senderFrame }, payload);
  }
}

export class FakeWebContents extends FakeEmitter {
  reloads = 0;
  url = '';
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' | 'allow' }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' | 'allow' }): void {
    this.windowOpenHandler = handler;
  }
  reload(): void {
    this.reloads += 1;
  }
  getURL(): string {
    return this.url;
  }
}

export class FakeBrowserWindow extends FakeEmitter {
  static readonly created: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  shown = false;
  constructor(readonly options: Record<string, unknown> = {}) {
    super();
    FakeBrowserWindow.created.push(this);
    // As Electron does: every new window's contents are announced app-wide.
    app.emit('web-contents-created', this.webContents);
  }
  async loadURL(url: string): Promise<void> {
    this.webContents.url = url;
    this.emit('ready-to-show');
  }
  show(): void {
    this.shown = true;
  }
  static getAllWindows(): FakeBrowserWindow[] {
    return [...FakeBrowserWindow.created];
  }
}

type PermissionRequestHandler = (
  contents: FakeWebContents | null,
  permission: string,
  callback: (granted: boolean) => void,
  details: { requestingUrl?: string; mediaTypes?: string[] },
) => void;
type PermissionCheckHandler = (
  contents: FakeWebContents | null,
  permission: string,
  origin: string,
  details: { mediaType?: string },
) => boolean;

export class FakeSession {
  requestHandler: PermissionRequestHandler | null = null;
  checkHandler: PermissionCheckHandler | null = null;
  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler): void {
    this.checkHandler = handler;
  }
  /** What a permission request from `url` would be answered. */
  request(permission: string, url: string, mediaTypes?: string[]): boolean {
    let granted: boolean | null = null;
    this.requestHandler?.(null, permission, (g) => (granted = g), {
      requestingUrl: url,
      ...(mediaTypes ? { mediaTypes } : {}),
    });
    if (granted === null) throw new Error('the permission request handler did not answer');
    return granted;
  }
}

class FakeApp extends FakeEmitter {
  isPackaged = false;
  userData = `${process.env.TMPDIR ?? '/tmp'}/liveness-kiosk-test-userdata`;
  singleInstance = true;
  readonly calls: string[] = [];
  loginItem: { openAtLogin: boolean } | null = null;
  private ready: () => void = () => undefined;
  private readonly readyPromise = new Promise<void>((resolve) => (this.ready = resolve));
  readonly paths = new Map<string, string>();
  getPath(name: string): string {
    // As Electron: Crashpad's directory sits inside the user-data directory unless set.
    if (name === 'crashDumps') return this.paths.get(name) ?? `${this.userData}/Crashpad`;
    return this.userData;
  }
  setPath(name: string, path: string): void {
    if (name === 'userData') this.userData = path;
    else this.paths.set(name, path);
  }
  version = '0.2.0';
  getVersion(): string {
    return this.version;
  }
  getName(): string {
    return 'liveness-kiosk';
  }
  getAppPath(): string {
    return process.cwd();
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  /** Test control: Electron has finished initialising. */
  fireReady(): void {
    this.ready();
  }
  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }
  setLoginItemSettings(settings: { openAtLogin: boolean }): void {
    this.loginItem = settings;
  }
  quit(): void {
    this.calls.push('quit');
  }
  relaunch(): void {
    this.calls.push('relaunch');
  }
  exit(code: number): void {
    this.calls.push(`exit ${code}`);
  }
}

export let app = new FakeApp();
export let ipcMain = new FakeIpcMain();
export const session = {
  defaultSession: new FakeSession(),
  /** electron-updater asks for its own partition; requests below ignore it. */
  fromPartition: (_name: string, _options?: unknown): FakeSession => new FakeSession(),
};

/**
 * `net.request` as Node's http/https: Electron's net speaks HTTP through Chromium, with the same
 * request/response events (response, error, abort) and an IncomingMessage-like response.
 */
export const net = {
  request(options: {
    protocol?: string;
    hostname?: string;
    host?: string;
    port?: number | string;
    path?: string;
    method?: string;
    headers?: Record<string, string>;
  }): ClientRequest {
    const { protocol = 'http:', hostname, host, port, path, method = 'GET', headers } = options;
    const send = protocol === 'https:' ? httpsRequest : httpRequest;
    return send({ protocol, hostname: hostname ?? host, port, path, method, headers });
  },
};
export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (request: { url: string }) => Promise<Response>>(),
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: { url: string }) => Promise<Response>): void {
    this.handlers.set(scheme, handler);
  },
};
export const Menu = {
  menu: 'default' as unknown,
  setApplicationMenu(menu: unknown): void {
    this.menu = menu;
  },
};
export const powerSaveBlocker = {
  blockers: [] as string[],
  start(type: string): number {
    return this.blockers.push(type);
  },
};
/** safeStorage as on a desktop with a keyring: a reversible stand-in "encryption". */
export const safeStorage = {
  backend: 'gnome_libsecret',
  getSelectedStorageBackend(): string {
    return this.backend;
  },
  isEncryptionAvailable: (): boolean => true,
  encryptString: (plain: string): Buffer => Buffer.from(`sealed:${plain}`),
  decryptString: (sealed: Buffer): string => sealed.toString().replace(/^sealed:/, ''),
};
export const shell = { openPath: async (): Promise<string> => '' };
export const crashReporter = {
  started: [] as { uploadToServer?: boolean; submitURL?: string }[],
  start(options: { uploadToServer?: boolean; submitURL?: string }): void {
    this.started.push(options);
  },
};
export { FakeBrowserWindow as BrowserWindow };

/** A fresh stand-in for the next test: new app, ipcMain, session, protocol, windows. */
export function resetElectron(): void {
  app = new FakeApp();
  ipcMain = new FakeIpcMain();
  session.defaultSession = new FakeSession();
  protocol.privileged = [];
  protocol.handlers.clear();
  Menu.menu = 'default';
  powerSaveBlocker.blockers = [];
  safeStorage.backend = 'gnome_libsecret';
  crashReporter.started = [];
  FakeBrowserWindow.created.length = 0;
}

export default {
  get app() {
    return app;
  },
  get ipcMain() {
    return ipcMain;
  },
  shell,
  session,
  net,
};

/**
 * Makes `require('electron')` in CommonJS dependencies (electron-updater) return this stand-in:
 * vitest's alias reaches only the code it transforms. Returns the undo.
 */
export function standInForRequire(): () => void {
  const require = createRequire(import.meta.url);
  const path = require.resolve('electron');
  const previous = require.cache[path];
  const module = new Module(path);
  module.filename = path;
  module.loaded = true;
  module.exports = {
    get app() {
      return app;
    },
    session,
    net,
    safeStorage,
    crashReporter,
  };
  require.cache[path] = module;
  return () => {
    if (previous) require.cache[path] = previous;
    else delete require.cache[path];
  };
}
