import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Paths of the esbuild bundles; `npm test` builds them before the suites run. */
export const DIST = join(__dirname, '..', '..', 'dist');
export const BUILT_CLI = join(DIST, 'main', 'cli.js');
export const BUILT_WORKER = join(DIST, 'main', 'inference-worker.js');

export function requireBuilt(path: string): string {
  if (!existsSync(path)) throw new Error(`${path} is missing: run "npm run build" first (npm test does).`);
  return path;
}

export const BUILT_PREVIEW = join(DIST, 'main', 'preview.js');
