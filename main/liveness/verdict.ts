import { boxBottom, boxRight, distanceToBox, growBox, type Point } from './geometry';
import { landmarkDistributionRule } from './landmark-distribution';
import { SPOOF_CHECKS } from './spoof-checks';
import {
  attemptFrames,
  clampMargin,
  marginOf,
  noseFrames,
  notEvaluated,
  reachedArea,
  reachedNose,
  reachedSegments,
  seconds,
  type Segment,
  type AttemptCheck,
  type CheckOutcome,
} from './check';
import type { AttemptRecord, FailureCode, FrameRecord } from './session';

export type { AttemptCheck, CheckOutcome };
import { quadraticFitRms } from './trajectory';

/** One check's finding, phrased for staff. */
export interface Reason {
  readonly code: string;
  readonly passed: boolean;
  /** False when the attempt ended before this check had anything to judge. */
  readonly evaluated: boolean;
  readonly message: string;
  readonly value: number | null;
  readonly threshold: number | null;
}

export interface Verdict {
  readonly challengeId: string;
  readonly live: boolean;
  /** 0..1; above 0.5 exactly when live, higher with more margin on the closest check. */
  readonly score: number;
  /** Why the attempt stopped short, if it did. */
  readonly failure: FailureCode | null;
  readonly reasons: readonly Reason[];
}

/** The check that owns a phase fails on that phase's timeout or a cancel; other failures belong elsewhere. */
function phaseEndedHere(
  a: AttemptRecord,
  phase: 'face' | 'area' | 'nose',
): 'timeout' | 'cancelled' | 'other' | null {
  if (!a.failure || a.failure.phase !== phase) return null;
  if (a.failure.code === `${phase}_timeout`) return 'timeout';
  return ['cancelled', 'abandoned', 'expired'].includes(a.failure.code) ? 'cancelled' : 'other';
}

const faceFound: AttemptCheck = {
  code: 'face_found',
  evaluate(a) {
    const limit = a.config.face.timeoutMs;
    const start = a.phaseStartMs.face ?? 0;
    if (reachedArea(a)) {
      const waited = (a.phaseStartMs.area ?? start) - start;
      return {
        passed: true,
        message: 'A single face was found.',
        value: waited,
        threshold: limit,
        margin: 1,
      };
    }
    const waited = (a.endMs ?? start) - start;
    const ended = phaseEndedHere(a, 'face');
    const message =
      ended === 'timeout'
        ? `No single face was found within ${seconds(limit)}.`
        : 'The attempt ended before a single face was found.';
    return { passed: false, message, value: waited, threshold: limit, margin: -1 };
  },
};

const faceInArea: AttemptCheck = {
  code: 'face_in_area',
  evaluate(a) {
    if (!reachedArea(a)) return notEvaluated('No face was found, so the area was never shown.');
    const limit = a.config.area.timeoutMs;
    const start = a.phaseStartMs.area ?? 0;
    if (reachedNose(a)) {
      const took = (a.phaseStartMs.nose ?? start) - start;
      return {
        passed: true,
        message: 'The face settled inside the area.',
        value: took,
        threshold: limit,
        margin: 1,
      };
    }
    const ended = phaseEndedHere(a, 'area');
    if (ended === 'other') return notEvaluated('The attempt failed before the face settled in the area.');
    const took = (a.endMs ?? start) - start;
    const message =
      ended === 'timeout'
        ? `The face did not settle inside the area within ${seconds(limit)}.`
        : 'The attempt ended before the face settled inside the area.';
    return { passed: false, message, value: took, threshold: limit, margin: -1 };
  },
};

const singleFace: AttemptCheck = {
  code: 'single_face',
  evaluate(a) {
    if (!reachedArea(a)) return notEvaluated('The attempt never started.');
    const most = Math.max(...attemptFrames(a).map((f) => f.faceCount));
    const passed = most <= 1;
    return {
      passed,
      message: passed
        ? 'Exactly one face in every frame of the attempt.'
        : `${most} faces were in one frame; only one person may take the challenge.`,
      value: most,
      threshold: 1,
      margin: passed ? 1 : -1,
    };
  },
};

const faceVisible: AttemptCheck = {
  code: 'face_visible',
  evaluate(a) {
    if (!reachedArea(a)) return notEvaluated('The attempt never started.');
    const frames = attemptFrames(a);
    const inNose = reachedNose(a);
    const lostIn = a.failure?.code === 'face_lost' ? a.failure.phase : null;
    const phase: 'area' | 'nose' = lostIn === 'area' || (!lostIn && !inNose) ? 'area' : 'nose';
    const missing = frames.filter((f) => f.phase === phase && f.faceCount === 0).length;
    const limit = a.config[phase].maxNoFaceFrames;
    const passed = a.failure?.code !== 'face_lost';
    return {
      passed,
      message: passed
        ? 'The face stayed in view.'
        : `The face was lost in ${missing} frames of the ${phase} phase; at most ${limit} are allowed.`,
      value: missing,
      threshold: limit,
      margin: passed ? marginOf(missing, limit + 1) : -1,
    };
  },
};

