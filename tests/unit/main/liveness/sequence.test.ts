import { describe, expect, test } from 'vitest';
import {
  ChallengeSchema,
  LivenessSession,
  boxCenter,
  createChallenge,
  resolveConfig,
  seededRandom,
  type Challenge,
  type LivenessConfig,
  type StepView,
  type Verdict,
} from '../../../../main/liveness';
import { visitorFrames, type VisitorPlan } from '../../../support/visitor';

/*
 * The sequence challenge: targets revealed one at a time, each after a random dwell, each in the
 * quadrant diagonally opposite the one before, so a recording made before the visit cannot know the
 * path. A visitor who follows what the screen shows passes; a recording of one turn does not.
 */

function config(length = 3): LivenessConfig {
  const r = resolveConfig({ challenge: { mode: 'sequence', sequenceLength: length } });
  if (!r.ok) throw r.error;
  return r.value;
}

function sequence(seed: number, length = 3): Challenge {
  const r = createChallenge({
    frame: { width: 640, height: 480 },
    now: 0,
    random: seededRandom(seed),
    config: config(length).challenge,
  });
  if (!r.ok) throw r.error;
  return r.value;
}

function play(c: Challenge, plan: VisitorPlan = {}): { verdict: Verdict; views: StepView[] } {
  const s = new LivenessSession(c, { config: config(c.targets.length) });
  const views: StepView[] = [];
  for (const f of visitorFrames(c, plan)) {
    const r = s.step(f);
    if (!r.ok) throw r.error;
    views.push(r.value);
    if (r.value.done) break;
  }
  // A recording that stops moving: time passes until the target's time is up.
  if (!s.verdict) s.tick((views.at(-1)?.timeLeftMs ?? 0) + 20_000 + 1000 * views.length);
  return { verdict: s.verdict!, views };
}

const reason = (v: Verdict, code: string) => v.reasons.find((r) => r.code === code)!;
const quadrant = (c: Challenge, i: number) => {
  const centre = boxCenter(c.targets[i]!);
  return { right: centre.x > c.frame.width / 2, down: centre.y > c.frame.height / 2 };
};

describe('a sequence challenge', () => {
  test.each([1, 2, 3, 4, 5])(
    'has its targets in diagonally opposite quadrants, in turn (seed %i)',
    (seed) => {
      const c = sequence(seed);
      expect(c.targets).toHaveLength(3);
      expect(c.targets[0]).toEqual(c.nose);
      expect(c.targetSides[0]).toBe(c.targetSide);
      for (let i = 1; i < 3; i++) {
        expect(quadrant(c, i).right).toBe(!quadrant(c, i - 1).right);
        expect(quadrant(c, i).down).toBe(!quadrant(c, i - 1).down);
        expect(c.targetSides[i]).toBe(quadrant(c, i).right ? 'right' : 'left');
        // Well off the middle line, so the move changes direction in both axes.
        expect(Math.abs(boxCenter(c.targets[i]!).y - 240)).toBeGreaterThanOrEqual(15);
      }
    },
  );

  test('waits a random 300-900 ms before each next target, and the draws differ between challenges', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].flatMap((seed) => sequence(seed).revealDelaysMs);
    expect(delays).toHaveLength(16);
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(300);
    for (const d of delays) expect(d).toBeLessThanOrEqual(900);
    expect(new Set(delays).size).toBeGreaterThan(8);
    expect(new Set([1, 2, 3, 4, 5].map((seed) => JSON.stringify(sequence(seed).targets))).size).toBe(5);
  });

  test('the original mode is one target, drawn exactly as before', () => {
    const c = createChallenge({ frame: { width: 640, height: 480 }, now: 0, random: seededRandom(7) });
    if (!c.ok) throw c.error;
    expect(c.value.targets).toEqual([c.value.nose]);
    expect(c.value.revealDelaysMs).toEqual([]);
    // The same seed's first target is the same in both modes: sequences only add draws after it.
    expect(sequence(7).nose).toEqual(c.value.nose);
  });

  test('a challenge record from before sequences reads back as its single target', () => {
    const { targets: _t, targetSides: _s, revealDelaysMs: _d, ...old } = sequence(3);
    const read = ChallengeSchema.parse(old);
    expect(read.targets).toEqual([old.nose]);
    expect(read.targetSides).toEqual([old.targetSide]);
    expect(read.revealDelaysMs).toEqual([]);
  });

  test('a record whose sequence does not start at its first target is refused', () => {
    const c = sequence(3);
    expect(ChallengeSchema.safeParse({ ...c, targets: [...c.targets].reverse() }).success).toBe(false);
    expect(ChallengeSchema.safeParse({ ...c, revealDelaysMs: [] }).success).toBe(false);
  });
});

