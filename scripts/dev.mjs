// `npm run dev`: the same app as `npm start`, windowed and unlocked for development (KIOSK_DEV=1:
// a normal window with devtools, shortcuts and no kiosk lockdown, log echoed to the terminal). Its
// data stay in the developer's own user-data directory unless LIVENESS_KIOSK_DATA_DIR says otherwise.
// Leave it by closing the window or with Ctrl+C here.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// LIVENESS_ELECTRON: another Electron binary (or, in the test, a stand-in that reports what it got).
const electron = process.env.LIVENESS_ELECTRON ?? createRequire(import.meta.url)('electron');
const child = spawn(electron, [root], { stdio: 'inherit', env: { ...process.env, KIOSK_DEV: '1' } });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => child.kill(s));
