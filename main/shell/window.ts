import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/**
 * The renderer's hardening, in one place: sandboxed, isolated from the preload's world, no Node, no
 * <webview>. The kiosk's security model forbids loosening any of these.
 */
const HARDENED: WebPreferences = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
};

export function kioskWindowOptions(preloadPath: string, kiosk: boolean): BrowserWindowConstructorOptions {
  return {
    show: false,
    kiosk,
    fullscreen: kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#0b1020',
    webPreferences: { ...HARDENED, preload: preloadPath, devTools: !kiosk },
  };
}

/** The start-up error screen: the same hardening, and no preload at all (it calls nothing). */
export function startupErrorWindowOptions(kiosk: boolean): BrowserWindowConstructorOptions {
  return {
    show: true,
    kiosk,
    fullscreen: kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#0b1020',
    webPreferences: { ...HARDENED, devTools: !kiosk },
  };
}
