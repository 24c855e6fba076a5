import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DEFAULT_CLOUD_SETTINGS, readCloudSettingsFile } from '../../../../main/cloud/cloud-settings';

describe('cloud settings file', () => {
  test('absent: the cloud is off', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cloud-settings-'));
    const r = await readCloudSettingsFile(join(dir, 'cloud-settings.json'));
    expect(r).toEqual({ settings: DEFAULT_CLOUD_SETTINGS, problem: null });
    expect(r.settings.policy).toBe('off');
  });

  test('a valid file sets the policy and keeps the other defaults', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cloud-settings-'));
    const path = join(dir, 'cloud-settings.json');
    await writeFile(
      path,
      JSON.stringify({ policy: 'required', region: 'us-east-1', requiredFallback: 'accept' }),
    );
    const r = await readCloudSettingsFile(path);
    expect(r.problem).toBeNull();
    expect(r.settings).toMatchObject({ policy: 'required', region: 'us-east-1', requiredFallback: 'accept' });
    expect(r.settings.maxAgeMs).toBe(DEFAULT_CLOUD_SETTINGS.maxAgeMs);
  });

  test.each([
    ['truncated JSON', '{"policy": "adv'],
    ['an unknown policy', '{"policy": "sometimes"}'],
    ['a bad region', '{"policy": "advisory", "region": "Mars"}'],
  ])('%s: kept aside for staff, defaults apply, the reason is given', async (_name, text) => {
    const dir = await mkdtemp(join(tmpdir(), 'cloud-settings-'));
    const path = join(dir, 'cloud-settings.json');
    await writeFile(path, text);
    const r = await readCloudSettingsFile(path, () => 42);
    expect(r.settings).toEqual(DEFAULT_CLOUD_SETTINGS);
    expect(r.problem).toMatch(/is invalid .* kept as .*invalid-42, cloud re-verification is off/);
    expect(await readdir(dir)).toEqual(['cloud-settings.json.invalid-42']);
    expect(await readFile(join(dir, 'cloud-settings.json.invalid-42'), 'utf8')).toBe(text);
  });
});
