import {
  ChallengeRegistry,
  DEFAULT_CONFIG,
  challengeLifetimeMs,
  LivenessSession,
  describeIssues,
  screenLightShown,
  type Challenge,
  type LivenessConfig,
  type RandomSource,
  type Size,
  type StepView,
  type Verdict,
} from '../liveness';
import type { AnalyzeOutcome, InferenceHealth } from '../inference/inference-service';
import type { AnalyzeOptions } from '../inference/face-analyzer';
import type { CameraFrame } from '../inference/rgba-frame';
import { KeyFrameKeeper, type KeyFrame } from '../cloud/key-frames';
import { FrameStats } from './frame-stats';
import { MAIN_STAGES, clearStages, measureStage, measureStageDuration } from './pipeline-stages';
import { StaffAssistance, type AssistanceRequest } from './staff-assistance';
import { OPEN, isLocked, recordAttempt, type LockoutPolicy, type LockoutState } from './failure-lockout';
import {
  CHANNELS,
  REQUEST_SCHEMAS,
  type Channel,
  type AssistanceView,
  type Confirmation,
  type FrameOutcome,
  type KioskError,
  type KioskHealth,
  type PublicSettings,
  type Reply,
  type SessionStarted,
  type SubmitFrameRequest,
} from '../../preload/contract';

/** The part of the inference service the kiosk needs (a stand-in in unit tests). */
export interface FrameAnalyzer {
  analyze(frame: CameraFrame, options?: AnalyzeOptions): Promise<AnalyzeOutcome>;
  reset(): void;
  readonly health: InferenceHealth;
}

export interface KioskServiceOptions {
  readonly inference: FrameAnalyzer;
  /** Wall clock for challenge expiry, ms since the epoch. */
  readonly clock?: () => number;
  /**
   * Main's monotonic clock (performance.now): frames whose timestamps run ahead of it, or lag far
   * behind it, are refused. Absent: frame timestamps are not compared (unit tests' synthetic visits).
   */
  readonly monotonic?: () => number;
  /** Schedules the session's expiry on main's own clock (default setTimeout, unref'd). */
  readonly setTimer?: (fn: () => void, ms: number) => () => void;
  readonly config?: LivenessConfig;
  readonly captureSize?: Size;
  /** The camera staff chose; null or absent: the first one. */
  readonly cameraDeviceId?: string | null;
  readonly language?: string;
  readonly idleTimeoutMs?: number;
  readonly version?: string;
  /** Seeded only for tests and the preview's --challenge-seed; cryptographic otherwise. */
  readonly random?: RandomSource;
  /** Told of every finished attempt (journal). */
  readonly onVerdict?: (verdict: Verdict, challenge: Challenge) => void;
  /** Cloud re-verification; absent or policy "off": nothing leaves the kiosk. */
  readonly cloud?: CloudLink;
  /** Given each finished attempt's key frames (evidence store); frames are kept only when set or the cloud is on. */
  readonly onKeyFrames?: (challenge: Challenge, verdict: Verdict, keyFrames: readonly KeyFrame[]) => void;
  /** The staff panel's back end (main/ops/staff-service.ts); absent: staff requests are refused. */
  readonly staff?: {
    dispatch(
      action: string,
      payload: unknown,
    ): Promise<
      | { ok: true; value: unknown }
      | { ok: false; error: { code: string; message: string; values?: Readonly<Record<string, number>> } }
    >;
  };
  /** Visitors' requests for staff, shared with the staff panel (absent: a desk of its own). */
  readonly assistance?: StaffAssistance;
  /** Failed attempts that cool the kiosk down (default: 5 in 3 minutes, until staff clear it). */
  readonly lockout?: LockoutPolicy;
  /** Where the lockout's state is kept between runs (credentials store); absent: memory only. */
  readonly lockoutStore?: { load(): LockoutState; save(state: LockoutState): void };
  readonly log?: (event: string, detail: Record<string, unknown>) => void;
}

