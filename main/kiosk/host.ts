import type { Updater } from '../ops/updates';
import type { Reply } from '../../preload/contract';
import type { RandomSource } from '../liveness';
import type { Log } from '../ops/log';
import type { KeyProtector } from '../store/evidence-store';

/*
 * What a kiosk needs from the program it runs in. Electron (main/shell/electron-host.ts) and the
 * browser preview (main/preview/preview-host.ts) are the two implementations; everything else is
 * built once, by composeKiosk, whichever host it runs in.
 */

/** Handles one request from the kiosk page: validated, never throws. */
export type Dispatch = (channel: string, payload: unknown) => Promise<Reply<unknown>>;

export interface KioskHost {
  /** Where the kiosk keeps its data: settings, journal, evidence, cloud queue, logs. */
  readonly dataDir: string;
  readonly version: string;
  /** The built inference worker script. */
  readonly workerPath: string;
  /** Where Electron's crash reporter keeps minidumps (listed in health); absent: no crash reporter. */
  readonly crashDumpsDir?: string;
  /** Where the face-api weights are; absent: the installed @vladmandic/face-api package's. */
  readonly modelDirectory?: string;
  /** How secrets are sealed (Electron's safeStorage); null: a development key, flagged as unprotected. */
  readonly secrets: KeyProtector | null;
  readonly log: Log;
  /** Challenges from a seeded source: the preview's --challenge-seed only; cryptographic otherwise. */
  readonly challengeRandom?: RandomSource;
  /** How requests from the kiosk page arrive: binds `dispatch` to the host's transport; returns the unbind. */
  serve(dispatch: Dispatch): () => void;
  /** Shows the kiosk page, with the camera granted to that page alone. */
  openWindow(): Promise<void>;
  /** Shows staff a plain screen naming a start-up failure (no kiosk page behind it). */
  showStartupError(error: StartupError): Promise<void>;
  /** Starts the kiosk afresh (staff "restart", so that saved settings apply). */
  restart(): void;
  /** Ends the app (staff's maintenance exit, behind the PIN): the only way out of kiosk mode. */
  quit(): void;
  /** Whether the OS starts the kiosk at login. */
  setStartAtLogin(open: boolean): void;
  /**
   * electron-updater reading a generic feed at `feedUrl`; absent where the app cannot update itself
   * (the preview, a development run): updates are then off.
   */
  readonly createUpdater?: (feedUrl: string) => Updater;
}

export type StartupStage =
  | 'data_dir'
  | 'settings'
  | 'credentials'
  | 'evidence_key'
  | 'journal'
  | 'models'
  | 'repeated_crashes'
  /** Anything no stage named (a bug): the log has the stack. */
  | 'unexpected';

/** A start-up that cannot go on: which stage failed, what happened and what staff can do. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
  constructor(
    readonly stage: StartupStage,
    message: string,
    readonly advice: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
