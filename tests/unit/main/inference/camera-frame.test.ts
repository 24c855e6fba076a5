import { describe, expect, test } from 'vitest';
import { frameBytes, frameProblem, toRgba } from '../../../../main/inference/rgba-frame';
import { rgbaToI420 } from '../../../../main/inference/y4m';

// Frames arrive as RGBA or in the camera's own I420; both are checked and end up as RGBA.

describe('camera frames', () => {
  test('an I420 frame is 1.5 bytes a pixel, RGBA 4', () => {
    expect(frameBytes(640, 480, 'i420')).toBe(460_800);
    expect(frameBytes(640, 480, 'rgba')).toBe(1_228_800);
  });

  test('an I420 frame of the right size is usable', () => {
    expect(frameProblem({ width: 4, height: 2, format: 'i420', data: new Uint8Array(12) })).toBeNull();
  });

  test('an I420 frame with a byte count for RGBA is refused, saying what it needs', () => {
    expect(frameProblem({ width: 4, height: 2, format: 'i420', data: new Uint8Array(32) })).toMatch(
      /4x2 I420 needs 12/,
    );
  });

  test('an I420 frame of odd size is refused (its chroma planes would not divide)', () => {
    expect(frameProblem({ width: 3, height: 2, format: 'i420', data: new Uint8Array(9) })).toMatch(/even/);
  });

  test('an I420 frame converts to the RGBA it was made from, within rounding', () => {
    // A colour per 2x2 block, so chroma subsampling loses nothing.
    const data = new Uint8Array(8 * 8 * 4);
    for (let y = 0; y < 8; y++)
      for (let x = 0; x < 8; x++) {
        const block = (y >> 1) * 4 + (x >> 1);
        data.set([90 + 8 * block, 140, 200 - 8 * block, 255], (y * 8 + x) * 4);
      }
    const flat = { width: 8, height: 8, data };
    const back = toRgba({ width: 8, height: 8, format: 'i420', data: rgbaToI420(flat) });
    const worst = Math.max(...back.data.map((v, k) => Math.abs(v - flat.data[k]!)));
    expect(worst).toBeLessThanOrEqual(3);
  });

  test('an RGBA frame is passed through untouched', () => {
    const frame = { width: 1, height: 1, data: new Uint8Array([1, 2, 3, 255]) };
    expect(toRgba(frame)).toBe(frame);
  });
});
