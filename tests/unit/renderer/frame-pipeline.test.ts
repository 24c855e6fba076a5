import { describe, expect, test } from 'vitest';
import { FramePipeline, type CapturedFrame } from '../../../renderer/frame-pipeline';

// The renderer's frame path with a scripted camera and a main process that answers when told.

function harness(maxInFlight = 2) {
  let clock = 0;
  const sent: number[] = [];
  const answered: { t: number; newest: boolean }[] = [];
  const waiting = new Map<number, (answer: string) => void>();
  const pipeline = new FramePipeline<string>({
    capture: (): CapturedFrame => ({ timestampMs: clock, data: new Uint8Array(4) }),
    submit: (frame) => {
      sent.push(frame.timestampMs);
      return new Promise((resolve) => waiting.set(frame.timestampMs, resolve));
    },
    onAnswer: (_answer, frame) => answered.push({ t: frame.timestampMs, newest: frame.newest }),
    onError: (error) => {
      throw error;
    },
    maxInFlight,
  });
  const cameraFrame = (id: number) => {
    clock = id * 33;
    pipeline.offer(id);
  };
  const answer = async (t: number) => {
    waiting.get(t)!('ok');
    waiting.delete(t);
    await Promise.resolve();
    await Promise.resolve();
  };
  return { pipeline, sent, answered, cameraFrame, answer };
}

describe('frame pipeline', () => {
  test('each camera frame is sent as it arrives while there is room', () => {
    const h = harness();
    h.cameraFrame(1);
    h.cameraFrame(2);
    expect(h.sent).toEqual([33, 66]);
    expect(h.pipeline.framesInFlight).toBe(2);
  });

  test('the same camera frame offered twice is sent once', () => {
    const h = harness();
    h.cameraFrame(1);
    h.cameraFrame(1);
    expect(h.sent).toEqual([33]);
  });

  test('frames that arrive while the pipe is full are not queued: the newest goes when a slot frees', async () => {
    const h = harness();
    for (let id = 1; id <= 5; id++) h.cameraFrame(id);
    expect(h.sent).toEqual([33, 66]);
    await h.answer(33);
    expect(h.sent).toEqual([33, 66, 165]);
  });

  test('with nothing new from the camera, a freed slot stays free', async () => {
    const h = harness();
    h.cameraFrame(1);
    await h.answer(33);
    expect(h.sent).toEqual([33]);
    expect(h.pipeline.framesInFlight).toBe(0);
  });

  test('an answer overtaken by a later frame is delivered but not marked newest', async () => {
    const h = harness();
    h.cameraFrame(1);
    h.cameraFrame(2);
    await h.answer(66);
    await h.answer(33);
    expect(h.answered).toEqual([
      { t: 66, newest: true },
      { t: 33, newest: false },
    ]);
  });

  test('after stop, nothing more is sent or delivered', async () => {
    const h = harness();
    h.cameraFrame(1);
    h.pipeline.stop();
    h.cameraFrame(2);
    await h.answer(33);
    expect(h.sent).toEqual([33]);
    expect(h.answered).toEqual([]);
  });
});
