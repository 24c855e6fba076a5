import type { AnalyzerSettings } from '../../main/inference/face-analyzer';
import { InferenceService } from '../../main/inference/inference-service';
import { DEFAULT_CONFIG, type LivenessConfig, type Verdict } from '../../main/liveness';
import { replayClip } from '../../main/replay/replay-clip';
import { BUILT_WORKER, requireBuilt } from '../support/built';
import { portraits as demoPortraits } from '../support/demo-faces';
import { HeadRenderer } from '../support/head-renderer';
import {
  ATTACK_CLASSES,
  atFlashingKiosk,
  renderScenario,
  scenarioConfig,
  type ChallengeMode,
  type Scenario,
  type ScenarioClass,
} from './scenarios';

/*
 * Runs corpus clips through the kiosk's own replay (inference worker, session, verdict) and scores
 * them in ISO/IEC 30107-3 terms: APCER (attacks accepted) per attack class, BPCER (bona fide
 * presentations rejected). Shared by `npm run eval:spoof` and the corpus test in `npm test`.
 */

export interface ScenarioResult {
  readonly scenario: Scenario;
  readonly verdict: Verdict;
  /** Reason codes that failed. */
  readonly failed: readonly string[];
  readonly correct: boolean;
  /** Clip time from the first frame to the one the attempt ended on (the visitor's time to a verdict). */
  readonly visitMs: number;
  /** Frames analysed, and those in which exactly one face was found (face recall). */
  readonly frames: number;
  readonly oneFaceFrames: number;
}

/** Whether a class should be accepted: only completed bona fide attempts. */
export const expectAccepted = (c: ScenarioClass): boolean => c === 'live';

export interface EvaluateOptions {
  readonly config?: LivenessConfig;
  /** Inference settings (tracking on or off, say) instead of the kiosk's defaults. */
  readonly analyzer?: Partial<AnalyzerSettings>;
  readonly onResult?: (r: ScenarioResult, index: number, total: number) => void;
  readonly onRender?: (s: Scenario, index: number, total: number) => void;
}

/** Renders (or finds cached) every scenario's clip; the paths in scenario order. */
export async function renderCorpus(
  scenarios: readonly Scenario[],
  onRender?: EvaluateOptions['onRender'],
): Promise<string[]> {
  const clips: string[] = [];
  const renderer = await HeadRenderer.start();
  try {
    const needsPhotos = scenarios.some((s) => s.motion.subject.kind === 'photo');
    // Face boxes ~180 px wide: inside the walk-up distance range at 640x480.
    const portraits = needsPhotos ? await demoPortraits(180) : [];
    for (const [i, s] of scenarios.entries()) {
      onRender?.(s, i, scenarios.length);
      clips.push(await renderScenario(renderer, s, portraits));
    }
  } finally {
    await renderer.close();
  }
  return clips;
}

export async function evaluateCorpus(
  asListed: readonly Scenario[],
  options: EvaluateOptions = {},
): Promise<ScenarioResult[]> {
  // With the screen-light check on, the kiosk flashes its colours: those scenarios are rendered lit.
  const flashing = (options.config ?? DEFAULT_CONFIG).verdict.minScreenLightResponse !== null;
  const scenarios = flashing ? asListed.map(atFlashingKiosk) : asListed;
  const clips = await renderCorpus(scenarios, options.onRender);
  const inference = new InferenceService({
    workerPath: requireBuilt(BUILT_WORKER),
    ...(options.analyzer ? { settings: options.analyzer } : {}),
  });
  await inference.start();
  const results: ScenarioResult[] = [];
  try {
    for (const [i, scenario] of scenarios.entries()) {
      const { verdict, attempt } = await replayClip({
        clipPath: clips[i]!,
        inference,
        seed: scenario.seed,
        config: scenarioConfig(scenario, options.config),
        screenLight: scenario.motion.light === true,
      });
      const frames = attempt.frames;
      const result: ScenarioResult = {
        scenario,
        verdict,
        failed: verdict.reasons.filter((r) => r.evaluated && !r.passed).map((r) => r.code),
        correct: verdict.live === expectAccepted(scenario.class),
        visitMs: frames.length ? frames[frames.length - 1]!.timestampMs - frames[0]!.timestampMs : 0,
        frames: frames.length,
        oneFaceFrames: frames.filter((f) => f.faceCount === 1).length,
      };
      results.push(result);
      options.onResult?.(result, i, scenarios.length);
    }
  } finally {
    await inference.close();
  }
  return results;
}

