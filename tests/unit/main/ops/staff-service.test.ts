import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { exportTargets } from '../../../../main/ops/diagnostics-export';
import { NEW_PIN_STATE, PIN_RULES, type PinState } from '../../../../main/ops/staff-pin';
import {
  STAFF_SESSION_IDLE_MS,
  StaffService,
  resultsCsv,
  type StaffReply,
} from '../../../../main/ops/staff-service';
import { StaffAssistance } from '../../../../main/kiosk/staff-assistance';
import { assistedRecordOf, type JournalRecord } from '../../../../main/store/results-journal';
import { DEFAULT_SETTINGS } from '../../../../main/store/settings-store';

const record = (n: number, live: boolean, code = 'head_rotated'): JournalRecord => ({
  at: Date.UTC(2026, 10, 24, 9, 0, n),
  challengeId: `c-${n}`,
  live,
  score: live ? 0.8 : 0.2,
  failure: null,
  reasons: [{ code, passed: live, evaluated: true }],
});

const journal: JournalRecord[] = [
  { ...record(1, true), cloud: { status: 'verified', live: false, agreement: 'disagree' } },
  record(2, false),
  { ...record(3, false, 'depth_parallax'), kiosk: { name: 'Front desk', site: 'Berlin, Hall 2' } },
  { ...record(4, true), cloud: { status: 'queued', live: null, agreement: null } },
];

function staff(exportDir = mkdtempSync(join(tmpdir(), 'staff-export-'))) {
  let pin: PinState = NEW_PIN_STATE;
  let now = 1_000_000;
  const calls: string[] = [];
  const settled: string[] = [];
  const assistance = new StaffAssistance({
    clock: () => now,
    onSettled: (r) => settled.push(`${r.id}:${r.state}`),
  });
  const service = new StaffService({
    readPin: () => pin,
    writePin: (s) => (pin = s),
    readSettings: () => ({ settings: DEFAULT_SETTINGS, notice: null }),
    updateSettings: (section, value) =>
      section === 'language' && (value === 'en' || value === 'de')
        ? { ok: true }
        : { ok: false, message: `${section}: invalid` },
    health: async () => ({ backend: 'wasm' }),
    results: async () => journal,
    // As the journal answers it: newest first, the newest `limit` that pass the filter.
    recentResults: async (limit, keep) => journal.filter(keep).slice(-limit).reverse(),
    clearLockout: () => calls.push('clearLockout') === 1,
    selfTest: async (step) => ({ name: step, passed: true, detail: `${step} ok` }),
    restart: () => calls.push('restart'),
    quit: () => calls.push('quit'),
    exportTargets: () => exportTargets(exportDir, { platform: 'linux', roots: { linux: [], darwin: [] } }),
    diagnostics: async () => [{ name: 'health.json', content: '{"backend":"wasm"}' }],
    checkUpdates: () => {
      calls.push('checkUpdates');
      return { status: 'checking' };
    },
    assistance,
    now: () => now,
  });
  const tick = (ms: number) => (now += ms);
  return { service, calls, tick, pin: () => pin, exportDir, assistance, settled };
}

const ok = <T>(r: StaffReply<unknown>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};

async function unlocked(s: ReturnType<typeof staff>): Promise<string> {
  return ok<{ token: string }>(await s.service.dispatch('setFirstPin', { pin: '482916' })).token;
}

