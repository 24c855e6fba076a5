/*
 * Updates, applied only when nobody is using the kiosk. electron-updater does the finding, the
 * download and the checksum (sha512 from the feed's latest.yml); this decides when: a check on start
 * and every few hours, the download in the background, and the install (which quits and relaunches
 * the app) only once the kiosk has sat idle on its welcome screen, never during a visit or while
 * staff have the panel open. Any failure leaves the running version as it is and is retried at the
 * next check.
 */

/** The part of electron-updater's AppUpdater this needs (its real object satisfies it). */
export interface Updater {
  checkForUpdates(): Promise<{
    readonly isUpdateAvailable: boolean;
    readonly updateInfo: { readonly version: string };
  } | null>;
  downloadUpdate(): Promise<unknown>;
  /** Quits, installs, relaunches. */
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown;
}

export type UpdateState =
  | { readonly status: 'off' }
  | { readonly status: 'up_to_date'; readonly checkedAt: number }
  | { readonly status: 'checking' }
  | { readonly status: 'downloading'; readonly version: string; readonly percent: number }
  /** Downloaded and verified; installed as soon as the kiosk is idle. */
  | { readonly status: 'waiting_for_idle'; readonly version: string }
  | { readonly status: 'installing'; readonly version: string }
  | { readonly status: 'failed'; readonly message: string; readonly at: number };

export interface UpdateServiceOptions {
  /** null: updates are off (no feed URL set). */
  readonly updater: Updater | null;
  /** Whether installing now would disturb nobody: no visit, back on the welcome screen, no staff. */
  readonly isIdle: () => boolean;
  readonly checkEveryMs: number;
  /** How often a downloaded update looks for an idle moment. */
  readonly idlePollMs?: number;
  /** First check this long after start (the kiosk settles first). */
  readonly firstCheckAfterMs?: number;
  readonly now?: () => number;
  readonly setTimer?: (fn: () => void, ms: number) => () => void;
  readonly log?: (event: string, detail: Record<string, unknown>) => void;
}

const unrefTimer = (fn: () => void, ms: number): (() => void) => {
  const t = setTimeout(fn, ms);
  t.unref?.();
  return () => clearTimeout(t);
};

export class UpdateService {
  private current: UpdateState;
  private cancelTimer: (() => void) | null = null;
  private running: Promise<UpdateState> | null = null;
  private stopped = false;

  constructor(private readonly options: UpdateServiceOptions) {
    this.current = options.updater ? { status: 'up_to_date', checkedAt: 0 } : { status: 'off' };
    options.updater?.on('download-progress', ({ percent }) => {
      if (this.current.status === 'downloading')
        this.current = { ...this.current, percent: Math.round(percent) };
    });
  }

  get state(): UpdateState {
    return this.current;
  }

  /** Schedules the first check; later ones follow every `checkEveryMs`. */
  start(): void {
    if (!this.options.updater) return;
    this.schedule(this.options.firstCheckAfterMs ?? 60_000, () => void this.check());
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
  }

  /** Checks now (staff's button, or the timer); one check at a time. Resolves with the state it left. */
  check(): Promise<UpdateState> {
    const updater = this.options.updater;
    if (!updater) return Promise.resolve(this.current);
    if (this.running) return this.running;
    if (this.current.status === 'waiting_for_idle' || this.current.status === 'installing')
      return Promise.resolve(this.current);
    this.running = this.run(updater).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(updater: Updater): Promise<UpdateState> {
    this.cancelTimer?.();
    this.current = { status: 'checking' };
    try {
      const found = await updater.checkForUpdates();
      if (!found?.isUpdateAvailable) {
        this.current = { status: 'up_to_date', checkedAt: this.now() };
        this.log('update.none', {});
      } else {
        const { version } = found.updateInfo;
        this.current = { status: 'downloading', version, percent: 0 };
        this.log('update.downloading', { version });
        await updater.downloadUpdate();
        this.current = { status: 'waiting_for_idle', version };
        this.log('update.downloaded', { version });
        this.installWhenIdle(updater, version);
        return this.current;
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.current = { status: 'failed', message, at: this.now() };
      this.log('update.failed', { message });
    }
    this.schedule(this.options.checkEveryMs, () => void this.check());
    return this.current;
  }

  private installWhenIdle(updater: Updater, version: string): void {
    if (this.stopped) return;
    if (this.options.isIdle()) {
      this.current = { status: 'installing', version };
      this.log('update.installing', { version });
      updater.quitAndInstall(true, true);
      return;
    }
    this.schedule(this.options.idlePollMs ?? 30_000, () => this.installWhenIdle(updater, version));
  }

  private schedule(ms: number, fn: () => void): void {
    if (this.stopped) return;
    this.cancelTimer?.();
    this.cancelTimer = (this.options.setTimer ?? unrefTimer)(fn, ms);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private log(event: string, detail: Record<string, unknown>): void {
    this.options.log?.(event, detail);
  }
}
