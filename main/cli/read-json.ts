import { readFile } from 'node:fs/promises';
import { CliError } from './cli-error';

/** Reads a JSON file named on the command line; a missing or malformed file is a CliError saying which. */
export async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
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
