import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/*
 * Structured logs: one JSON object per line with time and event, rotated by size (kiosk.log,
 * kiosk.1.log, ...). No personal data: fields that could carry a face (pixels, landmarks,
 * descriptors, images) are dropped, long strings cut, whatever a caller passes.
 */

const PERSONAL = /^(data|jpeg|image|images|frame|frames|pixels|landmarks|descriptor|descriptors|faces?)$/i;
const MAX_STRING = 500;

/** The detail as logged: personal fields dropped, strings cut, nested objects cleaned too. */
export function scrub(detail: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(detail)) {
    if (PERSONAL.test(key)) continue;
    if (typeof value === 'string')
      out[key] = value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
    else if (value instanceof Uint8Array || ArrayBuffer.isView(value)) continue;
    else if (value && typeof value === 'object' && !Array.isArray(value) && depth < 3)
      out[key] = scrub(value as Record<string, unknown>, depth + 1);
    else if (Array.isArray(value)) out[key] = value.length > 20 ? `[${value.length} items]` : value;
    else out[key] = value;
  }
  return out;
}

export type Log = (event: string, detail?: Record<string, unknown>) => void;

export function fileLog(
  directory: string,
  options: { maxBytes?: number; maxFiles?: number; now?: () => number; echo?: boolean } = {},
): Log {
  const maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
  const maxFiles = options.maxFiles ?? 5;
  const now = options.now ?? Date.now;
  const path = join(directory, 'kiosk.log');
  const rotate = (): void => {
    rmSync(join(directory, `kiosk.${maxFiles - 1}.log`), { force: true });
    for (let i = maxFiles - 2; i >= 1; i--) {
      const from = join(directory, `kiosk.${i}.log`);
      if (existsSync(from)) renameSync(from, join(directory, `kiosk.${i + 1}.log`));
    }
    renameSync(path, join(directory, 'kiosk.1.log'));
  };
  return (event, detail = {}) => {
    const line = `${JSON.stringify({ time: new Date(now()).toISOString(), event, ...scrub(detail) })}\n`;
    if (options.echo) process.stdout.write(line);
    try {
      // Made at the first line, not up front: an unusable data directory must still reach the
      // start-up error screen that names it.
      mkdirSync(directory, { recursive: true });
      if (existsSync(path) && statSync(path).size + line.length > maxBytes) rotate();
      appendFileSync(path, line);
    } catch {
      // A full disk must not take the kiosk down with it; the line is lost, the visitor is not.
    }
  };
}
