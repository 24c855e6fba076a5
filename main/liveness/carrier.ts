import { marginOf, notEvaluated, reachedSegments, robustPeak, type AttemptCheck } from './check';
import type { Box, Point } from './geometry';
import type { AttemptRecord, FrameRecord } from './session';

/*
 * Evidence of a carrier: a phone, tablet or print held in front of the camera brings its own
 * surroundings into the frame (a bezel, the recording's room, the card's edge), and they move with
 * the face. A live visitor's surroundings (the kiosk's room) stay where they are while the head
 * moves. This module measures which of the two the image around the face did, on the small
 * grey-level pictures of the scene inference hands over with each frame. Pure: data in, data out.
 */

/** A small grey-level picture of the whole camera frame (what inference hands the engine). */
export interface SceneImage {
  readonly width: number;
  readonly height: number;
  /** One byte per pixel, row by row. */
  readonly luma: Uint8Array;
}

export interface SurroundSettings {
  /** Side of a square block, scene pixels. */
  readonly blockSize: number;
  /**
   * The ring around the face the blocks come from, in face-box widths beside the box and face-box
   * heights above it: from `inner` (past the ears and hair, which do move with the head) to `outer`.
   * Nothing below the chin: neck and shoulders move with a live head.
   */
  readonly innerSide: number;
  readonly outerSide: number;
  readonly innerAbove: number;
  readonly outerAbove: number;
  /** Blocks flatter than this (mean absolute deviation, grey levels) carry no motion evidence. */
  readonly minTexture: number;
  /** Pairs whose face moved less than this (scene pixels) cannot tell moving from still. */
  readonly minFaceShift: number;
  /** The farthest a block is searched for, scene pixels (bounds the cost). */
  readonly maxSearch: number;
  /** Frames compared per target: those where the face had moved farthest. */
  readonly maxPairs: number;
}

export const DEFAULT_SURROUND_SETTINGS: SurroundSettings = {
  blockSize: 6,
  innerSide: 0.3,
  outerSide: 1.4,
  innerAbove: 0.55,
  outerAbove: 1.1,
  minTexture: 2.5,
  minFaceShift: 3,
  maxSearch: 10,
  maxPairs: 5,
};

/** What one block of the ring did between two frames. */
export type BlockMotion = 'moved_with_face' | 'still' | 'undecided';

export interface SurroundMotion {
  /** Blocks that followed the face's own shift. */
  readonly moved: number;
  /** Blocks that stayed where they were. */
  readonly still: number;
  /** Blocks in the ring with too little texture, or that matched neither. */
  readonly undecided: number;
  /** The face's shift between the two frames, scene pixels. */
  readonly faceShift: Point;
}

/** One frame as this check needs it: the face box in camera pixels and the scene picture. */
export interface SurroundFrame {
  readonly box: Box;
  readonly scene: SceneImage;
}

/** Summed-area table of a picture: any block's sum in four lookups. */
function integral(img: SceneImage): Float64Array {
  const w = img.width + 1;
  const table = new Float64Array(w * (img.height + 1));
  for (let y = 0; y < img.height; y++) {
    let row = 0;
    for (let x = 0; x < img.width; x++) {
      row += img.luma[y * img.width + x]!;
      table[(y + 1) * w + x + 1] = table[y * w + x + 1]! + row;
    }
  }
  return table;
}

const blockSum = (table: Float64Array, width: number, x: number, y: number, size: number): number => {
  const w = width + 1;
  return (
    table[(y + size) * w + x + size]! -
    table[y * w + x + size]! -
    table[(y + size) * w + x]! +
    table[y * w + x]!
  );
};

/**
 * Zero-mean absolute difference between a block of `a` (its pixels less their mean, `pattern`) and
 * the block of `b` at (x+dx, y+dy): exposure and glare change the level; compare the pattern.
 */
function blockDifference(
  pattern: Float64Array,
  b: SceneImage,
  bSums: Float64Array,
  x: number,
  y: number,
  dx: number,
  dy: number,
  size: number,
): number {
  const n = size * size;
  const meanB = blockSum(bSums, b.width, x + dx, y + dy, size) / n;
  let sum = 0;
  for (let j = 0; j < size; j++) {
    const rb = (y + dy + j) * b.width + x + dx;
    for (let i = 0; i < size; i++) sum += Math.abs(b.luma[rb + i]! - meanB - pattern[j * size + i]!);
  }
  return sum / n;
}

