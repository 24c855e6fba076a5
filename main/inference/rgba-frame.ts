import type { Size } from '../liveness';

/** A camera frame as the renderer sends it: tightly packed RGBA bytes, row by row. */
export interface RgbaFrame extends Size {
  readonly data: Uint8Array;
}

export const MAX_FRAME_PIXELS = 4096 * 4096;

/** Null when the frame is usable, else what is wrong with it. */
export function frameProblem(frame: RgbaFrame): string | null {
  const { width, height, data } = frame;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    return `frame size ${String(width)}x${String(height)} is not a positive whole number of pixels`;
  }
  if (width * height > MAX_FRAME_PIXELS)
    return `frame ${width}x${height} is larger than ${MAX_FRAME_PIXELS} pixels`;
  if (!(data instanceof Uint8Array)) return 'frame data must be a Uint8Array of RGBA bytes';
  if (data.length !== width * height * 4) {
    return `frame data has ${data.length} bytes; ${width}x${height} RGBA needs ${width * height * 4}`;
  }
  return null;
}

/** Drops alpha into an Int32Array [h, w, 3], the layout face-api's nets take (~0.8 ms at 640x480). */
export function rgbaToRgbInt32(frame: RgbaFrame): Int32Array {
  const { data } = frame;
  const pixels = frame.width * frame.height;
  const out = new Int32Array(pixels * 3);
  for (let i = 0, j = 0; i < pixels; i++, j += 4) {
    out[i * 3] = data[j]!;
    out[i * 3 + 1] = data[j + 1]!;
    out[i * 3 + 2] = data[j + 2]!;
  }
  return out;
}

/** Left-right mirror of a frame (what a self-mirroring webcam delivers). */
export function mirrorFrame(frame: RgbaFrame): RgbaFrame {
  const { width, height, data } = frame;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    const row = y * width * 4;
    for (let x = 0; x < width; x++) {
      const from = row + x * 4;
      const to = row + (width - 1 - x) * 4;
      out[to] = data[from]!;
      out[to + 1] = data[from + 1]!;
      out[to + 2] = data[from + 2]!;
      out[to + 3] = data[from + 3]!;
    }
  }
  return { width, height, data: out };
}
