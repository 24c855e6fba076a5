import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { CloudQueue } from '../../../main/cloud/cloud-queue';
import {
  CloudSettingsSchema,
  DEFAULT_CLOUD_SETTINGS,
  type CloudSettings,
} from '../../../main/cloud/cloud-settings';
import { CloudVerifier } from '../../../main/cloud/cloud-verifier';
import { keyFrameJpeg, type KeyFrame } from '../../../main/cloud/key-frames';
import { rekognitionDetector } from '../../../main/cloud/rekognition-detector';
import { InferenceService } from '../../../main/inference/inference-service';
import {
  DEFAULT_CONFIG,
  createChallenge,
  seededRandom,
  type Challenge,
  type Verdict,
} from '../../../main/liveness';
import { replayClip } from '../../../main/replay/replay-clip';
import { BUILT_WORKER, requireBuilt } from '../../support/built';
import { analyzer } from '../../support/demo-faces';
import { headClip } from '../../support/head-clips';
import { HEADS_DIR, HeadRenderer, headsAvailable } from '../../support/head-renderer';
import { RekognitionEndpoint, TEST_CREDENTIALS } from '../../support/rekognition-endpoint';

/*
 * Cloud re-verification end to end: the real AWS SDK signs DetectFaces requests to a local endpoint
 * that answers with this project's own inference, for the key frames of a rendered 3D head's
 * attempt replayed through the kiosk's pipeline. The network drops, throttles, garbles and the
 * process dies; no attempt is lost or verified twice, and none takes more than six calls.
 */

const why = `3D head fixtures not found in ${HEADS_DIR} (set LIVENESS_HEADS_DIR)`;
let endpoint: RekognitionEndpoint;
let attempt: { challenge: Challenge; verdict: Verdict; keyFrames: readonly KeyFrame[] };
let dir: string;
let now: number;

const challengeFor = (seed: number): Challenge => {
  const c = createChallenge({ frame: { width: 640, height: 480 }, now: 0, random: seededRandom(seed) });
  if (!c.ok) throw c.error;
  return c.value;
};

/** The same visit under a new challenge id: another visitor's attempt for the queue. */
const another = (): Challenge => ({ ...attempt.challenge, id: randomUUID() });

async function setup(overrides: Partial<CloudSettings> = {}) {
  const settings = CloudSettingsSchema.parse({ policy: 'advisory', retryBaseMs: 1000, ...overrides });
  const queue = await CloudQueue.open(dir);
  const detector = rekognitionDetector({
    region: 'eu-west-1',
    endpoint: endpoint.url,
    credentials: TEST_CREDENTIALS,
    requestTimeoutMs: 1500,
    connectTimeoutMs: 500,
  });
  const verifier = new CloudVerifier({
    settings,
    queue,
    detector,
    config: DEFAULT_CONFIG,
    now: () => now,
    drainOnSubmit: false,
  });
  return { queue, verifier };
}

/** Every verification recorded took at most six DetectFaces calls. */
async function expectAtMostSixCalls(queue: CloudQueue): Promise<void> {
  for (const job of await queue.done()) {
    expect(job.cloud?.calls ?? 0).toBeLessThanOrEqual(6);
  }
}

/** How often each image (by SHA-256) is among the key frames of `attempts` attempts: still frames repeat. */
async function expectedAnswers(attempts: number): Promise<Map<string, number>> {
  const expected = new Map<string, number>();
  for (const k of attempt.keyFrames) {
    const digest = createHash('sha256')
      .update(await keyFrameJpeg(k, DEFAULT_CLOUD_SETTINGS.jpegQuality))
      .digest('hex');
    expected.set(digest, (expected.get(digest) ?? 0) + attempts);
  }
  return expected;
}

/**
 * Counted at the endpoint: each key frame was answered exactly once per attempt that sent it, so
 * no retry re-sent an answered frame and no attempt got more than six successful calls.
 */
