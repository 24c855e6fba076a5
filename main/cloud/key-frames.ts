import type { AttemptRecord, Phase as SessionPhase } from '../liveness';
import { encodeJpeg } from '../inference/image-file';
import { toRgba, type CameraFrame, type RgbaFrame } from '../inference/rgba-frame';

/*
 * Which frames of an attempt go to the cloud. The original design sent every nose-phase frame (up to
 * ~120) through storage and DetectFaces; this keeps a handful in memory while the attempt runs and
 * sends at most MAX_KEY_FRAMES: the frame where the face was found, the one where it settled in the
 * area (the reference), a few evenly spaced along the nose path, and the final one. That is exactly
 * what the original server rules need (a face, then an in-area face, then >= 4 nose positions).
 */

export const MAX_KEY_FRAMES = 6;

export interface KeyFrame {
  /** Index of the frame in the attempt (AttemptRecord.frames). */
  readonly index: number;
  readonly timestampMs: number;
  readonly frame: RgbaFrame;
}

const encoded = new WeakMap<RgbaFrame, Map<number, Promise<Uint8Array>>>();

/**
 * A key frame as JPEG. The evidence store and the cloud queue both keep an attempt's key frames;
 * each frame is encoded once per quality however many ask, and forgotten with the frame.
 */
export function keyFrameJpeg(keyFrame: KeyFrame, quality: number): Promise<Uint8Array> {
  let byQuality = encoded.get(keyFrame.frame);
  if (!byQuality) encoded.set(keyFrame.frame, (byQuality = new Map()));
  let jpeg = byQuality.get(quality);
  if (!jpeg) byQuality.set(quality, (jpeg = encodeJpeg(keyFrame.frame, quality)));
  return jpeg;
}

type Phase = 'face' | 'area' | 'nose';

/** A candidate as held: in the format the camera sent it (I420 is 2.7x smaller than RGBA). */
interface Held {
  readonly index: number;
  readonly timestampMs: number;
  readonly frame: CameraFrame;
}

/** RGBA for the chosen frames only, once each: converting every frame would cost main ~5 ms a frame. */
const asRgba = new WeakMap<Held, KeyFrame>();
const keyFrameOf = (held: Held): KeyFrame => {
  let key = asRgba.get(held);
  if (!key)
    asRgba.set(held, (key = { index: held.index, timestampMs: held.timestampMs, frame: toRgba(held.frame) }));
  return key;
};

/**
 * Holds the candidate key frames of one attempt: the latest face- and area-phase frames (which end
 * up being the "face found" and "settled in the area" frames) and at most `capacity` nose-phase
 * frames, thinned evenly (every other one dropped when full), so memory stays bounded however long
 * the visitor takes. The keeper owns the frames it is given: pass a copy if the pixels will be
 * reused or moved elsewhere (inference transfers them to its worker).
 */
export class KeyFrameKeeper {
  private lastFace: Held | null = null;
  private lastArea: Held | null = null;
  private samples: Held[] = [];
  private newest: Held | null = null;
  private stride = 1;
  private noseSeen = 0;

  constructor(private readonly capacity = 12) {
    if (capacity < 4) throw new RangeError('KeyFrameKeeper needs room for at least 4 nose frames');
  }

  /** How many frames are held now (memory stays bounded by the capacity). */
  get heldFrames(): number {
    return (
      this.samples.length +
      (this.newest && !this.samples.includes(this.newest) ? 1 : 0) +
      (this.lastFace ? 1 : 0) +
      (this.lastArea ? 1 : 0)
    );
  }

  offer(index: number, timestampMs: number, phase: Phase, frame: CameraFrame): void {
    const kept = { index, timestampMs, frame };
    if (phase === 'face') this.lastFace = kept;
    else if (phase === 'area') this.lastArea = kept;
    else {
      // Every stride-th nose frame is a sample; the newest is always held (it may be the final one).
      if (this.noseSeen % this.stride === 0) this.samples.push(kept);
      this.newest = kept;
      this.noseSeen += 1;
      if (this.samples.length > this.capacity) {
        this.samples = this.samples.filter((_, i) => i % 2 === 0);
        this.stride *= 2;
      }
    }
  }

  /**
   * Offers the frame the session has just stepped (its phase before the step): the one rule for
   * what the cloud may see. Frames after the attempt ended are not kept, and in a sequence only
   * the way to the first target is: the Rekognition verifier's rules judge that target alone.
   */
  offerStep(
    attempt: AttemptRecord,
    phaseBefore: SessionPhase,
    timestampMs: number,
    frame: CameraFrame,
  ): void {
    if (phaseBefore === 'success' || phaseBefore === 'fail') return;
    const index = attempt.frames.length - 1;
    const firstReached = attempt.targetsReached[0];
    if (firstReached !== undefined && index > firstReached) return;
    this.offer(index, timestampMs, phaseBefore, frame);
  }

  /** The key frames of a finished attempt, in time order; empty unless it reached the nose phase. */
  select(attempt: AttemptRecord, max = MAX_KEY_FRAMES): KeyFrame[] {
    if (attempt.areaStartIndex === null || attempt.inAreaIndex === null) return [];
    const found = this.lastFace?.index === attempt.areaStartIndex ? this.lastFace : null;
    const settled = this.lastArea?.index === attempt.inAreaIndex ? this.lastArea : null;
    const final = this.newest;
    if (!found || !settled || !final) return [];
    const between = Math.max(0, max - 3);
    const candidates = this.samples.filter((f) => f !== final);
    const picked: Held[] = [];
    for (let k = 1; k <= between && candidates.length; k++) {
      const i = Math.round((k * candidates.length) / (between + 1)) - 1;
      const frame = candidates[Math.max(0, Math.min(candidates.length - 1, i))]!;
      if (!picked.includes(frame)) picked.push(frame);
    }
    return [found, settled, ...picked, final].map(keyFrameOf);
  }
}
