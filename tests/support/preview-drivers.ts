import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright';
import { version } from '../../package.json';
import { defaultChromiumPath } from '../../main/preview/chromium';
import { startPreview, type Preview } from '../../main/preview/preview-host';
import { SettingsStore, type KioskSettings } from '../../main/store/settings-store';
import { DIST, requireBuilt } from './built';

/*
 * Drivers for the kiosk in the preview, as staff and visitors use it: the preview host itself
 * (main/preview/preview-host.ts) runs in the test's process, so a test can read the page and the
 * kiosk's data while it plays. They live here, not in the shipped main/.
 */

export interface OpenPreviewOptions {
  readonly clip: string;
  readonly seed: number;
  readonly dataDir?: string;
  /** Settings saved before the kiosk starts, as staff would save them. */
  readonly settings?: Partial<{ [K in keyof KioskSettings]: unknown }>;
}

export async function openPreview(options: OpenPreviewOptions): Promise<Preview> {
  requireBuilt(join(DIST, 'preload', 'index.js'));
  if (options.settings && options.dataDir) {
    const store = SettingsStore.open({ directory: options.dataDir, version });
    for (const [section, value] of Object.entries(options.settings)) {
      const saved = store.update(section as keyof KioskSettings, value);
      if (!saved.ok) throw new Error(`test settings refused: ${saved.message}`);
    }
  }
  return startPreview({
    distDir: join(DIST, 'main'),
    chromiumPath: defaultChromiumPath(),
    headless: true,
    viewport: { width: 1280, height: 720 },
    cameraClip: options.clip,
    camera: { width: 640, height: 480 },
    challengeSeed: options.seed,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  });
}

export function screenshots(page: Page, dir: string): (name: string) => Promise<void> {
  return async (name) => {
    await mkdir(dir, { recursive: true });
    await page.screenshot({ path: join(dir, `${name}.png`) });
  };
}

/** What the result screen shows: its text and, on a failure, the reason code. */
export async function resultScreen(
  page: Page,
  timeoutMs = 30_000,
): Promise<{ live: string | null; reason: string | null; text: string }> {
  const result = await page.waitForSelector('[data-testid=result]', { timeout: timeoutMs });
  // Read at once: a pass shows no reason, and waiting for one would only cost time.
  const reason = await page.$('[data-testid=reason]');
  return {
    live: await result.getAttribute('data-live'),
    reason: reason ? await reason.getAttribute('data-reason') : null,
    text: (await result.textContent()) ?? '',
  };
}

/** Opens the staff panel with the key chord and sets the first PIN, as staff do on a new kiosk. */
export async function setFirstPin(page: Page, pin: string): Promise<void> {
  await page.keyboard.press('Control+Alt+Shift+KeyS');
  await page.waitForSelector('[data-testid=staff-panel]');
  const inputs = page.locator('[data-testid=staff-panel] input[type=password]');
  await inputs.nth(0).fill(pin);
  await inputs.nth(1).fill(pin);
  await page.click('[data-testid=staff-panel] button[type=submit]');
  await page.waitForSelector('[data-testid=staff-panel] nav');
}

/**
 * Opens the staff panel with the key chord, sets the first PIN, and reads what the panel shows
 * (results rows, self-test lines, a setting edited three ways, a wrong-PIN refusal), as staff would.
 */
