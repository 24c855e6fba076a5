import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import catalogue from '../../models/catalogue.json';

export type NetName = 'tinyFaceDetector' | 'faceLandmark68Net' | 'faceRecognitionNet';

export interface ModelFile {
  readonly net: string;
  readonly file: string;
  readonly bytes: number;
  readonly sha256: string;
}

export const MODEL_CATALOGUE: readonly ModelFile[] = catalogue.models;

export class ModelIntegrityError extends Error {
  override readonly name = 'ModelIntegrityError';
  constructor(
    readonly code: 'model_missing' | 'model_altered' | 'model_unreadable',
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Where the weights are (never fetched): the app's own copy of the catalogue's files (dist/models,
 * written and checked by the build, the only copy in a package), else the installed
 * @vladmandic/face-api package's (running from source). With neither, the bundled path, so that
 * reading it reports the missing file.
 */
export function defaultModelDirectory(): string {
  const bundled = join(__dirname, '..', 'models');
  if (existsSync(join(bundled, MODEL_CATALOGUE[0]!.file))) return bundled;
  try {
    return join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  } catch {
    return bundled;
  }
}

export interface VerifiedNet {
  readonly net: NetName;
  /** The weights manifest (JSON) and the weights themselves, exactly as hashed. */
  readonly manifest: unknown;
  readonly weights: Uint8Array;
}

/**
 * Reads each net's files once, checks size and SHA-256 against models/catalogue.json, and returns
 * the verified bytes, so what is loaded is exactly what was checked. A missing or altered file is
 * a ModelIntegrityError that says which file and what to do.
 */
export async function readVerifiedNets(
  nets: readonly NetName[],
  directory = defaultModelDirectory(),
  entries: readonly ModelFile[] = MODEL_CATALOGUE,
): Promise<VerifiedNet[]> {
  const out: VerifiedNet[] = [];
  for (const net of nets) {
    const files = entries.filter((e) => e.net === net);
    const manifestEntry = files.find((e) => e.file.endsWith('.json'));
    const weightsEntry = files.find((e) => e.file.endsWith('.bin'));
    if (!manifestEntry || !weightsEntry) {
      throw new ModelIntegrityError('model_missing', net, `The model catalogue has no entry for ${net}.`);
    }
    const manifestBytes = await readChecked(directory, manifestEntry);
    const weights = await readChecked(directory, weightsEntry);
    out.push({ net, manifest: JSON.parse(Buffer.from(manifestBytes).toString('utf8')) as unknown, weights });
  }
  return out;
}

async function readChecked(directory: string, entry: ModelFile): Promise<Uint8Array> {
  const path = join(directory, entry.file);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ModelIntegrityError(
      missing ? 'model_missing' : 'model_unreadable',
      entry.file,
      missing
        ? `Model file ${entry.file} is missing from ${directory}. Reinstall the kiosk (or run npm ci) to restore it.`
        : `Model file ${path} cannot be read: ${(error as Error).message}.`,
    );
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (bytes.length !== entry.bytes || sha256 !== entry.sha256) {
    throw new ModelIntegrityError(
      'model_altered',
      entry.file,
      `Model file ${path} does not match the catalogue (expected ${entry.bytes} bytes, sha256 ` +
        `${entry.sha256.slice(0, 12)}…; found ${bytes.length} bytes, ${sha256.slice(0, 12)}…). ` +
        'It may be corrupt or tampered with: reinstall the kiosk.',
    );
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
