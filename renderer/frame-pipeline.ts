/*
 * The renderer's half of the frame path: one analysis per camera frame at most, sent as the camera
 * delivers it, with the next frame's capture and transfer overlapping the current one's analysis.
 * At most `maxInFlight` frames are on their way or being analysed (main holds one waiting and lets
 * a newer one take its place); a camera frame that arrives while the pipe is full is not queued:
 * when a slot frees, the newest frame goes. Answers can come back out of order over two
 * connections: each is delivered, saying whether it is the newest so far (only those are drawn).
 */

export interface CapturedFrame {
  /** The camera's capture time of the frame, in this page's performance clock. */
  readonly timestampMs: number;
  readonly data: Uint8Array<ArrayBuffer>;
}

export interface FramePipelineOptions<Answer> {
  /** Reads the camera's current frame (null when none is ready). */
  readonly capture: () => CapturedFrame | null;
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
    this.maxInFlight = options.maxInFlight ?? 2;
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
    const frame = this.options.capture();
    if (!frame) return;
    const sentAt = this.now();
    this.inFlight += 1;
    this.options.submit(frame).then(
      (answer) => {
        this.inFlight -= 1;
        if (this.stopped) return;
        const newest = frame.timestampMs > this.lastDelivered;
        if (newest) this.lastDelivered = frame.timestampMs;
        this.options.onAnswer(answer, { timestampMs: frame.timestampMs, sentAt, newest });
        if (this.pending && !this.stopped) this.send();
      },
      (error: unknown) => {
        this.inFlight -= 1;
        if (!this.stopped) this.options.onError(error);
      },
    );
  }
}
