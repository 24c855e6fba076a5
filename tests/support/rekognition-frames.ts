import type { FaceDetail, RekognitionVerifyInput } from '../../main/liveness';

/*
 * Hand-built DetectFaces output for the original's 640x480 challenge: area (185, 60, 270, 360),
 * target 20x20 at (380, 250) on the right. Grown by 55% per side the target spans x 369-411,
 * y 239-281; the area grown 5% per side spans x 171.5-468.5, y 42-438.
 */
export const W = 640;
export const H = 480;
export const challenge = {
  imageWidth: W,
  imageHeight: H,
  areaLeft: 185,
  areaTop: 60,
  areaWidth: 270,
  areaHeight: 360,
  minFaceAreaPercent: 50,
  noseLeft: 380,
  noseTop: 250,
  noseWidth: 20,
  noseHeight: 20,
};
export const T0 = 1_700_000_000_000;

type Px = { x: number; y: number };

/** Landmarks on a 3x3 grid, `perCell` per cell, the second one offset by 3 px; the nose is the centre cell's first. */
export function grid(
  origin: Px,
  perCell: 1 | 2,
  move: (i: number, j: number, k: number) => Px | null = () => null,
) {
  const pts: FaceDetail['Landmarks'] = [];
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++)
      for (let k = 0; k < perCell; k++) {
        const p = move(i, j, k) ?? { x: i * 40 + k * 3, y: j * 40 + k * 3 };
        pts.push({
          Type: i === 1 && j === 1 && k === 0 ? 'nose' : `p${i}${j}${k}`,
          X: (origin.x + p.x) / W,
          Y: (origin.y + p.y) / H,
        });
      }
  return pts;
}

export function face(
  box: { left: number; top: number; width: number; height: number },
  landmarks: FaceDetail['Landmarks'],
  yaw = 0,
): FaceDetail {
  return {
    BoundingBox: { Left: box.left / W, Top: box.top / H, Width: box.width / W, Height: box.height / H },
    Landmarks: landmarks,
    Pose: { Yaw: yaw, Pitch: 0, Roll: 0 },
    Confidence: 99.9,
  };
}

export const inArea = { left: 220, top: 100, width: 200, height: 260 }; // 53.5% of the area
const noseOnly = (p: Px) => [{ Type: 'nose', X: p.x / W, Y: p.y / H }];

/**
 * Nose positions on one parabola from the area centre toward the target centre (390, 260): the
 * first n - 1 stay left of the grown target (x < 369), the last lands on its centre.
 */
function path(n: number): Px[] {
  const onParabola = (x: number) => ({ x, y: 240 + 20 * ((x - 320) / 70) ** 2 });
  return Array.from({ length: n }, (_, i) =>
    onParabola(i === n - 1 ? 390 : 320 + (45 * i) / Math.max(1, n - 2)),
  );
}

export interface Plan {
  steps?: number;
  finalLandmarks?: FaceDetail['Landmarks'];
  yaw?: number;
  stepMs?: number;
}

/** Face, area, then nose frames along `path`, the last one with `finalLandmarks` at the target. */
export function rekognitionAttempt(plan: Plan = {}): RekognitionVerifyInput {
  const steps = plan.steps ?? 8;
  const stepMs = plan.stepMs ?? 100;
  const reference = grid({ x: 280, y: 200 }, 2);
  const frames: RekognitionVerifyInput['frames'] = [
    { timestamp: T0, rekMetadata: [face(inArea, reference)] },
    { timestamp: T0 + 100, rekMetadata: [face(inArea, reference)] },
  ];
  const points = path(steps);
  points.forEach((p, i) => {
    const last = i === points.length - 1;
    const landmarks = last ? (plan.finalLandmarks ?? grid({ x: 350, y: 220 }, 2, moveOne)) : noseOnly(p);
    frames.push({
      timestamp: T0 + 200 + i * stepMs,
      rekMetadata: [face(inArea, landmarks, last ? (plan.yaw ?? 10) : 0)],
    });
  });
  return { challenge, frames };
}

/** Moves the second point of cell (0,0) into cell (1,1): distance sqrt(2)/18 with 2 per cell. */
export const moveOne = (i: number, j: number, k: number) =>
  i === 0 && j === 0 && k === 1 ? { x: 43, y: 43 } : null;
