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

/**
 * The square `region` of a frame, resized bilinearly to `size` x `size` RGB floats (the landmark
 * net's input layout). Sampling the frame directly costs ~0.4 ms for a face; making a tensor of the
 * whole frame and slicing it cost ~8 ms here (measured). Outside the frame reads as black.
 */
export function cropSquareRgb(
  frame: RgbaFrame,
  region: { left: number; top: number; side: number },
  size: number,
): Float32Array {
  const { width, height, data } = frame;
  const out = new Float32Array(size * size * 3);
  const step = region.side / size;
  const at = (x: number, y: number, c: number): number =>
    x < 0 || y < 0 || x >= width || y >= height ? 0 : data[(y * width + x) * 4 + c]!;
  for (let v = 0; v < size; v++) {
    const sy = region.top + (v + 0.5) * step - 0.5;
    const y0 = Math.floor(sy);
    const fy = sy - y0;
    for (let u = 0; u < size; u++) {
      const sx = region.left + (u + 0.5) * step - 0.5;
      const x0 = Math.floor(sx);
      const fx = sx - x0;
      const o = (v * size + u) * 3;
      for (let c = 0; c < 3; c++) {
        const top = at(x0, y0, c) * (1 - fx) + at(x0 + 1, y0, c) * fx;
        const bottom = at(x0, y0 + 1, c) * (1 - fx) + at(x0 + 1, y0 + 1, c) * fx;
        out[o + c] = top * (1 - fy) + bottom * fy;
      }
    }
  }
  return out;
}
