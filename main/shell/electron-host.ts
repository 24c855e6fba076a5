import {
  app,
  BrowserWindow,
  crashReporter,
  ipcMain,
  Menu,
  powerSaveBlocker,
  protocol,
  safeStorage,
  session,
} from 'electron';
import { join } from 'node:path';
import { startKiosk, type Kiosk } from '../kiosk/compose';
import { StartupError, type KioskHost } from '../kiosk/host';
import { seededRandom } from '../liveness';
import { fileLog, logDirectory, type Log } from '../ops/log';
import { APP_PAGE, APP_SCHEME, APP_SCHEME_PRIVILEGES, appResponse, isAppPage } from './app-protocol';
import { electronUpdater } from './auto-updater';
import { installCrashRecovery, type CrashRecoveryDeps } from './crash-recovery';
import { bindKioskIpc } from './ipc';
import { lockDown } from './lockdown';
import { guardAllWebContents } from './navigation-guard';
import { grantCameraOnlyToKiosk } from './permissions';
import { startupErrorPage } from './startup-error-page';
import { kioskWindowOptions, startupErrorWindowOptions } from './window';

/*
 * The Electron host: lifecycle, the hardened window, ipcMain, safeStorage and paths. Everything the
 * kiosk is made of is built by composeKiosk (main/kiosk/compose.ts), exactly as in the preview.
 */

export interface ElectronKioskOptions {
  /** The built bundles' directory (dist/main): the worker beside main, preload and renderer beside it. */
  readonly distDir: string;
  /** The process whose uncaught errors relaunch the app (a stand-in in tests). */
  readonly proc?: CrashRecoveryDeps['proc'];
  readonly env?: NodeJS.ProcessEnv;
}

export interface ElectronKiosk {
  /** Resolves once start-up has finished: the kiosk, or null when it showed the start-up error. */
  readonly ready: Promise<Kiosk | null>;
  readonly log: Log;
}

export function runElectronKiosk(options: ElectronKioskOptions): ElectronKiosk {
  const env = options.env ?? process.env;
  const development = !app.isPackaged && env.KIOSK_DEV === '1';
  // A fresh data directory for tests and trials, never the developer's own profile.
  if (env.LIVENESS_KIOSK_DATA_DIR) app.setPath('userData', env.LIVENESS_KIOSK_DATA_DIR);
  const dataDir = app.getPath('userData');
  // Crash dumps stay on the kiosk (camera frames may be in a dump's memory): nothing is uploaded.
  // Started as early as possible, with the dumps inside the chosen data directory.
  app.setPath('crashDumps', join(dataDir, 'Crashpad'));
  crashReporter.start({ uploadToServer: false });
  const logDir = logDirectory(dataDir);
  // Structured, rotated, scrubbed of personal data (main/ops/log.ts); echoed to stdout in development.
  const log = fileLog(logDir, { echo: development });
  let quitting = false;

  const showError = async (problem: StartupError): Promise<void> => {
    const window = new BrowserWindow(startupErrorWindowOptions(!development));
    window.on('close', (event) => {
      if (!quitting && !development) event.preventDefault();
    });
    await window.loadURL(startupErrorPage(problem, logDir));
  };

  installCrashRecovery({
    proc: options.proc ?? process,
    app,
    log,
    historyFile: join(dataDir, 'crash-history.json'),
    development,
    giveUp: (crashes) =>
      void showError(
        new StartupError(
          'repeated_crashes',
          `The kiosk stopped after ${crashes} crashes in a few minutes.`,
          'Look at the log for the errors, then restart the kiosk.',
        ),
      ).catch(() => app.exit(1)),
  });
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  guardAllWebContents(app, log);

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { ready: Promise.resolve(null), log };
  }
  app.on('window-all-closed', () => app.quit());

  // Reproducible challenges for the end-to-end suite's pre-rendered clips: never in a packaged kiosk,
  // where a predictable target would help a recording.
  const seed = env.LIVENESS_KIOSK_CHALLENGE_SEED;
  const challengeRandom =
    seed !== undefined && !app.isPackaged && Number.isInteger(Number(seed))
      ? seededRandom(Number(seed))
      : null;
  if (seed !== undefined)
    log(challengeRandom ? 'challenge.seeded_for_tests' : 'challenge.seed_ignored', {
      packaged: app.isPackaged,
    });

  const host: KioskHost = {
    ...(challengeRandom ? { challengeRandom } : {}),
    dataDir,
    crashDumpsDir: app.getPath('crashDumps'),
    version: app.getVersion(),
    workerPath: join(options.distDir, 'inference-worker.js'),
    secrets: {
      isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
      encryptString: (plain) => safeStorage.encryptString(plain),
      decryptString: (sealed) => safeStorage.decryptString(sealed),
      // Linux only: basic_text is a fixed password, reported as such (elsewhere the OS store is used).
      ...(process.platform === 'linux'
        ? { storageBackend: () => safeStorage.getSelectedStorageBackend() }
        : {}),
    },
    log,
    serve: (dispatch) => bindKioskIpc(ipcMain, dispatch, isAppPage),
    openWindow: async () => {
      const rendererDir = join(options.distDir, '..', 'renderer');
      protocol.handle(APP_SCHEME, (request) => appResponse(request.url, rendererDir));
      grantCameraOnlyToKiosk(session.defaultSession);
      const window = new BrowserWindow(
        kioskWindowOptions(join(options.distDir, '..', 'preload', 'index.js'), !development),
      );
      lockDown(
        window,
        {
          setApplicationMenu: (menu) => Menu.setApplicationMenu(menu),
          preventDisplaySleep: () => powerSaveBlocker.start('prevent-display-sleep'),
          quitting: () => quitting,
          log,
        },
        development,
      );
      // The page's errors go to the same log as main's (scrubbed like everything logged).
      window.webContents.on('console-message', (details) => {
        if (details.level === 'error')
          log('renderer.error', {
            message: details.message,
            source: details.sourceId,
            line: details.lineNumber,
          });
      });
      window.webContents.on('preload-error', (_event, preloadPath, error) =>
        log('renderer.preload_error', { preloadPath, message: error.message, stack: error.stack }),
      );
      window.once('ready-to-show', () => window.show());
      await window.loadURL(APP_PAGE);
    },
    showStartupError: showError,
    restart: () => {
      quitting = true;
      app.relaunch();
      app.exit(0);
    },
    quit: () => {
      quitting = true;
      app.quit();
    },
    setStartAtLogin: (open) => app.setLoginItemSettings({ openAtLogin: open && app.isPackaged }),
    // Only a packaged app can replace itself; `npm start` runs from the checkout.
    ...(app.isPackaged ? { createUpdater: (feedUrl: string) => electronUpdater(feedUrl, log) } : {}),
  };

  const ready = app.whenReady().then(async () => {
    const kiosk = await startKiosk(host);
    app.on('before-quit', () => {
      quitting = true;
      void kiosk?.close();
    });
    return kiosk;
  });
  return { ready, log };
}
