import type { Box, Point } from '../liveness';
import { tfOf, type FaceApi, type Tf } from './face-api-loader';
import type { NetName, VerifiedNet } from './model-catalogue';
import {
  cropSquareRgb,
  frameProblem,
  rgbaToRgbInt32,
  toRgba,
  type CameraFrame,
  type RgbaFrame,
} from './rgba-frame';
import { sceneThumbnail } from './scene-thumbnail';
import { lightColours, type LightColours } from './light-colours';
import type { SceneImage } from '../liveness';

export interface AnalyzerSettings {
  /** Tiny face detector input size (multiple of 32). 224 finds close-up kiosk faces best (measured). */
  readonly inputSize: number;
  /** Detections below this confidence are not faces. */
  readonly scoreThreshold: number;
  /**
   * Follow one found face with the landmark net alone, on a crop placed from the previous frame's
   * landmarks (no detector), and run the full-frame detector often enough that a face entering
   * anywhere is in a detected frame within `redetectWithinMs` (and whenever the landmarks look
   * implausible). Needs each frame's timestamp; frames without one are always detected.
   */
  readonly tracking: boolean;
  readonly redetectWithinMs: number;
}

/**
 * Full detection on every frame by default: on the wasm backend here, tracking on a crop was only
 * ~11% faster per frame (interleaved A/B, 179 tracked frames: median 29.6 vs 33.4 ms), not worth
 * seeing a second face up to four frames late. Turn it on where it measures better (tfjs-node).
 */
export const DEFAULT_ANALYZER_SETTINGS: AnalyzerSettings = {
  inputSize: 224,
  scoreThreshold: 0.4,
  tracking: false,
  redetectWithinMs: 100,
};

export interface AnalyzedFace {
  readonly box: Box;
  readonly score: number;
  readonly landmarks: Point[];
  readonly descriptor?: number[];
}

export interface AnalyzeOptions {
  /** Compute the 128-value descriptor (about +20 ms): key frames only. */
  readonly descriptor?: boolean;
  /** Force a full-frame detection (no tracking) for this frame. */
  readonly detect?: boolean;
  /** The frame's capture time (ms): tracking spaces full detections by it. */
  readonly timestampMs?: number;
}

export interface AnalysisResult {
  readonly faces: AnalyzedFace[];
  readonly mode: 'detect' | 'track';
  readonly elapsedMs: number;
  /** The whole frame, small and grey, for the engine's carrier check. */
  readonly scene: SceneImage;
  /** The single face's and the whole frame's mean colours, for the screen-light check. */
  readonly colours: LightColours;
}

/** face-api's declared tensor types are its own copy of tfjs's; the objects are the same at run time. */
type NetInput = Parameters<FaceApi['detectAllFaces']>[0];
type WeightMap = Parameters<FaceApi['nets']['tinyFaceDetector']['loadFromWeightMap']>[0];
export const asNetInput = (t: unknown): NetInput => t as NetInput;

export const NETS_FOR_ANALYSIS: readonly NetName[] = [
  'tinyFaceDetector',
  'faceLandmark68Net',
  'faceRecognitionNet',
];

/**
 * Face detection, 68 landmarks and descriptors on RGBA frames with face-api. One instance per
 * camera stream: it remembers the last face to track it.
 */
export class FaceAnalyzer {
  /** The face being followed: its last landmarks, and where the detector put its box around them. */
  private tracked: {
    landmarks: readonly Point[];
    score: number;
    boxFromLandmarks: BoxFromLandmarks;
    /** A small grey picture of the face's square, to tell that a face is still there. */
    appearance: Float32Array;
  } | null = null;
  /** Capture times of the last full detection and of the last frame. */
  private lastDetectionMs: number | null = null;
  private lastFrameMs: number | null = null;

  private constructor(
    private readonly faceapi: FaceApi,
    readonly settings: AnalyzerSettings,
  ) {}

