import type { Page } from 'playwright';
import { MAIN_STAGES, RENDERER_STAGES, type StageDetail } from '../kiosk/pipeline-stages';

/*
 * Where a visit's frames spent their time, from the stage measures the renderer (the page's
 * timeline) and main (this process's timeline: the preview runs the kiosk in-process) recorded.
 */

interface Entry {
  readonly name: string;
  readonly start: number;
  readonly duration: number;
  readonly frame: number | null;
}

export interface StageSummary {
  readonly frames: number;
  readonly p50_ms: number;
  readonly p95_ms: number;
}

const round = (x: number) => Math.round(x * 10) / 10;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

function summarise(durations: readonly number[]): StageSummary {
  const sorted = [...durations].sort((a, b) => a - b);
  return {
    frames: sorted.length,
    p50_ms: round(percentile(sorted, 50)),
    p95_ms: round(percentile(sorted, 95)),
  };
}

function frameOf(detail: unknown): number | null {
  const frame = (detail as Partial<StageDetail> | null)?.frame;
  return typeof frame === 'number' ? frame : null;
}

/** This process's stage measures (main's half). */
export function mainStageEntries(): Entry[] {
  const names = new Set<string>(Object.values(MAIN_STAGES));
  return performance
    .getEntriesByType('measure')
    .filter((e) => names.has(e.name))
    .map((e) => ({
      name: e.name,
      start: e.startTime,
      duration: e.duration,
      frame: frameOf((e as PerformanceMeasure).detail),
    }));
}

/**
 * The pipeline's figures for the visit just run: frames answered per second, capture-to-overlay
 * delay, the final frame's delay to the verdict, and each stage's median and p95. `transport` is the
 * renderer's round trip minus main's dispatch of the same frame: both ways over IPC (or the
 * preview's loopback), encoding and decoding included.
 */
export function summariseTimings(page: readonly Entry[], main: readonly Entry[]) {
  const named = (entries: readonly Entry[], name: string) => entries.filter((e) => e.name === name);
  const frames = named(page, RENDERER_STAGES.frame);
  const delays = frames.map((e) => e.duration).sort((a, b) => a - b);
  const last = frames[frames.length - 1];
  const span = frames.length > 1 && last ? last.start + last.duration - frames[0]!.start : NaN;
  const dispatchByFrame = new Map(
    named(main, MAIN_STAGES.dispatch).map((e) => [e.frame, e.duration] as const),
  );
  const transport = named(page, RENDERER_STAGES.roundTrip).flatMap((e) => {
    const inMain = dispatchByFrame.get(e.frame);
    return inMain === undefined ? [] : [e.duration - inMain];
  });
  const stage = (entries: readonly Entry[], name: string) =>
    summarise(named(entries, name).map((e) => e.duration));
  return {
    frames: frames.length,
    fps: round(((frames.length - 1) * 1000) / span),
    capture_to_overlay_p50_ms: round(percentile(delays, 50)),
    capture_to_overlay_p95_ms: round(percentile(delays, 95)),
    verdict_after_final_frame_ms: round(named(page, RENDERER_STAGES.verdict)[0]?.duration ?? NaN),
    stages: {
      frame_age: stage(page, RENDERER_STAGES.frameAge),
      capture: stage(page, RENDERER_STAGES.capture),
      round_trip: stage(page, RENDERER_STAGES.roundTrip),
      transport: summarise(transport),
      main_dispatch: stage(main, MAIN_STAGES.dispatch),
      queue: stage(main, MAIN_STAGES.queue),
      worker_transfer: stage(main, MAIN_STAGES.workerTransfer),
      inference: stage(main, MAIN_STAGES.inference),
      session: stage(main, MAIN_STAGES.session),
      overlay: stage(page, RENDERER_STAGES.overlay),
    },
  };
}

export type PipelineTimings = ReturnType<typeof summariseTimings>;

/** Reads both halves: the page's measures through Playwright, main's from this process. */
export async function pipelineTimings(page: Page): Promise<PipelineTimings> {
  const names: string[] = Object.values(RENDERER_STAGES);
  const pageEntries = await page.evaluate(
    (wanted) =>
      performance
        .getEntriesByType('measure')
        .filter((e) => wanted.includes(e.name))
        .map((e) => {
          const frame = ((e as PerformanceMeasure).detail as { frame?: unknown } | null)?.frame;
          return {
            name: e.name,
            start: e.startTime,
            duration: e.duration,
            frame: typeof frame === 'number' ? frame : null,
          };
        }),
    names,
  );
  return summariseTimings(pageEntries, mainStageEntries());
}
