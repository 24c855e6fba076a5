import { z } from 'zod';
import { LivenessError, describeIssues, fail, ok, type Result } from './errors';
import type { SceneImage } from './carrier';
import type { LightSample } from './screen-light';
import type { Box, Point, Size } from './geometry';

/** The iBUG 68-point layout the landmark net produces. */
export const LANDMARK_COUNT = 68;
/** More faces than this in one frame is not a real camera frame; refuse it rather than loop over it. */
export const MAX_FACES_PER_FRAME = 32;
export const DESCRIPTOR_LENGTH = 128;

const finite = z.number().finite();
const PointSchema = z.object({ x: finite, y: finite });
const BoxSchema = z.object({
  left: finite,
  top: finite,
  width: finite.positive(),
  height: finite.positive(),
});

export const FaceObservationSchema = z.object({
  box: BoxSchema,
  /** Detector confidence. */
  score: z.number().min(0).max(1),
  /** 68 landmarks in camera-frame pixels (unmirrored). */
  landmarks: z.array(PointSchema).length(LANDMARK_COUNT),
  /** Face descriptor, computed on key frames only. */
  descriptor: z
    .union([z.array(finite), z.instanceof(Float32Array)])
    .refine((d) => d.length === DESCRIPTOR_LENGTH, `a descriptor has ${DESCRIPTOR_LENGTH} values`)
    .optional(),
});

export const FrameSizeSchema = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});

/** Scene pictures are small by design (inference makes them ~160 px wide); larger is not one. */
export const MAX_SCENE_SIDE = 640;

export const SceneImageSchema = z
  .object({
    width: z.number().int().positive().max(MAX_SCENE_SIDE),
    height: z.number().int().positive().max(MAX_SCENE_SIDE),
    luma: z.instanceof(Uint8Array),
  })
  .refine((s) => s.luma.length === s.width * s.height, 'a scene picture has width x height bytes');

const RgbSchema = z.tuple([finite.min(0).max(255), finite.min(0).max(255), finite.min(0).max(255)]);

/** The screen-light check's part of a frame: the colour step shown, and the colours inference read. */
export const LightSampleSchema = z.object({
  shown: z.number().int().min(0).max(10_000).nullable(),
  face: RgbSchema.nullable(),
  scene: RgbSchema.nullable(),
});

export const ObservationSchema = z.object({
  /** Capture time of the frame in ms on the camera's clock; only differences matter. */
  timestampMs: finite.min(0),
  frame: FrameSizeSchema,
  faces: z.array(FaceObservationSchema).max(MAX_FACES_PER_FRAME),
  /** A small grey picture of the whole frame, for the carrier check (inference makes it). */
  scene: SceneImageSchema.optional(),
  /** The screen's colour step at capture and the face's and scene's mean colours (screen-light check). */
  light: LightSampleSchema.optional(),
});

export interface FaceObservation {
  readonly box: Box;
  readonly score: number;
  readonly landmarks: readonly Point[];
  readonly descriptor?: ArrayLike<number> | undefined;
}

/** What inference saw in one camera frame. */
export interface Observation {
  readonly timestampMs: number;
  readonly frame: Size;
  readonly faces: readonly FaceObservation[];
  readonly scene?: SceneImage | undefined;
  readonly light?: LightSample | undefined;
}

/** Checks an untrusted observation; a malformed one becomes an `invalid_observation` error. */
export function parseObservation(input: unknown): Result<Observation> {
  const parsed = ObservationSchema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const { path, message } = describeIssues(parsed.error.issues);
  return fail(new LivenessError('invalid_observation', `Malformed observation, ${message}`, path));
}
