import type { FrameAnalyzer } from '../../main/kiosk/kiosk-service';
import type { AnalyzeOutcome, InferenceHealth } from '../../main/inference/inference-service';
import type { FaceObservation, Rgb, SceneImage } from '../../main/liveness';
import { STILL_ROOM } from './synthetic-scene';
import type { LightColours } from '../../main/inference/light-colours';

/** A skin tone and a grey room, as the inference stand-in reads them (screen-light check). */
export const SKIN: Rgb = [170, 120, 100];
export const ROOM: Rgb = [110, 110, 110];

/** What the camera reads of that skin lit by the room and, with `reflect`, by the screen's `colour`. */
export function skinUnder(colour: Rgb, reflect: number, gains: Rgb = [1, 1, 1]): Rgb {
  const lit = (c: 0 | 1 | 2) => SKIN[c] * (1 + (reflect * colour[c]) / 255) * gains[c];
  return [lit(0), lit(1), lit(2)];
}

/**
 * Inference stand-in for service tests: answers each frame with the faces queued for it, so a
 * whole visit (e.g. the synthetic visitor's frames) runs without TensorFlow.
 */
export class ScriptedInference implements FrameAnalyzer {
  readonly queue: (readonly FaceObservation[])[] = [];
  /** The scene picture of each answer, in order; a still room once the queue is empty. */
  readonly scenes: SceneImage[] = [];
  /** Per frame, the colours inference reads (screen-light check); default: a skin tone in a grey room. */
  readonly colours: LightColours[] = [];
  resets = 0;
  calls = 0;
  /** When set, analyze waits for this before answering (to test frames arriving meanwhile). */
  gate: Promise<void> | null = null;
  failWith: Error | null = null;
  readonly health: InferenceHealth = {
    state: 'ready',
    backend: 'wasm',
    backendReason: 'scripted for tests',
    restarts: 0,
    lastError: null,
    loadMs: 0,
  };

  /** Move the frame's pixels away as the real service does (it transfers them to its worker). */
  transfersFrames = true;

  async analyze(frame?: { data: Uint8Array }): Promise<AnalyzeOutcome> {
    this.calls += 1;
    if (this.transfersFrames && frame)
      structuredClone(frame.data.buffer, { transfer: [frame.data.buffer as ArrayBuffer] });
    if (this.gate) await this.gate;
    if (this.failWith) throw this.failWith;
    const faces = this.queue.shift() ?? [];
    return {
      status: 'done',
      result: {
        faces: faces.map((f) => ({
          box: f.box,
          score: f.score,
          landmarks: [...f.landmarks],
          ...(f.descriptor ? { descriptor: Array.from(f.descriptor) } : {}),
        })),
        mode: 'detect',
        elapsedMs: 1,
        numTensors: 0,
        scene: this.scenes.shift() ?? STILL_ROOM,
        colours: this.colours.shift() ?? { face: faces.length === 1 ? SKIN : null, scene: ROOM },
      },
      timing: { queueMs: 0, workerRoundTripMs: 1 },
    };
  }

  reset(): void {
    this.resets += 1;
  }
}
