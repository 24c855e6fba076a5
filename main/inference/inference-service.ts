import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalysisResult, AnalyzeOptions, AnalyzerSettings } from './face-analyzer';
import type { BackendName, BackendPreference } from './face-api-loader';
import { formatOf, frameProblem, type CameraFrame } from './rgba-frame';
import {
  WorkerResponseSchema,
  type WorkerInit,
  type WorkerRequest,
  type WorkerResponse,
} from './worker-protocol';

export type InferenceErrorCode =
  | 'invalid_frame'
  | 'model_missing'
  | 'model_altered'
  | 'model_unreadable'
  | 'inference_start_failed'
  | 'worker_crashed'
  | 'analysis_failed'
  | 'not_running';

export class InferenceError extends Error {
  override readonly name = 'InferenceError';
  constructor(
    readonly code: InferenceErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type AnalyzeOutcome =
  | {
      readonly status: 'done';
      readonly result: AnalysisResult & { readonly numTensors: number };
      /** Where the frame's time went in main: waiting for the worker, then the worker's round trip. */
      readonly timing: { readonly queueMs: number; readonly workerRoundTripMs: number };
    }
  /** A newer frame took this one's place while the worker was busy (backpressure). */
  | { readonly status: 'dropped' };

export interface InferenceHealth {
  readonly state: 'starting' | 'ready' | 'restarting' | 'failed' | 'closed';
  readonly backend: BackendName | null;
  readonly backendReason: string | null;
  readonly restarts: number;
  readonly lastError: string | null;
  readonly loadMs: number | null;
}

export interface InferenceServiceOptions {
  /** The built worker script (dist/main/inference-worker.js beside the main bundle by default). */
  readonly workerPath?: string;
  readonly backend?: BackendPreference;
  readonly modelDirectory?: string;
  readonly settings?: Partial<AnalyzerSettings>;
  /** Crashes tolerated in a row before giving up; each waits longer (100 ms doubling, 5 s at most). */
  readonly maxRestarts?: number;
  readonly log?: (event: string, detail: Record<string, unknown>) => void;
}

interface Job {
  readonly frame: CameraFrame;
  /** performance.now() when analyze() was called, and when the frame went to the worker. */
  readonly submittedAt: number;
  readonly postedAt?: number;
  readonly options: AnalyzeOptions;
  readonly resolve: (outcome: AnalyzeOutcome) => void;
  readonly reject: (error: InferenceError) => void;
}

/**
 * Owns the inference worker: starts it, feeds it one frame at a time (a newer frame replaces the
 * one waiting, so the queue never grows), restarts it with backoff when it dies, and shuts it down.
 */
export class InferenceService {
  private worker: Worker | null = null;
  private inFlight: (Job & { id: number }) | null = null;
  private waiting: Job | null = null;
  private nextId = 1;
  private consecutiveCrashes = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private readonly statsRequests = new Map<number, (s: { numTensors: number; rssBytes: number }) => void>();
  private readyWaiters: { resolve: () => void; reject: (e: InferenceError) => void }[] = [];
  private healthState: InferenceHealth = {
    state: 'starting',
    backend: null,
    backendReason: null,
    restarts: 0,
    lastError: null,
    loadMs: null,
  };

  private readonly workerPath: string;

  constructor(private readonly options: InferenceServiceOptions = {}) {
    this.workerPath = options.workerPath ?? join(__dirname, 'inference-worker.js');
  }

  get health(): InferenceHealth {
    return this.healthState;
  }

  /** Starts the worker and resolves once models are verified and loaded. */
  async start(): Promise<InferenceHealth> {
    if (this.healthState.state === 'closed') {
      throw new InferenceError('not_running', 'The inference service was closed.');
    }
    if (!existsSync(this.workerPath)) {
      const message = `The inference worker script ${this.workerPath} is missing: rebuild (npm run build) or reinstall the kiosk.`;
      this.setHealth({ state: 'failed', lastError: message });
      throw new InferenceError('inference_start_failed', message);
    }
    if (!this.worker) this.spawn();
    await this.whenReady();
    return this.healthState;
  }

  /**
   * Analyses one frame. Takes ownership of `frame.data` (its buffer moves to the worker).
   * Resolves `dropped` if a newer frame replaced it before the worker was free.
   */
  analyze(frame: CameraFrame, options: AnalyzeOptions = {}): Promise<AnalyzeOutcome> {
    const problem = frameProblem(frame);
    if (problem)
      return Promise.reject(new InferenceError('invalid_frame', `Cannot analyse this frame: ${problem}.`));
    if (this.healthState.state === 'failed' || this.healthState.state === 'closed') {
      return Promise.reject(
        new InferenceError(
          'not_running',
          `Inference is ${this.healthState.state}: ${this.healthState.lastError ?? 'closed'}`,
        ),
      );
    }
    return new Promise((resolve, reject) => {
      const job = { frame, options, resolve, reject, submittedAt: performance.now() };
      if (this.waiting) this.waiting.resolve({ status: 'dropped' });
      this.waiting = job;
      this.pump();
    });
  }

  /** Forgets the tracked face (next visitor). */
  reset(): void {
    this.post({ type: 'reset' });
  }

  async stats(): Promise<{ numTensors: number; rssBytes: number }> {
    await this.whenReady();
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.statsRequests.set(id, resolve);
      this.post({ type: 'stats', id });
    });
  }

