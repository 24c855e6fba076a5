import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { version } from '../../package.json';
import { composeKiosk, startKiosk, type Kiosk } from '../kiosk/compose';
import type { Dispatch, KioskHost, StartupError } from '../kiosk/host';
import { seededRandom, type Challenge, type Verdict } from '../liveness';
import { fileLog, logDirectory } from '../ops/log';
import { SettingsStore, type KioskSettings } from '../store/settings-store';
import { CHROMIUM_FLAGS } from './chromium';
import { IPC_PATH, serveRenderer } from './static-server';

/*
 * The browser host: the kiosk composed exactly as in Electron (composeKiosk), its page in Debian's
 * Chromium driven by Playwright. The page loads the real preload bundle (dist/preload/index.js) with
 * a small browser stand-in for `electron` (page-electron.ts); invoke travels over a loopback
 * transport instead of Chromium IPC. Only the host differs.
 */

export interface PreviewOptions {
  /** The built bundles (dist/main): worker, the page's electron stand-in; preload and renderer beside. */
  readonly distDir: string;
  readonly chromiumPath: string;
  readonly headless: boolean;
  readonly viewport: { readonly width: number; readonly height: number };
  /** A Y4M clip as the camera; absent: the machine's real camera. */
  readonly cameraClip?: string;
  /** Settings applied before the kiosk starts, as staff would save them. */
  readonly camera?: { readonly width: number; readonly height: number };
  readonly language?: KioskSettings['language'];
  /** Liveness settings (JSON, as `replay --config` takes them), saved before the kiosk starts. */
  readonly liveness?: unknown;
  /** Seeded challenges, for reproducible runs; cryptographic otherwise. */
  readonly challengeSeed?: number;
  /** Where the kiosk keeps its data; absent: a fresh temporary directory, removed on close. */
  readonly dataDir?: string;
  readonly extraChromiumArgs?: readonly string[];
}

export interface FinishedAttempt {
  readonly verdict: Verdict;
  readonly challenge: Challenge;
}

export interface Preview {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly origin: string;
  readonly dataDir: string;
  /** The kiosk as currently composed (a staff restart composes it afresh). */
  kiosk(): Kiosk;
  /** The next attempt to finish (or one that finished since the last call). */
  nextAttempt(timeoutMs: number): Promise<FinishedAttempt>;
  close(): Promise<void>;
}

export class PreviewError extends Error {
  override readonly name = 'PreviewError';
}

/** The init script: the page's electron stand-in, then the real preload bundle, as a sandboxed preload runs. */
function preloadScript(distDir: string, token: string): string {
  const standIn = readFileSync(join(distDir, 'preview-page-electron.js'), 'utf8');
  const preload = readFileSync(join(distDir, '..', 'preload', 'index.js'), 'utf8');
  return `(() => {
${standIn}
const electron = PreviewPageElectron.createPageElectron(${JSON.stringify({ ipcPath: IPC_PATH, token })});
const module = { exports: {} };
const require = (name) => {
  if (name === 'electron') return electron;
  throw new Error('A sandboxed preload cannot require ' + name);
};
(function (require, module, exports) {
${preload}
})(require, module, module.exports);
})();`;
}

