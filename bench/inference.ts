import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { FaceAnalyzer, NETS_FOR_ANALYSIS, type AnalyzerSettings } from '../main/inference/face-analyzer';
import { loadFaceApi, type BackendPreference } from '../main/inference/face-api-loader';
import { InferenceService } from '../main/inference/inference-service';
import { readVerifiedNets } from '../main/inference/model-catalogue';
import type { RgbaFrame } from '../main/inference/rgba-frame';
import { GROUP_PHOTO_SETTINGS, composeFrame, portraits } from '../main/inference/sample-faces';
import { percentile } from './harness';

/*
 * Inference cost per 640x480 frame with one face, per detector setting, in-process and through the
 * worker (transfer included). Frames are real faces from face-api's demo photos, moving a little
 * from frame to frame as a visitor does, so tracking has real work to do.
 */

export interface ConfigResult {
  readonly name: string;
  readonly default: boolean;
  readonly load_ms: number;
  readonly p50_ms: number;
  readonly p95_ms: number;
  /** Share of frames in which exactly one face was found. */
  readonly found_rate: number;
  readonly tracked_rate: number;
}

export interface InferenceBench {
  readonly backend: string;
  readonly backendReason: string;
  readonly frames: number;
  readonly configs: ConfigResult[];
  readonly worker: {
    readonly fps: number;
    readonly p50_ms: number;
    readonly p95_ms: number;
    /** How long the main thread's event loop was held up while the worker ran (p99). */
    readonly main_loop_delay_p99_ms: number;
    readonly rss_mb: number;
    readonly tensors_before: number;
    readonly tensors_after: number;
  };
}

const CONFIGS: { name: string; settings: Partial<AnalyzerSettings>; descriptor?: boolean }[] = [
  { name: 'kiosk default: full detection 224 + 68 landmarks', settings: {} },
  {
    name: 'tracking: 224 full detection every 5th frame, 96 on a crop between',
    settings: { tracking: true, redetectEvery: 5 },
  },
  { name: 'tracking frames only (96 on a crop)', settings: { tracking: true, redetectEvery: 1_000_000 } },
  { name: 'full detection 416 + 68 landmarks', settings: { tracking: false, inputSize: 416 } },
  { name: 'full detection 224 + landmarks + descriptor', settings: { tracking: false }, descriptor: true },
];

/** Realistic camera frames: demo-photo visitors drifting across a 640x480 frame. */
export async function sampleFrames(count: number): Promise<RgbaFrame[]> {
  const { faceapi } = await loadFaceApi('auto');
  const finder = FaceAnalyzer.create(
    faceapi,
    await readVerifiedNets(NETS_FOR_ANALYSIS),
    GROUP_PHOTO_SETTINGS,
  );
  const faces = (await portraits(finder, join(tmpdir(), 'liveness-kiosk-bench'), 200)).slice(0, 4);
  const frames: RgbaFrame[] = [];
  for (let i = 0; i < count; i++) {
    // Four visitors, each drifting slowly across the frame.
    const face = faces[Math.floor(i / (count / faces.length)) % faces.length]!;
    const phase = (i % (count / faces.length)) / (count / faces.length);
    frames.push(
      await composeFrame([
        { portrait: face, nose: { x: 290 + 60 * phase, y: 240 + 10 * Math.sin(phase * 6) } },
      ]),
    );
  }
  return frames;
}

export async function benchInference(
  options: { frames?: number; backend?: BackendPreference; workerPath?: string } = {},
): Promise<InferenceBench> {
  const n = options.frames ?? 200;
  const frames = await sampleFrames(n);
  const { faceapi, backend, reason } = await loadFaceApi(options.backend ?? 'auto');
  const configs: ConfigResult[] = [];
  for (const config of CONFIGS) {
    const started = performance.now();
    const analyzer = FaceAnalyzer.create(faceapi, await readVerifiedNets(NETS_FOR_ANALYSIS), config.settings);
    const loadMs = performance.now() - started;
    for (let i = 0; i < 10; i++)
      await analyzer.analyze(frames[i]!, { descriptor: config.descriptor === true });
    analyzer.reset();
    const times: number[] = [];
    let found = 0;
    let tracked = 0;
    for (const frame of frames) {
      const r = await analyzer.analyze(frame, { descriptor: config.descriptor === true });
      if (config.name.startsWith('tracking frames only') && r.mode !== 'track') continue;
      times.push(r.elapsedMs);
      if (r.faces.length === 1) found++;
      if (r.mode === 'track') tracked++;
    }
    times.sort((a, b) => a - b);
    configs.push({
      name: config.name,
      default: config.name.startsWith('kiosk default'),
      load_ms: round(loadMs),
      p50_ms: round(percentile(times, 50)),
      p95_ms: round(percentile(times, 95)),
      found_rate: round(found / Math.max(1, times.length)),
      tracked_rate: round(tracked / Math.max(1, times.length)),
    });
  }
  return { backend, backendReason: reason, frames: n, configs, worker: await benchWorker(frames, options) };
}

async function benchWorker(
  frames: readonly RgbaFrame[],
  options: { backend?: BackendPreference; workerPath?: string },
) {
  const service = new InferenceService({
    backend: options.backend ?? 'auto',
    ...(options.workerPath ? { workerPath: options.workerPath } : {}),
  });
  try {
    await service.start();
    for (let i = 0; i < 10; i++) await service.analyze({ ...frames[i]!, data: frames[i]!.data.slice() });
    const tensorsBefore = (await service.stats()).numTensors;
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const times: number[] = [];
    const started = performance.now();
    for (const frame of frames) {
      const t0 = performance.now();
      await service.analyze({ ...frame, data: frame.data.slice() });
      times.push(performance.now() - t0);
    }
    const elapsed = performance.now() - started;
    delay.disable();
    const after = await service.stats();
    times.sort((a, b) => a - b);
    return {
      fps: round((frames.length * 1000) / elapsed),
      p50_ms: round(percentile(times, 50)),
      p95_ms: round(percentile(times, 95)),
      main_loop_delay_p99_ms: round(delay.percentile(99) / 1e6),
      rss_mb: round(after.rssBytes / 1e6),
      tensors_before: tensorsBefore,
      tensors_after: after.numTensors,
    };
  } finally {
    await service.close();
  }
}

const round = (x: number): number => Math.round(x * 100) / 100;

export function printInference(b: InferenceBench): void {
  console.log(`\nInference (${b.backend}; ${b.backendReason}), ${b.frames} frames of 640x480 with one face`);
  console.log('| setting | default | model load ms | median ms | p95 ms | one face found | tracked |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const c of b.configs) {
    console.log(
      `| ${c.name} | ${c.default ? 'yes' : ''} | ${c.load_ms} | ${c.p50_ms} | ${c.p95_ms} | ${Math.round(c.found_rate * 100)}% | ${Math.round(c.tracked_rate * 100)}% |`,
    );
  }
  const w = b.worker;
  console.log(
    `\nThrough the worker (kiosk default, transfer included): ${w.fps} frames/s, median ${w.p50_ms} ms, p95 ${w.p95_ms} ms;`,
  );
  console.log(
    `main event loop delay p99 ${w.main_loop_delay_p99_ms} ms; process RSS ${w.rss_mb} MB; tensors ${w.tensors_before} -> ${w.tensors_after}`,
  );
}
