import {
  createChallenge,
  resolveConfig,
  seededRandom,
  type Box,
  type LivenessConfig,
} from '../../main/liveness';

/*
 * The attacker who shows a recording on a screen that fills the camera's view, held still: nothing
 * of a carrier is in view and the recorded head is real, so the checks on the face pass whenever
 * the recording's nose lands in each target. What stops them is only that the targets cannot be
 * known in advance. This measures, with the kiosk's own challenge generator, how often the best
 * recording from a library lands in the targets:
 *
 * - `picksAfterFirst`: holds a recording for every path, and picks one after seeing the first
 *   target (so the first is always right); every later target must be guessed.
 * - `guessesAll`: picks before anything is shown: every target guessed.
 *
 * A guess is the point a recording's nose ends at; the best point for a target is the one most
 * often inside it, given what the attacker knows (the quadrant it must lie in, from the one before).
 * Timing is no obstacle: a recording that waits out the longest dwell (900 ms) starts after any reveal.
 */

export interface AttackerRates {
  readonly mode: string;
  readonly targets: number;
  /** Chance a single attempt succeeds. */
  readonly picksAfterFirst: number;
  readonly guessesAll: number;
  /** Expected attempts to the first success (1 / rate). */
  readonly expectedTriesPicking: number;
  /** Chance of success before the failure lockout (`maxFailures` failures) stops the kiosk. */
  readonly beforeLockoutPicking: number;
}

const inside = (b: Box, x: number, y: number): boolean =>
  x >= b.left && x <= b.left + b.width && y >= b.top && y <= b.top + b.height;

/** The best single aim point for the k-th target, and how often it lands, over sampled challenges. */
function bestAim(targets: readonly Box[], frame: { width: number; height: number }): number {
  let best = 0;
  for (let y = 0; y < frame.height; y += 2) {
    for (let x = 0; x < frame.width; x += 2) {
      let hits = 0;
      for (const t of targets) if (inside(t, x, y)) hits += 1;
      best = Math.max(best, hits / targets.length);
    }
  }
  return best;
}

export function attackerRates(config: LivenessConfig, samples = 4000, maxFailures = 5): AttackerRates {
  const frame = { width: 640, height: 480 };
  // Targets by position in the sequence; later ones relative to the quadrant of the one before
  // (mirrored into one quadrant, which the attacker knows once the previous target is shown).
  const byIndex: Box[][] = [];
  for (let seed = 1; seed <= samples; seed++) {
    const made = createChallenge({ frame, now: 0, random: seededRandom(seed), config: config.challenge });
    if (!made.ok) throw made.error;
    made.value.targets.forEach((t, k) => {
      const mirrorX = k > 0 && made.value.targets[k - 1]!.left > frame.width / 2;
      const mirrorY = k > 0 && made.value.targets[k - 1]!.top > frame.height / 2;
      const box: Box = {
        left: mirrorX ? frame.width - t.left - t.width : t.left,
        top: mirrorY ? frame.height - t.top - t.height : t.top,
        width: t.width,
        height: t.height,
      };
      (byIndex[k] ??= []).push(box);
    });
  }
  const perTarget = byIndex.map((boxes) => bestAim(boxes, frame));
  const later = perTarget.slice(1).reduce((p, q) => p * q, 1);
  const picking = later;
  const rate = {
    mode: config.challenge.mode,
    targets: byIndex.length,
    picksAfterFirst: picking,
    guessesAll: perTarget[0]! * later,
    expectedTriesPicking: 1 / picking,
    beforeLockoutPicking: 1 - (1 - picking) ** maxFailures,
  };
  return rate;
}

/** Rates for `original` and sequences of 2 and 3 targets with everything else at its default. */
export function attackerTable(samples?: number): AttackerRates[] {
  const configs = [
    {},
    { challenge: { mode: 'sequence', sequenceLength: 2 } },
    { challenge: { mode: 'sequence', sequenceLength: 3 } },
  ];
  return configs.map((input) => {
    const resolved = resolveConfig(input);
    if (!resolved.ok) throw resolved.error;
    return attackerRates(resolved.value, samples);
  });
}
