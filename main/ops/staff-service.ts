import { randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { JournalRecord } from '../store/results-journal';
import { KioskSettingsSchema, SETTINGS_JSON_SCHEMA, type KioskSettings } from '../store/settings-schema';
import { localisedSections } from '../store/settings-meta-i18n';
import {
  ExportError,
  stamp,
  writeBundle,
  type BundleFile,
  type ExportReceipt,
  type ExportTarget,
} from './diagnostics-export';
import { SELF_TEST_STEPS, type SelfTestStepName } from '../../preload/channels';
import type { UpdateState } from './updates';
import {
  ASSISTANCE_OUTCOMES,
  type AssistanceOutcome,
  type AssistanceRequest,
  type SettleResult,
} from '../kiosk/staff-assistance';
import { NEW_PIN_STATE, PinError, checkPin, setPin, type PinState } from './staff-pin';

/*
 * The staff panel's back end, transport-agnostic like the kiosk service: every request is validated,
 * everything but the status and the PIN itself needs a session token from a correct PIN, and a
 * session lapses after a few idle minutes. Settings edits go through the settings store's own
 * validation; the PIN hash is never sent to the screen.
 */

export const STAFF_SESSION_IDLE_MS = 5 * 60_000;

const token = z.string().regex(/^[0-9a-f]{64}$/);
const pin = z.string().max(32);
const sections = Object.keys(KioskSettingsSchema.shape).filter((k) => k !== 'staffPin') as [
  Exclude<keyof KioskSettings, 'staffPin'>,
  ...Exclude<keyof KioskSettings, 'staffPin'>[],
];

export const StaffRequestSchemas = {
  status: z.object({}).strict(),
  setFirstPin: z.object({ pin }).strict(),
  unlock: z.object({ pin }).strict(),
  lock: z.object({ token }).strict(),
  changePin: z.object({ token, pin }).strict(),
  /** `language`: the panel's, for the settings' labels and descriptions (English by default). */
  settings: z
    .object({
      token,
      language: z
        .string()
        .regex(/^[a-z]{2}$/)
        .optional(),
    })
    .strict(),
  updateSettings: z.object({ token, section: z.enum(sections), value: z.unknown() }).strict(),
  health: z.object({ token }).strict(),
  results: z
    .object({
      token,
      live: z.boolean().optional(),
      /** Staff-assisted checks only (true) or liveness attempts only (false). */
      assisted: z.boolean().optional(),
      /** Attempts the cloud disagreed with, or that still wait for it / expired unverified. */
      cloud: z.enum(['disagree', 'queued', 'expired']).optional(),
      sinceMs: z.number().finite().optional(),
      limit: z.number().int().min(1).max(1000).default(200),
    })
    .strict(),
  exportResults: z
    .object({
      token,
      format: z.enum(['csv', 'json']),
      target: z
        .string()
        .regex(/^[0-9a-f]{16}$/)
        .optional(),
    })
    .strict(),
  exportTargets: z.object({ token }).strict(),
  checkUpdates: z.object({ token }).strict(),
  exportDiagnostics: z.object({ token, target: z.string().regex(/^[0-9a-f]{16}$/) }).strict(),
  clearLockout: z.object({ token }).strict(),
  selfTest: z.object({ token, step: z.enum(SELF_TEST_STEPS) }).strict(),
  restart: z.object({ token }).strict(),
  quit: z.object({ token }).strict(),
  assistance: z.object({ token }).strict(),
  settleAssistance: z
    .object({ token, requestId: z.string().uuid(), outcome: z.enum(ASSISTANCE_OUTCOMES) })
    .strict(),
} as const;

export type StaffAction = keyof typeof StaffRequestSchemas;

/** A refusal: its code, the sentence in English, and the numbers in it (the panel words it in its language). */
export interface StaffRefusal {
  readonly code: string;
  readonly message: string;
  readonly values?: Readonly<Record<string, number>>;
}

export type StaffReply<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: StaffRefusal };

export interface SelfTestStep {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
}

