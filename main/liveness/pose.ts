import { FACE_MODEL_3D } from './face-model';
import type { Point } from './geometry';
import { fitHeadPose, type CameraModel } from './head-pose';
import { LANDMARK_COUNT } from './observation';

/** iBUG 68-point indices the engine relies on. */
export const LANDMARKS = {
  noseTip: 30,
  /** Outer corner of the eye on the image's left (the subject's right eye in an unmirrored frame). */
  leftEyeOuter: 36,
  rightEyeOuter: 45,
  mouthLeft: 48,
  mouthRight: 54,
} as const;

/**
 * Head pose in degrees, in the convention of Amazon Rekognition's Pose and the original verifier:
 * yaw > 0 when the nose points toward +x of the unmirrored camera frame (the visitor turning to
 * their own left), pitch > 0 when looking up, roll > 0 when the head tilts clockwise in the image.
 */
export interface Pose {
  readonly yaw: number;
  readonly pitch: number;
  readonly roll: number;
}

/**
 * Degrees of yaw per unit of nose offset (nose tip from the eye-corner midpoint, divided by the
 * eye-corner distance). Calibrated on 3D-head renders swept -35..+35 deg with face-api's landmarks
 * at the kiosk's 224 detector input (npm run eval:calibrate): the open-eyed Face Cap head fits 72
 * (median error 1.3 deg); the LeePerrySmith scan, eyes closed, under-reads (best fit 96). The
 * fixtures README's 58-66 was measured at input 416.
 */
export const YAW_DEG_PER_UNIT = 72;
/** Same gain for pitch; the neutral nose drop below the eye line is ~0.5 eye-corner distances. */
const PITCH_DEG_PER_UNIT = 62;
const NEUTRAL_NOSE_DROP = 0.5;

const clampDeg = (d: number): number => Math.max(-90, Math.min(90, d));

/**
 * Estimates pose from 68 landmarks alone (no 3D model, no camera): fast and monotonic, but its
 * gain depends on the head (median error 7.4 deg on held-out renders). The engine uses it only as
 * the 3D fit's starting point (measureHeadPose). Returns null when the eyes coincide.
 */
export function estimatePose(landmarks: readonly Point[]): Pose | null {
  if (landmarks.length !== LANDMARK_COUNT) return null;
  const a = landmarks[LANDMARKS.leftEyeOuter]!;
  const b = landmarks[LANDMARKS.rightEyeOuter]!;
  const nose = landmarks[LANDMARKS.noseTip]!;
  const eyeDistance = Math.hypot(b.x - a.x, b.y - a.y);
  if (!(eyeDistance > 1e-6)) return null;
  // Unit vector along the eye line and its normal (pointing down the face), so roll does not leak
  // into yaw or pitch.
  const ux = (b.x - a.x) / eyeDistance;
  const uy = (b.y - a.y) / eyeDistance;
  const mx = (a.x + b.x) / 2;
  const my = (a.y + b.y) / 2;
  const along = ((nose.x - mx) * ux + (nose.y - my) * uy) / eyeDistance;
  const across = ((nose.x - mx) * -uy + (nose.y - my) * ux) / eyeDistance;
  return {
    yaw: clampDeg(along * YAW_DEG_PER_UNIT),
    pitch: clampDeg((NEUTRAL_NOSE_DROP - across) * PITCH_DEG_PER_UNIT),
    roll: (Math.atan2(uy, ux) * 180) / Math.PI,
  };
}

/**
 * The engine's head pose: the generic 3D face fitted to the landmarks through the kiosk camera
 * (see head-pose.ts), started from the ratio estimate. Measured against the renders' ground truth
 * (npm run eval:pose, held-out poses): yaw error median 1.8 deg, p95 5.8 deg, against 7.4 and 17.8
 * for the ratio estimate; a head sliding 12 cm sideways reads within 4 deg of no turn. Null when
 * the landmarks are unusable.
 */
export function measureHeadPose(landmarks: readonly Point[], camera: CameraModel): Pose | null {
  const initial = estimatePose(landmarks);
  if (!initial) return null;
  return fitHeadPose(landmarks, FACE_MODEL_3D, camera, initial)?.pose ?? null;
}

/** Index each iBUG landmark takes when the image is flipped left-right. */
export const MIRROR_PERMUTATION: readonly number[] = (() => {
  // prettier-ignore
  const pairs: [number, number][] = [
    [17, 26], [18, 25], [19, 24], [20, 23], [21, 22],
    [31, 35], [32, 34],
    [36, 45], [37, 44], [38, 43], [39, 42], [40, 47], [41, 46],
    [48, 54], [49, 53], [50, 52], [55, 59], [56, 58],
    [60, 64], [61, 63], [65, 67],
  ];
  const perm = Array.from({ length: LANDMARK_COUNT }, (_, i) => i);
  for (let i = 0; i <= 16; i++) perm[i] = 16 - i;
  for (const [p, q] of pairs) {
    perm[p] = q;
    perm[q] = p;
  }
  return perm;
})();

/**
 * The landmarks a detector reports for the left-right mirror image of a frame: x flipped and the
 * points relabelled (the subject's right eye is now on the image's right). Use it to normalise a
 * camera that mirrors its own output; the yaw of the result has the opposite sign.
 */
export function mirrorLandmarks(landmarks: readonly Point[], frameWidth: number): Point[] {
  return MIRROR_PERMUTATION.map((from) => {
    const p = landmarks[from]!;
    return { x: frameWidth - p.x, y: p.y };
  });
}

/**
 * Horizontal bearing of an image point from the camera's axis, degrees (> 0 toward +x). A head
 * that only slides sideways changes its apparent yaw with this bearing: the camera sees it from a
 * new angle. The cloud verdict subtracts that share from Rekognition's yaw (see
 * verdict.translationYawFactor); the engine's 3D fit measures yaw in camera axes and needs none.
 */
export function bearingDeg(p: Point, frameWidth: number, horizontalFovDeg: number): number {
  const focalPx = frameWidth / 2 / Math.tan((horizontalFovDeg * Math.PI) / 360);
  return (Math.atan((p.x - frameWidth / 2) / focalPx) * 180) / Math.PI;
}

/**
 * Rotation toward the target side between two moments, degrees, beyond what moving sideways
 * explains: the yaw change minus `translationYawFactor` x the change of the nose's bearing. For
 * yaw relative to the line of sight (Rekognition's Pose.Yaw, in the cloud verdict); the local
 * verdict's 3D-fit yaw is in camera axes and takes the plain change.
 */
export function rotationTowardTarget(
  first: { readonly yaw: number; readonly nose: Point },
  last: { readonly yaw: number; readonly nose: Point },
  targetSide: 'left' | 'right',
  frameWidth: number,
  settings: { readonly translationYawFactor: number; readonly cameraHorizontalFovDeg: number },
): number {
  const toward = targetSide === 'right' ? 1 : -1;
  const fov = settings.cameraHorizontalFovDeg;
  const bearingChange = bearingDeg(last.nose, frameWidth, fov) - bearingDeg(first.nose, frameWidth, fov);
  return (last.yaw - first.yaw - settings.translationYawFactor * bearingChange) * toward;
}
