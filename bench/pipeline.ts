import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { FaceAnalyzer, NETS_FOR_ANALYSIS } from '../main/inference/face-analyzer';
import { loadFaceApi } from '../main/inference/face-api-loader';
import { readVerifiedNets } from '../main/inference/model-catalogue';
import { GROUP_PHOTO_SETTINGS, composeFrame, portraits } from '../main/inference/sample-faces';
import { Y4mWriter } from '../main/inference/y4m';
import type { PipelineTimings } from '../main/preview/timings';
import { percentile } from './harness';

/*
 * The whole kiosk pipeline in Chromium (camera -> renderer -> main -> inference -> state ->
 * overlay) on a 30 fps clip: frames processed per second, capture-to-overlay delay, and the delay
 * from the final frame's capture to the verdict. The clip holds a real face still, so the attempt
 * runs its full 10 s nose phase before timing out.
 */

export type PipelineBench = PipelineTimings;

async function stillClip(): Promise<string> {
  const dir = join(tmpdir(), 'liveness-kiosk-bench');
  const path = join(dir, 'pipeline-still-30fps.y4m');
  if (existsSync(path)) return path;
  await mkdir(dir, { recursive: true });
  const { faceapi } = await loadFaceApi('auto');
  const finder = FaceAnalyzer.create(
    faceapi,
    await readVerifiedNets(NETS_FOR_ANALYSIS),
    GROUP_PHOTO_SETTINGS,
  );
  const [face] = await portraits(finder, dir, 200);
  const frame = await composeFrame([{ portrait: face!, nose: { x: 320, y: 245 } }]);
  const writer = await Y4mWriter.create(path, {
    width: 640,
    height: 480,
    fpsNumerator: 30,
    fpsDenominator: 1,
  });
  for (let i = 0; i < 60; i++) await writer.write(frame);
  await writer.close();
  return path;
}

export async function benchPipeline(
  previewScript: string,
  extra: readonly string[] = [],
): Promise<PipelineBench> {
  const clip = await stillClip();
  const r = spawnSync(
    process.execPath,
    [
      previewScript,
      '--camera-clip',
      clip,
      '--challenge-seed',
      '1',
      '--headless',
      '--until-result',
      '--report-timings',
      ...extra,
    ],
    { encoding: 'utf8', timeout: 180_000 },
  );
  if (r.status !== 0) throw new Error(`preview failed: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { timings: PipelineBench }).timings;
}

export interface ScreenLightCost {
  readonly runs: number;
  /** Medians over the runs, screen light off and in observe mode (the screen flashing). */
  readonly off: { fps: number; capture_to_overlay_p50_ms: number; inference_p50_ms: number };
  readonly observe: { fps: number; capture_to_overlay_p50_ms: number; inference_p50_ms: number };
  /** observe / off frames per second. */
  readonly fps_ratio: number;
}

/**
 * What the screen-light check's flashing costs the pipeline: the same clip with the check off and
 * in observe mode, runs interleaved (these machines drift), medians and their ratio.
 */
export async function benchScreenLightCost(previewScript: string, runs = 3): Promise<ScreenLightCost> {
  const dir = await mkdtemp(join(tmpdir(), 'liveness-bench-light-'));
  const observe = join(dir, 'observe.json');
  await writeFile(observe, JSON.stringify({ verdict: { observeScreenLight: true } }));
  const off: PipelineBench[] = [];
  const on: PipelineBench[] = [];
  for (let i = 0; i < runs; i++) {
    off.push(await benchPipeline(previewScript));
    on.push(await benchPipeline(previewScript, ['--liveness', observe]));
  }
  const summary = (all: readonly PipelineBench[]) => ({
    fps: median(all.map((t) => t.fps)),
    capture_to_overlay_p50_ms: median(all.map((t) => t.capture_to_overlay_p50_ms)),
    inference_p50_ms: median(all.map((t) => t.stages.inference?.p50_ms ?? NaN)),
  });
  const a = summary(off);
  const b = summary(on);
  return { runs, off: a, observe: b, fps_ratio: Math.round((b.fps / a.fps) * 100) / 100 };
}

const median = (values: readonly number[]): number =>
  percentile(
    [...values].sort((x, y) => x - y),
    50,
  );

export function printScreenLightCost(c: ScreenLightCost): void {
  console.log(`\nScreen light's flashing in the pipeline (${c.runs} runs each, interleaved, medians)`);
  console.log('| screen light | frames/s | capture -> overlay median ms | inference median ms |');
  console.log('| --- | --- | --- | --- |');
  for (const [name, s] of [
    ['off', c.off],
    ['observe (flashing)', c.observe],
  ] as const)
    console.log(`| ${name} | ${s.fps} | ${s.capture_to_overlay_p50_ms} | ${s.inference_p50_ms} |`);
  console.log(`\nframes/s observe / off: ${c.fps_ratio}`);
}

export function printPipeline(p: PipelineBench): void {
  console.log('\nPipeline in Chromium (30 fps clip, kiosk default settings)');
  console.log('| frames | frames/s | capture -> overlay median ms | p95 ms | verdict after final frame ms |');
  console.log('| --- | --- | --- | --- | --- |');
  console.log(
    `| ${p.frames} | ${p.fps} | ${p.capture_to_overlay_p50_ms} | ${p.capture_to_overlay_p95_ms} | ${p.verdict_after_final_frame_ms} |`,
  );
  console.log('\n| stage (per frame) | frames | median ms | p95 ms |');
  console.log('| --- | --- | --- | --- |');
  for (const [name, s] of Object.entries(p.stages))
    console.log(`| ${name.replace(/_/g, ' ')} | ${s.frames} | ${s.p50_ms} | ${s.p95_ms} |`);
}
