import { EventEmitter } from 'node:events';
import {
  verifyCloudAttempt,
  type Challenge,
  type CloudFrame,
  type LivenessConfig,
  type Verdict,
} from '../liveness';
import { CloudQueueError, type CloudJob, type CloudQueue } from './cloud-queue';
import type { CloudSettings } from './cloud-settings';
import { MAX_KEY_FRAMES, keyFrameJpeg, type KeyFrame } from './key-frames';
import { classifyFailure, type CloudCallError, type FaceDetector } from './rekognition-detector';

/*
 * Offline-first cloud re-verification: a locally passed attempt's key frames are queued on disk,
 * then sent to DetectFaces (at most six calls) whenever the network and credentials allow, judged by
 * the engine's cloud verdict and recorded next to the local one. Nothing waits on the network unless
 * the policy is "required", and then only for `requiredWaitMs`.
 */

export type CloudEvent =
  | { type: 'queued'; id: string }
  | { type: 'verified'; id: string; live: boolean; agreement: 'agree' | 'disagree' }
  | { type: 'retry'; id: string; kind: CloudCallError['kind']; inMs: number; message: string }
  | { type: 'expired' | 'failed'; id: string; message: string };

export interface CloudVerifierOptions {
  readonly settings: CloudSettings;
  readonly queue: CloudQueue;
  readonly detector: FaceDetector;
  readonly config: LivenessConfig;
  readonly now?: () => number;
  /** 0..1, for backoff jitter. */
  readonly random?: () => number;
  readonly onEvent?: (event: CloudEvent) => void;
  /** Start a pass as soon as an attempt is queued (default). Tests drive passes themselves. */
  readonly drainOnSubmit?: boolean;
  /**
   * The evidence retention: queued frames are personal data too, so an attempt still waiting when
   * its frames reach this age expires unverified and its frames go (absent: only maxAgeMs applies).
   */
  readonly frameRetentionMs?: number;
}

export interface SubmitOutcome {
  readonly queued: boolean;
  /** Why it was not queued (policy off, nothing to re-check, disk full, ...). */
  readonly reason: string | null;
}

export interface CloudStats {
  readonly policy: CloudSettings['policy'];
  readonly queued: number;
  readonly lastSuccessAt: number | null;
  readonly lastError: string | null;
  readonly calls: number;
  readonly bytesSent: number;
}

export class CloudVerifier {
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly finished = new EventEmitter();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private lastSuccessAt: number | null = null;
  private lastError: string | null = null;
  private calls = 0;
  private bytesSent = 0;
  private queuedCount = 0;

