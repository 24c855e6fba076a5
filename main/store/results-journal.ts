import type { KioskIdentity } from './settings-schema';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { z } from 'zod';

/*
 * The results journal: one line per finished attempt, appended and flushed to disk before the
 * append is acknowledged. Each line carries a CRC of its record, so a line torn by a crash or power
 * cut is recognised and skipped on reading, never taken for data and never spoiling the lines after
 * it. Files rotate by size and by day; the oldest are removed beyond `maxFiles`. Records hold
 * verdicts and reasons only: no images, no descriptors, nothing that identifies a person.
 */

export const CLOUD_STATUSES = ['queued', 'verified', 'expired', 'failed'] as const;
export type CloudStatus = (typeof CLOUD_STATUSES)[number];

const CloudOutcomeFields = {
  status: z.enum(CLOUD_STATUSES),
  live: z.boolean().nullable(),
  agreement: z.enum(['agree', 'disagree']).nullable(),
};

/** A finished attempt; `cloud` is filled in on reading from the attempt's latest cloud outcome. */
export const JournalRecordSchema = z.object({
  at: z.number(),
  challengeId: z.string(),
  live: z.boolean(),
  score: z.number(),
  failure: z.string().nullable(),
  reasons: z.array(
    z.object({
      code: z.string(),
      passed: z.boolean(),
      evaluated: z.boolean(),
      /**
       * What the check measured (degrees, shares, distances: never an image or a descriptor), so
       * staff can see how close visitors come to each bar and set one from their own kiosk's visits.
       * Absent in records older than this field.
       */
      value: z.number().nullable().optional(),
    }),
  ),
  /** The kiosk's name and site when the attempt was made (absent in records older than the setting). */
  kiosk: z.object({ name: z.string().optional(), site: z.string().optional() }).optional(),
  cloud: z.object(CloudOutcomeFields).optional(),
  /**
   * A visitor who asked for staff and what staff did. Such a record is a staff-assisted check, not a
   * liveness attempt: live is false and failure "staff_assisted", whatever the outcome.
   */
  assisted: z
    .object({
      outcome: z.enum(['checked_in', 'not_checked_in']),
      askedAt: z.number(),
      afterAttempt: z.string().nullable(),
    })
    .optional(),
});

export type JournalRecord = z.output<typeof JournalRecordSchema>;

/*
 * What the cloud made of an attempt, appended when it happens (queued, then verified, expired or
 * failed). The journal stays append-only: an attempt's line is never rewritten.
 */
export const CloudOutcomeRecordSchema = z.object({
  kind: z.literal('cloud'),
  at: z.number(),
  challengeId: z.string(),
  ...CloudOutcomeFields,
});

export type CloudOutcomeRecord = z.output<typeof CloudOutcomeRecordSchema>;

const JournalEntrySchema = z.union([CloudOutcomeRecordSchema, JournalRecordSchema]);
export type JournalEntry = JournalRecord | CloudOutcomeRecord;

const LineSchema = z.object({ v: z.literal(1), crc: z.number().int(), r: z.unknown() });

export interface JournalOptions {
  readonly maxBytes?: number;
  readonly maxFiles?: number;
  readonly now?: () => number;
}

export interface JournalRead {
  readonly records: JournalRecord[];
  /** Lines that were torn or corrupt and skipped. */
  readonly skipped: number;
}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const FILE = /^results-(\d{4}-\d{2}-\d{2})\.(\d+)\.jsonl$/;

export interface JournalSummary {
  /** Attempts in the files kept. */
  readonly records: number;
  /** Attempts whose latest cloud outcome disagreed with the kiosk. */
  readonly cloudDisagreements: number;
  /** What the screen-light check measured on the newest passing visits: what a bar is set from. */
  readonly screenLight: ScreenLightSummary;
}

export interface ScreenLightSummary {
  /** Passing visits with a screen-light response, at most the newest `SCREEN_LIGHT_WINDOW`. */
  readonly visits: number;
  readonly median: number | null;
  /** One passing visit in twenty read less than this. */
  readonly p5: number | null;
}

/** How many of the newest passing visits the screen-light summary describes. */
export const SCREEN_LIGHT_WINDOW = 500;

/** The screen-light response of a passing visit, or null (not live, not measured, another record). */
function passingScreenLight(entry: JournalEntry): number | null {
  if ('kind' in entry || !entry.live) return null;
  return entry.reasons.find((r) => r.code === 'screen_light')?.value ?? null;
}

export function summariseScreenLight(values: readonly number[]): ScreenLightSummary {
  if (!values.length) return { visits: 0, median: null, p5: null };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { visits: sorted.length, median: at(0.5), p5: at(0.05) };
}

export class ResultsJournal {
  private current: { name: string; bytes: number; day: string } | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  /** Kept up to date by append; null until first asked, and again after files were pruned. */
  private counts: { attempts: Set<string>; disagreeing: Set<string>; screenLight: number[] } | null = null;

  private constructor(
    readonly directory: string,
    private readonly options: Required<JournalOptions>,
  ) {}

