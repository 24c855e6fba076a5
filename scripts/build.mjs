// Bundles the main process, the command line, the preload and the renderer with esbuild.
// The preload must be a single CommonJS file: a sandboxed preload cannot require other files.
import { build } from 'esbuild';
import { chmod, copyFile, mkdir, rm } from 'node:fs/promises';

// Native or platform-provided modules stay outside the node bundles and load from node_modules.
const nodeExternals = [
  'electron',
  'sharp',
  'playwright',
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
  }),
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
