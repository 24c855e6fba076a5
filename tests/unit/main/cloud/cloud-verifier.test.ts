import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { CloudQueue } from '../../../../main/cloud/cloud-queue';
import { CloudSettingsSchema, type CloudSettings } from '../../../../main/cloud/cloud-settings';
import { CloudVerifier, type CloudEvent } from '../../../../main/cloud/cloud-verifier';
import { encodeJpeg } from '../../../../main/inference/image-file';
import { CloudCallError, type FaceDetector } from '../../../../main/cloud/rekognition-detector';
import { DEFAULT_CONFIG, type FaceDetail } from '../../../../main/liveness';
import { cloudFrames, keptAttempt, type KeptAttempt } from '../../../support/cloud-attempts';

/** Answers DetectFaces from the synthetic landmarks of whichever key frame was sent; can be told to fail. */
class ScriptedDetector implements FaceDetector {
  readonly answers = new Map<string, FaceDetail[]>();
  readonly failures: CloudCallError[] = [];
  /** Calls (1-based) that fail with the given error, whichever frame they carry. */
  readonly failAtCall = new Map<number, CloudCallError>();
  /** Successful answers per image: what the endpoint would have answered. */
  readonly answered = new Map<string, number>();
  calls = 0;
  async learn(k: KeptAttempt, quality: number): Promise<void> {
    const frames = cloudFrames(k);
    for (const [i, f] of k.keyFrames.entries()) {
      this.answers.set(Buffer.from(await encodeJpeg(f.frame, quality)).toString('base64'), [
        ...frames[i]!.faces,
      ]);
    }
  }
  async detectFaces(jpeg: Uint8Array): Promise<FaceDetail[]> {
    this.calls += 1;
    const failure = this.failAtCall.get(this.calls) ?? this.failures.shift();
    if (failure) throw failure;
    const key = Buffer.from(jpeg).toString('base64');
    const answer = this.answers.get(key);
    if (!answer) throw new CloudCallError('permanent', 'InvalidImageFormatException: unknown image');
    this.answered.set(key, (this.answered.get(key) ?? 0) + 1);
    return answer;
  }
}

let dir: string;
let now: number;
let events: CloudEvent[];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cloud-verifier-'));
  now = 1_000_000;
  events = [];
});

async function setup(overrides: Partial<CloudSettings> = {}, frameRetentionMs?: number) {
  const settings = CloudSettingsSchema.parse({ policy: 'advisory', ...overrides });
  const queue = await CloudQueue.open(dir);
  const detector = new ScriptedDetector();
  const verifier = new CloudVerifier({
    settings,
    queue,
    detector,
    config: DEFAULT_CONFIG,
    now: () => now,
    random: () => 0.5,
    onEvent: (e) => events.push(e),
    drainOnSubmit: false,
    ...(frameRetentionMs !== undefined ? { frameRetentionMs } : {}),
  });
  const visit = async (seed: number, plan = {}) => {
    const k = keptAttempt(seed, plan);
    await detector.learn(k, settings.jpegQuality);
    return k;
  };
  return { settings, queue, detector, verifier, visit };
}