  static async open(directory: string, options: JournalOptions = {}): Promise<ResultsJournal> {
    await fsp.mkdir(directory, { recursive: true });
    return new ResultsJournal(directory, {
      maxBytes: options.maxBytes ?? 5 * 1024 * 1024,
      maxFiles: options.maxFiles ?? 30,
      now: options.now ?? Date.now,
    });
  }

  /** Appends one record; resolves once it is on disk. Appends are applied in call order. */
  append(record: JournalEntry): Promise<void> {
    const parsed = JournalEntrySchema.parse(record);
    const payload = JSON.stringify(parsed);
    const line = `${JSON.stringify({ v: 1, crc: crc32(payload), r: parsed })}\n`;
    const next = this.chain.then(async () => {
      await this.write(line);
      this.count(parsed);
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  private count(entry: JournalEntry): void {
    if (!this.counts) return;
    const light = passingScreenLight(entry);
    if (light !== null) {
      this.counts.screenLight.push(light);
      if (this.counts.screenLight.length > SCREEN_LIGHT_WINDOW) this.counts.screenLight.shift();
    }
    if (!('kind' in entry)) this.counts.attempts.add(entry.challengeId);
    else if (entry.agreement === 'disagree') this.counts.disagreeing.add(entry.challengeId);
    else this.counts.disagreeing.delete(entry.challengeId);
  }

  /**
   * What the staff panel's health shows, without reading every file on every call: counted once,
   * then kept up to date as records are appended (counted afresh after old files are pruned).
   */
  async summary(): Promise<JournalSummary> {
    await this.chain;
    if (!this.counts) {
      const { records } = await this.read();
      this.counts = {
        attempts: new Set(records.map((r) => r.challengeId)),
        disagreeing: new Set(
          records.filter((r) => r.cloud?.agreement === 'disagree').map((r) => r.challengeId),
        ),
        screenLight: records
          .map(passingScreenLight)
          .filter((v): v is number => v !== null)
          .slice(-SCREEN_LIGHT_WINDOW),
      };
    }
    return {
      records: this.counts.attempts.size,
      cloudDisagreements: this.counts.disagreeing.size,
      screenLight: summariseScreenLight(this.counts.screenLight),
    };
  }

  private async write(line: string): Promise<void> {
    const target = await this.target(Buffer.byteLength(line));
    const handle = await fsp.open(join(this.directory, target.name), 'a');
    try {
      await handle.write(line);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    target.bytes += Buffer.byteLength(line);
  }

  /** The file to append to: today's newest, unless it is full; a torn last line is terminated first. */
  private async target(adding: number): Promise<{ name: string; bytes: number; day: string }> {
    const today = day(this.options.now());
    if (!this.current || this.current.day !== today) {
      const files = (await this.files()).filter((f) => f.day === today);
      const newest = files[files.length - 1];
      if (newest) {
        const path = join(this.directory, newest.name);
        const { size } = await fsp.stat(path);
        this.current = { name: newest.name, bytes: size, day: today };
        await this.terminateTornLine(path, size);
      } else {
        // A new day's first file: the oldest beyond the limit go now, not only on a size rotation.
        this.current = { name: `results-${today}.0.jsonl`, bytes: 0, day: today };
        await this.prune();
      }
    }
    if (this.current.bytes > 0 && this.current.bytes + adding > this.options.maxBytes) {
      const index = Number(FILE.exec(this.current.name)?.[2] ?? 0) + 1;
      this.current = { name: `results-${today}.${index}.jsonl`, bytes: 0, day: today };
      await this.prune();
    }
    return this.current;
  }

  private async terminateTornLine(path: string, size: number): Promise<void> {
    if (size === 0) return;
    const handle = await fsp.open(path, 'r');
    const last = Buffer.alloc(1);
    try {
      await handle.read(last, 0, 1, size - 1);
    } finally {
      await handle.close();
    }
    if (last[0] !== 0x0a) {
      await fsp.appendFile(path, '\n');
      this.current!.bytes += 1;
    }
  }

  private async files(): Promise<{ name: string; day: string; index: number }[]> {
    const names = await fsp.readdir(this.directory);
    return names
      .map((name) => ({ name, m: FILE.exec(name) }))
      .filter((f): f is { name: string; m: RegExpExecArray } => f.m !== null)
      .map((f) => ({ name: f.name, day: f.m[1]!, index: Number(f.m[2]) }))
      .sort((a, b) => (a.day === b.day ? a.index - b.index : a.day < b.day ? -1 : 1));
  }

  private async prune(): Promise<void> {
    const files = await this.files();
    // The file about to be created counts too.
    const excess = files.length + 1 - this.options.maxFiles;
    for (const f of files.slice(0, Math.max(0, excess))) {
      await fsp.rm(join(this.directory, f.name), { force: true });
      this.counts = null;
    }
  }

  /**
   * The newest `limit` attempts that `keep` accepts, newest first, each with its latest cloud
   * outcome: files are read newest first and reading stops once enough are found, so the staff
   * panel's results do not read every file on every call.
   */
  async recent(
    limit: number,
    keep: (record: JournalRecord) => boolean = () => true,
  ): Promise<JournalRecord[]> {
    await this.chain;
    const found: JournalRecord[] = [];
    // Outcomes always come after their attempt: read backwards, they are known before it.
    const outcomes = new Map<string, CloudOutcomeRecord>();
    for (const f of (await this.files()).reverse()) {
      const text = await fsp.readFile(join(this.directory, f.name), 'utf8').catch(() => '');
      const entries = text
        .split('\n')
        .filter((raw) => raw.trim() !== '')
        .map(parseLine)
        .filter((e): e is JournalEntry => e !== null)
        .reverse();
      for (const entry of entries) {
        if ('kind' in entry) {
          if (!outcomes.has(entry.challengeId)) outcomes.set(entry.challengeId, entry);
          continue;
        }
        const [merged] = withCloudOutcomes([
          entry,
          ...(outcomes.has(entry.challengeId) ? [outcomes.get(entry.challengeId)!] : []),
        ]);
        if (merged && keep(merged)) found.push(merged);
        if (found.length >= limit) return found;
      }
    }
    return found;
  }

  /**
   * Every intact attempt, oldest first, each with its latest cloud outcome; torn or corrupt lines
   * are counted and skipped.
   */
  async read(): Promise<JournalRead> {
    await this.chain;
    const records: JournalEntry[] = [];
    let skipped = 0;
    for (const f of await this.files()) {
      const text = await fsp.readFile(join(this.directory, f.name), 'utf8');
      for (const raw of text.split('\n')) {
        if (raw.trim() === '') continue;
        const record = parseLine(raw);
        if (record) records.push(record);
        else skipped += 1;
      }
    }
    return { records: withCloudOutcomes(records), skipped };
  }
}

/** Attempts in journal order, each carrying the newest cloud outcome recorded for it. */
export function withCloudOutcomes(entries: readonly JournalEntry[]): JournalRecord[] {
  const latest = new Map<string, CloudOutcomeRecord>();
  for (const e of entries) if ('kind' in e) latest.set(e.challengeId, e);
  return entries
    .filter((e): e is JournalRecord => !('kind' in e))
    .map((attempt) => {
      const outcome = latest.get(attempt.challengeId);
      if (!outcome) return attempt;
      const { status, live, agreement } = outcome;
      return { ...attempt, cloud: { status, live, agreement } };
    });
}

function parseLine(raw: string): JournalEntry | null {
  try {
    const line = LineSchema.safeParse(JSON.parse(raw));
    if (!line.success) return null;
    const record = JournalEntrySchema.safeParse(line.data.r);
    if (!record.success) return null;
    return crc32(JSON.stringify(record.data)) === line.data.crc ? record.data : null;
  } catch {
    return null;
  }
}

/** The journal's record of a verdict: outcome and reasons only. */
export function journalRecordOf(
  verdict: {
    challengeId: string;
    live: boolean;
    score: number;
    failure: string | null;
    reasons: readonly { code: string; passed: boolean; evaluated: boolean; value: number | null }[];
  },
  at: number,
  kiosk: KioskIdentity,
): JournalRecord {
  return {
    at,
    kiosk: { ...kiosk },
    challengeId: verdict.challengeId,
    live: verdict.live,
    score: verdict.score,
    failure: verdict.failure,
    reasons: verdict.reasons.map(({ code, passed, evaluated, value }) => ({
      code,
      passed,
      evaluated,
      // JSON has no NaN or infinity: a value that is not a finite number is recorded as none.
      value: value !== null && Number.isFinite(value) ? value : null,
    })),
  };
}

/** The journal's record of a visitor's request for staff, once staff settled it. */
export function assistedRecordOf(
  request: {
    id: string;
    askedAt: number;
    afterAttempt: string | null;
    state: string;
    endedAt: number | null;
  },
  kiosk: KioskIdentity,
): JournalRecord {
  if (request.state !== 'checked_in' && request.state !== 'not_checked_in')
    throw new Error(`A request for staff is recorded once settled, not while ${request.state}.`);
  return {
    at: request.endedAt ?? request.askedAt,
    kiosk: { ...kiosk },
    challengeId: request.id,
    live: false,
    score: 0,
    failure: 'staff_assisted',
    reasons: [],
    assisted: { outcome: request.state, askedAt: request.askedAt, afterAttempt: request.afterAttempt },
  };
}

/** The journal's record of a cloud event, or null for events it does not keep (retries). */
export function cloudOutcomeRecordOf(
  event: { type: string; id: string; live?: boolean; agreement?: 'agree' | 'disagree' },
  at: number,
): CloudOutcomeRecord | null {
  const status = CLOUD_STATUSES.find((s) => s === event.type);
  if (!status) return null;
  return {
    kind: 'cloud',
    at,
    challengeId: event.id,
    status,
    live: event.live ?? null,
    agreement: event.agreement ?? null,
  };
}