/** What the staff service works with; the app wires the real stores, tests stand-ins. */
export interface StaffDeps {
  readonly readPin: () => PinState;
  readonly writePin: (state: PinState) => void;
  readonly readSettings: () => { settings: KioskSettings; notice: string | null };
  readonly updateSettings: (section: string, value: unknown) => { ok: true } | { ok: false; message: string };
  readonly health: () => Promise<Record<string, unknown>>;
  /** Every attempt kept, oldest first (exports). */
  readonly results: () => Promise<JournalRecord[]>;
  /** The newest `limit` attempts `keep` accepts, newest first (the results tab). */
  readonly recentResults: (limit: number, keep: (r: JournalRecord) => boolean) => Promise<JournalRecord[]>;
  /** Reopens a kiosk paused by the failure lockout; true when it was paused. */
  readonly clearLockout: () => boolean;
  readonly selfTest: (step: SelfTestStepName) => Promise<SelfTestStep>;
  readonly restart: () => void;
  /** The maintenance exit: ends the app. */
  readonly quit: () => void;
  /** Where exports may go now: the kiosk's own folder and removable drives (never a path from the screen). */
  readonly exportTargets: () => Promise<ExportTarget[]>;
  /** What a diagnostics bundle holds: health, settings without secrets, journal summary, logs, crash dumps. */
  readonly diagnostics: () => Promise<BundleFile[]>;
  /** Starts an update check now (it runs on; health shows how it goes) and returns the state. */
  readonly checkUpdates: () => UpdateState;
  /** Visitors' requests for staff: the one waiting, and settling it. */
  readonly assistance: {
    readonly waiting: AssistanceRequest | null;
    settle(id: string, outcome: AssistanceOutcome): SettleResult;
  };
  readonly now?: () => number;
  readonly log?: (event: string, detail: Record<string, unknown>) => void;
}

const fail = (code: string, message: string, values?: Record<string, number>): StaffReply<never> => ({
  ok: false,
  error: values ? { code, message, values } : { code, message },
});

