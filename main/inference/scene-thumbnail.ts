import type { SceneImage } from '../liveness';
import type { RgbaFrame } from './rgba-frame';

/** Scene pictures are about this wide: enough for a bezel or a door frame, small enough to keep per frame. */
export const SCENE_WIDTH = 160;

/**
 * A small grey-level picture of the whole frame for the engine's carrier check: each pixel the mean
 * luma (BT.601) of a square of camera pixels. ~0.6 ms for 640x480 here, 19 KB at 160x120.
 */
export function sceneThumbnail(frame: RgbaFrame, targetWidth = SCENE_WIDTH): SceneImage {
  const factor = Math.max(1, Math.floor(frame.width / targetWidth));
  const width = Math.floor(frame.width / factor);
  const height = Math.floor(frame.height / factor);
  const sums = new Uint32Array(width * height);
  const { data } = frame;
  for (let y = 0; y < height * factor; y++) {
    const row = (y / factor) | 0;
    let p = y * frame.width * 4;
    for (let x = 0; x < width * factor; x++, p += 4) {
      // Integer BT.601 weights (77, 150, 29) / 256.
      sums[row * width + ((x / factor) | 0)]! += 77 * data[p]! + 150 * data[p + 1]! + 29 * data[p + 2]!;
    }
  }
  const luma = new Uint8Array(width * height);
  const divisor = 256 * factor * factor;
  for (let i = 0; i < luma.length; i++) luma[i] = Math.round(sums[i]! / divisor);
  return { width, height, luma };
}
