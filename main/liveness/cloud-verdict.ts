import type { Challenge } from './challenge';
import type { LivenessConfig } from './config';
import type { Point } from './geometry';
import { rotationTowardTarget } from './pose';
import {
  verifyRekognitionChallenge,
  type ChallengeRecord,
  type FaceDetail,
  type RekognitionVerdict,
} from './rekognition-verifier';
import { parallaxOf } from './spoof-checks';
import type { Reason } from './verdict';

/*
 * The cloud's second opinion on an attempt's key frames: the original server rules (the engine's
 * Rekognition verifier) plus the project's extra checks that Rekognition's output supports: one face
 * in every key frame, rotation from Rekognition's own Pose corrected for sideways movement, and 3D
 * parallax on its landmarks. (Same-person needs descriptors, which DetectFaces does not return.)
 */

export interface CloudFrame {
  readonly timestampMs: number;
  readonly faces: readonly FaceDetail[];
}

export interface CloudVerdict {
  readonly live: boolean;
  readonly reasons: readonly Reason[];
  /** Where the original rules' state machine stopped. */
  readonly originalState: RekognitionVerdict['state'];
}

/** The challenge as the original server stored it (its 50% face-size rule, 20 points of tolerance). */
export function challengeRecord(challenge: Challenge): ChallengeRecord {
  return {
    imageWidth: challenge.frame.width,
    imageHeight: challenge.frame.height,
    areaLeft: challenge.area.left,
    areaTop: challenge.area.top,
    areaWidth: challenge.area.width,
    areaHeight: challenge.area.height,
    minFaceAreaPercent: 50,
    noseLeft: challenge.nose.left,
    noseTop: challenge.nose.top,
    noseWidth: challenge.nose.width,
    noseHeight: challenge.nose.height,
  };
}

/** Landmark types present in both faces, in a fixed order, as pixel points. */
function matchedLandmarks(a: FaceDetail, b: FaceDetail, w: number, h: number): [Point[], Point[]] {
  const other = new Map(b.Landmarks.map((l) => [l.Type, l]));
  const from: Point[] = [];
  const to: Point[] = [];
  for (const l of [...a.Landmarks].sort((x, y) => x.Type.localeCompare(y.Type))) {
    const m = other.get(l.Type);
    if (!m) continue;
    from.push({ x: l.X * w, y: l.Y * h });
    to.push({ x: m.X * w, y: m.Y * h });
  }
  return [from, to];
}

const landmark = (face: FaceDetail, type: string, w: number, h: number): Point | null => {
  const l = face.Landmarks.find((x) => x.Type === type);
  return l ? { x: l.X * w, y: l.Y * h } : null;
};

const reason = (
  code: string,
  passed: boolean,
  message: string,
  value: number | null,
  threshold: number | null,
): Reason => ({ code, passed, evaluated: true, message, value, threshold });

/**
 * Judges key frames in time order: the first shows the face found, the second the face inside the
 * area (the reference), the rest follow the nose to the target.
 */
export function verifyCloudAttempt(
  challenge: Challenge,
  frames: readonly CloudFrame[],
  config: LivenessConfig,
): CloudVerdict {
  const { width: w, height: h } = challenge.frame;
  const ordered = [...frames].sort((a, b) => a.timestampMs - b.timestampMs);
  const original = verifyRekognitionChallenge({
    challenge: challengeRecord(challenge),
    frames: ordered.map((f) => ({ timestamp: f.timestampMs, rekMetadata: [...f.faces] })),
  });
  const reasons: Reason[] = original.reasons.map((r) => ({ ...r, code: `original_${r.code}` }));

  const most = Math.max(0, ...ordered.map((f) => f.faces.length));
  const fewest = Math.min(...ordered.map((f) => f.faces.length));
  reasons.push(
    reason(
      'single_face',
      most === 1 && fewest === 1,
      most === 1 && fewest === 1
        ? 'Exactly one face in every key frame.'
        : `Key frames held between ${fewest} and ${most} faces; exactly one is required.`,
      most,
      1,
    ),
  );

  const reference = ordered[1]?.faces[0];
  const last = ordered[ordered.length - 1]?.faces[0];
  const refNose = reference ? landmark(reference, 'nose', w, h) : null;
  const lastNose = last ? landmark(last, 'nose', w, h) : null;
  const minRotation = config.verdict.minRotationDeg;
  if (reference && last && refNose && lastNose && ordered.length >= 3) {
    const rotation = rotationTowardTarget(
      { yaw: reference.Pose.Yaw, nose: refNose },
      { yaw: last.Pose.Yaw, nose: lastNose },
      challenge.targetSide,
      w,
      config.verdict,
    );
    reasons.push(
      reason(
        'head_rotated',
        rotation >= minRotation,
        `Rekognition saw the head turn ${Math.round(rotation)}° toward the target beyond sideways movement (at least ${minRotation}°).`,
        rotation,
        minRotation,
      ),
    );
    const pairs = ordered.slice(2).flatMap((f) => {
      const face = f.faces[0];
      return face ? [matchedLandmarks(reference, face, w, h)] : [];
    });
    const eyeSpan = (points: readonly Point[], face: FaceDetail): number => {
      const a = landmark(face, 'eyeLeft', w, h);
      const b = landmark(face, 'eyeRight', w, h);
      return a && b && points.length ? Math.hypot(b.x - a.x, b.y - a.y) : 0;
    };
    // Each later frame against the reference, on the landmark types both have.
    const values = pairs
      .map(([from, to], i) => {
        const face = ordered[i + 2]!.faces[0]!;
        return parallaxOf(from, [to], () => eyeSpan(to, face));
      })
      .filter((v): v is number => v !== null);
    // Few frames, each from its own call: the largest (the most turned, usually the last) decides.
    const parallax = values.length ? Math.max(...values) : null;
    const minParallax = config.verdict.minParallax;
    reasons.push(
      reason(
        'depth_parallax',
        parallax !== null && parallax >= minParallax,
        parallax === null
          ? 'The key frames could not be measured for depth.'
          : `Parallax on Rekognition's landmarks: ${parallax.toFixed(3)} (at least ${minParallax}).`,
        parallax,
        minParallax,
      ),
    );
  } else {
    reasons.push(
      reason('head_rotated', false, 'Too few key frames with a face to judge rotation.', null, minRotation),
    );
    reasons.push(
      reason('depth_parallax', false, 'Too few key frames with a face to judge depth.', null, null),
    );
  }
  return {
    live: original.success && reasons.every((r) => r.passed),
    reasons,
    originalState: original.state,
  };
}
