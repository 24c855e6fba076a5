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
 * A guess is either the point a recording's nose stops at (the best point for a target is the one
 * most often inside it, given what the attacker knows: the quadrant it must lie in, from the one
 * before), or, stronger, a sweep: the nose moves in a straight, smooth line from where it is (the
 * target just reached) in the direction most likely to cross the next target, chosen for that
 * starting point from a library of one recording per degree, and a target counts as soon as the
 * nose enters it anywhere on the way, as the session does. Timing is no obstacle: a recording that
 * waits out the longest dwell (900 ms) starts after any reveal.
 */

export interface AttackerRates {
  readonly mode: string;
  readonly targets: number;
  /** Chance a single attempt succeeds: the nose stops at the best point for each later target. */
  readonly picksAfterFirst: number;
  readonly guessesAll: number;
  /** The same attacker sweeping through each later target's region in a straight line. */
  readonly sweepsAfterFirst: number;
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

/** Whether a ray from (ox, oy) in direction (dx, dy) enters the box (slab test). */
function rayHits(ox: number, oy: number, dx: number, dy: number, b: Box): boolean {
  let near = 0;
  let far = Infinity;
  for (const [o, d, lo, hi] of [
    [ox, dx, b.left, b.left + b.width],
    [oy, dy, b.top, b.top + b.height],
  ] as const) {
    if (Math.abs(d) < 1e-12) {
      if (o < lo || o > hi) return false;
      continue;
    }
    const t1 = (lo - o) / d;
    const t2 = (hi - o) / d;
    near = Math.max(near, Math.min(t1, t2));
    far = Math.min(far, Math.max(t1, t2));
  }
  return far >= near;
}

/**
 * The sweeping attacker's chance for one later target: for each starting point (the target before,
 * mirrored), the best of 360 directions over the sampled next targets (drawn independently of
 * where the one before was), averaged over starting points.
 */
function sweepRate(starts: readonly Box[], next: readonly Box[]): number {
  const seen = new Map<string, number>();
  let total = 0;
  for (const s of starts) {
    const ox = s.left + s.width / 2;
    const oy = s.top + s.height / 2;
    const key = `${ox},${oy}`;
    let best = seen.get(key);
    if (best === undefined) {
      best = 0;
      for (let deg = 0; deg < 360; deg++) {
        const dx = Math.cos((deg * Math.PI) / 180);
        const dy = Math.sin((deg * Math.PI) / 180);
        let hits = 0;
        for (const b of next) if (rayHits(ox, oy, dx, dy, b)) hits += 1;
        best = Math.max(best, hits / next.length);
      }
      seen.set(key, best);
    }
    total += best;
  }
  return total / starts.length;
}

export function attackerRates(config: LivenessConfig, samples = 4000, maxFailures = 5): AttackerRates {
  const frame = { width: 640, height: 480 };
  // Targets by position in the sequence; later ones relative to the quadrant of the one before
  // (mirrored into one quadrant, which the attacker knows once the previous target is shown).
  const byIndex: Box[][] = [];
  // Per later target: the one before it, mirrored the same way (where the nose starts from).
  const fromIndex: Box[][] = [];
  for (let seed = 1; seed <= samples; seed++) {
    const made = createChallenge({ frame, now: 0, random: seededRandom(seed), config: config.challenge });
    if (!made.ok) throw made.error;
    made.value.targets.forEach((t, k) => {
      const mirrorX = k > 0 && made.value.targets[k - 1]!.left > frame.width / 2;
      const mirrorY = k > 0 && made.value.targets[k - 1]!.top > frame.height / 2;
      const mirror = (b: Box): Box => ({
        left: mirrorX ? frame.width - b.left - b.width : b.left,
        top: mirrorY ? frame.height - b.top - b.height : b.top,
        width: b.width,
        height: b.height,
      });
      (byIndex[k] ??= []).push(mirror(t));
      if (k > 0) (fromIndex[k] ??= []).push(mirror(made.value.targets[k - 1]!));
    });
  }
  const perTarget = byIndex.map((boxes) => bestAim(boxes, frame));
  const later = perTarget.slice(1).reduce((p, q) => p * q, 1);
  const picking = later;
  // 200 starting points are plenty for the average; every sampled next target is tried.
  const sweeps = byIndex.slice(1).map((boxes, j) => sweepRate(fromIndex[j + 1]!.slice(0, 200), boxes));
  const rate = {
    mode: config.challenge.mode,
    targets: byIndex.length,
    picksAfterFirst: picking,
    sweepsAfterFirst: sweeps.reduce((p, q) => p * q, 1),
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