/** What the kiosk needs of cloud re-verification (main/cloud/cloud-verifier.ts; a stand-in in tests). */
export interface CloudLink {
  readonly policy: 'off' | 'advisory' | 'required';
  readonly requiredWaitMs: number;
  readonly requiredFallback: 'accept' | 'reject';
  submit(
    challenge: Challenge,
    verdict: Verdict,
    keyFrames: readonly KeyFrame[],
  ): Promise<{ queued: boolean; reason: string | null }>;
  /** The finished record's cloud verdict, or null when none came within `timeoutMs`. */
  waitFor(id: string, timeoutMs: number): Promise<{ cloud: { live: boolean } | null } | null>;
}

/** How much longer than the cloud's own wait the "verifying" screen waits for the final word. */
export const CONFIRMATION_GRACE_MS = 5_000;
/** A challenge outlives the slowest legitimate visit by this much. */
const EXPIRY_GRACE_MS = 10_000;
/** Frame timestamps may run ahead of main's clock by this much (delivery jitter), no more. */
const MAX_TIMESTAMP_LEAD_MS = 2_000;
/** A frame captured longer ago than this is stale. */
const MAX_TIMESTAMP_LAG_MS = 10_000;

const fail = (code: KioskError['code'], message: string, path?: string): Reply<never> => ({
  ok: false,
  error: path === undefined ? { code, message } : { code, message, path },
});

/**
 * What the main process offers the kiosk screen, independent of transport: Electron's IPC binds it
 * in main/shell/ipc.ts, the browser preview on its loopback transport (main/preview). Every request is validated against the
 * contract in preload/contract.ts; nothing a renderer sends can make it throw.
 */
export class KioskService {
  private readonly registry: ChallengeRegistry;
  private readonly captureSize: Size;
  private session: LivenessSession | null = null;
  private keeper: KeyFrameKeeper | null = null;
  /** Per session: the final word on a local pass (settled by the cloud under "required"). */
  private readonly confirmations = new Map<string, Promise<Confirmation>>();
  /** Wall-clock time of the last visit activity (a start, a frame, an end); 0 before any. */
  private lastActivityMs = 0;
  /** The newest frame's timestamp taken in this session: older ones are skipped. */
  private newestFrameMs = Number.NEGATIVE_INFINITY;
  private lockout: LockoutState = OPEN;
  private readonly frameStats = new FrameStats();
  private readonly assistance: StaffAssistance;
  private readonly config: LivenessConfig;
  /** Whether the screen is given the challenge's colours (the configuration is fixed per service). */
  private readonly showsLight: boolean;

  constructor(private readonly options: KioskServiceOptions) {
    this.assistance = options.assistance ?? new StaffAssistance();
    this.captureSize = options.captureSize ?? { width: 640, height: 480 };
    this.lockout = options.lockoutStore?.load() ?? OPEN;
    this.config = options.config ?? DEFAULT_CONFIG;
    this.showsLight = screenLightShown(this.config);
    const config = this.config;
    this.registry = new ChallengeRegistry({
      clock: options.clock ?? Date.now,
      // Issued and consumed at once here: it must live as long as the slowest legitimate visit.
      config: {
        ...config.challenge,
        ttlMs: Math.max(config.challenge.ttlMs, challengeLifetimeMs(config) + EXPIRY_GRACE_MS),
      },
      ...(options.random ? { random: options.random } : {}),
    });
  }

