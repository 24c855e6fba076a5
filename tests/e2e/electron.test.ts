import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { _electron as electron } from 'playwright-core';
import { DIST } from '../support/built';

/*
 * The real Electron shell: start-up, window hardening, the kiosk page and its contract. Runs
 * wherever the Electron binary exists (after `npm start` has fetched it); on machines that cannot
 * download it, the suite is skipped and says so.
 */

/** The installed Electron binary, found without require('electron') (which would try to download it). */
function electronBinary(): string | null {
  try {
    const dir = dirname(require.resolve('electron/package.json'));
    const relative = readFileSync(join(dir, 'path.txt'), 'utf8').trim();
    const binary = join(dir, 'dist', relative);
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const why =
  'Electron binary not installed here (it cannot be downloaded on this machine); runs wherever `npm start` has fetched it';

describe.skipIf(!binary)(`Electron end-to-end (${binary ? 'binary found' : `skipped: ${why}`})`, () => {
  test('starts one hardened kiosk window whose page has window.kiosk and no Node', async () => {
    const app = await electron.launch({
      executablePath: binary!,
      args: [join(DIST, 'main', 'app.js')],
      env: { ...process.env, KIOSK_DEV: '1' },
    });
    try {
      const page = await app.firstWindow();
      await page.waitForSelector('[data-testid=start]');
      expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe(
        'undefined',
      );
      expect(await page.evaluate(() => typeof (window as unknown as { process?: unknown }).process)).toBe(
        'undefined',
      );
      expect(await page.evaluate(async () => (await window.kiosk!.publicSettings()).ok)).toBe(true);
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
      // Sandboxed and isolated: the page cannot reach the preload's world or Node.
      expect(await page.evaluate(() => Object.isFrozen(window.kiosk))).toBe(true);
    } finally {
      await app.close();
    }
  }, 60_000);

  test('serves the page from app://kiosk with the CSP header, denies navigation and new windows', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'kiosk-e2e-'));
    const app = await electron.launch({
      executablePath: binary!,
      args: [join(DIST, 'main', 'app.js'), `--user-data-dir=${userData}`],
    });
    try {
      const page = await app.firstWindow();
      await page.waitForSelector('[data-testid=start]');
      expect(page.url()).toBe('app://kiosk/index.html');
      const csp = await page.evaluate(async () =>
        (await fetch('/index.html')).headers.get('content-security-policy'),
      );
      expect(csp).toContain("default-src 'self'");
      expect(await page.evaluate(async () => (await fetch('/../../package.json')).status)).toBe(404);
      await page.evaluate(() => {
        window.location.href = 'https://example.com/';
      });
      await page.waitForTimeout(500);
      expect(page.url()).toBe('app://kiosk/index.html');
      expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
      // The window refuses to close outside a deliberate quit.
      await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.close());
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    } finally {
      await app.close();
    }
  }, 60_000);
});