  static create(
    faceapi: FaceApi,
    nets: readonly VerifiedNet[],
    settings: Partial<AnalyzerSettings> = {},
  ): FaceAnalyzer {
    const tf = tfOf(faceapi);
    for (const { net, manifest, weights } of nets) {
      const groups = manifest as { weights: Parameters<typeof tf.io.decodeWeights>[1] }[];
      const specs = groups.flatMap((g) => g.weights);
      const buffer = weights.buffer.slice(
        weights.byteOffset,
        weights.byteOffset + weights.byteLength,
      ) as ArrayBuffer;
      faceapi.nets[net].loadFromWeightMap(tf.io.decodeWeights(buffer, specs) as unknown as WeightMap);
    }
    const merged = { ...DEFAULT_ANALYZER_SETTINGS, ...settings };
    if (merged.inputSize % 32 !== 0 || merged.inputSize < 128 || merged.inputSize > 1024) {
      throw new RangeError(`inputSize must be a multiple of 32 from 128 to 1024; got ${merged.inputSize}`);
    }
    return new FaceAnalyzer(faceapi, merged);
  }

  /** Forget the tracked face (a new visitor, a new clip). */
  reset(): void {
    this.tracked = null;
    this.lastDetectionMs = null;
    this.lastFrameMs = null;
  }

  numTensors(): number {
    return tfOf(this.faceapi).memory().numTensors;
  }

  /** Analyses one frame; an I420 frame (the camera's own format) is converted here, in the worker. */
  async analyze(camera: CameraFrame, options: AnalyzeOptions = {}): Promise<AnalysisResult> {
    const problem = frameProblem(camera);
    if (problem) throw new RangeError(problem);
    const start = performance.now();
    const frame = toRgba(camera);
    const scene = sceneThumbnail(frame);
    const t = options.timestampMs;
    const mayTrack =
      this.settings.tracking &&
      !options.detect &&
      !options.descriptor &&
      this.tracked !== null &&
      t !== undefined &&
      !this.detectionDue(t);
    this.lastFrameMs = t ?? null;
    if (mayTrack) {
      const face = await this.track(frame);
      if (face)
        return {
          faces: [face],
          mode: 'track',
          elapsedMs: performance.now() - start,
          scene,
          colours: lightColours(frame, face.box),
        };
    }
    const tf = tfOf(this.faceapi);
    const input = tf.tensor3d(rgbaToRgbInt32(frame), [frame.height, frame.width, 3], 'int32');
    try {
      const faces = await this.detect(frame, input, options.descriptor === true);
      this.lastDetectionMs = t ?? null;
      const colours = lightColours(frame, faces.length === 1 ? faces[0]!.box : null);
      return { faces, mode: 'detect', elapsedMs: performance.now() - start, scene, colours };
    } finally {
      input.dispose();
    }
  }

  /**
   * Whether this frame must be a full detection: skipping it would leave the next detection (one
   * frame interval away, judged by the last one) more than `redetectWithinMs` after the previous.
   */
  private detectionDue(t: number): boolean {
    const last = this.lastDetectionMs;
    if (last === null || t < last) return true;
    const interval = this.lastFrameMs !== null && t >= this.lastFrameMs ? t - this.lastFrameMs : 0;
    return t + interval - last > this.settings.redetectWithinMs;
  }

  private async detect(
    frame: RgbaFrame,
    input: ReturnType<Tf['tensor3d']>,
    descriptor: boolean,
  ): Promise<AnalyzedFace[]> {
    const { faceapi } = this;
    const options = new faceapi.TinyFaceDetectorOptions({
      inputSize: this.settings.inputSize,
      scoreThreshold: this.settings.scoreThreshold,
    });
    const withLandmarks = faceapi.detectAllFaces(asNetInput(input), options).withFaceLandmarks();
    const results = descriptor ? await withLandmarks.withFaceDescriptors() : await withLandmarks;
    const faces = results.map((r) => {
      const b = r.detection.box;
      const face = analyzedFace(
        { left: b.x, top: b.y, width: b.width, height: b.height },
        r.detection.score,
        r.landmarks.positions,
      );
      const d = (r as { descriptor?: Float32Array }).descriptor;
      return d ? { ...face, descriptor: Array.from(d) } : face;
    });
    const only = faces.length === 1 ? faces[0]! : null;
    if (only) {
      const boxFromLandmarks = relateBox(only.box, only.landmarks);
      this.tracked = {
        landmarks: only.landmarks,
        score: only.score,
        boxFromLandmarks,
        appearance: greyPatch(frame, squareAround(placeBox(boxFromLandmarks, only.landmarks))),
      };
    } else this.tracked = null;
    return faces;
  }