/** Session tokens compared in constant time (both are 64 hex characters once validated). */
function sameToken(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export class StaffService {
  private session: { token: string; lastUsed: number } | null = null;
  /** PIN reads, checks and writes run one at a time: concurrent guesses are each counted. */
  private pinTurn: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: StaffDeps) {}

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Whether staff are signed in to the panel now (a session that has not lapsed). */
  get panelInUse(): boolean {
    const s = this.session;
    return s !== null && this.now() - s.lastUsed <= STAFF_SESSION_IDLE_MS;
  }

  async dispatch(action: string, payload: unknown): Promise<StaffReply<unknown>> {
    // Own keys only: an action named like an Object member (`constructor`) is simply unknown.
    const schema = Object.hasOwn(StaffRequestSchemas, action)
      ? (StaffRequestSchemas as Record<string, z.ZodType>)[action]
      : undefined;
    if (!schema) return fail('unknown_action', `There is no staff action "${action}".`);
    const parsed = schema.safeParse(payload ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return fail(
        'invalid_request',
        `Malformed ${action} request: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`,
      );
    }
    const request = parsed.data as Record<string, unknown>;
    try {
      if (action === 'status') return { ok: true, value: this.status() };
      if (action === 'setFirstPin') return await this.withPin(() => this.setFirstPin(request.pin as string));
      if (action === 'unlock') return await this.withPin(() => this.unlock(request.pin as string));
      if (!this.authorised(request.token as string)) {
        return fail('not_authorised', 'The staff session has ended; enter the PIN again.');
      }
      return await this.run(action as StaffAction, request);
    } catch (error) {
      return fail(
        'internal',
        `The staff action ${action} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** Runs `fn` after every PIN operation before it has finished, so each reads what the last wrote. */
  private withPin<T>(fn: () => Promise<T>): Promise<T> {
    const turn = this.pinTurn.then(fn, fn);
    this.pinTurn = turn.catch(() => undefined);
    return turn;
  }

  private status(): { pinSet: boolean; lockedForMs: number } {
    const state = this.deps.readPin();
    return { pinSet: state.hash !== null, lockedForMs: Math.max(0, state.lockedUntil - this.now()) };
  }

  private async setFirstPin(value: string): Promise<StaffReply<{ token: string; idleMs: number }>> {
    if (this.deps.readPin().hash !== null) return fail('pin_already_set', 'A staff PIN is already set.');
    try {
      this.deps.writePin(await setPin(NEW_PIN_STATE, value));
    } catch (error) {
      if (error instanceof PinError) return fail('invalid_pin', error.message);
      throw error;
    }
    this.deps.log?.('staff.pin_set', {});
    return { ok: true, value: { token: this.open(), idleMs: STAFF_SESSION_IDLE_MS } };
  }

  private async unlock(value: string): Promise<StaffReply<{ token: string; idleMs: number }>> {
    const check = await checkPin(this.deps.readPin(), value, this.now());
    this.deps.writePin(check.state);
    switch (check.result) {
      case 'ok':
        this.deps.log?.('staff.unlocked', {});
        return { ok: true, value: { token: this.open(), idleMs: STAFF_SESSION_IDLE_MS } };
      case 'not_set':
        return fail('pin_not_set', 'No staff PIN is set yet: set one first.');
      case 'wrong':
        this.deps.log?.('staff.wrong_pin', { attemptsLeft: check.attemptsLeft });
        return fail('wrong_pin', `Wrong PIN; ${check.attemptsLeft} tries left before a lockout.`, {
          triesLeft: check.attemptsLeft,
        });
      case 'locked':
        this.deps.log?.('staff.pin_locked', { retryInMs: check.retryInMs });
        return fail(
          'pin_locked',
          `Too many wrong PINs: try again in ${Math.ceil(check.retryInMs / 1000)} s.`,
          { seconds: Math.ceil(check.retryInMs / 1000) },
        );
    }
  }

  private open(): string {
    this.session = { token: randomBytes(32).toString('hex'), lastUsed: this.now() };
    return this.session.token;
  }

  private authorised(value: string): boolean {
    const s = this.session;
    if (!s || !sameToken(s.token, value) || this.now() - s.lastUsed > STAFF_SESSION_IDLE_MS) return false;
    s.lastUsed = this.now();
    return true;
  }

  private export(id: string, kind: string, files: readonly BundleFile[]): Promise<StaffReply<ExportReceipt>> {
    return exportTo(this.deps, id, kind, files, this.now());
  }

  private async run(action: StaffAction, request: Record<string, unknown>): Promise<StaffReply<unknown>> {
    switch (action) {
      case 'lock':
        this.session = null;
        return { ok: true, value: null };
      case 'changePin':
        return this.withPin(async () => {
          try {
            this.deps.writePin(await setPin(this.deps.readPin(), request.pin as string));
          } catch (error) {
            if (error instanceof PinError) return fail('invalid_pin', error.message);
            throw error;
          }
          this.deps.log?.('staff.pin_changed', {});
          return { ok: true, value: { changed: true } };
        });
      case 'settings': {
        const { settings, notice } = this.deps.readSettings();
        const { staffPin: _hidden, ...visible } = settings;
        const language = (request.language as string | undefined) ?? 'en';
        const { staffPin: _hiddenSchema, ...sections } = SETTINGS_JSON_SCHEMA.properties;
        const schema = localisedSections(sections, language);
        return { ok: true, value: { settings: visible, schema, notice } };
      }
      case 'updateSettings': {
        const r = this.deps.updateSettings(request.section as string, request.value);
        if (!r.ok) return fail('invalid_setting', r.message);
        this.deps.log?.('staff.settings_changed', { section: request.section });
        return { ok: true, value: { restartNeeded: true } };
      }
      case 'health':
        return { ok: true, value: await this.deps.health() };
      case 'results': {
        const keep = (r: JournalRecord): boolean =>
          (request.live === undefined || r.live === request.live) &&
          (request.assisted === undefined || (r.assisted !== undefined) === request.assisted) &&
          (request.cloud === undefined || matchesCloud(r, request.cloud as CloudFilter)) &&
          (request.sinceMs === undefined || r.at >= (request.sinceMs as number));
        return { ok: true, value: await this.deps.recentResults(request.limit as number, keep) };
      }
      case 'exportResults': {
        const all = await this.deps.results();
        const text = request.format === 'csv' ? resultsCsv(all) : JSON.stringify(all, null, 1);
        if (request.target === undefined) return { ok: true, value: text };
        return this.export(request.target as string, 'results', [
          { name: `results.${request.format as string}`, content: text },
        ]);
      }
      case 'checkUpdates':
        this.deps.log?.('staff.check_updates', {});
        return { ok: true, value: this.deps.checkUpdates() };
      case 'exportTargets':
        return { ok: true, value: await this.deps.exportTargets() };
      case 'exportDiagnostics':
        return this.export(request.target as string, 'diagnostics', await this.deps.diagnostics());
      case 'clearLockout': {
        const wasLocked = this.deps.clearLockout();
        this.deps.log?.('staff.lockout_cleared', { wasLocked });
        return { ok: true, value: { wasLocked } };
      }
      case 'selfTest':
        return { ok: true, value: await this.deps.selfTest(request.step as SelfTestStepName) };
      case 'restart':
        this.deps.log?.('staff.restart', {});
        this.deps.restart();
        return { ok: true, value: null };
      case 'assistance':
        return { ok: true, value: { waiting: this.deps.assistance.waiting } };
      case 'settleAssistance': {
        const r = this.deps.assistance.settle(
          request.requestId as string,
          request.outcome as AssistanceOutcome,
        );
        if (!r.ok) return fail(r.code, r.message);
        this.deps.log?.('staff.assistance_settled', { outcome: r.request.state });
        return { ok: true, value: r.request };
      }
      case 'quit':
        this.deps.log?.('staff.quit', {});
        this.session = null;
        this.deps.quit();
        return { ok: true, value: null };
      default:
        return fail('unknown_action', `There is no staff action "${String(action)}".`);
    }
  }
}

/** Writes a bundle to a target listed now; typed errors for a vanished drive or a failed write. */
async function exportTo(
  deps: StaffDeps,
  id: string,
  kind: string,
  files: readonly BundleFile[],
  now: number,
): Promise<StaffReply<ExportReceipt>> {
  const target = (await deps.exportTargets()).find((t) => t.id === id);
  if (!target)
    return fail(
      'unknown_target',
      'That export place is not available any more (a drive removed?): refresh the list and choose again.',
    );
  try {
    const receipt = await writeBundle(target, `liveness-kiosk-${kind}-${stamp(new Date(now))}`, files);
    deps.log?.('staff.exported', {
      kind,
      target: target.label,
      files: receipt.files.length,
      bytes: receipt.bytes,
    });
    return { ok: true, value: receipt };
  } catch (error) {
    if (error instanceof ExportError) return fail(error.code, error.message);
    throw error;
  }
}

type CloudFilter = z.output<typeof StaffRequestSchemas.results>['cloud'] & string;

const matchesCloud = (r: JournalRecord, want: CloudFilter): boolean =>
  want === 'disagree' ? r.cloud?.agreement === 'disagree' : r.cloud?.status === want;

const csvCell = (v: unknown): string => {
  // A number is data, never a formula: a negative measurement stays a number in a spreadsheet.
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = v === null || v === undefined ? '' : String(v);
  // Quote every cell with a delimiter, quote or line break; neutralise spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/**
 * Results as CSV (RFC 4180): one row per attempt, failed checks joined by ";", the cloud's outcome,
 * for a staff-assisted check what staff did (such rows are never live), and then one column per
 * check with what it measured (`<check>_value`), for setting bars from a kiosk's own visitors.
 */
export function resultsCsv(records: readonly JournalRecord[]): string {
  const checks = [...new Set(records.flatMap((r) => r.reasons.map((x) => x.code)))];
  const header = [
    'time',
    'kiosk_name',
    'kiosk_site',
    'challenge_id',
    'live',
    'score',
    'failure',
    'failed_checks',
    'cloud_status',
    'cloud_live',
    'cloud_agreement',
    'staff_assisted',
    ...checks.map((code) => `${code}_value`),
  ];
  const rows = records.map((r) => [
    new Date(r.at).toISOString(),
    r.kiosk?.name ?? '',
    r.kiosk?.site ?? '',
    r.challengeId,
    r.live,
    r.score,
    r.failure ?? '',
    r.reasons
      .filter((x) => x.evaluated && !x.passed)
      .map((x) => x.code)
      .join(';'),
    r.cloud?.status ?? '',
    r.cloud?.live ?? '',
    r.cloud?.agreement ?? '',
    r.assisted?.outcome ?? '',
    ...checks.map((code) => r.reasons.find((x) => x.code === code)?.value ?? ''),
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