const stayedInArea: AttemptCheck = {
  code: 'stayed_in_area',
  evaluate(a) {
    if (!reachedNose(a)) return notEvaluated('The nose phase was not reached.');
    const zone = growBox(a.challenge.area, a.config.nose.areaTolerance / 2);
    let worst = 0;
    for (const f of noseFrames(a)) {
      if (!f.box) continue;
      const over = Math.max(
        zone.left - f.box.left,
        zone.top - f.box.top,
        boxRight(f.box) - boxRight(zone),
        boxBottom(f.box) - boxBottom(zone),
        0,
      );
      worst = Math.max(worst, over);
    }
    const passed = a.failure?.code !== 'left_area';
    return {
      passed,
      message: passed
        ? 'The face stayed inside the area while the nose moved.'
        : `The face left the area by ${Math.round(worst)} px while the nose moved.`,
      value: worst,
      threshold: 0,
      margin: passed ? 1 : -1,
    };
  },
};

const noseReachedTarget: AttemptCheck = {
  code: 'nose_reached_target',
  evaluate(a) {
    if (!reachedNose(a)) return notEvaluated('The nose phase was not reached.');
    const count = a.challenge.targets.length;
    const reached = a.targetsReached.length;
    const all =
      count === 1 ? 'The nose tip reached the target.' : `The nose tip reached all ${count} targets in turn.`;
    if (a.outcome === 'success') return { passed: true, message: all, value: 0, threshold: 0, margin: 1 };
    // How close the nose came to the target it was after, in the time that target was showing.
    const pending = a.challenge.targets[reached] ?? a.challenge.nose;
    const from = a.segmentStarts[reached] ?? Number.POSITIVE_INFINITY;
    const closest = Math.min(
      ...a.frames
        .slice(from)
        .filter((f): f is FrameRecord & { nose: Point } => f.phase === 'nose' && f.nose !== null)
        .map((f) => distanceToBox(pending, f.nose)),
    );
    const value = Number.isFinite(closest) ? closest : null;
    const ended = phaseEndedHere(a, 'nose');
    if (ended === 'other') return notEvaluated('The attempt failed before the nose reached the target.');
    const near = value === null ? '' : ` (closest: ${Math.round(value)} px away)`;
    const which = count === 1 ? 'the target' : `target ${reached + 1} of ${count}`;
    const message =
      ended === 'timeout'
        ? `The nose tip did not reach ${which} within ${seconds(a.config.nose.timeoutMs)}${near}.`
        : `The attempt ended before the nose tip reached ${which}${near}.`;
    return { passed: false, message, value, threshold: 0, margin: -1 };
  },
};

/** The nose positions of one segment, in normalised coordinates. */
function segmentPath(a: AttemptRecord, s: Segment): Point[] {
  const { width, height } = a.challenge.frame;
  return a.frames
    .slice(s.start, s.end + 1)
    .filter((f): f is FrameRecord & { nose: Point } => f.phase === 'nose' && f.nose !== null)
    .map((f) => ({ x: f.nose.x / width, y: f.nose.y / height }));
}

const nosePathSmooth: AttemptCheck = {
  code: 'nose_path_smooth',
  evaluate(a) {
    if (a.outcome !== 'success') return notEvaluated('Judged only once the nose reaches the target.');
    const limit = a.config.verdict.maxTrajectoryRms;
    const min = a.config.verdict.minTrajectoryPoints;
    // Each target's path on its own: a sequence turns a corner at every target.
    let worst = 0;
    for (const [i, segment] of reachedSegments(a).entries()) {
      const path = segmentPath(a, segment);
      const which = a.challenge.targets.length === 1 ? 'the target' : `target ${i + 1}`;
      if (path.length < min) {
        return {
          passed: false,
          // Usually a quick turn seen at a low frame rate, not a jumpy path: say so.
          message: `The nose reached ${which} too quickly to follow (${path.length} positions seen, ${min} needed); move more slowly.`,
          value: path.length,
          threshold: min,
          margin: -1,
        };
      }
      const fit = quadraticFitRms(path);
      if (!fit.ok) {
        return {
          passed: false,
          message: `The nose path to ${which} has too little sideways movement to judge.`,
          value: null,
          threshold: limit,
          margin: -1,
        };
      }
      worst = Math.max(worst, fit.rms);
    }
    const passed = worst <= limit;
    return {
      passed,
      message: passed
        ? 'The nose moved along one smooth path to each target.'
        : `The nose path was jumpy (fit error ${worst.toFixed(4)}, at most ${limit} allowed).`,
      value: worst,
      threshold: limit,
      margin: marginOf(worst, limit),
    };
  },
};

