import { sceneThumbnail } from '../main/inference/scene-thumbnail';
import { lightColours } from '../main/inference/light-colours';
import {
  LivenessSession,
  buildVerdict,
  carrierMeasure,
  createChallenge,
  lightResponse,
  measureHeadPose,
  seededRandom,
  verifyRekognitionChallenge,
} from '../main/liveness';
import { rekognitionAttempt } from '../tests/support/rekognition-frames';
import { visitorFrames } from '../tests/support/visitor';
import { time, type Timing } from './harness';

/**
 * The engine's cost per frame and per verdict: it runs on the main process's event loop beside
 * IPC, so it must stay far below a frame interval (33 ms at 30 fps).
 */
export async function benchEngine(): Promise<Timing[]> {
  const made = createChallenge({ frame: { width: 640, height: 480 }, now: 0, random: seededRandom(1) });
  if (!made.ok) throw made.error;
  const challenge = made.value;
  const frames = visitorFrames(challenge, { moveFrames: 60 });
  const perFrame = await time(
    `session: one attempt (${frames.length} frames + verdict) divided by its frames`,
    () => {
      const s = new LivenessSession(challenge);
      for (const f of frames) if (s.step(f).ok && s.done) break;
    },
    { runs: 100 },
  );
  const perFrameRow = {
    ...perFrame,
    p50_ms: Math.round((perFrame.p50_ms / frames.length) * 1000) / 1000,
    p95_ms: Math.round((perFrame.p95_ms / frames.length) * 1000) / 1000,
  };
  // Inside the per-frame figure above; shown alone because it is the largest share of it.
  const landmarks = frames[frames.length - 1]!.faces[0]!.landmarks;
  const pose = await time('head pose: 3D face model fitted to 68 landmarks (per frame)', () =>
    measureHeadPose(landmarks, { frame: challenge.frame, horizontalFovDeg: 64 }),
  );
  const verify = await time('original Rekognition verifier, one attempt', () =>
    verifyRekognitionChallenge(rekognitionAttempt()),
  );
  const issue = await time('challenge: create (cryptographic source)', () =>
    createChallenge({ frame: { width: 640, height: 480 }, now: 0 }),
  );
  // The carrier check's two costs: the scene picture per frame (in the inference worker), and the
  // block search over the attempt's frames once, at the verdict (on main's event loop).
  const camera = {
    width: 640,
    height: 480,
    data: new Uint8Array(640 * 480 * 4).map((_, i) => (i * 7919) % 251),
  };
  const thumbnail = await time('scene picture: 640x480 RGBA to 160x120 grey (per frame, worker)', () =>
    sceneThumbnail(camera),
  );
  const colours = await time(
    "screen light: the face's and the frame's mean colours (per frame, worker)",
    () => lightColours(camera, { left: 200, top: 120, width: 240, height: 280 }),
  );
  const finished = new LivenessSession(challenge);
  for (const f of frames) if (finished.step(f).ok && finished.done) break;
  const attempt = finished.attempt();
  const carrier = await time(
    `surroundings_still: carrier measure over one attempt (${attempt.frames.filter((f) => f.scene).length} pictures)`,
    () => carrierMeasure(attempt),
    { warmup: 3, runs: 30 },
  );
  const verdict = await time('verdict: every check over one finished attempt', () => buildVerdict(attempt), {
    runs: 30,
  });
  const lightSamples = frames.map((f, i) => ({
    shown: i,
    face: [150 + (i % 3), 110, 100] as const,
    scene: [110, 110, 110] as const,
  }));
  const response = await time(`screen_light: response over one attempt (${frames.length} frames)`, () =>
    lightResponse(lightSamples, challenge.lightColours),
  );
  return [perFrameRow, pose, verify, issue, thumbnail, colours, carrier, response, verdict];
}
