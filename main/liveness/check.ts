import type { TargetSide } from './challenge';
import type { Box } from './geometry';
import type { AttemptRecord, FrameRecord } from './session';

/*
 * What a verdict check is, and the small helpers the checks share (built-in and spoof checks).
 */

export interface CheckOutcome {
  readonly passed: boolean;
  readonly evaluated?: boolean;
  readonly message: string;
  readonly value: number | null;
  readonly threshold: number | null;
  /** -1..1: how far from the threshold, on the passing (+) or failing (-) side. */
  readonly margin?: number;
}

/** A verdict check: reads the attempt, returns a finding. Extra checks plug in through this. */
export interface AttemptCheck {
  readonly code: string;
  evaluate(attempt: AttemptRecord): CheckOutcome;
}

export const notEvaluated = (message: string): CheckOutcome => ({
  passed: false,
  evaluated: false,
  message,
  value: null,
  threshold: null,
});

export const clampMargin = (m: number): number => (Number.isFinite(m) ? Math.max(-1, Math.min(1, m)) : -1);
/** Margin of `value <= threshold` (or `value >= threshold` when `atLeast`). */
export const marginOf = (value: number, threshold: number, atLeast = false): number => {
  const scale = Math.max(Math.abs(threshold), 1e-9);
  return clampMargin((atLeast ? value - threshold : threshold - value) / scale);
};

/** Median of the three largest: one frame's jitter or mismatch cannot decide alone. */
export function robustPeak(values: readonly number[]): number {
  const top = [...values].sort((x, y) => y - x).slice(0, 3);
  return top[Math.floor((top.length - 1) / 2)]!;
}

export const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;
export const reachedArea = (a: AttemptRecord): boolean => a.areaStartIndex !== null;
export const reachedNose = (a: AttemptRecord): boolean => a.inAreaIndex !== null;
export const noseFrames = (a: AttemptRecord): FrameRecord[] => a.frames.filter((f) => f.phase === 'nose');
export const attemptFrames = (a: AttemptRecord): readonly FrameRecord[] =>
  a.areaStartIndex === null ? [] : a.frames.slice(a.areaStartIndex);

/** One target's part of the nose phase: from the frame it appeared in to the frame that reached it. */
export interface Segment {
  readonly target: Box;
  readonly side: TargetSide;
  /** Frame indices into the attempt, both inclusive. */
  readonly start: number;
  readonly end: number;
}

/** The segments of the targets that were reached, in order (one in `original` mode). */
export function reachedSegments(a: AttemptRecord): Segment[] {
  return a.targetsReached.map((end, i) => ({
    target: a.challenge.targets[i] ?? a.challenge.nose,
    side: a.challenge.targetSides[i] ?? a.challenge.targetSide,
    start: a.segmentStarts[i] ?? end,
    end,
  }));
}
