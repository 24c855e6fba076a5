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

  test.each([
    ['truncated JSON', '{"language": "de", "cam'],
    ['a value of the wrong type', JSON.stringify({ language: 'klingon' })],
    ['an out-of-range number', JSON.stringify({ camera: { width: -1, height: 480, deviceId: null } })],
  ])('%s: kept aside, defaults in place, a notice for staff', async (_name, text) => {
    const directory = await fresh();
    await writeFile(join(directory, 'settings.json'), text);
    const store = SettingsStore.open({ directory, version: '0.2.0', now: () => 7 });
    expect(store.notice).toMatch(/unusable .* kept as .*settings\.json\.invalid-7 and defaults are in use/);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(await readFile(join(directory, 'settings.json.invalid-7'), 'utf8')).toBe(text);
    expect((await readdir(directory)).sort()).toEqual(['settings.json', 'settings.json.invalid-7']);
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
