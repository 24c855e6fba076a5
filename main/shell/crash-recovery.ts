import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/*
 * An unexpected error in main is logged and the app starts afresh rather than limping on in an
 * unknown state, but never in a tight loop: each relaunch waits longer, and after a few crashes in
 * a short window the kiosk gives up and shows staff a plain error screen. The crash times live in
 * a small file, because every relaunch is a new process.
 */

export interface CrashPolicy {
  /** Crashes within `windowMs` after which the kiosk stops relaunching. */
  readonly maxCrashes: number;
  readonly windowMs: number;
  /** Wait before the first relaunch; doubles with each crash in the window. */
  readonly firstDelayMs: number;
}

export const DEFAULT_CRASH_POLICY: CrashPolicy = {
  maxCrashes: 3,
  windowMs: 10 * 60_000,
  firstDelayMs: 2_000,
};

export type CrashDecision =
  | { readonly action: 'relaunch'; readonly delayMs: number; readonly history: readonly number[] }
  | { readonly action: 'give_up'; readonly history: readonly number[] };

/** Pure: what to do about a crash at `now`, given the earlier crash times. */
export function decideAfterCrash(
  earlier: readonly number[],
  now: number,
  policy = DEFAULT_CRASH_POLICY,
): CrashDecision {
  const history = [...earlier.filter((t) => now - t < policy.windowMs && t <= now), now];
  if (history.length >= policy.maxCrashes) return { action: 'give_up', history };
  return { action: 'relaunch', delayMs: policy.firstDelayMs * 2 ** (history.length - 1), history };
}

/** The crash times recorded by earlier runs; an unreadable file counts as none. */
export function readCrashHistory(file: string): number[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(parsed) ? parsed.filter((t): t is number => Number.isFinite(t)) : [];
  } catch {
    return [];
  }
}

function writeCrashHistory(file: string, history: readonly number[]): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(history));
  renameSync(`${file}.tmp`, file);
}

export interface CrashRecoveryDeps {
  readonly proc: {
    on(event: 'uncaughtException' | 'unhandledRejection', listener: (error: unknown) => void): unknown;
  };
  readonly app: { relaunch(): void; exit(code: number): void };
  readonly log: (event: string, detail: Record<string, unknown>) => void;
  /** Where crash times are kept between runs. */
  readonly historyFile: string;
  /** Shows staff the "stopped after repeated crashes" screen. */
  readonly giveUp: (crashes: number) => void;
  readonly development: boolean;
  readonly policy?: CrashPolicy;
  readonly now?: () => number;
  readonly setTimeout?: (fn: () => void, ms: number) => unknown;
}

export function installCrashRecovery(deps: CrashRecoveryDeps): void {
  const wait = deps.setTimeout ?? ((fn, ms) => setTimeout(fn, ms));
  let handling = false;
  const handler = (kind: string) => (error: unknown) => {
    deps.log(`main.${kind}`, {
      message: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? error.stack : undefined,
    });
    // In development it is only logged; and a second error while the first is handled changes nothing.
    if (deps.development || handling) return;
    handling = true;
    let decision: CrashDecision;
    try {
      decision = decideAfterCrash(readCrashHistory(deps.historyFile), (deps.now ?? Date.now)(), deps.policy);
      writeCrashHistory(deps.historyFile, decision.history);
    } catch {
      // Cannot record (full disk): relaunch once more, slowly, rather than loop blind.
      decision = {
        action: 'relaunch',
        delayMs: (deps.policy ?? DEFAULT_CRASH_POLICY).windowMs / 10,
        history: [],
      };
    }
    if (decision.action === 'give_up') {
      deps.log('main.crash_loop_stopped', { crashes: decision.history.length });
      deps.giveUp(decision.history.length);
      return;
    }
    deps.log('main.relaunch_scheduled', { inMs: decision.delayMs, crashes: decision.history.length });
    wait(() => {
      deps.app.relaunch();
      deps.app.exit(1);
    }, decision.delayMs);
  };
  deps.proc.on('uncaughtException', handler('uncaught_exception'));
  deps.proc.on('unhandledRejection', handler('unhandled_rejection'));
}
