import type { Box, FaceObservation, Observation, Point, SceneImage } from '../../main/liveness';
import { STILL_ROOM } from './synthetic-scene';

/*
 * A rough 3D face (millimetres; origin between the eyes, x toward the image's right, y down,
 * z toward the camera) whose 68 iBUG landmarks are projected through a pinhole camera. It lets
 * tests move and turn a head the way a visitor does, or slide it like a photo, and get landmarks
 * with the right geometry: perspective, parallax and a nose that swings when the head turns.
 */

type P3 = readonly [number, number, number];

// prettier-ignore
const EYES: P3[] = [
  [-46, 0, -8], [-37, -5, -2], [-27, -5, -1], [-18, 0, -3], [-27, 4, -1], [-37, 4, -2],
  [18, 0, -3], [27, -5, -1], [37, -5, -2], [46, 0, -8], [37, 4, -2], [27, 4, -1],
];
// prettier-ignore
const MOUTH: P3[] = [
  [-25, 70, 2], [-15, 64, 10], [-6, 61, 14], [0, 62, 15], [6, 61, 14], [15, 64, 10],
  [25, 70, 2], [15, 78, 9], [6, 81, 12], [0, 82, 13], [-6, 81, 12], [-15, 78, 9],
  [-20, 70, 4], [-6, 67, 11], [0, 67, 12], [6, 67, 11], [20, 70, 4], [6, 73, 11], [0, 73, 12], [-6, 73, 11],
];

export const FACE_MODEL: readonly P3[] = (() => {
  const pts: P3[] = [];
  for (let i = 0; i <= 16; i++) {
    const phi = ((i - 8) / 8) * (Math.PI / 2) * 1.05;
    pts.push([70 * Math.sin(phi), 20 + 95 * Math.cos(phi * 0.9), -70 * (1 - Math.cos(phi))]);
  }
  for (let i = 0; i < 5; i++) pts.push([-55 + i * 10, -22 - (i === 2 ? 4 : 0), 0]);
  for (let i = 0; i < 5; i++) pts.push([10 + i * 10, -22 - (i === 2 ? 4 : 0), 0]);
  pts.push([0, 2, 6], [0, 14, 16], [0, 26, 26], [0, 38, 36]);
  pts.push([-14, 44, 16], [-7, 46, 21], [0, 47, 24], [7, 46, 21], [14, 44, 16]);
  pts.push(...EYES, ...MOUTH);
  return pts;
})();

export interface HeadPose {
  /** Image position of the head's origin (between the eyes) at zero rotation, px. */
  readonly x: number;
  readonly y: number;
  /** Degrees; yaw > 0 swings the nose toward +x of the image. */
  readonly yaw?: number;
  readonly pitch?: number;
  readonly roll?: number;
  /** Distance of the head's origin from the camera, mm. */
  readonly distanceMm?: number;
  /** A printed photo of the face instead of a head: every point on one plane. */
  readonly flat?: boolean;
}

export const CAMERA = { focalPx: 515, defaultDistanceMm: 340 } as const;
/** The head turns about a point this far behind the eyes (roughly the neck). */
const PIVOT_DEPTH_MM = 90;

const rad = (d: number) => (d * Math.PI) / 180;

export function projectHead(pose: HeadPose): Point[] {
  const yaw = rad(pose.yaw ?? 0);
  const pitch = rad(pose.pitch ?? 0);
  const roll = rad(pose.roll ?? 0);
  const dist = pose.distanceMm ?? CAMERA.defaultDistanceMm;
  const f = CAMERA.focalPx;
  return FACE_MODEL.map(([x0, y0, zModel]) => {
    const z0 = pose.flat ? 0 : zModel;
    // Rotate about the pivot: yaw around y, pitch around x, roll around z.
    let x = x0;
    let y = y0;
    let z = z0 + PIVOT_DEPTH_MM;
    [x, z] = [x * Math.cos(yaw) + z * Math.sin(yaw), -x * Math.sin(yaw) + z * Math.cos(yaw)];
    [y, z] = [y * Math.cos(pitch) - z * Math.sin(pitch), y * Math.sin(pitch) + z * Math.cos(pitch)];
    [x, y] = [x * Math.cos(roll) - y * Math.sin(roll), x * Math.sin(roll) + y * Math.cos(roll)];
    z -= PIVOT_DEPTH_MM;
    const depth = dist - z;
    return { x: pose.x + (f * x) / depth, y: pose.y + (f * y) / depth };
  });
}

/** The detector's box for a set of landmarks: their extent, reaching up to the forehead. */
export function faceBoxFor(landmarks: readonly Point[]): Box {
  const xs = landmarks.map((p) => p.x);
  const ys = landmarks.map((p) => p.y);
  const left = Math.min(...xs);
  const right = Math.max(...xs);
  const top = Math.min(...ys);
  const bottom = Math.max(...ys);
  const forehead = (bottom - top) * 0.2;
  return { left, top: top - forehead, width: right - left, height: bottom - top + forehead };
}

export function faceFromLandmarks(landmarks: readonly Point[], score = 0.9): FaceObservation {
  return { box: faceBoxFor(landmarks), score, landmarks };
}

export function headFace(pose: HeadPose): FaceObservation {
  return faceFromLandmarks(projectHead(pose));
}

/** One frame of a visit; the room behind the visitor stays still unless `scene` says otherwise. */
export function frameAt(
  timestampMs: number,
  faces: readonly FaceObservation[],
  frame = { width: 640, height: 480 },
  scene: SceneImage = STILL_ROOM,
): Observation {
  return { timestampMs, frame, faces, scene };
}

/** Head position (px) that puts the projected nose tip on `target` for the given rotation. */
export function headPositionForNose(target: Point, rotation: Omit<HeadPose, 'x' | 'y'>): Point {
  let x = target.x;
  let y = target.y;
  for (let i = 0; i < 20; i++) {
    const nose = projectHead({ ...rotation, x, y })[30]!;
    x += target.x - nose.x;
    y += target.y - nose.y;
  }
  return { x, y };
}

/**
 * A stand-in face descriptor for person `person`: 128 values of unit length, the same for every
 * frame of that person and about 1.4 apart between people (real descriptors of different people
 * sit 0.47-1.0 apart, the same person within 0.4).
 */
export function personDescriptor(person: number): number[] {
  let seed = 1000 + person * 7919;
  const values = Array.from({ length: 128 }, () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff - 0.5;
  });
  const norm = Math.hypot(...values);
  return values.map((v) => v / norm);
}
