import type { Page } from 'playwright';

/** Frames processed per second, capture-to-overlay delay and verdict delay, from the page's entries. */
export async function pipelineTimings(page: Page) {
  const entries = await page.evaluate(() =>
    performance
      .getEntriesByType('measure')
      .map((e) => ({ name: e.name, start: e.startTime, duration: e.duration })),
  );
  const frames = entries.filter((e) => e.name === 'kiosk:frame');
  const delays = frames.map((e) => e.duration).sort((a, b) => a - b);
  const pick = (p: number) =>
    delays[Math.min(delays.length - 1, Math.max(0, Math.ceil((p / 100) * delays.length) - 1))] ?? NaN;
  const span =
    frames.length > 1
      ? frames[frames.length - 1]!.start + frames[frames.length - 1]!.duration - frames[0]!.start
      : NaN;
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    frames: frames.length,
    fps: round(((frames.length - 1) * 1000) / span),
    capture_to_overlay_p50_ms: round(pick(50)),
    capture_to_overlay_p95_ms: round(pick(95)),
    verdict_after_final_frame_ms: round(entries.find((e) => e.name === 'kiosk:verdict')?.duration ?? NaN),
  };
}