  /**
   * The 68-landmark net alone on the box the detector would have drawn, placed from the previous
   * frame's landmarks (a face moves little in one frame, and the net finds it anywhere in its crop).
   * Null (so the frame goes to full detection) when the box leaves the frame or the landmarks look
   * implausible: a face that jumped, grew or shrank too much, or lost its shape.
   */
  private async track(frame: RgbaFrame): Promise<AnalyzedFace | null> {
    const last = this.tracked!;
    const region = squareAround(placeBox(last.boxFromLandmarks, last.landmarks));
    const { side } = region;
    // Mostly outside the frame, or too small to read: let the detector decide.
    const inside = clampBox({ left: region.left, top: region.top, width: side, height: side }, frame);
    if (!inside || side < 48 || inside.width * inside.height < 0.8 * side * side) return null;
    // The landmark net always answers, even on a wall: first check that the face is still there.
    const appearance = greyPatch(frame, region);
    if (similarity(appearance, last.appearance) < SAME_FACE_SIMILARITY) return null;
    const tf = tfOf(this.faceapi);
    const crop = tf.tensor3d(cropSquareRgb(frame, region, LANDMARK_INPUT), [
      LANDMARK_INPUT,
      LANDMARK_INPUT,
      3,
    ]);
    let found;
    try {
      const result = await this.faceapi.nets.faceLandmark68Net.detectLandmarks(asNetInput(crop));
      found = Array.isArray(result) ? result[0] : result;
    } finally {
      crop.dispose();
    }
    if (!found) return null;
    const scale = side / LANDMARK_INPUT;
    const landmarks = found.positions.map((p) => ({
      x: region.left + p.x * scale,
      y: region.top + p.y * scale,
    }));
    if (!plausibleFollowUp(last.landmarks, landmarks)) return null;
    this.tracked = { ...last, landmarks, appearance };
    return analyzedFace(placeBox(last.boxFromLandmarks, landmarks), last.score, landmarks);
  }
}

/** The landmark net's input size (face-api's FaceLandmark68Net resizes every face to this). */
const LANDMARK_INPUT = 112;

/** Side of the grey patch that tells a face is still where it was. */
const PATCH = 24;
/**
 * Below this correlation with the previous frame's patch, the face has left its square. Measured on
 * consecutive 15 fps corpus frames (twice a 30 fps camera's motion), calibration part: face still
 * there min 0.64 (p1 0.79), square moved off the face max 0.29; held-out part: 0.59 and 0.28. A
 * miss only costs a full detection, a false match a phantom face: the cut sits above the midpoint.
 */
export const SAME_FACE_SIMILARITY = 0.5;

function squareAround(box: Box): { left: number; top: number; side: number } {
  const side = Math.max(box.width, box.height);
  return { left: box.left + box.width / 2 - side / 2, top: box.top + box.height / 2 - side / 2, side };
}

function greyPatch(frame: RgbaFrame, region: { left: number; top: number; side: number }): Float32Array {
  const rgb = cropSquareRgb(frame, region, PATCH);
  const grey = new Float32Array(PATCH * PATCH);
  for (let i = 0; i < grey.length; i++)
    grey[i] = 0.299 * rgb[i * 3]! + 0.587 * rgb[i * 3 + 1]! + 0.114 * rgb[i * 3 + 2]!;
  return grey;
}

/** Normalised cross-correlation of two patches (1: the same picture up to brightness and contrast). */
export function similarity(a: Float32Array, b: Float32Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    ab += da * db;
    aa += da * da;
    bb += db * db;
  }
  // A flat patch (a wall, a covered camera) has no face in it.
  return aa < 1e-6 || bb < 1e-6 ? 0 : ab / Math.sqrt(aa * bb);
}

