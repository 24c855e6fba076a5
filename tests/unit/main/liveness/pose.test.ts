import { describe, expect, test } from 'vitest';
import { MIRROR_PERMUTATION, estimatePose, mirrorLandmarks } from '../../../../main/liveness';
import { projectHead } from '../../../support/synthetic-face';

describe('pose from 68 landmarks', () => {
  test('a frontal face reads near zero yaw and roll', () => {
    const pose = estimatePose(projectHead({ x: 320, y: 200 }))!;
    expect(Math.abs(pose.yaw)).toBeLessThan(1);
    expect(Math.abs(pose.roll)).toBeLessThan(1e-9);
  });

  test('turning the nose toward +x of the camera frame gives positive yaw, and more turn reads more', () => {
    const yaws = [-30, -15, 0, 15, 30].map((yaw) => estimatePose(projectHead({ x: 320, y: 200, yaw }))!.yaw);
    expect(yaws[0]).toBeLessThan(-5);
    expect(yaws[4]).toBeGreaterThan(5);
    for (let i = 1; i < yaws.length; i++) expect(yaws[i]!).toBeGreaterThan(yaws[i - 1]!);
  });

  test('a mirrored frame flips the sign of yaw', () => {
    for (const yaw of [-25, -10, 10, 25]) {
      const landmarks = projectHead({ x: 300, y: 220, yaw });
      const straight = estimatePose(landmarks)!.yaw;
      const mirrored = estimatePose(mirrorLandmarks(landmarks, 640))!.yaw;
      expect(mirrored).toBeCloseTo(-straight, 9);
    }
  });

  test('roll is positive when the head tilts clockwise in the image', () => {
    expect(estimatePose(projectHead({ x: 320, y: 200, roll: 10 }))!.roll).toBeCloseTo(10, 6);
  });

  test('looking up reads positive pitch, looking down negative', () => {
    const up = estimatePose(projectHead({ x: 320, y: 200, pitch: 15 }))!.pitch;
    const down = estimatePose(projectHead({ x: 320, y: 200, pitch: -15 }))!.pitch;
    expect(up).toBeGreaterThan(down);
  });

  test('roll does not leak into yaw', () => {
    const tilted = estimatePose(projectHead({ x: 320, y: 200, roll: 20 }))!;
    expect(Math.abs(tilted.yaw)).toBeLessThan(1);
  });

  test('the mirror relabelling is its own inverse', () => {
    MIRROR_PERMUTATION.forEach((to, from) => expect(MIRROR_PERMUTATION[to]).toBe(from));
  });

  test('a wrong landmark count or coincident eyes give no pose', () => {
    expect(estimatePose([])).toBeNull();
    expect(estimatePose(Array.from({ length: 68 }, () => ({ x: 1, y: 1 })))).toBeNull();
  });
});
