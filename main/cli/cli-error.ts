/** A problem the person at the terminal can fix; printed without a stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    /** 2 for a wrong command line, 1 for anything else that stopped the command. */
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

/** Parses a whole-number option, naming the option when the value is not one. */
export function intOption(name: string, value: string | undefined, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new CliError(`--${name} is required.`, 2);
    return fallback;
  }
  if (!/^-?\d+$/.test(value.trim()))
    throw new CliError(`--${name} must be a whole number; got "${value}".`, 2);
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new CliError(`--${name} is out of range: ${value}.`, 2);
  return n;
}