export async function checkStaffPanel(page: Page, shoot: (name: string) => Promise<void>) {
  await setFirstPin(page, '482916');
  await page.waitForSelector('[data-testid=staff-health]');
  const health = Object.fromEntries(
    await page.$$eval('[data-testid=staff-health] [data-status]', (cards) =>
      cards.map((c) => [c.getAttribute('data-testid'), c.getAttribute('data-status')]),
    ),
  ) as Record<string, string>;
  await shoot('staff-health');
  await page.click('[data-testid=staff-panel] nav button:has-text("results")');
  await page.waitForSelector('[data-testid=staff-results] tbody tr');
  const results = await page.$$eval('[data-testid=staff-results] tbody tr', (rows) =>
    rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent ?? '')),
  );
  await shoot('staff-results');
  await page.click('[data-testid=staff-panel] nav button:has-text("self-test")');
  await page.click('[data-testid=staff-panel] button:has-text("run the self-test")');
  // Each line shows as pending, then its outcome; the summary comes when all are done.
  await page.waitForSelector('[data-testid=staff-selftest] li');
  const summary = (await page.locator('[data-testid=selftest-summary]').textContent()) ?? '';
  const selfTest = await page.$$eval('[data-testid=staff-selftest] li', (items) =>
    items.map((li) => li.textContent ?? ''),
  );
  await shoot('staff-selftest');
  await page.click('[data-testid=staff-panel] nav button:has-text("camera")');
  const cameraChoice = page.locator('[data-testid=staff-panel] select').first();
  await page.waitForSelector('[data-testid=staff-panel] select option:nth-child(2)', { state: 'attached' });
  await cameraChoice.selectOption({ index: 1 });
  await page.click('[data-testid=staff-panel] button:has-text("use this camera")');
  const cameraSaved = (await page.locator('[data-testid=camera-saved]').textContent()) ?? '';
  const settings = await editLockoutSetting(page);
  await shoot('staff-settings');
  await page.click('[data-testid=staff-panel] header button');
  await page.keyboard.press('Control+Alt+Shift+KeyS');
  await page.waitForSelector('[data-testid=staff-panel] input[type=password]');
  await page.locator('[data-testid=staff-panel] input[type=password]').first().fill('000000');
  await page.click('[data-testid=staff-panel] button[type=submit]');
  const refusal = await page.locator('[data-testid=staff-panel] [role=alert]').first().textContent();
  return { health, results, selfTest, selfTestSummary: summary, cameraSaved, settings, wrongPin: refusal };
}

/**
 * In the settings tab, as staff would: a value the form refuses (0 failures), one the main process
 * refuses (a made-up AWS region), one it accepts (3 failures), then the tab reopened to read it back.
 */
async function editLockoutSetting(page: Page): Promise<Record<string, string | null>> {
  const panel = '[data-testid=staff-panel]';
  const openSettings = async () => {
    await page.click(`${panel} nav button:has-text("settings")`);
    await page.click('[data-testid=settings-lockout] summary');
  };
  const alerts = async () =>
    (await page.locator(`${panel} [role=alert]`).allTextContents()).join(' | ') || null;
  await openSettings();
  const failures = page.locator('[data-testid=settings-lockout] input[name=maxFailures]');
  await failures.fill('0');
  await page.click('[data-testid=settings-lockout] button[type=submit]');
  const formRefusal = await alerts();
  await page.click('[data-testid=settings-cloud] summary');
  await page.locator('[data-testid=settings-cloud] input[name=region]').fill('nowhere-1');
  await page.click('[data-testid=settings-cloud] button[type=submit]');
  await page.waitForFunction(
    (sel) => [...document.querySelectorAll(sel)].some((e) => e.textContent?.includes('cloud.region')),
    `${panel} [role=alert]`,
  );
  const mainRefusal = await alerts();
  await failures.fill('3');
  await page.click('[data-testid=settings-lockout] button[type=submit]');
  const saved = await page.locator('[data-testid=settings-saved]').textContent();
  await page.click(`${panel} nav button:has-text("health")`);
  await openSettings();
  const readBack = await failures.inputValue();
  return { formRefusal, mainRefusal, saved, readBack };
}

/**
 * Starts a visit, then ends the camera's track as an unplugged camera does, and reports whether the
 * error screen appeared and whether the kiosk came back to a visit on its own.
 */
export async function checkCameraLoss(page: Page, shoot: (name: string) => Promise<void>) {
  await page.click('[data-testid=start]');
  await page.waitForSelector('[data-screen=challenge] video');
  await page.evaluate(() => {
    const stream = document.querySelector('video')?.srcObject as MediaStream | null;
    stream?.getVideoTracks()[0]?.dispatchEvent(new Event('ended'));
  });
  const error = await page.waitForSelector('[data-testid=error]', { timeout: 10_000 });
  const errorShown = await error.getAttribute('data-problem');
  await shoot('camera-lost');
  // The error screen retries every 3 s; the fake camera is still there, so a visit starts again.
  const recovered = await page
    .waitForSelector('[data-screen=challenge] video', { timeout: 15_000 })
    .then(() => true)
    .catch(() => false);
  await shoot('camera-back');
  return { errorShown, recovered };
}
