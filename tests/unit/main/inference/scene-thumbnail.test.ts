import { describe, expect, test } from 'vitest';
import { sceneThumbnail } from '../../../../main/inference/scene-thumbnail';
import { SceneImageSchema } from '../../../../main/liveness';

/** A frame whose left half is white and right half black, with a red square in the top-left. */
function frame(width: number, height: number): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      const white = x < width / 2 ? 255 : 0;
      const red = x < 4 && y < 4;
      data.set(red ? [255, 0, 0, 255] : [white, white, white, 255], p);
    }
  return { width, height, data };
}

describe('scene pictures', () => {
  test('a 640x480 frame becomes a 160x120 grey picture of 4x4 averages', () => {
    const scene = sceneThumbnail(frame(640, 480));
    expect(scene).toMatchObject({ width: 160, height: 120 });
    expect(scene.luma[0]).toBe(Math.round((77 * 255) / 256)); // the red square's luma
    expect(scene.luma[10]).toBe(Math.round((256 * 255) / 256)); // white
    expect(scene.luma[150]).toBe(0); // black
    expect(SceneImageSchema.safeParse(scene).success).toBe(true);
  });

  test('a frame that does not divide evenly keeps whole squares only', () => {
    const scene = sceneThumbnail(frame(650, 490));
    expect(scene).toMatchObject({ width: 162, height: 122 });
    expect(scene.luma.length).toBe(162 * 122);
  });

  test('a picture whose bytes do not match its size is not a scene picture', () => {
    expect(SceneImageSchema.safeParse({ width: 10, height: 10, luma: new Uint8Array(99) }).success).toBe(
      false,
    );
    expect(SceneImageSchema.safeParse({ width: 4000, height: 1, luma: new Uint8Array(4000) }).success).toBe(
      false,
    );
  });
});
