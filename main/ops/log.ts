import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/*
 * Structured logs: one JSON object per line with time and event, rotated by size (kiosk.log,
 * kiosk.1.log, ...). No personal data: fields that could carry a face (pixels, landmarks,
 * descriptors, images) are dropped, long strings cut, whatever a caller passes.
 */

const PERSONAL = /^(data|jpeg|image|images|frame|frames|pixels|landmarks|descriptor|descriptors|faces?)$/i;
const MAX_STRING = 500;
/** Deeper than this, a value is dropped: nothing is written raw because it is nested. */
const MAX_DEPTH = 3;
const MAX_ITEMS = 20;

/** Numbers in bulk (a descriptor, a list of points, pixels) could carry a face: never logged. */
function isNumeric(value: unknown): boolean {
  if (typeof value === 'number') return true;
  if (ArrayBuffer.isView(value)) return true;
  if (Array.isArray(value)) return value.length > 0 && value.every(isNumeric);
  if (value && typeof value === 'object') {
    const entries = Object.values(value);
    return entries.length > 0 && entries.every((v) => typeof v === 'number');
  }
  return false;
}

function clean(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return undefined;
  if (depth >= MAX_DEPTH) return undefined;
  if (Array.isArray(value)) {
    // A list of numbers or of points is data, not a message: only its size is kept.
    if (value.some(isNumeric)) return `[${value.length} values]`;
    const items = value.slice(0, MAX_ITEMS).map((v) => clean(v, depth + 1));
    return value.length > MAX_ITEMS ? [...items, `… ${value.length - MAX_ITEMS} more`] : items;
  }
  return scrub(value as Record<string, unknown>, depth + 1);
}

/**
 * The detail as logged, scrubbed by structure: fields named like face data dropped, numeric arrays
 * (descriptors, landmarks, pixels) reduced to their length, anything nested deeper than three levels
 * dropped, long strings cut, whatever a caller passes.
 */
export function scrub(detail: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(detail)) {
    if (PERSONAL.test(key)) continue;
    const cleaned = clean(value, depth);
    if (cleaned !== undefined) out[key] = cleaned;
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

/** Where a kiosk's logs live inside its data directory (both hosts write there; diagnostics read it). */
export function logDirectory(dataDir: string): string {
  return join(dataDir, 'logs');
}
