import { describe, expect, test } from 'vitest';
import { FramePipeline, type CapturedFrame } from '../../../renderer/frame-pipeline';

// The renderer's frame path with a scripted camera and a main process that answers when told.

function harness(maxInFlight = 2) {
  // Two in flight: the deeper pipe is where the ordering rules matter.
  let clock = 0;
  const sent: number[] = [];
  const answered: { t: number; newest: boolean }[] = [];
  const waiting = new Map<number, (answer: string) => void>();
  const pipeline = new FramePipeline<string>({
    capture: async (): Promise<CapturedFrame> => ({
      timestampMs: clock,
      format: 'i420',
      data: new Uint8Array(6),
      lightStep: null,
    }),
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
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  const cameraFrame = async (id: number) => {
    clock = id * 33;
    pipeline.offer(id);
    await settle();
  };
  const answer = async (t: number) => {
    waiting.get(t)!('ok');
    waiting.delete(t);
    await settle();
  };
  return { pipeline, sent, answered, cameraFrame, answer };
}

describe('frame pipeline', () => {
  test('each camera frame is sent as it arrives while there is room', async () => {
    const h = harness();
    await h.cameraFrame(1);
    await h.cameraFrame(2);
    expect(h.sent).toEqual([33, 66]);
    expect(h.pipeline.framesInFlight).toBe(2);
  });

  test('the same camera frame offered twice is sent once', async () => {
    const h = harness();
    await h.cameraFrame(1);
    await h.cameraFrame(1);
    expect(h.sent).toEqual([33]);
  });

  test('frames that arrive while the pipe is full are not queued: the newest goes when a slot frees', async () => {
    const h = harness();
    for (let id = 1; id <= 5; id++) await h.cameraFrame(id);
    expect(h.sent).toEqual([33, 66]);
    await h.answer(33);
    expect(h.sent).toEqual([33, 66, 165]);
  });

  test('with nothing new from the camera, a freed slot stays free', async () => {
    const h = harness();
    await h.cameraFrame(1);
    await h.answer(33);
    expect(h.sent).toEqual([33]);
    expect(h.pipeline.framesInFlight).toBe(0);
  });

  test('an answer overtaken by a later frame is delivered but not marked newest', async () => {
    const h = harness();
    await h.cameraFrame(1);
    await h.cameraFrame(2);
    await h.answer(66);
    await h.answer(33);
    expect(h.answered).toEqual([
      { t: 66, newest: true },
      { t: 33, newest: false },
    ]);
  });

  test('by default one frame is in flight: the next camera frame waits for the answer', async () => {
    const sent: number[] = [];
    const pipeline = new FramePipeline<string>({
      capture: async () => ({
        timestampMs: sent.length + 1,
        format: 'i420',
        data: new Uint8Array(6),
        lightStep: null,
      }),
      submit: (frame) => {
        sent.push(frame.timestampMs);
        return new Promise(() => undefined);
      },
      onAnswer: () => undefined,
      onError: () => undefined,
    });
    pipeline.offer(1);
    pipeline.offer(2);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sent).toEqual([1]);
  });

  test('a frame whose capture fails is reported and frees its slot', async () => {
    const errors: unknown[] = [];
    const pipeline = new FramePipeline<string>({
      capture: () => Promise.reject(new Error('camera unplugged')),
      submit: () => Promise.resolve('never'),
      onAnswer: () => undefined,
      onError: (e) => errors.push(e),
    });
    pipeline.offer(1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(errors).toHaveLength(1);
    expect(pipeline.framesInFlight).toBe(0);
  });

  test('after stop, nothing more is sent or delivered', async () => {
    const h = harness();
    await h.cameraFrame(1);
    h.pipeline.stop();
    await h.cameraFrame(2);
    await h.answer(33);
    expect(h.sent).toEqual([33]);
    expect(h.answered).toEqual([]);
  });
});