  /** Validates `payload` for `channel` and runs it. Never throws: every failure is a typed reply. */
  async dispatch(channel: string, payload: unknown): Promise<Reply<unknown>> {
    const dispatchStarted = performance.now();
    const schema = (REQUEST_SCHEMAS as Record<string, (typeof REQUEST_SCHEMAS)[Channel]>)[channel];
    if (!schema) return fail('unknown_channel', `There is no channel "${channel}".`);
    const parsed = schema.safeParse(payload ?? {});
    if (!parsed.success) {
      const { path, message } = describeIssues(parsed.error.issues);
      return fail('invalid_request', `Malformed ${channel} request, ${message}`, path);
    }
    try {
      switch (channel as Channel) {
        case CHANNELS.startSession:
          return this.startSession();
        case CHANNELS.submitFrame: {
          const frame = parsed.data as SubmitFrameRequest;
          const reply = await this.submitFrame(frame);
          measureStage(MAIN_STAGES.dispatch, frame.timestampMs, dispatchStarted);
          return reply;
        }
        case CHANNELS.cancelSession:
          return this.cancelSession((parsed.data as { sessionId: string }).sessionId);
        case CHANNELS.staff: {
          const { action, payload: body } = parsed.data as { action: string; payload: unknown };
          if (!this.options.staff) return fail('staff', 'The staff panel is not available on this kiosk.');
          const r = await this.options.staff.dispatch(action, body);
          if (r.ok) return r;
          const { code, message, values } = r.error;
          return {
            ok: false,
            error: {
              code: 'staff',
              message: `${code}: ${message}`,
              staff: values ? { code, values } : { code },
            },
          };
        }
        case CHANNELS.confirmResult:
          return await this.confirmResult((parsed.data as { sessionId: string }).sessionId);
        case CHANNELS.publicSettings:
          return { ok: true, value: this.publicSettings() };
        case CHANNELS.health:
          return { ok: true, value: this.health() };
        case CHANNELS.askStaff:
          return this.askStaff((parsed.data as { sessionId?: string }).sessionId ?? null);
        case CHANNELS.assistanceStatus:
          return this.assistanceReply(
            this.assistance.status((parsed.data as { requestId: string }).requestId),
          );
        case CHANNELS.withdrawAssistance:
          return this.assistanceReply(
            this.assistance.withdraw((parsed.data as { requestId: string }).requestId),
          );
      }
    } catch (error) {
      return fail(
        'internal',
        `The kiosk could not handle ${channel}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return fail('unknown_channel', `There is no channel "${channel}".`);
  }

  startSession(): Reply<SessionStarted> {
    // One kiosk, one visitor: a new start ends whatever attempt was open, and that attempt is
    // recorded and counted like any other (abandoning a failing try must not dodge the lockout).
    if (this.session) this.endOpen(this.session, 'abandoned');
    if (this.locked) {
      return fail(
        'kiosk_locked',
        'Too many failed attempts in a short time: the kiosk is paused until staff clear it.',
      );
    }
    this.lastActivityMs = this.now();
    const issued = this.registry.issue(this.captureSize);
    if (!issued.ok) return fail('internal', issued.error.message);
    const consumed = this.registry.consume(issued.value.id);
    if (!consumed.ok) return fail('internal', consumed.error.message);
    const challenge = consumed.value;
    this.session = new LivenessSession(challenge, this.options.config ? { config: this.options.config } : {});
    this.anchor = null;
    this.newestFrameMs = Number.NEGATIVE_INFINITY;
    this.scheduleExpiry(this.session);
    this.keeper = this.cloudOn() || this.options.onKeyFrames ? new KeyFrameKeeper() : null;
    this.options.inference.reset();
    clearStages(MAIN_STAGES);
    const { id, frame, area, nose, targetSide, expiresAt, lightStepMs } = challenge;
    // The screen flashes its colours only when the screen-light check will judge or measure them:
    // with it off a visitor sees no flashing, and nothing else the kiosk measures is disturbed by it.
    const lightColours = this.showsLight ? challenge.lightColours : [];
    return {
      ok: true,
      value: {
        sessionId: id,
        challenge: { id, frame, area, nose, targetSide, expiresAt, lightColours, lightStepMs },
        view: this.session.latest,
      },
    };
  }

  async submitFrame(request: SubmitFrameRequest): Promise<Reply<FrameOutcome>> {
    const session = this.session;
    if (!session || session.challenge.id !== request.sessionId) {
      return fail('unknown_session', 'This session is not the open one; start a new session.', 'sessionId');
    }
    // The kiosk's own clock, not the page's timestamps, decides when the challenge is over.
    if (this.now() > session.challenge.expiresAt) this.endOpen(session, 'expired');
    if (session.done)
      return fail('session_finished', 'This session has finished; start a new one.', 'sessionId');
    const clockProblem = this.timestampProblem(request.timestampMs);
    if (clockProblem) return fail('invalid_timestamp', clockProblem, 'timestampMs');
    const { width, height } = session.challenge.frame;
    if (request.width !== width || request.height !== height) {
      return fail(
        'invalid_request',
        `Frames must be ${width}x${height}; got ${request.width}x${request.height}.`,
        'width',
      );
    }
    // A colour step names one of the colours this session gave the screen, or none (null).
    const colours = this.showsLight ? session.challenge.lightColours.length : 0;
    if (request.lightStep !== undefined && request.lightStep !== null && request.lightStep >= colours) {
      return fail(
        'invalid_request',
        colours === 0
          ? 'This session shows no colours on screen, so a frame cannot name a colour step; send lightStep null.'
          : `lightStep must be below ${colours}, the length of this session's colour sequence; got ${request.lightStep}.`,
        'lightStep',
      );
    }
    // Frames may overtake each other when the page keeps more than one on its way: one older than a
    // frame already taken is skipped, so the session always sees time move forward.
    if (request.timestampMs <= this.newestFrameMs) return { ok: true, value: { status: 'skipped' } };
    this.lastActivityMs = this.now();
    this.newestFrameMs = request.timestampMs;
    const camera: CameraFrame =
      request.format === 'i420'
        ? { width, height, format: 'i420', data: request.data }
        : { width, height, data: request.data };
    // Inference takes the pixels over (they move to its worker); key-frame candidates keep a copy,
    // in the camera's format (only the few chosen become RGBA, when the attempt ends).
    const kept = this.keeper ? { ...camera, data: camera.data.slice() } : null;
    let outcome: AnalyzeOutcome;
    try {
      outcome = await this.options.inference.analyze(camera, {
        descriptor: session.wantsDescriptor(),
        timestampMs: request.timestampMs,
      });
    } catch (error) {
      return fail(
        'inference_unavailable',
        `Face analysis is unavailable: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (outcome.status === 'dropped') return { ok: true, value: { status: 'skipped' } };
    // The session may have been cancelled or replaced while inference ran.
    if (this.session !== session || session.done) {
      return fail('session_finished', 'This session ended while the frame was analysed.', 'sessionId');
    }
    this.frameStats.record(request.timestampMs, outcome.result.elapsedMs, request.format ?? 'rgba');
    const frameId = request.timestampMs;
    measureStageDuration(MAIN_STAGES.queue, frameId, outcome.timing.queueMs);
    measureStageDuration(
      MAIN_STAGES.workerTransfer,
      frameId,
      outcome.timing.workerRoundTripMs - outcome.result.elapsedMs,
    );
    measureStageDuration(MAIN_STAGES.inference, frameId, outcome.result.elapsedMs);
    const phase = session.currentPhase;
    const stepStarted = performance.now();
    const step = session.step({
      timestampMs: request.timestampMs,
      frame: { width, height },
      faces: outcome.result.faces,
      scene: outcome.result.scene,
      light: { shown: request.lightStep ?? null, ...outcome.result.colours },
    });
    measureStage(MAIN_STAGES.session, frameId, stepStarted);
    if (step.ok && this.keeper && kept)
      this.keeper.offerStep(session.attempt(), phase, request.timestampMs, kept);
    if (!step.ok) {
      const code =
        step.error.code === 'out_of_order_timestamp' ? 'out_of_order_timestamp' : 'invalid_observation';
      return fail(code, step.error.message, step.error.path);
    }
    if (step.value.done && step.value.verdict) this.attemptFinished(session, step.value.verdict);
    return { ok: true, value: { status: 'processed', view: step.value } };
  }

  cancelSession(sessionId: string): Reply<{ view: SessionStarted['view'] }> {
    const session = this.session;
    if (!session || session.challenge.id !== sessionId) {
      return fail('unknown_session', 'This session is not the open one.', 'sessionId');
    }
    return { ok: true, value: { view: this.endOpen(session, 'cancelled') } };
  }

  /**
   * A visitor asks for staff: the attempt they are in ends (recorded and counted as cancelled, so
   * asking cannot dodge the lockout) and the request waits for staff. Open even while the kiosk is
   * paused: that is when a visitor most needs someone.
   */
  askStaff(sessionId: string | null): Reply<AssistanceView> {
    const session = this.session;
    if (session && sessionId !== null && session.challenge.id === sessionId)
      this.endOpen(session, 'cancelled');
    this.lastActivityMs = this.now();
    return this.assistanceReply(this.assistance.ask(sessionId));
  }

  private assistanceReply(request: AssistanceRequest | null): Reply<AssistanceView> {
    if (!request)
      return fail('unknown_request', 'There is no such request for staff; ask again.', 'requestId');
    return { ok: true, value: { requestId: request.id, state: request.state } };
  }

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }

  /** The session's first frame: its timestamp against main's monotonic clock at that moment. */
  private anchor: { frameMs: number; mainMs: number } | null = null;
  private cancelExpiry: (() => void) | null = null;

  /**
   * Why a frame's timestamp cannot be trusted, or null. The page's clock may not run faster than
   * main's (that would stretch the time the rules see), nor may a frame arrive long after capture.
   */
  private timestampProblem(timestampMs: number): string | null {
    const monotonic = this.options.monotonic;
    if (!monotonic) return null;
    const mainMs = monotonic();
    if (!this.anchor) {
      this.anchor = { frameMs: timestampMs, mainMs };
      return null;
    }
    const lead = timestampMs - this.anchor.frameMs - (mainMs - this.anchor.mainMs);
    if (lead > MAX_TIMESTAMP_LEAD_MS)
      return `The frame's timestamp runs ${Math.round(lead)} ms ahead of the kiosk's clock; frames must carry their capture time.`;
    if (-lead > MAX_TIMESTAMP_LAG_MS)
      return `The frame was captured ${Math.round(-lead)} ms before it arrived; only fresh frames are analysed.`;
    return null;
  }

  /** Ends the session when its challenge expires, on main's clock, whether or not frames come. */
  private scheduleExpiry(session: LivenessSession): void {
    this.cancelExpiry?.();
    const wait = Math.max(0, session.challenge.expiresAt - this.now());
    const setTimer =
      this.options.setTimer ??
      ((fn: () => void, ms: number) => {
        const timer = setTimeout(fn, ms);
        timer.unref?.();
        return () => clearTimeout(timer);
      });
    this.cancelExpiry = setTimer(() => {
      if (this.session === session) this.endOpen(session, 'expired');
    }, wait + 1);
  }

  /**
   * Ends an attempt that is still open (cancelled, abandoned by a new start, expired) and records
   * and counts it like any other; an attempt already over is left as it was.
   */
  private endOpen(session: LivenessSession, code: 'cancelled' | 'abandoned' | 'expired'): StepView {
    if (session.done) return session.latest;
    const view = session.cancel(undefined, code);
    if (view.verdict) this.attemptFinished(session, view.verdict);
    return view;
  }

  /** Staff: reopen a kiosk paused by the failure lockout. */
  /** Reopens a paused kiosk; says whether it was paused (staff are told the truth either way). */
  clearLockout(): boolean {
    const was = this.locked;
    this.setLockout(OPEN);
    return was;
  }

  private setLockout(state: LockoutState): void {
    if (state === this.lockout) return;
    this.lockout = state;
    try {
      this.options.lockoutStore?.save(state);
    } catch (error) {
      // Kept in memory regardless: the kiosk stays paused until staff clear it.
      this.options.log?.('kiosk.lockout_not_saved', {
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  get locked(): boolean {
    return isLocked(this.lockout, this.now(), this.options.lockout);
  }

  /**
   * No visit open, no visitor waiting for staff, and none for `quietMs` (so the screen is back on the welcome page, the result
   * having been shown): a moment when restarting the app disturbs no visitor.
   */
  isQuietFor(quietMs: number): boolean {
    const open = (this.session !== null && !this.session.done) || this.assistance.waiting !== null;
    return !open && this.now() - this.lastActivityMs >= quietMs;
  }

  private cloudOn(): boolean {
    return (this.options.cloud?.policy ?? 'off') !== 'off';
  }

  /** Journal hook, then the cloud: queued in the background; under "required" the final word waits on it. */
  private attemptFinished(session: LivenessSession, verdict: Verdict): void {
    this.lastActivityMs = this.now();
    if (session === this.session) this.cancelExpiry?.();
    // Only attempts where someone presented a face count toward the lockout; counted first, so no
    // failure to record can skip it.
    if (session.attempt().areaStartIndex !== null) {
      this.setLockout(recordAttempt(this.lockout, verdict.live, this.now(), this.options.lockout));
    }
    try {
      this.options.onVerdict?.(verdict, session.challenge);
    } catch (error) {
      // Recording failed (a full disk, a value the journal refuses): logged; the visitor's result stands.
      this.options.log?.('kiosk.record_failed', {
        message: error instanceof Error ? error.message : String(error),
      });
    }
    const cloud = this.options.cloud;
    const id = session.challenge.id;
    const keyFrames = this.keeper?.select(session.attempt()) ?? [];
    this.keeper = null;
    if (keyFrames.length) this.options.onKeyFrames?.(session.challenge, verdict, keyFrames);
    if (!cloud || cloud.policy === 'off' || !verdict.live) {
      this.remember(id, Promise.resolve({ status: 'not_required', live: verdict.live }));
      return;
    }
    const submitted = cloud.submit(session.challenge, verdict, keyFrames).catch((error: unknown) => ({
      queued: false,
      reason: error instanceof Error ? error.message : String(error),
    }));
    if (cloud.policy === 'advisory') {
      this.remember(id, Promise.resolve({ status: 'not_required', live: true }));
      return;
    }
    const fallback: Confirmation = { status: 'unavailable', live: cloud.requiredFallback === 'accept' };
    this.remember(
      id,
      submitted.then(async ({ queued }): Promise<Confirmation> => {
        if (!queued) return fallback;
        const job = await cloud.waitFor(id, cloud.requiredWaitMs).catch(() => null);
        if (!job?.cloud) return fallback;
        return job.cloud.live ? { status: 'confirmed', live: true } : { status: 'rejected', live: false };
      }),
    );
  }

  private remember(id: string, confirmation: Promise<Confirmation>): void {
    this.confirmations.set(id, confirmation);
    // Only the last few visitors' confirmations are kept.
    for (const key of [...this.confirmations.keys()].slice(0, -8)) this.confirmations.delete(key);
  }

  /** The final word on an attempt's result (waits for the cloud under the "required" policy). */
  async confirmResult(sessionId: string): Promise<Reply<Confirmation>> {
    const pending = this.confirmations.get(sessionId);
    if (!pending) return fail('unknown_session', 'No finished attempt has this session id.', 'sessionId');
    return { ok: true, value: await pending };
  }

  publicSettings(): PublicSettings {
    return {
      cloudConfirmation: this.options.cloud?.policy === 'required',
      // Main answers within requiredWaitMs (then the staff fallback); the screen waits a little longer
      // only in case that answer never arrives (a broken transport), and then shows the fallback too.
      confirmationTimeoutMs: (this.options.cloud?.requiredWaitMs ?? 0) + CONFIRMATION_GRACE_MS,
      cameraDeviceId: this.options.cameraDeviceId ?? null,
      captureWidth: this.captureSize.width,
      captureHeight: this.captureSize.height,
      language: this.options.language ?? 'en',
      idleTimeoutMs: this.options.idleTimeoutMs ?? 20_000,
    };
  }

  health(): KioskHealth {
    return {
      inference: this.options.inference.health,
      version: this.options.version ?? '0.0.0',
      frames: this.frameStats.summary(),
    };
  }
}
