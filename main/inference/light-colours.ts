import type { Box, Rgb } from '../liveness';
import type { RgbaFrame } from './rgba-frame';

/*
 * The colours the screen-light check compares: the mean of the face's central part (cheeks, nose,
 * brow: skin, away from hair and background) and the mean of the whole frame. Sampled every other
 * pixel each way; ~0.5 ms for 640x480 here.
 */

export interface LightColours {
  /** Null without exactly one face. */
  readonly face: Rgb | null;
  readonly scene: Rgb;
}

function meanOf(frame: RgbaFrame, left: number, top: number, right: number, bottom: number): Rgb | null {
  const x0 = Math.max(0, Math.floor(left));
  const y0 = Math.max(0, Math.floor(top));
  const x1 = Math.min(frame.width, Math.ceil(right));
  const y1 = Math.min(frame.height, Math.ceil(bottom));
  let r = 0;
  let g = 0;
  let b = 0;
  let n = 0;
  for (let y = y0; y < y1; y += 2) {
    let p = (y * frame.width + x0) * 4;
    for (let x = x0; x < x1; x += 2, p += 8) {
      r += frame.data[p]!;
      g += frame.data[p + 1]!;
      b += frame.data[p + 2]!;
      n += 1;
    }
  }
  return n ? [r / n, g / n, b / n] : null;
}

/** The face's and the frame's mean colours; `face` is the single face's box, or null. */
export function lightColours(frame: RgbaFrame, face: Box | null): LightColours {
  const scene = meanOf(frame, 0, 0, frame.width, frame.height) ?? [0, 0, 0];
  if (!face) return { face: null, scene };
  // The middle half across and 20-75% down the box: skin in every pose the challenge asks for.
  const inner = meanOf(
    frame,
    face.left + face.width * 0.25,
    face.top + face.height * 0.2,
    face.left + face.width * 0.75,
    face.top + face.height * 0.75,
  );
  return { face: inner, scene };
}
