import { z } from 'zod';
import type { AnalyzerSettings, AnalyzedFace } from './face-analyzer';
import type { BackendName, BackendPreference } from './face-api-loader';
import type { FrameFormat } from './rgba-frame';
import type { LightColours } from './light-colours';
import { SceneImageSchema, type SceneImage } from '../liveness';

/** What the main process hands the inference worker when it starts it. */
export interface WorkerInit {
  readonly backend: BackendPreference;
  readonly modelDirectory?: string;
  readonly settings?: Partial<AnalyzerSettings>;
}

export type WorkerRequest =
  | {
      readonly type: 'analyze';
      readonly id: number;
      readonly width: number;
      readonly height: number;
      readonly format: FrameFormat;
      readonly data: Uint8Array;
      readonly descriptor: boolean;
      readonly detect: boolean;
      readonly timestampMs?: number;
    }
  | { readonly type: 'reset' }
  | { readonly type: 'stats'; readonly id: number };

export type WorkerResponse =
  | {
      readonly type: 'ready';
      readonly backend: BackendName;
      readonly reason: string;
      readonly loadMs: number;
    }
  | { readonly type: 'fatal'; readonly code: string; readonly message: string }
  | {
      readonly type: 'result';
      readonly id: number;
      readonly faces: AnalyzedFace[];
      readonly mode: 'detect' | 'track';
      readonly elapsedMs: number;
      readonly numTensors: number;
      readonly scene: SceneImage;
      readonly colours: LightColours;
    }
  | { readonly type: 'error'; readonly id: number; readonly message: string }
  | { readonly type: 'stats'; readonly id: number; readonly numTensors: number; readonly rssBytes: number };

/* Messages cross a thread boundary, so each side checks what it receives. */

export const WorkerRequestSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('analyze'),
    id: z.number().int(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    format: z.enum(['rgba', 'i420']),
    data: z.instanceof(Uint8Array),
    descriptor: z.boolean(),
    detect: z.boolean(),
    timestampMs: z.number().finite().optional(),
  }),
  z.object({ type: z.literal('reset') }),
  z.object({ type: z.literal('stats'), id: z.number().int() }),
]);

const PointSchema = z.object({ x: z.number(), y: z.number() });
const channel = z.number().min(0).max(255);
const RgbSchema = z.tuple([channel, channel, channel]);
export const WorkerResponseSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    backend: z.enum(['tensorflow', 'wasm', 'cpu']),
    reason: z.string(),
    loadMs: z.number(),
  }),
  z.object({ type: z.literal('fatal'), code: z.string(), message: z.string() }),
  z.object({
    type: z.literal('result'),
    id: z.number().int(),
    faces: z.array(
      z.object({
        box: z.object({ left: z.number(), top: z.number(), width: z.number(), height: z.number() }),
        score: z.number(),
        landmarks: z.array(PointSchema),
        descriptor: z.array(z.number()).optional(),
      }),
    ),
    mode: z.enum(['detect', 'track']),
    elapsedMs: z.number(),
    numTensors: z.number(),
    scene: SceneImageSchema,
    colours: z.object({ face: RgbSchema.nullable(), scene: RgbSchema }),
  }),
  z.object({ type: z.literal('error'), id: z.number().int(), message: z.string() }),
  z.object({ type: z.literal('stats'), id: z.number().int(), numTensors: z.number(), rssBytes: z.number() }),
]);
