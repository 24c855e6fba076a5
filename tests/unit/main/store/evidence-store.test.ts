import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  EvidenceCipher,
  EvidenceError,
  EvidenceStore,
  loadEvidenceCipher,
  type KeyProtector,
} from '../../../../main/store/evidence-store';

/** A stand-in for safeStorage: reversible, but not the identity, so plain keys never hit disk. */
const protector: KeyProtector = {
  isEncryptionAvailable: () => true,
  encryptString: (s) => Buffer.from(`sealed:${Buffer.from(s).toString('hex')}`),
  decryptString: (b) => Buffer.from(b.toString().slice('sealed:'.length), 'hex').toString(),
};

const jpeg = (n: number) => new Uint8Array([0xff, 0xd8, n, n, n, 0xff, 0xd9]);
const DAY = 24 * 3600_000;

describe('evidence at rest', () => {
  test('frames are stored encrypted and read back intact', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evidence-'));
    const store = new EvidenceStore(join(dir, 'frames'), await loadEvidenceCipher(dir, protector));
    await store.save(
      'attempt-1',
      [
        { timestampMs: 10, jpeg: jpeg(1) },
        { timestampMs: 20, jpeg: jpeg(2) },
      ],
      0,
    );
    const raw = await readFile(join(dir, 'frames', 'attempt-1', '0.bin'));
    expect(Buffer.from(raw).includes(Buffer.from(jpeg(1)))).toBe(false);
    expect(await store.read('attempt-1')).toEqual([
      { timestampMs: 10, jpeg: Buffer.from(jpeg(1)) },
      { timestampMs: 20, jpeg: Buffer.from(jpeg(2)) },
    ]);
  });

  test('the key is kept sealed by safeStorage and reused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evidence-'));
    const a = await loadEvidenceCipher(dir, protector);
    expect(a.development).toBe(false);
    expect((await readFile(join(dir, 'evidence.key'), 'utf8')).startsWith('sealed:')).toBe(true);
    const b = await loadEvidenceCipher(dir, protector);
    expect(Buffer.from(b.open(a.seal(jpeg(3))))).toEqual(Buffer.from(jpeg(3)));
  });

  test('without safeStorage a development key is used and says so', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evidence-'));
    const cipher = await loadEvidenceCipher(dir, null);
    expect(cipher.development).toBe(true);
    expect(await readdir(dir)).toEqual(['evidence.DEVELOPMENT-KEY-NOT-PROTECTED']);
  });

  test('an altered file or another key is a clear error, never garbage', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evidence-'));
    const store = new EvidenceStore(join(dir, 'frames'), await loadEvidenceCipher(dir, protector));
    await store.save('attempt-2', [{ timestampMs: 1, jpeg: jpeg(4) }], 0);
    const path = join(dir, 'frames', 'attempt-2', '0.bin');
    const bytes = await readFile(path);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    await writeFile(path, bytes);
    await expect(store.read('attempt-2')).rejects.toBeInstanceOf(EvidenceError);
    const other = new EvidenceCipher(Buffer.alloc(32, 7), false);
    expect(() => other.open(new EvidenceCipher(Buffer.alloc(32, 1), false).seal(jpeg(5)))).toThrow(
      /altered or sealed/,
    );
  });

  test('retention purges attempts older than the setting, keeps the rest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evidence-'));
    const store = new EvidenceStore(join(dir, 'frames'), await loadEvidenceCipher(dir, protector));
    await store.save('old', [{ timestampMs: 1, jpeg: jpeg(6) }], 0);
    await store.save('new', [{ timestampMs: 1, jpeg: jpeg(7) }], 6 * DAY);
    expect(await store.purge(7 * DAY, 7)).toBe(1);
    expect(await readdir(join(dir, 'frames'))).toEqual(['new']);
    expect(await store.purge(7 * DAY, 0)).toBe(1);
  });

  test('an attempt id that could escape the directory is refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evidence-'));
    const store = new EvidenceStore(join(dir, 'frames'), await loadEvidenceCipher(dir, null));
    await expect(store.save('../escape', [], 0)).rejects.toBeInstanceOf(EvidenceError);
  });
});
