import { describe, expect, test } from 'vitest';
import { landmarkDistributionRule, landmarkHistogram } from '../../../../main/liveness';

// Nine points, one in each cell of the 3x3 grid over their own extent.
const grid = [0, 1, 2].flatMap((i) => [0, 1, 2].map((j) => ({ x: i * 10, y: j * 10 })));

describe('landmark histogram (numpy.histogram2d over the points own extent)', () => {
  test('spreads an even grid evenly; the last edge belongs to the last bin', () => {
    expect(landmarkHistogram(grid, 3)).toEqual(new Array(9).fill(1 / 9));
  });

  test('is the same wherever the face is and however large', () => {
    const moved = grid.map((p) => ({ x: p.x * 3 + 100, y: p.y * 3 + 50 }));
    expect(landmarkHistogram(moved, 3)).toEqual(landmarkHistogram(grid, 3));
  });

  test('a degenerate axis spans one unit around the value, as numpy does', () => {
    const column = [0, 5, 10].map((y) => ({ x: 7, y }));
    // x range becomes [6.5, 7.5]: every point falls in the middle x bin.
    expect(landmarkHistogram(column, 3)).toEqual([0, 0, 0, 1 / 3, 1 / 3, 1 / 3, 0, 0, 0]);
  });
});

describe("the original's rotation rule", () => {
  // Moving one point from cell (0,0) to cell (1,1) changes two histogram entries by 1/9.
  const changed = grid.map((p, i) => (i === 1 ? { x: 10, y: 10 } : p));
  const distance = Math.SQRT2 / 9; // 0.157

  test('an unturned head needs a change above 0.15', () => {
    const r = landmarkDistributionRule(grid, changed, 0, 'right');
    expect(r.distance).toBeCloseTo(distance, 12);
    expect(r).toMatchObject({ rotation: 'none', passed: true });
    expect(r.minDistance).toBeCloseTo(0.15, 12);
    expect(landmarkDistributionRule(grid, grid, 0, 'right').passed).toBe(false);
  });

  test('a head turned toward the target needs only 0.075', () => {
    expect(landmarkDistributionRule(grid, changed, 6, 'right')).toMatchObject({
      rotation: 'toward_target',
      passed: true,
    });
    expect(landmarkDistributionRule(grid, changed, -6, 'left').minDistance).toBeCloseTo(0.075, 12);
  });

  test('a head turned away from the target fails outright', () => {
    expect(landmarkDistributionRule(grid, changed, -6, 'right')).toMatchObject({
      rotation: 'away_from_target',
      passed: false,
      minDistance: null,
    });
  });

  test('exactly 5 degrees does not count as turned', () => {
    expect(landmarkDistributionRule(grid, changed, 5, 'left').rotation).toBe('none');
  });
});
