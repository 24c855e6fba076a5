import { Matrix, solve } from 'ml-matrix';
import type { Point, Size } from './geometry';
import { LANDMARK_COUNT } from './observation';
import type { Pose } from './pose';

/**
 * Head pose from a 3D face model (perspective-n-point): the rotation and position of a rigid
 * 68-point model whose projection through the kiosk camera best matches the detected landmarks.
 * Unlike the landmark-ratio estimate it knows the camera, so a head that only slides sideways
 * reads no rotation, and a turn reads in degrees rather than in a head-dependent ratio.
 */

/** A 3D point in the camera's axes: x right, y down, z away from the camera (millimetres). */
export type Vec3 = readonly [number, number, number];
/** Row-major 3x3 rotation. */
export type Rotation = readonly [number, number, number, number, number, number, number, number, number];

export interface CameraModel {
  /** Frame size, px; the principal point is taken at the centre. */
  readonly frame: Size;
  /** Horizontal field of view, degrees. */
  readonly horizontalFovDeg: number;
}

export interface HeadPoseFit {
  readonly pose: Pose;
  readonly rotation: Rotation;
  /** Model origin in camera coordinates, mm. */
  readonly translation: Vec3;
  /** Root-mean-square reprojection error, in eye-corner distances (scale-free). */
  readonly rmsError: number;
}

export const focalPx = (camera: CameraModel): number =>
  camera.frame.width / 2 / Math.tan((camera.horizontalFovDeg * Math.PI) / 360);

const DEG = Math.PI / 180;

/** Rotation from yaw/pitch/roll in the Pose convention (applied yaw, then pitch, then roll). */
export function rotationFromPose(pose: Pose): Rotation {
  return multiply(
    multiply(axisRotation(1, -pose.yaw * DEG), axisRotation(0, -pose.pitch * DEG)),
    axisRotation(2, pose.roll * DEG),
  );
}

/**
 * Yaw/pitch/roll of a rotation in the Pose convention (the inverse of rotationFromPose): the
 * model's forward direction (its nose points toward the camera, -z) gives yaw and pitch.
 */
export function poseFromRotation(r: Rotation): Pose {
  const fx = -r[2];
  const fy = -r[5];
  const fz = -r[8];
  return {
    yaw: Math.atan2(fx, -fz) / DEG,
    pitch: Math.atan2(-fy, Math.hypot(fx, fz)) / DEG,
    roll: Math.atan2(r[3], r[4]) / DEG,
  };
}

function axisRotation(axis: 0 | 1 | 2, angle: number): Rotation {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  if (axis === 0) return [1, 0, 0, 0, c, -s, 0, s, c];
  if (axis === 1) return [c, 0, s, 0, 1, 0, -s, 0, c];
  return [c, -s, 0, s, c, 0, 0, 0, 1];
}

function multiply(a: Rotation, b: Rotation): Rotation {
  // Entry (i, j) of the product: row i of `a` against column j of `b`.
  const at = (i: number, j: number): number =>
    a[i * 3]! * b[j]! + a[i * 3 + 1]! * b[3 + j]! + a[i * 3 + 2]! * b[6 + j]!;
  return [at(0, 0), at(0, 1), at(0, 2), at(1, 0), at(1, 1), at(1, 2), at(2, 0), at(2, 1), at(2, 2)];
}

/** Rotation of a rotation vector (Rodrigues). */
function rodrigues(wx: number, wy: number, wz: number): Rotation {
  const theta = Math.hypot(wx, wy, wz);
  if (theta < 1e-12) return [1, -wz, wy, wz, 1, -wx, -wy, wx, 1];
  const [x, y, z] = [wx / theta, wy / theta, wz / theta];
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const t = 1 - c;
  return [
    t * x * x + c,
    t * x * y - s * z,
    t * x * z + s * y,
    t * x * y + s * z,
    t * y * y + c,
    t * y * z - s * x,
    t * x * z - s * y,
    t * y * z + s * x,
    t * z * z + c,
  ];
}

const apply = (r: Rotation, p: Vec3): Vec3 => [
  r[0] * p[0] + r[1] * p[1] + r[2] * p[2],
  r[3] * p[0] + r[4] * p[1] + r[5] * p[2],
  r[6] * p[0] + r[7] * p[1] + r[8] * p[2],
];

/** Image position of a model point under a pose, px. */
export function projectModelPoint(
  camera: CameraModel,
  rotation: Rotation,
  translation: Vec3,
  p: Vec3,
): Point {
  const f = focalPx(camera);
  const [x, y, z] = apply(rotation, p);
  const depth = z + translation[2];
  return {
    x: camera.frame.width / 2 + (f * (x + translation[0])) / depth,
    y: camera.frame.height / 2 + (f * (y + translation[1])) / depth,
  };
}

export interface FaceModel3D {
  /** The 68 iBUG points, mm, model axes = camera axes when the face looks straight into the camera. */
  readonly points: readonly Vec3[];
  /** Indices used in the fit: points fixed on the skull (brows, eyes, nose, mouth), not the jaw contour. */
  readonly rigid: readonly number[];
}

