import { marginOf, notEvaluated, type AttemptCheck, type CheckOutcome } from './check';
import type { LivenessConfig } from './config';
import type { RandomSource } from './random';

/*
 * The kiosk's own light as evidence of a face: during the visit the screen around the camera view
 * changes colour in a random sequence (a new colour every `lightStepMs`, never the same twice in a
 * row). Skin a few decimetres away reflects it, so the face's colour moves with the sequence; a
 * phone or tablet showing a recording emits its own picture and reflects only a little off its
 * glass, and a recording made earlier was lit by something else. The face's colour is read against
 * the whole frame's (log-chromaticity, face minus scene), which cancels the camera's automatic white
 * balance and exposure: they scale every pixel's channels alike. Pure: data in, data out.
 */

export type Rgb = readonly [number, number, number];

/**
 * The colours the screen shows, in display RGB: white, a warm red and a blue. No green: a face lit
 * green lost the face detector's confidence on the corpus's renders (0.45 against 0.74-0.85 under
 * the others, turned 30 degrees in the room) and lost the face in 7 lit Face Cap visits. Changes come
 * at most every `lightStepMs` (default 300 ms: under 3.5 changes a second, within WCAG 2.3.1's
 * three flashes a second).
 */
export const LIGHT_PALETTE: readonly Rgb[] = [
  [255, 255, 255],
  [255, 80, 60],
  [70, 110, 255],
];

/**
 * A random colour sequence of `count` steps (palette indices), no colour twice in a row: each step
 * moves on by one or two places round the palette, from one byte each (one call to the random
 * source for the whole sequence: a challenge is made at every visit's start).
 */
export function lightSequence(random: RandomSource, count: number): number[] {
  if (count <= 0) return [];
  const n = LIGHT_PALETTE.length;
  const colours = [random.int(0, n - 1)];
  const steps = random.bytes(count - 1);
  // With three colours, one or two places on is uniform over the two that differ from the last.
  for (const byte of steps) colours.push((colours[colours.length - 1]! + 1 + (byte % (n - 1))) % n);
  return colours;
}

/**
 * A change of colour reaches the camera a little after it is drawn (the display's refresh, the
 * camera's exposure and readout): frames captured this soon after a change say nothing of either colour.
 */
export const LIGHT_CHANGE_SETTLE_MS = 80;

/**
 * The step on screen at `sinceStartMs` after the screen began the sequence, or null while a change
 * is settling (and past the sequence's end). The renderer paints by this rule; a recorded clip
 * made at a kiosk that began with its first frame is read by it.
 */
export function lightStepAt(sinceStartMs: number, stepMs: number, steps: number): number | null {
  if (sinceStartMs < 0) return null;
  const step = Math.floor(sinceStartMs / stepMs);
  if (step >= steps) return null;
  return sinceStartMs - step * stepMs < LIGHT_CHANGE_SETTLE_MS ? null : step;
}

/** What one frame says about the light: the step shown when it was captured, and the colours seen. */
export interface LightSample {
  /** Index into the challenge's colour sequence on screen at capture; null: none, or a change under way. */
  readonly shown: number | null;
  /** Mean colour of the single face's central part (camera RGB); null without exactly one face. */
  readonly face: Rgb | null;
  /** Mean colour of the whole frame. */
  readonly scene: Rgb | null;
}

/**
 * Log-chromaticity (ln R/G, ln B/G): unchanged when all three channels scale alike. Channels are
 * floored at half a level (a black channel has no logarithm), not offset: an offset would break
 * that invariance by about 1% under a white-balance swing.
 */
export function chroma(rgb: Rgb): readonly [number, number] {
  const g = Math.max(rgb[1], 0.5);
  return [Math.log(Math.max(rgb[0], 0.5) / g), Math.log(Math.max(rgb[2], 0.5) / g)];
}

/** Steps seen on frames are compared when at most this far apart. */
const MAX_STEP_GAP = 3;

export interface LightResponse {
  /**
   * Median over colour changes of how far the face's colour (against the scene's) moved toward the
   * new colour, as a share of the change in the emitted colour's chromaticity. A face that
   * reflects nothing of the screen reads about 0.
   */
  readonly response: number | null;
  /** Colour changes measured (steps seen on frames, compared with the one seen before). */
  readonly changes: number;
}

