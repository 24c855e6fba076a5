import { createCipheriv } from 'node:crypto';
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
    expect(Buffer.from(b.open(a.seal(jpeg(3), 'x'), 'x'))).toEqual(Buffer.from(jpeg(3)));
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
    const other = new EvidenceCipher(Buffer.alloc(32, 7), 'os');
    expect(() => other.open(new EvidenceCipher(Buffer.alloc(32, 1), 'os').seal(jpeg(5), 'x'), 'x')).toThrow(
      /altered, moved from another attempt, or sealed with another key/,
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

  test('an attempt id that could escape the directory is refused by save, read and delete', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evidence-'));
    const store = new EvidenceStore(join(dir, 'frames'), await loadEvidenceCipher(dir, null));
    await store.save('kept', [{ timestampMs: 1, jpeg: jpeg(8) }], 0);
    await expect(store.save('../escape', [], 0)).rejects.toBeInstanceOf(EvidenceError);
    for (const id of ['..', '../..', '.', '', 'a/b', '/etc']) {
      await expect(store.read(id)).rejects.toBeInstanceOf(EvidenceError);
      await expect(store.delete(id)).rejects.toBeInstanceOf(EvidenceError);
    }
    // Nothing was removed: the data directory, its key and the kept attempt are all there.
    expect((await readdir(dir)).sort()).toEqual(['evidence.DEVELOPMENT-KEY-NOT-PROTECTED', 'frames']);
    expect(await store.read('kept')).toHaveLength(1);
  });

  test('a sealed frame copied into another attempt does not open there', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evidence-'));
    const store = new EvidenceStore(join(dir, 'frames'), await loadEvidenceCipher(dir, protector));
    await store.save('attempt-a', [{ timestampMs: 1, jpeg: jpeg(9) }], 0);
    await store.save('attempt-b', [{ timestampMs: 1, jpeg: jpeg(10) }], 0);
    await writeFile(
      join(dir, 'frames', 'attempt-b', '0.bin'),
      await readFile(join(dir, 'frames', 'attempt-a', '0.bin')),
    );
    await expect(store.read('attempt-b')).rejects.toThrow(/moved from another attempt/);
    expect(Buffer.from((await store.read('attempt-a'))[0]!.jpeg)).toEqual(Buffer.from(jpeg(9)));
  });

  test('frames sealed before attempts were bound into the seal still open', async () => {
    const key = Buffer.alloc(32, 3);
    const iv = Buffer.alloc(12, 4);
    const legacy = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([legacy.update(jpeg(11)), legacy.final()]);
    const sealed = Buffer.concat([iv, legacy.getAuthTag(), body]);
    expect(Buffer.from(new EvidenceCipher(key, 'os').open(sealed, 'evidence:old:0'))).toEqual(
      Buffer.from(jpeg(11)),
    );
  });
});
