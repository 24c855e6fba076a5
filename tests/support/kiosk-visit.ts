import type { KioskService } from '../../main/kiosk/kiosk-service';
import { LIGHT_PALETTE, lightStepAt, type Challenge } from '../../main/liveness';
import { CHANNELS, type FrameOutcome, type Reply, type SessionStarted } from '../../preload/contract';
import { ROOM, skinUnder, type ScriptedInference } from './fake-inference';
import { visitorFrames, type VisitorPlan } from './visitor';

/**
 * One whole visit through the kiosk service's contract: a session started, the synthetic visitor's
 * frames submitted (their faces scripted into the inference stand-in) until the session ends.
 */
export async function playVisit(
  service: KioskService,
  inference: ScriptedInference,
  plan: VisitorPlan = {},
  hidden?: Challenge,
  /**
   * The screen shows the challenge's colours from the first frame, and the face reflects this share
   * of them (0: a recording on a display): each frame says which colour was on screen, and the
   * inference stand-in reads the face's colour accordingly.
   */
  screen?: { readonly reflect: number },
): Promise<{ sessionId: string; challenge: Challenge; last: FrameOutcome | undefined }> {
  const started = (await service.dispatch(CHANNELS.startSession, {})) as Reply<SessionStarted>;
  if (!started.ok) throw new Error(started.error.message);
  const { sessionId } = started.value;
  // The screen learns the first target only; a sequence's later ones come from `hidden` (the test
  // knows them from the seed, as a visitor would see them appear).
  const shown = started.value.challenge;
  const challenge: Challenge = hidden ?? {
    ...shown,
    createdAt: 0,
    secureRandom: false,
    targets: [shown.nose],
    targetSides: [shown.targetSide],
    revealDelaysMs: [],
  };
  let last: FrameOutcome | undefined;
  const frames = visitorFrames(challenge, plan);
  const start = frames[0]?.timestampMs ?? 0;
  for (const f of frames) {
    inference.queue.push(f.faces);
    if (f.scene) inference.scenes.push(f.scene);
    let lightStep: number | undefined | null;
    if (screen) {
      const t = f.timestampMs - start;
      lightStep = lightStepAt(t, shown.lightStepMs, shown.lightColours.length);
      const colour = LIGHT_PALETTE[shown.lightColours[Math.floor(t / shown.lightStepMs)]!]!;
      inference.colours.push({
        face: skinUnder(colour, screen.reflect),
        scene: ROOM,
      });
    }
    const r = (await service.dispatch(CHANNELS.submitFrame, {
      sessionId,
      timestampMs: f.timestampMs,
      width: 640,
      height: 480,
      data: new Uint8Array(640 * 480 * 4),
      ...(lightStep !== undefined ? { lightStep } : {}),
    })) as Reply<FrameOutcome>;
    if (!r.ok) throw new Error(r.error.message);
    last = r.value;
    if (last.status === 'processed' && last.view.done) break;
  }
  return { sessionId, challenge, last };
}