describe('cloud re-verification', () => {
  test('with the policy off nothing is queued or sent', async () => {
    const { verifier, queue, detector, visit } = await setup({ policy: 'off' });
    const k = await visit(1);
    expect(await verifier.submit(k.challenge, k.verdict, k.keyFrames)).toEqual({
      queued: false,
      reason: 'cloud re-verification is off',
    });
    await verifier.drainOnce();
    expect(await queue.pending()).toEqual([]);
    expect(detector.calls).toBe(0);
  });

  test('an attempt that failed locally is not sent', async () => {
    const { verifier, visit } = await setup();
    const k = await visit(1, { turnDeg: 0 });
    expect(k.verdict.live).toBe(false);
    expect((await verifier.submit(k.challenge, k.verdict, k.keyFrames)).queued).toBe(false);
  });

  test('advisory: the cloud verdict is recorded beside the local one, with at most six calls', async () => {
    const { verifier, queue, detector, visit } = await setup();
    const k = await visit(1);
    expect(await verifier.submit(k.challenge, k.verdict, k.keyFrames)).toEqual({
      queued: true,
      reason: null,
    });
    await verifier.drainOnce();
    const [done] = await queue.done();
    expect(done).toMatchObject({ id: k.challenge.id, status: 'verified', agreement: 'agree' });
    expect(done!.cloud!.live).toBe(true);
    expect(done!.cloud!.calls).toBe(k.keyFrames.length);
    expect(detector.calls).toBeLessThanOrEqual(6);
    expect(await readdir(join(dir, 'evidence'))).toEqual([]);
    expect(verifier.stats()).toMatchObject({ queued: 0, lastSuccessAt: now, lastError: null });
  });

  test('passes never overlap: kicks and drains at once still send each key frame once', async () => {
    const { verifier, queue, detector, visit } = await setup();
    const k = await visit(8);
    await verifier.submit(k.challenge, k.verdict, k.keyFrames);
    verifier.kick();
    await Promise.all([verifier.drainOnce(), verifier.drainOnce()]);
    expect(detector.calls).toBe(k.keyFrames.length);
    expect(await queue.done()).toHaveLength(1);
  });

  test('network down: the attempt waits with backoff and is verified exactly once when it returns', async () => {
    const { verifier, queue, detector, settings, visit } = await setup();
    const k = await visit(2);
    await verifier.submit(k.challenge, k.verdict, k.keyFrames);
    detector.failures.push(new CloudCallError('transient', 'connect ECONNREFUSED'));
    await verifier.drainOnce();
    const [waiting] = await queue.pending();
    expect(waiting).toMatchObject({ attempts: 1, lastError: 'connect ECONNREFUSED' });
    expect(waiting!.nextAttemptAt - now).toBeGreaterThanOrEqual(settings.retryBaseMs / 2);
    expect(waiting!.nextAttemptAt - now).toBeLessThanOrEqual(settings.retryBaseMs);
    const callsBefore = detector.calls;
    await verifier.drainOnce();
    expect(detector.calls).toBe(callsBefore); // not due yet
    now = waiting!.nextAttemptAt;
    await verifier.drainOnce();
    await verifier.drainOnce();
    expect(await queue.pending()).toEqual([]);
    expect(await queue.done()).toHaveLength(1);
    expect(events.filter((e) => e.type === 'verified')).toHaveLength(1);
  });

  test('a fault mid-pass: frames answered before it are never sent again, and the attempt costs one call per frame plus the failed one', async () => {
    const { verifier, queue, detector, visit } = await setup();
    const k = await visit(2);
    await verifier.submit(k.challenge, k.verdict, k.keyFrames);
    // The fourth request of the pass fails (a dropped connection), after three answers.
    detector.failAtCall.set(4, new CloudCallError('transient', 'socket hang up'));
    await verifier.drainOnce();
    const [waiting] = await queue.pending();
    expect(waiting!.answers.map((a) => a.frame)).toEqual([0, 1, 2]);
    now = waiting!.nextAttemptAt;
    await verifier.drainOnce();
    const [verified] = await queue.done();
    // Every key frame answered exactly once at the endpoint; one request more for the failure.
    expect([...detector.answered.values()]).toEqual(k.keyFrames.map(() => 1));
    expect(detector.calls).toBe(k.keyFrames.length + 1);
    expect(verified!.cloud).toMatchObject({ calls: k.keyFrames.length, requests: k.keyFrames.length + 1 });
    expect(verified!.cloud?.live).toBe(true);
  });

  test('a crash after some answers: the restarted kiosk sends only the frames still without one', async () => {
    const { verifier, queue, detector, visit } = await setup();
    const k = await visit(3);
    await verifier.submit(k.challenge, k.verdict, k.keyFrames);
    detector.failAtCall.set(3, new CloudCallError('transient', 'socket hang up'));
    await verifier.drainOnce();
    await verifier.stop();
    // A new process on the same queue directory.
    const restarted = new CloudVerifier({
      settings: CloudSettingsSchema.parse({ policy: 'advisory' }),
      queue: await CloudQueue.open(queue.directory),
      detector,
      config: DEFAULT_CONFIG,
      now: () => now + 3_600_000,
      random: () => 0.5,
      drainOnSubmit: false,
    });
    await restarted.drainOnce();
    expect([...detector.answered.values()]).toEqual(k.keyFrames.map(() => 1));
    expect(await queue.pending()).toEqual([]);
  });

  test('throttling backs off longer and stops the pass: the next attempt is not tried into the storm', async () => {
    const { verifier, queue, detector, settings, visit } = await setup();
    for (const seed of [1, 2]) {
      const k = await visit(seed);
      await verifier.submit(k.challenge, k.verdict, k.keyFrames);
    }
    detector.failures.push(new CloudCallError('throttled', 'ThrottlingException: Rate exceeded'));
    await verifier.drainOnce();
    expect(detector.calls).toBe(1);
    const pending = await queue.pending();
    expect(pending).toHaveLength(2);
    const throttled = pending.find((j) => j.attempts === 1)!;
    expect(throttled.nextAttemptAt - now).toBeGreaterThanOrEqual(settings.throttleBaseMs / 2);
  });

  test('a malformed answer keeps the attempt queued with a clear error; the others go on', async () => {
    const { verifier, queue, detector, visit } = await setup();
    const first = await visit(1);
    const second = await visit(2);
    now += 1; // first is older
    await verifier.submit(first.challenge, first.verdict, first.keyFrames);
    now += 1;
    await verifier.submit(second.challenge, second.verdict, second.keyFrames);
    detector.failures.push(new CloudCallError('malformed', "Rekognition's answer could not be read"));
    await verifier.drainOnce();
    const [left] = await queue.pending();
    expect(left).toMatchObject({
      id: first.challenge.id,
      lastError: "Rekognition's answer could not be read",
    });
    expect((await queue.done()).map((j) => j.id)).toEqual([second.challenge.id]);
  });

  test('an attempt older than the maximum age expires with a recorded status and no call', async () => {
    const { verifier, queue, detector, settings, visit } = await setup();
    const k = await visit(3);
    await verifier.submit(k.challenge, k.verdict, k.keyFrames);
    now += settings.maxAgeMs + 1;
    await verifier.drainOnce();
    expect(detector.calls).toBe(0);
    expect((await queue.done())[0]).toMatchObject({ status: 'expired' });
    expect(await readdir(join(dir, 'evidence'))).toEqual([]);
  });

  test('an attempt still waiting when its frames reach the evidence retention expires, and its frames go', async () => {
    const { verifier, queue, detector, visit } = await setup({}, 24 * 3600_000);
    const k = await visit(4);
    await verifier.submit(k.challenge, k.verdict, k.keyFrames);
    now += 24 * 3600_000 + 1; // a day: within the cloud's 7-day maximum age, past the retention
    await verifier.drainOnce();
    expect(detector.calls).toBe(0);
    expect((await queue.done())[0]).toMatchObject({
      status: 'expired',
      lastError: expect.stringContaining('evidence retention'),
    });
    expect(await readdir(join(dir, 'evidence'))).toEqual([]);
  });

  test('a disagreement (the cloud sees no face) is recorded as such', async () => {
    const { verifier, queue, detector, visit } = await setup();
    const k = await visit(4);
    for (const key of detector.answers.keys()) detector.answers.set(key, []);
    await verifier.submit(k.challenge, k.verdict, k.keyFrames);
    await verifier.drainOnce();
    expect((await queue.done())[0]).toMatchObject({ agreement: 'disagree', cloud: { live: false } });
  });

  test('required: the caller can wait for the cloud, and is told when it does not answer in time', async () => {
    const { verifier, detector, visit } = await setup({ policy: 'required' });
    const k = await visit(5);
    await verifier.submit(k.challenge, k.verdict, k.keyFrames);
    const answered = await verifier.waitFor(k.challenge.id, 5000);
    expect(answered).toMatchObject({ status: 'verified', cloud: { live: true } });
    const late = await visit(6);
    detector.failures.push(new CloudCallError('transient', 'timeout'));
    await verifier.submit(late.challenge, late.verdict, late.keyFrames);
    expect(await verifier.waitFor(late.challenge.id, 200)).toBeNull();
  });

  test('reopening the queue after a restart picks up what was waiting', async () => {
    const first = await setup();
    const k = await first.visit(7);
    first.detector.failures.push(new CloudCallError('transient', 'socket hang up'));
    await first.verifier.submit(k.challenge, k.verdict, k.keyFrames);
    await first.verifier.stop();
    const second = await setup();
    await second.detector.learn(k, second.settings.jpegQuality);
    now += 60_000;
    await second.verifier.drainOnce();
    expect((await second.queue.done()).map((j) => j.id)).toEqual([k.challenge.id]);
  });
});
