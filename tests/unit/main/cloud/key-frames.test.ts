import { describe, expect, test } from 'vitest';
import { MAX_KEY_FRAMES, keyFrameJpeg } from '../../../../main/cloud/key-frames';
import { keptAttempt } from '../../../support/cloud-attempts';

describe('key frames sent to the cloud', () => {
  test('at most six, in time order: face found, settled in the area, along the path, the final frame', () => {
    const k = keptAttempt(1);
    expect(k.verdict.live).toBe(true);
    expect(k.keyFrames.length).toBeLessThanOrEqual(MAX_KEY_FRAMES);
    expect(k.keyFrames.length).toBeGreaterThanOrEqual(4);
    const indices = k.keyFrames.map((f) => f.index);
    expect([...indices].sort((a, b) => a - b)).toEqual(indices);
    expect(new Set(indices).size).toBe(indices.length);
    expect(indices[0]).toBe(k.attempt.areaStartIndex);
    expect(indices[1]).toBe(k.attempt.inAreaIndex);
    expect(indices[indices.length - 1]).toBe(k.attempt.frames.length - 1);
  });

  test('each key frame is the image of its own frame', () => {
    const k = keptAttempt(2);
    for (const f of k.keyFrames) expect(f.frame.data[0]).toBe(f.index % 256);
  });

  test('a slow visitor (300 nose frames) still yields six frames spread over the whole path', () => {
    const k = keptAttempt(3, { moveFrames: 300 });
    expect(k.keyFrames).toHaveLength(MAX_KEY_FRAMES);
    expect(k.keeper.heldFrames).toBeLessThanOrEqual(12 + 3);
    const path = k.keyFrames.slice(2, -1).map((f) => f.index);
    const span = k.attempt.frames.length - 1 - k.attempt.inAreaIndex!;
    expect(path[path.length - 1]! - path[0]!).toBeGreaterThan(span / 3);
  });

  test('an attempt that never reached the nose phase has no key frames', () => {
    const k = keptAttempt(1, { settleFrames: 1, moveFrames: 0 });
    if (k.attempt.inAreaIndex === null) expect(k.keyFrames).toEqual([]);
    const never = keptAttempt(1, { emptyFrames: 5, settleFrames: 0, moveFrames: 0 });
    expect(never.attempt.inAreaIndex).toBeNull();
    expect(never.keyFrames).toEqual([]);
  });

  test('evidence and the cloud asking for the same key frame get one JPEG encoding, not two', async () => {
    const frame = { width: 64, height: 48, data: new Uint8Array(64 * 48 * 4).fill(128) };
    const k = { index: 0, timestampMs: 0, frame };
    const first = keyFrameJpeg(k, 80);
    expect(keyFrameJpeg({ ...k, timestampMs: 5 }, 80)).toBe(first);
    expect(keyFrameJpeg(k, 60)).not.toBe(first);
    expect([...(await first).subarray(0, 2)]).toEqual([0xff, 0xd8]);
  });
});