describe('staff panel service', () => {
  test('first start: the status asks for a PIN, and setting one opens a session', async () => {
    const s = staff();
    expect(ok(await s.service.dispatch('status', {}))).toEqual({ pinSet: false, lockedForMs: 0 });
    const token = await unlocked(s);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(s.pin().hash).toMatch(/^scrypt\$/);
    expect(await s.service.dispatch('setFirstPin', { pin: '111111' })).toMatchObject({
      ok: false,
      error: { code: 'pin_already_set' },
    });
  });

  test('staff change the PIN in a session: the old one stops opening the panel, the new one does', async () => {
    const s = staff();
    const token = await unlocked(s);
    expect(ok(await s.service.dispatch('changePin', { token, pin: '907311' }))).toEqual({ changed: true });
    expect(await s.service.dispatch('unlock', { pin: '482916' })).toMatchObject({
      ok: false,
      error: { code: 'wrong_pin' },
    });
    expect(ok<{ token: string }>(await s.service.dispatch('unlock', { pin: '907311' })).token).toMatch(
      /^[0-9a-f]{64}$/,
    );
  });

  test('a new PIN that breaks the rules is refused and the old one still works', async () => {
    const s = staff();
    const token = await unlocked(s);
    expect(await s.service.dispatch('changePin', { token, pin: '12' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_pin' },
    });
    expect((await s.service.dispatch('unlock', { pin: '482916' })).ok).toBe(true);
  });

  test('nothing but the status and the PIN works without a session', async () => {
    const s = staff();
    await unlocked(s);
    const actions = ['settings', 'health', 'results', 'clearLockout', 'selfTest', 'restart', 'quit'];
    const waiting = s.assistance.ask(null);
    for (const action of [...actions, 'exportTargets', 'checkUpdates', 'assistance', 'settleAssistance']) {
      const extra =
        action === 'selfTest'
          ? { step: 'models' }
          : action === 'settleAssistance'
            ? { requestId: waiting.id, outcome: 'checked_in' }
            : {};
      const r = await s.service.dispatch(action, { token: '0'.repeat(64), ...extra });
      expect(r).toMatchObject({ ok: false, error: { code: 'not_authorised' } });
    }
    expect(s.calls).toEqual([]);
    expect(s.settled).toEqual([]);
    expect(s.assistance.waiting?.id).toBe(waiting.id);
  });

  test('staff see the visitor waiting for them and settle the request once', async () => {
    const s = staff();
    const token = await unlocked(s);
    expect(ok(await s.service.dispatch('assistance', { token }))).toEqual({ waiting: null });
    const asked = s.assistance.ask(null);
    s.tick(40_000);
    expect(ok(await s.service.dispatch('assistance', { token }))).toEqual({ waiting: asked });
    const settled = ok(
      await s.service.dispatch('settleAssistance', { token, requestId: asked.id, outcome: 'checked_in' }),
    );
    expect(settled).toMatchObject({ id: asked.id, state: 'checked_in', endedAt: asked.askedAt + 40_000 });
    expect(s.settled).toEqual([`${asked.id}:checked_in`]);
    expect(ok(await s.service.dispatch('assistance', { token }))).toEqual({ waiting: null });
    // A second tap (or a second staff member) does not record it twice.
    expect(
      await s.service.dispatch('settleAssistance', { token, requestId: asked.id, outcome: 'not_checked_in' }),
    ).toMatchObject({ ok: false, error: { code: 'not_waiting' } });
    expect(s.settled).toHaveLength(1);
  });

  test('a request the visitor withdrew cannot be settled, and an outcome outside the list is refused', async () => {
    const s = staff();
    const token = await unlocked(s);
    const asked = s.assistance.ask(null);
    expect(
      await s.service.dispatch('settleAssistance', { token, requestId: asked.id, outcome: 'live' }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    s.assistance.withdraw(asked.id);
    expect(
      await s.service.dispatch('settleAssistance', { token, requestId: asked.id, outcome: 'checked_in' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_waiting', message: expect.stringMatching(/withdrew/) },
    });
    expect(s.settled).toEqual([]);
  });

  test('staff-assisted checks are listed apart from liveness attempts and exported with their outcome', async () => {
    const s = staff();
    const token = await unlocked(s);
    const helped = assistedRecordOf(
      {
        id: 'a-1',
        askedAt: Date.UTC(2026, 10, 24, 9, 1, 0),
        afterAttempt: 'c-2',
        state: 'checked_in',
        endedAt: Date.UTC(2026, 10, 24, 9, 2, 0),
      },
      {},
    );
    journal.push(helped);
    try {
      const ids = async (filter: Record<string, unknown>) =>
        ok<JournalRecord[]>(await s.service.dispatch('results', { token, ...filter })).map(
          (r) => r.challengeId,
        );
      expect(await ids({ assisted: true })).toEqual(['a-1']);
      expect(await ids({ live: false, assisted: false })).toEqual(['c-3', 'c-2']);
      const csv = ok<string>(await s.service.dispatch('exportResults', { token, format: 'csv' }));
      const [header, ...rows] = csv.trim().split('\r\n');
      const column = header!.split(',').indexOf('staff_assisted');
      expect(column).toBe(11);
      expect(rows.at(-1)).toMatch(/^2026-11-24T09:02:00.000Z,,,a-1,false,0,staff_assisted,,,,,checked_in,/);
      expect(rows[0]!.split(',')[column]).toBe('');
    } finally {
      journal.pop();
    }
  });

  test('wrong PINs count down to a lockout', async () => {
    const s = staff();
    await unlocked(s);
    let r = await s.service.dispatch('unlock', { pin: '000000' });
    expect(r).toMatchObject({ ok: false, error: { code: 'wrong_pin' } });
    for (let i = 1; i < PIN_RULES.maxFailures; i++) r = await s.service.dispatch('unlock', { pin: '000000' });
    expect(r).toMatchObject({ ok: false, error: { code: 'pin_locked' } });
    expect(await s.service.dispatch('unlock', { pin: '482916' })).toMatchObject({
      ok: false,
      error: { code: 'pin_locked' },
    });
    expect(ok<{ lockedForMs: number }>(await s.service.dispatch('status', {})).lockedForMs).toBeGreaterThan(
      0,
    );
  });

  test('a session lapses after idle minutes, and locking ends it', async () => {
    const s = staff();
    const token = await unlocked(s);
    expect((await s.service.dispatch('health', { token })).ok).toBe(true);
    s.tick(STAFF_SESSION_IDLE_MS + 1);
    expect(await s.service.dispatch('health', { token })).toMatchObject({
      ok: false,
      error: { code: 'not_authorised' },
    });
    const again = ok<{ token: string }>(await s.service.dispatch('unlock', { pin: '482916' })).token;
    ok(await s.service.dispatch('lock', { token: again }));
    expect((await s.service.dispatch('health', { token: again })).ok).toBe(false);
  });

  test('settings come labelled in the panel’s language, English when none is asked for', async () => {
    const s = staff();
    const token = await unlocked(s);
    const title = async (language?: string) =>
      ok<{ schema: Record<string, { title?: string }> }>(
        await s.service.dispatch('settings', { token, ...(language ? { language } : {}) }),
      ).schema.lockout?.title;
    expect(await title()).toBe('Failure lockout');
    expect(await title('fr')).toBe('Blocage après échecs');
    expect(await s.service.dispatch('settings', { token, language: '../../x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
  });

  test('settings are shown without the PIN hash; a bad edit is refused with the reason', async () => {
    const s = staff();
    const token = await unlocked(s);
    const shown = ok<{ settings: Record<string, unknown>; schema: Record<string, unknown> }>(
      await s.service.dispatch('settings', { token }),
    );
    expect(shown.settings).not.toHaveProperty('staffPin');
    // The panel builds its forms from the schema: every visible section, never the PIN's.
    expect(Object.keys(shown.schema).sort()).toEqual(Object.keys(shown.settings).sort());
    expect(
      ok(await s.service.dispatch('updateSettings', { token, section: 'language', value: 'de' })),
    ).toEqual({ restartNeeded: true });
    expect(
      await s.service.dispatch('updateSettings', { token, section: 'language', value: 'xx' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_setting' },
    });
    expect(
      await s.service.dispatch('updateSettings', { token, section: 'staffPin', value: {} }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
  });

  test('results can be filtered, newest first, and exported as CSV and JSON', async () => {
    const s = staff();
    const token = await unlocked(s);
    const failed = ok<JournalRecord[]>(await s.service.dispatch('results', { token, live: false }));
    expect(failed.map((r) => r.challengeId)).toEqual(['c-3', 'c-2']);
    const csv = ok<string>(await s.service.dispatch('exportResults', { token, format: 'csv' }));
    expect(csv.split('\r\n')[0]).toBe(
      'time,kiosk_name,kiosk_site,challenge_id,live,score,failure,failed_checks,cloud_status,cloud_live,cloud_agreement,staff_assisted,head_rotated_value,depth_parallax_value',
    );
    expect(csv).toContain(
      '2026-11-24T09:00:03.000Z,Front desk,"Berlin, Hall 2",c-3,false,0.2,,depth_parallax,,,,,,\r\n',
    );
    // A record from before kiosks had names (and checks recorded values): empty cells, not a shifted row.
    expect(csv).toContain('2026-11-24T09:00:01.000Z,,,c-1,true,0.8,,,verified,false,disagree,,,\r\n');
    const json = JSON.parse(ok<string>(await s.service.dispatch('exportResults', { token, format: 'json' })));
    expect(json).toHaveLength(4);
  });

  test('results exported to a listed place land there as a file in a dated folder', async () => {
    const s = staff();
    const token = await unlocked(s);
    const [own] = ok<{ id: string; path: string }[]>(await s.service.dispatch('exportTargets', { token }));
    const receipt = ok<{ directory: string; files: string[] }>(
      await s.service.dispatch('exportResults', { token, format: 'csv', target: own!.id }),
    );
    expect(receipt.directory.startsWith(join(s.exportDir, 'exports', 'liveness-kiosk-results-'))).toBe(true);
    expect(readFileSync(join(receipt.directory, 'results.csv'), 'utf8')).toContain('c-3,false,0.2');
  });

  test('the maintenance exit quits the app, only from a signed-in session', async () => {
    const s = staff();
    expect(await s.service.dispatch('quit', { token: 'f'.repeat(64) })).toMatchObject({
      ok: false,
      error: { code: 'not_authorised' },
    });
    expect(s.calls).toEqual([]);
    const token = await unlocked(s);
    expect(await s.service.dispatch('quit', { token })).toEqual({ ok: true, value: null });
    expect(s.calls).toEqual(['quit']);
  });

  test('an export place that is not listed (a forged id, a drive pulled) is refused, nothing written', async () => {
    const s = staff();
    const token = await unlocked(s);
    const r = await s.service.dispatch('exportDiagnostics', { token, target: '0123456789abcdef' });
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown_target' } });
  });

  test('an export place must be named by its id, never by a path', async () => {
    const s = staff();
    const token = await unlocked(s);
    const r = await s.service.dispatch('exportDiagnostics', { token, target: '/etc' });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  test('staff can list the attempts the cloud disagreed with, and those still waiting for it', async () => {
    const s = staff();
    const token = await unlocked(s);
    const ids = async (cloud: string) =>
      ok<JournalRecord[]>(await s.service.dispatch('results', { token, cloud })).map((r) => r.challengeId);
    expect(await ids('disagree')).toEqual(['c-1']);
    expect(await ids('queued')).toEqual(['c-4']);
    expect(await ids('expired')).toEqual([]);
  });

  test('staff can clear the failure lockout, run the self-test and restart the kiosk', async () => {
    const s = staff();
    const token = await unlocked(s);
    // The first call finds the kiosk paused (the stand-in says so once), the second does not.
    expect(ok(await s.service.dispatch('clearLockout', { token }))).toEqual({ wasLocked: true });
    expect(ok(await s.service.dispatch('clearLockout', { token }))).toEqual({ wasLocked: false });
    expect(ok(await s.service.dispatch('selfTest', { token, step: 'models' }))).toEqual({
      name: 'models',
      passed: true,
      detail: 'models ok',
    });
    expect(await s.service.dispatch('selfTest', { token, step: 'reboot' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    ok(await s.service.dispatch('restart', { token }));
    expect(s.calls).toEqual(['clearLockout', 'clearLockout', 'restart']);
  });

  test('malformed requests are typed errors, never exceptions', async () => {
    const s = staff();
    expect(await s.service.dispatch('nope', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_action' },
    });
    expect(await s.service.dispatch('unlock', { pin: 123456 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(await s.service.dispatch('results', null)).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
  });
});

describe('results CSV', () => {
  test('quotes delimiters and neutralises spreadsheet formulas', () => {
    const csv = resultsCsv([{ ...record(1, false), challengeId: '=HYPERLINK("x"),y' }]);
    expect(csv.split('\r\n')[1]).toContain(`"'=HYPERLINK(""x""),y"`);
  });

  test('one column per check holds what it measured; a negative value stays a number', () => {
    const measured: JournalRecord = {
      ...record(1, true),
      reasons: [
        { code: 'head_rotated', passed: true, evaluated: true, value: 12.5 },
        { code: 'screen_light', passed: true, evaluated: true, value: -0.004 },
      ],
    };
    // An older record without values, and one whose checks differ, share the same columns.
    const older = record(2, false, 'depth_parallax');
    const [header, first, second] = resultsCsv([measured, older]).split('\r\n');
    const columns = header!.split(',');
    expect(columns.slice(-3)).toEqual(['head_rotated_value', 'screen_light_value', 'depth_parallax_value']);
    expect(first!.split(',').slice(-3)).toEqual(['12.5', '-0.004', '']);
    expect(second!.split(',').slice(-3)).toEqual(['', '', '']);
  });
});

describe('staff PIN under concurrent requests', () => {
  test('forty wrong PINs sent at once are each counted: the lockout comes after five', async () => {
    const s = staff();
    await unlocked(s);
    const replies = await Promise.all(
      Array.from({ length: 40 }, () => s.service.dispatch('unlock', { pin: '000000' })),
    );
    const codes = replies.map((r) => (r.ok ? 'ok' : r.error.code));
    expect(codes.slice(0, PIN_RULES.maxFailures - 1)).toEqual(
      Array(PIN_RULES.maxFailures - 1).fill('wrong_pin'),
    );
    expect(codes.slice(PIN_RULES.maxFailures - 1)).toEqual(
      Array(40 - PIN_RULES.maxFailures + 1).fill('pin_locked'),
    );
    expect(s.pin().lockouts).toBe(1);
    // Even the right PIN waits out the lockout.
    expect(await s.service.dispatch('unlock', { pin: '482916' })).toMatchObject({
      ok: false,
      error: { code: 'pin_locked' },
    });
  }, 60_000);

  test('twenty first-PIN requests at once set the PIN exactly once', async () => {
    const s = staff();
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => s.service.dispatch('setFirstPin', { pin: `${482900 + i}` })),
    );
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    expect(replies.filter((r) => !r.ok && r.error.code === 'pin_already_set')).toHaveLength(19);
    const winner = replies.findIndex((r) => r.ok);
    expect(await s.service.dispatch('unlock', { pin: `${482900 + winner}` })).toMatchObject({ ok: true });
  }, 60_000);

  test('an action named like an Object member is an unknown action, not a crash', async () => {
    const s = staff();
    for (const action of ['constructor', 'toString', '__proto__', 'hasOwnProperty'])
      expect(await s.service.dispatch(action, {})).toMatchObject({
        ok: false,
        error: { code: 'unknown_action' },
      });
  });
});
