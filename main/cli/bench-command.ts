import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchInference, printInference } from '../../bench/inference';
import { CliError, intOption } from './cli-error';

export const benchUsage = `liveness-kiosk bench [--frames N] [--backend auto|wasm|cpu|tensorflow] [--json]
  Measures inference on this machine: model load, per-frame median and p95 for each detector
  setting, frames per second through the worker, memory and tensor counts. JSON has "backend" and
  "configs": [{name, default, p50_ms, p95_ms, ...}].`;

export async function benchCommand(argv: string[], out: (text: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      frames: { type: 'string' },
      backend: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const frames = intOption('frames', values.frames, 200);
  if (frames < 20) throw new CliError('--frames must be at least 20.', 2);
  const backend = values.backend ?? 'auto';
  if (!['auto', 'wasm', 'cpu', 'tensorflow'].includes(backend))
    throw new CliError(`--backend ${backend} is not one of auto, wasm, cpu, tensorflow.`, 2);
  const workerPath = join(__dirname, 'inference-worker.js');
  if (!existsSync(workerPath))
    throw new CliError(`The inference worker (${workerPath}) is missing: run "npm run build".`);
  const result = await benchInference({ frames, backend: backend as 'auto', workerPath });
  if (values.json) out(JSON.stringify(result, null, 2));
  else {
    const log = console.log;
    console.log = (...args: unknown[]) => out(args.join(' '));
    try {
      printInference(result);
    } finally {
      console.log = log;
    }
  }
}
