import { describe, expect, test } from 'vitest';
import {
  applyHomography,
  boxContains,
  distanceToBox,
  fitHomography,
  growBox,
  mirrorBox,
  pointInBox,
  type Point,
} from '../../../../main/liveness';
import { projectHead } from '../../../support/synthetic-face';

const box = { left: 10, top: 20, width: 100, height: 50 };

describe('boxes', () => {
  test('containment includes the edges', () => {
    expect(boxContains(box, box)).toBe(true);
    expect(boxContains(box, { ...box, left: 9 })).toBe(false);
    expect(boxContains(box, { left: 20, top: 30, width: 10, height: 10 })).toBe(true);
  });

  test('growing adds the fraction of the size to every side', () => {
    expect(growBox(box, 0.05)).toEqual({ left: 5, top: 17.5, width: 110, height: 55 });
  });

  test('a point on the edge is inside; distance outside is Euclidean to the nearest edge', () => {
    expect(pointInBox(box, { x: 110, y: 70 })).toBe(true);
    expect(distanceToBox(box, { x: 50, y: 40 })).toBe(0);
    expect(distanceToBox(box, { x: 113, y: 74 })).toBe(5);
  });

  test('mirroring flips the box within the frame', () => {
    expect(mirrorBox(box, 640)).toEqual({ ...box, left: 530 });
  });
});

describe('least-squares homography', () => {
  const square: Point[] = [
    { x: 0, y: 0 },
    { x: 100, y: 0 },
    { x: 100, y: 100 },
    { x: 0, y: 100 },
    { x: 50, y: 30 },
    { x: 20, y: 70 },
  ];
  const H = [1.1, 0.2, 30, -0.1, 0.9, 12, 0.0004, -0.0002, 1];

  test('recovers a known projective map exactly', () => {
    const to = square.map((p) => applyHomography(H, p)!);
    const fit = fitHomography(square, to)!;
    expect(fit.rmsResidual).toBeLessThan(1e-6);
    fit.matrix.forEach((v, i) => expect(v).toBeCloseTo(H[i]!, 6));
  });

  test('fits four points exactly', () => {
    const to = square.slice(0, 4).map((p) => applyHomography(H, p)!);
    expect(fitHomography(square.slice(0, 4), to)!.rmsResidual).toBeLessThan(1e-6);
  });

  test('a turning 3D head leaves a residual a moved flat face does not', () => {
    const front = projectHead({ x: 320, y: 200 });
    const turned = projectHead({ x: 330, y: 205, yaw: 20 });
    const moved = front.map((p) => ({ x: p.x * 0.95 + 40, y: p.y * 0.95 + 3 }));
    const eyes = Math.hypot(front[45]!.x - front[36]!.x, front[45]!.y - front[36]!.y);
    expect(fitHomography(front, moved)!.rmsResidual / eyes).toBeLessThan(1e-6);
    expect(fitHomography(front, turned)!.rmsResidual / eyes).toBeGreaterThan(0.02);
  });

  test('refuses fewer than four points and degenerate sets', () => {
    expect(fitHomography(square.slice(0, 3), square.slice(0, 3))).toBeNull();
    const same = Array.from({ length: 5 }, () => ({ x: 1, y: 1 }));
    expect(fitHomography(same, same)).toBeNull();
  });
});