const ITERATIONS = 30;

/**
 * Fits the model to 68 landmarks by Levenberg-Marquardt on the reprojection error (rotation
 * vector composed on the left, translation), starting from `initial` (e.g. the ratio estimate).
 * Returns null for a wrong landmark count or a degenerate face (eyes coinciding, head behind the
 * camera). 51 points and six unknowns: well under a millisecond.
 */
export function fitHeadPose(
  landmarks: readonly Point[],
  model: FaceModel3D,
  camera: CameraModel,
  initial: Pose = { yaw: 0, pitch: 0, roll: 0 },
): HeadPoseFit | null {
  if (landmarks.length !== LANDMARK_COUNT) return null;
  const f = focalPx(camera);
  const cx = camera.frame.width / 2;
  const cy = camera.frame.height / 2;
  const idx = model.rigid;
  const pts = idx.map((i) => model.points[i]!);
  const obs = idx.map((i) => landmarks[i]!);
  const eye = Math.hypot(landmarks[45]!.x - landmarks[36]!.x, landmarks[45]!.y - landmarks[36]!.y);
  const modelEye = Math.hypot(
    model.points[45]![0] - model.points[36]![0],
    model.points[45]![1] - model.points[36]![1],
  );
  if (!(eye > 1e-6) || !(modelEye > 1e-6)) return null;

  let rotation = rotationFromPose(initial);
  // Start at the distance where the model's eye corners span the observed ones, centred on them.
  const tz = (f * modelEye) / eye;
  const mean = (k: 'x' | 'y') => obs.reduce((s, p) => s + p[k], 0) / obs.length;
  const centroid = pts.reduce<[number, number, number]>(
    (s, p) => [s[0] + p[0] / pts.length, s[1] + p[1] / pts.length, s[2] + p[2] / pts.length],
    [0, 0, 0],
  );
  const rc = apply(rotation, centroid);
  let t: Vec3 = [((mean('x') - cx) * tz) / f - rc[0], ((mean('y') - cy) * tz) / f - rc[1], tz - rc[2]];

  const residuals = (r: Rotation, tr: Vec3): number[] | null => {
    const out: number[] = [];
    for (let i = 0; i < pts.length; i++) {
      const [x, y, z] = apply(r, pts[i]!);
      const depth = z + tr[2];
      if (!(depth > 1)) return null;
      out.push(cx + (f * (x + tr[0])) / depth - obs[i]!.x, cy + (f * (y + tr[1])) / depth - obs[i]!.y);
    }
    return out;
  };
  const cost = (res: number[]): number => res.reduce((s, v) => s + v * v, 0);

  let res = residuals(rotation, t);
  if (!res) return null;
  let current = cost(res);
  let lambda = 1e-3;
  const stepOf = (delta: number[]): [Rotation, Vec3] => [
    multiply(rodrigues(delta[0]!, delta[1]!, delta[2]!), rotation),
    [t[0] + delta[3]!, t[1] + delta[4]!, t[2] + delta[5]!],
  ];
  for (let iter = 0; iter < ITERATIONS; iter++) {
    // Forward-difference Jacobian: rotation in radians, translation in mm.
    const h = [1e-6, 1e-6, 1e-6, 1e-4 * t[2], 1e-4 * t[2], 1e-4 * t[2]];
    const jac = new Matrix(res.length, 6);
    for (let k = 0; k < 6; k++) {
      const d = [0, 0, 0, 0, 0, 0];
      d[k] = h[k]!;
      const [r2, t2] = stepOf(d);
      const moved = residuals(r2, t2);
      if (!moved) return null;
      for (let i = 0; i < res.length; i++) jac.set(i, k, (moved[i]! - res[i]!) / h[k]!);
    }
    const jt = jac.transpose();
    const jtj = jt.mmul(jac);
    const g = jt.mmul(Matrix.columnVector(res));
    // The relative drop in cost this step achieved; 0 when no damping gave a better fit.
    let gain = 0;
    for (let tries = 0; tries < 10 && gain === 0; tries++) {
      const a = jtj.clone();
      for (let k = 0; k < 6; k++) a.set(k, k, a.get(k, k) * (1 + lambda) + 1e-9);
      const delta = solve(a, g.clone().mul(-1)).to1DArray();
      const [r2, t2] = stepOf(delta);
      const next = residuals(r2, t2);
      const nextCost = next ? cost(next) : Infinity;
      if (nextCost < current) {
        gain = (current - nextCost) / current;
        [rotation, t, res, current] = [r2, t2, next!, nextCost];
        lambda = Math.max(lambda / 10, 1e-9);
      } else {
        lambda *= 10;
      }
    }
    // Converged (or stuck): a further step would change nothing that matters.
    if (gain < 1e-10) break;
  }
  return {
    pose: poseFromRotation(rotation),
    rotation,
    translation: t,
    rmsError: Math.sqrt(current / pts.length) / eye,
  };
}
