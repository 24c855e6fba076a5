import { appendFile, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  ResultsJournal,
  SCREEN_LIGHT_WINDOW,
  assistedRecordOf,
  cloudOutcomeRecordOf,
  journalRecordOf,
  summariseScreenLight,
  type JournalRecord,
} from '../../../../main/store/results-journal';

const record = (n: number): JournalRecord => ({
  at: 1_700_000_000_000 + n,
  challengeId: `c-${n}`,
  live: n % 2 === 0,
  score: 0.75,
  failure: n % 2 === 0 ? null : 'nose_timeout',
  reasons: [{ code: 'face_found', passed: true, evaluated: true }],
});

describe('results journal', () => {
  test('records come back in order after reopening', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-'));
    const journal = await ResultsJournal.open(dir);
    for (let n = 0; n < 5; n++) await journal.append(record(n));
    const again = await ResultsJournal.open(dir);
    expect(await again.read()).toEqual({ records: [0, 1, 2, 3, 4].map(record), skipped: 0 });
  });

  test('each record carries the kiosk’s name and site as they were when it was made', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-'));
    const journal = await ResultsJournal.open(dir);
    const verdict = { challengeId: 'c-9', live: true, score: 0.8, failure: null, reasons: [] };
    await journal.append(journalRecordOf(verdict, 1, { name: 'Front desk', site: 'Berlin, Hall 2' }));
    await journal.append(journalRecordOf({ ...verdict, challengeId: 'c-10' }, 2, {}));
    const { records } = await (await ResultsJournal.open(dir)).read();
    expect(records.map((r) => r.kiosk)).toEqual([{ name: 'Front desk', site: 'Berlin, Hall 2' }, {}]);
  });

  test("each check's measured value is kept and reads back intact; a value that is not a number is kept as none", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-'));
    const journal = await ResultsJournal.open(dir);
    const reasons = [
      { code: 'head_rotated', passed: true, evaluated: true, value: 12.25 },
      { code: 'screen_light', passed: true, evaluated: true, value: -0.004 },
      { code: 'depth_parallax', passed: false, evaluated: true, value: Number.NaN },
    ];
    const verdict = { challengeId: 'c-11', live: false, score: 0.3, failure: null, reasons };
    await journal.append(journalRecordOf(verdict, 1, {}));
    const { records, skipped } = await (await ResultsJournal.open(dir)).read();
    expect(skipped).toBe(0);
    expect(records[0]!.reasons.map((r) => r.value)).toEqual([12.25, -0.004, null]);
  });

  test('a staff-assisted check is recorded as such and never as live, whatever staff decided', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-'));
    const journal = await ResultsJournal.open(dir);
    const request = { id: 'r-1', askedAt: 100, afterAttempt: 'c-1', endedAt: 160 };
    await journal.append(assistedRecordOf({ ...request, state: 'checked_in' }, { name: 'Front desk' }));
    const { records } = await (await ResultsJournal.open(dir)).read();
    expect(records).toEqual([
      {
        at: 160,
        kiosk: { name: 'Front desk' },
        challengeId: 'r-1',
        live: false,
        score: 0,
        failure: 'staff_assisted',
        reasons: [],
        assisted: { outcome: 'checked_in', askedAt: 100, afterAttempt: 'c-1' },
      },
    ]);
    expect(() => assistedRecordOf({ ...request, state: 'waiting', endedAt: null }, {})).toThrow(
      /once settled, not while waiting/,
    );
  });

  test('a torn last line is skipped, and later appends are not spoiled by it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-'));
    const journal = await ResultsJournal.open(dir, { now: () => 0 });
    await journal.append(record(0));
    const [file] = await readdir(dir);
    await appendFile(join(dir, file!), '{"v":1,"crc":123,"r":{"at":1,"chall');
    const reopened = await ResultsJournal.open(dir, { now: () => 0 });
    await reopened.append(record(2));
    expect(await reopened.read()).toEqual({ records: [record(0), record(2)], skipped: 1 });
  });

  test('a line whose content does not match its checksum is skipped, the rest read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-'));
    const journal = await ResultsJournal.open(dir, { now: () => 0 });
    for (let n = 0; n < 3; n++) await journal.append(record(n));
    const [file] = await readdir(dir);
    const path = join(dir, file!);
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace('"c-1"', '"c-X"'));
    expect(await journal.read()).toEqual({ records: [record(0), record(2)], skipped: 1 });
  });

  test('files rotate by size and by day, and the oldest go beyond the limit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-'));
    let now = Date.UTC(2026, 10, 24);
    const journal = await ResultsJournal.open(dir, { maxBytes: 600, maxFiles: 3, now: () => now });
    for (let n = 0; n < 6; n++) await journal.append(record(n));
    now += 24 * 3600_000;
    await journal.append(record(6));
    const files = (await readdir(dir)).sort();
    expect(files.length).toBeLessThanOrEqual(3);
    expect(files[files.length - 1]).toBe('results-2026-11-25.0.jsonl');
    const { records } = await journal.read();
    expect(records[records.length - 1]).toEqual(record(6));
  });

  test('ten quiet days with a few attempts each keep only the newest files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-'));
    let now = Date.UTC(2026, 10, 1, 9);
    const journal = await ResultsJournal.open(dir, { maxFiles: 3, now: () => now });
    for (let dayIndex = 0; dayIndex < 10; dayIndex++) {
      await journal.append(record(dayIndex));
      now += 24 * 3600_000;
    }
    expect((await readdir(dir)).sort()).toEqual([
      'results-2026-11-08.0.jsonl',
      'results-2026-11-09.0.jsonl',
      'results-2026-11-10.0.jsonl',
    ]);
    expect((await journal.read()).records.map((r) => r.challengeId)).toEqual(['c-7', 'c-8', 'c-9']);
  });

  test('the health summary is counted once, then kept up to date without reading the files again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-'));
    const journal = await ResultsJournal.open(dir);
    for (let n = 0; n < 4; n++) await journal.append(record(n));
    await journal.append(
      cloudOutcomeRecordOf({ type: 'verified', id: 'c-0', live: false, agreement: 'disagree' }, 9)!,
    );
    expect(await journal.summary()).toMatchObject({ records: 4, cloudDisagreements: 1 });
    // Files changed behind its back are not re-read: the counts come from what was appended.
    const [file] = await readdir(dir);
    await writeFile(join(dir, file!), '');
    await journal.append(record(4));
    await journal.append(
      cloudOutcomeRecordOf({ type: 'verified', id: 'c-4', live: false, agreement: 'disagree' }, 10)!,
    );
    expect(await journal.summary()).toMatchObject({ records: 5, cloudDisagreements: 2 });
  });

  test("the screen-light summary describes the passing visits' responses, read once and then as appended", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-'));
    const measured = (n: number, live: boolean, value: number | null): JournalRecord => ({
      ...record(n),
      live,
      reasons: [{ code: 'screen_light', passed: true, evaluated: true, value }],
    });
    const first = await ResultsJournal.open(dir);
    // Twenty passing visits read 0.01..0.20; a refused one and one not measured are left out.
    for (let n = 1; n <= 20; n++) await first.append(measured(n, true, n / 100));
    await first.append(measured(21, false, 0.001));
    await first.append(measured(22, true, null));
    const again = await ResultsJournal.open(dir);
    expect((await again.summary()).screenLight).toEqual({ visits: 20, median: 0.11, p5: 0.02 });
    await again.append(measured(23, true, 0.5));
    expect((await again.summary()).screenLight).toMatchObject({ visits: 21, median: 0.11 });
  });

  test('the screen-light summary keeps only the newest passing visits, appended or read back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-'));
    const journal = await ResultsJournal.open(dir);
    await journal.summary(); // counted from here on as records are appended
    const visit = (n: number, value: number): JournalRecord => ({
      ...record(n),
      live: true,
      reasons: [{ code: 'screen_light', passed: true, evaluated: true, value }],
    });
    // The oldest ten read 9; the newest window all read 0.05.
    for (let n = 0; n < 10; n++) await journal.append(visit(n, 9));
    for (let n = 10; n < 10 + SCREEN_LIGHT_WINDOW; n++) await journal.append(visit(n, 0.05));
    const expected = { visits: SCREEN_LIGHT_WINDOW, median: 0.05, p5: 0.05 };
    expect((await journal.summary()).screenLight).toEqual(expected);
    expect((await (await ResultsJournal.open(dir)).summary()).screenLight).toEqual(expected);
    expect(summariseScreenLight([])).toEqual({ visits: 0, median: null, p5: null });
  });

  test('the newest results come newest first with their cloud outcome, reading only the files needed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-'));
    let now = Date.UTC(2026, 10, 1, 9);
    const journal = await ResultsJournal.open(dir, { now: () => now });
    for (let n = 0; n < 6; n++) {
      await journal.append(record(n));
      now += 24 * 3600_000; // one file a day
    }
    await journal.append(
      cloudOutcomeRecordOf({ type: 'verified', id: 'c-4', live: false, agreement: 'disagree' }, 9)!,
    );
    // The oldest file made unreadable: the two newest attempts must not need it.
    const [oldest] = (await readdir(dir)).sort();
    await writeFile(join(dir, oldest!), '\u0000 not a journal');
    const newest = await journal.recent(2);
    expect(newest.map((r) => r.challengeId)).toEqual(['c-5', 'c-4']);
    expect(newest[1]!.cloud).toEqual({ status: 'verified', live: false, agreement: 'disagree' });
    expect((await journal.recent(10, (r) => !r.live)).map((r) => r.challengeId)).toEqual([
      'c-5',
      'c-3',
      'c-1',
    ]);
  });

  test('a malformed record is refused before anything is written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-'));
    const journal = await ResultsJournal.open(dir);
    expect(() => journal.append({ ...record(0), score: 'high' } as unknown as JournalRecord)).toThrow();
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('results journal: cloud outcomes', () => {
  test('an attempt reads back with its latest cloud outcome, its own line never rewritten', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-'));
    const journal = await ResultsJournal.open(dir);
    await journal.append(record(0));
    await journal.append(cloudOutcomeRecordOf({ type: 'queued', id: 'c-0' }, 1)!);
    await journal.append(record(2));
    await journal.append(
      cloudOutcomeRecordOf({ type: 'verified', id: 'c-0', live: false, agreement: 'disagree' }, 2)!,
    );
    const { records } = await journal.read();
    expect(records).toEqual([
      { ...record(0), cloud: { status: 'verified', live: false, agreement: 'disagree' } },
      record(2),
    ]);
  });

  test('an attempt still waiting for the cloud reads as queued', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-'));
    const journal = await ResultsJournal.open(dir);
    await journal.append(record(0));
    await journal.append(cloudOutcomeRecordOf({ type: 'queued', id: 'c-0' }, 1)!);
    expect((await journal.read()).records[0]?.cloud).toEqual({
      status: 'queued',
      live: null,
      agreement: null,
    });
  });

  test('retries are not journalled; expiry and failure are', () => {
    expect(cloudOutcomeRecordOf({ type: 'retry', id: 'c-0' }, 1)).toBeNull();
    expect(cloudOutcomeRecordOf({ type: 'expired', id: 'c-0' }, 1)).toMatchObject({ status: 'expired' });
    expect(cloudOutcomeRecordOf({ type: 'failed', id: 'c-0' }, 1)).toMatchObject({ status: 'failed' });
  });
});