/** The block's pixels less their mean, and its texture (mean absolute deviation). */
function blockPattern(
  a: SceneImage,
  x: number,
  y: number,
  size: number,
): { pattern: Float64Array; texture: number } {
  const pattern = new Float64Array(size * size);
  let mean = 0;
  for (let j = 0; j < size; j++) for (let i = 0; i < size; i++) mean += a.luma[(y + j) * a.width + x + i]!;
  mean /= size * size;
  let dev = 0;
  for (let j = 0; j < size; j++)
    for (let i = 0; i < size; i++) {
      const v = a.luma[(y + j) * a.width + x + i]! - mean;
      pattern[j * size + i] = v;
      dev += Math.abs(v);
    }
  return { pattern, texture: dev / (size * size) };
}

interface Rect {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

const overlaps = (a: Rect, b: Rect): boolean =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** The face box grown by `side` widths left and right and `above` heights upward, scene pixels. */
function grown(box: Box, scale: number, side: number, above: number): Rect {
  return {
    left: (box.left - side * box.width) * scale,
    right: (box.left + box.width + side * box.width) * scale,
    top: (box.top - above * box.height) * scale,
    bottom: (box.top + box.height) * scale,
  };
}

/**
 * How the ring around the face moved from frame `a` to frame `b`. Each textured block of the ring
 * (around the face in `a`, clear of the face and hair in both frames) is searched for in `b` within
 * half again the face's own shift; it moved with the face when its best match lies the face's way
 * and fits clearly better than staying put, and it is still when staying put fits about as well as
 * anything and moving the face's way clearly worse.
 */
export function surroundMotion(
  a: SurroundFrame,
  b: SurroundFrame,
  frameWidth: number,
  settings: SurroundSettings = DEFAULT_SURROUND_SETTINGS,
): SurroundMotion {
  const img = a.scene;
  const scale = img.width / frameWidth;
  // The face as a whole: the detector's box (a turning head swings its landmarks, not its box).
  const t = {
    x: (b.box.left + b.box.width / 2 - a.box.left - a.box.width / 2) * scale,
    y: (b.box.top + b.box.height / 2 - a.box.top - a.box.height / 2) * scale,
  };
  const size = settings.blockSize;
  const outer = grown(a.box, scale, settings.outerSide, settings.outerAbove);
  const innerA = grown(a.box, scale, settings.innerSide, settings.innerAbove);
  const innerB = grown(b.box, scale, settings.innerSide, settings.innerAbove);
  const shift = Math.hypot(t.x, t.y);
  // A carrier moves about as the face does, not exactly: the recording on it moves too.
  const reach = Math.min(settings.maxSearch, Math.ceil(1.5 * shift) + 2);
  const minFollow = Math.max(1.5, 0.3 * shift);
  const bSums = integral(b.scene);
  let moved = 0;
  let still = 0;
  let undecided = 0;
  for (
    let y = Math.max(reach, Math.ceil(outer.top));
    y + size + reach <= Math.min(img.height, outer.bottom);
    y += size
  ) {
    for (
      let x = Math.max(reach, Math.ceil(outer.left));
      x + size + reach <= Math.min(img.width, outer.right);
      x += size
    ) {
      const block = { left: x, top: y, right: x + size, bottom: y + size };
      if (overlaps(block, innerA) || overlaps(block, innerB)) continue;
      const { pattern, texture } = blockPattern(img, x, y, size);
      if (texture < settings.minTexture) {
        undecided += 1;
        continue;
      }
      // Best fit anywhere, best fit staying put (camera jitter: one pixel), best fit moving with the face.
      let best = Number.POSITIVE_INFINITY;
      let stay = Number.POSITIVE_INFINITY;
      let follow = Number.POSITIVE_INFINITY;
      let bestFollows = false;
      for (let dy = -reach; dy <= reach; dy++) {
        for (let dx = -reach; dx <= reach; dx++) {
          // Shifts against the face's way decide nothing here: skip them (half the cost).
          if (dx * t.x + dy * t.y < 0 && (Math.abs(dx) > 1 || Math.abs(dy) > 1)) continue;
          const d = blockDifference(pattern, b.scene, bSums, x, y, dx, dy, size);
          const length = Math.hypot(dx, dy);
          const follows = length >= minFollow && dx * t.x + dy * t.y >= 0.5 * length * shift;
          if (Math.abs(dx) <= 1 && Math.abs(dy) <= 1) stay = Math.min(stay, d);
          if (follows) follow = Math.min(follow, d);
          if (d < best) {
            best = d;
            bestFollows = follows;
          }
        }
      }
      // An edge along the motion fits both ways (the aperture problem): only a clear difference counts.
      if (bestFollows && follow < 0.6 * stay) moved += 1;
      else if (stay <= 1.2 * best + 0.5 && follow > 1.5 * stay + 0.5) still += 1;
      else undecided += 1;
    }
  }
  return { moved, still, undecided, faceShift: t };
}

function surroundFrame(f: FrameRecord): SurroundFrame | null {
  if (!f.box || !f.scene) return null;
  return { box: f.box, scene: f.scene };
}

/** How far the face box's centre moved, camera pixels. */
const boxShift = (p: Box, q: Box): number =>
  Math.hypot(q.left + q.width / 2 - p.left - p.width / 2, q.top + q.height / 2 - p.top - p.height / 2);

export interface CarrierMeasure {
  /** Share of the ring's blocks that moved with the face (robust peak over the frames), or null. */
  readonly movedShare: number | null;
  /** Frame pairs in which the face moved enough to judge. */
  readonly pairs: number;
  /** Textured blocks seen over all pairs (moved or still): how much there was to judge. */
  readonly decided: number;
}

/**
 * The carrier measure of an attempt: for each target's segment, the frame it appeared in against
 * every later frame of the segment, as the share of the ring around the face that moved with it.
 */
export function carrierMeasure(a: AttemptRecord, settings = DEFAULT_SURROUND_SETTINGS): CarrierMeasure {
  const shares: number[] = [];
  let decided = 0;
  const scale = (f: SurroundFrame): number => f.scene.width / a.challenge.frame.width;
  const colour = (f: FrameRecord): number | null =>
    f.light?.shown == null ? null : (a.challenge.lightColours[f.light.shown] ?? null);
  for (const segment of reachedSegments(a)) {
    const frames = a.frames.slice(segment.start, segment.end + 1);
    // While the screen flashes its colours (screen-light check), the room in front of it changes
    // colour too: compare frames under the same colour, from the segment's first frame that shows
    // one. Without colours, or with no such pair, the segment's first frame against any later one.
    const lit = frames.findIndex((f) => colour(f) !== null);
    const pairs = (start: number, sameColour: boolean) => {
      const reference = frames[start] && surroundFrame(frames[start]!);
      if (!reference) return [];
      // The frames where the face had moved farthest from where the segment began tell the most;
      // a few of them bound the cost (the block search is the verdict's most expensive step).
      return frames
        .slice(start + 1)
        .filter((f) => !sameColour || colour(f) === colour(frames[start]!))
        .map(surroundFrame)
        .filter((f): f is SurroundFrame => f !== null && f.scene.width === reference.scene.width)
        .map((f) => ({ reference, f, shift: boxShift(reference.box, f.box) * scale(f) }))
        .filter(({ shift }) => shift >= settings.minFaceShift)
        .sort((p, q) => q.shift - p.shift)
        .slice(0, settings.maxPairs);
    };
    const sameColour = lit >= 0 ? pairs(lit, true) : [];
    const later = sameColour.length ? sameColour : pairs(0, false);
    for (const { reference, f } of later) {
      const motion = surroundMotion(reference, f, a.challenge.frame.width, settings);
      const ring = motion.moved + motion.still + motion.undecided;
      if (ring === 0) continue;
      shares.push(motion.moved / ring);
      decided += motion.moved + motion.still;
    }
  }
  return { movedShare: shares.length ? robustPeak(shares) : null, pairs: shares.length, decided };
}

/** Whether any frame of the attempt came with a scene picture (every kiosk and replay frame does). */
const hasScenes = (a: AttemptRecord): boolean => a.frames.some((f) => f.scene !== null);

export const surroundingsStill: AttemptCheck = {
  code: 'surroundings_still',
  evaluate(a) {
    if (a.outcome !== 'success') return notEvaluated('Judged only once the nose reaches the target.');
    const threshold = a.config.verdict.maxSurroundMovedShare;
    if (!hasScenes(a)) {
      return {
        passed: false,
        message:
          'No pictures of the surroundings came with the frames, so a held-up screen could not be ruled out.',
        value: null,
        threshold,
        margin: -1,
      };
    }
    const measure = carrierMeasure(a);
    if (measure.movedShare === null) {
      // The nose reached the target by a turn alone: nothing moved that a carrier could give away.
      return {
        passed: true,
        message: 'The face hardly moved across the frame, so nothing around it could move with it.',
        value: 0,
        threshold,
        margin: 1,
      };
    }
    const share = measure.movedShare;
    const passed = share <= threshold;
    return {
      passed,
      message: passed
        ? `The surroundings stayed still while the face moved (${Math.round(share * 100)}% of them moved with it).`
        : `The picture around the face moved with it (${Math.round(share * 100)}%; at most ${Math.round(threshold * 100)}%), as a held-up screen or photo does.`,
      value: share,
      threshold,
      margin: marginOf(share, threshold),
    };
  },
};
