import { describe, expect, test } from 'vitest';
import {
  DEFAULT_CONFIG,
  LIGHT_CHANGE_SETTLE_MS,
  LIGHT_PALETTE,
  LivenessSession,
  lightResponse,
  lightSequence,
  lightStepAt,
  resolveConfig,
  screenLightMode,
  screenLightShown,
  seededRandom,
  type Challenge,
  type LightSample,
  type LivenessConfig,
  type Observation,
  type Rgb,
  type Verdict,
} from '../../../../main/liveness';
import { ROOM, skinUnder } from '../../../support/fake-inference';
import { seededChallenge, visitorFrames } from '../../../support/visitor';

/** Frames at 15 fps over the challenge's first `count` colour steps. */
function samples(
  colours: readonly number[],
  count: number,
  reflect: number,
  gainsAt: (t: number) => Rgb = () => [1, 1, 1],
): LightSample[] {
  const out: LightSample[] = [];
  for (let t = 0; t < count * 350; t += 1000 / 15) {
    const shown = lightStepAt(t, 350, colours.length);
    const onScreen = LIGHT_PALETTE[colours[Math.floor(t / 350)]!]!;
    const g = gainsAt(t);
    out.push({
      shown,
      face: skinUnder(onScreen, reflect, g),
      scene: [ROOM[0] * g[0], ROOM[1] * g[1], ROOM[2] * g[2]],
    });
  }
  return out;
}

describe('the screen-light check', () => {
  test('the colour sequence is random, never shows a colour twice in a row, and uses every colour', () => {
    const a = lightSequence(seededRandom(1), 300);
    const b = lightSequence(seededRandom(2), 300);
    expect(a).not.toEqual(b);
    expect(a.every((c, i) => i === 0 || c !== a[i - 1])).toBe(true);
    expect(new Set(a)).toEqual(new Set([0, 1, 2]));
  });

  test('frames captured while a change settles count for neither colour', () => {
    expect(lightStepAt(0, 350, 10)).toBeNull();
    expect(lightStepAt(LIGHT_CHANGE_SETTLE_MS, 350, 10)).toBe(0);
    expect(lightStepAt(350 + LIGHT_CHANGE_SETTLE_MS - 1, 350, 10)).toBeNull();
    expect(lightStepAt(700 + 100, 350, 10)).toBe(2);
    expect(lightStepAt(3500 + 100, 350, 10)).toBeNull();
    expect(lightStepAt(-5, 350, 10)).toBeNull();
  });

  test('a face that reflects the screen follows its colours; one that does not reads about nothing', () => {
    const colours = lightSequence(seededRandom(3), 300);
    const live = lightResponse(samples(colours, 8, 0.2), colours);
    const screen = lightResponse(samples(colours, 8, 0), colours);
    expect(live.changes).toBe(7);
    expect(live.response!).toBeGreaterThan(0.05);
    expect(Math.abs(screen.response!)).toBeLessThan(1e-9);
  });

  test("the camera's white balance drifting with the light changes the response by under 1%: face and scene move alike", () => {
    const colours = lightSequence(seededRandom(4), 300);
    const drifting = (t: number): Rgb => [1 + 0.3 * Math.sin(t / 300), 1, 1 - 0.2 * Math.cos(t / 500)];
    const still = lightResponse(samples(colours, 8, 0.2), colours).response!;
    const drifted = lightResponse(samples(colours, 8, 0.2, drifting), colours).response!;
    expect(Math.abs(drifted - still)).toBeLessThan(0.01 * still);
  });

  test('without colours shown nothing is measured', () => {
    const colours = lightSequence(seededRandom(5), 300);
    const none = samples(colours, 8, 0.2).map((s) => ({ ...s, shown: null }));
    expect(lightResponse(none, colours)).toEqual({ response: null, changes: 0 });
  });
});

