import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG, resolveConfig } from '../../../../main/liveness';

describe('liveness configuration', () => {
  test("defaults are the original design's numbers", () => {
    expect(DEFAULT_CONFIG.landmarkIndex).toBe(30);
    expect(DEFAULT_CONFIG.area).toMatchObject({ timeoutMs: 30_000, maxNoFaceFrames: 2 });
    expect(DEFAULT_CONFIG.nose).toMatchObject({ timeoutMs: 10_000, maxNoFaceFrames: 4, areaTolerance: 0.15 });
    expect(DEFAULT_CONFIG.verdict.maxTrajectoryRms).toBe(0.01);
    expect(DEFAULT_CONFIG.landmarkDistribution).toEqual({
      bins: 3,
      minDistance: 0.1,
      rotationThresholdDeg: 5,
      factorRotated: 0.75,
      factorNotRotated: 1.5,
    });
    expect(DEFAULT_CONFIG.challenge).toMatchObject({
      noseBoxSize: 20,
      noseMinHorizontalOffset: 45,
      noseMaxHorizontalOffset: 75,
      noseMaxVerticalOffset: 40,
      ttlMs: 60_000,
    });
  });

  test('a partial override keeps every other default', () => {
    const r = resolveConfig({ nose: { timeoutMs: 15_000 } });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.nose).toEqual({ ...DEFAULT_CONFIG.nose, timeoutMs: 15_000 });
      expect(r.value.area).toEqual(DEFAULT_CONFIG.area);
    }
  });

  test.each([
    [{ landmarkIndex: 68 }, 'landmarkIndex'],
    [{ nose: { timeoutMs: -1 } }, 'nose.timeoutMs'],
    [{ distance: { minFaceWidthRatio: 'lots' } }, 'distance.minFaceWidthRatio'],
    [{ distance: { minFaceWidthRatio: 0.5, maxFaceWidthRatio: 0.4 } }, 'distance.minFaceWidthRatio'],
    [{ verdict: { minParallax: -0.1 } }, 'verdict.minParallax'],
    [{ challenge: { noseMinHorizontalOffset: 80 } }, 'challenge.noseMinHorizontalOffset'],
  ])('an invalid setting %j is a typed error naming %s', (input, path) => {
    const r = resolveConfig(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid_config');
      expect(r.error.path).toBe(path);
      expect(r.error.message).toContain(path);
    }
  });

  test('a sequence dwell range upside down is refused, naming the setting', () => {
    const r = resolveConfig({ challenge: { revealDelayMinMs: 900, revealDelayMaxMs: 300 } });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'invalid_config', path: 'challenge.revealDelayMinMs' },
    });
  });
});
