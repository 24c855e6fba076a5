import sharp from 'sharp';
import type { RgbaFrame } from '../../main/inference/rgba-frame';

/*
 * What real cameras and screens do to a clean render: a dim room seen by a cheap webcam (low
 * exposure, sensor noise, JPEG compression, as USB webcams deliver MJPEG), and a picture shown on
 * a monitor (blacks lifted, highlights dimmed).
 */

export type CameraEffect = 'clean' | 'dark_noisy' | 'on_screen';

/** Deterministic noise in -1..1 (sum of uniforms, roughly Gaussian). */
function noiseSource(seed: number): () => number {
  let x = (seed * 2654435761) >>> 0;
  const next = (): number => {
    x = (x * 1664525 + 1013904223) >>> 0;
    return x / 0x100000000;
  };
  return () => (next() + next() + next() - 1.5) / 1.5;
}

const clampByte = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** Under-exposed (gain 0.55, gamma 1.2), noisy (sigma ~7 levels), then JPEG at quality 55. */
async function darkNoisy(frame: RgbaFrame, seed: number): Promise<RgbaFrame> {
  const noise = noiseSource(seed);
  const out = new Uint8Array(frame.data.length);
  for (let i = 0; i < frame.data.length; i += 4) {
    const n = noise() * 12;
    for (let c = 0; c < 3; c++) {
      const v = 255 * Math.pow(frame.data[i + c]! / 255, 1.2) * 0.55;
      out[i + c] = clampByte(v + n + noise() * 4);
    }
    out[i + 3] = 255;
  }
  const jpeg = await sharp(out, { raw: { width: frame.width, height: frame.height, channels: 4 } })
    .jpeg({ quality: 55 })
    .toBuffer();
  const { data } = await sharp(jpeg).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    width: frame.width,
    height: frame.height,
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  };
}

/** A monitor's picture filmed: blacks lifted to ~24, whites down to ~230. */
function onScreen(frame: RgbaFrame): RgbaFrame {
  const out = new Uint8Array(frame.data.length);
  for (let i = 0; i < frame.data.length; i += 4) {
    for (let c = 0; c < 3; c++) out[i + c] = clampByte(24 + frame.data[i + c]! * 0.81);
    out[i + 3] = 255;
  }
  return { width: frame.width, height: frame.height, data: out };
}

export async function applyCameraEffect(
  frame: RgbaFrame,
  effect: CameraEffect,
  seed: number,
): Promise<RgbaFrame> {
  switch (effect) {
    case 'clean':
      return frame;
    case 'dark_noisy':
      return darkNoisy(frame, seed);
    case 'on_screen':
      return onScreen(frame);
  }
}

/**
 * A webcam's automatic white balance and exposure: gains that pull the frame's mean colour toward
 * grey, adapting over a few frames (a third of the way each frame), as UVC cameras do. One per
 * clip: it remembers its gains from frame to frame.
 */
export class AutoWhiteBalance {
  private gains: [number, number, number] | null = null;

  apply(frame: RgbaFrame): RgbaFrame {
    const { data } = frame;
    const sum = [0, 0, 0];
    let n = 0;
    for (let i = 0; i < data.length; i += 16) {
      sum[0]! += data[i]!;
      sum[1]! += data[i + 1]!;
      sum[2]! += data[i + 2]!;
      n += 1;
    }
    const mean = sum.map((v) => Math.max(v / n, 1));
    const grey = (mean[0]! + mean[1]! + mean[2]!) / 3;
    const wanted = mean.map((m) => grey / m);
    this.gains ??= [wanted[0]!, wanted[1]!, wanted[2]!];
    for (let c = 0; c < 3; c++) this.gains[c]! += (wanted[c]! - this.gains[c]!) / 3;
    const out = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i += 4) {
      for (let c = 0; c < 3; c++) out[i + c] = clampByte(data[i + c]! * this.gains[c]!);
      out[i + 3] = 255;
    }
    return { width: frame.width, height: frame.height, data: out };
  }
}

/** What a monitor's glass adds when the kiosk's screen shines on it: a little of its colour, everywhere. */
export function glassReflection(
  frame: RgbaFrame,
  colour: readonly [number, number, number] | null,
): RgbaFrame {
  if (!colour) return frame;
  const out = new Uint8Array(frame.data.length);
  const add = colour.map((v) => 0.04 * v);
  for (let i = 0; i < frame.data.length; i += 4) {
    for (let c = 0; c < 3; c++) out[i + c] = clampByte(frame.data[i + c]! + add[c]!);
    out[i + 3] = 255;
  }
  return { width: frame.width, height: frame.height, data: out };
}
