import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { CloudQueue, CloudQueueError, type CloudJob } from '../../../../main/cloud/cloud-queue';
import { createChallenge, seededRandom } from '../../../../main/liveness';
import { EvidenceCipher } from '../../../../main/store/evidence-store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cloud-queue-'));
});

function job(seed: number, createdAt = 1000): Omit<CloudJob, 'frames' | 'version' | 'answers' | 'callsMade'> {
  const c = createChallenge({ frame: { width: 640, height: 480 }, now: 0, random: seededRandom(seed) });
  if (!c.ok) throw c.error;
  return {
    id: c.value.id,
    createdAt,
    challenge: c.value,
    local: { live: true, score: 0.8 },
    status: 'pending',
    attempts: 0,
    nextAttemptAt: createdAt,
    lastError: null,
    finishedAt: null,
    cloud: null,
    agreement: null,
  };
}
const frames = [1, 2, 3].map((i) => ({ timestampMs: i * 100, jpeg: new Uint8Array([0xff, 0xd8, i]) }));

describe('the durable cloud queue', () => {
  test('an attempt and its key frames survive reopening the queue', async () => {
    const q = await CloudQueue.open(dir);
    const added = await q.add(job(1), frames);
    const again = await CloudQueue.open(dir);
    const [read] = await again.pending();
    expect(read).toEqual(added);
    expect((await again.readFrames(read!)).map((f) => [...f.jpeg])).toEqual(frames.map((f) => [...f.jpeg]));
  });

  test('a finished attempt is recorded once, leaves pending, and its evidence can be purged', async () => {
    const q = await CloudQueue.open(dir);
    const added = await q.add(job(2), frames);
    await q.finish({ ...added, status: 'verified', finishedAt: 2000 }, true);
    expect(await q.pending()).toEqual([]);
    expect((await q.done()).map((j) => j.id)).toEqual([added.id]);
    expect(await readdir(join(dir, 'evidence'))).toEqual([]);
    expect((await q.finishedJob(added.id))?.status).toBe('verified');
  });

  test('a crash between recording and removing leaves no duplicate after restart', async () => {
    const q = await CloudQueue.open(dir);
    const added = await q.add(job(3), frames);
    // As if the process died right after writing done/ and before removing pending/.
    await writeFile(join(dir, 'done', `${added.id}.json`), JSON.stringify({ ...added, status: 'verified' }));
    const reopened = await CloudQueue.open(dir);
    expect(await reopened.pending()).toEqual([]);
    expect(await reopened.done()).toHaveLength(1);
  });

  test('the leftovers of an add() cut short (frames and temporary files, no record) are gone after reopening', async () => {
    const q = await CloudQueue.open(dir);
    const kept = await q.add(job(5), frames);
    // As if the process died after writing two frames (one of them still a temporary file).
    await mkdir(join(dir, 'evidence', 'cut-short'), { recursive: true });
    await writeFile(join(dir, 'evidence', 'cut-short', '0.jpg'), new Uint8Array([0xff, 0xd8]));
    await writeFile(join(dir, 'evidence', 'cut-short', '1.jpg.1234.tmp'), new Uint8Array([0xff]));
    await writeFile(join(dir, 'pending', 'other.json.5678.tmp'), '{');
    const reopened = await CloudQueue.open(dir);
    expect(await readdir(join(dir, 'evidence'))).toEqual([kept.id]);
    expect(await readdir(join(dir, 'pending'))).toEqual([`${kept.id}.json`]);
    expect((await reopened.readFrames((await reopened.pending())[0]!)).length).toBe(3);
  });

  test('a torn or corrupt record is quarantined with a reason; the others are still served', async () => {
    const q = await CloudQueue.open(dir);
    const good = await q.add(job(4), frames);
    const bad = await q.add(job(5), frames);
    const text = await readFile(join(dir, 'pending', `${bad.id}.json`), 'utf8');
    await writeFile(join(dir, 'pending', `${bad.id}.json`), text.slice(0, text.length / 2));
    await writeFile(join(dir, 'pending', 'leftover.json.1234.tmp'), '{"half');
    const reopened = await CloudQueue.open(dir);
    expect((await reopened.pending()).map((j) => j.id)).toEqual([good.id]);
    expect(await readdir(join(dir, 'corrupt'))).toEqual(
      expect.arrayContaining([`${bad.id}.json`, `${bad.id}.reason.txt`]),
    );
    expect(await readFile(join(dir, 'corrupt', `${bad.id}.reason.txt`), 'utf8')).toContain('not JSON');
    expect((await readdir(join(dir, 'pending'))).some((n) => n.endsWith('.tmp'))).toBe(false);
  });

  test('a full disk is a typed error and leaves nothing half-saved', async () => {
    let writes = 0;
    const q = await CloudQueue.open(dir, {
      fs: {
        async writeFile(path, data) {
          writes += 1;
          if (writes === 2) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
          await writeFile(path, data);
        },
      },
    });
    const error = await q.add(job(6), frames).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudQueueError);
    expect((error as CloudQueueError).code).toBe('disk_full');
    expect((error as Error).message).toMatch(/disk is full.*local verdict stands/);
    expect(await q.pending()).toEqual([]);
    expect(await readdir(join(dir, 'evidence'))).toEqual([]);
  });

  test('with a cipher, key frames are encrypted on disk and read back intact', async () => {
    const cipher = new EvidenceCipher(Buffer.alloc(32, 9), 'os');
    const q = await CloudQueue.open(dir, { cipher });
    const added = await q.add(job(10), frames);
    const onDisk = await readFile(join(dir, 'evidence', added.id, '0.jpg'));
    expect([...onDisk.subarray(0, 3)]).not.toEqual([...frames[0]!.jpeg]);
    expect((await q.readFrames(added)).map((f) => [...f.jpeg])).toEqual(frames.map((f) => [...f.jpeg]));
  });

  test('only the newest finished records are kept', async () => {
    const q = await CloudQueue.open(dir, { keepDone: 2 });
    for (const seed of [7, 8, 9]) {
      const added = await q.add(job(seed), frames);
      await q.finish({ ...added, status: 'verified' }, false);
      await new Promise((r) => setTimeout(r, 15));
    }
    expect(await q.done()).toHaveLength(2);
  });
});
