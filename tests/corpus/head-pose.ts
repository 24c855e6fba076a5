/*
 * Builds the engine's 3D face model and measures head-pose error against the renders' ground truth.
 *
 *  1. Calibration renders (both heads, 0.5 m, centred, yaw -30..30 step 5, pitch -12/0/+12): the
 *     detector's landmarks, with each render's known pose, are triangulated into one 3D point per
 *     landmark and head; the two heads are centred and averaged into the model. `--print-model`
 *     prints it as main/liveness/face-model.ts holds it.
 *  2. Held-out renders the model never saw: 0.35 and 0.7 m, off-centre by up to 12 cm, yaw at
 *     half-steps (-27.5..27.5), pitch and roll +-6. Yaw error (median, p95) of the landmark-ratio
 *     estimate and of the 3D fit with the engine's model (also with the camera's field of view
 *     misjudged); and, as a check of how far one head generalises to another, the 3D fit with a
 *     model built from the other head only.
 *  3. A head sliding sideways without turning: the yaw each estimator reads.
 * Run: npm run eval:pose   (about three minutes)
 */
import { Matrix, solve } from 'ml-matrix';
import {
  FACE_MODEL_3D,
  LANDMARK_COUNT,
  estimatePose,
  fitHeadPose,
  rotationFromPose,
  type CameraModel,
  type FaceModel3D,
  type Point,
  type Vec3,
} from '../../main/liveness';
import { analyzer } from '../support/demo-faces';
import { HeadRenderer, headsAvailable, type HeadModel, type HeadPose } from '../support/head-renderer';
import { FOCAL_PX, START } from '../support/head-clips';

const CAMERA: CameraModel = {
  frame: { width: 640, height: 480 },
  horizontalFovDeg: (2 * Math.atan(320 / FOCAL_PX) * 180) / Math.PI,
};
const HEADS: readonly HeadModel[] = ['lee', 'facecap'];

interface Sample {
  readonly model: HeadModel;
  readonly truth: HeadPose;
  readonly landmarks: readonly Point[];
}

const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const i = (s.length - 1) * q;
  return s[Math.floor(i)]! + (s[Math.ceil(i)]! - s[Math.floor(i)]!) * (i - Math.floor(i));
};

/** Camera-axis position of the head's origin, mm (the renderer's world has y up, z toward the viewer). */
const originMm = (p: HeadPose): Vec3 => [p.x * 1000, -p.y * 1000, -p.z * 1000];

/** One 3D point per landmark from samples with known pose: linear least squares on the projections. */
function triangulate(samples: readonly Sample[]): Vec3[] {
  const f = FOCAL_PX;
  const points: Vec3[] = [];
  for (let j = 0; j < LANDMARK_COUNT; j++) {
    const rows: number[][] = [];
    const rhs: number[] = [];
    for (const s of samples) {
      const r = rotationFromPose(s.truth);
      const t = originMm(s.truth);
      const u = s.landmarks[j]!.x - 320;
      const v = s.landmarks[j]!.y - 240;
      rows.push([u * r[6] - f * r[0], u * r[7] - f * r[1], u * r[8] - f * r[2]]);
      rhs.push(f * t[0] - u * t[2]);
      rows.push([v * r[6] - f * r[3], v * r[7] - f * r[4], v * r[8] - f * r[5]]);
      rhs.push(f * t[1] - v * t[2]);
    }
    const x = solve(new Matrix(rows), Matrix.columnVector(rhs)).to1DArray();
    points.push([x[0]!, x[1]!, x[2]!]);
  }
  return points;
}

/** Points moved so the rigid ones' centroid is the origin (the two heads turn about different pivots). */
function centred(points: readonly Vec3[], rigid: readonly number[]): Vec3[] {
  const c = [0, 1, 2].map((k) => rigid.reduce((s, i) => s + points[i]![k]!, 0) / rigid.length);
  return points.map((p) => [p[0] - c[0]!, p[1] - c[1]!, p[2] - c[2]!]);
}

function averaged(models: readonly Vec3[][]): Vec3[] {
  return models[0]!.map((_, i) => {
    const m = [0, 1, 2].map((k) => models.reduce((s, pts) => s + pts[i]![k]!, 0) / models.length);
    return [m[0]!, m[1]!, m[2]!];
  });
}

