import { describe, expect, test } from 'vitest';
import {
  NEW_PIN_STATE,
  PIN_RULES,
  PinError,
  checkPin,
  hashPin,
  setPin,
} from '../../../../main/ops/staff-pin';

describe('staff PIN', () => {
  test('is stored as a salted scrypt hash, never the PIN; the same PIN hashes differently each time', async () => {
    const a = await hashPin('482916');
    const b = await hashPin('482916');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toContain('482916');
    expect(a).not.toBe(b);
  });

  test('must be 6 to 12 digits', async () => {
    await expect(hashPin('1234')).rejects.toBeInstanceOf(PinError);
    await expect(hashPin('12345a')).rejects.toThrow(/6 to 12 digits/);
  });

  test('first start: nothing is accepted until a PIN is set', async () => {
    expect((await checkPin(NEW_PIN_STATE, '000000', 0)).result).toBe('not_set');
  });

  test('the right PIN opens; a wrong one says how many tries are left', async () => {
    const state = await setPin(NEW_PIN_STATE, '482916');
    expect((await checkPin(state, '482916', 0)).result).toBe('ok');
    const wrong = await checkPin(state, '111111', 0);
    expect(wrong).toMatchObject({ result: 'wrong', attemptsLeft: PIN_RULES.maxFailures - 1 });
  });

  test('five wrong PINs lock it, even against the right one, for longer each time', async () => {
    let state = await setPin(NEW_PIN_STATE, '482916');
    let now = 1000;
    let check = await checkPin(state, '000000', now);
    for (let i = 1; i < PIN_RULES.maxFailures; i++) check = await checkPin(check.state, '000000', now);
    expect(check).toMatchObject({ result: 'locked', retryInMs: PIN_RULES.firstLockoutMs });
    state = check.state;
    expect((await checkPin(state, '482916', now + 1)).result).toBe('locked');
    now += PIN_RULES.firstLockoutMs;
    for (let i = 0; i < PIN_RULES.maxFailures; i++) check = await checkPin(check.state, '000000', now);
    expect(check).toMatchObject({ result: 'locked', retryInMs: 2 * PIN_RULES.firstLockoutMs });
    expect((await checkPin(check.state, '482916', now + 2 * PIN_RULES.firstLockoutMs)).result).toBe('ok');
  });
});
