import { growBox, type Box, type Point } from '../liveness';
import { tfOf, type FaceApi, type Tf } from './face-api-loader';
import type { NetName, VerifiedNet } from './model-catalogue';
import { frameProblem, rgbaToRgbInt32, type RgbaFrame } from './rgba-frame';
import { sceneThumbnail } from './scene-thumbnail';
import type { SceneImage } from '../liveness';

export interface AnalyzerSettings {
  /** Tiny face detector input size (multiple of 32). 224 finds close-up kiosk faces best (measured). */
  readonly inputSize: number;
  /** Detections below this confidence are not faces. */
  readonly scoreThreshold: number;
  /**
   * Follow a found face on a crop around it, and run the full-frame detector on every
   * `redetectEvery`-th frame (and whenever tracking is unsure) so a second face entering anywhere
   * in the frame is still seen within a few frames.
   */
  readonly tracking: boolean;
  readonly redetectEvery: number;
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
  redetectEvery: 5,
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
}

export interface AnalysisResult {
  readonly faces: AnalyzedFace[];
  readonly mode: 'detect' | 'track';
  readonly elapsedMs: number;
  /** The whole frame, small and grey, for the engine's carrier check. */
  readonly scene: SceneImage;
}

/** face-api's declared tensor types are its own copy of tfjs's; the objects are the same at run time. */
type NetInput = Parameters<FaceApi['detectAllFaces']>[0];
type WeightMap = Parameters<FaceApi['nets']['tinyFaceDetector']['loadFromWeightMap']>[0];
const asNetInput = (t: unknown): NetInput => t as NetInput;

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
  private framesSinceDetection = Number.POSITIVE_INFINITY;
  private tracked: { box: Box } | null = null;

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
    this.framesSinceDetection = Number.POSITIVE_INFINITY;
  }

  numTensors(): number {
    return tfOf(this.faceapi).memory().numTensors;
  }

  async analyze(frame: RgbaFrame, options: AnalyzeOptions = {}): Promise<AnalysisResult> {
    const problem = frameProblem(frame);
    if (problem) throw new RangeError(problem);
    const start = performance.now();
    const scene = sceneThumbnail(frame);
    const tf = tfOf(this.faceapi);
    const input = tf.tensor3d(rgbaToRgbInt32(frame), [frame.height, frame.width, 3], 'int32');
    try {
      const mustDetect =
        options.detect ||
        options.descriptor ||
        !this.settings.tracking ||
        !this.tracked ||
        this.framesSinceDetection + 1 >= this.settings.redetectEvery;
      if (!mustDetect) {
        const face = await this.track(input, frame);
        if (face) {
          this.framesSinceDetection += 1;
          return { faces: [face], mode: 'track', elapsedMs: performance.now() - start, scene };
        }
      }
      const faces = await this.detect(input, options.descriptor === true);
      return { faces, mode: 'detect', elapsedMs: performance.now() - start, scene };
    } finally {
      input.dispose();
    }
  }

  private async detect(input: ReturnType<Tf['tensor3d']>, descriptor: boolean): Promise<AnalyzedFace[]> {
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
    this.framesSinceDetection = 0;
    const only = faces.length === 1 ? faces[0]! : null;
    this.tracked = only ? { box: only.box } : null;
    return faces;
  }

  /**
   * Detection and landmarks on a crop around the last face, at a small detector input: the face
   * fills half the crop, so a 96 px input still sees it clearly, and the detector (cost ~ input
   * size squared) runs about 4x faster than at 224 on the full frame. Anything unexpected (no face,
   * two faces) hands the frame to a full detection.
   */
  private async track(input: ReturnType<Tf['tensor3d']>, frame: RgbaFrame): Promise<AnalyzedFace | null> {
    const last = this.tracked!;
    const region = clampBox(growBox(last.box, TRACK_MARGIN), frame);
    if (!region || region.width < 48 || region.height < 48) return null;
    const tf = tfOf(this.faceapi);
    const crop = tf.slice(input, [region.top, region.left, 0], [region.height, region.width, 3]);
    try {
      const options = new this.faceapi.TinyFaceDetectorOptions({
        inputSize: TRACK_INPUT_SIZE,
        scoreThreshold: this.settings.scoreThreshold,
      });
      const found = await this.faceapi.detectAllFaces(asNetInput(crop), options);
      if (found.length !== 1) return null;
      const detection = found[0]!;
      const b = detection.box;
      // Landmarks straight from the face's own crop: cheaper than face-api's generic extraction.
      const faceRegion = clampBox({ left: b.x, top: b.y, width: b.width, height: b.height }, region);
      if (!faceRegion) return null;
      const faceCrop = tf.slice(
        crop,
        [faceRegion.top, faceRegion.left, 0],
        [faceRegion.height, faceRegion.width, 3],
      );
      let landmarks;
      try {
        const result = await this.faceapi.nets.faceLandmark68Net.detectLandmarks(asNetInput(faceCrop));
        landmarks = Array.isArray(result) ? result[0] : result;
      } finally {
        faceCrop.dispose();
      }
      if (!landmarks) return null;
      const dx = region.left + faceRegion.left;
      const dy = region.top + faceRegion.top;
      const face = analyzedFace(
        { left: b.x + region.left, top: b.y + region.top, width: b.width, height: b.height },
        detection.score,
        landmarks.positions.map((p) => ({ x: p.x + dx, y: p.y + dy })),
      );
      this.tracked = { box: face.box };
      return face;
    } finally {
      crop.dispose();
    }
  }
}

/** The crop around the last face box, as a fraction of the box added on each side. */
const TRACK_MARGIN = 0.5;
const TRACK_INPUT_SIZE = 96;

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
