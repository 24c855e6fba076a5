/*
 * Rolling camera and inference figures for the health view: frames per second actually analysed
 * (from the frames' own timestamps) and inference latency median / p95 over the last frames.
 */

export interface FrameStatsSummary {
  readonly frames: number;
  readonly framesPerSecond: number | null;
  readonly inferenceMedianMs: number | null;
  readonly inferenceP95Ms: number | null;
  /** The pixel format the last frame arrived in: `i420` is the camera's own, `rgba` a drawn copy. */
  readonly format: 'rgba' | 'i420' | null;
}

export class FrameStats {
  private readonly samples: { t: number; ms: number }[] = [];
  private lastFormat: 'rgba' | 'i420' | null = null;

  constructor(private readonly size = 120) {}

  record(timestampMs: number, inferenceMs: number, format: 'rgba' | 'i420' = 'rgba'): void {
    this.lastFormat = format;
    this.samples.push({ t: timestampMs, ms: inferenceMs });
    if (this.samples.length > this.size) this.samples.shift();
  }

  summary(): FrameStatsSummary {
    const n = this.samples.length;
    if (n === 0)
      return {
        frames: 0,
        framesPerSecond: null,
        inferenceMedianMs: null,
        inferenceP95Ms: null,
        format: null,
      };
    const sorted = this.samples.map((s) => s.ms).sort((a, b) => a - b);
    const at = (p: number): number => sorted[Math.min(n - 1, Math.floor(p * (n - 1) + 0.5))]!;
    const span = this.samples[n - 1]!.t - this.samples[0]!.t;
    return {
      frames: n,
      framesPerSecond: n > 1 && span > 0 ? Math.round(((n - 1) * 10_000) / span) / 10 : null,
      inferenceMedianMs: Math.round(at(0.5) * 10) / 10,
      inferenceP95Ms: Math.round(at(0.95) * 10) / 10,
      format: this.lastFormat,
    };
  }
}
