import { describe, expect, test } from 'vitest';
import { KeyFrameKeeper, MAX_KEY_FRAMES, keyFrameJpeg } from '../../../../main/cloud/key-frames';
import {
  LivenessSession,
  createChallenge,
  resolveConfig,
  seededRandom,
  verifyCloudAttempt,
} from '../../../../main/liveness';
import { cloudFrames, keptAttempt } from '../../../support/cloud-attempts';

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

  test("candidates kept in the camera's I420 come out as RGBA key frames, converted once", () => {
    const keeper = new KeyFrameKeeper();
    // A 2x2 mid-grey I420 frame: Y 126, U and V 128.
    const grey = {
      width: 2,
      height: 2,
      format: 'i420' as const,
      data: Uint8Array.from([126, 126, 126, 126, 128, 128]),
    };
    keeper.offer(0, 0, 'face', grey);
    keeper.offer(1, 33, 'area', grey);
    for (let i = 2; i < 6; i++) keeper.offer(i, i * 33, 'nose', grey);
    const attempt = { areaStartIndex: 0, inAreaIndex: 1 } as const;
    const [first] = keeper.select({ ...keptAttempt(1).attempt, ...attempt });
    expect(first!.frame.format).toBeUndefined();
    expect([...first!.frame.data.subarray(0, 4)]).toEqual([128, 128, 128, 255]);
    expect(keeper.select({ ...keptAttempt(1).attempt, ...attempt })[0]).toBe(first);
  });

  test('a slow visitor (300 nose frames) still yields six frames spread over the whole path', () => {
    const k = keptAttempt(3, { moveFrames: 300 });
    expect(k.keyFrames).toHaveLength(MAX_KEY_FRAMES);
    expect(k.keeper.heldFrames).toBeLessThanOrEqual(12 + 3);
    const path = k.keyFrames.slice(2, -1).map((f) => f.index);
    const span = k.attempt.frames.length - 1 - k.attempt.inAreaIndex!;
    expect(path[path.length - 1]! - path[0]!).toBeGreaterThan(span / 3);
  });

  test('a face found but never settled in the area gives no key frames', () => {
    const k = keptAttempt(1, { settleFrames: 1, moveFrames: 0 });
    expect(k.attempt.areaStartIndex).not.toBeNull();
    expect(k.attempt.inAreaIndex).toBeNull();
    expect(k.keyFrames).toEqual([]);
  });

  test('an attempt where no face was ever found gives no key frames', () => {
    const made = createChallenge({ frame: { width: 640, height: 480 }, now: 0, random: seededRandom(1) });
    if (!made.ok) throw made.error;
    const session = new LivenessSession(made.value);
    const keeper = new KeyFrameKeeper();
    for (let i = 0; i < 10; i++) {
      const phase = session.currentPhase;
      expect(phase).toBe('face');
      expect(session.step({ timestampMs: 1000 + 33 * i, frame: made.value.frame, faces: [] }).ok).toBe(true);
      keeper.offer(i, 1000 + 33 * i, 'face', { width: 1, height: 1, data: new Uint8Array(4) });
    }
    session.cancel();
    expect(session.attempt().areaStartIndex).toBeNull();
    expect(keeper.select(session.attempt())).toEqual([]);
  });

  test('in a sequence, the cloud sees the way to the first target only, and judges it live', () => {
    const config = resolveConfig({ challenge: { mode: 'sequence', sequenceLength: 3 } });
    if (!config.ok) throw config.error;
    const k = keptAttempt(4, {}, undefined, config.value);
    expect(k.verdict.live).toBe(true);
    expect(k.attempt.targetsReached).toHaveLength(3);
    expect(k.keyFrames.at(-1)!.index).toBe(k.attempt.targetsReached[0]);
    expect(k.keyFrames.every((f) => f.index <= k.attempt.targetsReached[0]!)).toBe(true);
    const cloud = verifyCloudAttempt(k.challenge, cloudFrames(k), config.value);
    expect(cloud.reasons.filter((r) => !r.passed)).toEqual([]);
    expect(cloud.live).toBe(true);
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
