// Bundles the main process, the command line, the preload and the renderer with esbuild.
// The preload must be a single CommonJS file: a sandboxed preload cannot require other files.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmod, copyFile, mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// What the shipped bundles (main, inference worker, command line) leave to node_modules: native
// modules and Electron itself. Everything else, TensorFlow.js and face-api included, is bundled, so
// the package carries no second copy of it (docs/packaging.md, "A lean package").
const shippedExternals = [
  'electron',
  'sharp',
  '@tensorflow/tfjs-node',
  // Looked up only when running from source (the build's copies are found first), never bundled.
  '@tensorflow/tfjs-backend-wasm/package.json',
  '@vladmandic/face-api/package.json',
];
// Development-only bundles (benchmarks, preview) may load anything installed.
const nodeExternals = [...shippedExternals, 'playwright', '@vladmandic/face-api', '@tensorflow/*'];
const resolve = createRequire(import.meta.url).resolve;

const common = { bundle: true, sourcemap: true, logLevel: 'warning', target: 'es2022' };

await rm('dist', { recursive: true, force: true });
await mkdir('dist/renderer', { recursive: true });

// Node bundles: the Electron main process, the inference worker, the command line, the benchmarks.
const node = (entryPoints, extra = {}) =>
  build({
    ...common,
    entryPoints,
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    external: nodeExternals,
    ...extra,
  });

await Promise.all([
  node(
    { 'main/app': 'main/app.ts', 'main/inference-worker': 'main/inference/worker.ts' },
    { external: shippedExternals },
  ),
  node({ 'bench/index': 'bench/index.ts' }),
  // The preview runs in plain Node: the same composition as Electron, with no Electron in it. The
  // settings store's electron-store then finds no Electron app and uses the directory it is given.
  node(
    { 'main/preview': 'main/preview/preview-cli.ts' },
    {
      alias: { electron: './main/preview/no-electron.ts' },
      external: nodeExternals.filter((m) => m !== 'electron'),
    },
  ),
  // The page's stand-in for the electron module, which the real preload bundle requires in the preview.
  build({
    ...common,
    sourcemap: false,
    entryPoints: { 'main/preview-page-electron': 'main/preview/page-electron.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    globalName: 'PreviewPageElectron',
  }),
  node(
    { 'main/cli': 'main/cli/bin.ts' },
    { banner: { js: '#!/usr/bin/env node' }, external: shippedExternals },
  ),
  build({
    ...common,
    entryPoints: { 'preload/index': 'preload/index.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    external: ['electron'],
  }),
  build({
    ...common,
    entryPoints: { 'renderer/index': 'renderer/index.tsx' },
    outdir: 'dist',
    platform: 'browser',
    format: 'esm',
    jsx: 'automatic',
    jsxImportSource: 'preact',
  }),
]);
await copyFile('renderer/index.html', 'dist/renderer/index.html');
await copyFile('renderer/styles.css', 'dist/renderer/styles.css');
await chmod('dist/main/cli.js', 0o755);

// The wasm backend's binaries beside the bundles that load them (dist/main/wasm).
const wasmSource = join(dirname(resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
await mkdir('dist/main/wasm', { recursive: true });
for (const file of (await readdir(wasmSource)).filter((f) => f.endsWith('.wasm')))
  await copyFile(join(wasmSource, file), join('dist/main/wasm', file));

// Only the nets the kiosk uses, copied from the installed face-api and checked against the catalogue.
const catalogue = JSON.parse(await readFile('models/catalogue.json', 'utf8'));
const modelSource = join(dirname(resolve('@vladmandic/face-api/package.json')), 'model');
await mkdir('dist/models', { recursive: true });
for (const entry of catalogue.models) {
  const bytes = await readFile(join(modelSource, entry.file));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (bytes.length !== entry.bytes || sha256 !== entry.sha256)
    throw new Error(
      `${entry.file} in ${modelSource} does not match models/catalogue.json; reinstall (npm ci) or update the catalogue.`,
    );
  await copyFile(join(modelSource, entry.file), join('dist/models', entry.file));
}
