import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  asNetInput,
  DEFAULT_ANALYZER_SETTINGS,
  FaceAnalyzer,
  NETS_FOR_ANALYSIS,
  type AnalyzerSettings,
} from '../main/inference/face-analyzer';
import type { Point } from '../main/liveness';
import { loadFaceApi, tfOf, type BackendPreference, type FaceApi } from '../main/inference/face-api-loader';
import { InferenceService } from '../main/inference/inference-service';
import { readVerifiedNets } from '../main/inference/model-catalogue';
import { rgbaToRgbInt32, toRgba, type RgbaFrame } from '../main/inference/rgba-frame';
import { sceneThumbnail } from '../main/inference/scene-thumbnail';
import { rgbaToI420 } from '../main/inference/y4m';
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
  /** Whether the setting follows the face with the landmark net alone between full detections. */
  readonly mode: 'detect' | 'track';
  /** Share of frames in which exactly one face was found. */
  readonly found_rate: number;
  readonly tracked_rate: number;
  /** Mean distance (px) of its landmarks from the kiosk default's on the same frames. */
  readonly landmark_shift_px: number;
}

export interface InferenceBench {
  readonly backend: string;
  readonly backendReason: string;
  readonly frames: number;
  readonly configs: ConfigResult[];
  /** Where one full-detection analysis of a camera (I420) frame spends its time, stage by stage. */
  readonly stages: { readonly name: string; readonly p50_ms: number; readonly p95_ms: number }[];
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

/** Frames are stamped as a 30 fps camera's: tracking spaces its full detections by time. */
const FRAME_MS = 1000 / 30;

const CONFIGS: {
  name: string;
  settings: Partial<AnalyzerSettings>;
  descriptor?: boolean;
  trackedOnly?: boolean;
}[] = [
  { name: 'full detection 224 + 68 landmarks', settings: { tracking: false } },
  {
    name: 'tracking: landmark net on a crop, full detection so a new face is seen within 100 ms',
    settings: { tracking: true, redetectWithinMs: 100 },
  },
  {
    name: 'tracked frames only (landmark net on a crop)',
    settings: { tracking: true, redetectWithinMs: 1e9 },
    trackedOnly: true,
  },
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
  // The full detector's landmarks per frame: what tracking's are compared with.
  let reference: (Point[] | null)[] | null = null;
  for (const config of CONFIGS) {
    const started = performance.now();
    const analyzer = FaceAnalyzer.create(faceapi, await readVerifiedNets(NETS_FOR_ANALYSIS), config.settings);
    const loadMs = performance.now() - started;
    for (let i = 0; i < 10; i++)
      await analyzer.analyze(frames[i]!, {
        descriptor: config.descriptor === true,
        timestampMs: i * FRAME_MS,
      });
    analyzer.reset();
    const times: number[] = [];
    const landmarks: (Point[] | null)[] = [];
    const shifts: number[] = [];
    let found = 0;
    let tracked = 0;
    for (const [i, frame] of frames.entries()) {
      const r = await analyzer.analyze(frame, {
        descriptor: config.descriptor === true,
        timestampMs: (i + 10) * FRAME_MS,
      });
      const only = r.faces.length === 1 ? r.faces[0]!.landmarks : null;
      landmarks.push(only);
      const ref = reference?.[i];
      if (only && ref)
        shifts.push(
          only.reduce((sum, p, k) => sum + Math.hypot(p.x - ref[k]!.x, p.y - ref[k]!.y), 0) / only.length,
        );
      if (config.trackedOnly && r.mode !== 'track') continue;
      times.push(r.elapsedMs);
      if (r.faces.length === 1) found++;
      if (r.mode === 'track') tracked++;
    }
    reference ??= landmarks;
    times.sort((a, b) => a - b);
    const isDefault =
      config.settings.tracking === DEFAULT_ANALYZER_SETTINGS.tracking &&
      (config.settings.inputSize ?? DEFAULT_ANALYZER_SETTINGS.inputSize) ===
        DEFAULT_ANALYZER_SETTINGS.inputSize &&
      !config.descriptor &&
      !config.trackedOnly;
    configs.push({
      name: config.name,
      default: isDefault,
      mode: config.settings.tracking ? 'track' : 'detect',
      load_ms: round(loadMs),
      p50_ms: round(percentile(times, 50)),
      p95_ms: round(percentile(times, 95)),
      found_rate: round(found / Math.max(1, times.length)),
      tracked_rate: round(tracked / Math.max(1, times.length)),
      landmark_shift_px: round(shifts.reduce((a, b) => a + b, 0) / Math.max(1, shifts.length)),
    });
  }
  const stages = await analysisStages(faceapi, frames);
  return {
    backend,
    backendReason: reason,
    frames: n,
    configs,
    stages,
    worker: await benchWorker(frames, options),
  };
}

/**
 * The kiosk default's analysis of an I420 camera frame, stage by stage in one run, with the same
 * functions the analyzer calls, and the whole `analyze()` beside them for comparison.
 */
async function analysisStages(faceapi: FaceApi, frames: readonly RgbaFrame[]) {
  const tf = tfOf(faceapi);
  const analyzer = FaceAnalyzer.create(faceapi, await readVerifiedNets(NETS_FOR_ANALYSIS));
  const options = new faceapi.TinyFaceDetectorOptions({
    inputSize: DEFAULT_ANALYZER_SETTINGS.inputSize,
    scoreThreshold: DEFAULT_ANALYZER_SETTINGS.scoreThreshold,
  });
  const times = new Map<string, number[]>();
  const timed = async <T>(name: string, work: () => T | Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work();
    times.set(name, [...(times.get(name) ?? []), performance.now() - started]);
    return result;
  };
  for (const frame of frames) {
    const camera = {
      width: frame.width,
      height: frame.height,
      format: 'i420' as const,
      data: rgbaToI420(frame),
    };
    const rgba = await timed('I420 -> RGBA', () => toRgba(camera));
    await timed('scene picture', () => sceneThumbnail(rgba));
    const int32 = await timed('RGBA -> int32', () => rgbaToRgbInt32(rgba));
    const input = await timed('tensor', () => tf.tensor3d(int32, [rgba.height, rgba.width, 3], 'int32'));
    const net = asNetInput(input);
    await timed('detector (face-api, whole frame)', () => faceapi.detectAllFaces(net, options));
    await timed('detector + 68 landmarks (face-api)', () =>
      faceapi.detectAllFaces(net, options).withFaceLandmarks(),
    );
    input.dispose();
    await timed('analyze() as a whole', () => analyzer.analyze(camera));
  }
  return [...times].map(([name, all]) => {
    // The first frames warm the nets up (kernels compiled, memory grown): left out.
    const sorted = all.slice(Math.min(10, Math.floor(all.length / 2))).sort((a, b) => a - b);
    return { name, p50_ms: round(percentile(sorted, 50)), p95_ms: round(percentile(sorted, 95)) };
  });
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
  console.log(
    '| setting | mode | default | model load ms | median ms | p95 ms | one face found | tracked | landmarks vs full detection px |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const c of b.configs) {
    console.log(
      `| ${c.name} | ${c.mode} | ${c.default ? 'yes' : ''} | ${c.load_ms} | ${c.p50_ms} | ${c.p95_ms} | ${Math.round(c.found_rate * 100)}% | ${Math.round(c.tracked_rate * 100)}% | ${c.landmark_shift_px} |`,
    );
  }
  console.log('\nOne full-detection analysis of an I420 frame, stage by stage (same run):');
  console.log('| stage | median ms | p95 ms |');
  console.log('| --- | --- | --- |');
  for (const s of b.stages) console.log(`| ${s.name} | ${s.p50_ms} | ${s.p95_ms} |`);
  const w = b.worker;
  console.log(
    `\nThrough the worker (kiosk default, transfer included): ${w.fps} frames/s, median ${w.p50_ms} ms, p95 ${w.p95_ms} ms;`,
  );
  console.log(
    `main event loop delay p99 ${w.main_loop_delay_p99_ms} ms; process RSS ${w.rss_mb} MB; tensors ${w.tensors_before} -> ${w.tensors_after}`,
  );
}
