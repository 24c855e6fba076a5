import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The renderer's hardening, in one place: sandboxed, isolated from the preload's world, no Node.
 * The kiosk's security model forbids loosening any of these.
 */
export function kioskWindowOptions(preloadPath: string, kiosk: boolean): BrowserWindowConstructorOptions {
  return {
    show: false,
    kiosk,
    fullscreen: kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#0b1020',
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
      devTools: !kiosk,
    },
  };
}