describe('a visitor following a sequence', () => {
  test.each([1, 2, 3, 4])('who follows every target as it appears passes every check (seed %i)', (seed) => {
    const { verdict } = play(sequence(seed));
    expect(verdict.reasons.filter((r) => !r.passed)).toEqual([]);
    expect(verdict.live).toBe(true);
    expect(reason(verdict, 'nose_reached_target').message).toMatch(/all 3 targets/);
  });

  test('sees only the current target: the next stays hidden until its dwell is over', () => {
    const c = sequence(2);
    const { views } = play(c);
    const shown = views.filter((v) => v.phase === 'nose').map((v) => v.overlay.target);
    // Targets appear in order, each after a stretch of frames showing none.
    const order = shown.filter((t, i) => t !== null && (i === 0 || shown[i - 1] !== t));
    expect(order).toEqual([c.targets[0], c.targets[1], c.targets[2]]);
    expect(shown.filter((t) => t === null).length).toBeGreaterThan(2);
    const holding = views.filter((v) => v.overlay.target === null && v.phase === 'nose');
    expect(new Set(holding.map((v) => v.guidance))).toEqual(new Set(['nose.hold_still']));
  });

  test('progress climbs through every target and ends at 1', () => {
    const { views } = play(sequence(2));
    const progress = views.map((v) => v.progress);
    expect(progress.at(-1)).toBe(1);
    expect(progress.some((p) => p > 0.55 && p < 0.85)).toBe(true);
  });

  test('a recording of one turn reaches the first target and then times out on the second', () => {
    const { verdict } = play(sequence(2), { followTargets: 1 });
    expect(verdict.live).toBe(false);
    expect(verdict.failure).toBe('nose_timeout');
    expect(reason(verdict, 'nose_reached_target')).toMatchObject({ passed: false, evaluated: true });
    expect(reason(verdict, 'nose_reached_target').message).toMatch(/target 2 of 3/);
  });

  test("a recording made for another challenge's sequence does not pass", () => {
    // Same first target (the visible one), another sequence after it: what a library of turns guesses.
    const mine = sequence(11);
    let other: Challenge | null = null;
    for (let seed = 12; !other; seed++) {
      const c = sequence(seed);
      if (
        c.targetSide === mine.targetSide &&
        JSON.stringify(c.targets[1]) !== JSON.stringify(mine.targets[1])
      )
        other = c;
    }
    const recorded = visitorFrames({
      ...other,
      nose: mine.nose,
      targets: [mine.nose, ...other.targets.slice(1)],
    });
    const s = new LivenessSession(mine, { config: config() });
    for (const f of recorded) {
      const r = s.step(f);
      if (!r.ok) throw r.error;
      if (r.value.done) break;
    }
    if (!s.verdict) s.tick(recorded.at(-1)!.timestampMs + 20_000);
    expect(s.verdict!.live).toBe(false);
  });

  test('the nose time runs per target, from the moment it appears', () => {
    const c = sequence(4);
    const { views } = play(c);
    const firstShown = views.findIndex(
      (v, i) => i > 0 && views[i - 1]!.overlay.target === null && v.overlay.target !== null,
    );
    expect(firstShown).toBeGreaterThan(0);
    // Right after the reveal, the full nose time is left again.
    expect(views[firstShown]!.timeLeftMs).toBeGreaterThan(9_900);
  });
});
