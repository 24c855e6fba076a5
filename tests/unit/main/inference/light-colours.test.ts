import { describe, expect, test } from 'vitest';
import { lightColours } from '../../../../main/inference/light-colours';

/** A grey frame with a reddish face-sized block at (200, 120), 240x280. */
function frame(): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(640 * 480 * 4);
  for (let y = 0; y < 480; y++)
    for (let x = 0; x < 640; x++) {
      const inFace = x >= 200 && x < 440 && y >= 120 && y < 400;
      data.set(inFace ? [180, 120, 100, 255] : [100, 100, 100, 255], (y * 640 + x) * 4);
    }
  return { width: 640, height: 480, data };
}

describe("the screen-light check's colours", () => {
  test("the face's colour comes from inside its box only; the scene's from the whole frame", () => {
    const colours = lightColours(frame(), { left: 200, top: 120, width: 240, height: 280 });
    expect(colours.face).toEqual([180, 120, 100]);
    const faceShare = (240 * 280) / (640 * 480);
    expect(colours.scene![0]).toBeCloseTo(100 + 80 * faceShare, 0);
    expect(colours.scene![1]).toBeCloseTo(100 + 20 * faceShare, 0);
  });

  test('without a single face there is no face colour', () => {
    expect(lightColours(frame(), null).face).toBeNull();
  });

  test('a face box reaching past the frame is read where it overlaps, never outside', () => {
    const colours = lightColours(frame(), { left: 500, top: 400, width: 400, height: 300 });
    expect(colours.face).toEqual([100, 100, 100]);
  });
});
