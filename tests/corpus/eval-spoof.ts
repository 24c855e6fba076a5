/*
 * npm run eval:spoof [-- --subset ci] [--only CLASS] [--config FILE] [--json FILE]
 * Renders the spoof corpus (cached in tests/.generated/corpus), replays every clip through the
 * kiosk's engine and prints APCER / BPCER per scenario class (the README's table).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolveConfig } from '../../main/liveness';
import { headsAvailable, HEADS_DIR } from '../support/head-renderer';
import { evaluateCorpus, formatTable, summarise } from './evaluate';
import { ciCorpus, fullCorpus } from './scenarios';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      subset: { type: 'string', default: 'full' },
      only: { type: 'string' },
      config: { type: 'string' },
      json: { type: 'string' },
    },
  });
  if (!headsAvailable()) {
    throw new Error(
      `3D head fixtures not found in ${HEADS_DIR}; set LIVENESS_HEADS_DIR or put ../shared beside the repo.`,
    );
  }
  let config;
  if (values.config) {
    const resolved = resolveConfig(JSON.parse(readFileSync(values.config, 'utf8')));
    if (!resolved.ok) throw new Error(resolved.error.message);
    config = resolved.value;
  }
  const scenarios = (values.subset === 'ci' ? ciCorpus() : fullCorpus()).filter(
    (s) => !values.only || s.class === values.only,
  );
  const started = Date.now();
  const results = await evaluateCorpus(scenarios, {
    ...(config ? { config } : {}),
    onRender: (s, i, n) => process.stderr.write(`render ${i + 1}/${n} ${s.id}\n`),
    onResult: (r, i, n) =>
      process.stderr.write(
        `replay ${i + 1}/${n} ${r.scenario.id}: ${r.verdict.live ? 'LIVE' : 'reject'} ${r.verdict.score}` +
          `${r.failed.length ? ` [${r.failed.join(', ')}]` : ''}${r.correct ? '' : '  <-- WRONG'}\n`,
      ),
  });
  console.log(formatTable(summarise(results)));
  const wrong = results.filter((r) => !r.correct);
  console.log(
    `\n${results.length} clips, ${wrong.length} wrong, ${Math.round((Date.now() - started) / 1000)} s`,
  );
  for (const r of wrong)
    console.log(`wrong: ${r.scenario.id} live=${r.verdict.live} failed=[${r.failed.join(', ')}]`);
  if (values.json) {
    writeFileSync(
      values.json,
      JSON.stringify(
        results.map((r) => ({
          id: r.scenario.id,
          class: r.scenario.class,
          live: r.verdict.live,
          score: r.verdict.score,
          reasons: r.verdict.reasons,
        })),
        null,
        1,
      ),
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
