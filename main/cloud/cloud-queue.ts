import { randomUUID } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ChallengeSchema, FaceDetailSchema } from '../liveness';
import { FILE_SAFE_ATTEMPT_ID } from '../store/attempt-id';

/*
 * The durable queue of attempts waiting for the cloud. One JSON file per attempt, written to a
 * temporary name, flushed and renamed, so a crash or power cut leaves either the old record or the
 * new one, never half of one; key-frame JPEGs sit beside it. A finished attempt moves to done/
 * (written there first, then removed from pending/), so it is recorded exactly once even if the
 * process dies between the two steps. Records read back are validated: a corrupt one is moved to
 * corrupt/ with a reason, never crashes the kiosk, never blocks the rest.
 */

/** What a queued frame's sealed bytes belong to: this attempt, this frame. */
const frameContext = (id: string, frame: number): string => `cloud:${id}:${frame}`;

export type JobStatus = 'pending' | 'verified' | 'expired' | 'failed';

const ReasonSchema = z.object({
  code: z.string(),
  passed: z.boolean(),
  evaluated: z.boolean(),
  message: z.string(),
  value: z.number().nullable(),
  threshold: z.number().nullable(),
});

export const CloudJobSchema = z.object({
  version: z.literal(1),
  id: z.string().regex(FILE_SAFE_ATTEMPT_ID),
  createdAt: z.number(),
  challenge: ChallengeSchema,
  local: z.object({ live: z.boolean(), score: z.number() }),
  frames: z.array(z.object({ timestampMs: z.number(), file: z.string().regex(/^[0-9]+\.jpg$/) })).max(6),
  status: z.enum(['pending', 'verified', 'expired', 'failed']),
  attempts: z.number().int().min(0),
  nextAttemptAt: z.number(),
  lastError: z.string().nullable(),
  finishedAt: z.number().nullable(),
  cloud: z
    .object({
      live: z.boolean(),
      reasons: z.array(ReasonSchema),
      /** Successful DetectFaces calls: one per key frame, at most six. */
      calls: z.number().int().min(0),
      /** Every request the attempt cost over all its passes, failed ones included. */
      requests: z.number().int().min(0).default(0),
      bytesSent: z.number().int().min(0),
    })
    .nullable(),
  /** advisory/required: did the cloud agree with the local verdict. */
  agreement: z.enum(['agree', 'disagree']).nullable(),
  /**
   * Each key frame's DetectFaces answer, saved as it arrives (index into `frames`): a retry sends
   * only the frames without one, so an answered frame is never sent again.
   */
  answers: z
    .array(z.object({ frame: z.number().int().min(0).max(5), faces: z.array(FaceDetailSchema) }))
    .max(6)
    .default([]),
  /** DetectFaces requests made for this attempt over all passes, answered or not. */
  callsMade: z.number().int().min(0).default(0),
});

export type CloudJob = z.output<typeof CloudJobSchema>;

export class CloudQueueError extends Error {
  override readonly name = 'CloudQueueError';
  constructor(
    readonly code: 'disk_full' | 'write_failed' | 'not_found',
    message: string,
  ) {
    super(message);
  }
}

/** Encrypts key frames at rest (main/store/evidence-store.ts's EvidenceCipher). */
export interface FrameCipher {
  /** `context` names what the bytes belong to (authenticated, not stored): see EvidenceCipher. */
  seal(plain: Uint8Array, context: string): Uint8Array;
  open(sealed: Uint8Array, context: string): Uint8Array;
}

/** The file operations the queue needs; tests pass a stand-in to simulate a full disk. */
export interface QueueFs {
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
}

