import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DEFAULT_SETTINGS, SettingsStore } from '../../../../main/store/settings-store';

const fresh = () => mkdtemp(join(tmpdir(), 'settings-'));

describe('kiosk settings (electron-store)', () => {
  test('a first start has the defaults: cloud off, evidence encrypted for 7 days, lockout 5 in 3 min', async () => {
    const store = SettingsStore.open({ directory: await fresh(), version: '0.2.0' });
    expect(store.notice).toBeNull();
    const s = store.get();
    expect(s).toEqual(DEFAULT_SETTINGS);
    expect(s.cloud.policy).toBe('off');
    expect(s.evidence).toEqual({ mode: 'encrypted', retentionDays: 7, acceptUnprotectedKey: false });
    expect(s.lockout).toMatchObject({ maxFailures: 5, windowMs: 180_000 });
  });

  test('a valid change is saved and survives reopening', async () => {
    const directory = await fresh();
    const store = SettingsStore.open({ directory, version: '0.2.0' });
    expect(store.update('language', 'de')).toEqual({ ok: true, value: 'de' });
    expect(store.update('evidence', { mode: 'none', retentionDays: 0 }).ok).toBe(true);
    const again = SettingsStore.open({ directory, version: '0.2.0' });
    expect(again.get()).toMatchObject({ language: 'de', evidence: { mode: 'none' } });
  });

  test('an invalid change is refused with the setting named, and nothing changes', async () => {
    const store = SettingsStore.open({ directory: await fresh(), version: '0.2.0' });
    const r = store.update('lockout', { maxFailures: 0, windowMs: 1000, autoClearMs: null });
    expect(r).toMatchObject({ ok: false });
    expect(!r.ok && r.message).toMatch(/^lockout\.maxFailures/);
    expect(store.get().lockout.maxFailures).toBe(5);
  });

  test('cloud and liveness sections are checked by their own rules', async () => {
    const store = SettingsStore.open({ directory: await fresh(), version: '0.2.0' });
    expect(store.update('cloud', { policy: 'advisory', region: 'Mars' })).toMatchObject({ ok: false });
    const liveness = store.get().liveness;
    const crossed = { ...liveness, distance: { minFaceWidthRatio: 0.5, maxFaceWidthRatio: 0.3 } };
    const r = store.update('liveness', crossed);
    expect(!r.ok && r.message).toMatch(/minFaceWidthRatio must be below/);
  });

  test('a file that is not JSON at all: kept aside, defaults in place, a notice for staff', async () => {
    const directory = await fresh();
    const text = '{"language": "de", "cam';
    await writeFile(join(directory, 'settings.json'), text);
    const store = SettingsStore.open({ directory, version: '0.2.0', now: () => 7 });
    expect(store.notice).toMatch(/unusable .* kept as .*settings\.json\.invalid-7 and defaults are in use/);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(await readFile(join(directory, 'settings.json.invalid-7'), 'utf8')).toBe(text);
    expect((await readdir(directory)).sort()).toEqual(['settings.json', 'settings.json.invalid-7']);
  });

  test.each([
    ['a value of the wrong type', { language: 'klingon', startAtLogin: true }, 'language'],
    [
      'an out-of-range number',
      { camera: { width: -1, height: 480, deviceId: null }, startAtLogin: true },
      'camera',
    ],
    [
      'an unknown key in a section (a newer version, after a downgrade)',
      { lockout: { maxFailures: 5, windowMs: 180000, autoClearMs: null, newRule: 1 }, startAtLogin: true },
      'lockout\\.newRule',
    ],
  ])('%s: repaired key by key, the rest kept, the original kept aside', async (_name, content, bad) => {
    const directory = await fresh();
    const text = JSON.stringify(content);
    await writeFile(join(directory, 'settings.json'), text);
    const store = SettingsStore.open({ directory, version: '0.2.0', now: () => 7 });
    expect(store.notice).toMatch(
      new RegExp(`unusable \\(${bad}\\) and are back to their defaults; every other setting was kept`),
    );
    expect(store.notice).toMatch(/settings\.json\.invalid-7/);
    // What was valid survives; what was not is the default.
    expect(store.get().startAtLogin).toBe(true);
    expect(store.get()).toEqual({ ...DEFAULT_SETTINGS, startAtLogin: true });
    expect(await readFile(join(directory, 'settings.json.invalid-7'), 'utf8')).toBe(text);
  });

  test('migration 0.2.0 brings the old cloud-settings.json into the store', async () => {
    const directory = await fresh();
    await writeFile(
      join(directory, 'cloud-settings.json'),
      JSON.stringify({ policy: 'advisory', region: 'us-east-1' }),
    );
    const store = SettingsStore.open({ directory, version: '0.2.0' });
    expect(store.get().cloud).toMatchObject({ policy: 'advisory', region: 'us-east-1' });
    expect(await readdir(directory)).toContain('cloud-settings.json.migrated');
  });
});
