import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createChallenge, seededRandom, type Challenge, type Verdict } from '../../../main/liveness';
import { BUILT_CLI, requireBuilt } from '../../support/built';
import { headClip } from '../../support/head-clips';
import { HEADS_DIR, HeadRenderer, headsAvailable } from '../../support/head-renderer';

/*
 * A real 3D head (the shared LeePerrySmith scan, rendered by three in Chromium) doing the
 * challenge, replayed through the whole pipeline: turning toward the target passes; sliding the
 * same head there without turning does not.
 */

const why = `3D head fixtures not found in ${HEADS_DIR} (set LIVENESS_HEADS_DIR)`;
let renderer: HeadRenderer | null = null;

function replay(clip: string, seed: number): Promise<Verdict> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [
      requireBuilt(BUILT_CLI),
      'replay',
      '--clip',
      clip,
      '--seed',
      String(seed),
      '--json',
    ]);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Verdict) : reject(new Error(err))));
  });
}

const challenge = (seed: number): Challenge => {
  const c = createChallenge({ frame: { width: 640, height: 480 }, now: 0, random: seededRandom(seed) });
  if (!c.ok) throw c.error;
  return c.value;
};

describe.skipIf(!headsAvailable())(
  `a rendered 3D head (${headsAvailable() ? 'fixtures found' : `skipped: ${why}`})`,
  () => {
    beforeAll(async () => {
      renderer = await HeadRenderer.start();
    }, 60_000);
    afterAll(async () => {
      await renderer?.close();
    });

    test.each([1, 2])(
      'turning toward the target passes (challenge seed %i)',
      async (seed) => {
        const clip = await headClip(renderer!, challenge(seed), { turnDeg: 30 });
        const v = await replay(clip, seed);
        expect(v.reasons.filter((r) => !r.passed)).toEqual([]);
        expect(v.live).toBe(true);
      },
      180_000,
    );

    test('sliding the same head onto the target without turning fails', async () => {
      const clip = await headClip(renderer!, challenge(1), { turnDeg: 0 });
      const v = await replay(clip, 1);
      expect(v.live).toBe(false);
    }, 180_000);
  },
);
