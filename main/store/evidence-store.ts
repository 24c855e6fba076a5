import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { FILE_SAFE_ATTEMPT_ID } from './attempt-id';

/*
 * Evidence frames (an attempt's key frames) are personal data: kept encrypted at rest (AES-256-GCM,
 * so tampering is detected too), only as long as the retention setting says, and not at all when
 * evidence is off. The key lives in Electron's safeStorage (the OS keychain / DPAPI / libsecret);
 * outside Electron a development key is used and says so wherever it matters.
 */

export class EvidenceError extends Error {
  override readonly name = 'EvidenceError';
}

/** Marks the current format: sealed with associated data naming what the bytes belong to. */
const BOUND = Buffer.from('LKE2');

/**
 * Seals and opens byte strings: ['LKE2'][12-byte IV][16-byte tag][ciphertext], with `context` (for
 * example the attempt id and frame number) as AES-GCM associated data, so sealed bytes opened under
 * any other context (copied to another attempt) fail to open. Bytes sealed before contexts existed
 * ([IV][tag][ciphertext]) still open, read-only.
 */
export class EvidenceCipher {
  constructor(
    private readonly key: Buffer,
    /** How the key itself is kept: by the OS key store, by Linux's basic_text fallback, or not at all. */
    readonly protection: KeyProtection,
  ) {
    if (key.length !== 32) throw new EvidenceError('The evidence key must be 32 bytes.');
  }

  /** True unless the OS key store keeps the key: someone with the disk can open the evidence. */
  get development(): boolean {
    return this.protection !== 'os';
  }

  seal(plain: Uint8Array, context: string): Uint8Array {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([BOUND, iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Uint8Array, context: string): Uint8Array {
    let data = Buffer.from(sealed);
    const bound = data.length >= 32 && data.subarray(0, 4).equals(BOUND);
    if (bound) data = data.subarray(4);
    if (data.length < 28) throw new EvidenceError('Evidence file is too short to be sealed data.');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, data.subarray(0, 12));
      if (bound) decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]);
    } catch {
      throw new EvidenceError(
        'Evidence could not be decrypted: it was altered, moved from another attempt, or sealed with another key.',
      );
    }
  }
}

/**
 * os: the OS key store (Keychain, DPAPI, libsecret, KWallet). basic_text: Electron's Linux fallback
 * when no key store is running, a fixed password: no protection, although safeStorage reports
 * encryption as available. none: a development key file in the clear.
 */
export type KeyProtection = 'os' | 'basic_text' | 'none';

/** The part of Electron's safeStorage the key needs. */
export interface KeyProtector {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
  /** Linux: safeStorage.getSelectedStorageBackend(); elsewhere absent (the OS store is always there). */
  storageBackend?(): string;
}

/**
 * The evidence key: created once, kept in `directory` sealed by safeStorage. Without safeStorage
 * (tests, the preview, a Linux desktop without a keyring) a development key file is used, clearly
 * named and flagged: the frames are then not protected from someone with the disk.
 */
export async function loadEvidenceCipher(
  directory: string,
  protector: KeyProtector | null,
): Promise<EvidenceCipher> {
  await fsp.mkdir(directory, { recursive: true });
  if (protector?.isEncryptionAvailable()) {
    const protection: KeyProtection = protector.storageBackend?.() === 'basic_text' ? 'basic_text' : 'os';
    const path = join(directory, 'evidence.key');
    if (existsSync(path)) {
      return new EvidenceCipher(
        Buffer.from(protector.decryptString(await fsp.readFile(path)), 'base64'),
        protection,
      );
    }
    const key = randomBytes(32);
    await fsp.writeFile(path, protector.encryptString(key.toString('base64')), { mode: 0o600 });
    return new EvidenceCipher(key, protection);
  }
  const path = join(directory, 'evidence.DEVELOPMENT-KEY-NOT-PROTECTED');
  if (existsSync(path))
    return new EvidenceCipher(Buffer.from(await fsp.readFile(path, 'utf8'), 'base64'), 'none');
  const key = randomBytes(32);
  await fsp.writeFile(path, key.toString('base64'), { mode: 0o600 });
  return new EvidenceCipher(key, 'none');
}

/** What an evidence frame's sealed bytes belong to: this attempt, this frame. */
const evidenceContext = (id: string, frame: number): string => `evidence:${id}:${frame}`;

export interface EvidenceFrame {
  readonly timestampMs: number;
  readonly jpeg: Uint8Array;
}

/** Key frames per attempt, sealed, with retention. */
export class EvidenceStore {
  constructor(
    readonly directory: string,
    private readonly cipher: EvidenceCipher,
  ) {}

  /** Saves an attempt's frames whole or not at all; a full disk is an EvidenceError saying so. */
  async save(id: string, frames: readonly EvidenceFrame[], at: number): Promise<void> {
    const dir = this.attemptDir(id);
    try {
      await fsp.mkdir(dir, { recursive: true });
      for (const [i, f] of frames.entries())
        await fsp.writeFile(join(dir, `${i}.bin`), this.cipher.seal(f.jpeg, evidenceContext(id, i)));
      // Timestamps only, no pixels: safe in the clear, and what retention needs. Written last, so
      // an attempt with meta.json is complete.
      await fsp.writeFile(
        join(dir, 'meta.json'),
        JSON.stringify({ at, frames: frames.map((f) => f.timestampMs) }),
      );
    } catch (error) {
      await fsp.rm(dir, { recursive: true, force: true });
      const code = (error as NodeJS.ErrnoException).code;
      throw new EvidenceError(
        code === 'ENOSPC' || code === 'EDQUOT'
          ? `The disk is full: the evidence of attempt ${id} was not kept. Free space on the kiosk; results are unaffected.`
          : `The evidence of attempt ${id} could not be saved: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  async read(id: string): Promise<EvidenceFrame[]> {
    const dir = this.attemptDir(id);
    const meta = JSON.parse(await fsp.readFile(join(dir, 'meta.json'), 'utf8')) as { frames: number[] };
    return Promise.all(
      meta.frames.map(async (timestampMs, i) => ({
        timestampMs,
        jpeg: this.cipher.open(await fsp.readFile(join(dir, `${i}.bin`)), evidenceContext(id, i)),
      })),
    );
  }

  async delete(id: string): Promise<void> {
    await fsp.rm(this.attemptDir(id), { recursive: true, force: true });
  }

  /** The attempt's directory; an id that is not an attempt id (`..`, a path) is refused. */
  private attemptDir(id: string): string {
    if (!FILE_SAFE_ATTEMPT_ID.test(id)) throw new EvidenceError(`Not an attempt id: ${JSON.stringify(id)}`);
    return join(this.directory, id);
  }

  /** Deletes evidence older than the retention; returns how many attempts were purged. */
  async purge(now: number, retentionDays: number): Promise<number> {
    if (!existsSync(this.directory)) return 0;
    let purged = 0;
    for (const id of await fsp.readdir(this.directory)) {
      const dir = join(this.directory, id);
      let at: number;
      try {
        at = (JSON.parse(await fsp.readFile(join(dir, 'meta.json'), 'utf8')) as { at: number }).at;
      } catch {
        at = (await fsp.stat(dir)).mtimeMs; // a half-written attempt ages by its directory
      }
      if (now - at >= retentionDays * 24 * 3600_000) {
        await fsp.rm(dir, { recursive: true, force: true });
        purged += 1;
      }
    }
    return purged;
  }
}