export interface ClassSummary {
  readonly class: ScenarioClass;
  readonly mode: ChallengeMode;
  readonly kind: 'attack' | 'bona fide' | 'bona fide, incomplete';
  readonly count: number;
  readonly accepted: number;
  /** APCER for attacks, BPCER for bona fide, as a fraction. */
  readonly errorRate: number;
  readonly medianScore: number;
  /** How often each failed reason appeared. */
  readonly reasons: Readonly<Record<string, number>>;
  /** Bona fide: median time to the verdict of the accepted clips, ms (NaN when none). */
  readonly medianVisitMs: number;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : NaN;
};

const modeOf = (s: Scenario): ChallengeMode => s.motion.mode ?? 'original';

/** One row per class and challenge mode. */
export function summarise(results: readonly ScenarioResult[]): ClassSummary[] {
  const groups = [...new Set(results.map((r) => `${r.scenario.class}/${modeOf(r.scenario)}`))];
  return groups.map((group) => {
    const [cls, mode] = group.split('/') as [ScenarioClass, ChallengeMode];
    const rows = results.filter((r) => r.scenario.class === cls && modeOf(r.scenario) === mode);
    const accepted = rows.filter((r) => r.verdict.live).length;
    const attack = ATTACK_CLASSES.includes(cls);
    const reasons: Record<string, number> = {};
    for (const r of rows) for (const code of r.failed) reasons[code] = (reasons[code] ?? 0) + 1;
    return {
      class: cls,
      mode,
      medianVisitMs: median(rows.filter((r) => r.verdict.live).map((r) => r.visitMs)),
      kind: attack ? 'attack' : cls === 'live' ? 'bona fide' : 'bona fide, incomplete',
      count: rows.length,
      accepted,
      errorRate: attack || cls !== 'live' ? accepted / rows.length : (rows.length - accepted) / rows.length,
      medianScore: median(rows.map((r) => r.verdict.score)),
      reasons,
    };
  });
}

export function formatTable(summary: readonly ClassSummary[]): string {
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  const lines = [
    '| class | challenge | kind | clips | accepted | APCER | BPCER | median score | median time to verdict (accepted) | failed checks (count) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const s of summary) {
    const apcer = s.kind === 'attack' ? pct(s.errorRate) : '';
    const bpcer = s.kind === 'bona fide' ? pct(s.errorRate) : '';
    const reasons = Object.entries(s.reasons)
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]) => `${code} ${n}`)
      .join(', ');
    lines.push(
      `| ${s.class} | ${s.mode} | ${s.kind} | ${s.count} | ${s.accepted} | ${apcer} | ${bpcer} | ${s.medianScore.toFixed(3)} | ${
        s.kind === 'bona fide' && Number.isFinite(s.medianVisitMs)
          ? `${(s.medianVisitMs / 1000).toFixed(2)} s`
          : ''
      } | ${reasons} |`,
    );
  }
  return lines.join('\n');
}

/** Per check and class, the range of values it measured (evaluated clips only): the margins. */
export function checkRanges(
  results: readonly ScenarioResult[],
  codes: readonly string[],
): { code: string; cls: ScenarioClass; min: number; max: number; n: number }[] {
  const out: { code: string; cls: ScenarioClass; min: number; max: number; n: number }[] = [];
  for (const code of codes) {
    for (const cls of [...new Set(results.map((r) => r.scenario.class))]) {
      const values = results
        .filter((r) => r.scenario.class === cls)
        .map((r) => r.verdict.reasons.find((x) => x.code === code))
        .filter((x) => x !== undefined && x.evaluated && x.value !== null)
        .map((x) => x!.value!);
      if (values.length)
        out.push({ code, cls, min: Math.min(...values), max: Math.max(...values), n: values.length });
    }
  }
  return out;
}
