import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudQueue } from '../main/cloud/cloud-queue';
import { CloudSettingsSchema, type CloudSettings } from '../main/cloud/cloud-settings';
import { CloudVerifier } from '../main/cloud/cloud-verifier';
import { encodeJpeg } from '../main/inference/image-file';
import { MAX_KEY_FRAMES, type KeyFrame } from '../main/cloud/key-frames';
import { rekognitionDetector } from '../main/cloud/rekognition-detector';
import { FaceAnalyzer, NETS_FOR_ANALYSIS } from '../main/inference/face-analyzer';
import { loadFaceApi } from '../main/inference/face-api-loader';
import { readVerifiedNets } from '../main/inference/model-catalogue';
import { DEFAULT_CONFIG, createChallenge, seededRandom, type Verdict } from '../main/liveness';
import { RekognitionEndpoint, TEST_CREDENTIALS } from '../tests/support/rekognition-endpoint';
import { percentile } from './harness';
import { sampleFrames } from './inference';

/*
 * Cloud re-verification cost: DetectFaces calls and bytes sent per verification, JPEG encoding per
 * attempt, and how fast a backlog drains against the local Rekognition endpoint (real SDK, signed
 * requests, answers from this project's inference on the same machine).
 */

export interface CloudBench {
  readonly attempts: number;
  readonly callsPerVerification: number;
  readonly bytesPerVerification: number;
  /** Request bodies as sent (base64 image in JSON), per verification. */
  readonly wireBytesPerVerification: number;
  readonly jpegBytesMedian: number;
  readonly encodeMsMedian: number;
  readonly drainSeconds: number;
  readonly attemptsPerSecond: number;
  readonly callsPerSecond: number;
  /** A second backlog drained while the endpoint fails one request in four (5xx, drops, throttling). */
  readonly underFaults: {
    readonly attempts: number;
    readonly failedRequests: number;
    readonly callsMedian: number;
    readonly callsMax: number;
    readonly requestsMedian: number;
    readonly requestsMax: number;
    /** Counted at the endpoint: the most successful answers any one image got per attempt. */
    readonly answersPerImageMax: number;
  };
}

