import { readFile, stat } from 'node:fs/promises';
import { CliError } from './cli-error';

/** Larger JSON inputs are refused before reading: an attempt record with its frames is a few MiB. */
export const MAX_JSON_BYTES = 32 * 1024 * 1024;

/** Reads a JSON file named on the command line; a missing, oversized or malformed file is a CliError saying which. */
export async function readJson(path: string, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
  let text: string;
  try {
    const { size } = await stat(path);
    if (size > maxBytes)
      throw new CliError(
        `${path} is ${Math.round(size / 1024 / 1024)} MiB; inputs are limited to ${Math.round(maxBytes / 1024 / 1024)} MiB.`,
      );
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(error);
    throw new CliError(`Cannot read ${path}: ${why}.`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`${path} is not valid JSON: ${(error as Error).message}.`);
  }
}
