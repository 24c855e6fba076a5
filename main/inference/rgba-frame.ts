import type { Size } from '../liveness';

import { frameBytes, type FrameFormat } from '../../preload/channels';
import { i420ToRgba } from './y4m';

export { frameBytes, type FrameFormat };

/** A picture as the nets take it: tightly packed RGBA bytes, row by row. */
export interface RgbaFrame extends Size {
  readonly format?: 'rgba';
  readonly data: Uint8Array;
}

/**
 * A frame in the camera's own planar format (I420: the Y plane, then U and V at half width and
 * height): 1.5 bytes a pixel instead of 4, so the renderer sends 2.7x fewer bytes (measured: a
 * 640x480 POST in the preview cost 70 ms as RGBA, 22 ms as I420). Converted in the worker.
 */
export interface I420Frame extends Size {
  readonly format: 'i420';
  readonly data: Uint8Array;
}

export type CameraFrame = RgbaFrame | I420Frame;

export const formatOf = (frame: CameraFrame): FrameFormat => frame.format ?? 'rgba';

/** The frame as RGBA (an I420 frame converted, ~4 ms at 640x480; an RGBA frame as is). */
export function toRgba(frame: CameraFrame): RgbaFrame {
  return frame.format === 'i420' ? i420ToRgba(frame.data, frame.width, frame.height) : frame;
}

export const MAX_FRAME_PIXELS = 4096 * 4096;

/** Null when the frame is usable, else what is wrong with it. */
export function frameProblem(frame: CameraFrame): string | null {
  const { width, height, data } = frame;
  const format = formatOf(frame);
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    return `frame size ${String(width)}x${String(height)} is not a positive whole number of pixels`;
  }
  if (width * height > MAX_FRAME_PIXELS)
    return `frame ${width}x${height} is larger than ${MAX_FRAME_PIXELS} pixels`;
  if (format !== 'rgba' && format !== 'i420') return `frame format ${String(format)} is not rgba or i420`;
  if (format === 'i420' && (width % 2 !== 0 || height % 2 !== 0))
    return `an I420 frame needs an even width and height; got ${width}x${height}`;
  if (!(data instanceof Uint8Array)) return 'frame data must be a Uint8Array of pixel bytes';
  const needed = frameBytes(width, height, format);
  if (data.length !== needed) {
    return `frame data has ${data.length} bytes; ${width}x${height} ${format.toUpperCase()} needs ${needed}`;
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
  return sampleRgb(
    frame,
    { left: region.left, top: region.top, width: region.side, height: region.side },
    size,
    size,
  );
}

/** `region` of a frame resized bilinearly to `outWidth` x `outHeight` RGB floats; black outside. */
export function sampleRgb(
  frame: RgbaFrame,
  region: { left: number; top: number; width: number; height: number },
  outWidth: number,
  outHeight: number,
): Float32Array {
  const { width, height, data } = frame;
  const out = new Float32Array(outWidth * outHeight * 3);
  const stepX = region.width / outWidth;
  const stepY = region.height / outHeight;
  const at = (x: number, y: number, c: number): number =>
    x < 0 || y < 0 || x >= width || y >= height ? 0 : data[(y * width + x) * 4 + c]!;
  for (let v = 0; v < outHeight; v++) {
    const sy = region.top + (v + 0.5) * stepY - 0.5;
    const y0 = Math.floor(sy);
    const fy = sy - y0;
    for (let u = 0; u < outWidth; u++) {
      const sx = region.left + (u + 0.5) * stepX - 0.5;
      const x0 = Math.floor(sx);
      const fx = sx - x0;
      const o = (v * outWidth + u) * 3;
      for (let c = 0; c < 3; c++) {
        const top = at(x0, y0, c) * (1 - fx) + at(x0 + 1, y0, c) * fx;
        const bottom = at(x0, y0 + 1, c) * (1 - fx) + at(x0 + 1, y0 + 1, c) * fx;
        out[o + c] = top * (1 - fy) + bottom * fy;
      }
    }
  }
  return out;
}
