/*
 * The renderer's half of the frame path: one analysis per camera frame at most, sent as the camera
 * delivers it. At most `maxInFlight` frames are on their way or being analysed (main holds one
 * waiting and lets a newer one take its place); a camera frame that arrives while the pipe is full
 * is not queued: when a slot frees, the newest frame goes. Answers can come back out of order over
 * two connections: each is delivered, saying whether it is the newest so far (only those are drawn).
 *
 * One in flight by default, measured: on the 2-core machine the preview runs on, inference is the
 * bottleneck and every stage competes for the same cores, so a second frame in flight (transfer
 * overlapping analysis) gave the same frame rate (6.5 vs 6.3-7.4 frames/s) at nearly twice the delay
 * (capture to overlay median 331-345 vs 181-201 ms: the frame waits in main's queue, and inference
 * itself ran slower). Two pay off where analysis and transport use different resources.
 */

export interface CapturedFrame {
  /** The camera's capture time of the frame, in this page's performance clock. */
  readonly timestampMs: number;
  readonly format: 'rgba' | 'i420';
  readonly data: Uint8Array<ArrayBuffer>;
  /** The step of the screen's colour sequence on screen at capture (null: none or changing). */
  readonly lightStep: number | null;
}

export interface FramePipelineOptions<Answer> {
  /** Reads the camera's current frame (null when none is ready). */
  readonly capture: () => Promise<CapturedFrame | null>;
  /** Sends a frame for analysis and resolves with main's answer. */
  readonly submit: (frame: CapturedFrame) => Promise<Answer>;
  /** Called with every answer; `newest` is false for one overtaken by a later frame's answer. */
  readonly onAnswer: (
    answer: Answer,
    frame: { readonly timestampMs: number; readonly sentAt: number; readonly newest: boolean },
  ) => void;
  readonly onError: (error: unknown) => void;
  readonly maxInFlight?: number;
  readonly now?: () => number;
}

export class FramePipeline<Answer> {
  private inFlight = 0;
  /** A camera frame arrived that has not been sent (the pipe was full). */
  private pending = false;
  private lastFrameId: number | null = null;
  private lastDelivered = Number.NEGATIVE_INFINITY;
  private stopped = false;
  private readonly maxInFlight: number;
  private readonly now: () => number;

  constructor(private readonly options: FramePipelineOptions<Answer>) {
    this.maxInFlight = options.maxInFlight ?? 1;
    this.now = options.now ?? (() => performance.now());
  }

  /**
   * The camera presented frame `frameId` (its running count): send it now if there is room, or
   * remember that a newer frame exists. The same frame offered twice is sent once.
   */
  offer(frameId: number): void {
    if (this.stopped || frameId === this.lastFrameId) return;
    this.lastFrameId = frameId;
    if (this.inFlight >= this.maxInFlight) {
      this.pending = true;
      return;
    }
    this.send();
  }

  stop(): void {
    this.stopped = true;
  }

  get framesInFlight(): number {
    return this.inFlight;
  }

  private send(): void {
    this.pending = false;
    // The slot is taken before the capture, which may wait for the camera's buffer.
    this.inFlight += 1;
    void this.captureAndSubmit();
  }

  private async captureAndSubmit(): Promise<void> {
    let frame: CapturedFrame | null;
    try {
      frame = await this.options.capture();
    } catch (error) {
      this.inFlight -= 1;
      if (!this.stopped) this.options.onError(error);
      return;
    }
    if (!frame || this.stopped) {
      this.inFlight -= 1;
      return;
    }
    const sentAt = this.now();
    let answer: Answer;
    try {
      answer = await this.options.submit(frame);
    } catch (error) {
      this.inFlight -= 1;
      if (!this.stopped) this.options.onError(error);
      return;
    }
    this.inFlight -= 1;
    if (this.stopped) return;
    const newest = frame.timestampMs > this.lastDelivered;
    if (newest) this.lastDelivered = frame.timestampMs;
    this.options.onAnswer(answer, { timestampMs: frame.timestampMs, sentAt, newest });
    if (this.pending && !this.stopped) this.send();
  }
}
