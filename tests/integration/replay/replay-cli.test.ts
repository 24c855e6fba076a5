import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  boxCenter,
  createChallenge,
  seededRandom,
  type Challenge,
  type Point,
  type Verdict,
} from '../../../main/liveness';
import { BUILT_CLI, requireBuilt } from '../../support/built';
import { GENERATED, portraits, writeClip, type Placement, type Portrait } from '../../support/demo-faces';

/*
 * Real faces from the face-api demo photos, moved like a visitor or a photo would be, written as
 * Y4M clips and replayed by the built `liveness-kiosk replay`. A flat photo never passes.
 */

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [requireBuilt(BUILT_CLI), ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

type Replayed = Verdict & { framesAnalysed: number; backend: string; challenge: Challenge };
async function replay(clip: string, seed: number, ...extra: string[]): Promise<Replayed> {
  const r = await cli('replay', '--clip', clip, '--seed', String(seed), '--json', ...extra);
  expect(r.stderr.includes('error')).toBe(false);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Replayed;
}

const reason = (v: Verdict, code: string) => v.reasons.find((r) => r.code === code)!;
const repeat = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

/**
 * A seed whose target is on the left, as near the centre as the rules allow: the demo face's nose
 * sits left of its box's centre, so on this side the whole photo stays inside the area on the way.
 */
function nearSeed(): { seed: number; challenge: Challenge } {
  for (let seed = 0; ; seed++) {
    const made = createChallenge({ frame: { width: 640, height: 480 }, now: 0, random: seededRandom(seed) });
    if (!made.ok) throw made.error;
    const c = made.value;
    if (
      c.targetSide === 'left' &&
      320 - (c.nose.left + c.nose.width) <= 47 &&
      Math.abs(boxCenter(c.nose).y - 240) <= 15
    )
      return { seed, challenge: c };
  }
}

let face: Portrait;
let small: Portrait;
const centre: Point = { x: 320, y: 245 };
const at = (p: Portrait, nose: Point): Placement => ({ portrait: p, nose });

beforeAll(async () => {
  face = (await portraits(200))[2]!;
  small = (await portraits(110))[7]!;
}, 180_000);

describe('replay of recorded clips', () => {
  test('a face held still never reaches the target: not live, timed out in the nose phase', async () => {
    const clip = await writeClip('still.y4m', [[], [], ...repeat(115, () => [at(face, centre)])], 10);
    const v = await replay(clip, 1);
    expect(v.live).toBe(false);
    expect(v.failure).toBe('nose_timeout');
    expect(reason(v, 'face_in_area').passed).toBe(true);
  }, 120_000);

  test('a photo slid onto the target without turning is not live: the rotation check fails', async () => {
    const { seed, challenge } = nearSeed();
    const target = boxCenter(challenge.nose);
    const path = repeat(16, (i) => {
      const s = (i + 1) / 16;
      return { x: centre.x + (target.x - centre.x) * s, y: centre.y + (target.y - centre.y) * s };
    });
    const clip = await writeClip(
      'photo-slide.y4m',
      [
        [],
        ...repeat(4, () => [at(face, centre)]),
        ...path.map((p) => [at(face, p)]),
        ...repeat(4, () => [at(face, target)]),
      ],
      10,
    );
    const v = await replay(clip, seed);
    expect(v.live).toBe(false);
    expect(v.score).toBeLessThan(0.5);
    // It reached the target (the near seed keeps the photo inside the area): the rotation rule decides.
    expect(v.failure).toBeNull();
    expect(reason(v, 'nose_reached_target').passed).toBe(true);
    expect(reason(v, 'head_rotated')).toMatchObject({ evaluated: true, passed: false });
    // Same clip, same seed, same verdict: replay is deterministic.
    expect(await replay(clip, seed)).toEqual(v);
  }, 120_000);

  test('a second face entering fails the attempt', async () => {
    const clip = await writeClip(
      'two-faces.y4m',
      [
        [],
        ...repeat(4, () => [at(face, centre)]),
        ...repeat(6, () => [at(face, centre), at(small, { x: 75, y: 240 })]),
      ],
      10,
    );
    const v = await replay(clip, 1);
    expect(v.live).toBe(false);
    expect(v.failure).toBe('multiple_faces');
    expect(reason(v, 'single_face')).toMatchObject({ passed: false, value: 2 });
  }, 120_000);

  test('a face that leaves the frame fails the attempt', async () => {
    const clip = await writeClip(
      'leaving.y4m',
      [
        [],
        ...repeat(4, () => [at(face, centre)]),
        ...repeat(12, (i) => [at(face, { x: centre.x + 40 * (i + 1), y: centre.y })]),
        ...repeat(6, () => []),
      ],
      10,
    );
    const v = await replay(clip, 1);
    expect(v.live).toBe(false);
    expect(['left_area', 'face_lost']).toContain(v.failure);
  }, 120_000);

  test('an empty scene never passes: no face within 30 s', async () => {
    const clip = await writeClip(
      'empty.y4m',
      repeat(64, () => []),
      2,
    );
    const v = await replay(clip, 1);
    expect(v.live).toBe(false);
    expect(v.failure).toBe('face_timeout');
    expect(v.score).toBe(0);
  }, 120_000);

  test('--trace prints one line per frame with phase, faces, nose and yaw', async () => {
    const clip = await writeClip('trace.y4m', [[], ...repeat(3, () => [at(face, centre)])], 10);
    const r = await cli('replay', '--clip', clip, '--seed', '1', '--trace');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('frame '));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/phase=face faces=0 nose=- yaw=-/);
    expect(lines[3]).toMatch(/phase=nose faces=1 nose=\(\d+\.\d,\d+\.\d\) yaw=-?\d+\.\d/);
    expect(r.stdout).toMatch(/NOT LIVE/);
  }, 120_000);
});

describe('replay errors', () => {
  test('a missing clip is a clear error with a non-zero exit code', async () => {
    const r = await cli('replay', '--clip', '/nonexistent.y4m', '--json');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Cannot read \/nonexistent.y4m/);
  });

  test('a file that is not Y4M is a clear error', async () => {
    const path = join(GENERATED, 'not-a-clip.y4m');
    await writeFile(path, 'hello');
    const r = await cli('replay', '--clip', path, '--json');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a Y4M file/);
  });

  test('--seed and --challenge together are refused', async () => {
    const r = await cli('replay', '--clip', BUILT_CLI, '--seed', '1', '--challenge', 'c.json');
    expect(r.code).toBe(2);
  });
});
