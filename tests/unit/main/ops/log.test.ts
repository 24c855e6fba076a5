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
