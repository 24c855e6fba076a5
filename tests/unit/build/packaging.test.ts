import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import Ajv from 'ajv';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { DIST, requireBuilt } from '../../support/built';

/*
 * Packaging without Electron's binary: the electron-builder configuration must satisfy
 * electron-builder's own schema, the afterPack hook must set the kiosk's fuses, and what the
 * package ships (dist/ plus production dependencies) must be exactly what the app loads.
 */

const root = join(__dirname, '..', '..', '..');
const load = createRequire(join(root, 'package.json'));
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as {
  productName?: string;
  files: string[];
  afterPack: string;
  asarUnpack: string[];
  linux: { target: string[]; icon: string };
  deb: { depends: string[]; maintainer?: string };
  win: { target: string[]; icon: string };
  mac: {
    target: string[];
    icon: string;
    hardenedRuntime: boolean;
    entitlements: string;
    entitlementsInherit: string;
    extendInfo: Record<string, string>;
  };
};
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  productName?: string;
  author?: { name?: string; email?: string };
  scripts: Record<string, string>;
  allowScripts: Record<string, boolean>;
  optionalDependencies: Record<string, string>;
};

describe('packaging', () => {
  test("electron-builder.yml satisfies electron-builder's schema", () => {
    const schema = JSON.parse(readFileSync(load.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
    const ajv = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true });
    const valid = ajv.validate(schema, config);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test('targets AppImage and deb, NSIS, dmg; npm run dist builds them', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(pkg.scripts.dist).toContain('electron-builder');
  });

  test('the afterPack hook turns off run-as-node, NODE_OPTIONS and inspect, turns on asar integrity', async () => {
    const hook = load(join(root, config.afterPack)) as (context: unknown, fuses: unknown) => Promise<void>;
    const calls: { path: string; config: Record<string | number, unknown> }[] = [];
    const real = load('@electron/fuses') as { FuseV1Options: Record<string, number>; FuseVersion: unknown };
    await hook(
      {
        appOutDir: '/out/linux-unpacked',
        electronPlatformName: 'linux',
        packager: { appInfo: { productFilename: 'Liveness Kiosk' }, executableName: 'liveness-kiosk' },
      },
      {
        ...real,
        flipFuses: async (path: string, fuseConfig: Record<string | number, unknown>) => {
          calls.push({ path, config: fuseConfig });
          return 0;
        },
      },
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]!.path).toBe('/out/linux-unpacked/liveness-kiosk');
    const o = real.FuseV1Options;
    expect(calls[0]!.config).toMatchObject({
      [o.RunAsNode!]: false,
      [o.EnableNodeOptionsEnvironmentVariable!]: false,
      [o.EnableNodeCliInspectArguments!]: false,
      [o.EnableEmbeddedAsarIntegrityValidation!]: true,
      [o.OnlyLoadAppFromAsar!]: true,
    });
  });

  test('the package carries the built app and leaves development bundles out', () => {
    for (const file of [
      'main/app.js',
      'main/inference-worker.js',
      'preload/index.js',
      'renderer/index.html',
      'renderer/index.js',
    ]) {
      expect(existsSync(requireBuilt(join(DIST, file)))).toBe(true);
    }
    expect(config.files).toEqual(
      expect.arrayContaining(['dist/main/**', 'dist/preload/**', 'dist/renderer/**', 'dist/models/**']),
    );
    // The preview (its host, the page's electron stand-in) and the command line are development
    // tools, never shipped.
    expect(config.files).toEqual(
      expect.arrayContaining(['!dist/main/preview*', '!dist/main/cli.js', '!dist/bench/**']),
    );
    expect(
      readdirSync(join(DIST, 'main')).filter((f) => f.startsWith('preview')).length,
    ).toBeGreaterThanOrEqual(2);
    expect(
      config.files
        .filter((f) => !f.startsWith('!'))
        .every((f) => f === 'package.json' || f.startsWith('dist/')),
    ).toBe(true);
  });

  test('every module the packaged code loads at run time ships with it (production dependencies)', () => {
    // What electron-builder packs: the lockfile's non-development packages.
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>;
    };
    const shipped = new Set(['electron']);
    for (const [path, info] of Object.entries(lock.packages)) {
      if (!path.startsWith('node_modules/') || info.dev) continue;
      shipped.add(path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    }
    // Named only in an AWS SDK error message about SigV4a signing, which DetectFaces does not use;
    // node-fetch's optional charset converter, required inside a try (TensorFlow.js's Node platform).
    const optionalByDesign = new Set(['@aws-sdk/signature-v4-crt', 'encoding']);
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const missing: string[] = [];
    for (const bundle of ['main/app.js', 'main/inference-worker.js', 'preload/index.js']) {
      const code = readFileSync(requireBuilt(join(DIST, bundle)), 'utf8');
      // Real calls only: not `require("…")` inside generated-code strings (ajv's standalone output).
      for (const [, spec] of code.matchAll(/(?<!['"`\w.])require\("([^"./][^"]*)"\)/g)) {
        if (builtins.has(spec!)) continue;
        const name = spec!.startsWith('@') ? spec!.split('/').slice(0, 2).join('/') : spec!.split('/')[0]!;
        if (!shipped.has(name) && !optionalByDesign.has(name)) missing.push(`${bundle}: ${spec}`);
      }
    }
    expect(missing).toEqual([]);
    // Native code ships as a package; what esbuild bundles does not ship a second time.
    expect(shipped.has('sharp')).toBe(true);
    for (const bundled of [
      '@vladmandic/face-api',
      '@tensorflow/tfjs-backend-wasm',
      'electron-store',
      '@aws-sdk/client-rekognition',
      'zod',
      'preact',
    ]) {
      expect(shipped.has(bundled), bundled).toBe(false);
    }
  });

  test('the app beside Electron weighs at most 40 MB (bundles, wasm, three nets, native modules)', async () => {
    requireBuilt(join(DIST, 'main', 'app.js'));
    const { packagePayload } = (await import(
      pathToFileURL(join(root, 'scripts', 'package-payload.mjs')).href
    )) as {
      packagePayload(): { totalBytes: number; entries: { name: string; bytes: number }[] };
    };
    const { totalBytes, entries } = packagePayload();
    const largest = entries
      .slice(0, 8)
      .map((e) => `${(e.bytes / 1e6).toFixed(1)} MB ${e.name}`)
      .join('; ');
    expect(
      totalBytes,
      `payload ${(totalBytes / 1e6).toFixed(1)} MB; largest: ${largest}`,
    ).toBeLessThanOrEqual(40e6);
    // The umbrella TensorFlow.js package alone was 141 MB when it shipped as node_modules.
    expect(entries.some((e) => e.name.startsWith('node_modules/@tensorflow/tfjs'))).toBe(false);
  });

  test('only the three nets the kiosk uses are packaged, each matching the catalogue', () => {
    const catalogue = JSON.parse(readFileSync(join(root, 'models', 'catalogue.json'), 'utf8')) as {
      models: { net: string; file: string; sha256: string }[];
    };
    const packaged = readdirSync(join(DIST, 'models')).sort();
    expect(packaged).toEqual(catalogue.models.map((m) => m.file).sort());
    expect(new Set(catalogue.models.map((m) => m.net))).toEqual(
      new Set(['tinyFaceDetector', 'faceLandmark68Net', 'faceRecognitionNet']),
    );
    for (const m of catalogue.models) {
      const sha = createHash('sha256')
        .update(readFileSync(join(DIST, 'models', m.file)))
        .digest('hex');
      expect(sha, m.file).toBe(m.sha256);
    }
  });

  test('native modules and the files the inference worker reads are unpacked from the archive', () => {
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining([
        'node_modules/sharp/**',
        'dist/main/wasm/**',
        'dist/models/**',
        'node_modules/@tensorflow/tfjs-node/**',
      ]),
    );
  });

  test("native TensorFlow's install script is approved, so it installs wherever its binaries can be fetched", () => {
    // npm 11 runs only approved install scripts; without it tfjs-node never works anywhere. Where
    // the download fails (no network), npm drops the optional dependency and the kiosk uses wasm.
    expect(pkg.allowScripts['@tensorflow/tfjs-node']).toBe(true);
    expect(pkg.optionalDependencies['@tensorflow/tfjs-node']).toBeDefined();
  });

  test('one product name for development and the package, so both use the same user-data directory', () => {
    // Electron names the app (and its user-data directory) from package.json's productName under
    // `npm start`; electron-builder takes it from the same place when it is not in its own config.
    expect(pkg.productName).toBe('Liveness Kiosk');
    expect(config.productName).toBeUndefined();
  });

  test("the deb's maintainer comes from the package's author, with an email", () => {
    expect(config.deb.maintainer).toBeUndefined();
    expect(pkg.author?.name).toBeTruthy();
    expect(pkg.author?.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
  });

  test("the deb depends on electron-builder's own defaults (GTK, libsecret for safeStorage) and what the kiosk adds", () => {
    // The list replaces electron-builder's, so it must keep every entry of it.
    const { default: FpmTarget } = load('app-builder-lib/out/targets/FpmTarget') as {
      default: { prototype: { getDefaultDepends(target: string): string[] } };
    };
    const defaults = FpmTarget.prototype.getDefaultDepends.call(null, 'deb');
    expect(defaults).toEqual(expect.arrayContaining(['libgtk-3-0', 'libsecret-1-0']));
    expect(config.deb.depends).toEqual(expect.arrayContaining([...defaults, 'libgbm1', 'libasound2']));
  });

  test('macOS: hardened runtime with the camera entitlement, JIT for WebAssembly, and a camera usage string', () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.entitlementsInherit).toBe(config.mac.entitlements);
    const plist = readFileSync(join(root, config.mac.entitlements), 'utf8');
    const granted = [...plist.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((m) => m[1]);
    expect(granted.sort()).toEqual(['com.apple.security.cs.allow-jit', 'com.apple.security.device.camera']);
    expect(config.mac.extendInfo.NSCameraUsageDescription).toMatch(/camera/);
  });

  test('the icon renders from its SVG at every size the configuration points to', async () => {
    const out = mkdtempSync(join(tmpdir(), 'icons-'));
    const { renderIcons, LINUX_SIZES } = (await import(
      pathToFileURL(join(root, 'scripts', 'render-icons.mjs')).href
    )) as { renderIcons(dir: string): Promise<string[]>; LINUX_SIZES: number[] };
    await renderIcons(out);
    for (const size of LINUX_SIZES) {
      const meta = await sharp(join(out, 'icons', `${size}x${size}.png`)).metadata();
      expect([meta.width, meta.height, meta.hasAlpha]).toEqual([size, size, true]);
    }
    expect((await sharp(join(out, 'icon.png')).metadata()).width).toBe(1024);
    // The configuration names those outputs (rendered into build/ by `npm run dist`).
    expect(config.linux.icon).toBe('build/icons');
    expect([config.mac.icon, config.win.icon]).toEqual(['build/icon.png', 'build/icon.png']);
    expect(pkg.scripts.dist).toMatch(/render-icons\.mjs.*electron-builder/);
  });

  test('a production install (npm ci --omit=dev) skips the build instead of failing', () => {
    // The real prepare script, alone in a directory with no node_modules: esbuild cannot resolve.
    const dir = mkdtempSync(join(tmpdir(), 'prepare-'));
    mkdirSync(join(dir, 'scripts'));
    copyFileSync(join(root, 'scripts', 'prepare.mjs'), join(dir, 'scripts', 'prepare.mjs'));
    const run = spawnSync(process.execPath, [join(dir, 'scripts', 'prepare.mjs')], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('skipping the build');
    expect(existsSync(join(dir, 'dist'))).toBe(false);
    expect(pkg.scripts.prepare).toBe('node scripts/prepare.mjs');
  });

  test('npm run dev starts the same app with KIOSK_DEV=1 (windowed, unlocked)', () => {
    // A stand-in for Electron's binary that reports how it was started.
    const dir = mkdtempSync(join(tmpdir(), 'dev-'));
    const fake = join(dir, 'electron.mjs');
    writeFileSync(
      fake,
      '#!/usr/bin/env node\nconsole.log(JSON.stringify({ argv: process.argv.slice(2), dev: process.env.KIOSK_DEV }));\n',
    );
    chmodSync(fake, 0o755);
    const run = spawnSync(process.execPath, [join(root, 'scripts', 'dev.mjs')], {
      encoding: 'utf8',
      env: { ...process.env, LIVENESS_ELECTRON: fake },
    });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ argv: [root], dev: '1' });
    expect(pkg.scripts.dev).toMatch(/ensure-electron.*build.*scripts\/dev\.mjs/);
  });
});
