import { describe, expect, test } from 'vitest';
import {
  DEFAULT_CONFIG,
  LivenessSession,
  boxCenter,
  walkUpDistance,
  type Challenge,
  type Reason,
  type Verdict,
} from '../../../../main/liveness';
import { frameAt, headFace, headPositionForNose, personDescriptor } from '../../../support/synthetic-face';
import { centredHead, seededChallenge, visitorFrames, type VisitorPlan } from '../../../support/visitor';

const challenge = seededChallenge;

function run(c: Challenge, plan: VisitorPlan = {}): { session: LivenessSession; verdict: Verdict } {
  const session = new LivenessSession(c);
  for (const f of visitorFrames(c, plan)) {
    const r = session.step(f);
    if (!r.ok) throw r.error;
    if (r.value.done) break;
  }
  if (!session.verdict) session.cancel();
  return { session, verdict: session.verdict! };
}

const reason = (v: Verdict, code: string): Reason => v.reasons.find((r) => r.code === code)!;

describe('3D parallax', () => {
  test('a real head turning toward the target shows depth', () => {
    const { verdict } = run(challenge(1), { turnDeg: 30 });
    expect(reason(verdict, 'depth_parallax')).toMatchObject({ passed: true, evaluated: true });
    expect(reason(verdict, 'depth_parallax').value!).toBeGreaterThan(DEFAULT_CONFIG.verdict.minParallax);
  });

  test('a photo tilted toward the target as it moves fits a homography and fails', () => {
    const { verdict } = run(challenge(1), { turnDeg: 30, flat: true });
    expect(reason(verdict, 'nose_reached_target').passed).toBe(true);
    expect(reason(verdict, 'depth_parallax')).toMatchObject({ passed: false, evaluated: true });
    expect(reason(verdict, 'depth_parallax').message).toContain('flat picture');
    expect(verdict.live).toBe(false);
  });

  test('a photo is rejected by parallax even with detector jitter', () => {
    const { verdict } = run(challenge(2), { turnDeg: 20, flat: true, jitterPx: 1 });
    expect(reason(verdict, 'depth_parallax').passed).toBe(false);
    expect(verdict.live).toBe(false);
  });
});

describe('real rotation', () => {
  test('sliding without turning reads as no turn toward the target and fails', () => {
    const { verdict } = run(challenge(1), { turnDeg: 0 });
    const rotated = reason(verdict, 'head_rotated');
    expect(rotated.passed).toBe(false);
    expect(rotated.message).toContain('turned only');
  });

  test('a turn of 20 degrees is clearly more than translation explains', () => {
    const { verdict } = run(challenge(3), { turnDeg: 20 });
    expect(reason(verdict, 'head_rotated').passed).toBe(true);
    expect(verdict.live).toBe(true);
  });
});

describe('same person throughout', () => {
  test('one person all along passes, having been compared on several frames', () => {
    const { verdict } = run(challenge(1));
    expect(reason(verdict, 'same_face')).toMatchObject({ passed: true, evaluated: true });
    expect(reason(verdict, 'same_face').message).toMatch(/\d+ frames compared/);
  });

  test('a face swapped for another person mid-challenge fails', () => {
    const { verdict } = run(challenge(1), { swapAtFrame: 15 });
    expect(reason(verdict, 'nose_reached_target').passed).toBe(true);
    expect(reason(verdict, 'same_face')).toMatchObject({ passed: false, evaluated: true });
    expect(reason(verdict, 'same_face').message).toContain('face changed');
    expect(verdict.live).toBe(false);
  });

  test('an attempt without descriptors cannot confirm the person and fails', () => {
    const c = challenge(1);
    const s = new LivenessSession(c);
    for (const f of visitorFrames(c)) {
      const r = s.step({ ...f, faces: f.faces.map(({ descriptor: _unused, ...face }) => face) });
      if (!r.ok) throw r.error;
      if (r.value.done) break;
    }
    expect(s.latest.phase).toBe('success');
    expect(reason(s.verdict!, 'same_face')).toMatchObject({ passed: false, evaluated: true });
    expect(s.verdict!.live).toBe(false);
  });
});

describe('descriptor requests', () => {
  test('none before the nose phase; the first nose-phase frame asks for one', () => {
    const c = challenge(3);
    const s = new LivenessSession(c);
    const face = { ...headFace(centredHead(c)), descriptor: personDescriptor(1) };
    expect(s.wantsDescriptor()).toBe(false);
    s.step(frameAt(0, [face]));
    expect(s.currentPhase).toBe('area');
    expect(s.wantsDescriptor()).toBe(false);
    s.step(frameAt(33, [face]));
    expect(s.currentPhase).toBe('nose');
    expect(s.wantsDescriptor()).toBe(true);
  });

  test('then only every interval while the nose is far from the target', () => {
    const c = challenge(3);
    const s = new LivenessSession(c);
    const { descriptor: _unused, ...plain } = { ...headFace(centredHead(c)), descriptor: null };
    const face = { ...plain, descriptor: personDescriptor(1) };
    s.step(frameAt(0, [plain]));
    s.step(frameAt(33, [plain]));
    s.step(frameAt(66, [face]));
    expect(s.wantsDescriptor()).toBe(false);
    const interval = DEFAULT_CONFIG.verdict.descriptorIntervalMs;
    s.step(frameAt(66 + interval, [plain]));
    expect(s.wantsDescriptor()).toBe(true);
  });

  test('and on every frame once the nose is near the target, so the face that finishes is compared', () => {
    const c = challenge(3);
    const s = new LivenessSession(c);
    const face = { ...headFace(centredHead(c)), descriptor: personDescriptor(1) };
    s.step(frameAt(0, [face]));
    s.step(frameAt(33, [face]));
    s.step(frameAt(66, [face]));
    const target = boxCenter(c.nose);
    const side = c.targetSide === 'right' ? 1 : -1;
    const near = headPositionForNose({ x: target.x - side * 25, y: target.y }, {});
    const r = s.step(frameAt(99, [{ ...headFace(near), descriptor: personDescriptor(1) }]));
    expect(r.ok && r.value.phase).toBe('nose');
    expect(s.wantsDescriptor()).toBe(true);
  });
});

describe('walk-up distance', () => {
  const c = challenge(3);
  test.each([
    [700, 'too_far'],
    [340, 'ok'],
    [220, 'too_close'],
  ])('a face %i mm from the camera is %s', (distanceMm, expected) => {
    const face = headFace({ ...centredHead(c, distanceMm), distanceMm });
    expect(walkUpDistance(face.box, c.frame, DEFAULT_CONFIG)).toBe(expected);
  });

  test('a visitor who stays too far is told so in the verdict, not just timed out', () => {
    const s = new LivenessSession(c);
    const far = headFace({ ...centredHead(c, 700), distanceMm: 700 });
    const guidance: string[] = [];
    for (let t = 0; t <= DEFAULT_CONFIG.area.timeoutMs + 1000; t += 500) {
      const r = s.step(frameAt(t, [far]));
      if (!r.ok) throw r.error;
      if (r.value.done) break;
      guidance.push(r.value.guidance);
    }
    // After the first frame (the face found), every frame until the timeout says "come closer".
    expect(guidance.length).toBeGreaterThan(10);
    expect(new Set(guidance.slice(1))).toEqual(new Set(['area.come_closer']));
    expect(s.verdict?.failure).toBe('area_timeout');
    const distance = reason(s.verdict!, 'walk_up_distance');
    expect(distance).toMatchObject({ passed: false, evaluated: true });
    expect(distance.message).toContain('too far');
  });
});