describe('a visit judged on the screen light', () => {
  const resolved = resolveConfig({ verdict: { minScreenLightResponse: 0.03 } });
  if (!resolved.ok) throw resolved.error;
  const config = resolved.value;

  function visit(
    challenge: Challenge,
    light: (o: Observation, t: number) => LightSample | undefined,
    settings: LivenessConfig = config,
  ): Verdict {
    const session = new LivenessSession(challenge, { config: settings });
    const frames = visitorFrames(challenge);
    const start = frames[0]!.timestampMs;
    for (const f of frames) {
      const r = session.step({ ...f, light: light(f, f.timestampMs - start) });
      if (!r.ok) throw r.error;
      if (r.value.done) break;
    }
    if (!session.verdict) session.cancel();
    return session.verdict!;
  }

  const lit =
    (challenge: Challenge, reflect: number) =>
    (_: Observation, t: number): LightSample => {
      const step = Math.floor(t / challenge.lightStepMs);
      const colour = LIGHT_PALETTE[challenge.lightColours[step]!]!;
      return {
        shown: lightStepAt(t, challenge.lightStepMs, challenge.lightColours.length),
        face: skinUnder(colour, reflect),
        scene: ROOM,
      };
    };

  test('a face in front of the kiosk, lit by its screen, passes', () => {
    const challenge = seededChallenge(1);
    const v = visit(challenge, lit(challenge, 0.2));
    const reason = v.reasons.find((r) => r.code === 'screen_light')!;
    expect(reason, reason.message).toMatchObject({ passed: true, evaluated: true, threshold: 0.03 });
    expect(reason.value!).toBeGreaterThan(0.03);
    expect(v.live).toBe(true);
  });

  test('a face that does not reflect the screen (a recording on a display) fails with its own reason', () => {
    const challenge = seededChallenge(1);
    const v = visit(challenge, lit(challenge, 0));
    expect(v.live).toBe(false);
    expect(v.reasons.filter((r) => !r.passed).map((r) => r.code)).toEqual(['screen_light']);
  });

  test('colours shown over too few changes to judge fail the check rather than pass it', () => {
    const challenge = seededChallenge(1);
    const v = visit(challenge, (o, t) => ({ ...lit(challenge, 0.2)(o, t), shown: t < 700 ? 0 : null }));
    expect(v.reasons.find((r) => r.code === 'screen_light')).toMatchObject({
      passed: false,
      evaluated: true,
    });
  });

  test('a clip made without colours on screen leaves the check out', () => {
    const challenge = seededChallenge(1);
    const v = visit(challenge, () => undefined);
    expect(v.reasons.find((r) => r.code === 'screen_light')).toMatchObject({ passed: true, value: null });
    expect(v.live).toBe(true);
  });

  describe('measured in shadow (observe mode, no bar set)', () => {
    const observing = resolveConfig({ verdict: { observeScreenLight: true } });
    if (!observing.ok) throw observing.error;

    test('a face that does not reflect the screen is measured and recorded, and still passes', () => {
      const challenge = seededChallenge(1);
      const v = visit(challenge, lit(challenge, 0), observing.value);
      const reason = v.reasons.find((r) => r.code === 'screen_light')!;
      expect(reason).toMatchObject({ passed: true, evaluated: true, threshold: null });
      expect(reason.value).toBeCloseTo(0, 2);
      expect(reason.message).toMatch(/Measured, not enforced \(observe mode\): response/);
      expect(v.live).toBe(true);
    });

    test('a lit face is measured with its response', () => {
      const challenge = seededChallenge(1);
      const v = visit(challenge, lit(challenge, 0.2), observing.value);
      expect(v.reasons.find((r) => r.code === 'screen_light')!.value!).toBeGreaterThan(0.1);
    });

    test('once a bar is set it is enforced, observe mode or not', () => {
      const both = resolveConfig({ verdict: { observeScreenLight: true, minScreenLightResponse: 0.03 } });
      if (!both.ok) throw both.error;
      const challenge = seededChallenge(1);
      expect(visit(challenge, lit(challenge, 0), both.value).live).toBe(false);
    });

    test('the kiosk shows the colours when the check judges or measures them, and not when it is off', () => {
      expect(screenLightShown(observing.value)).toBe(true);
      expect(screenLightShown(config)).toBe(true);
      expect(screenLightShown(DEFAULT_CONFIG)).toBe(false);
      // The mode staff see in health: a bar set wins over observe mode.
      expect([observing.value, config, DEFAULT_CONFIG].map(screenLightMode)).toEqual([
        'observe',
        'enforce',
        'off',
      ]);
    });
  });
});
