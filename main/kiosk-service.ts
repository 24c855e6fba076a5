import {
  ChallengeRegistry,
  DEFAULT_CONFIG,
  LivenessSession,
  describeIssues,
  type Challenge,
  type LivenessConfig,
  type RandomSource,
  type Size,
  type Verdict,
} from './liveness';
import type { AnalyzeOutcome, InferenceHealth } from './inference/inference-service';
import type { AnalyzeOptions } from './inference/face-analyzer';
import type { RgbaFrame } from './inference/rgba-frame';
import {
  CHANNELS,
  REQUEST_SCHEMAS,
  type Channel,
  type FrameOutcome,
  type KioskError,
  type KioskHealth,
  type PublicSettings,
  type Reply,
  type SessionStarted,
  type SubmitFrameRequest,
} from '../preload/contract';

/** The part of the inference service the kiosk needs (a stand-in in unit tests). */
export interface FrameAnalyzer {
  analyze(frame: RgbaFrame, options?: AnalyzeOptions): Promise<AnalyzeOutcome>;
  reset(): void;
  readonly health: InferenceHealth;
}

export interface KioskServiceOptions {
  readonly inference: FrameAnalyzer;
  /** Wall clock for challenge expiry, ms since the epoch. */
  readonly clock?: () => number;
  readonly config?: LivenessConfig;
  readonly captureSize?: Size;
  readonly language?: string;
  readonly idleTimeoutMs?: number;
  readonly version?: string;
  /** Seeded only for tests and the preview's --challenge-seed; cryptographic otherwise. */
  readonly random?: RandomSource;
  /** Told of every finished attempt (journal, cloud queue). */
  readonly onVerdict?: (verdict: Verdict, challenge: Challenge) => void;
}

const fail = (code: KioskError['code'], message: string, path?: string): Reply<never> => ({
  ok: false,
  error: path === undefined ? { code, message } : { code, message, path },
});

/**
 * What the main process offers the kiosk screen, independent of transport: Electron's IPC binds it
 * in main/ipc.ts, the browser preview through Playwright. Every request is validated against the
 * contract in preload/contract.ts; nothing a renderer sends can make it throw.
 */
export class KioskService {
  private readonly registry: ChallengeRegistry;
  private readonly captureSize: Size;
  private session: LivenessSession | null = null;
  private busy = false;

  constructor(private readonly options: KioskServiceOptions) {
    this.captureSize = options.captureSize ?? { width: 640, height: 480 };
    this.registry = new ChallengeRegistry({
      clock: options.clock ?? Date.now,
      config: (options.config ?? DEFAULT_CONFIG).challenge,
      ...(options.random ? { random: options.random } : {}),
    });
  }

  /** Validates `payload` for `channel` and runs it. Never throws: every failure is a typed reply. */
  async dispatch(channel: string, payload: unknown): Promise<Reply<unknown>> {
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
        case CHANNELS.submitFrame:
          return await this.submitFrame(parsed.data as SubmitFrameRequest);
        case CHANNELS.cancelSession:
          return this.cancelSession((parsed.data as { sessionId: string }).sessionId);
        case CHANNELS.publicSettings:
          return { ok: true, value: this.publicSettings() };
        case CHANNELS.health:
          return { ok: true, value: this.health() };
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
    // One kiosk, one visitor: a new start ends whatever attempt was open.
    this.session?.cancel();
    const issued = this.registry.issue(this.captureSize);
    if (!issued.ok) return fail('internal', issued.error.message);
    const consumed = this.registry.consume(issued.value.id);
    if (!consumed.ok) return fail('internal', consumed.error.message);
    const challenge = consumed.value;
    this.session = new LivenessSession(challenge, this.options.config ? { config: this.options.config } : {});
    this.options.inference.reset();
    const { id, frame, area, nose, targetSide, expiresAt } = challenge;
    return {
      ok: true,
      value: {
        sessionId: id,
        challenge: { id, frame, area, nose, targetSide, expiresAt },
        view: this.session.latest,
      },
    };
  }

  async submitFrame(request: SubmitFrameRequest): Promise<Reply<FrameOutcome>> {
    const session = this.session;
    if (!session || session.challenge.id !== request.sessionId) {
      return fail('unknown_session', 'This session is not the open one; start a new session.', 'sessionId');
    }
    if (session.done)
      return fail('session_finished', 'This session has finished; start a new one.', 'sessionId');
    const { width, height } = session.challenge.frame;
    if (request.width !== width || request.height !== height) {
      return fail(
        'invalid_request',
        `Frames must be ${width}x${height}; got ${request.width}x${request.height}.`,
        'width',
      );
    }
    // At most one frame in flight: a frame arriving meanwhile is skipped, never queued.
    if (this.busy) return { ok: true, value: { status: 'skipped' } };
    this.busy = true;
    let outcome: AnalyzeOutcome;
    try {
      outcome = await this.options.inference.analyze(
        { width, height, data: request.data },
        { descriptor: session.wantsDescriptor() },
      );
    } catch (error) {
      return fail(
        'inference_unavailable',
        `Face analysis is unavailable: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      this.busy = false;
    }
    if (outcome.status === 'dropped') return { ok: true, value: { status: 'skipped' } };
    // The session may have been cancelled or replaced while inference ran.
    if (this.session !== session || session.done) {
      return fail('session_finished', 'This session ended while the frame was analysed.', 'sessionId');
    }
    const step = session.step({
      timestampMs: request.timestampMs,
      frame: { width, height },
      faces: outcome.result.faces,
    });
    if (!step.ok) {
      const code =
        step.error.code === 'out_of_order_timestamp' ? 'out_of_order_timestamp' : 'invalid_observation';
      return fail(code, step.error.message, step.error.path);
    }
    if (step.value.done && step.value.verdict)
      this.options.onVerdict?.(step.value.verdict, session.challenge);
    return { ok: true, value: { status: 'processed', view: step.value } };
  }

  cancelSession(sessionId: string): Reply<{ view: SessionStarted['view'] }> {
    const session = this.session;
    if (!session || session.challenge.id !== sessionId) {
      return fail('unknown_session', 'This session is not the open one.', 'sessionId');
    }
    const wasOpen = !session.done;
    const view = session.cancel();
    if (wasOpen && view.verdict) this.options.onVerdict?.(view.verdict, session.challenge);
    return { ok: true, value: { view } };
  }

  publicSettings(): PublicSettings {
    return {
      captureWidth: this.captureSize.width,
      captureHeight: this.captureSize.height,
      language: this.options.language ?? 'en',
      idleTimeoutMs: this.options.idleTimeoutMs ?? 20_000,
    };
  }

  health(): KioskHealth {
    return { inference: this.options.inference.health, version: this.options.version ?? '0.0.0' };
  }
}
