import { runElectronKiosk } from './shell/electron-host';

// The Electron entry point (dist/main/app.js): the kiosk's host is Electron; the rest is composed in
// main/kiosk/compose.ts, as in the preview.
runElectronKiosk({ distDir: __dirname });
