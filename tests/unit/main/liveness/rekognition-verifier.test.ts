import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { verifyRekognitionChallenge, verifyRekognitionInput } from '../../../../main/liveness';
import {
  H,
  T0,
  W,
  challenge,
  face,
  grid,
  inArea,
  rekognitionAttempt as attempt,
} from '../../../support/rekognition-frames';

describe('the original verifier on Rekognition output', () => {
  test('a head turned toward the target with a landmark change above 0.075 passes', () => {
    const v = verifyRekognitionChallenge(attempt());
    expect(v.success).toBe(true);
    expect(v.state).toBe('success');
    const dist = v.reasons.find((r) => r.code === 'landmark_distribution')!;
    expect(dist.value).toBeCloseTo(Math.SQRT2 / 18, 12);
    expect(dist.threshold).toBeCloseTo(0.075, 12);
    expect(v.reasons.find((r) => r.code === 'nose_path_smooth')!.value).toBeLessThan(1e-9);
  });

  test('the same change without turning (|yaw| <= 5) fails: 0.0786 is not above 0.15', () => {
    const v = verifyRekognitionChallenge(attempt({ yaw: 5 }));
    expect(v.success).toBe(false);
    expect(v.reasons.at(-1)).toMatchObject({ code: 'landmark_distribution', passed: false });
    expect(v.reasons.at(-1)!.threshold).toBeCloseTo(0.15, 12);
  });

  test('without turning, a change of sqrt(2)/9 = 0.157 passes', () => {
    const finalLandmarks = grid({ x: 350, y: 220 }, 1, (i, j) =>
      i === 0 && j === 0 ? { x: 40, y: 40 } : null,
    );
    // One point per cell, but the reference has two: compare like with like.
    const input = attempt({ yaw: 0, finalLandmarks });
    input.frames[1]!.rekMetadata[0]!.Landmarks = grid({ x: 280, y: 200 }, 1);
    const v = verifyRekognitionChallenge(input);
    expect(v.reasons.at(-1)!.value).toBeCloseTo(Math.SQRT2 / 9, 12);
    expect(v.success).toBe(true);
  });

  test('a head turned away from the target fails', () => {
    const v = verifyRekognitionChallenge(attempt({ yaw: -10 }));
    expect(v.success).toBe(false);
    expect(v.reasons.at(-1)!.message).toMatch(/away/);
  });

  test('a jumpy nose path fails before the landmark rule', () => {
    const input = attempt();
    input.frames.slice(2, -1).forEach((f, i) => {
      const nose = f.rekMetadata[0]!.Landmarks[0]!;
      nose.Y += (i % 2 ? 1 : -1) * 0.03;
    });
    const v = verifyRekognitionChallenge(input);
    expect(v.success).toBe(false);
    expect(v.reasons.at(-1)).toMatchObject({ code: 'nose_path_smooth', passed: false, threshold: 0.01 });
  });

  test('a nose inside the target grown by 55% counts as reached; just outside it does not', () => {
    const shifted = (dx: number) => {
      const input = attempt();
      const last = input.frames.at(-1)!.rekMetadata[0]!;
      last.Landmarks = last.Landmarks.map((l) => ({ ...l, X: l.X + dx / W }));
      return verifyRekognitionChallenge(input);
    };
    expect(shifted(-20.5).success).toBe(true); // nose at x = 369.5
    expect(shifted(-21.5)).toMatchObject({ success: false, state: 'nose' }); // x = 368.5
  });
});

describe("the original's failures", () => {
  test('more than 10 s in the nose phase times out', () => {
    // Nose phase starts at T0 + 100; the eighth nose frame arrives at T0 + 200 + 7 * 1500 > T0 + 10100.
    const v = verifyRekognitionChallenge(attempt({ stepMs: 1500 }));
    expect(v.success).toBe(false);
    expect(v.reasons[0]!.code).toBe('nose_timeout');
  });

  test('the face leaving the area grown by 5% fails', () => {
    const input = attempt();
    input.frames[3]!.rekMetadata[0]!.BoundingBox.Left = 160 / W;
    expect(verifyRekognitionChallenge(input).reasons[0]!.code).toBe('left_area');
  });

  test('a frame with no face in the area phase is a clean failure (the original crashed)', () => {
    const input = attempt();
    input.frames.splice(1, 0, { timestamp: T0 + 50, rekMetadata: [] });
    const v = verifyRekognitionChallenge(input);
    expect(v).toMatchObject({ success: false, state: 'fail' });
    expect(v.reasons[0]!.code).toBe('no_face');
  });

  test('a frame with no face in the nose phase is a clean failure', () => {
    const input = attempt();
    input.frames[4]!.rekMetadata = [];
    expect(verifyRekognitionChallenge(input).reasons[0]!.code).toBe('no_face');
  });

  test('fewer than four nose positions is a clean failure (the original crashed)', () => {
    const v = verifyRekognitionChallenge(attempt({ steps: 3 }));
    expect(v.success).toBe(false);
    expect(v.reasons.at(-1)).toMatchObject({ code: 'too_few_trajectory_points', value: 3, threshold: 4 });
  });

  test('a face under 30% of the area never starts the nose phase', () => {
    const input = attempt();
    for (const f of input.frames)
      f.rekMetadata[0]!.BoundingBox = { Left: 260 / W, Top: 150 / H, Width: 120 / W, Height: 160 / H };
    const v = verifyRekognitionChallenge(input);
    expect(v).toMatchObject({ success: false, state: 'area' });
    expect(v.reasons[0]!.code).toBe('incomplete');
  });

  test('the face phase waits through frames with two faces', () => {
    const input = attempt();
    input.frames.unshift({ timestamp: T0 - 100, rekMetadata: [face(inArea, []), face(inArea, [])] });
    expect(verifyRekognitionChallenge(input).success).toBe(true);
  });

  test('frames given out of order are put in time order first', () => {
    const input = attempt();
    input.frames.reverse();
    expect(verifyRekognitionChallenge(input).success).toBe(true);
  });

  test('no frames at all fails with a reason', () => {
    expect(verifyRekognitionChallenge({ challenge, frames: [] }).reasons[0]!.code).toBe('no_frames');
  });
});

describe('untrusted input', () => {
  test('a missing challenge field is a typed error naming it', () => {
    const { noseLeft: _drop, ...partial } = challenge;
    const r = verifyRekognitionInput({ challenge: partial, frames: [] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid_input');
      expect(r.error.path).toBe('challenge.noseLeft');
    }
  });

  test('extra fields are ignored', () => {
    const input = attempt() as unknown as Record<string, unknown>;
    const r = verifyRekognitionInput({ ...input, id: 'x', token: 'y' });
    expect(r.ok && r.value.success).toBe(true);
  });

  test('no input whatsoever makes it throw', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        verifyRekognitionInput(input);
        verifyRekognitionInput({ challenge, frames: input });
        return true;
      }),
      { numRuns: 500 },
    );
  });
});
