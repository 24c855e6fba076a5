import { z } from 'zod';
import type { Challenge, GuidanceKey, Phase, StepView, Verdict } from '../main/liveness';
import type { InferenceHealth } from '../main/inference/inference-service';
import type { FrameStatsSummary } from '../main/ops/frame-stats';

/*
 * The one contract between the sandboxed renderer and the main process: channel names, request
 * and response shapes, and the validators main applies to every message from the renderer. The
 * preload, the Electron binding (main/ipc.ts), the browser preview and the renderer all use it.
 */

export const CHANNELS = {
  startSession: 'kiosk:session:start',
  submitFrame: 'kiosk:session:frame',
  cancelSession: 'kiosk:session:cancel',
  confirmResult: 'kiosk:session:confirm',
  staff: 'kiosk:staff',
  publicSettings: 'kiosk:settings:public',
  health: 'kiosk:health',
} as const;

export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS];

/** Largest frame accepted over IPC: 1920x1080 RGBA. */
export const MAX_FRAME_BYTES = 1920 * 1080 * 4;

export const StartSessionRequestSchema = z.object({}).strict();

export const SubmitFrameRequestSchema = z
  .object({
    sessionId: z.string().uuid(),
    /** Capture time on the renderer's monotonic clock (performance.now()), ms. */
    timestampMs: z.number().finite().min(0),
    width: z.number().int().positive().max(1920),
    height: z.number().int().positive().max(1920),
    data: z.instanceof(Uint8Array),
  })
  .strict()
  .refine((f) => f.data.byteLength === f.width * f.height * 4, {
    message: 'data must hold width x height RGBA pixels',
    path: ['data'],
  });

export const CancelSessionRequestSchema = z.object({ sessionId: z.string().uuid() }).strict();
export const ConfirmResultRequestSchema = z.object({ sessionId: z.string().uuid() }).strict();
/** Staff panel actions; each action's payload is validated by the staff service (main/ops). */
export const StaffRequestSchema = z
  .object({
    action: z.string().regex(/^[A-Za-z]{1,32}$/),
    payload: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
export const EmptyRequestSchema = z.object({}).strict();

export const REQUEST_SCHEMAS = {
  [CHANNELS.startSession]: StartSessionRequestSchema,
  [CHANNELS.submitFrame]: SubmitFrameRequestSchema,
  [CHANNELS.cancelSession]: CancelSessionRequestSchema,
  [CHANNELS.confirmResult]: ConfirmResultRequestSchema,
  [CHANNELS.staff]: StaffRequestSchema,
  [CHANNELS.publicSettings]: EmptyRequestSchema,
  [CHANNELS.health]: EmptyRequestSchema,
} as const satisfies Record<Channel, z.ZodType>;

export type SubmitFrameRequest = z.output<typeof SubmitFrameRequestSchema>;

/** What the renderer may know of a challenge: geometry and expiry, nothing else. */
export type PublicChallenge = Pick<Challenge, 'id' | 'frame' | 'area' | 'nose' | 'targetSide' | 'expiresAt'>;

export interface SessionStarted {
  readonly sessionId: string;
  readonly challenge: PublicChallenge;
  readonly view: StepView;
}

export type FrameOutcome =
  | { readonly status: 'processed'; readonly view: StepView }
  /** The main process was still busy with an earlier frame; send the next one. */
  | { readonly status: 'skipped' };

export interface PublicSettings {
  readonly captureWidth: number;
  readonly captureHeight: number;
  readonly language: string;
  /** Return to the welcome screen after this long without a visitor. */
  readonly idleTimeoutMs: number;
  /** A local pass is final only after confirmResult (cloud policy "required"). */
  readonly cloudConfirmation: boolean;
  /** The camera staff chose (MediaDeviceInfo.deviceId); null: the first one. */
  readonly cameraDeviceId: string | null;
}

/**
 * The final word on a locally passed attempt. not_required: the local verdict is final. confirmed /
 * rejected: the cloud agreed / disagreed. unavailable: the cloud did not answer in time and the
 * staff-defined fallback decided `live`.
 */
export interface Confirmation {
  readonly status: 'not_required' | 'confirmed' | 'rejected' | 'unavailable';
  readonly live: boolean;
}

export interface KioskHealth {
  readonly inference: InferenceHealth;
  readonly version: string;
  /** Camera frames analysed per second and inference latency over the last frames. */
  readonly frames: FrameStatsSummary;
}

export type ErrorCode =
  | 'invalid_request'
  | 'unknown_channel'
  | 'unknown_session'
  | 'session_finished'
  | 'session_busy'
  | 'invalid_observation'
  | 'out_of_order_timestamp'
  | 'inference_unavailable'
  | 'kiosk_locked'
  | 'staff'
  | 'internal';

export interface KioskError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly path?: string;
}

export type Reply<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: KioskError };

/** The API the preload exposes as `window.kiosk` (and the preview's stand-in too). */
export interface KioskApi {
  startSession(): Promise<Reply<SessionStarted>>;
  submitFrame(frame: SubmitFrameRequest): Promise<Reply<FrameOutcome>>;
  cancelSession(request: { sessionId: string }): Promise<Reply<{ view: StepView }>>;
  confirmResult(request: { sessionId: string }): Promise<Reply<Confirmation>>;
  staff(request: { action: string; payload?: Record<string, unknown> }): Promise<Reply<unknown>>;
  publicSettings(): Promise<Reply<PublicSettings>>;
  health(): Promise<Reply<KioskHealth>>;
}

/** Which channel each API method travels on. */
export const API_CHANNELS: Record<keyof KioskApi, Channel> = {
  startSession: CHANNELS.startSession,
  submitFrame: CHANNELS.submitFrame,
  cancelSession: CHANNELS.cancelSession,
  confirmResult: CHANNELS.confirmResult,
  staff: CHANNELS.staff,
  publicSettings: CHANNELS.publicSettings,
  health: CHANNELS.health,
};

export type { GuidanceKey, Phase, StepView, Verdict };