export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'liveness-preview-')));
  if (options.camera || options.language || options.liveness !== undefined) {
    // Saved as staff would save them, through the same store and validation.
    const store = SettingsStore.open({ directory: dataDir, version });
    if (options.camera) {
      const saved = store.update('camera', { ...store.get().camera, ...options.camera });
      if (!saved.ok) throw new PreviewError(`Cannot use that camera size: ${saved.message}`);
    }
    if (options.language) store.update('language', options.language);
    if (options.liveness !== undefined) {
      const saved = store.update('liveness', options.liveness);
      if (!saved.ok) throw new PreviewError(`Cannot use those liveness settings: ${saved.message}`);
    }
  }

  const token = randomBytes(32).toString('hex');
  let dispatch: Dispatch | null = null;
  const { server, origin } = await serveRenderer(join(options.distDir, '..', 'renderer'), {
    token,
    onInvoke: (channel, request) =>
      dispatch
        ? dispatch(channel, request)
        : Promise.resolve({ ok: false, error: { code: 'internal', message: 'The kiosk is restarting.' } }),
  });

  // What openWindow opens; set once the page is up.
  const shown: { browser?: Browser; context?: BrowserContext; page?: Page } = {};
  let startupError: StartupError | null = null;
  const finished: FinishedAttempt[] = [];
  const waiters: ((attempt: FinishedAttempt) => void)[] = [];
  const log = fileLog(logDirectory(dataDir));

  let kiosk: Kiosk | undefined;
  const host: KioskHost = {
    dataDir,
    version,
    workerPath: join(options.distDir, 'inference-worker.js'),
    // No OS keyring here: the evidence key is the development key, and health says so.
    secrets: null,
    log,
    ...(options.challengeSeed !== undefined ? { challengeRandom: seededRandom(options.challengeSeed) } : {}),
    serve: (d) => {
      dispatch = d;
      return () => {
        if (dispatch === d) dispatch = null;
      };
    },
    openWindow: async () => {
      const browser = await chromium.launch({
        executablePath: options.chromiumPath,
        headless: options.headless,
        args: [
          ...CHROMIUM_FLAGS,
          '--use-fake-ui-for-media-stream',
          ...(options.cameraClip
            ? [
                '--use-fake-device-for-media-stream',
                `--use-file-for-fake-video-capture=${options.cameraClip}`,
              ]
            : []),
          ...(options.headless
            ? []
            : [
                '--window-position=0,0',
                `--window-size=${options.viewport.width},${options.viewport.height}`,
                '--kiosk',
              ]),
          ...(options.extraChromiumArgs ?? []),
        ],
      });
      shown.browser = browser;
      const context = await browser.newContext({ viewport: options.viewport });
      shown.context = context;
      // The camera for the kiosk's own origin only, as Electron's permission handlers grant it.
      await context.grantPermissions(['camera'], { origin });
      await context.addInitScript({ content: preloadScript(options.distDir, token) });
      const page = await context.newPage();
      shown.page = page;
      page.on('pageerror', (error) => log('preview.page_error', { message: error.message }));
      await page.goto(`${origin}/index.html`);
    },
    showStartupError: async (error) => {
      startupError = error;
    },
    restart: () => {
      // As Electron relaunches: the kiosk is composed afresh from its saved settings, the page reloads.
      void (async () => {
        await kiosk?.close();
        const next = await composeKiosk(host);
        kiosk = next;
        watch(next);
        await shown.page?.reload();
      })().catch((error: unknown) => log('preview.restart_failed', { message: String(error) }));
    },
    setStartAtLogin: () => undefined,
    // As the app quits: the kiosk's window goes (the preview command ends when its browser does).
    quit: () => void shown.browser?.close(),
  };
  const watch = (k: Kiosk) =>
    k.onAttemptFinished((verdict, challenge) => {
      const waiter = waiters.shift();
      if (waiter) waiter({ verdict, challenge });
      else finished.push({ verdict, challenge });
    });

  const close = async () => {
    await shown.browser?.close();
    await kiosk?.close();
    server.close();
    if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
  };
  let started: Kiosk | null;
  try {
    started = await startKiosk(host);
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  const { page, context } = shown;
  if (!started || !page || !context) {
    await close().catch(() => undefined);
    const failure = startupError as StartupError | null;
    throw new PreviewError(
      failure
        ? `The kiosk could not start (${failure.stage}): ${failure.message} ${failure.advice}`
        : 'The preview page did not open.',
    );
  }
  kiosk = started;
  watch(started);
  const current = started;
  return {
    page,
    context,
    origin,
    dataDir,
    kiosk: () => kiosk ?? current,
    nextAttempt: (timeoutMs) => {
      const done = finished.shift();
      if (done) return Promise.resolve(done);
      return new Promise((resolve, reject) => {
        const waiter = (attempt: FinishedAttempt) => {
          clearTimeout(timer);
          resolve(attempt);
        };
        const timer = setTimeout(() => {
          // This waiter only: a later attempt must still reach whoever else is waiting.
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new PreviewError(`No verdict within ${timeoutMs} ms.`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    close,
  };
}
