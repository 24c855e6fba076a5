import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { FaceAnalyzer, NETS_FOR_ANALYSIS } from '../main/inference/face-analyzer';
import { loadFaceApi } from '../main/inference/face-api-loader';
import { readVerifiedNets } from '../main/inference/model-catalogue';
import { GROUP_PHOTO_SETTINGS, composeFrame, portraits } from '../main/inference/sample-faces';
import { Y4mWriter } from '../main/inference/y4m';
import type { PipelineTimings } from '../main/preview/timings';

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

export async function benchPipeline(previewScript: string): Promise<PipelineBench> {
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
    ],
    { encoding: 'utf8', timeout: 180_000 },
  );
  if (r.status !== 0) throw new Error(`preview failed: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { timings: PipelineBench }).timings;
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
