import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import * as electron from '../../../mocks/electron';
import { runElectronKiosk } from '../../../../main/shell/electron-host';
import { CHANNELS, type SessionStarted } from '../../../../preload/contract';
import type { Kiosk } from '../../../../main/kiosk/compose';
import { createChallenge, seededRandom } from '../../../../main/liveness';

/*
 * The Electron host's start-up, run against the stand-in electron module (vitest aliases `electron`
 * to tests/mocks/electron.ts): what it registers, how it builds the window, what it grants and
 * refuses. The real Electron runs the same code in tests/e2e/electron.test.ts where the binary exists.
 */

// No worker script here: start-up must not need inference to succeed (it loads in the background).
const DIST = join(tmpdir(), 'no-such-dist', 'main');
let started: Kiosk | null = null;

function start(dataDir = mkdtempSync(join(tmpdir(), 'kiosk-host-')), env: NodeJS.ProcessEnv = {}) {
  const proc = { listeners: new Map<string, (e: unknown) => void>() };
  const running = runElectronKiosk({
    distDir: DIST,
    proc: { on: (event, l) => proc.listeners.set(event, l) },
    env: { LIVENESS_KIOSK_DATA_DIR: dataDir, ...env },
  });
  electron.app.fireReady();
  return {
    dataDir,
    proc,
    ready: running.ready.then((k) => (started = k)),
  };
}

const kioskWindow = () => {
  const windows = electron.BrowserWindow.getAllWindows();
  expect(windows).toHaveLength(1);
  return windows[0]!;
};

/** Health as staff read it: the first PIN set, then the health call with the session's token. */
async function healthOf(kiosk: Kiosk): Promise<unknown> {
  const opened = (await kiosk.dispatch(CHANNELS.staff, {
    action: 'setFirstPin',
    payload: { pin: '482916' },
  })) as { ok: true; value: { token: string } };
  return kiosk.dispatch(CHANNELS.staff, { action: 'health', payload: { token: opened.value.token } });
}

beforeEach(() => electron.resetElectron());
afterEach(async () => {
  await started?.close();
  started = null;
});