const realFs: QueueFs = {
  async writeFile(path, data) {
    const handle = await fsp.open(path, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
};

/** Makes a directory's entries (a rename into it) durable; where a platform cannot, nothing is lost but that. */
async function syncDirectory(path: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof fsp.open>> | null = null;
  try {
    handle = await fsp.open(path, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open a directory for syncing; its renames are already durable enough.
  } finally {
    await handle?.close();
  }
}

export class CloudQueue {
  private constructor(
    readonly directory: string,
    private readonly fs: QueueFs,
    private readonly keepDone: number,
    private readonly cipher: FrameCipher | null,
  ) {}

  /** Opens (creating) the queue directory and tidies what an interrupted run left. */
  static async open(
    directory: string,
    options: { fs?: QueueFs; keepDone?: number; cipher?: FrameCipher } = {},
  ): Promise<CloudQueue> {
    for (const sub of ['pending', 'done', 'evidence', 'corrupt']) {
      await fsp.mkdir(join(directory, sub), { recursive: true });
    }
    const queue = new CloudQueue(
      directory,
      options.fs ?? realFs,
      options.keepDone ?? 1000,
      options.cipher ?? null,
    );
    await queue.recover();
    return queue;
  }

  private path(where: 'pending' | 'done' | 'corrupt', id: string): string {
    return join(this.directory, where, `${id}.json`);
  }

  evidenceDir(id: string): string {
    return join(this.directory, 'evidence', id);
  }

  private async writeAtomic(path: string, data: Uint8Array | string): Promise<void> {
    const temporary = `${path}.${randomUUID()}.tmp`;
    try {
      await this.fs.writeFile(temporary, data);
      await fsp.rename(temporary, path);
      await syncDirectory(dirname(path));
    } catch (error) {
      await fsp.rm(temporary, { force: true });
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC' || code === 'EDQUOT') {
        throw new CloudQueueError(
          'disk_full',
          `The disk is full: could not save ${path}. Free space on the kiosk; the local verdict stands.`,
        );
      }
      throw new CloudQueueError(
        'write_failed',
        `Could not save ${path}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** Stores a new attempt with its key-frame JPEGs. Either all of it is saved or none. */
  async add(
    job: Omit<CloudJob, 'frames' | 'version' | 'answers' | 'callsMade'>,
    frames: readonly { timestampMs: number; jpeg: Uint8Array }[],
  ): Promise<CloudJob> {
    const dir = this.evidenceDir(job.id);
    await fsp.mkdir(dir, { recursive: true });
    const stored: CloudJob = {
      ...job,
      version: 1,
      answers: [],
      callsMade: 0,
      frames: frames.map((f, i) => ({ timestampMs: f.timestampMs, file: `${i}.jpg` })),
    };
    try {
      for (const [i, f] of frames.entries()) {
        const jpeg = this.cipher ? this.cipher.seal(f.jpeg, frameContext(job.id, i)) : f.jpeg;
        await this.writeAtomic(join(dir, `${i}.jpg`), jpeg);
      }
      await this.writeAtomic(this.path('pending', job.id), JSON.stringify(stored));
    } catch (error) {
      await fsp.rm(dir, { recursive: true, force: true });
      throw error;
    }
    return stored;
  }

  async update(job: CloudJob): Promise<void> {
    await this.writeAtomic(this.path('pending', job.id), JSON.stringify(job));
  }

  /** Records a finished attempt exactly once and, if asked, deletes its evidence. */
  async finish(job: CloudJob, purgeEvidence: boolean): Promise<void> {
    await this.writeAtomic(this.path('done', job.id), JSON.stringify(job));
    await fsp.rm(this.path('pending', job.id), { force: true });
    if (purgeEvidence) await fsp.rm(this.evidenceDir(job.id), { recursive: true, force: true });
    await this.pruneDone();
  }

  async readFrames(job: CloudJob): Promise<{ timestampMs: number; jpeg: Uint8Array }[]> {
    return Promise.all(
      job.frames.map(async (f, i) => {
        const bytes = new Uint8Array(await fsp.readFile(join(this.evidenceDir(job.id), f.file)));
        return {
          timestampMs: f.timestampMs,
          jpeg: this.cipher ? this.cipher.open(bytes, frameContext(job.id, i)) : bytes,
        };
      }),
    );
  }

  /** The finished record of one attempt, or null if it is not finished (or unknown). */
  async finishedJob(id: string): Promise<CloudJob | null> {
    if (!FILE_SAFE_ATTEMPT_ID.test(id)) return null;
    return this.readJob('done', id);
  }

  async pending(): Promise<CloudJob[]> {
    return this.readAll('pending');
  }

  async done(): Promise<CloudJob[]> {
    return this.readAll('done');
  }

  private async readAll(where: 'pending' | 'done'): Promise<CloudJob[]> {
    const jobs: CloudJob[] = [];
    for (const name of await fsp.readdir(join(this.directory, where))) {
      if (!name.endsWith('.json')) continue;
      const id = name.slice(0, -5);
      const job = await this.readJob(where, id);
      if (job) jobs.push(job);
    }
    return jobs.sort((a, b) => a.createdAt - b.createdAt);
  }

  private async readJob(where: 'pending' | 'done', id: string): Promise<CloudJob | null> {
    const path = this.path(where, id);
    let text: string;
    try {
      text = await fsp.readFile(path, 'utf8');
    } catch {
      return null; // Removed meanwhile.
    }
    let problem: string;
    try {
      const parsed = CloudJobSchema.safeParse(JSON.parse(text));
      if (parsed.success && parsed.data.id === id) return parsed.data;
      problem = parsed.success
        ? 'its id does not match its file name'
        : (parsed.error.issues[0]?.message ?? 'invalid');
    } catch (error) {
      problem = `not JSON (${error instanceof Error ? error.message : String(error)})`;
    }
    // Quarantine rather than crash or retry forever; staff can inspect corrupt/.
    await fsp.rename(path, this.path('corrupt', id)).catch(() => undefined);
    await fsp
      .writeFile(join(this.directory, 'corrupt', `${id}.reason.txt`), `${where}/${id}.json: ${problem}\n`)
      .catch(() => undefined);
    return null;
  }

  /**
   * Tidies what an interrupted run left: temporary files, pending records already recorded as done,
   * and the frames of an add() that never wrote its record (an evidence directory no record names).
   */
  private async recover(): Promise<void> {
    for (const where of ['pending', 'done'] as const) {
      for (const name of await fsp.readdir(join(this.directory, where))) {
        if (name.endsWith('.tmp')) await fsp.rm(join(this.directory, where, name), { force: true });
      }
    }
    const records = (where: 'pending' | 'done') =>
      fsp.readdir(join(this.directory, where)).then((names) => names.filter((n) => n.endsWith('.json')));
    const done = new Set(await records('done'));
    for (const name of await records('pending')) {
      if (done.has(name)) await fsp.rm(join(this.directory, 'pending', name), { force: true });
    }
    const named = new Set([...(await records('pending')), ...done].map((n) => n.slice(0, -5)));
    for (const id of await fsp.readdir(join(this.directory, 'evidence'))) {
      if (!named.has(id)) await fsp.rm(this.evidenceDir(id), { recursive: true, force: true });
    }
  }

  private async pruneDone(): Promise<void> {
    const names = (await fsp.readdir(join(this.directory, 'done'))).filter((n) => n.endsWith('.json'));
    if (names.length <= this.keepDone) return;
    const dated = await Promise.all(
      names.map(async (n) => ({ n, t: (await fsp.stat(join(this.directory, 'done', n))).mtimeMs })),
    );
    dated.sort((a, b) => a.t - b.t);
    for (const { n } of dated.slice(0, names.length - this.keepDone)) {
      await fsp.rm(join(this.directory, 'done', n), { force: true });
      await fsp.rm(this.evidenceDir(n.slice(0, -5)), { recursive: true, force: true });
    }
  }
}
