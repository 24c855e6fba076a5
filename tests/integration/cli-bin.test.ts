import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { BUILT_CLI } from '../support/built';
import { beforeAll, describe, expect, test } from 'vitest';

// The built command line, exactly as `npx liveness-kiosk` runs it after `npm ci` (prepare builds it).
const bin = BUILT_CLI;

describe('the liveness-kiosk executable', () => {
  beforeAll(() => {
    if (!existsSync(bin)) throw new Error(`${bin} is missing: run "npm run build" first (npm test does).`);
  });

  test('prints a challenge and exits 0', () => {
    const r = spawnSync(bin, ['challenge', '--width', '640', '--height', '480', '--seed', '4', '--json'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).area).toEqual({ left: 185, top: 60, width: 270, height: 360 });
  });

  test('reports a wrong command line on stderr with exit code 2', () => {
    const r = spawnSync(bin, ['challenge', '--width', '640'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--height is required/);
    expect(r.stdout).toBe('');
  });

  test('prints usage when asked', () => {
    const r = spawnSync(bin, ['--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/rekognition-verify --input FILE/);
  });
});
