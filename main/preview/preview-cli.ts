import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright';
import { readJson } from '../cli/read-json';
import { Y4mReader } from '../inference/y4m';
import { LANGUAGE_CODES } from '../store/settings-schema';
import { defaultChromiumPath } from './chromium';
import { startPreview } from './preview-host';
import { pipelineTimings } from './timings';

/*
 * `npm run preview`: the kiosk in Debian's Chromium (the browser host, preview-host.ts), the camera a
 * real device or a Y4M clip. --until-result runs one visit and prints the verdict and what the
 * screen showed, as JSON.
 */

const usage = `npm run preview -- [--camera-clip FILE.y4m] [--challenge-seed N] [--headless] [--until-result]
                    [--size WxH] [--language en|de|fr|es] [--screenshot-dir DIR] [--chromium PATH]
                    [--timeout-ms N] [--report-timings] [--data-dir DIR] [--liveness FILE.json]
  --liveness: liveness settings as JSON (as "liveness-kiosk replay --config" takes them), saved as
  staff would save them, e.g. {"verdict": {"observeScreenLight": true}}.`;

/** A command-line mistake: exit 2, as in the other commands. */
class UsageError extends Error {}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'camera-clip': { type: 'string' },
      'challenge-seed': { type: 'string' },
      headless: { type: 'boolean', default: false },
      'until-result': { type: 'boolean', default: false },
      size: { type: 'string', default: '1280x720' },
      language: { type: 'string' },
      'screenshot-dir': { type: 'string' },
      chromium: { type: 'string' },
      'timeout-ms': { type: 'string', default: '120000' },
      'report-timings': { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      liveness: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const [w, h] = (values.size ?? '').split('x').map(Number);
  if (!w || !h) throw new UsageError(`--size must look like 1280x720; got ${values.size}`);
  const language = LANGUAGE_CODES.find((code) => code === values.language);
  if (values.language !== undefined && !language)
    throw new UsageError(`--language must be one of ${LANGUAGE_CODES.join(', ')}; got ${values.language}`);
  const timeoutMs = Number(values['timeout-ms']);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new UsageError('--timeout-ms must be a positive number.');
  const chromiumPath = values.chromium ?? defaultChromiumPath();
  if (!existsSync(chromiumPath))
    throw new UsageError(
      `No Chromium at ${chromiumPath}: install Debian's chromium or pass --chromium PATH.`,
    );
  const clip = values['camera-clip'];
  let camera: { width: number; height: number } | undefined;
  if (clip) {
    if (!existsSync(clip)) throw new UsageError(`Cannot read ${clip}: no such file.`);
    const reader = await Y4mReader.open(clip);
    camera = { width: reader.header.width, height: reader.header.height };
    await reader.close();
  }
  const seed = values['challenge-seed'] === undefined ? undefined : Number(values['challenge-seed']);
  if (seed !== undefined && !Number.isInteger(seed))
    throw new UsageError('--challenge-seed must be a whole number.');

  const preview = await startPreview({
    distDir: __dirname,
    chromiumPath,
    headless: values.headless,
    viewport: { width: w, height: h },
    ...(clip ? { cameraClip: clip } : {}),
    ...(camera ? { camera } : {}),
    ...(language ? { language } : {}),
    ...(seed !== undefined ? { challengeSeed: seed } : {}),
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    ...(values.liveness ? { liveness: await readJson(values.liveness) } : {}),
  });
  try {
    const { page } = preview;
    const shots = values['screenshot-dir'];
    if (shots) await mkdir(shots, { recursive: true });
    const shoot = async (name: string) => {
      if (shots) await page.screenshot({ path: join(shots, `${name}.png`) });
    };
    await page.waitForSelector('[data-testid=start]');
    await shoot('attract');
    if (!values['until-result']) {
      console.log(
        `Preview running at ${preview.origin}, data in ${preview.dataDir} (close the browser window to stop).`,
      );
      await new Promise<void>((resolve) =>
        page
          .context()
          .browser()
          ?.on('disconnected', () => resolve()),
      );
      return 0;
    }
    await page.click('[data-testid=start]');
    if (shots) void shootChallenge(page, shoot);
    const result = await preview.nextAttempt(timeoutMs);
    await page.waitForSelector('[data-testid=result]');
    await shoot(`result-${result.verdict.live ? 'pass' : 'fail'}`);
    // What the visitor is shown: the result's text, and the reason code when it failed.
    const screen = await page.evaluate(() => ({
      reason: document.querySelector('[data-testid=reason]')?.getAttribute('data-reason') ?? null,
      text: document.querySelector('[data-testid=result]')?.textContent ?? '',
    }));
    const timings = values['report-timings']
      ? { ...(await pipelineTimings(page)), frame_format: preview.kiosk().service.health().frames.format }
      : undefined;
    console.log(
      JSON.stringify(
        { ...result.verdict, challenge: result.challenge, screen, ...(timings ? { timings } : {}) },
        null,
        2,
      ),
    );
    return 0;
  } finally {
    await preview.close();
  }
}

/** One picture of the challenge screen once the nose phase shows (or after 3 s). */
async function shootChallenge(page: Page, shoot: (name: string) => Promise<void>): Promise<void> {
  try {
    await page.waitForSelector('[data-testid=guidance]');
    await page.waitForTimeout(1500);
    await shoot('challenge');
  } catch {
    // The attempt ended before the picture: the result screenshot still shows how it went.
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`preview: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
