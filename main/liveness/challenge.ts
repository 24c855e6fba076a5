import { z } from 'zod';
import { DEFAULT_CONFIG, type ChallengeConfig } from './config';
import { LivenessError, fail, ok, type Result } from './errors';
import type { Box, Size } from './geometry';
import { cryptoRandom, uuidFromBytes, type RandomSource } from './random';
import { LIGHT_PALETTE, lightSequence } from './screen-light';

export type TargetSide = 'left' | 'right';

/**
 * One visitor's challenge. Coordinates are camera-frame pixels, unmirrored: the renderer mirrors
 * the video for display, so a target on the camera's right appears on the visitor's left.
 */
export interface Challenge {
  readonly id: string;
  /** Milliseconds since the epoch (the issuer's clock). */
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly frame: Size;
  /** Where the face must fit before the nose phase. */
  readonly area: Box;
  /** The small target the nose tip must reach first (the only one in `original` mode). */
  readonly nose: Box;
  /** Side of the camera frame's vertical centre line the first target lies on. */
  readonly targetSide: TargetSide;
  /**
   * Every target in order; targets[0] is `nose`. In `sequence` mode each later target is revealed
   * only once the one before it was reached, after `revealDelaysMs[i - 1]`: a recording made
   * before the visit cannot know where or when. Never sent to the screen before its time.
   */
  readonly targets: readonly Box[];
  readonly targetSides: readonly TargetSide[];
  /** Random dwell after target i is reached before target i + 1 appears (length targets - 1). */
  readonly revealDelaysMs: readonly number[];
  /**
   * The screen's colour sequence during the visit (palette indices, screen-light.ts), one every
   * `lightStepMs` from the first frame the screen shows; random, so no recording knows it.
   */
  readonly lightColours: readonly number[];
  readonly lightStepMs: number;
  /** False when a seeded generator made it (tests and replay only). */
  readonly secureRandom: boolean;
}

const BoxSchema = z.object({
  left: z.number().finite(),
  top: z.number().finite(),
  width: z.number().finite().positive(),
  height: z.number().finite().positive(),
});

const SideSchema = z.enum(['left', 'right']);
/** The longest sequence a challenge may ask for. */
export const MAX_TARGETS = 4;
/**
 * Screen colours per challenge: 90 s at the default 300 ms a colour, longer than any visit but a
 * pathological one (after the last, the screen keeps it and frames no longer count). Fixed, so the
 * random draws, and so seeded challenges, do not depend on settings.
 */
export const LIGHT_STEPS = 300;
/** The most screen colours a challenge read back may carry. */
export const MAX_LIGHT_STEPS = 600;

/**
 * A challenge read back from outside the engine (a file, the cloud queue): checked, never trusted.
 * Records from before sequences existed (no `targets`) read as their single target.
 */
export const ChallengeSchema = z
  .object({
    id: z.string().min(1).max(64),
    createdAt: z.number().finite(),
    expiresAt: z.number().finite(),
    frame: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }),
    area: BoxSchema,
    nose: BoxSchema,
    targetSide: SideSchema,
    targets: z.array(BoxSchema).min(1).max(MAX_TARGETS).optional(),
    targetSides: z.array(SideSchema).min(1).max(MAX_TARGETS).optional(),
    revealDelaysMs: z
      .array(z.number().finite().min(0).max(60_000))
      .max(MAX_TARGETS - 1)
      .optional(),
    lightColours: z
      .array(
        z
          .number()
          .int()
          .min(0)
          .max(LIGHT_PALETTE.length - 1),
      )
      .max(MAX_LIGHT_STEPS)
      .default([]),
    lightStepMs: z.number().int().min(1).max(60_000).default(300),
    secureRandom: z.boolean().default(false),
  })
  .transform((c): Challenge => ({
    ...c,
    targets: c.targets ?? [c.nose],
    targetSides: c.targetSides ?? [c.targetSide],
    revealDelaysMs: c.revealDelaysMs ?? [],
  }))
  .refine(
    (c) =>
      c.targetSides.length === c.targets.length &&
      c.revealDelaysMs.length === c.targets.length - 1 &&
      sameBox(c.targets[0]!, c.nose) &&
      c.targetSides[0] === c.targetSide,
    { message: 'targets, targetSides and revealDelaysMs must describe one sequence starting at nose' },
  );

const sameBox = (a: Box, b: Box): boolean =>
  a.left === b.left && a.top === b.top && a.width === b.width && a.height === b.height;

