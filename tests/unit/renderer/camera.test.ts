import { describe, expect, test } from 'vitest';
import { centreCrop, nv12ToI420 } from '../../../renderer/camera';

describe('frames are cropped to the engine geometry, never stretched', () => {
  test('a camera that delivers the capture size is used whole', () => {
    expect(centreCrop({ width: 640, height: 480 }, { width: 640, height: 480 })).toEqual({
      sx: 0,
      sy: 0,
      sw: 640,
      sh: 480,
    });
  });

  test('a wide 16:9 picture loses its sides for a 4:3 capture', () => {
    expect(centreCrop({ width: 1280, height: 720 }, { width: 640, height: 480 })).toEqual({
      sx: 160,
      sy: 0,
      sw: 960,
      sh: 720,
    });
  });

  test('a tall picture loses its top and bottom, and the crop keeps the target aspect exactly', () => {
    const crop = centreCrop({ width: 480, height: 800 }, { width: 640, height: 480 });
    expect(crop.sw / crop.sh).toBeCloseTo(640 / 480, 12);
    expect([crop.sx, crop.sw]).toEqual([0, 480]);
    expect(crop.sy).toBeCloseTo((800 - 360) / 2, 12);
  });
});

describe('NV12 to I420', () => {
  test('the luma plane is kept and the interleaved chroma split into U then V', () => {
    // 4x2 picture: 8 luma bytes, then U,V pairs for its two 2x2 blocks.
    const nv12 = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 10, 20, 11, 21]);
    expect([...nv12ToI420(nv12, 4, 2)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 20, 21]);
  });
});