describe('Electron start-up', () => {
  test('registers exactly the contract’s channels and nothing else', async () => {
    await start().ready;
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(Object.values(CHANNELS).sort());
  });

  test('creates one window, sandboxed, isolated, without Node, webSecurity on, no webview', async () => {
    await start().ready;
    const prefs = kioskWindow().options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: join(DIST, '..', 'preload', 'index.js'),
    });
    expect(kioskWindow().webContents.getURL()).toBe('app://kiosk/index.html');
    expect(kioskWindow().shown).toBe(true);
  });

  test('serves the page from the privileged app:// scheme', async () => {
    await start().ready;
    expect(electron.protocol.privileged).toEqual([expect.objectContaining({ scheme: 'app' })]);
    const serve = electron.protocol.handlers.get('app')!;
    const missing = await serve({ url: 'app://kiosk/no-such-file.js' });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  test('every web contents, not only the kiosk window, is denied navigation, new windows and webviews', async () => {
    await start().ready;
    const other = new electron.FakeWebContents();
    electron.app.emit('web-contents-created', other);
    for (const contents of [kioskWindow().webContents, other]) {
      expect(contents.emit('will-navigate', 'https://example.com/')).toBe(true);
      expect(contents.emit('will-redirect', 'https://example.com/')).toBe(true);
      expect(contents.emit('will-attach-webview', {}, {})).toBe(true);
      expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    }
  });

  test('grants the camera, video only, and only to the kiosk page', async () => {
    await start().ready;
    const s = electron.session.defaultSession;
    expect(s.request('media', 'app://kiosk/index.html', ['video'])).toBe(true);
    expect(s.request('media', 'app://kiosk/index.html', ['audio'])).toBe(false);
    expect(s.request('media', 'app://kiosk/index.html', ['video', 'audio'])).toBe(false);
    expect(s.request('media', 'https://evil.example/', ['video'])).toBe(false);
    expect(s.request('geolocation', 'app://kiosk/index.html')).toBe(false);
    expect(s.request('notifications', 'app://kiosk/index.html')).toBe(false);
    expect(s.checkHandler?.(null, 'media', 'app://kiosk', { mediaType: 'video' })).toBe(true);
    expect(s.checkHandler?.(null, 'media', 'app://kiosk', { mediaType: 'audio' })).toBe(false);
    expect(s.checkHandler?.(null, 'media', 'https://evil.example', { mediaType: 'video' })).toBe(false);
  });

  test('IPC answers the kiosk page’s main frame and refuses a sub-frame', async () => {
    await start().ready;
    expect(await electron.ipcMain.invoke(CHANNELS.publicSettings, {})).toMatchObject({ ok: true });
    const sub = { url: 'app://kiosk/index.html', parent: { url: 'app://kiosk/index.html', parent: null } };
    expect(await electron.ipcMain.invoke(CHANNELS.publicSettings, {}, sub)).toMatchObject({ ok: false });
  });

  test('a second instance quits at once and builds nothing', async () => {
    electron.app.singleInstance = false;
    const { ready } = start();
    expect(await ready).toBeNull();
    expect(electron.app.calls).toEqual(['quit']);
    expect(electron.BrowserWindow.getAllWindows()).toHaveLength(0);
  });

  test('a start that cannot go on shows staff a plain error screen, with no kiosk page and no IPC', async () => {
    // A data directory that is a file: nothing can be kept, so start-up cannot go on.
    const notADir = join(mkdtempSync(join(tmpdir(), 'kiosk-host-')), 'file');
    writeFileSync(notADir, 'not a directory');
    const { ready } = start(notADir);
    expect(await ready).toBeNull();
    const window = kioskWindow();
    expect(window.options.webPreferences).not.toHaveProperty('preload');
    expect(window.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true });
    const page = decodeURIComponent(window.webContents.getURL());
    expect(page).toMatch(/^data:text\/html/);
    expect(page).toContain('out of service');
    expect(page).toContain('data_dir');
    expect(electron.ipcMain.handlers.size).toBe(0);
    // Shown, not relaunched: a failed start does not loop.
    expect(electron.app.calls).toEqual([]);
  });

  test('after repeated crashes it stops relaunching and shows the error screen', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-host-'));
    const now = Date.now();
    writeFileSync(join(dataDir, 'crash-history.json'), JSON.stringify([now - 120_000, now - 60_000]));
    const { ready, proc } = start(dataDir);
    await ready;
    proc.listeners.get('uncaughtException')!(new Error('boom'));
    await new Promise((r) => setTimeout(r, 10));
    const screens = electron.BrowserWindow.getAllWindows().filter((w) =>
      w.webContents.getURL().startsWith('data:'),
    );
    expect(screens).toHaveLength(1);
    expect(decodeURIComponent(screens[0]!.webContents.getURL())).toContain('repeated_crashes');
    expect(electron.app.calls).not.toContain('relaunch');
  });

  test('the data directory comes from LIVENESS_KIOSK_DATA_DIR, never the default profile', async () => {
    const { dataDir, ready } = start();
    await ready;
    expect(electron.app.getPath('userData')).toBe(dataDir);
  });

  test('a development build takes the end-to-end suite’s challenge seed', async () => {
    const kiosk = await start(undefined, { LIVENESS_KIOSK_CHALLENGE_SEED: '7' }).ready;
    const made = createChallenge({ frame: { width: 640, height: 480 }, now: 0, random: seededRandom(7) });
    if (!made.ok) throw made.error;
    const started = await kiosk!.dispatch(CHANNELS.startSession, {});
    expect(started).toMatchObject({ ok: true, value: { challenge: { nose: made.value.nose } } });
  });

  test('a packaged kiosk ignores a challenge seed', async () => {
    electron.app.isPackaged = true;
    const { dataDir, ready } = start(undefined, { LIVENESS_KIOSK_CHALLENGE_SEED: '7' });
    const kiosk = (await ready)!;
    const random = seededRandom(7);
    const noses: { seeded: unknown; issued: unknown }[] = [];
    for (let i = 0; i < 3; i++) {
      const made = createChallenge({ frame: { width: 640, height: 480 }, now: 0, random });
      const issued = (await kiosk.dispatch(CHANNELS.startSession, {})) as { ok: true; value: SessionStarted };
      noses.push({ seeded: made.ok ? made.value.nose : null, issued: issued.value.challenge.nose });
    }
    // Three targets in a row matching the seeded ones by chance: about one in 10^11.
    expect(noses.every((n) => JSON.stringify(n.seeded) === JSON.stringify(n.issued))).toBe(false);
    const log = readFileSync(join(dataDir, 'logs', 'kiosk.log'), 'utf8');
    expect(log).toContain('challenge.seed_ignored');
    expect(log).not.toContain('challenge.seeded_for_tests');
  });

  test('on Linux without a keyring (safeStorage basic_text) evidence does not start unprotected: staff are told why', async () => {
    electron.safeStorage.backend = 'basic_text';
    const { ready } = start();
    expect(await ready).toBeNull();
    const page = decodeURIComponent(kioskWindow().webContents.getURL());
    expect(page).toContain('evidence_key');
    expect(page).toContain('basic_text');
    expect(page).toContain('acceptUnprotectedKey');
  });

  test('with staff accepting an unprotected key, it starts and health says the key is basic_text', async () => {
    electron.safeStorage.backend = 'basic_text';
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-host-'));
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({ evidence: { mode: 'encrypted', retentionDays: 7, acceptUnprotectedKey: true } }),
    );
    const kiosk = (await start(dataDir).ready)!;
    expect(kiosk).not.toBeNull();
    expect(await healthOf(kiosk)).toMatchObject({
      ok: true,
      value: { evidence: { mode: 'encrypted', keyProtection: 'basic_text', developmentKey: true } },
    });
  });

  test('crash dumps stay on the kiosk: the reporter starts with uploads off, and health lists the dumps', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-host-'));
    const kiosk = (await start(dataDir).ready)!;
    expect(electron.crashReporter.started).toEqual([{ uploadToServer: false }]);
    mkdirSync(join(dataDir, 'Crashpad', 'completed'), { recursive: true });
    writeFileSync(join(dataDir, 'Crashpad', 'completed', 'a1b2.dmp'), Buffer.alloc(2048));
    expect(await healthOf(kiosk)).toMatchObject({
      ok: true,
      value: { crashDumps: { count: 1, newest: [{ file: join('completed', 'a1b2.dmp'), bytes: 2048 }] } },
    });
  });

  test("staff's maintenance exit quits the app (the window may close then), behind the PIN", async () => {
    const kiosk = (await start().ready)!;
    const opened = (await kiosk.dispatch(CHANNELS.staff, {
      action: 'setFirstPin',
      payload: { pin: '482916' },
    })) as { ok: true; value: { token: string } };
    expect(kioskWindow().emit('close')).toBe(true); // kiosk mode: closing is refused
    await kiosk.dispatch(CHANNELS.staff, { action: 'quit', payload: { token: opened.value.token } });
    expect(electron.app.calls).toContain('quit');
    // Lockdown lets the kiosk window close now that the app is quitting.
    expect(kioskWindow().emit('close')).toBe(false);
  });

  test('a development build makes no updater: health says updates are off', async () => {
    const kiosk = (await start().ready)!;
    expect(await healthOf(kiosk)).toMatchObject({ ok: true, value: { updates: { status: 'off' } } });
  });

  test('with a keyring, evidence is protected and health says so', async () => {
    const kiosk = (await start().ready)!;
    expect(await healthOf(kiosk)).toMatchObject({
      ok: true,
      value: { evidence: { keyProtection: 'os', developmentKey: false } },
    });
  });

  test("the page's errors are written to the kiosk's log, its ordinary console output is not", async () => {
    const { dataDir, ready } = start();
    await ready;
    const contents = kioskWindow().webContents;
    contents.emitRaw('console-message', {
      level: 'error',
      message: 'TypeError: x is undefined',
      sourceId: 'app://kiosk/index.js',
      lineNumber: 7,
    });
    contents.emitRaw('console-message', {
      level: 'info',
      message: 'hello',
      sourceId: 'app://kiosk/index.js',
      lineNumber: 8,
    });
    contents.emit('preload-error', '/app/preload/index.js', new Error('cannot load'));
    const log = readFileSync(join(dataDir, 'logs', 'kiosk.log'), 'utf8');
    expect(log).toContain('"event":"renderer.error","message":"TypeError: x is undefined"');
    expect(log).toContain('"event":"renderer.preload_error"');
    expect(log).not.toContain('hello');
  });
});
