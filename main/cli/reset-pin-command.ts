import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NEW_PIN_STATE } from '../ops/staff-pin';
import { CREDENTIALS_FILE, CredentialsError, CredentialsStore } from '../store/credentials-store';
import { CliError } from './cli-error';

export const resetPinUsage = `liveness-kiosk reset-pin --data-dir DIR
  Clears the staff PIN of the kiosk whose data directory is DIR (docs/packaging.md lists where each
  OS keeps it), so that its next start asks staff to set a new one. Write access to the kiosk's own
  disk is the proof of authority. Stop the kiosk first: a running kiosk keeps its PIN in memory.
  The visitor failure lockout, the settings and the results are left as they are.`;

export function resetPinCommand(argv: string[], out: (text: string) => void): void {
  const { values } = parseArgs({ args: argv, options: { 'data-dir': { type: 'string' } }, strict: true });
  const dir = values['data-dir'];
  if (!dir) throw new CliError('--data-dir DIR is required: the kiosk data directory whose PIN to clear.', 2);
  // Never create a kiosk where there was none: a typo must not leave a stray credentials file.
  if (!existsSync(join(dir, CREDENTIALS_FILE)) && !existsSync(join(dir, 'settings.json')))
    throw new CliError(
      `${dir} holds no kiosk data (neither ${CREDENTIALS_FILE} nor settings.json). Check the path.`,
    );
  let store: CredentialsStore;
  try {
    store = CredentialsStore.open(dir);
  } catch (error) {
    if (error instanceof CredentialsError)
      throw new CliError(`${error.message} Nothing was changed; restore the file from a backup.`);
    throw error;
  }
  store.setPin(NEW_PIN_STATE);
  out(`Staff PIN cleared in ${join(dir, CREDENTIALS_FILE)}; the kiosk asks for a new one at its next start.`);
}
