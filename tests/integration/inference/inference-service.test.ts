import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { InferenceService, type AnalyzeOutcome } from '../../../main/inference/inference-service';
import { defaultModelDirectory } from '../../../main/inference/model-catalogue';
import type { RgbaFrame } from '../../../main/inference/rgba-frame';
import { BUILT_WORKER, requireBuilt } from '../../support/built';
import { composeFrame, portraits } from '../../support/demo-faces';

let face: RgbaFrame;
const services: InferenceService[] = [];
const copy = (f: RgbaFrame): RgbaFrame => ({ ...f, data: f.data.slice() });

function service(options: ConstructorParameters<typeof InferenceService>[0] = {}): InferenceService {
  const s = new InferenceService({ workerPath: requireBuilt(BUILT_WORKER), ...options });
  services.push(s);
  return s;
}

beforeAll(async () => {
  const [p] = await portraits(150);
  face = await composeFrame([{ portrait: p!, nose: { x: 320, y: 250 } }]);
}, 120_000);

afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});

describe('inference worker', () => {
  test('starts, verifies the models and reports its backend and why', async () => {
    const s = service();
    const health = await s.start();
    expect(health.state).toBe('ready');
    expect(['tensorflow', 'wasm']).toContain(health.backend);
    expect(health.backendReason).toBeTruthy();
  });

  test('analyses a frame in its worker thread: the pixels move there, the answer comes back', async () => {
    const s = service();
    await s.start();
    const frame = copy(face);
    const pending = s.analyze(frame);
    // Transferred to the worker, not copied: this thread no longer holds the pixels.
    expect(frame.data.byteLength).toBe(0);
    const outcome = await pending;
    expect(outcome).toMatchObject({ status: 'done', result: { faces: [expect.anything()] } });
  });

  test('keeps at most one frame waiting: newer frames replace it', async () => {
    const s = service();
    await s.start();
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => s.analyze(copy(face))));
    expect(outcomes.map((o: AnalyzeOutcome) => o.status)).toEqual([
      'done',
      'dropped',
      'dropped',
      'dropped',
      'done',
    ]);
  });

  test('restarts after the worker dies and carries on', async () => {
    const events: string[] = [];
    const s = service({ log: (event) => events.push(event) });
    await s.start();
    await s.crashWorkerForTest();
    expect(s.health.state).toBe('restarting');
    await s.start();
    expect(s.health).toMatchObject({ state: 'ready', restarts: 1 });
    expect(events).toContain('inference.restart');
    expect((await s.analyze(copy(face))).status).toBe('done');
  });

  test('an altered weight file stops start-up with a clear error and no restart loop', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'models-'));
    await cp(defaultModelDirectory(), dir, { recursive: true });
    const file = join(dir, 'tiny_face_detector_model.bin');
    const bytes = await readFile(file);
    bytes[10] = bytes[10]! ^ 1;
    await writeFile(file, bytes);
    const s = service({ modelDirectory: dir });
    await expect(s.start()).rejects.toMatchObject({ code: 'model_altered' });
    expect(s.health).toMatchObject({ state: 'failed', restarts: 0 });
    await expect(s.analyze(copy(face))).rejects.toMatchObject({ code: 'not_running' });
  });

  test('a missing worker script is a clear start-up error, not a crash loop', async () => {
    const s = new InferenceService({ workerPath: '/nonexistent/inference-worker.js' });
    services.push(s);
    await expect(s.start()).rejects.toMatchObject({
      code: 'inference_start_failed',
      message: expect.stringMatching(/is missing/),
    });
    expect(s.health).toMatchObject({ state: 'failed', restarts: 0 });
  });

  test('a malformed frame is refused before it reaches the worker', async () => {
    const s = service();
    await s.start();
    await expect(s.analyze({ width: 640, height: 480, data: new Uint8Array(3) })).rejects.toMatchObject({
      code: 'invalid_frame',
    });
    expect((await s.analyze(copy(face))).status).toBe('done');
  });

  test('after close, frames are refused with a typed error', async () => {
    const s = service();
    await s.start();
    await s.close();
    await expect(s.analyze(copy(face))).rejects.toMatchObject({ code: 'not_running' });
  });

  test('reports tensor count and memory from inside the worker', async () => {
    const s = service();
    await s.start();
    const stats = await s.stats();
    expect(stats.numTensors).toBeGreaterThan(0);
    expect(stats.rssBytes).toBeGreaterThan(10_000_000);
  });
});
