import { InferenceService } from '../main/inference/inference-service';
import { rgbaToI420 } from '../main/inference/y4m';
import { KioskService } from '../main/kiosk/kiosk-service';
import { CHANNELS, type Reply, type SessionStarted } from '../preload/contract';
import { sampleFrames } from './inference';

/*
 * Memory over many visits: the kiosk service with real inference in its worker runs `attempts`
 * short attempts (start, a few camera frames in the camera's I420 format, cancel), and the tensor
 * count and the process's resident memory are read before and after. A leak of one tensor or a
 * frame's buffer per attempt shows up as a count that grows with the attempts.
 */

export interface SoakBench {
  readonly attempts: number;
  readonly framesPerAttempt: number;
  readonly seconds: number;
  readonly tensorsBefore: number;
  readonly tensorsAfter: number;
  readonly rssMbBefore: number;
  readonly rssMbAfter: number;
}

export async function benchSoak(
  workerPath: string,
  attempts = 1000,
  framesPerAttempt = 3,
): Promise<SoakBench> {
  const frames = (await sampleFrames(8)).map((f) => ({ ...f, i420: rgbaToI420(f) }));
  const inference = new InferenceService({ workerPath });
  await inference.start();
  // Every cancelled attempt with a face counts as a failure: a window of 1 ms keeps the lockout out
  // of the way (the soak is about memory, not about the lockout).
  const service = new KioskService({
    inference,
    lockout: { maxFailures: 5, windowMs: 1, autoClearMs: null },
  });
  let clock = 0;
  const visit = async () => {
    const started = (await service.dispatch(CHANNELS.startSession, {})) as Reply<SessionStarted>;
    if (!started.ok) throw new Error(started.error.message);
    const { sessionId } = started.value;
    for (let i = 0; i < framesPerAttempt; i++) {
      const f = frames[(clock / 33) % frames.length]!;
      clock += 33;
      const reply = await service.dispatch(CHANNELS.submitFrame, {
        sessionId,
        timestampMs: clock,
        width: f.width,
        height: f.height,
        format: 'i420',
        data: f.i420.slice(),
      });
      if (!reply.ok) throw new Error(reply.error.message);
    }
    await service.dispatch(CHANNELS.cancelSession, { sessionId });
  };
  try {
    // Warm up: the first attempts allocate what every later one reuses.
    for (let i = 0; i < 20; i++) await visit();
    global.gc?.();
    const before = await inference.stats();
    const t0 = performance.now();
    for (let i = 0; i < attempts; i++) await visit();
    const seconds = (performance.now() - t0) / 1000;
    global.gc?.();
    const after = await inference.stats();
    const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
    return {
      attempts,
      framesPerAttempt,
      seconds: Math.round(seconds),
      tensorsBefore: before.numTensors,
      tensorsAfter: after.numTensors,
      rssMbBefore: mb(before.rssBytes),
      rssMbAfter: mb(after.rssBytes),
    };
  } finally {
    await inference.close();
  }
}

export function printSoak(s: SoakBench): void {
  console.log(
    `\nSoak: ${s.attempts} attempts of ${s.framesPerAttempt} I420 frames through the kiosk service and the inference worker in ${s.seconds} s: ` +
      `tensors ${s.tensorsBefore} -> ${s.tensorsAfter}; process RSS ${s.rssMbBefore} -> ${s.rssMbAfter} MB`,
  );
}
