import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCapturing } from '../../../support/run-cli';
import { rekognitionAttempt } from '../../../support/rekognition-frames';

const run = runCapturing;

async function tempFile(name: string, content: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'liveness-cli-'));
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe('liveness-kiosk challenge', () => {
  test('prints the geometry as JSON, the original numbers at 640x480', async () => {
    const r = await run('challenge', '--width', '640', '--height', '480', '--seed', '9', '--json');
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.area).toEqual({ left: 185, top: 60, width: 270, height: 360 });
    expect(c.nose).toMatchObject({ width: 20, height: 20 });
    expect(c.secureRandom).toBe(false);
  });

  test('the same seed prints the same challenge', async () => {
    const a = await run('challenge', '--width', '1280', '--height', '720', '--seed', '3', '--json');
    const b = await run('challenge', '--width', '1280', '--height', '720', '--seed', '3', '--json');
    expect(a.stdout).toBe(b.stdout);
  });

  test('without a seed the target comes from the cryptographic source', async () => {
    const r = await run('challenge', '--width', '640', '--height', '480', '--json');
    expect(JSON.parse(r.stdout).secureRandom).toBe(true);
  });

  test('with a sequence configured, prints every target in order, the first as nose', async () => {
    const config = await tempFile(
      'sequence.json',
      JSON.stringify({ challenge: { mode: 'sequence', sequenceLength: 3 } }),
    );
    const sequenceArgs = [
      'challenge',
      '--width',
      '640',
      '--height',
      '480',
      '--seed',
      '9',
      '--config',
      config,
    ];
    const r = await run(...sequenceArgs, '--json');
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.targets).toHaveLength(3);
    expect(c.targets[0]).toEqual(c.nose);
    expect(c.area).toEqual({ left: 185, top: 60, width: 270, height: 360 });
    // The first target is the original mode's target for the same seed.
    const original = JSON.parse(
      (await run('challenge', '--width', '640', '--height', '480', '--seed', '9', '--json')).stdout,
    );
    expect(original.nose).toEqual(c.nose);
    expect(original.targets).toEqual([original.nose]);
    const text = await run(...sequenceArgs);
    expect(text.stdout).toMatch(/target 3: +left \d+/);
    expect(text.stdout).toMatch(/shown \d+ ms after target 2 is reached/);
  });

  test('prints a readable summary without --json', async () => {
    const r = await run('challenge', '--width', '640', '--height', '480', '--seed', '1');
    expect(r.stdout).toMatch(/face area: +left 185, top 60, 270x360/);
  });

  test.each([
    [['challenge', '--height', '480'], /--width is required/],
    [['challenge', '--width', 'wide', '--height', '480'], /--width must be a whole number/],
    [['challenge', '--width', '10', '--height', '480'], /Frame width must be/],
    [['challenge', '--width', '640', '--height', '480', '--colour', 'red'], /Unknown option '--colour'/],
    [['dance'], /unknown command "dance"/],
  ])('%j is refused on stderr with exit code 2', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});

describe('liveness-kiosk rekognition-verify', () => {
  test('prints {success, reasons} for a passing attempt and exits 0', async () => {
    const file = await tempFile('pass.json', JSON.stringify(rekognitionAttempt()));
    const r = await run('rekognition-verify', '--input', file, '--json');
    expect(r.code).toBe(0);
    const v = JSON.parse(r.stdout);
    expect(v.success).toBe(true);
    expect(v.reasons.map((x: { code: string }) => x.code)).toContain('landmark_distribution');
  });

  test('exits 0 for a failing attempt too', async () => {
    const file = await tempFile('fail.json', JSON.stringify(rekognitionAttempt({ yaw: -10 })));
    const r = await run('rekognition-verify', '--input', file, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).success).toBe(false);
  });

  test('a missing file is a clear error with exit code 1', async () => {
    const r = await run('rekognition-verify', '--input', '/nonexistent/frames.json');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Cannot read \/nonexistent\/frames.json: no such file/);
  });

  test('a file that is not JSON is a clear error', async () => {
    const r = await run('rekognition-verify', '--input', await tempFile('bad.json', '{"challenge": '));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is not valid JSON/);
  });

  test('JSON of the wrong shape names the field', async () => {
    const r = await run(
      'rekognition-verify',
      '--input',
      await tempFile('shape.json', '{"challenge": {}, "frames": []}'),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/challenge\.imageWidth/);
  });
});

describe('liveness-kiosk replay refuses what cannot be a clip, before any inference', () => {
  const header = (params: string) => `YUV4MPEG2 ${params} Ip A1:1 C420jpeg\n`;
  const frame = (w: number, h: number) =>
    Buffer.concat([Buffer.from('FRAME\n'), Buffer.alloc((w * h * 3) / 2)]);

  test.each([
    ['a header alone', header('W64 H48 F10:1'), /holds 0 complete frame\(s\); a replay needs at least 2/],
    [
      'one frame',
      Buffer.concat([Buffer.from(header('W64 H48 F10:1')), frame(64, 48)]),
      /holds 1 complete frame\(s\)/,
    ],
    ['an infinite frame rate', header('W64 H48 F1e400:1'), /no usable frame rate/],
    ['an absurdly slow frame rate', header('W64 H48 F1:1e300'), /a camera clip has 1 to 240/],
    ['a frame far too wide', header('W100000 H48 F10:1'), /larger than 4096 px a side/],
  ])('%s: exit 1 with a clear message', async (_what, content, message) => {
    const clip = await tempFile('clip.y4m', '');
    await writeFile(clip, content);
    const r = await run('replay', '--clip', clip, '--seed', '1');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  test('a capture width of 0 is a wrong command line (exit 2), as in challenge', async () => {
    const clip = await tempFile('clip.y4m', header('W64 H48 F10:1'));
    const r = await run('replay', '--clip', clip, '--width', '0', '--height', '480');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Frame width must be/);
  });
});

describe('liveness-kiosk replay --screen-light (a clip recorded at a flashing kiosk)', () => {
  const clipFile = () => tempFile('clip.y4m', 'YUV4MPEG2 W64 H48 F10:1 Ip A1:1 C420jpeg\n');

  test('without the challenge the clip answered it is a wrong command line (exit 2)', async () => {
    const config = await tempFile('on.json', JSON.stringify({ verdict: { minScreenLightResponse: 0.015 } }));
    const r = await run('replay', '--clip', await clipFile(), '--screen-light', '--config', config);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /--screen-light needs the challenge the clip answered \(--seed or --challenge\)/,
    );
  });

  test('with the screen-light check off it says how to turn it on (exit 2)', async () => {
    const r = await run('replay', '--clip', await clipFile(), '--seed', '1', '--screen-light');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/which is off: pass --config with verdict.minScreenLightResponse set/);
  });
});

describe('liveness-kiosk rekognition-verify on an oversized input', () => {
  test('refuses it by its size, before reading it', async () => {
    const path = await tempFile('huge.json', '');
    const { truncate } = await import('node:fs/promises');
    await truncate(path, 40 * 1024 * 1024);
    const r = await run('rekognition-verify', '--input', path);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is 40 MiB; inputs are limited to 32 MiB/);
  });
});
