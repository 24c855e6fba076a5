import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCapturing } from '../../../support/run-cli';
import { NEW_PIN_STATE, checkPin, setPin } from '../../../../main/ops/staff-pin';
import { CredentialsStore } from '../../../../main/store/credentials-store';

const run = runCapturing;

/** A kiosk data directory whose staff PIN is set and whose visitor lockout is engaged. */
async function kioskWithPin(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-data-'));
  const store = CredentialsStore.open(dir);
  store.setPin(await setPin(NEW_PIN_STATE, '482916'));
  store.setLockout({ failures: [1, 2, 3], lockedAt: 3 });
  return dir;
}

describe('liveness-kiosk reset-pin', () => {
  test('clears the staff PIN so the next start asks for a new one, and keeps the visitor lockout', async () => {
    const dir = await kioskWithPin();
    const r = await run('reset-pin', '--data-dir', dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Staff PIN cleared/);
    const after = CredentialsStore.open(dir);
    expect(after.pin.hash).toBeNull();
    expect((await checkPin(after.pin, '482916', Date.now())).result).toBe('not_set');
    expect(after.lockout).toEqual({ failures: [1, 2, 3], lockedAt: 3 });
  });

  test('a directory with no kiosk data is refused and left empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'not-a-kiosk-'));
    const r = await run('reset-pin', '--data-dir', dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/holds no kiosk data/);
    expect(existsSync(join(dir, 'credentials.json'))).toBe(false);
  });

  test('an unreadable credentials file is reported and left exactly as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-data-'));
    writeFileSync(join(dir, 'credentials.json'), '{"version": 1, "staffPin": ');
    const r = await run('reset-pin', '--data-dir', dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not readable JSON.*Nothing was changed/);
    expect(readFileSync(join(dir, 'credentials.json'), 'utf8')).toBe('{"version": 1, "staffPin": ');
  });

  test('without --data-dir it is a usage error', async () => {
    const r = await run('reset-pin');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--data-dir DIR is required/);
  });
});
