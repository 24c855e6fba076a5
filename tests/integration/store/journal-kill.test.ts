import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ResultsJournal } from '../../../main/store/results-journal';

test('a process killed mid-append loses nothing it acknowledged, and nothing is corrupt', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'journal-kill-'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, '..', '..', 'support', 'journal-append-child.ts'), dir],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let acknowledged = -1;
  let buffered = '';
  child.stdout.on('data', (d: Buffer) => {
    buffered += d.toString();
    for (const m of buffered.matchAll(/ack (\d+)\n/g)) acknowledged = Math.max(acknowledged, Number(m[1]));
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const started = Date.now();
  while (acknowledged < 200 && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 20));
  child.kill('SIGKILL');
  await exited;
  expect(acknowledged).toBeGreaterThanOrEqual(200);
  const { records, skipped } = await (await ResultsJournal.open(dir)).read();
  const ids = records.map((r) => r.at);
  // Every acknowledged record is there, in order, once; at most the one in flight was torn.
  expect(ids.slice(0, acknowledged + 1)).toEqual([...Array(acknowledged + 1).keys()]);
  expect(new Set(ids).size).toBe(ids.length);
  expect(skipped).toBeLessThanOrEqual(1);
}, 60_000);