/** How much of the screen's colour sequence the face reflected. */
export function lightResponse(samples: readonly LightSample[], colours: readonly number[]): LightResponse {
  // Per step shown: the mean of face-minus-scene chromaticity over its frames.
  const steps = new Map<number, { sum: [number, number]; n: number }>();
  for (const s of samples) {
    if (s.shown === null || !s.face || !s.scene || colours[s.shown] === undefined) continue;
    const f = chroma(s.face);
    const b = chroma(s.scene);
    const entry = steps.get(s.shown) ?? { sum: [0, 0], n: 0 };
    entry.sum[0] += f[0] - b[0];
    entry.sum[1] += f[1] - b[1];
    entry.n += 1;
    steps.set(s.shown, entry);
  }
  // Consecutive steps seen, also across one or two steps no frame caught (a slow camera), as long
  // as the colour differs: further apart, the head's own movement would blur the comparison.
  const seen = [...steps.keys()].sort((a, b) => a - b);
  const responses: number[] = [];
  for (let i = 1; i < seen.length; i++) {
    const step = seen[i - 1]!;
    const later = seen[i]!;
    if (later - step > MAX_STEP_GAP) continue;
    const here = steps.get(step)!;
    const next = steps.get(later)!;
    const from = chroma(LIGHT_PALETTE[colours[step]!]!);
    const to = chroma(LIGHT_PALETTE[colours[later]!]!);
    const emitted = [to[0] - from[0], to[1] - from[1]] as const;
    const norm = emitted[0] ** 2 + emitted[1] ** 2;
    if (norm < 1e-9) continue;
    const moved = [next.sum[0] / next.n - here.sum[0] / here.n, next.sum[1] / next.n - here.sum[1] / here.n];
    responses.push((moved[0]! * emitted[0] + moved[1]! * emitted[1]) / norm);
  }
  if (responses.length === 0) return { response: null, changes: 0 };
  const sorted = [...responses].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { response: median, changes: responses.length };
}

/** Not judged, and by design no reason to refuse: it neither fails the attempt nor moves its score. */
const standAside = (message: string): CheckOutcome => ({
  passed: true,
  message,
  value: null,
  threshold: null,
  margin: 1,
});

/** Off; measured in shadow, refusing no one (observe); or judged against the bar (enforce). */
export type ScreenLightMode = 'off' | 'observe' | 'enforce';

export const screenLightMode = (config: LivenessConfig): ScreenLightMode =>
  config.verdict.minScreenLightResponse !== null
    ? 'enforce'
    : config.verdict.observeScreenLight
      ? 'observe'
      : 'off';

/** Whether the kiosk shows the colour sequence: the check judges it, or measures it in shadow. */
export const screenLightShown = (config: LivenessConfig): boolean => screenLightMode(config) !== 'off';

export const screenLight: AttemptCheck = {
  code: 'screen_light',
  evaluate(a) {
    if (a.outcome !== 'success' || a.areaStartIndex === null)
      return notEvaluated('Judged only once the nose reaches the target.');
    const threshold = a.config.verdict.minScreenLightResponse;
    if (!screenLightShown(a.config)) return standAside('The screen-light check is off (liveness setting).');
    const samples = a.frames.slice(a.areaStartIndex).flatMap((f) => (f.light ? [f.light] : []));
    // A host that shows no colours (a replay of a plain clip, the cloud's frames) leaves this check
    // out; the kiosk's screen always shows them, so at a kiosk it is always judged.
    if (!samples.some((s) => s.shown !== null))
      return standAside('No colours were shown on screen during this attempt, so none could be reflected.');
    const { response, changes } = lightResponse(samples, a.challenge.lightColours);
    const needed = a.config.verdict.minLightChanges;
    if (threshold === null) {
      // Measured in shadow: the value is recorded for staff to set a bar from, and refuses no one.
      const measured =
        response === null || changes < needed
          ? `measured over ${changes} colour changes; ${needed} are needed to judge`
          : `response ${response.toFixed(3)} over ${changes} colour changes`;
      return { ...standAside(`Measured, not enforced (observe mode): ${measured}.`), value: response };
    }
    if (response === null || changes < needed) {
      return {
        passed: false,
        message: `The screen's light on the face could be measured over ${changes} colour changes; ${needed} are needed.`,
        value: response,
        threshold,
        margin: -1,
      };
    }
    const passed = response >= threshold;
    return {
      passed,
      message: passed
        ? `The face reflected the screen's changing colours (response ${response.toFixed(3)}).`
        : `The face did not reflect the screen's changing colours (response ${response.toFixed(3)}; a face in front of the kiosk reads at least ${threshold}).`,
      value: response,
      threshold,
      margin: marginOf(response, threshold, true),
    };
  },
};
