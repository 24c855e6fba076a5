import { surroundingsStill } from './carrier';
import { screenLight } from './screen-light';
import {
  marginOf,
  noseFrames,
  robustPeak,
  notEvaluated,
  reachedArea,
  reachedNose,
  type AttemptCheck,
} from './check';
import type { LivenessConfig } from './config';
import { fitHomography, type Box, type Point, type Size } from './geometry';
import { LANDMARKS } from './pose';
import type { FrameRecord } from './session';

/*
 * Checks beyond the original design, against the attacks it let through: a photo (flat, so no
 * parallax), a face swapped mid-challenge (a different descriptor), a visitor who slides instead
 * of turning (head_rotated, in verdict.ts), and a face too near or too far to judge. Thresholds
 * and the measurements behind them are in config.ts.
 */

export type Distance = 'too_far' | 'too_close' | 'ok';

/** Walk-up distance from the face box's width relative to the frame's. */
export function walkUpDistance(box: Box, frame: Size, config: LivenessConfig): Distance {
  const ratio = box.width / frame.width;
  if (ratio < config.distance.minFaceWidthRatio) return 'too_far';
  if (ratio > config.distance.maxFaceWidthRatio) return 'too_close';
  return 'ok';
}

/** Distance between the outer eye corners (68-point layout) or the eye centres (Rekognition's). */
export type EyeSpan = (landmarks: readonly Point[]) => number;

export const outerEyeCornerSpan: EyeSpan = (l) => {
  const a = l[LANDMARKS.leftEyeOuter]!;
  const b = l[LANDMARKS.rightEyeOuter]!;
  return Math.hypot(b.x - a.x, b.y - a.y);
};

/**
 * The 3D-parallax measure: how badly a homography maps the reference frame's landmarks onto each
 * later frame's (RMS residual over the eye span), robust peak over the frames. A flat picture fits
 * almost exactly whatever way it is moved or tilted; a turning head does not. Null when nothing
 * could be measured. Shared by the local verdict and the cloud verdict.
 */
export function parallaxOf(
  reference: readonly Point[],
  later: readonly (readonly Point[])[],
  eyeSpan: EyeSpan = outerEyeCornerSpan,
): number | null {
  const residuals: number[] = [];
  for (const landmarks of later) {
    const fit = fitHomography(reference, landmarks);
    const scale = eyeSpan(landmarks);
    if (fit && scale > 1e-6) residuals.push(fit.rmsResidual / scale);
  }
  return residuals.length ? robustPeak(residuals) : null;
}

const walkUp: AttemptCheck = {
  code: 'walk_up_distance',
  evaluate(a) {
    if (!reachedArea(a)) return notEvaluated('No face was found, so distance was never judged.');
    const { minFaceWidthRatio: min, maxFaceWidthRatio: max } = a.config.distance;
    const ratioOf = (f: FrameRecord): number | null => (f.box ? f.box.width / a.challenge.frame.width : null);
    if (reachedNose(a)) {
      const ratio = ratioOf(a.frames[a.inAreaIndex!]!)!;
      return {
        passed: true,
        message: 'The visitor stood at a good distance from the camera.',
        value: ratio,
        threshold: min,
        // A gate, not evidence of life: it does not move the score.
        margin: 1,
      };
    }
    const seen = a.frames
      .slice(a.areaStartIndex!)
      .map(ratioOf)
      .filter((r): r is number => r !== null);
    const last = seen[seen.length - 1];
    if (last === undefined) return notEvaluated('No single face was seen in the area phase.');
    if (last < min) {
      return {
        passed: false,
        message: `The face stayed too far from the camera (${Math.round(last * 100)}% of the frame's width; at least ${Math.round(min * 100)}%).`,
        value: last,
        threshold: min,
        margin: -1,
      };
    }
    if (last > max) {
      return {
        passed: false,
        message: `The face stayed too close to the camera (${Math.round(last * 100)}% of the frame's width; at most ${Math.round(max * 100)}%).`,
        value: last,
        threshold: max,
        margin: -1,
      };
    }
    return {
      passed: true,
      message: 'The visitor stood at a good distance from the camera.',
      value: last,
      threshold: min,
      margin: 1,
    };
  },
};

const depthParallax: AttemptCheck = {
  code: 'depth_parallax',
  evaluate(a) {
    if (a.outcome !== 'success' || a.inAreaIndex === null) {
      return notEvaluated('Judged only once the nose reaches the target.');
    }
    const threshold = a.config.verdict.minParallax;
    const reference = a.frames[a.inAreaIndex]!.landmarks;
    const later = noseFrames(a)
      .map((f) => f.landmarks)
      .filter((l): l is readonly Point[] => l !== null);
    const parallax = reference ? parallaxOf(reference, later) : null;
    if (parallax === null) {
      return {
        passed: false,
        message: 'The face could not be measured for depth.',
        value: null,
        threshold,
        margin: -1,
      };
    }
    const passed = parallax >= threshold;
    return {
      passed,
      message: passed
        ? `The face showed real depth as it turned (parallax ${parallax.toFixed(3)}).`
        : `The face moved like a flat picture (parallax ${parallax.toFixed(3)}; a real head shows at least ${threshold}).`,
      value: parallax,
      threshold,
      margin: marginOf(parallax, threshold, true),
    };
  },
};

function descriptorDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(sum);
}

const sameFace: AttemptCheck = {
  code: 'same_face',
  evaluate(a) {
    if (a.outcome !== 'success') return notEvaluated('Judged only once the nose reaches the target.');
    const { maxDescriptorDistance: threshold, minDescriptors } = a.config.verdict;
    const described = noseFrames(a).filter(
      (f): f is FrameRecord & { descriptor: ArrayLike<number> } => f.descriptor !== null,
    );
    if (described.length < minDescriptors) {
      return {
        passed: false,
        message: `The face could be compared on only ${described.length} frames; ${minDescriptors} are needed to confirm the same person throughout.`,
        value: null,
        threshold,
        margin: -1,
      };
    }
    const reference = described[0]!.descriptor;
    const farthest = Math.max(...described.slice(1).map((f) => descriptorDistance(reference, f.descriptor)));
    const passed = farthest <= threshold;
    return {
      passed,
      message: passed
        ? `The same person was seen throughout (${described.length} frames compared).`
        : `The face changed during the challenge (descriptor distance ${farthest.toFixed(2)}; at most ${threshold}).`,
      value: farthest,
      threshold,
      margin: marginOf(farthest, threshold),
    };
  },
};

/** In the order staff read them, after the original design's checks. */
export const SPOOF_CHECKS: readonly AttemptCheck[] = [
  walkUp,
  depthParallax,
  sameFace,
  surroundingsStill,
  screenLight,
];
