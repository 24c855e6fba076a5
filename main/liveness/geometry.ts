import { Matrix, SingularValueDecomposition } from 'ml-matrix';

/** A point in camera-frame pixels (unmirrored), x to the right, y down. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** An axis-aligned box in camera-frame pixels: left/top corner plus size. */
export interface Box {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

export const boxRight = (b: Box): number => b.left + b.width;
export const boxBottom = (b: Box): number => b.top + b.height;
export const boxArea = (b: Box): number => b.width * b.height;
export const boxCenter = (b: Box): Point => ({ x: b.left + b.width / 2, y: b.top + b.height / 2 });

/** True when `inner` lies entirely inside `outer` (edges included). */
export function boxContains(outer: Box, inner: Box): boolean {
  return (
    outer.left <= inner.left &&
    outer.top <= inner.top &&
    boxRight(outer) >= boxRight(inner) &&
    boxBottom(outer) >= boxBottom(inner)
  );
}

export function pointInBox(box: Box, p: Point): boolean {
  return p.x >= box.left && p.x <= boxRight(box) && p.y >= box.top && p.y <= boxBottom(box);
}

/** Grows a box on every side by `fractionPerSide` of its own width (left/right) and height (top/bottom). */
export function growBox(box: Box, fractionPerSide: number): Box {
  const dx = box.width * fractionPerSide;
  const dy = box.height * fractionPerSide;
  return { left: box.left - dx, top: box.top - dy, width: box.width + 2 * dx, height: box.height + 2 * dy };
}

/** Euclidean distance from a point to the nearest point of a box; 0 inside. */
export function distanceToBox(box: Box, p: Point): number {
  const dx = Math.max(box.left - p.x, 0, p.x - boxRight(box));
  const dy = Math.max(box.top - p.y, 0, p.y - boxBottom(box));
  return Math.hypot(dx, dy);
}

/** Mirrors a box horizontally within a frame of the given width (camera <-> mirrored display). */
export function mirrorBox(box: Box, frameWidth: number): Box {
  return { ...box, left: frameWidth - box.left - box.width };
}

export interface HomographyFit {
  /** Row-major 3x3 matrix mapping `from` points onto `to` points, scaled so that h[8] = 1 where possible. */
  readonly matrix: readonly number[];
  /** Root-mean-square distance, in `to` pixels, between the mapped `from` points and the `to` points. */
  readonly rmsResidual: number;
}

/**
 * Least-squares homography between two point sets (normalised DLT, Hartley & Zisserman 4.4).
 * A flat object seen from any angle maps onto itself by a homography almost exactly; a 3D head
 * turning does not, which is what the parallax check measures with the residual.
 * Returns null for fewer than 4 pairs or a degenerate configuration.
 */
export function fitHomography(from: readonly Point[], to: readonly Point[]): HomographyFit | null {
  const n = Math.min(from.length, to.length);
  if (n < 4) return null;
  const nf = normalisation(from.slice(0, n));
  const nt = normalisation(to.slice(0, n));
  if (!nf || !nt) return null;

  // At least 9 rows (a zero row pads the minimal 4-point case) so the SVD yields the full 9x9 V.
  const a = new Matrix(Math.max(2 * n, 9), 9);
  for (let i = 0; i < n; i++) {
    const p = applyAffine(nf.t, from[i]!);
    const q = applyAffine(nt.t, to[i]!);
    a.setRow(2 * i, [-p.x, -p.y, -1, 0, 0, 0, q.x * p.x, q.x * p.y, q.x]);
    a.setRow(2 * i + 1, [0, 0, 0, -p.x, -p.y, -1, q.y * p.x, q.y * p.y, q.y]);
  }
  const svd = new SingularValueDecomposition(a, { computeLeftSingularVectors: false });
  const v = svd.rightSingularVectors;
  const hn = new Matrix(3, 3);
  for (let k = 0; k < 9; k++) hn.set(Math.floor(k / 3), k % 3, v.get(k, 8));

  // Undo the normalisations: H = Tto^-1 * Hn * Tfrom.
  const h = inverseSimilarity(nt)
    .mmul(hn)
    .mmul(new Matrix(nf.t.map((r) => [...r])));
  const scale = Math.abs(h.get(2, 2)) > 1e-12 ? h.get(2, 2) : 1;
  const matrix = h.to1DArray().map((x) => x / scale);

  let sum = 0;
  for (let i = 0; i < n; i++) {
    const mapped = applyHomography(matrix, from[i]!);
    if (!mapped) return null;
    sum += (mapped.x - to[i]!.x) ** 2 + (mapped.y - to[i]!.y) ** 2;
  }
  return { matrix, rmsResidual: Math.sqrt(sum / n) };
}

export function applyHomography(h: readonly number[], p: Point): Point | null {
  const w = h[6]! * p.x + h[7]! * p.y + h[8]!;
  if (Math.abs(w) < 1e-12) return null;
  return { x: (h[0]! * p.x + h[1]! * p.y + h[2]!) / w, y: (h[3]! * p.x + h[4]! * p.y + h[5]!) / w };
}

type Affine = readonly [readonly number[], readonly number[], readonly number[]];

/** Similarity moving the centroid to the origin and the mean distance to sqrt(2). */
function normalisation(points: readonly Point[]): { t: Affine; s: number; cx: number; cy: number } | null {
  const cx = points.reduce((s, p) => s + p.x, 0) / points.length;
  const cy = points.reduce((s, p) => s + p.y, 0) / points.length;
  const meanDist = points.reduce((s, p) => s + Math.hypot(p.x - cx, p.y - cy), 0) / points.length;
  if (!(meanDist > 1e-9)) return null;
  const s = Math.SQRT2 / meanDist;
  return {
    t: [
      [s, 0, -s * cx],
      [0, s, -s * cy],
      [0, 0, 1],
    ],
    s,
    cx,
    cy,
  };
}

function inverseSimilarity(n: { s: number; cx: number; cy: number }): Matrix {
  return new Matrix([
    [1 / n.s, 0, n.cx],
    [0, 1 / n.s, n.cy],
    [0, 0, 1],
  ]);
}

function applyAffine(t: Affine, p: Point): Point {
  return { x: t[0][0]! * p.x + t[0][2]!, y: t[1][1]! * p.y + t[1][2]! };
}
