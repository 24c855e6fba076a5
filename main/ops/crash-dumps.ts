import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** A minidump Electron's crash reporter wrote (it never uploads them: uploads are off). */
export interface CrashDump {
  /** Path inside the crash-dumps directory (Crashpad keeps them under completed/, pending/, ...). */
  readonly file: string;
  readonly bytes: number;
  readonly modifiedAt: string;
}

export interface CrashDumpSummary {
  readonly count: number;
  /** The newest first, at most `limit`. */
  readonly newest: readonly CrashDump[];
}

/**
 * The minidumps under `dir`, newest first. A missing or unreadable directory reads as none: health
 * must answer even before the first crash, when Crashpad has not made its directory yet.
 */
export async function listCrashDumps(dir: string | undefined, limit = 5): Promise<CrashDumpSummary> {
  if (!dir) return { count: 0, newest: [] };
  const found: CrashDump[] = [];
  const walk = async (at: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(at, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(at, entry.name);
      if (entry.isDirectory() && depth < 3) await walk(path, depth + 1);
      else if (entry.isFile() && entry.name.endsWith('.dmp')) {
        try {
          const s = await stat(path);
          found.push({ file: relative(dir, path), bytes: s.size, modifiedAt: s.mtime.toISOString() });
        } catch {
          // Removed between listing and stat (Crashpad prunes old reports): not there.
        }
      }
    }
  };
  await walk(dir, 0);
  found.sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt));
  return { count: found.length, newest: found.slice(0, limit) };
}