/**
 * Degrees the head turned toward a segment's target; null if unmeasurable. The 3D fit measures yaw
 * in the camera's axes, where a head sliding sideways reads no turn, so nothing is subtracted for
 * translation (the cloud verdict's Rekognition yaw, relative to the line of sight, still needs it).
 */
function segmentRotation(a: AttemptRecord, s: Segment): number | null {
  const first = a.frames[s.start]?.pose;
  const last = a.frames[s.end]?.pose;
  if (!first || !last) return null;
  return (last.yaw - first.yaw) * (s.side === 'right' ? 1 : -1);
}

const headRotated: AttemptCheck = {
  code: 'head_rotated',
  evaluate(a) {
    if (a.outcome !== 'success' || a.inAreaIndex === null) {
      return notEvaluated('Judged only once the nose reaches the target.');
    }
    const threshold = a.config.verdict.minRotationDeg;
    const segments = reachedSegments(a);
    const rotations = segments.map((s) => segmentRotation(a, s));
    if (rotations.some((r) => r === null) || rotations.length === 0) {
      return {
        passed: false,
        message: 'Head pose could not be measured.',
        value: null,
        threshold,
        margin: -1,
      };
    }
    // Every target must be turned to: the weakest turn decides.
    const rotation = Math.min(...(rotations as number[]));
    const weakest = rotations.indexOf(rotation);
    const toward = segments.length === 1 ? 'the target' : `target ${weakest + 1} of ${segments.length}`;
    if (rotation >= threshold) {
      return {
        passed: true,
        message:
          segments.length === 1
            ? `The head turned ${Math.round(rotation)}° toward the target.`
            : `The head turned toward each of the ${segments.length} targets, at least ${Math.round(rotation)}°.`,
        value: rotation,
        threshold,
        margin: marginOf(rotation, threshold, true),
      };
    }
    const first = a.frames[a.inAreaIndex]!;
    const last = a.frames[a.frames.length - 1]!;
    // The original's landmark rule knows one target only; it may stand in for `original` mode alone.
    if (
      a.config.verdict.acceptLandmarkDistributionRule &&
      segments.length === 1 &&
      first.landmarks &&
      last.landmarks &&
      last.pose
    ) {
      const rule = landmarkDistributionRule(
        first.landmarks,
        last.landmarks,
        last.pose.yaw,
        a.challenge.targetSide,
        a.config.landmarkDistribution,
      );
      if (rule.passed && rule.minDistance !== null) {
        return {
          passed: true,
          message: `The face's landmark layout changed enough (${rule.distance.toFixed(3)} > ${rule.minDistance.toFixed(3)}) to show the head moved in depth.`,
          value: rotation,
          threshold,
          margin: marginOf(rule.distance, rule.minDistance, true),
        };
      }
    }
    return {
      passed: false,
      message: `The head turned only ${Math.round(rotation)}° toward ${toward}; at least ${threshold}° is needed.`,
      value: rotation,
      threshold,
      margin: marginOf(rotation, threshold, true),
    };
  },
};

/** The built-in checks, in the order staff read them. */
export const BUILT_IN_CHECKS: readonly AttemptCheck[] = [
  faceFound,
  faceInArea,
  singleFace,
  faceVisible,
  stayedInArea,
  noseReachedTarget,
  nosePathSmooth,
  headRotated,
  ...SPOOF_CHECKS,
];

/**
 * Runs every check and combines them: live only when all pass. A check that throws is reported as
 * a failed check rather than escaping, so a faulty plug-in cannot crash the kiosk or pass an attempt.
 */
export function buildVerdict(attempt: AttemptRecord, extraChecks: readonly AttemptCheck[] = []): Verdict {
  const reasons: Reason[] = [];
  const margins: number[] = [];
  for (const check of [...BUILT_IN_CHECKS, ...extraChecks]) {
    let outcome: CheckOutcome;
    try {
      outcome = check.evaluate(attempt);
    } catch (error) {
      outcome = {
        passed: false,
        message: `Check failed to run: ${error instanceof Error ? error.message : String(error)}`,
        value: null,
        threshold: null,
        margin: -1,
      };
    }
    const evaluated = outcome.evaluated ?? true;
    reasons.push({
      code: check.code,
      passed: outcome.passed && evaluated,
      evaluated,
      message: outcome.message,
      value: outcome.value,
      threshold: outcome.threshold,
    });
    if (evaluated) margins.push(clampMargin(outcome.margin ?? (outcome.passed ? 1 : -1)));
  }
  const live = attempt.outcome === 'success' && reasons.every((r) => r.passed);
  const closest = margins.length ? Math.min(...margins) : -1;
  // Live scores sit in (0.5, 1], failures in [0, 0.5): the score never contradicts `live`.
  const score = live ? 0.5 + 0.5 * Math.max(closest, 0.001) : 0.49 * (1 + Math.min(closest, 0));
  return {
    challengeId: attempt.challenge.id,
    live,
    score: Math.round(score * 1000) / 1000,
    failure: attempt.failure?.code ?? null,
    reasons,
  };
}