async function expectEachFrameAnsweredOnce(attempts: number): Promise<void> {
  expect(Object.fromEntries(endpoint.answeredPerImage)).toEqual(
    Object.fromEntries(await expectedAnswers(attempts)),
  );
}

/** Counted at the endpoint: no key frame was answered more often than the attempt sent it. */
async function expectNoFrameAnsweredTwice(): Promise<void> {
  const expected = await expectedAnswers(1);
  const over = [...endpoint.answeredPerImage].filter(
    ([digest, count]) => count > (expected.get(digest) ?? 0),
  );
  expect(over).toEqual([]);
}

describe.skipIf(!headsAvailable())(
  `cloud re-verification against a local Rekognition endpoint (${headsAvailable() ? 'fixtures found' : `skipped: ${why}`})`,
  () => {
    beforeAll(async () => {
      const renderer = await HeadRenderer.start();
      let clip: string;
      try {
        clip = await headClip(renderer, challengeFor(1), { turnDeg: 30 });
      } finally {
        await renderer.close();
      }
      const inference = new InferenceService({ workerPath: requireBuilt(BUILT_WORKER) });
      await inference.start();
      try {
        const replay = await replayClip({ clipPath: clip, inference, seed: 1, keepKeyFrames: true });
        attempt = { challenge: replay.challenge, verdict: replay.verdict, keyFrames: replay.keyFrames };
      } finally {
        await inference.close();
      }
      endpoint = new RekognitionEndpoint(await analyzer());
      await endpoint.start();
    }, 240_000);
    afterAll(async () => {
      await endpoint?.stop();
    });
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'cloud-e2e-'));
      now = Date.now();
      endpoint.faults.length = 0;
      endpoint.persistentFault = null;
      endpoint.calls = 0;
      endpoint.answeredPerImage.clear();
    });

    test('online: a live attempt is verified by the cloud with one call per key frame (at most six)', async () => {
      expect(attempt.verdict.live).toBe(true);
      expect(attempt.keyFrames.length).toBeLessThanOrEqual(6);
      const { queue, verifier } = await setup();
      await verifier.submit(attempt.challenge, attempt.verdict, attempt.keyFrames);
      await verifier.drainOnce();
      const [done] = await queue.done();
      expect(done).toMatchObject({ status: 'verified', agreement: 'agree', cloud: { live: true } });
      expect(endpoint.calls).toBe(attempt.keyFrames.length);
      expect(done!.cloud!.bytesSent).toBeGreaterThan(0);
      await expectAtMostSixCalls(queue);
    });

    test('network down then back: every queued attempt is verified exactly once, none lost', async () => {
      const { queue, verifier } = await setup();
      await endpoint.stop();
      try {
        for (let i = 0; i < 3; i++) await verifier.submit(another(), attempt.verdict, attempt.keyFrames);
        await verifier.drainOnce();
        const waiting = await queue.pending();
        expect(waiting).toHaveLength(3);
        expect(waiting.some((j) => /unreachable|ECONNREFUSED/.test(j.lastError ?? ''))).toBe(true);
      } finally {
        await endpoint.start();
      }
      for (let pass = 0; pass < 6 && (await queue.pending()).length; pass++) {
        now += 60_000;
        await verifier.drainOnce();
      }
      expect(await queue.pending()).toEqual([]);
      const done = await queue.done();
      expect(done).toHaveLength(3);
      expect(new Set(done.map((j) => j.id)).size).toBe(3);
      expect(endpoint.calls).toBe(3 * attempt.keyFrames.length);
      await expectEachFrameAnsweredOnce(3);
      await expectAtMostSixCalls(queue);
    });

    test('a throttling storm holds the attempt back with a longer backoff, then it goes through', async () => {
      const { queue, verifier } = await setup({ throttleBaseMs: 20_000 });
      endpoint.persistentFault = 'throttle';
      await verifier.submit(attempt.challenge, attempt.verdict, attempt.keyFrames);
      await verifier.drainOnce();
      const [held] = await queue.pending();
      expect(held!.lastError).toMatch(/throttling/i);
      expect(held!.nextAttemptAt - now).toBeGreaterThanOrEqual(10_000);
      const stormCalls = endpoint.calls;
      expect(stormCalls).toBe(1); // no SDK retry: the queue waits, and the pass stops
      endpoint.persistentFault = null;
      now += 20_000;
      await verifier.drainOnce();
      expect((await queue.done())[0]).toMatchObject({ status: 'verified' });
      await expectEachFrameAnsweredOnce(1);
      // Counted at the endpoint too: the one throttled request, then one per key frame.
      expect(endpoint.calls).toBe(1 + attempt.keyFrames.length);
      expect((await queue.done())[0]!.cloud).toMatchObject({
        calls: attempt.keyFrames.length,
        requests: 1 + attempt.keyFrames.length,
      });
    });

    test.each(['malformed', 'server_error', 'drop', 'slow'] as const)(
      'a %s answer is a clear error; the attempt stays queued and is verified later',
      async (fault) => {
        const { queue, verifier } = await setup();
        // Three frames answered, then the fourth request meets the fault.
        endpoint.faults.push(null, null, null, fault);
        await verifier.submit(attempt.challenge, attempt.verdict, attempt.keyFrames);
        await verifier.drainOnce();
        const [queued] = await queue.pending();
        expect(queued!.lastError).toMatch(/Rekognition/);
        expect(queued!.answers).toHaveLength(3);
        now += 60_000;
        await verifier.drainOnce();
        expect(await queue.pending()).toEqual([]);
        expect((await queue.done())[0]).toMatchObject({ status: 'verified' });
        // The three answered frames were not sent again: each frame answered once at the endpoint.
        await expectEachFrameAnsweredOnce(1);
        expect(endpoint.calls).toBe(attempt.keyFrames.length + 1);
      },
    );

    test('killed mid-verification and restarted: the attempt is verified once, nothing is corrupt', async () => {
      const { queue } = await setup();
      const first = await setup();
      await first.verifier.submit(attempt.challenge, attempt.verdict, attempt.keyFrames);
      endpoint.slowMs = 5000;
      endpoint.persistentFault = 'slow';
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(__dirname, '..', '..', 'support', 'cloud-drain-child.ts'),
          dir,
          endpoint.url,
        ],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      const exited = new Promise((resolve) => child.on('exit', resolve));
      const started = Date.now();
      while (endpoint.calls === 0 && Date.now() - started < 30_000)
        await new Promise((r) => setTimeout(r, 50));
      expect(endpoint.calls).toBeGreaterThan(0);
      child.kill('SIGKILL');
      await exited;
      endpoint.persistentFault = null;
      endpoint.slowMs = 3000;
      const restarted = await setup();
      await restarted.verifier.drainOnce();
      expect(await queue.pending()).toEqual([]);
      expect(await queue.done()).toHaveLength(1);
      expect(await readdir(join(dir, 'corrupt'))).toEqual([]);
      // A frame answered before the kill (if any) was not sent again after the restart.
      await expectNoFrameAnsweredTwice();
    }, 60_000);

    test('with the policy off, nothing reaches the endpoint', async () => {
      const { queue, verifier } = await setup({ policy: 'off' });
      await verifier.submit(attempt.challenge, attempt.verdict, attempt.keyFrames);
      await verifier.drainOnce();
      expect(endpoint.calls).toBe(0);
      expect(await queue.pending()).toEqual([]);
    });

    test('required: the caller gets the cloud verdict within its wait', async () => {
      const { verifier } = await setup({ policy: 'required' });
      await verifier.submit(attempt.challenge, attempt.verdict, attempt.keyFrames);
      const job = await verifier.waitFor(attempt.challenge.id, 20_000);
      expect(job).toMatchObject({ status: 'verified', cloud: { live: true } });
    });
  },
);
