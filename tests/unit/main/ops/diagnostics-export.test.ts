import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { exportTargets, stamp, writeBundle } from '../../../../main/ops/diagnostics-export';

const temp = (name: string) => mkdtempSync(join(tmpdir(), `${name}-`));

describe('export places', () => {
  test("the kiosk's own exports folder first, then every removable drive mounted now", async () => {
    const data = temp('kiosk-data');
    const media = temp('media');
    mkdirSync(join(media, 'kiosk', 'USB STICK'), { recursive: true });
    mkdirSync(join(media, 'BY-HAND'));
    const targets = await exportTargets(data, { platform: 'linux', roots: { linux: [media], darwin: [] } });
    expect(targets.map((t) => t.path)).toEqual([
      join(data, 'exports'),
      join(media, 'BY-HAND'),
      join(media, 'kiosk', 'USB STICK'),
    ]);
    expect(targets[2]!.label).toBe('Removable drive USB STICK');
    // Ids are opaque, distinct and stable from one listing to the next.
    const again = await exportTargets(data, { platform: 'linux', roots: { linux: [media], darwin: [] } });
    expect(again.map((t) => t.id)).toEqual(targets.map((t) => t.id));
    expect(new Set(targets.map((t) => t.id)).size).toBe(3);
  });

  test('with no drive mounted, only the kiosk folder is offered', async () => {
    const targets = await exportTargets(temp('kiosk-data'), {
      platform: 'linux',
      roots: { linux: [join(tmpdir(), 'no-such-media-root')], darwin: [] },
    });
    expect(targets).toHaveLength(1);
  });
});

describe('writing a bundle', () => {
  const target = (path: string) => ({ id: '0'.repeat(16), label: 'test drive', path, freeBytes: null });

  test('a bundle lands complete under its own dated name', async () => {
    const dir = temp('drive');
    const source = join(temp('logs'), 'kiosk.log');
    writeFileSync(source, 'line\n');
    const receipt = await writeBundle(
      target(dir),
      `diag-${stamp(new Date(Date.UTC(2026, 10, 28, 11, 2, 3)))}`,
      [
        { name: 'health.json', content: '{}' },
        { name: 'logs/kiosk.log', content: { copyFrom: source } },
      ],
    );
    expect(receipt.directory).toBe(join(dir, 'diag-20261128-110203'));
    expect(receipt.bytes).toBe(2 + 5);
    expect(readdirSync(dir)).toEqual(['diag-20261128-110203']);
  });

  test('a write that fails leaves no partial bundle and says what to do', async () => {
    const dir = temp('drive');
    const error = writeBundle(target(dir), 'diag', [
      { name: 'health.json', content: '{}' },
      { name: 'logs/kiosk.log', content: { copyFrom: join(dir, 'vanished.log') } },
    ]);
    await expect(error).rejects.toMatchObject({ code: 'write_failed', message: /free space/ });
    expect(existsSync(join(dir, 'diag'))).toBe(false);
    expect(existsSync(join(dir, 'diag.partial'))).toBe(false);
  });
});
