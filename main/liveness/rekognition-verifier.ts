import { z } from 'zod';
import { DEFAULT_CONFIG, type LandmarkDistributionRule } from './config';
import { LivenessError, describeIssues, fail, ok, type Result } from './errors';
import { boxArea, boxContains, growBox, pointInBox, type Box, type Point } from './geometry';
import { landmarkDistributionRule } from './landmark-distribution';
import { quadraticFitRms } from './trajectory';
import type { Reason } from './verdict';

/*
 * The original design's server verifier, reproduced on Amazon Rekognition DetectFaces output:
 * the same states, tolerances and thresholds, with its crashes (a frame with no face, a nose path
 * of fewer than four points) turned into failures with a reason. The kiosk's cloud re-check and
 * the `rekognition-verify` command both run this.
 */

const finite = z.number().finite();
const ratio = finite; // Rekognition ratios may fall slightly outside 0..1 for faces at the edge.

const LandmarkSchema = z.object({ Type: z.string(), X: ratio, Y: ratio });
export const FaceDetailSchema = z.object({
  BoundingBox: z.object({ Left: ratio, Top: ratio, Width: ratio.min(0), Height: ratio.min(0) }),
  Landmarks: z.array(LandmarkSchema),
  Pose: z.object({ Yaw: finite, Pitch: finite.optional(), Roll: finite.optional() }),
  Confidence: finite.optional(),
});

export const ChallengeRecordSchema = z.object({
  imageWidth: z.number().int().positive(),
  imageHeight: z.number().int().positive(),
  areaLeft: finite,
  areaTop: finite,
  areaWidth: finite.positive(),
  areaHeight: finite.positive(),
  minFaceAreaPercent: finite.min(0).max(100),
  noseLeft: finite,
  noseTop: finite,
  noseWidth: finite.positive(),
  noseHeight: finite.positive(),
});

export const RekognitionVerifyInputSchema = z.object({
  challenge: ChallengeRecordSchema,
  frames: z.array(z.object({ timestamp: finite, rekMetadata: z.array(FaceDetailSchema) })),
});

export type FaceDetail = z.output<typeof FaceDetailSchema>;
export type ChallengeRecord = z.output<typeof ChallengeRecordSchema>;
export type RekognitionVerifyInput = z.output<typeof RekognitionVerifyInputSchema>;

export interface RekognitionRules {
  readonly noseTimeoutMs: number;
  /** The area grows by this fraction of its size on each side during the nose phase. */
  readonly areaTolerancePerSide: number;
  /** The nose target grows by this fraction of its size on each side. */
  readonly noseTolerancePerSide: number;
  /** Points subtracted from the challenge's minFaceAreaPercent (50 - 20 = 30 % of the area). */
  readonly minFaceAreaTolerancePercent: number;
  readonly maxTrajectoryRms: number;
  readonly minTrajectoryPoints: number;
  readonly landmarkDistribution: LandmarkDistributionRule;
}

export const ORIGINAL_RULES: RekognitionRules = {
  noseTimeoutMs: 10_000,
  areaTolerancePerSide: 0.05,
  noseTolerancePerSide: 0.55,
  minFaceAreaTolerancePercent: 20,
  maxTrajectoryRms: 0.01,
  minTrajectoryPoints: 4,
  landmarkDistribution: DEFAULT_CONFIG.landmarkDistribution,
};

export type RekognitionState = 'face' | 'area' | 'nose' | 'success' | 'fail';

export interface RekognitionVerdict {
  readonly success: boolean;
  /** Where the state machine stopped. */
  readonly state: RekognitionState;
  readonly reasons: readonly Reason[];
}

/** Validates untrusted input (a file, a queue record) and verifies it. */
export function verifyRekognitionInput(input: unknown, rules?: RekognitionRules): Result<RekognitionVerdict> {
  const parsed = RekognitionVerifyInputSchema.safeParse(input);
  if (!parsed.success) {
    const { path, message } = describeIssues(parsed.error.issues);
    return fail(new LivenessError('invalid_input', `Not a Rekognition verification input, ${message}`, path));
  }
  return ok(verifyRekognitionChallenge(parsed.data, rules));
}

const reason = (
  code: string,
  passed: boolean,
  message: string,
  value: number | null = null,
  threshold: number | null = null,
): Reason => ({ code, passed, evaluated: true, message, value, threshold });

