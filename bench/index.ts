import { join } from 'node:path';
import { benchCloud, printCloud } from './cloud';
import { benchEngine } from './engine';
import { printTable } from './harness';
import { benchInference, printInference } from './inference';
import { benchPipeline, benchScreenLightCost, printPipeline, printScreenLightCost } from './pipeline';
import { benchSoak, printSoak } from './soak';

// `npm run bench`: every benchmark, printed as the tables README quotes.
async function main(): Promise<void> {
  printTable('Engine (plain Node, one core)', await benchEngine());
  const frames = Number(process.env.BENCH_FRAMES ?? 200);
  // The worker bundle is built beside the main bundle.
  printInference(
    await benchInference({ frames, workerPath: join(__dirname, '..', 'main', 'inference-worker.js') }),
  );
  printCloud(await benchCloud(Number(process.env.BENCH_CLOUD_ATTEMPTS ?? 20)));
  printSoak(
    await benchSoak(
      join(__dirname, '..', 'main', 'inference-worker.js'),
      Number(process.env.BENCH_SOAK_ATTEMPTS ?? 1000),
    ),
  );
  if (process.env.BENCH_SKIP_PIPELINE !== '1') {
    const preview = join(__dirname, '..', 'main', 'preview.js');
    printPipeline(await benchPipeline(preview));
    printScreenLightCost(await benchScreenLightCost(preview, Number(process.env.BENCH_LIGHT_RUNS ?? 3)));
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
