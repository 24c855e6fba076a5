import type { ScenarioResult } from './evaluate';

/*
 * The picture `npm run eval:spoof` writes: for each check, every clip's measured value on one line,
 * live visitors as circles above it and attacks as crosses below it (told by shape, not only
 * colour), the threshold as a dashed line, and the calibration / held-out part by fill. Plain SVG,
 * no library: a few lines and shapes.
 */

export interface StripRow {
  readonly code: string;
  readonly threshold: number;
  /** Which side of the threshold passes the check (read off the verdicts themselves). */
  readonly passes?: 'above' | 'below';
  readonly points: readonly { readonly value: number; readonly live: boolean; readonly heldOut: boolean }[];
}

/** One row per check, from the clips where the check was evaluated and measured a value. */
export function stripRows(results: readonly ScenarioResult[], codes: readonly string[]): StripRow[] {
  return codes.flatMap((code) => {
    const measured = results.flatMap((r) => {
      const reason = r.verdict.reasons.find((x) => x.code === code);
      return reason?.evaluated && reason.value !== null && reason.threshold !== null
        ? [{ reason, live: r.scenario.class === 'live', heldOut: r.scenario.part === 'held_out' }]
        : [];
    });
    if (measured.length === 0) return [];
    const told = measured.find((m) => m.reason.value !== m.reason.threshold)?.reason;
    const passes: 'above' | 'below' | null =
      told === undefined ? null : told.passed === told.value! > told.threshold! ? 'above' : 'below';
    return [
      {
        code,
        ...(passes ? { passes } : {}),
        threshold: measured[0]!.reason.threshold!,
        points: measured.map((m) => ({ value: m.reason.value!, live: m.live, heldOut: m.heldOut })),
      },
    ];
  });
}

const WIDTH = 760;
const ROW = 70;
const LEFT = 170;
const RIGHT = 30;

const escape = (s: string) => s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
const fmt = (x: number) => (Math.abs(x) >= 10 ? x.toFixed(1) : x.toPrecision(2));

export function stripPlotSvg(rows: readonly StripRow[]): string {
  const height = 40 + rows.length * ROW + 40;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    '<title>Spoof checks: live visitors (circles) and attacks (crosses) against each threshold</title>',
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    '<text x="10" y="20" font-size="14">Each check: live (circles, above) and attacks (crosses, below) against the threshold (dashed)</text>',
  ];
  rows.forEach((row, i) => {
    const values = [...row.points.map((p) => p.value), row.threshold];
    let low = Math.min(...values);
    let high = Math.max(...values);
    if (high === low) high = low + 1;
    const pad = (high - low) * 0.05;
    low -= pad;
    high += pad;
    const x = (v: number) => LEFT + ((v - low) / (high - low)) * (WIDTH - LEFT - RIGHT);
    const y = 40 + i * ROW + ROW / 2;
    parts.push(
      `<g data-check="${escape(row.code)}">`,
      `<text x="10" y="${y + 4}">${escape(row.code)}</text>`,
      row.passes ? `<text x="10" y="${y + 20}" fill="#555">passes ${row.passes}</text>` : '',
      `<line x1="${LEFT}" y1="${y}" x2="${WIDTH - RIGHT}" y2="${y}" stroke="#999"/>`,
      `<text x="${LEFT}" y="${y + 28}" fill="#555">${fmt(low + pad)}</text>`,
      `<text x="${WIDTH - RIGHT}" y="${y + 28}" fill="#555" text-anchor="end">${fmt(high - pad)}</text>`,
      `<line class="threshold" x1="${x(row.threshold)}" y1="${y - 24}" x2="${x(row.threshold)}" y2="${y + 24}" stroke="#000" stroke-dasharray="4 3"/>`,
      `<text x="${x(row.threshold) + 3}" y="${y - 16}">${fmt(row.threshold)}</text>`,
    );
    for (const p of row.points) {
      const px = x(p.value).toFixed(1);
      const fill = p.heldOut ? 'none' : 'currentColor';
      if (p.live) {
        parts.push(
          `<circle class="live" cx="${px}" cy="${y - 9}" r="4" color="#1b7f3b" stroke="#1b7f3b" fill="${fill}"/>`,
        );
      } else {
        const cy = y + 9;
        parts.push(
          `<path class="attack" d="M${Number(px) - 4},${cy - 4} l8,8 m0,-8 l-8,8" stroke="#b3261e" stroke-width="${p.heldOut ? 1 : 2}"/>`,
        );
      }
    }
    parts.push('</g>');
  });
  const legendY = 40 + rows.length * ROW + 20;
  parts.push(
    `<text x="10" y="${legendY}" fill="#333">Filled circle / thick cross: calibration part; open circle / thin cross: held-out part.</text>`,
    '</svg>',
  );
  return parts.join('\n');
}
