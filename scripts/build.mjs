// Bundles the main process, the command line, the preload and the renderer with esbuild.
// The preload must be a single CommonJS file: a sandboxed preload cannot require other files.
import { build } from 'esbuild';
import { chmod, copyFile, mkdir, rm } from 'node:fs/promises';

// Native or platform-provided modules stay outside the node bundles and load from node_modules.
const nodeExternals = [
  'electron',
  'sharp',
  'playwright-core',
  '@tensorflow/tfjs-node',
  '@vladmandic/face-api',
  '@tensorflow/*',
];

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
  node({
    'main/app': 'main/app.ts',
    'main/inference-worker': 'main/inference/worker.ts',
    'bench/index': 'bench/index.ts',
    'main/preview': 'main/preview/preview.ts',
  }),
  node({ 'main/cli': 'main/cli/bin.ts' }, { banner: { js: '#!/usr/bin/env node' } }),
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
