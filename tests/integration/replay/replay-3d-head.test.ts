import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createChallenge,
  resolveConfig,
  seededRandom,
  type Challenge,
  type LivenessConfig,
} from '../../../main/liveness';
import { replayWithBuiltCli as replay } from '../../support/run-cli';
import { headClip } from '../../support/head-clips';
import { HEADS_DIR, HeadRenderer, headsAvailable } from '../../support/head-renderer';

/*
 * A real 3D head (the shared LeePerrySmith scan, rendered by three in Chromium) doing the
 * challenge, replayed through the whole pipeline: turning toward the target passes; sliding the
 * same head there without turning does not.
 */

const why = `3D head fixtures not found in ${HEADS_DIR} (set LIVENESS_HEADS_DIR)`;
let renderer: HeadRenderer | null = null;

const challenge = (seed: number, config?: LivenessConfig): Challenge => {
  const c = createChallenge({
    frame: { width: 640, height: 480 },
    now: 0,
    random: seededRandom(seed),
    ...(config ? { config: config.challenge } : {}),
  });
  if (!c.ok) throw c.error;
  return c.value;
};

const SEQUENCE = { challenge: { mode: 'sequence', sequenceLength: 2 } } as const;

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

    describe('a sequence challenge (two targets, the second shown once the first is reached)', () => {
      const seed = 2;
      let config: LivenessConfig;
      let configFile: string;
      beforeAll(async () => {
        const resolved = resolveConfig(SEQUENCE);
        if (!resolved.ok) throw resolved.error;
        config = resolved.value;
        configFile = join(await mkdtemp(join(tmpdir(), 'sequence-')), 'sequence.json');
        await writeFile(configFile, JSON.stringify(SEQUENCE));
      });

      test('a head that turns toward each target as it appears passes', async () => {
        const clip = await headClip(renderer!, challenge(seed, config), { turnDeg: 25 });
        const v = await replay(clip, seed, ['--config', configFile]);
        expect(v.reasons.filter((r) => !r.passed)).toEqual([]);
        expect(v.live).toBe(true);
      }, 240_000);

      test('a recording of the same head turning to the first target only does not pass', async () => {
        const clip = await headClip(renderer!, challenge(seed, config), { turnDeg: 25, followTargets: 1 });
        const v = await replay(clip, seed, ['--config', configFile]);
        expect(v.live).toBe(false);
        const reached = v.reasons.find((r) => r.code === 'nose_reached_target')!;
        expect(reached.passed).toBe(false);
        expect(reached.message).toMatch(/target 2 of 2/);
      }, 240_000);
    });
  },
);
