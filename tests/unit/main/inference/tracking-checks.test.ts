import { describe, expect, test } from 'vitest';
import { plausibleFollowUp, similarity } from '../../../../main/inference/face-analyzer';
import { cropSquareRgb } from '../../../../main/inference/rgba-frame';
import { FACE_MODEL_3D } from '../../../../main/liveness/face-model';

// The pure checks that decide whether tracking may keep a face or must hand it to the detector.

// The generic face's 68 points seen from the front, millimetres to pixels (a face ~150 px wide).
const face = FACE_MODEL_3D.points.map(([x, y]) => ({ x: 320 + x * 1.25, y: 240 + y * 1.25 }));
const moved = (dx: number, dy: number, scale = 1) =>
  face.map((p) => ({ x: 320 + (p.x - 320) * scale + dx, y: 240 + (p.y - 240) * scale + dy }));

describe('plausible follow-up landmarks', () => {
  test('a face that moved a few pixels follows', () => {
    expect(plausibleFollowUp(face, moved(6, -4))).toBe(true);
  });

  test('a face that jumped by half its width does not', () => {
    const width = Math.max(...face.map((p) => p.x)) - Math.min(...face.map((p) => p.x));
    expect(plausibleFollowUp(face, moved(width / 2, 0))).toBe(false);
  });

  test('a face that grew by a third in one frame does not', () => {
    expect(plausibleFollowUp(face, moved(0, 0, 1.33))).toBe(false);
  });

  test('landmarks that lost a face shape (eyes on top of each other) do not', () => {
    const squashed = face.map((p, i) => (i >= 36 && i < 48 ? { x: 320, y: p.y } : p));
    expect(plausibleFollowUp(face, squashed)).toBe(false);
  });
});

describe('patch similarity', () => {
  const patch = (f: (i: number) => number) => Float32Array.from({ length: 24 * 24 }, (_, i) => f(i));
  const picture = patch((i) => ((i * 37) % 101) + (i % 24) * 3);

  test('the same picture, brighter and with more contrast, is the same', () => {
    expect(
      similarity(
        picture,
        picture.map((v) => 1.5 * v + 20),
      ),
    ).toBeCloseTo(1, 6);
  });

  test('an unrelated picture is not', () => {
    expect(
      Math.abs(
        similarity(
          picture,
          patch((i) => (i * 53) % 97),
        ),
      ),
    ).toBeLessThan(0.3);
  });

  test('a flat patch (a wall, a covered camera) matches nothing', () => {
    expect(
      similarity(
        picture,
        patch(() => 128),
      ),
    ).toBe(0);
  });
});

describe('square crops for the landmark net', () => {
  test('a crop of a frame reads its pixels, and black outside the frame', () => {
    const frame = { width: 4, height: 4, data: new Uint8Array(64).fill(200) };
    const inside = cropSquareRgb(frame, { left: 0, top: 0, side: 4 }, 2);
    expect([...inside]).toEqual(Array(12).fill(200));
    const half = cropSquareRgb(frame, { left: 2, top: 0, side: 4 }, 2);
    // The right column of the crop lies outside the frame.
    expect([half[0], half[3]]).toEqual([200, 0]);
  });
});
