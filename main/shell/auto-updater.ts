import { autoUpdater, type AppUpdater } from 'electron-updater';
import type { Updater } from '../ops/updates';

/*
 * electron-updater set up for a kiosk: a generic feed (latest.yml beside the packages on any HTTP
 * server staff control), no download or install on its own (main/ops/updates.ts decides when), no
 * downgrades, and its log lines into the kiosk's log. electron-updater picks the platform's
 * installer: AppImage, deb or rpm on Linux, NSIS on Windows, Squirrel on macOS.
 */
export function electronUpdater(
  feedUrl: string,
  log: (event: string, detail: Record<string, unknown>) => void,
  /** The platform's updater (electron-updater's choice); tests pass a fresh one. */
  updater: AppUpdater = autoUpdater,
): Updater {
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;
  updater.allowDowngrade = false;
  updater.logger = {
    info: (message?: unknown) => log('update.updater', { level: 'info', message: String(message) }),
    warn: (message?: unknown) => log('update.updater', { level: 'warn', message: String(message) }),
    error: (message?: unknown) => log('update.updater', { level: 'error', message: String(message) }),
  };
  updater.setFeedURL({ provider: 'generic', url: feedUrl });
  return updater;
}
