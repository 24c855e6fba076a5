import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright';
import { createChallenge, seededRandom } from '../../main/liveness';
import { SettingsStore } from '../../main/store/settings-store';
import { API_CHANNELS } from '../../preload/contract';
import { version } from '../../package.json';
import { DIST } from '../support/built';
import { analyzer, portraits, writeClip } from '../support/demo-faces';
import { headClip } from '../support/head-clips';
import { HeadRenderer, headsAvailable } from '../support/head-renderer';
import { resultScreen, setFirstPin } from '../support/preview-drivers';
import { RekognitionEndpoint, TEST_CREDENTIALS } from '../support/rekognition-endpoint';

/*
 * The real Electron host, a whole visit: a fresh data directory (never the developer's profile), a
 * Y4M clip as the camera (Chromium's fake-capture switches), the kiosk page driven over the DevTools
 * protocol (Playwright's Electron launcher needs the Node inspector, which the packaged app's fuses
 * turn off). It runs against the development build wherever Electron's binary is installed, and
 * against `electron-builder --dir` output (asar, unpacked models and wasm) wherever that exists. On
 * machines that cannot download the binary each suite is skipped and says so.
 */

/** The installed Electron binary, found without require('electron') (which would try to download it). */
function electronBinary(): string | null {
  try {
    const dir = dirname(require.resolve('electron/package.json'));
    const binary = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** The app electron-builder --dir left in release/, for this platform. */
function packagedBinary(): string | null {
  const release = join(DIST, '..', 'release');
  const candidates = [
    join(release, 'linux-unpacked', 'liveness-kiosk'),
    join(release, 'win-unpacked', 'Liveness Kiosk.exe'),
    join(release, 'mac', 'Liveness Kiosk.app', 'Contents', 'MacOS', 'Liveness Kiosk'),
  ];
  return candidates.find((c) => existsSync(c)) ?? null;
}

interface Target {
  readonly name: string;
  readonly executable: string | null;
  readonly args: readonly string[];
  readonly packaged: boolean;
  readonly missing: string;
}

const TARGETS: readonly Target[] = [
  {
    name: 'development build',
    executable: electronBinary(),
    args: [join(DIST, 'main', 'app.js')],
    packaged: false,
    missing:
      'Electron binary not installed here (it cannot be downloaded on this machine); runs wherever `npm start` has fetched it',
  },
  {
    name: 'packaged app',
    executable: packagedBinary(),
    args: [],
    packaged: true,
    missing:
      'no `electron-builder --dir` output in release/ (it needs the Electron binary); runs wherever `npm run dist -- --dir` has built it',
  },
];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

interface RunningKiosk {
  readonly page: Page;
  readonly dataDir: string;
  close(): Promise<void>;
}

/** Starts the kiosk with `clip` as its camera and a fresh data directory, and finds its page. */
async function launch(
  target: Target,
  options: { clip: string; seed?: number; dataDir?: string; env?: NodeJS.ProcessEnv },
): Promise<RunningKiosk> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'kiosk-electron-e2e-')));
  // Test machines rarely run a keyring: staff's explicit acceptance of an unprotected evidence key,
  // saved as the panel would, lets the kiosk start there (without it, it refuses: unit-tested).
  const evidence = SettingsStore.open({ directory: dataDir, version }).update('evidence', {
    mode: 'encrypted',
    retentionDays: 7,
    acceptUnprotectedKey: true,
  });
  if (!evidence.ok) throw new Error(evidence.message);
  const port = await freePort();
  const child: ChildProcess = spawn(
    target.executable!,
    [
      ...target.args,
      `--remote-debugging-port=${port}`,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${options.clip}`,
    ],
    {
      env: {
        ...process.env,
        LIVENESS_KIOSK_DATA_DIR: dataDir,
        ...(options.seed !== undefined ? { LIVENESS_KIOSK_CHALLENGE_SEED: String(options.seed) } : {}),
        ...options.env,
      },
      stdio: 'ignore',
    },
  );
  let browser: Browser | null = null;
  for (let i = 0; i < 100 && !browser; i++) {
    browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`).catch(() => null);
    if (!browser) await new Promise((r) => setTimeout(r, 200));
  }
  if (!browser) {
    child.kill();
    throw new Error(`The kiosk did not open its DevTools port ${port}; see ${dataDir}/logs/kiosk.log`);
  }
  const connected = browser;
  const context = connected.contexts()[0]!;
  const page =
    context.pages().find((p) => p.url().startsWith('app://kiosk/')) ??
    (await context.waitForEvent('page', { predicate: (p) => p.url().startsWith('app://kiosk/') }));
  await page.waitForSelector('[data-testid=start]');
  return {
    page,
    dataDir,
    close: async () => {
      await connected.close().catch(() => undefined);
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

const SEED = 2;
let stillClip: string;
let liveClip: string | null = null;
const anyTarget = TARGETS.some((t) => t.executable);

beforeAll(async () => {
  if (!anyTarget) return;
  const face = (await portraits(200))[2]!;
  stillClip = await writeClip(
    'electron-still.y4m',
    Array.from({ length: 30 }, () => [{ portrait: face, nose: { x: 320, y: 245 } }]),
    10,
  );
  if (!headsAvailable()) return;
  const made = createChallenge({ frame: { width: 640, height: 480 }, now: 0, random: seededRandom(SEED) });
  if (!made.ok) throw made.error;
  const renderer = await HeadRenderer.start();
  try {
    liveClip = await headClip(renderer, made.value, { turnDeg: 30, moveFrames: 36 });
  } finally {
    await renderer.close();
  }
}, 240_000);

for (const target of TARGETS) {
  const label = `Electron end to end, ${target.name} (${target.executable ? 'found' : `skipped: ${target.missing}`})`;
  describe.skipIf(!target.executable)(label, () => {
    test('the page has window.kiosk with exactly the contract’s calls, frozen, and no Node', async () => {
      const kiosk = await launch(target, { clip: stillClip });
      try {
        const seen = await kiosk.page.evaluate(() => ({
          calls: Object.keys(window.kiosk ?? {}).sort(),
          frozen: Object.isFrozen(window.kiosk),
          require: typeof (window as unknown as { require?: unknown }).require,
          process: typeof (window as unknown as { process?: unknown }).process,
        }));
        expect(seen).toEqual({
          calls: Object.keys(API_CHANNELS).sort(),
          frozen: true,
          require: 'undefined',
          process: 'undefined',
        });
        expect(kiosk.page.context().pages()).toHaveLength(1);
      } finally {
        await kiosk.close();
      }
    }, 120_000);

    test('serves app://kiosk with the CSP header, refuses traversal, navigation and new windows', async () => {
      const kiosk = await launch(target, { clip: stillClip });
      try {
        const { page } = kiosk;
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
        expect(page.context().pages()).toHaveLength(1);
      } finally {
        await kiosk.close();
      }
    }, 120_000);

    test('a still face fails with "not reached in time" on screen', async () => {
      const kiosk = await launch(target, { clip: stillClip });
      try {
        await kiosk.page.click('[data-testid=start]');
        expect(await resultScreen(kiosk.page, 120_000)).toMatchObject({
          live: 'false',
          reason: 'nose_timeout',
        });
      } finally {
        await kiosk.close();
      }
    }, 180_000);

    test('staff open the panel with the key chord and set the first PIN', async () => {
      const kiosk = await launch(target, { clip: stillClip });
      try {
        const { page } = kiosk;
        await setFirstPin(page, '482916');
        // Kept where the kiosk keeps its credentials (apart from the settings), as a hash, never the PIN.
        const credentials = readFileSync(join(kiosk.dataDir, 'credentials.json'), 'utf8');
        expect(credentials).toMatch(/"hash":\s*"[^"]+"/);
        expect(credentials).not.toContain('482916');
        expect(readFileSync(join(kiosk.dataDir, 'settings.json'), 'utf8')).not.toContain('482916');
      } finally {
        await kiosk.close();
      }
    }, 120_000);

    const liveWhy = target.packaged
      ? 'skipped: a packaged kiosk never takes a seeded challenge, and the rendered clip needs one'
      : headsAvailable()
        ? 'seeded challenge'
        : 'skipped: 3D head fixtures not found';
    describe.skipIf(target.packaged || !headsAvailable())(`a live visit (${liveWhy})`, () => {
      let endpoint: RekognitionEndpoint;
      beforeAll(async () => {
        endpoint = new RekognitionEndpoint(await analyzer());
        await endpoint.start();
      }, 60_000);
      afterAll(async () => endpoint?.stop());

      test('a live head turning toward the target passes, and the screen says so', async () => {
        const kiosk = await launch(target, { clip: liveClip!, seed: SEED });
        try {
          await kiosk.page.click('[data-testid=start]');
          const shown = await resultScreen(kiosk.page, 120_000);
          expect(shown.live).toBe('true');
          expect(shown.text).toMatch(/you are checked in/);
        } finally {
          await kiosk.close();
        }
      }, 180_000);

      test('under the "required" policy, confirmResult answers with the local Rekognition endpoint’s verdict', async () => {
        const dataDir = await mkdtemp(join(tmpdir(), 'kiosk-electron-e2e-'));
        // Saved as staff would save it, through the kiosk's own settings store.
        const saved = SettingsStore.open({ directory: dataDir, version }).update('cloud', {
          policy: 'required',
          endpoint: endpoint.url,
          requiredWaitMs: 30_000,
        });
        expect(saved.ok).toBe(true);
        endpoint.calls = 0;
        const kiosk = await launch(target, {
          clip: liveClip!,
          seed: SEED,
          dataDir,
          env: {
            AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
            AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
          },
        });
        try {
          await kiosk.page.click('[data-testid=start]');
          await kiosk.page.waitForSelector('[data-testid=verifying]', { timeout: 120_000 });
          expect(await resultScreen(kiosk.page, 120_000)).toMatchObject({ live: 'true' });
          expect(endpoint.calls).toBeGreaterThan(0);
          expect(endpoint.calls).toBeLessThanOrEqual(6);
        } finally {
          await kiosk.close();
        }
      }, 240_000);
    });
  });
}
