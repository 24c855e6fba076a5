/*
 * The frame path's stages, timed with standard performance measures in the renderer and in main
 * (the global `performance` exists in both), so `--report-timings` and the pipeline benchmark can
 * say where each frame's time goes. Every measure carries the frame's capture timestamp in its
 * detail: that is what pairs the renderer's and main's halves of one frame (their clocks differ).
 *
 * The timeline keeps measures until they are cleared, and a kiosk runs for months: each side clears
 * its stages when a visit starts, so at most one visit's worth is ever held.
 */

/** Measured in the renderer, per frame. */
export const RENDERER_STAGES = {
  /** The camera's capture of a frame until the page reads it (the camera's own delay included). */
  frameAge: 'kiosk:frame-age',
  /** Drawing the frame and reading its pixels (or copying the camera's own buffer). */
  capture: 'kiosk:capture',
  /** submitFrame sent until its answer is back: transport both ways plus everything in main. */
  roundTrip: 'kiosk:round-trip',
  /** Answer back until the overlay shows it. */
  overlay: 'kiosk:overlay',
  /** Capture to overlay, the visitor's delay. */
  frame: 'kiosk:frame',
  /** Capture of the final frame to the verdict on screen. */
  verdict: 'kiosk:verdict',
} as const;

/** Measured in main, per frame. */
export const MAIN_STAGES = {
  /** The whole submitFrame dispatch, validation of the request included. */
  dispatch: 'kiosk:main:dispatch',
  /** Waiting for the inference worker to be free. */
  queue: 'kiosk:main:queue',
  /** Pixels to the worker and the answer back, beside the analysis itself. */
  workerTransfer: 'kiosk:main:worker-transfer',
  /** The worker's analysis: detection or tracking, landmarks, scene thumbnail. */
  inference: 'kiosk:main:inference',
  /** The liveness session's step: pose, checks, state, verdict. */
  session: 'kiosk:main:session',
} as const;

export interface StageDetail {
  /** The frame's capture timestamp, as submitted. */
  readonly frame: number;
}

/** Records one stage of one frame; `end` defaults to now. */
export function measureStage(name: string, frame: number, start: number, end = performance.now()): void {
  const detail: StageDetail = { frame };
  performance.measure(name, { start, end, detail });
}

/** Records a stage whose duration is known but whose clock is elsewhere (the worker's). */
export function measureStageDuration(name: string, frame: number, durationMs: number): void {
  const end = performance.now();
  measureStage(name, frame, end - Math.max(0, durationMs), end);
}

/** Forgets the measures of `stages` (called when a visit starts). */
export function clearStages(stages: Record<string, string>): void {
  for (const name of Object.values(stages)) performance.clearMeasures(name);
}
