import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { OPEN, type LockoutState } from '../kiosk/failure-lockout';
import { NEW_PIN_STATE, type PinState } from '../ops/staff-pin';

/*
 * Credentials live apart from the tunable settings: the staff PIN's hash and guard, and the visitor
 * failure lockout. No settings problem (a bad value, a downgrade, a reset to defaults) can touch
 * them, and a restart or crash relaunch does not clear a lockout. Written atomically (temporary
 * file, fsync, rename, fsync of the directory). An unreadable file is never replaced by defaults,
 * which would let the next person at the kiosk set the PIN: the kiosk stops and says so.
 */

const PinStateSchema = z.object({
  hash: z.string().nullable(),
  failures: z.number().int().min(0),
  lockouts: z.number().int().min(0),
  lockedUntil: z.number(),
});

const LockoutStateSchema = z.object({
  failures: z.array(z.number()).max(1000),
  lockedAt: z.number().nullable(),
});

const CredentialsSchema = z.object({
  version: z.literal(1),
  staffPin: PinStateSchema,
  lockout: LockoutStateSchema,
});

export interface Credentials {
  readonly version: 1;
  readonly staffPin: PinState;
  readonly lockout: LockoutState;
}

export class CredentialsError extends Error {
  override readonly name = 'CredentialsError';
}

export const CREDENTIALS_FILE = 'credentials.json';

export class CredentialsStore {
  private constructor(
    private readonly path: string,
    private current: Credentials,
  ) {}

  /**
   * Opens `directory`/credentials.json. Absent: created, carrying over `legacyPin` (the PIN state
   * earlier versions kept in the settings) if there is one.
   */
  static open(directory: string, legacyPin: PinState | null = null): CredentialsStore {
    const path = join(directory, CREDENTIALS_FILE);
    if (!existsSync(path)) {
      const store = new CredentialsStore(path, {
        version: 1,
        staffPin: legacyPin ?? NEW_PIN_STATE,
        lockout: OPEN,
      });
      store.write();
      return store;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new CredentialsError(`${path} is not readable JSON (${(error as Error).message}).`);
    }
    const checked = CredentialsSchema.safeParse(parsed);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new CredentialsError(
        `${path} is not valid: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}.`,
      );
    }
    return new CredentialsStore(path, checked.data);
  }

  get pin(): PinState {
    return this.current.staffPin;
  }

  get lockout(): LockoutState {
    return this.current.lockout;
  }

  setPin(state: PinState): void {
    this.current = { ...this.current, staffPin: state };
    this.write();
  }

  setLockout(state: LockoutState): void {
    this.current = { ...this.current, lockout: state };
    this.write();
  }

  private write(): void {
    const temporary = `${this.path}.tmp`;
    const fd = openSync(temporary, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(this.current));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.path);
    // The rename itself must survive a power cut.
    const dir = openSync(dirname(this.path), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  }
}
