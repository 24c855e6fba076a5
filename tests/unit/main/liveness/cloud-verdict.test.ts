import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG, verifyCloudAttempt, type CloudFrame } from '../../../../main/liveness';
import { cloudFrames, keptAttempt } from '../../../support/cloud-attempts';

const reasonOf = (reasons: readonly { code: string; passed: boolean }[], code: string) =>
  reasons.find((r) => r.code === code);

describe("the cloud's verdict on key frames", () => {
  test('a head turning toward the target passes the original rules and the extra checks', () => {
    const k = keptAttempt(1);
    const v = verifyCloudAttempt(k.challenge, cloudFrames(k), DEFAULT_CONFIG);
    expect(v.reasons.filter((r) => !r.passed)).toEqual([]);
    expect(v.live).toBe(true);
    expect(v.originalState).toBe('success');
  });

  test('a photo tilted toward the target fails parallax and rotation', () => {
    const k = keptAttempt(1, { flat: true, turnDeg: 30 });
    expect(k.keyFrames.length).toBeGreaterThanOrEqual(4);
    const v = verifyCloudAttempt(k.challenge, cloudFrames(k), DEFAULT_CONFIG);
    expect(v.live).toBe(false);
    expect(reasonOf(v.reasons, 'depth_parallax')?.passed).toBe(false);
    // A tilted card's landmarks turn with it, but not as a head's do: the corrected yaw stays below the bar.
    expect(reasonOf(v.reasons, 'head_rotated')?.passed).toBe(false);
  });

  test('a second face in one key frame fails single_face', () => {
    const k = keptAttempt(2);
    const frames = cloudFrames(k);
    const extra = frames[2]!.faces[0]!;
    const crowded: CloudFrame[] = frames.map((f, i) =>
      i === 2
        ? { ...f, faces: [...f.faces, { ...extra, BoundingBox: { ...extra.BoundingBox, Left: 0.01 } }] }
        : f,
    );
    const v = verifyCloudAttempt(k.challenge, crowded, DEFAULT_CONFIG);
    expect(reasonOf(v.reasons, 'single_face')?.passed).toBe(false);
    expect(v.live).toBe(false);
  });

  test('too few key frames is a failure with a reason, not a crash', () => {
    const k = keptAttempt(3);
    const v = verifyCloudAttempt(k.challenge, cloudFrames(k).slice(0, 2), DEFAULT_CONFIG);
    expect(v.live).toBe(false);
    expect(reasonOf(v.reasons, 'head_rotated')?.passed).toBe(false);
  });

  test("the original rules' reasons are kept, prefixed", () => {
    const k = keptAttempt(4);
    const v = verifyCloudAttempt(k.challenge, cloudFrames(k), DEFAULT_CONFIG);
    expect(v.reasons.some((r) => r.code.startsWith('original_'))).toBe(true);
  });
});
