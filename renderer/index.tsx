import { render } from 'preact';
import type { KioskApi } from '../preload/contract';
import { App } from './app';

declare global {
  interface Window {
    /** The preload's API (Electron) or the preview's stand-in (Chromium): the same contract. */
    readonly kiosk?: KioskApi;
  }
}

async function boot(): Promise<void> {
  const root = document.getElementById('app');
  const kiosk = window.kiosk;
  if (!root) return;
  if (!kiosk) {
    root.textContent = 'This page runs inside the kiosk (npm start) or the preview (npm run preview).';
    return;
  }
  const settings = await kiosk.publicSettings();
  if (!settings.ok) {
    root.textContent = settings.error.message;
    return;
  }
  document.documentElement.lang = settings.value.language;
  render(<App kiosk={kiosk} settings={settings.value} />, root);
}

void boot();
