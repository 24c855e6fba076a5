import { describe, expect, test } from 'vitest';
import { stripPlotSvg, type StripRow } from '../../corpus/strip-plot';

// The picture eval:spoof writes, checked on known rows.

const rows: StripRow[] = [
  {
    code: 'head_rotated',
    threshold: 5,
    points: [
      { value: 12, live: true, heldOut: false },
      { value: 20, live: true, heldOut: true },
      { value: 1, live: false, heldOut: false },
    ],
  },
  { code: 'depth_parallax', threshold: 0.04, points: [{ value: 0.01, live: false, heldOut: true }] },
];

describe('the spoof-check strip plot', () => {
  test('one row per check, one mark per clip: circles for live visitors, crosses for attacks', () => {
    const svg = stripPlotSvg(rows);
    expect(svg.match(/<g data-check=/g)).toHaveLength(2);
    expect(svg.match(/class="live"/g)).toHaveLength(2);
    expect(svg.match(/class="attack"/g)).toHaveLength(2);
    expect(svg.match(/class="threshold"/g)).toHaveLength(2);
  });

  test('values sit on the correct side of the threshold line', () => {
    const svg = stripPlotSvg([rows[0]!]);
    const threshold = Number(/class="threshold" x1="([\d.]+)"/.exec(svg)![1]);
    const live = [...svg.matchAll(/class="live" cx="([\d.]+)"/g)].map((m) => Number(m[1]));
    const attack = Number(/class="attack" d="M([\d.]+),/.exec(svg)![1]) + 4;
    expect(live.every((x) => x > threshold)).toBe(true);
    expect(attack).toBeLessThan(threshold);
  });

  test('held-out clips are drawn open, calibration clips filled', () => {
    const svg = stripPlotSvg([rows[0]!]);
    expect(svg).toMatch(
      /class="live" cx="[\d.]+" cy="[\d.]+" r="4" color="#1b7f3b" stroke="#1b7f3b" fill="none"/,
    );
    expect(svg).toMatch(/class="live"[^>]*fill="currentColor"/);
  });
});