  async close(): Promise<void> {
    this.setHealth({ state: 'closed' });
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const worker = this.worker;
    this.worker = null;
    this.failPending(new InferenceError('not_running', 'The inference service was closed.'));
    this.rejectReadyWaiters(new InferenceError('not_running', 'The inference service was closed.'));
    if (worker) await worker.terminate();
  }

  /** For tests and the self-test: ends the worker the way a crash would, to exercise recovery. */
  async crashWorkerForTest(): Promise<void> {
    await this.worker?.terminate();
  }

  private spawn(): void {
    const init: WorkerInit = {
      backend: this.options.backend ?? 'auto',
      ...(this.options.modelDirectory ? { modelDirectory: this.options.modelDirectory } : {}),
      ...(this.options.settings ? { settings: this.options.settings } : {}),
    };
    const worker = new Worker(this.options.workerPath ?? join(__dirname, 'inference-worker.js'), {
      workerData: init,
    });
    this.worker = worker;
    worker.on('message', (raw: unknown) => this.onMessage(worker, raw));
    worker.on('error', (error) => this.onExit(worker, `worker error: ${error.message}`));
    worker.on('exit', (code) => this.onExit(worker, `worker exited with code ${code}`));
  }

  private onMessage(worker: Worker, raw: unknown): void {
    if (worker !== this.worker) return;
    const parsed = WorkerResponseSchema.safeParse(raw);
    if (!parsed.success) {
      this.log('inference.bad_message', { issue: parsed.error.issues[0]?.message });
      return;
    }
    const message = parsed.data as WorkerResponse;
    switch (message.type) {
      case 'ready':
        this.consecutiveCrashes = 0;
        this.setHealth({
          state: 'ready',
          backend: message.backend,
          backendReason: message.reason,
          loadMs: message.loadMs,
        });
        this.log('inference.ready', {
          backend: message.backend,
          reason: message.reason,
          loadMs: Math.round(message.loadMs),
        });
        this.readyWaiters.splice(0).forEach((w) => w.resolve());
        this.pump();
        return;
      case 'fatal': {
        // Models missing or altered: restarting cannot help.
        const error = new InferenceError(message.code as InferenceErrorCode, message.message);
        this.setHealth({ state: 'failed', lastError: message.message });
        this.log('inference.fatal', { code: message.code, message: message.message });
        this.worker = null;
        void worker.terminate();
        this.rejectReadyWaiters(error);
        this.failPending(error);
        return;
      }
      case 'result':
      case 'error': {
        const job = this.inFlight;
        if (!job || job.id !== message.id) return;
        this.inFlight = null;
        if (message.type === 'result') {
          const { faces, mode, elapsedMs, numTensors, scene, colours } = message;
          const postedAt = job.postedAt ?? job.submittedAt;
          job.resolve({
            status: 'done',
            result: { faces, mode, elapsedMs, numTensors, scene, colours },
            timing: { queueMs: postedAt - job.submittedAt, workerRoundTripMs: performance.now() - postedAt },
          });
        } else {
          job.reject(new InferenceError('analysis_failed', message.message));
        }
        this.pump();
        return;
      }
      case 'stats':
        this.statsRequests.get(message.id)?.(message);
        this.statsRequests.delete(message.id);
        return;
    }
  }

