/*
 * npm run eval:pad [-- --every N] [--json FILE]
 * Would a passive presentation-attack model add anything to the geometric checks? Scores every
 * N-th frame of each corpus clip (rendered and cached by eval:spoof) with human's antispoof and
 * liveness models, takes each clip's median, and prints per class the spread of those medians, the
 * AUC of bona fide against attacks, and how many attacks a threshold that keeps every live clip
 * would have rejected. The bar for adding such a model: it measurably improves the corpus
 * numbers without hurting live passes.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Y4mReader } from '../../main/inference/y4m';
import { analyzer } from '../support/demo-faces';
import { headsAvailable, HEADS_DIR } from '../support/head-renderer';
import { expectAccepted, renderCorpus } from './evaluate';
import { PAD_MODELS, PassivePad, auc, type PadModelName, type PadScores } from './passive-pad';
import { ATTACK_CLASSES, fullCorpus, type Scenario } from './scenarios';

interface ClipScores {
  readonly scenario: Scenario;
  readonly frames: number;
  readonly median: PadScores;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : NaN;
};
const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '-');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { every: { type: 'string', default: '3' }, json: { type: 'string' } },
  });
  const every = Math.max(1, Number(values.every));
  if (!headsAvailable()) throw new Error(`3D head fixtures not found in ${HEADS_DIR}.`);
  const scenarios = fullCorpus();
  const clips = await renderCorpus(scenarios, (s, i, n) =>
    process.stderr.write(`render (or cached) ${i + 1}/${n} ${s.id}\n`),
  );
  const faces = await analyzer();
  const pad = await PassivePad.load();
  const results: ClipScores[] = [];
  const timings: number[] = [];
  for (const [i, scenario] of scenarios.entries()) {
    const per: Record<PadModelName, number[]> = { antispoof: [], liveness: [] };
    const reader = await Y4mReader.open(clips[i]!);
    try {
      for await (const { index, frame } of reader.frames()) {
        if (index % every !== 0) continue;
        const found = (await faces.analyze(frame, { detect: true })).faces;
        // The largest face: the one at the kiosk (a second face entering is its own class).
        const face = [...found].sort((a, b) => b.box.width - a.box.width)[0];
        if (!face) continue;
        const t0 = performance.now();
        const s = pad.score(frame, face.landmarks);
        timings.push(performance.now() - t0);
        for (const m of PAD_MODELS) per[m].push(s[m]);
      }
    } finally {
      await reader.close();
    }
    const result: ClipScores = {
      scenario,
      frames: per.antispoof.length,
      median: { antispoof: median(per.antispoof), liveness: median(per.liveness) },
    };
    results.push(result);
    process.stderr.write(
      `score ${i + 1}/${scenarios.length} ${scenario.id}: antispoof ${f3(result.median.antispoof)} liveness ${f3(result.median.liveness)} (${result.frames} frames)\n`,
    );
  }

  const scored = results.filter((r) => r.frames > 0);
  const classes = [...new Set(scored.map((r) => r.scenario.class))];
  console.log('| class | clips | ' + PAD_MODELS.map((m) => `${m} min / median / max`).join(' | ') + ' |');
  console.log('|---|---|' + PAD_MODELS.map(() => '---').join('|') + '|');
  for (const c of classes) {
    const rs = scored.filter((r) => r.scenario.class === c);
    const cells = PAD_MODELS.map((m) => {
      const xs = rs.map((r) => r.median[m]);
      return `${f3(Math.min(...xs))} / ${f3(median(xs))} / ${f3(Math.max(...xs))}`;
    });
    console.log(`| ${c} | ${rs.length} | ${cells.join(' | ')} |`);
  }
  const live = scored.filter((r) => expectAccepted(r.scenario.class));
  // What such a model is for: flat presentations. Slides and swaps show real (rendered) heads.
  const groups = {
    'flat photos': scored.filter((r) => ['photo_card', 'demo_photo'].includes(r.scenario.class)),
    'all attacks': scored.filter((r) => ATTACK_CLASSES.includes(r.scenario.class)),
  };
  console.log('');
  for (const m of PAD_MODELS) {
    const bar = Math.min(...live.map((r) => r.median[m]));
    for (const [name, attacks] of Object.entries(groups)) {
      const caught = attacks.filter((r) => r.median[m] < bar);
      console.log(
        `${m}, live vs ${name}: AUC ${f3(
          auc(
            live.map((r) => r.median[m]),
            attacks.map((r) => r.median[m]),
          ),
        )}; ` +
          `a bar at the lowest live clip (${f3(bar)}, BPCER 0%) rejects ${caught.length}/${attacks.length}` +
          (caught.length ? ` (${[...new Set(caught.map((r) => r.scenario.class))].join(', ')})` : ''),
      );
    }
  }
  console.log(
    `\n${scored.length}/${results.length} clips with a face; both models per frame: median ${f3(median(timings))} ms (wasm, in-process)`,
  );
  if (values.json) writeFileSync(values.json, JSON.stringify(results, null, 1));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
