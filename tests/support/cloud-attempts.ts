import {
  DEFAULT_CONFIG,
  LivenessSession,
  createChallenge,
  seededRandom,
  type AttemptRecord,
  type Challenge,
  type LivenessConfig,
  type Verdict,
} from '../../main/liveness';
import { KeyFrameKeeper, type KeyFrame } from '../../main/cloud/key-frames';
import type { CloudFrame } from '../../main/liveness';
import { faceDetailFrom } from './rekognition-landmarks';
import { visitorFrames, type VisitorPlan } from './visitor';

/*
 * A synthetic visitor's attempt run through the session with a key-frame keeper, as the kiosk does:
 * the key frames carry a tiny stand-in image tagged with the frame index, and cloudFrames() turns
 * them into the DetectFaces answers the synthetic landmarks would give.
 */

export interface KeptAttempt {
  readonly challenge: Challenge;
  readonly attempt: AttemptRecord;
  readonly verdict: Verdict;
  readonly keyFrames: KeyFrame[];
  readonly keeper: KeyFrameKeeper;
}

export function keptAttempt(
  seed: number,
  plan: VisitorPlan = {},
  capacity?: number,
  config: LivenessConfig = DEFAULT_CONFIG,
): KeptAttempt {
  const made = createChallenge({
    frame: { width: 640, height: 480 },
    now: 0,
    random: seededRandom(seed),
    config: config.challenge,
  });
  if (!made.ok) throw made.error;
  const challenge = made.value;
  const session = new LivenessSession(challenge, { config });
  const keeper = new KeyFrameKeeper(capacity);
  let index = 0;
  for (const obs of visitorFrames(challenge, plan)) {
    const phase = session.currentPhase;
    const r = session.step(obs);
    if (!r.ok) throw r.error;
    keeper.offerStep(session.attempt(), phase, obs.timestampMs, {
      width: 1,
      height: 1,
      data: new Uint8Array([index % 256, 0, 0, 255]),
    });
    index += 1;
    if (r.value.done) break;
  }
  if (!session.verdict) session.cancel();
  const attempt = session.attempt();
  return { challenge, attempt, verdict: session.verdict!, keyFrames: keeper.select(attempt), keeper };
}

/** What DetectFaces would answer for each key frame (from the synthetic landmarks). */
export function cloudFrames(k: KeptAttempt): CloudFrame[] {
  return k.keyFrames.map((f) => {
    const record = k.attempt.frames[f.index]!;
    const faces =
      record.landmarks && record.box
        ? [faceDetailFrom({ box: record.box, landmarks: record.landmarks, score: 0.9 }, k.challenge.frame)]
        : [];
    return { timestampMs: f.timestampMs, faces };
  });
}
