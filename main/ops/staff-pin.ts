import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/*
 * The staff PIN: stored only as a salted scrypt hash (never the PIN), checked in constant time,
 * with a lockout that doubles after each run of wrong guesses, so guessing a 6-digit PIN at the kiosk
 * takes years. The guard's state is plain data the caller persists (settings store).
 */

export interface PinState {
  /** `scrypt$N$r$p$salt$hash` (base64), or null before the first start has set a PIN. */
  readonly hash: string | null;
  readonly failures: number;
  readonly lockouts: number;
  readonly lockedUntil: number;
}

export const NEW_PIN_STATE: PinState = { hash: null, failures: 0, lockouts: 0, lockedUntil: 0 };

export type PinCheck =
  | { readonly result: 'ok'; readonly state: PinState }
  | { readonly result: 'wrong'; readonly state: PinState; readonly attemptsLeft: number }
  | { readonly result: 'locked'; readonly state: PinState; readonly retryInMs: number }
  | { readonly result: 'not_set'; readonly state: PinState };

export const PIN_RULES = {
  /** Digits only, 6 to 12: a kiosk keypad, and 10^6 guesses behind the lockout. */
  pattern: /^\d{6,12}$/,
  maxFailures: 5,
  firstLockoutMs: 60_000,
  maxLockoutMs: 24 * 3600_000,
} as const;

const COST: ScryptOptions = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function derive(pin: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(pin, salt, 32, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export class PinError extends Error {
  override readonly name = 'PinError';
}

export async function hashPin(pin: string): Promise<string> {
  if (!PIN_RULES.pattern.test(pin)) throw new PinError('A staff PIN is 6 to 12 digits.');
  const salt = randomBytes(16);
  const key = await derive(pin, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

async function matches(pin: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(pin, Buffer.from(salt, 'base64'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: COST.maxmem!,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Sets the first PIN (or replaces it after a successful check). */
export async function setPin(state: PinState, pin: string): Promise<PinState> {
  return { ...state, hash: await hashPin(pin), failures: 0, lockedUntil: 0 };
}

export async function checkPin(state: PinState, pin: string, now: number): Promise<PinCheck> {
  if (!state.hash) return { result: 'not_set', state };
  if (now < state.lockedUntil) return { result: 'locked', state, retryInMs: state.lockedUntil - now };
  if (await matches(pin, state.hash)) {
    return { result: 'ok', state: { ...state, failures: 0, lockouts: 0, lockedUntil: 0 } };
  }
  const failures = state.failures + 1;
  if (failures < PIN_RULES.maxFailures) {
    return {
      result: 'wrong',
      state: { ...state, failures },
      attemptsLeft: PIN_RULES.maxFailures - failures,
    };
  }
  const lockMs = Math.min(PIN_RULES.maxLockoutMs, PIN_RULES.firstLockoutMs * 2 ** state.lockouts);
  const locked = { ...state, failures: 0, lockouts: state.lockouts + 1, lockedUntil: now + lockMs };
  return { result: 'locked', state: locked, retryInMs: lockMs };
}
