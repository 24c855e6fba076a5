/*
 * Failure lockout per kiosk: after `maxFailures` failed attempts within `windowMs` the kiosk cools
 * down (no new sessions) until staff clear it, or `autoClearMs` passes if set. Amazon recommends the
 * same for its own face-liveness product: repeated failures are how presentation attacks are tuned.
 * Pure: takes times, returns state.
 */

export interface LockoutPolicy {
  readonly maxFailures: number;
  readonly windowMs: number;
  /** null: only staff clear it. */
  readonly autoClearMs: number | null;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, windowMs: 3 * 60_000, autoClearMs: null };

export interface LockoutState {
  readonly failures: readonly number[];
  readonly lockedAt: number | null;
}

export const OPEN: LockoutState = { failures: [], lockedAt: null };

export function recordAttempt(
  state: LockoutState,
  live: boolean,
  at: number,
  policy: LockoutPolicy = DEFAULT_LOCKOUT,
): LockoutState {
  if (state.lockedAt !== null) return state;
  if (live) return OPEN; // A live visitor ends a run of failures.
  const failures = [...state.failures.filter((t) => at - t < policy.windowMs), at];
  return failures.length >= policy.maxFailures
    ? { failures: [], lockedAt: at }
    : { failures, lockedAt: null };
}

export function isLocked(state: LockoutState, now: number, policy: LockoutPolicy = DEFAULT_LOCKOUT): boolean {
  if (state.lockedAt === null) return false;
  return policy.autoClearMs === null || now - state.lockedAt < policy.autoClearMs;
}
