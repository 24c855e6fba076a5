import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Reason, Verdict } from '../../../main/liveness';
import { renderCorpus } from '../../corpus/evaluate';
import { atFlashingKiosk, fullCorpus, type Scenario } from '../../corpus/scenarios';
import { replayWithBuiltCli as replay } from '../../support/run-cli';
import { HEADS_DIR, headsAvailable } from '../../support/head-renderer';

/*
 * `liveness-kiosk replay --screen-light` on the corpus's renders of one live visit: recorded at a
 * kiosk flashing the challenge's colours (the face reflects them), and recorded without them (a
 * recording played to a flashing kiosk cannot reflect what it never saw).
 */

const why = `3D head fixtures not found in ${HEADS_DIR} (set LIVENESS_HEADS_DIR)`;
const THRESHOLD = 0.015;

const screenLight = (v: Verdict): Reason => v.reasons.find((r) => r.code === 'screen_light')!;

describe.skipIf(!headsAvailable())(
  `replay --screen-light (${headsAvailable() ? 'a rendered live visit, lit and unlit' : `skipped: ${why}`})`,
  () => {
    const visit = fullCorpus().find((s) => s.id === 'live-lee-turn30-s1')!;
    let litClip: string;
    let plainClip: string;
    let config: string;
    beforeAll(async () => {
      const lit: Scenario = atFlashingKiosk(visit);
      const clips = await renderCorpus([lit, visit]);
      litClip = clips[0]!;
      plainClip = clips[1]!;
      config = join(await mkdtemp(join(tmpdir(), 'screen-light-')), 'on.json');
      await writeFile(config, JSON.stringify({ verdict: { minScreenLightResponse: THRESHOLD } }));
    }, 10 * 60_000);

    test('a visit recorded at the flashing kiosk reflects the colours and passes the check', async () => {
      const v = await replay(litClip, visit.seed, ['--screen-light', '--config', config]);
      expect(screenLight(v)).toMatchObject({ evaluated: true, passed: true });
      expect(screenLight(v).value!).toBeGreaterThan(THRESHOLD);
      expect(v.live).toBe(true);
    }, 180_000);

    test('the same visit recorded without the flashing, played to it, fails the check', async () => {
      const v = await replay(plainClip, visit.seed, ['--screen-light', '--config', config]);
      expect(screenLight(v)).toMatchObject({ evaluated: true, passed: false });
      expect(v.live).toBe(false);
    }, 180_000);
  },
);
