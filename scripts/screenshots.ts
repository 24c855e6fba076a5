/*
 * npm run screenshots: the pictures in docs/screenshots, made from the preview with a rendered
 * visitor (one of ../shared's 3D heads) turning toward the target: the welcome, challenge, result and
 * staff screens and a visitor waiting for staff, at 1280x720, 1920x1080 and portrait 1080x1920,
 * shrunk to small PNGs. Regenerate
 * after changing a screen; the pictures are the only generated files kept in the tree.
 */
import { mkdir } from 'node:fs/promises';
import Module, { createRequire } from 'node:module';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright';
import { createChallenge, seededRandom } from '../main/liveness';
import { defaultChromiumPath } from '../main/preview/chromium';
import * as noElectron from '../main/preview/no-electron';
import { headClip } from '../tests/support/head-clips';
import { HeadRenderer } from '../tests/support/head-renderer';

const SEED = 7;
const OUT = join(__dirname, '..', 'docs', 'screenshots');
const SIZES = [
  { name: 'landscape', width: 1280, height: 720, shrinkTo: 640 },
  { name: 'wide', width: 1920, height: 1080, shrinkTo: 640 },
  { name: 'portrait', width: 1080, height: 1920, shrinkTo: 360 },
] as const;

async function save(page: Page, file: string, width: number): Promise<void> {
  const png = await page.screenshot();
  await sharp(png).resize({ width }).png({ palette: true, quality: 80, compressionLevel: 9 }).toFile(file);
  console.log(`wrote ${file}`);
}

/** As the preview's build does (alias electron -> no-electron): the kiosk composed without Electron. */
function withoutElectron(): void {
  const require = createRequire(__filename);
  const path = require.resolve('electron');
  const stand = new Module(path);
  stand.filename = path;
  stand.loaded = true;
  stand.exports = noElectron;
  require.cache[path] = stand;
}

async function main(): Promise<void> {
  withoutElectron();
  const { startPreview } = await import('../main/preview/preview-host');
  const { setFirstPin } = await import('../tests/support/preview-drivers');
  const made = createChallenge({ frame: { width: 640, height: 480 }, now: 0, random: seededRandom(SEED) });
  if (!made.ok) throw made.error;
  const renderer = await HeadRenderer.start();
  let clip: string;
  try {
    clip = await headClip(renderer, made.value, { turnDeg: 25, settleFrames: 40, moveFrames: 36 });
  } finally {
    await renderer.close();
  }
  await mkdir(OUT, { recursive: true });
  for (const size of SIZES) {
    const preview = await startPreview({
      distDir: join(__dirname, '..', 'dist', 'main'),
      chromiumPath: defaultChromiumPath(),
      headless: true,
      viewport: { width: size.width, height: size.height },
      cameraClip: clip,
      challengeSeed: SEED,
    });
    try {
      const { page } = preview;
      const shot = (screen: string) => save(page, join(OUT, `${size.name}-${screen}.png`), size.shrinkTo);
      await page.waitForSelector('[data-testid=start]');
      await shot('welcome');
      await page.click('[data-testid=ask-staff]');
      await page.waitForSelector('[data-testid=assistance][data-state=waiting]');
      await shot('help');
      await page.click('[data-testid=assistance] button');
      await page.waitForSelector('[data-testid=start]');
      await page.click('[data-testid=start]');
      await page.waitForSelector('[data-testid=guidance]');
      await page.waitForTimeout(2000);
      await shot('challenge');
      await preview.nextAttempt(90_000);
      await page.waitForSelector('[data-testid=result]');
      await shot('result');
      await setFirstPin(page, '482916');
      await page.waitForSelector('[data-testid=staff-health]');
      await shot('staff-health');
    } finally {
      await preview.close();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
