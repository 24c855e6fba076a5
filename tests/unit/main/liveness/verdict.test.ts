import { describe, expect, test } from 'vitest';
import {
  BUILT_IN_CHECKS,
  DEFAULT_CONFIG,
  LivenessSession,
  type AttemptCheck,
  type Challenge,
  type Reason,
  type Verdict,
} from '../../../../main/liveness';
import { seededChallenge, visitorFrames, type VisitorPlan } from '../../../support/visitor';

const challenge = seededChallenge;

function attempt(c: Challenge, plan: VisitorPlan = {}, checks: AttemptCheck[] = []): Verdict {
  const s = new LivenessSession(c, { checks });
  for (const f of visitorFrames(c, plan)) {
    const r = s.step(f);
    if (!r.ok) throw r.error;
    if (r.value.done) break;
  }
  if (!s.verdict) s.cancel();
  return s.verdict!;
}

const reason = (v: Verdict, code: string): Reason => v.reasons.find((r) => r.code === code)!;

describe('a visitor who turns toward the target', () => {
  test.each([1, 2, 3, 4, 5, 6])('passes every check (challenge seed %i)', (seed) => {
    const v = attempt(challenge(seed));
    expect(v.reasons.filter((r) => !r.passed)).toEqual([]);
    expect(v.live).toBe(true);
    expect(v.score).toBeGreaterThan(0.5);
    expect(v.failure).toBeNull();
  });

  test('every built-in check is explained, in order, with a message, value and threshold', () => {
    const v = attempt(challenge(1));
    expect(v.reasons.map((r) => r.code)).toEqual(BUILT_IN_CHECKS.map((c) => c.code));
    for (const r of v.reasons) {
      expect(r.message.length).toBeGreaterThan(10);
      expect(r.evaluated).toBe(true);
      // The screen-light check stands aside when off (the default) or when no colours were shown.
      if (r.code === 'screen_light') continue;
      expect(r.threshold).not.toBeNull();
    }
    expect(reason(v, 'screen_light')).toMatchObject({ passed: true, threshold: null, value: null });
    expect(reason(v, 'screen_light').message).toMatch(/off/);
    expect(reason(v, 'head_rotated').value!).toBeGreaterThanOrEqual(DEFAULT_CONFIG.verdict.minRotationDeg);
  });

  test('passes with ordinary detector jitter of 2 px', () => {
    expect(attempt(challenge(2), { jitterPx: 2 }).live).toBe(true);
  });

  test('a more decisive turn scores higher', () => {
    expect(attempt(challenge(1), { turnDeg: 30 }).score).toBeGreaterThan(
      attempt(challenge(1), { turnDeg: 16 }).score,
    );
  });
});

describe('attempts that must not pass', () => {
  test('sliding the head (or a photo) to the target without turning fails the rotation check', () => {
    // Seed 1 puts the target close enough that a slide keeps the face inside the area.
    const v = attempt(challenge(1), { turnDeg: 0 });
    expect(v.live).toBe(false);
    expect(reason(v, 'nose_reached_target').passed).toBe(true);
    expect(reason(v, 'head_rotated')).toMatchObject({ passed: false, evaluated: true });
    expect(Math.abs(reason(v, 'head_rotated').value!)).toBeLessThan(DEFAULT_CONFIG.verdict.minRotationDeg);
    expect(v.score).toBeLessThan(0.5);
  });

  test('turning away from the target fails the rotation check', () => {
    // A small turn away keeps the face in the area (larger ones leave it), so the nose reaches the
    // target and the rotation check itself is what fails.
    const v = attempt(challenge(5), { turnDeg: -6 });
    expect(reason(v, 'nose_reached_target').passed).toBe(true);
    expect(reason(v, 'head_rotated')).toMatchObject({ passed: false, evaluated: true });
    expect(reason(v, 'head_rotated').value!).toBeLessThan(0);
    expect(v.live).toBe(false);
  });

  test('a jumpy nose path fails the smoothness check', () => {
    const v = attempt(challenge(2), { jitterPx: 14 });
    expect(reason(v, 'nose_path_smooth')).toMatchObject({ passed: false, threshold: 0.01 });
    expect(v.live).toBe(false);
  });

  test('reaching the target in fewer than four frames cannot be judged and fails with the count', () => {
    const v = attempt(challenge(2), { settleFrames: 2, moveFrames: 2 });
    expect(reason(v, 'nose_path_smooth')).toMatchObject({ passed: false, threshold: 4 });
    expect(reason(v, 'nose_path_smooth').value!).toBeLessThan(4);
    expect(v.live).toBe(false);
  });

  test('a failed attempt marks the checks it never reached as not evaluated', () => {
    const c = challenge(2);
    const s = new LivenessSession(c);
    s.step({ timestampMs: 0, frame: c.frame, faces: [] });
    s.tick(31_000);
    const v = s.verdict!;
    expect(v.failure).toBe('face_timeout');
    expect(reason(v, 'face_found')).toMatchObject({ passed: false, evaluated: true });
    expect(v.reasons.filter((r) => r.code !== 'face_found').every((r) => !r.evaluated && !r.passed)).toBe(
      true,
    );
    expect(v.score).toBe(0);
  });
});

describe('further checks', () => {
  test('run after the built-in ones and can refuse an otherwise live attempt', () => {
    const veto: AttemptCheck = {
      code: 'same_person',
      evaluate: () => ({ passed: false, message: 'Descriptors differ.', value: 0.8, threshold: 0.5 }),
    };
    const v = attempt(challenge(1), {}, [veto]);
    expect(v.reasons.at(-1)).toMatchObject({ code: 'same_person', passed: false });
    expect(v.live).toBe(false);
  });

  test('receive the attempt record with every frame', () => {
    let frames = 0;
    const probe: AttemptCheck = {
      code: 'probe',
      evaluate: (a) => {
        frames = a.frames.length;
        return { passed: true, message: 'Counted frames.', value: frames, threshold: null };
      },
    };
    expect(attempt(challenge(1), {}, [probe]).live).toBe(true);
    expect(frames).toBeGreaterThan(10);
  });

  test('one that throws becomes a failed check, never an exception', () => {
    const broken: AttemptCheck = {
      code: 'broken',
      evaluate: () => {
        throw new Error('boom');
      },
    };
    const v = attempt(challenge(1), {}, [broken]);
    expect(reason(v, 'broken')).toMatchObject({ passed: false, message: 'Check failed to run: boom' });
    expect(v.live).toBe(false);
  });
});
