import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { fileLog, scrub } from '../../../../main/ops/log';

describe('structured logs', () => {
  test('one JSON object per line with time and event', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'log-'));
    const log = fileLog(dir, { now: () => 0 });
    log('inference.ready', { backend: 'wasm', loadMs: 215 });
    const [line] = (await readFile(join(dir, 'kiosk.log'), 'utf8')).trim().split('\n');
    expect(JSON.parse(line!)).toEqual({
      time: '1970-01-01T00:00:00.000Z',
      event: 'inference.ready',
      backend: 'wasm',
      loadMs: 215,
    });
  });

  test('nothing that could carry a face is logged, even nested', () => {
    const out = scrub({
      challengeId: 'c-1',
      descriptor: [0.1, 0.2],
      landmarks: [{ x: 1, y: 2 }],
      frame: { width: 640 },
      data: new Uint8Array(4),
      nested: { jpeg: 'abc', reason: 'x'.repeat(900) },
    });
    expect(Object.keys(out).sort()).toEqual(['challengeId', 'nested']);
    expect(out.nested).toEqual({ reason: `${'x'.repeat(500)}…` });
  });

  test('numbers in bulk never reach the log, whatever the field is called', () => {
    const descriptor = Array.from({ length: 128 }, (_, i) => i / 128);
    const out = scrub({
      vector: descriptor,
      short: [0.1, 0.2, 0.3],
      path: [
        { x: 1, y: 2 },
        { x: 3, y: 4 },
      ],
      nested: {
        deeper: {
          points: [
            [1, 2],
            [3, 4],
          ],
        },
      },
      typed: new Float32Array(8),
    });
    expect(out).toEqual({
      vector: '[128 values]',
      short: '[3 values]',
      path: '[2 values]',
      nested: { deeper: { points: '[2 values]' } },
    });
    expect(JSON.stringify(out)).not.toMatch(/0\.1|0\.5/);
  });

  test('anything nested deeper than three levels is dropped, not written raw', () => {
    const out = scrub({ a: { b: { c: { d: { secret: [0.4, 0.5] } } } }, keep: 'yes' });
    expect(out).toEqual({ a: { b: { c: {} } }, keep: 'yes' });
  });

  test('ordinary details stay readable: counts, messages, lists of reasons', () => {
    const out = scrub({
      calls: 6,
      message: 'throttled',
      reasons: [{ code: 'head_rotated', passed: false }],
    });
    expect(out).toEqual({
      calls: 6,
      message: 'throttled',
      reasons: [{ code: 'head_rotated', passed: false }],
    });
  });

  test('rotates by size and keeps a bounded number of files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'log-'));
    const log = fileLog(dir, { maxBytes: 300, maxFiles: 3 });
    for (let i = 0; i < 40; i++) log('event', { i });
    expect((await readdir(dir)).sort()).toEqual(['kiosk.1.log', 'kiosk.2.log', 'kiosk.log']);
    const newest = (await readFile(join(dir, 'kiosk.log'), 'utf8')).trim().split('\n');
    expect(JSON.parse(newest[newest.length - 1]!).i).toBe(39);
  });

  test('a log directory that cannot be written does not throw', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'log-'));
    const log = fileLog(dir);
    const { rmSync } = await import('node:fs');
    rmSync(dir, { recursive: true });
    expect(() => log('still.running')).not.toThrow();
  });
});
