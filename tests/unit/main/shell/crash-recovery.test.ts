import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  DEFAULT_CRASH_POLICY,
  decideAfterCrash,
  installCrashRecovery,
  readCrashHistory,
} from '../../../../main/shell/crash-recovery';

const MINUTE = 60_000;

describe('what to do after a crash', () => {
  test('the first crash relaunches after a short wait', () => {
    expect(decideAfterCrash([], 1_000_000)).toEqual({
      action: 'relaunch',
      delayMs: DEFAULT_CRASH_POLICY.firstDelayMs,
      history: [1_000_000],
    });
  });

  test('each further crash in the window waits twice as long', () => {
    const d = decideAfterCrash([1_000_000], 1_000_000 + MINUTE);
    expect(d).toMatchObject({ action: 'relaunch', delayMs: 2 * DEFAULT_CRASH_POLICY.firstDelayMs });
  });

  test('the third crash within ten minutes gives up', () => {
    const now = 10 * MINUTE;
    expect(decideAfterCrash([now - 5 * MINUTE, now - MINUTE], now)).toMatchObject({ action: 'give_up' });
  });

  test('crashes older than the window are forgotten', () => {
    const now = 100 * MINUTE;
    expect(decideAfterCrash([now - 30 * MINUTE, now - 20 * MINUTE], now)).toEqual({
      action: 'relaunch',
      delayMs: DEFAULT_CRASH_POLICY.firstDelayMs,
      history: [now],
    });
  });

  test('an unreadable history file counts as no crashes', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'crash-')), 'crash-history.json');
    writeFileSync(file, '{not json');
    expect(readCrashHistory(file)).toEqual([]);
  });
});

function crashing(development: boolean, history: number[] = [], now = 50 * MINUTE) {
  const dir = mkdtempSync(join(tmpdir(), 'crash-'));
  const historyFile = join(dir, 'crash-history.json');
  if (history.length) writeFileSync(historyFile, JSON.stringify(history));
  const listeners = new Map<string, (e: unknown) => void>();
  const calls: string[] = [];
  const logs: string[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  installCrashRecovery({
    proc: { on: (event, l) => listeners.set(event, l) },
    app: { relaunch: () => calls.push('relaunch'), exit: (code) => calls.push(`exit ${code}`) },
    log: (event) => logs.push(event),
    historyFile,
    giveUp: (crashes) => calls.push(`give up after ${crashes}`),
    development,
    now: () => now,
    setTimeout: (fn, ms) => timers.push({ fn, ms }),
  });
  return { listeners, calls, logs, timers, historyFile };
}

describe('an unexpected error in main', () => {
  test('is logged, recorded, and the app relaunches after the backoff', () => {
    const c = crashing(false);
    c.listeners.get('uncaughtException')!(new Error('boom'));
    expect(c.logs).toEqual(['main.uncaught_exception', 'main.relaunch_scheduled']);
    expect(c.calls).toEqual([]);
    expect(c.timers.map((t) => t.ms)).toEqual([DEFAULT_CRASH_POLICY.firstDelayMs]);
    c.timers[0]!.fn();
    expect(c.calls).toEqual(['relaunch', 'exit 1']);
    expect(JSON.parse(readFileSync(c.historyFile, 'utf8'))).toEqual([50 * MINUTE]);
  });

  test('an unhandled rejection is handled the same way', () => {
    const c = crashing(false);
    c.listeners.get('unhandledRejection')!('nope');
    expect(c.logs).toContain('main.unhandled_rejection');
    expect(c.timers).toHaveLength(1);
  });

  test('after two earlier crashes in the window it stops relaunching and shows staff why', () => {
    const now = 50 * MINUTE;
    const c = crashing(false, [now - 4 * MINUTE, now - 2 * MINUTE], now);
    c.listeners.get('uncaughtException')!(new Error('boom again'));
    expect(c.calls).toEqual(['give up after 3']);
    expect(c.timers).toEqual([]);
    expect(c.logs).toContain('main.crash_loop_stopped');
  });

  test('a second error while the first is being handled schedules nothing more', () => {
    const c = crashing(false);
    c.listeners.get('uncaughtException')!(new Error('one'));
    c.listeners.get('uncaughtException')!(new Error('two'));
    expect(c.timers).toHaveLength(1);
    expect(c.logs.filter((l) => l === 'main.uncaught_exception')).toHaveLength(2);
  });

  test('in development it is only logged', () => {
    const c = crashing(true);
    c.listeners.get('uncaughtException')!(new Error('boom'));
    expect(c.calls).toEqual([]);
    expect(c.timers).toEqual([]);
  });
});
