// What electron-builder would pack beside Electron itself, computed without Electron's binary: the
// app files electron-builder.yml's `files` patterns select, plus the production dependency tree as
// installed (dependencies and optionalDependencies, recursively; optional ones that did not install
// are not there to pack). `node scripts/package-payload.mjs` prints the size and the largest entries.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minimatch } from 'minimatch';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function walk(dir, skip = () => false) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (skip(path)) continue;
    if (entry.isDirectory()) out.push(...walk(path, skip));
    else if (entry.isFile()) out.push({ path, bytes: statSync(path).size });
  }
  return out;
}

/** The app's own files selected by electron-builder.yml's `files` (node_modules are added below). */
function appFiles(config) {
  const patterns = config.files;
  const include = patterns.filter((p) => !p.startsWith('!'));
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  const candidates = walk(root, (path) => {
    const rel = relative(root, path).split(sep).join('/');
    return rel === 'node_modules' || rel.startsWith('.git') || rel === 'release';
  });
  return candidates.filter(({ path }) => {
    const rel = relative(root, path).split(sep).join('/');
    return (
      include.some((p) => minimatch(rel, p, { dot: true })) &&
      !exclude.some((p) => minimatch(rel, p, { dot: true }))
    );
  });
}

/** Node's lookup of a package directory (not its exports map): node_modules from `fromDir` upward. */
function installedManifest(fromDir, name) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(candidate)) return candidate;
    if (dir === root || dirname(dir) === dir) return null;
  }
}

/** Installed production packages: name -> directory, following each package's own resolution. */
function productionPackages() {
  const found = new Map();
  const visit = (fromDir, name, optional) => {
    const manifestPath = installedManifest(fromDir, name);
    if (!manifestPath) {
      if (optional) return;
      throw new Error(`${name}, a production dependency, is not installed; run npm ci.`);
    }
    const dir = dirname(manifestPath);
    if (found.has(dir)) return;
    found.set(dir, name);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dir, dep, false);
    for (const dep of Object.keys(manifest.optionalDependencies ?? {})) visit(dir, dep, true);
  };
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const dep of Object.keys(manifest.dependencies ?? {})) visit(root, dep, false);
  for (const dep of Object.keys(manifest.optionalDependencies ?? {})) visit(root, dep, true);
  return found;
}

/** The payload: total bytes, the app's files and each production package, largest first. */
export function packagePayload() {
  const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));
  const entries = [];
  const app = appFiles(config);
  const byTop = new Map();
  for (const f of app) {
    const parts = relative(root, f.path).split(sep);
    const key = parts.length > 2 ? parts.slice(0, 2).join('/') : parts.join('/');
    byTop.set(key, (byTop.get(key) ?? 0) + f.bytes);
  }
  for (const [name, bytes] of byTop) entries.push({ name, bytes });
  for (const [dir, name] of productionPackages()) {
    // A package's own files; its nested node_modules are packages of their own, counted once each.
    const files = walk(dir, (path) => path !== dir && path.endsWith(`${sep}node_modules`));
    entries.push({ name: `node_modules/${name}`, bytes: files.reduce((s, f) => s + f.bytes, 0) });
  }
  entries.sort((a, b) => b.bytes - a.bytes);
  return { totalBytes: entries.reduce((s, e) => s + e.bytes, 0), entries };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { totalBytes, entries } = packagePayload();
  const mb = (b) => (b / 1e6).toFixed(1);
  console.log(`app payload beside Electron: ${mb(totalBytes)} MB`);
  for (const e of entries.slice(0, 15)) console.log(`  ${mb(e.bytes).padStart(6)} MB  ${e.name}`);
}
