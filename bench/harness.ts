/** Runs `fn` repeatedly and reports the median and 95th percentile, in ms (machines here are noisy). */
export interface Timing {
  readonly name: string;
  readonly runs: number;
  readonly p50_ms: number;
  readonly p95_ms: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export async function time(
  name: string,
  fn: () => unknown,
  { warmup = 20, runs = 200 }: { warmup?: number; runs?: number } = {},
): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { name, runs, p50_ms: round(percentile(samples, 50)), p95_ms: round(percentile(samples, 95)) };
}

export function printTable(title: string, rows: readonly Timing[]): void {
  console.log(`\n${title}`);
  console.log('| measurement | runs | median ms | p95 ms |');
  console.log('| --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.name} | ${r.runs} | ${r.p50_ms} | ${r.p95_ms} |`);
}
