import { DEFAULT_CONFIG, type LandmarkDistributionRule } from './config';
import type { Point } from './geometry';
import type { TargetSide } from './challenge';

/**
 * numpy.histogram2d(x, y, bins) of a landmark set over its own extent, flattened row-major and
 * divided by the number of points: where the landmarks sit within the face, independent of where
 * the face is in the frame. A degenerate axis spans [v - 0.5, v + 0.5] as numpy makes it.
 */
export function landmarkHistogram(points: readonly Point[], bins: number): number[] {
  const hist = new Array<number>(bins * bins).fill(0);
  if (points.length === 0) return hist;
  const xs = axisEdges(
    points.map((p) => p.x),
    bins,
  );
  const ys = axisEdges(
    points.map((p) => p.y),
    bins,
  );
  for (const p of points) {
    hist[binOf(p.x, xs) * bins + binOf(p.y, ys)]! += 1;
  }
  return hist.map((h) => h / points.length);
}

/** Euclidean distance between two landmark histograms. */
export function landmarkDistributionDistance(a: readonly Point[], b: readonly Point[], bins: number): number {
  const ha = landmarkHistogram(a, bins);
  const hb = landmarkHistogram(b, bins);
  return Math.sqrt(ha.reduce((s, v, i) => s + (v - hb[i]!) ** 2, 0));
}

export type RotationDirection = 'toward_target' | 'none' | 'away_from_target';

export interface LandmarkDistributionOutcome {
  readonly passed: boolean;
  readonly distance: number;
  /** The distance that had to be exceeded; null when the head turned away (an outright fail). */
  readonly minDistance: number | null;
  readonly rotation: RotationDirection;
}

/**
 * The original verifier's rotation rule: compare the landmark distribution of the first nose-phase
 * frame with the current one. A head turned toward the target (|yaw| above the threshold, on the
 * target's side) needs a distance above 0.075; an unturned head above 0.15; a head turned away fails.
 */
export function landmarkDistributionRule(
  first: readonly Point[],
  current: readonly Point[],
  yawDeg: number,
  targetSide: TargetSide,
  rule: LandmarkDistributionRule = DEFAULT_CONFIG.landmarkDistribution,
): LandmarkDistributionOutcome {
  const distance = landmarkDistributionDistance(first, current, rule.bins);
  const turnedRight = yawDeg > rule.rotationThresholdDeg;
  const turnedLeft = yawDeg < -rule.rotationThresholdDeg;
  const rotation: RotationDirection =
    (turnedRight && targetSide === 'right') || (turnedLeft && targetSide === 'left')
      ? 'toward_target'
      : !turnedRight && !turnedLeft
        ? 'none'
        : 'away_from_target';
  if (rotation === 'away_from_target') return { passed: false, distance, minDistance: null, rotation };
  const minDistance =
    rule.minDistance * (rotation === 'toward_target' ? rule.factorRotated : rule.factorNotRotated);
  return { passed: distance > minDistance, distance, minDistance, rotation };
}

function axisEdges(values: readonly number[], bins: number): number[] {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const step = (hi - lo) / bins;
  return Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * step));
}

/** Bin index as numpy assigns it: half-open bins, with the last edge belonging to the last bin. */
function binOf(v: number, edges: readonly number[]): number {
  const bins = edges.length - 1;
  if (v >= edges[bins]!) return bins - 1;
  let i = 0;
  while (i < bins - 1 && v >= edges[i + 1]!) i++;
  return i;
}