export const MIN_FRAME_SIDE = 32;
export const MAX_FRAME_SIDE = 8192;

export function checkFrameSize(frame: Size): LivenessError | null {
  for (const key of ['width', 'height'] as const) {
    const v = frame[key];
    if (!Number.isInteger(v) || v < MIN_FRAME_SIDE || v > MAX_FRAME_SIDE) {
      return new LivenessError(
        'invalid_frame_size',
        `Frame ${key} must be a whole number of pixels from ${MIN_FRAME_SIDE} to ${MAX_FRAME_SIDE}; got ${String(v)}.`,
        key,
      );
    }
  }
  return null;
}

/** The face area: h = 0.75 H, w = min(0.75 W, 0.75 h), centred; (185, 60, 270, 360) at 640x480. */
export function faceArea(frame: Size, config: ChallengeConfig = DEFAULT_CONFIG.challenge): Box {
  const height = frame.height * config.areaHeightRatio;
  const width = Math.min(frame.width * config.areaWidthRatio, height * config.areaAspectRatio);
  // Whole pixels, truncated, as the original's int() did.
  return {
    left: Math.floor(frame.width / 2 - width / 2),
    top: Math.floor(frame.height / 2 - height / 2),
    width: Math.floor(width),
    height: Math.floor(height),
  };
}

/**
 * A random nose target. At the reference scale (640x480) it is the original's: 20x20 px, its near
 * edge 45-75 px left or right of the centre line, 0-40 px above or below the middle. Other frame
 * sizes scale every length with the face area's width, so the motion asked of the visitor is the
 * same relative to their face.
 */
export function noseTarget(
  frame: Size,
  area: Box,
  random: RandomSource,
  config: ChallengeConfig = DEFAULT_CONFIG.challenge,
  /** Sequence targets: the opposite quadrant of the previous target, well off the middle line. */
  after?: { readonly right: boolean; readonly down: boolean },
): { nose: Box; targetSide: TargetSide; down: boolean } {
  const scale = area.width / config.referenceAreaWidth;
  const size = Math.max(1, Math.round(config.noseBoxSize * scale));
  // Draw order follows the original: side, horizontal offset, vertical side, vertical offset.
  const right = after ? !after.right : random.int(0, 1) === 1;
  const dx = random.int(
    Math.round(config.noseMinHorizontalOffset * scale),
    Math.round(config.noseMaxHorizontalOffset * scale),
  );
  const down = after ? !after.down : random.int(0, 1) === 1;
  const minDy = after ? Math.round(config.sequenceMinVerticalOffset * scale) : 0;
  const dy = random.int(minDy, Math.round(config.noseMaxVerticalOffset * scale));
  const left = right ? frame.width / 2 + dx : frame.width / 2 - dx - size;
  const top = down ? frame.height / 2 + dy : frame.height / 2 - dy - size;
  return {
    nose: { left: Math.floor(left), top: Math.floor(top), width: size, height: size },
    targetSide: right ? 'right' : 'left',
    down,
  };
}

/**
 * The targets of a challenge: one (`original`), or a sequence in which each target lies in the
 * quadrant diagonally opposite the one before (the move changes direction in both axes), each
 * revealed after a random dwell.
 */
function targetSequence(
  frame: Size,
  area: Box,
  random: RandomSource,
  config: ChallengeConfig,
): Pick<Challenge, 'nose' | 'targetSide' | 'targets' | 'targetSides' | 'revealDelaysMs'> {
  const first = noseTarget(frame, area, random, config);
  const targets = [first.nose];
  const targetSides = [first.targetSide];
  const revealDelaysMs: number[] = [];
  let previous = { right: first.targetSide === 'right', down: first.down };
  const count = config.mode === 'sequence' ? config.sequenceLength : 1;
  for (let i = 1; i < count; i++) {
    const next = noseTarget(frame, area, random, config, previous);
    targets.push(next.nose);
    targetSides.push(next.targetSide);
    revealDelaysMs.push(random.int(config.revealDelayMinMs, config.revealDelayMaxMs));
    previous = { right: next.targetSide === 'right', down: next.down };
  }
  return { nose: first.nose, targetSide: first.targetSide, targets, targetSides, revealDelaysMs };
}

export interface CreateChallengeOptions {
  readonly frame: Size;
  /** Issue time, ms since the epoch. */
  readonly now: number;
  /** Cryptographic by default; pass a seeded source only for tests and replay. */
  readonly random?: RandomSource;
  readonly config?: ChallengeConfig;
}

