import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { kioskWindowOptions } from './window';

// Electron lifecycle. The full shell (custom protocol, CSP header, permission and navigation
// handlers, lockdown, recovery) is built on top of this in the kiosk-shell work.
const development = !app.isPackaged && process.env.KIOSK_DEV === '1';

async function createWindow(): Promise<void> {
  const window = new BrowserWindow(
    kioskWindowOptions(join(__dirname, '..', 'preload', 'index.js'), !development),
  );
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());
  await window.loadFile(join(__dirname, '..', 'renderer', 'index.html'));
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(createWindow);
}
