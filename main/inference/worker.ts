import { parentPort, workerData } from 'node:worker_threads';
import { FaceAnalyzer, NETS_FOR_ANALYSIS } from './face-analyzer';
import { loadFaceApi } from './face-api-loader';
import { ModelIntegrityError, readVerifiedNets } from './model-catalogue';
import { WorkerRequestSchema, type WorkerInit, type WorkerResponse } from './worker-protocol';

// The inference worker: face-api and TensorFlow run here so the main process's event loop never
// waits on a frame (measured: ~23 ms blocked per frame on the main thread, ~1 ms with a worker).

const port = parentPort;
if (!port) throw new Error('worker.ts must run as a worker thread');
const send = (message: WorkerResponse, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

async function start(init: WorkerInit): Promise<FaceAnalyzer | null> {
  const started = performance.now();
  try {
    const nets = await readVerifiedNets(NETS_FOR_ANALYSIS, init.modelDirectory);
    const { faceapi, backend, reason } = await loadFaceApi(init.backend);
    const analyzer = FaceAnalyzer.create(faceapi, nets, init.settings);
    send({ type: 'ready', backend, reason, loadMs: performance.now() - started });
    return analyzer;
  } catch (error) {
    const code = error instanceof ModelIntegrityError ? error.code : 'inference_start_failed';
    send({ type: 'fatal', code, message: error instanceof Error ? error.message : String(error) });
    return null;
  }
}

const ready = start(workerData as WorkerInit);

port.on('message', (raw: unknown) => {
  void ready.then(async (analyzer) => {
    if (!analyzer) return;
    const parsed = WorkerRequestSchema.safeParse(raw);
    if (!parsed.success) return; // Only the service talks to this worker; it never sends this.
    const request = parsed.data;
    switch (request.type) {
      case 'reset':
        analyzer.reset();
        return;
      case 'stats':
        send({
          type: 'stats',
          id: request.id,
          numTensors: analyzer.numTensors(),
          rssBytes: process.memoryUsage().rss,
        });
        return;
      case 'analyze':
        try {
          const { width, height, data, format } = request;
          const result = await analyzer.analyze(
            format === 'i420' ? { width, height, data, format } : { width, height, data },
            {
              descriptor: request.descriptor,
              detect: request.detect,
              ...(request.timestampMs !== undefined ? { timestampMs: request.timestampMs } : {}),
            },
          );
          // The scene picture's bytes move to main rather than being copied.
          const { buffer } = result.scene.luma;
          send(
            { type: 'result', id: request.id, ...result, numTensors: analyzer.numTensors() },
            buffer instanceof ArrayBuffer ? [buffer] : [],
          );
        } catch (error) {
          send({
            type: 'error',
            id: request.id,
            message: error instanceof Error ? error.message : String(error),
          });
        }
    }
  });
});