export async function benchCloud(attempts = 20): Promise<CloudBench> {
  const { faceapi } = await loadFaceApi('auto');
  const analyzer = FaceAnalyzer.create(faceapi, await readVerifiedNets(NETS_FOR_ANALYSIS));
  const endpoint = new RekognitionEndpoint(analyzer);
  await endpoint.start();
  const dir = await mkdtemp(join(tmpdir(), 'liveness-cloud-bench-'));
  try {
    const settings = CloudSettingsSchema.parse({ policy: 'advisory' });
    const { queue, verifier } = await verifierOn(dir, endpoint, settings);
    const frames = await sampleFrames(MAX_KEY_FRAMES);
    const keyFrames: KeyFrame[] = frames.map((frame, index) => ({ index, timestampMs: index * 200, frame }));
    const encodeMs: number[] = [];
    const jpegBytes: number[] = [];
    for (const f of frames) jpegBytes.push((await encodeJpeg(f, settings.jpegQuality)).byteLength);
    for (let i = 0; i < attempts; i++) {
      const start = performance.now();
      await queueAttempt(verifier, keyFrames, i + 1);
      encodeMs.push(performance.now() - start);
    }
    const start = performance.now();
    while ((await queue.pending()).length) await verifier.drainOnce();
    const drainSeconds = (performance.now() - start) / 1000;
    const done = await queue.done();
    const calls = done.map((j) => j.cloud?.calls ?? 0).sort((a, b) => a - b);
    const bytes = done.map((j) => j.cloud?.bytesSent ?? 0).sort((a, b) => a - b);
    const cleanCalls = endpoint.calls;
    const cleanBytes = endpoint.bytesReceived;
    const underFaults = await drainUnderFaults(endpoint, keyFrames, Math.max(4, Math.round(attempts / 2)));
    return {
      underFaults,
      attempts,
      callsPerVerification: percentile(calls, 50),
      bytesPerVerification: percentile(bytes, 50),
      wireBytesPerVerification: cleanBytes / attempts,
      jpegBytesMedian: percentile(
        [...jpegBytes].sort((a, b) => a - b),
        50,
      ),
      encodeMsMedian: percentile(
        [...encodeMs].sort((a, b) => a - b),
        50,
      ),
      drainSeconds,
      attemptsPerSecond: attempts / drainSeconds,
      callsPerSecond: cleanCalls / drainSeconds,
    };
  } finally {
    await endpoint.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** A verifier on its own queue directory, talking to the local endpoint with the real SDK. */
async function verifierOn(dir: string, endpoint: RekognitionEndpoint, settings: CloudSettings) {
  const queue = await CloudQueue.open(dir);
  const verifier = new CloudVerifier({
    settings,
    queue,
    detector: rekognitionDetector({
      region: settings.region,
      endpoint: endpoint.url,
      credentials: TEST_CREDENTIALS,
    }),
    config: DEFAULT_CONFIG,
    drainOnSubmit: false,
  });
  return { queue, verifier };
}

/** Queues one locally passed attempt (a fresh challenge) with the sample key frames. */
async function queueAttempt(
  verifier: CloudVerifier,
  keyFrames: readonly KeyFrame[],
  seed: number,
): Promise<void> {
  const made = createChallenge({ frame: { width: 640, height: 480 }, now: 0, random: seededRandom(seed) });
  if (!made.ok) throw made.error;
  const verdict: Verdict = { challengeId: made.value.id, live: true, score: 0.9, failure: null, reasons: [] };
  const outcome = await verifier.submit(made.value, verdict, keyFrames);
  if (!outcome.queued) throw new Error(`not queued: ${outcome.reason}`);
}

/** Faults on one request in four, in a fixed order, so runs compare. */
const FAULT_CYCLE = [
  null,
  null,
  null,
  'server_error',
  null,
  null,
  null,
  'drop',
  null,
  null,
  null,
  'throttle',
] as const;

async function drainUnderFaults(
  endpoint: RekognitionEndpoint,
  keyFrames: readonly KeyFrame[],
  attempts: number,
): Promise<CloudBench['underFaults']> {
  const dir = await mkdtemp(join(tmpdir(), 'liveness-cloud-bench-faults-'));
  try {
    // Backoff shortened to milliseconds: the benchmark measures counts, not waiting.
    const settings = CloudSettingsSchema.parse({
      policy: 'advisory',
      retryBaseMs: 1,
      retryMaxMs: 5,
      throttleBaseMs: 1,
    });
    const { queue, verifier } = await verifierOn(dir, endpoint, settings);
    for (let i = 0; i < attempts; i++) await queueAttempt(verifier, keyFrames, 1000 + i);
    endpoint.answeredPerImage.clear();
    const before = endpoint.calls;
    for (let pass = 0; pass < 200 && (await queue.pending()).length; pass++) {
      for (let i = 0; i < 24; i++) {
        const fault = FAULT_CYCLE[(endpoint.calls + i) % FAULT_CYCLE.length] ?? null;
        endpoint.faults.push(fault);
      }
      await verifier.drainOnce();
      endpoint.faults.length = 0;
      await new Promise((r) => setTimeout(r, 6));
    }
    const done = await queue.done();
    const calls = done.map((j) => j.cloud?.calls ?? 0).sort((a, b) => a - b);
    const requests = done.map((j) => j.cloud?.requests ?? 0).sort((a, b) => a - b);
    // Requests the endpoint refused or dropped: all it served, less the answers kept.
    const failedRequests = endpoint.calls - before - calls.reduce((a, b) => a + b, 0);
    return {
      attempts: done.length,
      failedRequests,
      callsMedian: percentile(calls, 50),
      callsMax: calls[calls.length - 1] ?? 0,
      requestsMedian: percentile(requests, 50),
      requestsMax: requests[requests.length - 1] ?? 0,
      // The sample frames are distinct images; each attempt sends each once.
      answersPerImageMax: Math.max(0, ...endpoint.answeredPerImage.values()) / done.length,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function printCloud(b: CloudBench): void {
  console.log(`\nCloud re-verification (${b.attempts} attempts, local endpoint, real SDK)`);
  console.log(
    `  DetectFaces calls per verification (median): ${b.callsPerVerification} (original design: every nose-phase frame, up to ~120)`,
  );
  console.log(
    `  image bytes per verification (median): ${Math.round(b.bytesPerVerification / 1024)} KiB (${Math.round(b.wireBytesPerVerification / 1024)} KiB as request bodies); JPEG per key frame ${Math.round(b.jpegBytesMedian / 1024)} KiB`,
  );
  console.log(
    `  queueing an attempt (JPEG encode + durable write), median: ${b.encodeMsMedian.toFixed(1)} ms`,
  );
  console.log(
    `  backlog drain: ${b.drainSeconds.toFixed(1)} s, ${b.attemptsPerSecond.toFixed(2)} attempts/s, ${b.callsPerSecond.toFixed(1)} calls/s`,
  );
  const f = b.underFaults;
  console.log(
    `  under faults (1 request in 4 fails: 5xx, dropped, throttled; ${f.attempts} attempts, ${f.failedRequests} failed requests): successful calls per verification median ${f.callsMedian}, max ${f.callsMax}; requests median ${f.requestsMedian}, max ${f.requestsMax}; answers per image per attempt at the endpoint, max ${f.answersPerImageMax}`,
  );
}
