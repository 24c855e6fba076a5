import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudQueue } from '../main/cloud/cloud-queue';
import { CloudSettingsSchema } from '../main/cloud/cloud-settings';
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
}

export async function benchCloud(attempts = 20): Promise<CloudBench> {
  const { faceapi } = await loadFaceApi('auto');
  const analyzer = FaceAnalyzer.create(faceapi, await readVerifiedNets(NETS_FOR_ANALYSIS));
  const endpoint = new RekognitionEndpoint(analyzer);
  await endpoint.start();
  const dir = await mkdtemp(join(tmpdir(), 'liveness-cloud-bench-'));
  try {
    const settings = CloudSettingsSchema.parse({ policy: 'advisory' });
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
    const frames = await sampleFrames(MAX_KEY_FRAMES);
    const keyFrames: KeyFrame[] = frames.map((frame, index) => ({ index, timestampMs: index * 200, frame }));
    const encodeMs: number[] = [];
    const jpegBytes: number[] = [];
    for (const f of frames) jpegBytes.push((await encodeJpeg(f, settings.jpegQuality)).byteLength);
    for (let i = 0; i < attempts; i++) {
      const made = createChallenge({
        frame: { width: 640, height: 480 },
        now: 0,
        random: seededRandom(i + 1),
      });
      if (!made.ok) throw made.error;
      const verdict: Verdict = {
        challengeId: made.value.id,
        live: true,
        score: 0.9,
        failure: null,
        reasons: [],
      };
      const start = performance.now();
      const outcome = await verifier.submit(made.value, verdict, keyFrames);
      encodeMs.push(performance.now() - start);
      if (!outcome.queued) throw new Error(`not queued: ${outcome.reason}`);
    }
    const start = performance.now();
    while ((await queue.pending()).length) await verifier.drainOnce();
    const drainSeconds = (performance.now() - start) / 1000;
    const done = await queue.done();
    const calls = done.map((j) => j.cloud?.calls ?? 0).sort((a, b) => a - b);
    const bytes = done.map((j) => j.cloud?.bytesSent ?? 0).sort((a, b) => a - b);
    return {
      attempts,
      callsPerVerification: percentile(calls, 50),
      bytesPerVerification: percentile(bytes, 50),
      wireBytesPerVerification: endpoint.bytesReceived / attempts,
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
      callsPerSecond: endpoint.calls / drainSeconds,
    };
  } finally {
    await endpoint.stop();
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
}