  constructor(private readonly options: CloudVerifierOptions) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.finished.setMaxListeners(0);
  }

  get policy(): CloudSettings['policy'] {
    return this.options.settings.policy;
  }

  get requiredWaitMs(): number {
    return this.options.settings.requiredWaitMs;
  }

  get requiredFallback(): CloudSettings['requiredFallback'] {
    return this.options.settings.requiredFallback;
  }

  /** Queues a finished attempt's key frames. Never throws: a failure is reported, the local verdict stands. */
  async submit(
    challenge: Challenge,
    verdict: Verdict,
    keyFrames: readonly KeyFrame[],
  ): Promise<SubmitOutcome> {
    const { settings, queue } = this.options;
    if (settings.policy === 'off') return { queued: false, reason: 'cloud re-verification is off' };
    if (!verdict.live) return { queued: false, reason: 'the attempt failed locally; nothing to re-check' };
    if (keyFrames.length < 3 || keyFrames.length > MAX_KEY_FRAMES) {
      return { queued: false, reason: `${keyFrames.length} key frames; 3 to ${MAX_KEY_FRAMES} are needed` };
    }
    try {
      const frames = await Promise.all(
        keyFrames.map(async (k) => ({
          timestampMs: k.timestampMs,
          jpeg: await keyFrameJpeg(k, settings.jpegQuality),
        })),
      );
      const now = this.now();
      await queue.add(
        {
          id: challenge.id,
          createdAt: now,
          challenge,
          local: { live: verdict.live, score: verdict.score },
          status: 'pending',
          attempts: 0,
          nextAttemptAt: now,
          lastError: null,
          finishedAt: null,
          cloud: null,
          agreement: null,
        },
        frames,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.lastError = message;
      return {
        queued: false,
        reason: error instanceof CloudQueueError ? message : `could not queue: ${message}`,
      };
    }
    this.options.onEvent?.({ type: 'queued', id: challenge.id });
    if (this.options.drainOnSubmit !== false) this.kick();
    return { queued: true, reason: null };
  }

  /** Starts retrying in the background every `intervalMs` (and at once after each submit). */
  start(intervalMs = 2000): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => 0);
  }

  /** Runs a drain pass in the background (after the current one, if one is running). */
  kick(): void {
    if (this.options.settings.policy === 'off') return;
    this.drainOnce().catch((error: unknown) => {
      this.lastError = error instanceof Error ? error.message : String(error);
    });
  }

  /**
   * One pass over the due attempts, oldest first; passes never overlap, so no attempt is sent twice
   * at once. Stops at the first throttling or network failure: the next attempt would meet the same.
   * Returns how many attempts finished.
   */
  async drainOnce(): Promise<number> {
    while (this.running) await this.running.catch(() => 0);
    this.running = this.drainPass();
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  private async drainPass(): Promise<number> {
    const { queue, settings } = this.options;
    let finished = 0;
    const jobs = await queue.pending();
    this.queuedCount = jobs.length;
    for (const job of jobs) {
      const now = this.now();
      const retention = this.options.frameRetentionMs ?? Number.POSITIVE_INFINITY;
      if (now - job.createdAt > Math.min(settings.maxAgeMs, retention)) {
        const why =
          retention < settings.maxAgeMs
            ? `not verified within the evidence retention (${retention} ms): its frames may be kept no longer`
            : `not verified within ${settings.maxAgeMs} ms`;
        await this.giveUp(job, 'expired', why);
        finished += 1;
        continue;
      }
      if (job.nextAttemptAt > now) continue;
      const outcome = await this.verify(job);
      if (outcome === 'finished') finished += 1;
      if (outcome === 'stop') break;
    }
    this.queuedCount = (await queue.pending()).length;
    return finished;
  }

  private async verify(job: CloudJob): Promise<'finished' | 'retry' | 'stop'> {
    const { queue, settings, detector, config } = this.options;
    let frames;
    try {
      frames = await queue.readFrames(job);
    } catch (error) {
      const message = `its key frames cannot be read: ${error instanceof Error ? error.message : String(error)}`;
      await this.giveUp(job, 'failed', message);
      return 'finished';
    }
    let current = job;
    let bytes = 0;
    for (const [index, frame] of frames.entries()) {
      // Answered in an earlier pass: never sent again.
      if (current.answers.some((a) => a.frame === index)) continue;
      try {
        bytes += frame.jpeg.byteLength;
        this.calls += 1;
        this.bytesSent += frame.jpeg.byteLength;
        current = { ...current, callsMade: current.callsMade + 1 };
        const faces = await detector.detectFaces(frame.jpeg);
        // Saved as it arrives, so a crash or a fault later in the pass costs this frame nothing.
        current = { ...current, answers: [...current.answers, { frame: index, faces: [...faces] }] };
        await queue.update(current);
      } catch (error) {
        const failure = classifyFailure(error);
        this.lastError = failure.message;
        const imageRefused =
          failure.kind === 'permanent' && /InvalidImageFormat|ImageTooLarge/.test(failure.message);
        if (imageRefused) {
          await this.giveUp(job, 'failed', failure.message);
          return 'finished';
        }
        const attempts = current.attempts + 1;
        const base = failure.kind === 'throttled' ? settings.throttleBaseMs : settings.retryBaseMs;
        const capped = Math.min(settings.retryMaxMs, base * 2 ** Math.min(attempts - 1, 20));
        // "Equal jitter": at least half the delay, so a fleet of kiosks does not retry in step.
        const inMs = Math.round(capped / 2 + (capped / 2) * this.random());
        await queue.update({
          ...current,
          attempts,
          nextAttemptAt: this.now() + inMs,
          lastError: failure.message,
        });
        this.options.onEvent?.({
          type: 'retry',
          id: job.id,
          kind: failure.kind,
          inMs,
          message: failure.message,
        });
        return failure.kind === 'malformed' ? 'retry' : 'stop';
      }
    }
    const seen: CloudFrame[] = current.answers
      .map((a) => ({ timestampMs: frames[a.frame]?.timestampMs ?? 0, faces: a.faces }))
      .sort((a, b) => a.timestampMs - b.timestampMs);
    const verdict = verifyCloudAttempt(job.challenge, seen, config);
    const agreement = verdict.live === job.local.live ? 'agree' : 'disagree';
    const now = this.now();
    await this.finish(
      {
        ...current,
        status: 'verified',
        attempts: current.attempts + 1,
        lastError: null,
        finishedAt: now,
        // Every request this attempt cost, over all its passes.
        cloud: {
          live: verdict.live,
          reasons: [...verdict.reasons],
          // Successful calls (one per key frame) and every request over all passes, failed ones too.
          calls: current.answers.length,
          requests: current.callsMade,
          bytesSent: bytes,
        },
        agreement,
      },
      settings.purgeEvidenceAfterVerification,
    );
    this.lastSuccessAt = now;
    this.lastError = null;
    this.options.onEvent?.({ type: 'verified', id: job.id, live: verdict.live, agreement });
    return 'finished';
  }

  /** An attempt the cloud will never verify: recorded with the reason, its frames purged. */
  private async giveUp(job: CloudJob, status: 'failed' | 'expired', message: string): Promise<void> {
    await this.finish({ ...job, status, lastError: message, finishedAt: this.now() }, true);
    this.options.onEvent?.({ type: status, id: job.id, message });
  }

  private async finish(job: CloudJob, purge: boolean): Promise<void> {
    await this.options.queue.finish(job, purge);
    this.finished.emit(job.id, job);
  }

  /**
   * For the "required" policy: the cloud's record of this attempt once it is finished, or null if
   * it is not within `timeoutMs` (the caller applies the staff-defined fallback).
   */
  async waitFor(id: string, timeoutMs: number): Promise<CloudJob | null> {
    const already = await this.options.queue.finishedJob(id);
    if (already) return already;
    return new Promise((resolve) => {
      const done = (job: CloudJob): void => {
        clearTimeout(timer);
        resolve(job);
      };
      const timer = setTimeout(() => {
        this.finished.off(id, done);
        resolve(null);
      }, timeoutMs);
      this.finished.once(id, done);
      this.kick();
    });
  }

  stats(): CloudStats {
    return {
      policy: this.options.settings.policy,
      queued: this.queuedCount,
      lastSuccessAt: this.lastSuccessAt,
      lastError: this.lastError,
      calls: this.calls,
      bytesSent: this.bytesSent,
    };
  }
}
