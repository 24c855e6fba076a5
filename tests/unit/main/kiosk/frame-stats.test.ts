import { describe, expect, test } from 'vitest';
import { FrameStats } from '../../../../main/kiosk/frame-stats';

describe('frame statistics for the health view', () => {
  test('nothing yet: no figures rather than zeros', () => {
    expect(new FrameStats().summary()).toEqual({
      frames: 0,
      framesPerSecond: null,
      inferenceMedianMs: null,
      inferenceP95Ms: null,
      format: null,
    });
  });

  test('frames per second from the frames own timestamps; latency median and p95', () => {
    const s = new FrameStats();
    for (let i = 0; i < 31; i++) s.record(i * 100, i === 30 ? 200 : 30);
    expect(s.summary()).toEqual({
      frames: 31,
      framesPerSecond: 10,
      inferenceMedianMs: 30,
      inferenceP95Ms: 30,
      format: 'rgba',
    });
  });

  test("says which pixel format the frames arrive in (the camera's own I420, or drawn RGBA)", () => {
    const s = new FrameStats();
    s.record(0, 30, 'rgba');
    s.record(33, 30, 'i420');
    expect(s.summary().format).toBe('i420');
  });

  test('keeps only the most recent frames', () => {
    const s = new FrameStats(10);
    for (let i = 0; i < 100; i++) s.record(i * 33, i < 90 ? 500 : 20);
    expect(s.summary()).toMatchObject({ frames: 10, inferenceMedianMs: 20 });
  });
});
