import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NEW_PIN_STATE, type PinState } from '../ops/staff-pin';
import { StaffService } from '../ops/staff-service';
import { ResultsJournal, journalRecordOf } from '../store/results-journal';
import { DEFAULT_SETTINGS, validateSection, type KioskSettings } from '../store/settings-schema';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { InferenceService } from '../inference/inference-service';
import { Y4mReader } from '../inference/y4m';
import { KioskService } from '../kiosk-service';
import { seededRandom, type Challenge, type Verdict } from '../liveness';
import { API_CHANNELS, CHANNELS, MAX_FRAME_BYTES } from '../../preload/contract';
import { CHROMIUM_FLAGS, defaultChromiumPath } from './chromium';
import { FRAME_PATH, serveRenderer } from './static-server';

/*
 * `npm run preview`: the real renderer in Chromium with the main process's services bridged in
 * (Playwright's exposeFunction + addInitScript stand in for the preload), the camera a real device
 * or a Y4M clip. Same services, same renderer, same contract as in Electron.
 */

const usage = `npm run preview -- [--camera-clip FILE.y4m] [--challenge-seed N] [--headless] [--until-result]
                    [--size WxH] [--language en|de] [--screenshot-dir DIR] [--chromium PATH] [--timeout-ms N]`;

class PreviewError extends Error {}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'camera-clip': { type: 'string' },
      'challenge-seed': { type: 'string' },
      headless: { type: 'boolean', default: false },
      'until-result': { type: 'boolean', default: false },
      size: { type: 'string', default: '1280x720' },
      language: { type: 'string', default: 'en' },
      'screenshot-dir': { type: 'string' },
      chromium: { type: 'string' },
      'timeout-ms': { type: 'string', default: '120000' },
      'report-timings': { type: 'boolean', default: false },
      'staff-check': { type: 'boolean', default: false },
      'camera-loss-check': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const [w, h] = (values.size ?? '').split('x').map(Number);
  if (!w || !h) throw new PreviewError(`--size must look like 1280x720; got ${values.size}`);
  const executablePath = values.chromium ?? defaultChromiumPath();
  if (!existsSync(executablePath)) {
    throw new PreviewError(
      `No Chromium at ${executablePath}: install Debian's chromium or pass --chromium PATH.`,
    );
  }
  const clip = values['camera-clip'];
  let captureSize = { width: 640, height: 480 };
  if (clip) {
    if (!existsSync(clip)) throw new PreviewError(`Cannot read ${clip}: no such file.`);
    const reader = await Y4mReader.open(clip);
    captureSize = { width: reader.header.width, height: reader.header.height };
    await reader.close();
  }
  const seed = values['challenge-seed'] === undefined ? undefined : Number(values['challenge-seed']);
  if (seed !== undefined && !Number.isInteger(seed))
    throw new PreviewError('--challenge-seed must be a whole number.');

  const inference = new InferenceService({ workerPath: join(__dirname, 'inference-worker.js') });
  let resolveVerdict!: (v: { verdict: Verdict; challenge: Challenge }) => void;
  const verdict = new Promise<{ verdict: Verdict; challenge: Challenge }>((r) => (resolveVerdict = r));
  // The staff panel works in the preview too, on in-memory settings and a journal in a temporary
  // directory (electron-store needs Electron, which the preview does without).
  const journal = await ResultsJournal.open(await mkdtemp(join(tmpdir(), 'liveness-preview-journal-')));
  let pin: PinState = NEW_PIN_STATE;
  let settings: KioskSettings = DEFAULT_SETTINGS;
  let kiosk: KioskService | null = null;
  const staff = new StaffService({
    readPin: () => pin,
    writePin: (state) => (pin = state),
    readSettings: () => ({ settings, notice: 'Preview: settings are kept in memory, not saved.' }),
    // Checked exactly as the kiosk's settings store checks them, then kept until the preview ends.
    updateSettings: (section, value) => {
      const checked = validateSection(section as keyof KioskSettings, value);
      if (!checked.ok) return checked;
      settings = { ...settings, [section]: checked.value };
      return { ok: true };
    },
    health: async () => ({ version: 'preview', inference: inference.health, paused: kiosk?.locked ?? false }),
    results: async () => (await journal.read()).records,
    clearLockout: () => kiosk?.clearLockout(),
    selfTest: async () => [
      { name: 'inference', passed: inference.health.state === 'ready', detail: inference.health.state },
    ],
    restart: () => undefined,
  });
  const service = new KioskService({
    staff,
    inference,
    captureSize,
    language: values.language ?? 'en',
    version: 'preview',
    ...(seed !== undefined ? { random: seededRandom(seed) } : {}),
    onVerdict: (v, c) => {
      void journal.append(journalRecordOf(v, Date.now()));
      resolveVerdict({ verdict: v, challenge: c });
    },
  });
  kiosk = service;
  // Frames travel as binary POSTs to this loopback server: Playwright's function bridge costs
  // ~190 ms per 640x480 frame here, a binary POST a few ms. Both end in the same validated dispatch.
  const { server, origin } = await serveRenderer(
    join(__dirname, '..', 'renderer'),
    (params, data) =>
      service.dispatch(CHANNELS.submitFrame, {
        sessionId: params.get('sessionId') ?? '',
        timestampMs: Number(params.get('timestampMs')),
        width: Number(params.get('width')),
        height: Number(params.get('height')),
        data,
      }),
    MAX_FRAME_BYTES,
  );
  const browser = await chromium.launch({
    executablePath,
    headless: values.headless,
    args: [
      ...CHROMIUM_FLAGS,
      '--use-fake-ui-for-media-stream',
      ...(clip ? ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${clip}`] : []),
      ...(values.headless ? [] : ['--window-position=0,0', `--window-size=${w},${h}`, '--kiosk']),
    ],
  });
  try {
    await inference.start();
    const context = await browser.newContext({ viewport: { width: w, height: h } });
    await context.grantPermissions(['camera'], { origin });
    await context.exposeFunction('__kioskInvoke', (channel: string, payload: unknown) =>
      service.dispatch(channel, payload),
    );
    await context.addInitScript(
      ({ channels, framePath }: { channels: Record<string, string>; framePath: string }) => {
        const call = (channel: string, payload?: unknown) =>
          (window as unknown as { __kioskInvoke: (c: string, p: unknown) => Promise<unknown> }).__kioskInvoke(
            channel,
            payload ?? {},
          );
        Object.defineProperty(window, 'kiosk', {
          value: Object.freeze({
            startSession: () => call(channels.startSession!),
            submitFrame: async (frame: {
              sessionId: string;
              timestampMs: number;
              width: number;
              height: number;
              data: Uint8Array<ArrayBuffer>;
            }) => {
              const query = new URLSearchParams({
                sessionId: String(frame.sessionId),
                timestampMs: String(frame.timestampMs),
                width: String(frame.width),
                height: String(frame.height),
              });
              const response = await fetch(`${framePath}?${query}`, { method: 'POST', body: frame.data });
              if (!response.ok)
                return {
                  ok: false,
                  error: { code: 'invalid_request', message: `frame refused (${response.status})` },
                };
              return response.json();
            },
            cancelSession: (request: unknown) => call(channels.cancelSession!, request),
            confirmResult: (request: unknown) => call(channels.confirmResult!, request),
            staff: (request: unknown) => call(channels.staff!, request),
            publicSettings: () => call(channels.publicSettings!),
            health: () => call(channels.health!),
          }),
        });
      },
      { channels: API_CHANNELS, framePath: FRAME_PATH },
    );
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await page.goto(`${origin}/index.html`);
    const shots = values['screenshot-dir'];
    if (shots) await mkdir(shots, { recursive: true });
    const shoot = async (name: string) => {
      if (shots) await page.screenshot({ path: join(shots, `${name}.png`) });
    };
    await page.waitForSelector('[data-testid=start]');
    await shoot('attract');
    if (values['camera-loss-check']) {
      console.log(JSON.stringify(await checkCameraLoss(page, shoot)));
      return 0;
    }
    if (!values['until-result']) {
      console.log(`Preview running at ${origin} (close the browser window to stop).`);
      await new Promise<void>((resolve) => browser.on('disconnected', () => resolve()));
      return 0;
    }
    await page.click('[data-testid=start]');
    if (shots) void shootChallenge(page, shoot);
    const timeoutMs = Number(values['timeout-ms']);
    const result = await Promise.race([
      verdict,
      new Promise<null>((r) => setTimeout(() => r(null), timeoutMs)),
    ]);
    if (!result) throw new PreviewError(`No verdict within ${timeoutMs} ms.`);
    await page.waitForSelector('[data-testid=result]');
    await shoot(`result-${result.verdict.live ? 'pass' : 'fail'}`);
    // What the visitor is shown: the result's text, and the reason code when it failed.
    const screen = await page.evaluate(() => ({
      reason: document.querySelector('[data-testid=reason]')?.getAttribute('data-reason') ?? null,
      text: document.querySelector('[data-testid=result]')?.textContent ?? '',
    }));
    const timings = values['report-timings'] ? await pipelineTimings(page) : undefined;
    const staffCheck = values['staff-check'] ? await checkStaffPanel(page, shoot) : undefined;
    console.log(
      JSON.stringify(
        {
          ...result.verdict,
          challenge: result.challenge,
          screen,
          ...(timings ? { timings } : {}),
          ...(staffCheck ? { staff: staffCheck } : {}),
        },
        null,
        2,
      ),
    );
    return 0;
  } finally {
    await browser.close();
    await inference.close();
    server.close();
  }
}

/** Frames processed per second, capture-to-overlay delay and verdict delay, from the page's entries. */
async function pipelineTimings(page: Page) {
  const entries = await page.evaluate(() =>
    performance
      .getEntriesByType('measure')
      .map((e) => ({ name: e.name, start: e.startTime, duration: e.duration })),
  );
  const frames = entries.filter((e) => e.name === 'kiosk:frame');
  const delays = frames.map((e) => e.duration).sort((a, b) => a - b);
  const pick = (p: number) =>
    delays[Math.min(delays.length - 1, Math.max(0, Math.ceil((p / 100) * delays.length) - 1))] ?? NaN;
  const span =
    frames.length > 1
      ? frames[frames.length - 1]!.start + frames[frames.length - 1]!.duration - frames[0]!.start
      : NaN;
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    frames: frames.length,
    fps: round(((frames.length - 1) * 1000) / span),
    capture_to_overlay_p50_ms: round(pick(50)),
    capture_to_overlay_p95_ms: round(pick(95)),
    verdict_after_final_frame_ms: round(entries.find((e) => e.name === 'kiosk:verdict')?.duration ?? NaN),
  };
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
    process.exit(error instanceof PreviewError ? 2 : 1);
  },
);

/**
 * --staff-check: opens the staff panel with the key chord, sets the first PIN, and reads what the
 * panel shows (results rows, self-test lines, a wrong-PIN refusal after locking), as staff would.
 */
async function checkStaffPanel(
  page: Page,
  shoot: (name: string) => Promise<void>,
): Promise<Record<string, unknown>> {
  await page.keyboard.press('Control+Alt+Shift+KeyS');
  await page.waitForSelector('[data-testid=staff-panel]');
  const inputs = page.locator('[data-testid=staff-panel] input[type=password]');
  await inputs.nth(0).fill('482916');
  await inputs.nth(1).fill('482916');
  await page.click('[data-testid=staff-panel] button[type=submit]');
  await page.waitForSelector('[data-testid=staff-panel] nav');
  await shoot('staff-health');
  await page.click('[data-testid=staff-panel] nav button:has-text("results")');
  await page.waitForSelector('[data-testid=staff-results] tbody tr');
  const results = await page.$$eval('[data-testid=staff-results] tbody tr', (rows) =>
    rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent ?? '')),
  );
  await shoot('staff-results');
  await page.click('[data-testid=staff-panel] nav button:has-text("self-test")');
  await page.click('[data-testid=staff-panel] button:has-text("run the self-test")');
  await page.waitForSelector('[data-testid=staff-selftest] li');
  const selfTest = await page.$$eval('[data-testid=staff-selftest] li', (items) =>
    items.map((li) => li.textContent ?? ''),
  );
  await shoot('staff-selftest');
  const settings = await editLockoutSetting(page);
  await shoot('staff-settings');
  await page.click('[data-testid=staff-panel] header button');
  await page.keyboard.press('Control+Alt+Shift+KeyS');
  await page.waitForSelector('[data-testid=staff-panel] input[type=password]');
  await page.locator('[data-testid=staff-panel] input[type=password]').first().fill('000000');
  await page.click('[data-testid=staff-panel] button[type=submit]');
  const refusal = await page.locator('[data-testid=staff-panel] [role=alert]').first().textContent();
  return { results, selfTest, settings, wrongPin: refusal };
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
 * --camera-loss-check: starts a visit, then ends the camera's track as an unplugged camera does, and
 * reports whether the error screen appeared and whether the kiosk came back to a visit on its own.
 */
async function checkCameraLoss(
  page: Page,
  shoot: (name: string) => Promise<void>,
): Promise<{ errorShown: string | null; recovered: boolean }> {
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
