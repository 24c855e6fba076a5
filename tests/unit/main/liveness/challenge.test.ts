import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  ChallengeRegistry,
  boxContains,
  createChallenge,
  cryptoRandom,
  faceArea,
  seededRandom,
  type Challenge,
} from '../../../../main/liveness';

const VGA = { width: 640, height: 480 };

function made(seed: number, frame = VGA): Challenge {
  const r = createChallenge({ frame, now: 0, random: seededRandom(seed) });
  if (!r.ok) throw r.error;
  return r.value;
}

describe('challenge geometry at 640x480 (the original design)', () => {
  test('the face area is (185, 60, 270, 360)', () => {
    expect(faceArea(VGA)).toEqual({ left: 185, top: 60, width: 270, height: 360 });
    expect(made(1).area).toEqual({ left: 185, top: 60, width: 270, height: 360 });
  });

  test('the nose target is 20x20 with its near edge 45-75 px from the centre line', () => {
    for (let seed = 0; seed < 300; seed++) {
      const { nose, targetSide } = made(seed);
      expect(nose.width).toBe(20);
      expect(nose.height).toBe(20);
      const offset = targetSide === 'right' ? nose.left - 320 : 320 - (nose.left + nose.width);
      expect(offset).toBeGreaterThanOrEqual(45);
      expect(offset).toBeLessThanOrEqual(75);
    }
  });

  test('the nose target sits 0-40 px above or below the middle', () => {
    for (let seed = 0; seed < 300; seed++) {
      const { nose } = made(seed);
      const below = nose.top - 240;
      const above = 240 - (nose.top + nose.height);
      expect(below >= 0 ? below : above).toBeGreaterThanOrEqual(0);
      expect(below >= 0 ? below : above).toBeLessThanOrEqual(40);
    }
  });

  test('both sides and both vertical directions occur, and every offset value is reachable', () => {
    const sides = new Set<string>();
    const vertical = new Set<string>();
    const offsets = new Set<number>();
    for (let seed = 0; seed < 2000; seed++) {
      const c = made(seed);
      sides.add(c.targetSide);
      vertical.add(c.nose.top >= 240 ? 'down' : 'up');
      offsets.add(c.targetSide === 'right' ? c.nose.left - 320 : 300 - c.nose.left);
    }
    expect(sides).toEqual(new Set(['left', 'right']));
    expect(vertical).toEqual(new Set(['up', 'down']));
    expect([...offsets].sort((a, b) => a - b)).toEqual(Array.from({ length: 31 }, (_, i) => 45 + i));
  });
});

describe('challenge geometry at other capture sizes', () => {
  test('scales with the face area: 1280x720 is 1.5 times the reference', () => {
    const c = made(7, { width: 1280, height: 720 });
    expect(c.area).toEqual({ left: 437, top: 90, width: 405, height: 540 });
    expect(c.nose.width).toBe(30);
  });

  test('for any frame size the area and target lie inside the frame and the target inside the area', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 32, max: 4096 }),
        fc.integer({ min: 32, max: 4096 }),
        fc.integer(),
        (width, height, seed) => {
          const c = made(seed, { width, height });
          const frame = { left: 0, top: 0, width, height };
          return boxContains(frame, c.area) && boxContains(frame, c.nose) && boxContains(c.area, c.nose);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('an impossible frame size is a typed error', () => {
    for (const frame of [
      { width: 0, height: 480 },
      { width: -640, height: 480 },
      { width: 640.5, height: 480 },
      { width: Number.NaN, height: 480 },
      { width: 640, height: 100_000 },
    ]) {
      const r = createChallenge({ frame, now: 0 });
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid_frame_size' } });
    }
  });
});

describe('challenge randomness', () => {
  test('is cryptographic by default', () => {
    const r = createChallenge({ frame: VGA, now: 0 });
    expect(r.ok && r.value.secureRandom).toBe(true);
  });

  test('the same seed gives the same challenge, different seeds differ', () => {
    expect(made(42)).toEqual(made(42));
    expect(made(42).id).not.toBe(made(43).id);
  });

  test('ids are version-4 UUIDs and do not repeat', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const r = createChallenge({ frame: VGA, now: 0 });
      if (!r.ok) throw r.error;
      expect(r.value.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      ids.add(r.value.id);
    }
    expect(ids.size).toBe(1000);
  });

  test('the cryptographic source is roughly uniform over a small range', () => {
    const random = cryptoRandom();
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[random.int(0, 2)]! += 1;
    // Chi-square with 2 degrees of freedom: 13.8 is the 0.1% critical value.
    const chi = counts.reduce((s, c) => s + (c - 10_000) ** 2 / 10_000, 0);
    expect(chi).toBeLessThan(13.8);
  });
});

describe('challenge registry', () => {
  function registry(start = 1_000) {
    let now = start;
    const reg = new ChallengeRegistry({ clock: () => now, random: seededRandom(5), maxOutstanding: 3 });
    return { reg, advance: (ms: number) => (now += ms) };
  }
  const issue = (reg: ChallengeRegistry) => {
    const r = reg.issue(VGA);
    if (!r.ok) throw r.error;
    return r.value;
  };

  test('a challenge expires 60 s after it is issued', () => {
    const { reg } = registry();
    const c = issue(reg);
    expect(c.expiresAt - c.createdAt).toBe(60_000);
  });

  test('a challenge can be consumed once', () => {
    const { reg } = registry();
    const c = issue(reg);
    expect(reg.consume(c.id).ok).toBe(true);
    const again = reg.consume(c.id);
    expect(again).toMatchObject({ ok: false, error: { code: 'challenge_used' } });
  });

  test('an expired challenge is refused', () => {
    const { reg, advance } = registry();
    const c = issue(reg);
    advance(60_001);
    const r = reg.consume(c.id);
    expect(r).toMatchObject({ ok: false, error: { code: 'challenge_expired' } });
  });

  test('an unknown id is refused', () => {
    const { reg } = registry();
    const r = reg.consume('not-a-challenge');
    expect(r).toMatchObject({ ok: false, error: { code: 'challenge_unknown' } });
  });

  test('outstanding challenges are bounded, oldest dropped first', () => {
    const { reg } = registry();
    const first = issue(reg);
    for (let i = 0; i < 5; i++) issue(reg);
    expect(reg.size).toBe(3);
    expect(reg.consume(first.id).ok).toBe(false);
  });
});
