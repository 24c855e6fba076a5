import { describe, expect, test } from 'vitest';
import { quadraticFitRms } from '../../../../main/liveness';

describe('quadratic fit of the nose path', () => {
  test('a parabola fits with zero error', () => {
    const pts = [0, 0.1, 0.2, 0.3, 0.4].map((x) => ({ x, y: 2 * x * x - x + 0.5 }));
    const fit = quadraticFitRms(pts);
    expect(fit.ok && fit.rms).toBeLessThan(1e-12);
  });

  test('matches numpy.polyfit residuals on a hand-checked case', () => {
    // y = [0, 1, 0, 1] at x = [0, 1, 2, 3]: best parabola has SSR 0.8, so RMS = sqrt(0.8 / 4).
    const fit = quadraticFitRms([0, 1, 2, 3].map((x) => ({ x, y: x % 2 })));
    expect(fit).toMatchObject({ ok: true, rms: expect.closeTo(Math.sqrt(0.2), 12) });
  });

  test('fewer than four points is reported, not a crash', () => {
    const fit = quadraticFitRms([0, 1, 2].map((x) => ({ x, y: x })));
    expect(fit).toEqual({ ok: false, reason: 'too_few_points', points: 3 });
  });

  test('a vertical path (one x value) is degenerate', () => {
    const fit = quadraticFitRms([0, 1, 2, 3].map((y) => ({ x: 0.5, y })));
    expect(fit).toMatchObject({ ok: false, reason: 'degenerate' });
  });

  test('only two distinct x values is degenerate', () => {
    const fit = quadraticFitRms([0, 1, 0, 1, 0].map((x, i) => ({ x, y: i })));
    expect(fit).toMatchObject({ ok: false, reason: 'degenerate' });
  });
});
