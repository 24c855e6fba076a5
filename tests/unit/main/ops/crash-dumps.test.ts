import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { listCrashDumps } from '../../../../main/ops/crash-dumps';

const dumpsDir = () => mkdtempSync(join(tmpdir(), 'crashpad-'));

describe('crash dumps kept on the kiosk', () => {
  test('lists the minidumps in Crashpad’s folders, newest first, and ignores its other files', async () => {
    const dir = dumpsDir();
    mkdirSync(join(dir, 'completed'));
    mkdirSync(join(dir, 'pending'));
    writeFileSync(join(dir, 'completed', 'old.dmp'), Buffer.alloc(300));
    writeFileSync(join(dir, 'pending', 'new.dmp'), Buffer.alloc(120));
    writeFileSync(join(dir, 'settings.dat'), 'crashpad settings');
    utimesSync(join(dir, 'completed', 'old.dmp'), new Date('2026-11-01'), new Date('2026-11-01'));
    utimesSync(join(dir, 'pending', 'new.dmp'), new Date('2026-11-20'), new Date('2026-11-20'));
    const summary = await listCrashDumps(dir);
    expect(summary.count).toBe(2);
    expect(summary.newest.map((d) => [d.file, d.bytes])).toEqual([
      [join('pending', 'new.dmp'), 120],
      [join('completed', 'old.dmp'), 300],
    ]);
  });

  test('counts every dump but lists only the newest few', async () => {
    const dir = dumpsDir();
    for (let i = 0; i < 8; i++) writeFileSync(join(dir, `${i}.dmp`), 'x');
    const summary = await listCrashDumps(dir, 3);
    expect(summary.count).toBe(8);
    expect(summary.newest).toHaveLength(3);
  });

  test('a directory that does not exist yet (no crash so far) reads as none', async () => {
    expect(await listCrashDumps(join(dumpsDir(), 'Crashpad'))).toEqual({ count: 0, newest: [] });
    expect(await listCrashDumps(undefined)).toEqual({ count: 0, newest: [] });
  });
});
