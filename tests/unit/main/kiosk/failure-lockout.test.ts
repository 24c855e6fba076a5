import { describe, expect, test } from 'vitest';
import { DEFAULT_LOCKOUT, OPEN, isLocked, recordAttempt } from '../../../../main/kiosk/failure-lockout';

const fail = (state = OPEN, at: number) => recordAttempt(state, false, at);

describe('failure lockout', () => {
  test('five failures within three minutes lock the kiosk until staff clear it', () => {
    let s = OPEN;
    for (let i = 0; i < 4; i++) s = fail(s, i * 30_000);
    expect(isLocked(s, 120_000)).toBe(false);
    s = fail(s, 150_000);
    expect(isLocked(s, 150_000)).toBe(true);
    expect(isLocked(s, 150_000 + 24 * 3600_000)).toBe(true);
  });

  test('failures spread over more than the window do not lock it', () => {
    let s = OPEN;
    for (let i = 0; i < 10; i++) s = fail(s, i * 50_000);
    expect(isLocked(s, 500_000)).toBe(false);
  });

  test('a live visitor ends a run of failures', () => {
    let s = OPEN;
    for (let i = 0; i < 4; i++) s = fail(s, i);
    s = recordAttempt(s, true, 5);
    s = fail(s, 6);
    expect(isLocked(s, 6)).toBe(false);
  });

  test('an auto-clear time, if set, reopens the kiosk', () => {
    const policy = { ...DEFAULT_LOCKOUT, autoClearMs: 600_000 };
    let s = OPEN;
    for (let i = 0; i < 5; i++) s = recordAttempt(s, false, i, policy);
    expect(isLocked(s, 1000, policy)).toBe(true);
    expect(isLocked(s, 600_010, policy)).toBe(false);
  });
});
