import { describe, expect, test } from 'vitest';
import { StaffAssistance, type AssistanceRequest } from '../../../../main/kiosk/staff-assistance';

function desk() {
  let now = 5_000;
  let n = 0;
  const settled: AssistanceRequest[] = [];
  const assistance = new StaffAssistance({
    clock: () => now,
    newId: () => `r-${++n}`,
    onSettled: (r) => settled.push(r),
  });
  return { assistance, settled, tick: (ms: number) => (now += ms) };
}

describe('visitors asking for staff', () => {
  test('a request waits until staff settle it, and the outcome is reported once with the wait', () => {
    const { assistance, settled, tick } = desk();
    const asked = assistance.ask('attempt-1');
    expect(asked).toEqual({
      id: 'r-1',
      askedAt: 5_000,
      afterAttempt: 'attempt-1',
      state: 'waiting',
      endedAt: null,
    });
    expect(assistance.waiting).toBe(asked);
    tick(90_000);
    const r = assistance.settle('r-1', 'checked_in');
    expect(r).toEqual({ ok: true, request: { ...asked, state: 'checked_in', endedAt: 95_000 } });
    expect(settled).toEqual([{ ...asked, state: 'checked_in', endedAt: 95_000 }]);
    expect(assistance.waiting).toBeNull();
    expect(assistance.status('r-1')?.state).toBe('checked_in');
  });

  test('asking again while staff are on their way returns the same request', () => {
    const { assistance } = desk();
    const first = assistance.ask(null);
    expect(assistance.ask('attempt-2')).toBe(first);
    expect(assistance.ask(null).id).toBe('r-1');
  });

  test('a withdrawn request is not settled and not recorded; the next visitor gets a new one', () => {
    const { assistance, settled } = desk();
    assistance.ask(null);
    expect(assistance.withdraw('r-1')?.state).toBe('withdrawn');
    expect(assistance.settle('r-1', 'checked_in')).toMatchObject({ ok: false, code: 'not_waiting' });
    expect(settled).toEqual([]);
    expect(assistance.ask(null).id).toBe('r-2');
  });

  test('a settled request cannot be withdrawn or settled again', () => {
    const { assistance, settled } = desk();
    assistance.ask(null);
    assistance.settle('r-1', 'not_checked_in');
    expect(assistance.withdraw('r-1')?.state).toBe('not_checked_in');
    expect(assistance.settle('r-1', 'checked_in')).toMatchObject({ ok: false, code: 'not_waiting' });
    expect(settled.map((r) => r.state)).toEqual(['not_checked_in']);
  });

  test('an unknown request is named as such', () => {
    const { assistance } = desk();
    expect(assistance.status('nope')).toBeNull();
    expect(assistance.withdraw('nope')).toBeNull();
    expect(assistance.settle('nope', 'checked_in')).toMatchObject({ ok: false, code: 'unknown_request' });
  });

  test('only the last few requests are kept for the screen to ask after', () => {
    const { assistance } = desk();
    for (let i = 0; i < 12; i++) assistance.withdraw(assistance.ask(null).id);
    expect(assistance.status('r-1')).toBeNull();
    expect(assistance.status('r-12')?.state).toBe('withdrawn');
  });
});
