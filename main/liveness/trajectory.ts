import { Matrix, QrDecomposition } from 'ml-matrix';
import type { Point } from './geometry';

export type TrajectoryFit =
  | { readonly ok: true; readonly rms: number; readonly points: number }
  | { readonly ok: false; readonly reason: 'too_few_points' | 'degenerate'; readonly points: number };

/**
 * Root-mean-square residual of the least-squares parabola y = a x^2 + b x + c through a nose path:
 * sqrt(sum of squared residuals / n), as the original verifier computed with numpy.polyfit.
 * A smooth, deliberate head movement fits closely; a path stitched from two sources or jumping
 * between detections does not. Fewer than four points, or fewer than three distinct x values,
 * leave no residual to judge (the original crashed there); those return a reason instead.
 */
export function quadraticFitRms(points: readonly Point[]): TrajectoryFit {
  const n = points.length;
  if (n < 4) return { ok: false, reason: 'too_few_points', points: n };
  // Centre and scale x so the Vandermonde matrix stays well conditioned (numpy scales columns too).
  const meanX = points.reduce((s, p) => s + p.x, 0) / n;
  const spread = Math.max(...points.map((p) => Math.abs(p.x - meanX)));
  if (!(spread > 1e-12)) return { ok: false, reason: 'degenerate', points: n };
  // A parabola needs three distinct x values; with fewer the fit has no residual (numpy returns none).
  const distinct = new Set(points.map((p) => Math.round(((p.x - meanX) / spread) * 1e9)));
  if (distinct.size < 3) return { ok: false, reason: 'degenerate', points: n };
  const a = new Matrix(n, 3);
  const y = new Matrix(n, 1);
  points.forEach((p, i) => {
    const x = (p.x - meanX) / spread;
    a.setRow(i, [x * x, x, 1]);
    y.set(i, 0, p.y);
  });
  const coef = new QrDecomposition(a).solve(y);
  const residual = a.mmul(coef).sub(y);
  let ssr = 0;
  for (let i = 0; i < n; i++) ssr += residual.get(i, 0) ** 2;
  return { ok: true, rms: Math.sqrt(ssr / n), points: n };
}
