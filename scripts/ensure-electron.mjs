// npm 11 skips dependencies' install scripts unless approved, so Electron's binary is fetched
// here, on first `npm start`, rather than at install. Where it cannot be fetched (no network),
// say so plainly instead of failing deep inside Electron.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

// Looks for the binary without require('electron'), which would itself try to download it.
function electronPath() {
  try {
    const dir = dirname(require.resolve('electron/package.json'));
    const binary = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

if (!electronPath()) {
  console.log('Fetching the Electron binary (first run only)…');
  const installer = require.resolve('electron/install.js');
  const r = spawnSync(process.execPath, [installer], { stdio: 'inherit' });
  if (r.status !== 0 || !electronPath()) {
    console.error(
      '\nThe Electron binary could not be downloaded (no network to its release host?).\n' +
        'The kiosk needs it: retry with a network, or set ELECTRON_MIRROR to a reachable mirror.\n' +
        'Everything else (tests, command line) works without it.',
    );
    process.exit(1);
  }
}