export function createChallenge(options: CreateChallengeOptions): Result<Challenge> {
  const sizeError = checkFrameSize(options.frame);
  if (sizeError) return fail(sizeError);
  if (!Number.isFinite(options.now)) {
    return fail(new LivenessError('invalid_input', 'Challenge issue time must be a finite number.', 'now'));
  }
  const random = options.random ?? cryptoRandom();
  const config = options.config ?? DEFAULT_CONFIG.challenge;
  const frame = { width: options.frame.width, height: options.frame.height };
  const area = faceArea(frame, config);
  // The original draw order first (so `original` challenges are what they always were), then the
  // id, then the screen's colours (so adding them changed no earlier challenge's targets or id).
  const sequence = targetSequence(frame, area, random, config);
  const id = uuidFromBytes(random.bytes(16));
  return ok({
    id,
    createdAt: options.now,
    expiresAt: options.now + config.ttlMs,
    frame,
    area,
    ...sequence,
    lightColours: lightSequence(random, LIGHT_STEPS),
    lightStepMs: config.lightStepMs,
    secureRandom: random.secure,
  });
}

/**
 * The longest a visit under `config` can legitimately take: every phase to its timeout, every
 * target of a sequence, every dwell. A challenge must live at least this long once consumed.
 */
export function challengeLifetimeMs(config: {
  readonly face: { readonly timeoutMs: number };
  readonly area: { readonly timeoutMs: number };
  readonly nose: { readonly timeoutMs: number };
  readonly challenge: ChallengeConfig;
}): number {
  const targets = config.challenge.mode === 'sequence' ? config.challenge.sequenceLength : 1;
  return (
    config.face.timeoutMs +
    config.area.timeoutMs +
    targets * config.nose.timeoutMs +
    (targets - 1) * config.challenge.revealDelayMaxMs
  );
}

export interface ChallengeRegistryOptions {
  /** The issuer's clock, ms since the epoch; injected so tests and replays control time. */
  readonly clock: () => number;
  readonly random?: RandomSource;
  readonly config?: ChallengeConfig;
  /** Outstanding challenges kept at most; the oldest is dropped first (the original kept all). */
  readonly maxOutstanding?: number;
}

/**
 * Issues challenges and lets each be used once before it expires: a replayed or stale challenge
 * id is refused with a typed error.
 */
export class ChallengeRegistry {
  private readonly outstanding = new Map<string, Challenge>();
  /** Recently consumed ids, so a replay gets a precise error; bounded like `outstanding`. */
  private readonly used = new Set<string>();
  private readonly maxOutstanding: number;

  constructor(private readonly options: ChallengeRegistryOptions) {
    this.maxOutstanding = Math.max(1, options.maxOutstanding ?? 8);
  }

  issue(frame: Size): Result<Challenge> {
    const now = this.options.clock();
    this.dropExpired(now);
    const created = createChallenge({
      frame,
      now,
      ...(this.options.random ? { random: this.options.random } : {}),
      ...(this.options.config ? { config: this.options.config } : {}),
    });
    if (!created.ok) return created;
    while (this.outstanding.size >= this.maxOutstanding) {
      const oldest = this.outstanding.keys().next().value as string;
      this.outstanding.delete(oldest);
    }
    this.outstanding.set(created.value.id, created.value);
    return created;
  }

  /** Hands the challenge over for one session; any later call with the same id is refused. */
  consume(id: string): Result<Challenge> {
    const now = this.options.clock();
    const challenge = this.outstanding.get(id);
    if (!challenge && this.used.has(id)) {
      return fail(
        new LivenessError(
          'challenge_used',
          'This challenge was already used; start a new one.',
          'challengeId',
        ),
      );
    }
    if (!challenge) {
      return fail(
        new LivenessError(
          'challenge_unknown',
          'This challenge is unknown (never issued, or dropped); start a new one.',
          'challengeId',
        ),
      );
    }
    this.outstanding.delete(id);
    this.used.add(id);
    if (this.used.size > 8 * this.maxOutstanding) this.used.delete(this.used.values().next().value as string);
    if (now > challenge.expiresAt) {
      return fail(
        new LivenessError('challenge_expired', 'This challenge has expired; start a new one.', 'challengeId'),
      );
    }
    return ok(challenge);
  }

  get size(): number {
    return this.outstanding.size;
  }

  private dropExpired(now: number): void {
    for (const [id, c] of this.outstanding) if (now > c.expiresAt) this.outstanding.delete(id);
  }
}