/** The detector's box around a face, relative to the face's landmarks (centre offset and size). */
interface BoxFromLandmarks {
  readonly dx: number;
  readonly dy: number;
  readonly width: number;
  readonly height: number;
}

/** The bounding box of landmarks (for the plausibility checks). */
function landmarkExtent(points: readonly Point[]): Box {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const left = Math.min(...xs);
  const top = Math.min(...ys);
  return { left, top, width: Math.max(...xs) - left, height: Math.max(...ys) - top };
}

/** Where a face's landmarks are and how large they spread: centroid and RMS distance from it. */
function landmarkFrame(points: readonly Point[]): { cx: number; cy: number; size: number } {
  const n = points.length;
  const cx = points.reduce((s, p) => s + p.x, 0) / n;
  const cy = points.reduce((s, p) => s + p.y, 0) / n;
  const ms = points.reduce((s, p) => s + (p.x - cx) ** 2 + (p.y - cy) ** 2, 0) / n;
  return { cx, cy, size: Math.max(1, Math.sqrt(ms)) };
}

function relateBox(box: Box, landmarks: readonly Point[]): BoxFromLandmarks {
  const { cx, cy, size } = landmarkFrame(landmarks);
  return {
    dx: (box.left + box.width / 2 - cx) / size,
    dy: (box.top + box.height / 2 - cy) / size,
    width: box.width / size,
    height: box.height / size,
  };
}

function placeBox(relation: BoxFromLandmarks, landmarks: readonly Point[]): Box {
  const { cx, cy, size } = landmarkFrame(landmarks);
  const width = relation.width * size;
  const height = relation.height * size;
  const x = cx + relation.dx * size;
  const y = cy + relation.dy * size;
  return { left: x - width / 2, top: y - height / 2, width, height };
}

/**
 * Landmarks that can follow the previous frame's: the face moved less than a third of its width,
 * its size changed by less than a quarter, and it kept a face's proportions (eyes apart by about
 * a third to a half of the landmark width: 0.34-0.45 on 120 faces of the corpus clips).
 */
export function plausibleFollowUp(previous: readonly Point[], next: readonly Point[]): boolean {
  const a = landmarkExtent(previous);
  const b = landmarkExtent(next);
  if (a.width <= 0 || b.width <= 0) return false;
  const scale = b.width / a.width;
  if (scale < 0.8 || scale > 1.25) return false;
  const moved = Math.hypot(
    b.left + b.width / 2 - (a.left + a.width / 2),
    b.top + b.height / 2 - (a.top + a.height / 2),
  );
  if (moved > a.width / 3) return false;
  const eye = (points: readonly Point[], from: number) => {
    const ring = points.slice(from, from + 6);
    return { x: ring.reduce((s, p) => s + p.x, 0) / 6, y: ring.reduce((s, p) => s + p.y, 0) / 6 };
  };
  const right = eye(next, 36);
  const left = eye(next, 42);
  const eyes = Math.hypot(left.x - right.x, left.y - right.y) / b.width;
  return eyes > 0.25 && eyes < 0.6;
}

/** A face as the engine takes it (the session measures its pose with the camera's geometry). */
function analyzedFace(box: Box, score: number, points: readonly Point[]): AnalyzedFace {
  return { box, score, landmarks: points.map((p) => ({ x: p.x, y: p.y })) };
}

/** Whole-pixel box clipped to a frame (or crop) of the given size; null when nothing is inside. */
function clampBox(box: Box, frame: { width: number; height: number }): Box | null {
  const left = Math.max(0, Math.floor(box.left));
  const top = Math.max(0, Math.floor(box.top));
  const right = Math.min(frame.width, Math.ceil(box.left + box.width));
  const bottom = Math.min(frame.height, Math.ceil(box.top + box.height));
  if (right <= left || bottom <= top) return null;
  return { left, top, width: right - left, height: bottom - top };
}