async function main(): Promise<void> {
  if (!headsAvailable()) throw new Error('3D head fixtures not found (../shared/fixtures/heads)');
  const printModel = process.argv.includes('--print-model');
  const renderer = await HeadRenderer.start();
  const faces = await analyzer();
  const sample = async (model: HeadModel, truth: HeadPose): Promise<Sample | null> => {
    const result = await faces.analyze(await renderer.render([{ kind: 'head', model, pose: truth }]));
    return result.faces.length === 1 ? { model, truth, landmarks: result.faces[0]!.landmarks } : null;
  };
  try {
    const calibration: Sample[] = [];
    for (const model of HEADS)
      for (let yaw = -30; yaw <= 30; yaw += 5)
        for (const pitch of [-12, 0, 12]) {
          const s = await sample(model, { ...START, yaw, pitch });
          if (s) calibration.push(s);
        }
    const rigid = FACE_MODEL_3D.rigid;
    const perHead = new Map(
      HEADS.map((h) => [h, centred(triangulate(calibration.filter((s) => s.model === h)), rigid)]),
    );
    const built = averaged([...perHead.values()]);
    console.log(`## Calibration: ${calibration.length}/${HEADS.length * 39} renders with one face`);
    if (printModel) {
      console.log('// prettier-ignore');
      console.log('const POINTS: Vec3[] = [');
      for (let i = 0; i < built.length; i += 4)
        console.log(
          '  ' +
            built
              .slice(i, i + 4)
              .map((p) => `[${p.map((v) => v.toFixed(1)).join(', ')}]`)
              .join(', ') +
            ',',
        );
      console.log('];');
    }
    const drift = Math.max(
      ...built.map((p, i) => Math.hypot(...p.map((v, k) => v - FACE_MODEL_3D.points[i]![k]!))),
    );
    console.log(`largest difference between this build and the engine's model: ${drift.toFixed(1)} mm`);

    const heldOut: Sample[] = [];
    const placements: Partial<HeadPose>[] = [
      { z: -0.35, y: START.y * 0.7 },
      { z: -0.7, y: START.y * 1.4 },
      { x: 0.12 },
      { x: -0.1, y: START.y + 0.04 },
      { x: 0.06, z: -0.4, y: START.y * 0.8 },
    ];
    for (const model of HEADS)
      for (const place of placements)
        for (let yaw = -27.5; yaw <= 27.5; yaw += 7.5)
          for (const [pitch, roll] of [
            [0, 0],
            [6, -6],
            [-6, 6],
          ] as const) {
            const s = await sample(model, { ...START, ...place, yaw, pitch, roll });
            if (s) heldOut.push(s);
          }
    console.log(
      `## Held-out: ${heldOut.length}/${HEADS.length * placements.length * 24} renders with one face`,
    );

    const engineModel = FACE_MODEL_3D;
    const estimators: { name: string; yaw: (s: Sample) => number | null }[] = [
      { name: 'landmark ratio', yaw: (s) => estimatePose(s.landmarks)?.yaw ?? null },
      {
        name: '3D fit, engine model',
        yaw: (s) =>
          fitHeadPose(s.landmarks, engineModel, CAMERA, estimatePose(s.landmarks) ?? undefined)?.pose.yaw ??
          null,
      },
      {
        name: '3D fit, engine model, jaw contour included',
        yaw: (s) =>
          fitHeadPose(
            s.landmarks,
            { points: engineModel.points, rigid: engineModel.points.map((_, i) => i) },
            CAMERA,
            estimatePose(s.landmarks) ?? undefined,
          )?.pose.yaw ?? null,
      },
      ...[55, 78].map((fov) => ({
        name: `3D fit, engine model, camera assumed ${fov} deg wide`,
        yaw: (s: Sample) =>
          fitHeadPose(
            s.landmarks,
            engineModel,
            { ...CAMERA, horizontalFovDeg: fov },
            estimatePose(s.landmarks) ?? undefined,
          )?.pose.yaw ?? null,
      })),
      {
        name: '3D fit, model of the other head only',
        yaw: (s) => {
          const other = perHead.get(s.model === 'lee' ? 'facecap' : 'lee')!;
          const model: FaceModel3D = { points: other, rigid };
          return (
            fitHeadPose(s.landmarks, model, CAMERA, estimatePose(s.landmarks) ?? undefined)?.pose.yaw ?? null
          );
        },
      },
    ];
    console.log('| estimator | head | median abs yaw error | p95 | gain (read/true) |');
    console.log('|---|---|---|---|---|');
    for (const e of estimators)
      for (const model of [...HEADS, 'both'] as const) {
        const rows = heldOut.filter((s) => model === 'both' || s.model === model);
        const pairs = rows
          .map((s) => ({ truth: s.truth.yaw, read: e.yaw(s) }))
          .filter((p): p is { truth: number; read: number } => p.read !== null);
        const errors = pairs.map((p) => Math.abs(p.read - p.truth));
        const gain =
          pairs.reduce((s, p) => s + p.read * p.truth, 0) / pairs.reduce((s, p) => s + p.truth ** 2, 0);
        console.log(
          `| ${e.name} | ${model} | ${quantile(errors, 0.5).toFixed(1)} deg | ${quantile(errors, 0.95).toFixed(1)} deg | ${gain.toFixed(2)} (${pairs.length}/${rows.length}) |`,
        );
      }

    console.log('## A head sliding sideways without turning (0.5 m): yaw read');
    for (const model of HEADS) {
      const row: string[] = [];
      for (let x = -0.12; x <= 0.1201; x += 0.04) {
        const s = await sample(model, { ...START, x });
        if (!s) continue;
        const ratio = estimatePose(s.landmarks)?.yaw ?? NaN;
        const fit = fitHeadPose(s.landmarks, engineModel, CAMERA, estimatePose(s.landmarks) ?? undefined);
        row.push(
          `x ${(x * 100).toFixed(0)} cm: ratio ${ratio.toFixed(1)}, 3D ${fit ? fit.pose.yaw.toFixed(1) : '-'}`,
        );
      }
      console.log(`${model}: ${row.join('; ')}`);
    }
  } finally {
    await renderer.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