  private onExit(worker: Worker, why: string): void {
    if (worker !== this.worker) return; // An old worker, or one we terminated on purpose.
    this.worker = null;
    const error = new InferenceError('worker_crashed', `Inference worker stopped (${why}); restarting.`);
    if (this.inFlight) this.inFlight.reject(error);
    this.inFlight = null;
    this.consecutiveCrashes += 1;
    const max = this.options.maxRestarts ?? 5;
    if (this.consecutiveCrashes > max) {
      const failed = new InferenceError(
        'worker_crashed',
        `Inference worker crashed ${this.consecutiveCrashes} times in a row (${why}); giving up.`,
      );
      this.setHealth({ state: 'failed', lastError: failed.message });
      this.log('inference.failed', { why });
      this.failPending(failed);
      this.rejectReadyWaiters(failed);
      return;
    }
    const delay = Math.min(5_000, 100 * 2 ** (this.consecutiveCrashes - 1));
    this.setHealth({ state: 'restarting', restarts: this.healthState.restarts + 1, lastError: why });
    this.log('inference.restart', { why, delayMs: delay, attempt: this.consecutiveCrashes });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.healthState.state === 'restarting') this.spawn();
    }, delay);
  }

  private pump(): void {
    if (this.inFlight || !this.waiting || !this.worker || this.healthState.state !== 'ready') return;
    const job = { ...this.waiting, id: this.nextId++, postedAt: performance.now() };
    this.waiting = null;
    this.inFlight = job;
    const { width, height } = job.frame;
    // Move the pixels instead of copying them; a view into a shared pool is copied first.
    const whole =
      job.frame.data.byteOffset === 0 && job.frame.data.byteLength === job.frame.data.buffer.byteLength;
    const data = whole ? job.frame.data : job.frame.data.slice();
    this.post(
      {
        type: 'analyze',
        id: job.id,
        width,
        height,
        format: formatOf(job.frame),
        data,
        descriptor: job.options.descriptor === true,
        detect: job.options.detect === true,
        ...(job.options.timestampMs !== undefined ? { timestampMs: job.options.timestampMs } : {}),
      },
      [data.buffer as ArrayBuffer],
    );
  }

  private post(message: WorkerRequest, transfer: ArrayBuffer[] = []): void {
    this.worker?.postMessage(message, transfer);
  }

  private whenReady(): Promise<void> {
    if (this.healthState.state === 'ready') return Promise.resolve();
    if (this.healthState.state === 'failed' || this.healthState.state === 'closed') {
      return Promise.reject(
        new InferenceError('not_running', this.healthState.lastError ?? 'Inference is not running.'),
      );
    }
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  private failPending(error: InferenceError): void {
    this.inFlight?.reject(error);
    this.waiting?.reject(error);
    this.inFlight = null;
    this.waiting = null;
  }

  private rejectReadyWaiters(error: InferenceError): void {
    this.readyWaiters.splice(0).forEach((w) => w.reject(error));
  }

  private setHealth(patch: Partial<InferenceHealth>): void {
    this.healthState = { ...this.healthState, ...patch };
  }

  private log(event: string, detail: Record<string, unknown>): void {
    this.options.log?.(event, detail);
  }
}
