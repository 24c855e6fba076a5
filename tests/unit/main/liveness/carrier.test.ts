import { describe, expect, test } from 'vitest';
import {
  DEFAULT_CONFIG,
  LivenessSession,
  lightStepAt,
  surroundMotion,
  type Box,
  type Challenge,
  type Reason,
  type SceneImage,
  type SurroundFrame,
  type Verdict,
} from '../../../../main/liveness';
import { SCENE_SIZE, plainScene, roomScene } from '../../../support/synthetic-scene';
import { seededChallenge, visitorFrames, type VisitorPlan } from '../../../support/visitor';

const challenge = seededChallenge;

function run(
  c: Challenge,
  plan: VisitorPlan = {},
  strip = false,
): { session: LivenessSession; verdict: Verdict } {
  const session = new LivenessSession(c);
  for (const f of visitorFrames(c, plan)) {
    const { scene: _scene, ...bare } = f;
    const r = session.step(strip ? bare : f);
    if (!r.ok) throw r.error;
    if (r.value.done) break;
  }
  return { session, verdict: session.verdict! };
}

const reason = (v: Verdict, code: string): Reason => v.reasons.find((r) => r.code === code)!;

/** A face box in the middle of a 640x480 frame, shifted by `dx` camera pixels. */
const faceAt = (dx: number, scene: SceneImage): SurroundFrame => {
  const box: Box = { left: 260 + dx, top: 180, width: 120, height: 130 };
  return { box, scene };
};

/** Horizontal stripes: every block is an edge along a sideways motion. */
function stripes(): SceneImage {
  const { width, height } = SCENE_SIZE;
  const luma = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) luma.fill(Math.floor(y / 4) % 2 ? 200 : 40, y * width, (y + 1) * width);
  return { width, height, luma };
}

describe('what the surroundings did', () => {
  test('a room that stays still while the face moves is still, block by block', () => {
    const m = surroundMotion(faceAt(0, roomScene()), faceAt(40, roomScene()), 640);
    expect(m.faceShift.x).toBeCloseTo(10);
    expect(m.still).toBeGreaterThan(20);
    expect(m.moved).toBe(0);
  });

  test('a picture that moves with the face (a held-up screen) moved, block by block', () => {
    const m = surroundMotion(faceAt(0, roomScene()), faceAt(40, roomScene({ x: 10, y: 0 })), 640);
    expect(m.moved).toBeGreaterThan(20);
    expect(m.still).toBe(0);
  });

  test('a plain wall gives nothing to judge by', () => {
    const m = surroundMotion(faceAt(0, plainScene()), faceAt(40, plainScene()), 640);
    expect(m).toMatchObject({ moved: 0, still: 0 });
    expect(m.undecided).toBeGreaterThan(20);
  });

  test('edges along the motion fit both ways and decide nothing', () => {
    const m = surroundMotion(faceAt(0, stripes()), faceAt(40, stripes()), 640);
    expect(m).toMatchObject({ moved: 0, still: 0 });
  });
});

describe('the surroundings_still check', () => {
  test('a visitor in front of a still room passes it', () => {
    const { verdict } = run(challenge(1), { turnDeg: 30 });
    expect(reason(verdict, 'surroundings_still')).toMatchObject({ passed: true, evaluated: true });
    expect(reason(verdict, 'surroundings_still').value!).toBeLessThan(
      DEFAULT_CONFIG.verdict.maxSurroundMovedShare,
    );
    expect(verdict.live).toBe(true);
  });

  test('a face whose surroundings move with it on its way to the target (a screen moved by hand) fails it', () => {
    const { verdict } = run(challenge(1), { turnDeg: 12, carried: true });
    expect(reason(verdict, 'nose_reached_target').passed).toBe(true);
    expect(reason(verdict, 'head_rotated').passed).toBe(true);
    expect(reason(verdict, 'surroundings_still')).toMatchObject({ passed: false, evaluated: true });
    expect(reason(verdict, 'surroundings_still').message).toContain('moved with it');
    expect(verdict.live).toBe(false);
  });

  test('while the screen flashes its colours, frames are compared only under the same colour', () => {
    // The room's picture follows the face under every colour but the one the target appeared under
    // (as a lit room's picture can change between colours). Compared colour by colour, it is still.
    const c = challenge(1);
    const still = visitorFrames(c, { turnDeg: 30 });
    const disturbed = visitorFrames(c, { turnDeg: 30, carried: true });
    const start = still[0]!.timestampMs;
    const shownAt = (t: number) => lightStepAt(t - start, c.lightStepMs, c.lightColours.length);
    const visit = (disturbUnless: number | null) => {
      const session = new LivenessSession(c);
      for (const [i, f] of still.entries()) {
        const shown = shownAt(f.timestampMs);
        const colour = shown === null ? null : c.lightColours[shown]!;
        const frame = disturbUnless !== null && colour !== disturbUnless ? disturbed[i]! : f;
        const r = session.step({ ...frame, light: { shown, face: null, scene: null } });
        if (!r.ok) throw r.error;
        if (r.value.done) break;
      }
      return session;
    };
    // Where the target appeared, and the first colour shown from then on.
    const attempt = visit(null).attempt();
    const first = attempt.frames
      .slice(attempt.segmentStarts[0]!)
      .find((f) => f.light?.shown !== null && f.light?.shown !== undefined)!;
    const carrier = reason(visit(c.lightColours[first.light!.shown!]!).verdict!, 'surroundings_still');
    expect(carrier).toMatchObject({ passed: true, evaluated: true });
    expect(carrier.value).toBe(0);
  });

  test('frames without scene pictures cannot rule out a screen and fail it', () => {
    const { verdict } = run(challenge(1), { turnDeg: 30 }, true);
    expect(reason(verdict, 'surroundings_still')).toMatchObject({
      passed: false,
      evaluated: true,
      value: null,
    });
    expect(verdict.live).toBe(false);
  });

  test('the session keeps scene pictures only for the frames the check compares', () => {
    const { session } = run(challenge(2), { turnDeg: 30, settleFrames: 8 });
    const attempt = session.attempt();
    const kept = attempt.frames.flatMap((f, i) => (f.scene ? [i] : []));
    const compared = attempt.frames.flatMap((f, i) =>
      f.phase === 'nose' || i === attempt.inAreaIndex ? [i] : [],
    );
    expect(kept).toEqual(compared);
    // The visitor stepped up through empty frames: those came with pictures too, and were dropped.
    expect(attempt.inAreaIndex).toBeGreaterThan(2);
  });
});
