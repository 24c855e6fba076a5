import sharp from 'sharp';
import {
  LivenessSession,
  createChallenge,
  cryptoRandom,
  lightStepAt,
  seededRandom,
  type Challenge,
  type LivenessConfig,
  type Size,
  type AttemptRecord,
  type StepView,
  type Verdict,
} from '../liveness';
import { KeyFrameKeeper, type KeyFrame } from '../cloud/key-frames';
import type { InferenceService } from '../inference/inference-service';
import type { RgbaFrame } from '../inference/rgba-frame';
import { Y4mReader, fps } from '../inference/y4m';

export interface ReplayOptions {
  readonly clipPath: string;
  /** Inference, already started. */
  readonly inference: InferenceService;
  /** The challenge the clip answers: a recorded one, or made from `seed` (tests), else random. */
  readonly challenge?: Challenge;
  readonly seed?: number;
  /** Capture size the kiosk would use; frames of another size are scaled and centre-cropped to it. */
  readonly captureSize?: Size;
  readonly config?: LivenessConfig;
  /** Called after every frame (the --trace output). */
  readonly onFrame?: (trace: FrameTrace) => void;
  /** Keep the attempt's key frames (as the kiosk does for cloud re-verification). */
  readonly keepKeyFrames?: boolean;
  /**
   * The clip was made at a kiosk showing the challenge's colour sequence from its first frame (the
   * corpus's renders): the screen-light check reads it. Otherwise no colours were shown, and that
   * check is left out.
   */
  readonly screenLight?: boolean;
}

export interface FrameTrace {
  readonly index: number;
  readonly timestampMs: number;
  readonly phase: StepView['phase'];
  readonly faces: number;
  readonly nose: { x: number; y: number } | null;
  readonly yaw: number | null;
  readonly mode: 'detect' | 'track';
  readonly inferenceMs: number;
}

export interface ReplayResult {
  readonly verdict: Verdict;
  readonly challenge: Challenge;
  readonly clip: {
    readonly width: number;
    readonly height: number;
    readonly fps: number;
    readonly framesRead: number;
  };
  readonly framesAnalysed: number;
  readonly backend: string | null;
  /** The attempt as the verdict saw it. */
  readonly attempt: AttemptRecord;
  /** With keepKeyFrames: the frames the kiosk would send to the cloud. */
  readonly keyFrames: readonly KeyFrame[];
}

/** Fewer frames than this cannot show a visit (a face found, then anything at all). */
export const MIN_REPLAY_FRAMES = 2;

export class ReplayError extends Error {
  override readonly name = 'ReplayError';
}

/**
 * Opens a clip for replay, refusing before a single pixel is read what cannot be one: a bad header
 * (size, frame rate: Y4mError), or a header alone or one frame, which is no visit to judge.
 */
export async function openReplayClip(path: string): Promise<Y4mReader> {
  const reader = await Y4mReader.open(path);
  if (reader.maxCompleteFrames < MIN_REPLAY_FRAMES) {
    await reader.close();
    throw new ReplayError(
      `${path} holds ${reader.maxCompleteFrames} complete frame(s); a replay needs at least ${MIN_REPLAY_FRAMES}. Was the recording cut off?`,
    );
  }
  return reader;
}

/**
 * Runs a recorded clip through inference, the session and the verdict as the kiosk does. Every
 * frame is analysed (no frame dropping), and time comes from the clip's frame rate, so the same
 * clip and challenge always give the same verdict.
 */
export async function replayClip(options: ReplayOptions): Promise<ReplayResult> {
  const reader = await openReplayClip(options.clipPath);
  try {
    const clipSize = { width: reader.header.width, height: reader.header.height };
    const size = options.captureSize ?? clipSize;
    const challenge = options.challenge ?? makeChallenge(size, options.seed, options.config);
    if (challenge.frame.width !== size.width || challenge.frame.height !== size.height) {
      throw new ReplayError(
        `The challenge is for ${challenge.frame.width}x${challenge.frame.height} frames but the capture size is ${size.width}x${size.height}.`,
      );
    }
    const session = new LivenessSession(challenge, options.config ? { config: options.config } : {});
    options.inference.reset();
    const keeper = options.keepKeyFrames ? new KeyFrameKeeper() : null;
    let framesRead = 0;
    let framesAnalysed = 0;
    let firstMs: number | null = null;
    for await (const { index, timestampMs, frame } of reader.frames()) {
      firstMs ??= timestampMs;
      framesRead += 1;
      const captured = sameSize(frame, size) ? frame : await fitTo(frame, size);
      // Inference takes the pixels over (they move to its worker); key frames need a copy.
      const kept = keeper ? captured.data.slice() : null;
      const outcome = await options.inference.analyze(captured, {
        descriptor: session.wantsDescriptor(),
        timestampMs,
      });
      if (outcome.status !== 'done') continue; // Cannot happen when awaited one by one.
      framesAnalysed += 1;
      const phase = session.currentPhase;
      const step = session.step({
        timestampMs,
        frame: size,
        faces: outcome.result.faces,
        scene: outcome.result.scene,
        light: {
          shown: options.screenLight
            ? lightStepAt(timestampMs - firstMs, challenge.lightStepMs, challenge.lightColours.length)
            : null,
          ...outcome.result.colours,
        },
      });
      if (!step.ok) throw new ReplayError(`Frame ${index}: ${step.error.message}`);
      if (keeper && kept)
        keeper.offerStep(session.attempt(), phase, timestampMs, { ...captured, data: kept });
      options.onFrame?.({
        index,
        timestampMs,
        phase: step.value.phase,
        faces: outcome.result.faces.length,
        nose: step.value.overlay.nose,
        yaw: step.value.pose?.yaw ?? null,
        mode: outcome.result.mode,
        inferenceMs: outcome.result.elapsedMs,
      });
      if (step.value.done) break;
    }
    // A clip that ends mid-challenge: let the clock run to its end, then stop the attempt.
    if (!session.done) {
      const end = (framesRead * 1000) / fps(reader.header);
      session.tick(end);
      if (!session.done) session.cancel(end);
    }
    const attempt = session.attempt();
    return {
      verdict: session.verdict!,
      attempt,
      keyFrames: keeper ? keeper.select(attempt) : [],
      challenge,
      clip: { ...clipSize, fps: fps(reader.header), framesRead },
      framesAnalysed,
      backend: options.inference.health.backend,
    };
  } finally {
    await reader.close();
  }
}

/** The challenge as the kiosk would issue it with these settings (a sequence in `sequence` mode). */
function makeChallenge(frame: Size, seed: number | undefined, config: LivenessConfig | undefined): Challenge {
  const made = createChallenge({
    frame,
    now: 0,
    random: seed === undefined ? cryptoRandom() : seededRandom(seed),
    ...(config ? { config: config.challenge } : {}),
  });
  if (!made.ok) throw new ReplayError(made.error.message);
  return made.value;
}

const sameSize = (a: Size, b: Size): boolean => a.width === b.width && a.height === b.height;

async function fitTo(frame: RgbaFrame, size: Size): Promise<RgbaFrame> {
  const data = await sharp(frame.data, { raw: { width: frame.width, height: frame.height, channels: 4 } })
    .resize(size.width, size.height, { fit: 'cover' })
    .raw()
    .toBuffer();
  return { ...size, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