export function verifyRekognitionChallenge(
  input: RekognitionVerifyInput,
  rules: RekognitionRules = ORIGINAL_RULES,
): RekognitionVerdict {
  const c = input.challenge;
  const W = c.imageWidth;
  const H = c.imageHeight;
  const area: Box = { left: c.areaLeft, top: c.areaTop, width: c.areaWidth, height: c.areaHeight };
  const grownArea = growBox(area, rules.areaTolerancePerSide);
  const target: Box = { left: c.noseLeft, top: c.noseTop, width: c.noseWidth, height: c.noseHeight };
  const grownTarget = growBox(target, rules.noseTolerancePerSide);
  const targetSide = c.noseLeft + c.noseWidth / 2 > W / 2 ? 'right' : 'left';
  const toPixels = (d: FaceDetail): Box => ({
    left: W * d.BoundingBox.Left,
    top: H * d.BoundingBox.Top,
    width: W * d.BoundingBox.Width,
    height: H * d.BoundingBox.Height,
  });
  const landmarkPixels = (d: FaceDetail): Point[] => d.Landmarks.map((l) => ({ x: W * l.X, y: H * l.Y }));

  // The original sorted frames by their storage key, which embeds the timestamp.
  const frames = [...input.frames].sort((a, b) => a.timestamp - b.timestamp);
  if (frames.length === 0) {
    return { success: false, state: 'face', reasons: [reason('no_frames', false, 'No frames were given.')] };
  }

  let state: RekognitionState = 'face';
  let endTime: number | null = null;
  let reference: FaceDetail | null = null;
  const trajectory: Point[] = [];
  const failWith = (r: Reason): RekognitionVerdict => ({ success: false, state: 'fail', reasons: [r] });

  for (const frame of frames) {
    if (endTime !== null && frame.timestamp > endTime) {
      return failWith(
        reason(
          'nose_timeout',
          false,
          `The nose did not reach the target within ${rules.noseTimeoutMs / 1000} s.`,
          frame.timestamp - (endTime - rules.noseTimeoutMs),
          rules.noseTimeoutMs,
        ),
      );
    }
    const faces = frame.rekMetadata;
    if (state === 'face') {
      if (faces.length === 1) state = 'area';
      continue;
    }
    const face = faces[0];
    if (!face) {
      // The original indexed the first face here and crashed.
      return failWith(
        reason(
          'no_face',
          false,
          `No face in the frame at ${frame.timestamp} during the ${state} phase.`,
          0,
          1,
        ),
      );
    }
    const box = toPixels(face);
    if (state === 'area') {
      const percent = (boxArea(box) * 100) / boxArea(area);
      if (boxContains(area, box) && percent + rules.minFaceAreaTolerancePercent >= c.minFaceAreaPercent) {
        state = 'nose';
        reference = face;
        endTime = frame.timestamp + rules.noseTimeoutMs;
      }
      continue;
    }
    // Nose phase.
    if (!boxContains(grownArea, box)) {
      return failWith(reason('left_area', false, 'The face left the area during the nose phase.'));
    }
    const nose = face.Landmarks.find((l) => l.Type === 'nose');
    if (!nose) continue;
    trajectory.push({ x: nose.X, y: nose.Y });
    if (!pointInBox(grownTarget, { x: W * nose.X, y: H * nose.Y })) continue;
    return judgeAtTarget(
      trajectory,
      landmarkPixels(reference!),
      landmarkPixels(face),
      face.Pose.Yaw,
      targetSide,
      rules,
    );
  }
  return {
    success: false,
    state,
    reasons: [
      reason(
        'incomplete',
        false,
        `The frames ended in the ${state} phase, before the nose reached the target.`,
      ),
    ],
  };
}

/** The original's decision at the first frame with the nose in the target. */
function judgeAtTarget(
  trajectory: readonly Point[],
  referenceLandmarks: readonly Point[],
  currentLandmarks: readonly Point[],
  yaw: number,
  targetSide: 'left' | 'right',
  rules: RekognitionRules,
): RekognitionVerdict {
  const reasons: Reason[] = [reason('nose_reached_target', true, 'The nose reached the target.', 0, 0)];
  const done = (success: boolean): RekognitionVerdict => ({
    success,
    state: success ? 'success' : 'fail',
    reasons,
  });

  const fit = quadraticFitRms(trajectory);
  if (!fit.ok) {
    reasons.push(
      fit.reason === 'too_few_points'
        ? reason(
            'too_few_trajectory_points',
            false,
            `Only ${fit.points} nose positions before the target; the path needs at least ${rules.minTrajectoryPoints}.`,
            fit.points,
            rules.minTrajectoryPoints,
          )
        : reason('degenerate_trajectory', false, 'The nose path has too little sideways movement to judge.'),
    );
    return done(false);
  }
  const smooth = fit.rms <= rules.maxTrajectoryRms;
  reasons.push(
    reason(
      'nose_path_smooth',
      smooth,
      smooth ? 'The nose moved along one smooth path.' : 'The nose path was not smooth.',
      fit.rms,
      rules.maxTrajectoryRms,
    ),
  );
  if (!smooth) return done(false);

  const rule = landmarkDistributionRule(
    referenceLandmarks,
    currentLandmarks,
    yaw,
    targetSide,
    rules.landmarkDistribution,
  );
  const message =
    rule.rotation === 'away_from_target'
      ? `The head turned away from the target (yaw ${yaw.toFixed(1)}°).`
      : `Landmark layout changed by ${rule.distance.toFixed(3)} (needed more than ${rule.minDistance!.toFixed(3)}, head ${rule.rotation === 'toward_target' ? 'turned toward the target' : 'not turned'}).`;
  reasons.push(reason('landmark_distribution', rule.passed, message, rule.distance, rule.minDistance));
  return done(rule.passed);
}
