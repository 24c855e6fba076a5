import type { Challenge, GuidanceKey, Phase, StepView, Verdict } from '../main/liveness';
import type { InferenceHealth } from '../main/inference/inference-service';
import type { FrameStatsSummary } from '../main/kiosk/frame-stats';

/*
 * The contract's table of calls: each call of `window.kiosk`, the channel it travels on, and the
 * shapes of its request and reply. Free of runtime dependencies (types only, plus one table), so the
 * preload bundle carries no validator; main validates every request against contract.ts's schemas.
 */

export const CHANNELS = {
  startSession: 'kiosk:session:start',
  submitFrame: 'kiosk:session:frame',
  cancelSession: 'kiosk:session:cancel',
  confirmResult: 'kiosk:session:confirm',
  staff: 'kiosk:staff',
  publicSettings: 'kiosk:settings:public',
  health: 'kiosk:health',
  askStaff: 'kiosk:assistance:ask',
  assistanceStatus: 'kiosk:assistance:status',
  withdrawAssistance: 'kiosk:assistance:withdraw',
} as const;

export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS];

/** Largest frame accepted over IPC: 1920x1080 RGBA. */
export const MAX_FRAME_BYTES = 1920 * 1080 * 4;

export type EmptyRequest = Record<string, never>;

/** The pixel formats a frame may travel in. */
export type FrameFormat = 'rgba' | 'i420';

/** Bytes a frame of this size holds in `format`: RGBA 4 a pixel; I420 a full Y plane and quarter U, V. */
export function frameBytes(width: number, height: number, format: FrameFormat): number {
  return format === 'i420' ? width * height + 2 * (width / 2) * (height / 2) : width * height * 4;
}

/** The staff self-test's steps that run in main, in the order the panel runs them (one call each). */
export const SELF_TEST_STEPS = ['models', 'inference', 'disk'] as const;
export type SelfTestStepName = (typeof SELF_TEST_STEPS)[number];

export interface SubmitFrameRequest {
  readonly sessionId: string;
  /** Capture time on the renderer's monotonic clock (performance.now()), ms. */
  readonly timestampMs: number;
  readonly width: number;
  readonly height: number;
  /**
   * `rgba` (the default): width x height x 4 bytes. `i420`, the camera's own planar format: the Y
   * plane, then U and V at half width and height (1.5 bytes a pixel; even sizes only).
   */
  readonly format?: FrameFormat;
  readonly data: Uint8Array;
  /**
   * The step of the challenge's colour sequence the screen showed when the frame was captured
   * (screen-light check); null: none, or a change under way. Absent: the screen shows no colours.
   */
  readonly lightStep?: number | null;
}

export interface SessionRequest {
  readonly sessionId: string;
}

export interface AskStaffRequest {
  /** The attempt the visitor is in or has just finished (it is cancelled if still open). */
  readonly sessionId?: string;
}

export interface AssistanceRequestRef {
  readonly requestId: string;
}

/**
 * What the visitor's screen knows of a request for staff: waiting, then what staff did
 * (checked_in / not_checked_in), or withdrawn by the visitor.
 */
export interface AssistanceView {
  readonly requestId: string;
  readonly state: 'waiting' | 'checked_in' | 'not_checked_in' | 'withdrawn';
}

export interface StaffRequest {
  readonly action: string;
  readonly payload?: Record<string, unknown>;
}

/**
 * What the renderer may know of a challenge: geometry, expiry and the screen's colour sequence (it
 * paints them); a sequence's later targets come one at a time in the step views.
 */
export type PublicChallenge = Pick<
  Challenge,
  'id' | 'frame' | 'area' | 'nose' | 'targetSide' | 'expiresAt' | 'lightColours' | 'lightStepMs'
>;

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
  /**
   * How long the "verifying" screen waits for confirmResult before it gives the staff fallback
   * message itself (the main process answers within its own, shorter, wait).
   */
  readonly confirmationTimeoutMs: number;
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
  | 'invalid_timestamp'
  | 'staff'
  | 'unknown_request'
  | 'internal';

export interface KioskError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly path?: string;
  /**
   * A staff panel refusal (code `staff`): the staff service's own code and the numbers in its
   * message, so the panel can say it in its language.
   */
  readonly staff?: { readonly code: string; readonly values?: Readonly<Record<string, number>> };
}

export type Reply<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: KioskError };

/** Every call of the kiosk API: its request and the value of a successful reply. */
export interface KioskCalls {
  startSession: { request: EmptyRequest; reply: SessionStarted };
  submitFrame: { request: SubmitFrameRequest; reply: FrameOutcome };
  cancelSession: { request: SessionRequest; reply: { view: StepView } };
  confirmResult: { request: SessionRequest; reply: Confirmation };
  staff: { request: StaffRequest; reply: unknown };
  publicSettings: { request: EmptyRequest; reply: PublicSettings };
  health: { request: EmptyRequest; reply: KioskHealth };
  askStaff: { request: AskStaffRequest; reply: AssistanceView };
  assistanceStatus: { request: AssistanceRequestRef; reply: AssistanceView };
  withdrawAssistance: { request: AssistanceRequestRef; reply: AssistanceView };
}

export type KioskMethod = keyof KioskCalls;

/** Which channel each call travels on: the table the bridge is generated from. */
export const API_CHANNELS = {
  startSession: CHANNELS.startSession,
  submitFrame: CHANNELS.submitFrame,
  cancelSession: CHANNELS.cancelSession,
  confirmResult: CHANNELS.confirmResult,
  staff: CHANNELS.staff,
  publicSettings: CHANNELS.publicSettings,
  health: CHANNELS.health,
  askStaff: CHANNELS.askStaff,
  assistanceStatus: CHANNELS.assistanceStatus,
  withdrawAssistance: CHANNELS.withdrawAssistance,
} as const satisfies { readonly [M in KioskMethod]: Channel };

/** A call's parameters: none needed where the request is empty. */
type CallArgs<R> = EmptyRequest extends R ? [request?: R] : [request: R];

/** The API the preload exposes as `window.kiosk`: derived from KioskCalls, one method per call. */
export type KioskApi = {
  readonly [M in KioskMethod]: (
    ...args: CallArgs<KioskCalls[M]['request']>
  ) => Promise<Reply<KioskCalls[M]['reply']>>;
};

export const KIOSK_METHODS = Object.keys(API_CHANNELS) as readonly KioskMethod[];

export type { GuidanceKey, Phase, StepView, Verdict };
