import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { freeBytes } from './disk';

/*
 * Where staff can write an export, and the writing. A kiosk has no file dialog (it would sit over
 * the kiosk screen and open the whole disk to whoever stands there): staff pick from a fixed list,
 * the kiosk's own exports folder and any removable drive mounted now, named by an id the kiosk made,
 * never by a path from the screen. A bundle is written under a temporary name and renamed when
 * complete, so a full or pulled drive leaves no half bundle that looks whole; the kiosk's own data is
 * only ever read.
 */

export interface ExportTarget {
  /** Opaque and stable for one mount: what the screen sends back. */
  readonly id: string;
  readonly label: string;
  readonly path: string;
  readonly freeBytes: number | null;
}

export class ExportError extends Error {
  override readonly name = 'ExportError';
  constructor(
    readonly code: 'unknown_target' | 'write_failed',
    message: string,
  ) {
    super(message);
  }
}

export interface MountRoots {
  /** Directories whose subdirectories (one or two levels down) are removable drives. */
  readonly linux: readonly string[];
  readonly darwin: readonly string[];
}

export const DEFAULT_MOUNT_ROOTS: MountRoots = {
  // udisks mounts at /media/USER/LABEL (Debian, Ubuntu) or /run/media/USER/LABEL (Fedora).
  linux: ['/media', '/run/media'],
  darwin: ['/Volumes'],
};

const idOf = (path: string): string => createHash('sha256').update(path).digest('hex').slice(0, 16);

async function subdirectories(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => join(dir, e.name));
  } catch {
    return [];
  }
}

/** Removable drives mounted now (Linux: two levels under the roots, macOS: one; Windows: D: to Z:). */
async function removableDrives(platform: NodeJS.Platform, roots: MountRoots): Promise<string[]> {
  if (platform === 'win32') {
    const letters = 'DEFGHIJKLMNOPQRSTUVWXYZ'.split('');
    const present = await Promise.all(
      letters.map(async (l) => ((await stat(`${l}:\\`).catch(() => null)) ? `${l}:\\` : null)),
    );
    return present.filter((p): p is string => p !== null);
  }
  if (platform === 'darwin') {
    // /Volumes also lists the start-up disk (a link to /): skip what is not a separate mount.
    const volumes = await subdirectories(roots.darwin[0] ?? '/Volumes');
    const root = await stat('/').catch(() => null);
    const found: string[] = [];
    for (const v of volumes) {
      const s = await stat(v).catch(() => null);
      if (s && (!root || s.dev !== root.dev)) found.push(v);
    }
    return found;
  }
  const found: string[] = [];
  for (const root of roots.linux) {
    for (const level1 of await subdirectories(root)) {
      const level2 = await subdirectories(level1);
      // /media/LABEL (mounted by hand) or /media/USER/LABEL (udisks).
      if (level2.length === 0) found.push(level1);
      else found.push(...level2);
    }
  }
  return found;
}

/** The kiosk's own exports folder first, then every removable drive mounted now. */
export async function exportTargets(
  dataDir: string,
  options: { platform?: NodeJS.Platform; roots?: MountRoots } = {},
): Promise<ExportTarget[]> {
  const own = join(dataDir, 'exports');
  const drives = await removableDrives(
    options.platform ?? process.platform,
    options.roots ?? DEFAULT_MOUNT_ROOTS,
  );
  const targets = [{ path: own, label: "This kiosk's exports folder" }].concat(
    drives.map((path) => ({ path, label: `Removable drive ${basename(path) || path}` })),
  );
  return Promise.all(
    targets.map(async (t) => ({
      id: idOf(t.path),
      label: t.label,
      path: t.path,
      freeBytes: await freeBytes(t.path).catch(() => null),
    })),
  );
}

/** The target with this id among those listed now; an unknown id (a drive pulled, a forged id) is an error. */
export async function resolveTarget(
  id: string,
  dataDir: string,
  options: { platform?: NodeJS.Platform; roots?: MountRoots } = {},
): Promise<ExportTarget> {
  const target = (await exportTargets(dataDir, options)).find((t) => t.id === id);
  if (!target)
    throw new ExportError(
      'unknown_target',
      'That export place is not available any more (a drive removed?): refresh the list and choose again.',
    );
  return target;
}

export interface BundleFile {
  /** Path inside the bundle. */
  readonly name: string;
  /** Text to write, or a file to copy. */
  readonly content: string | { readonly copyFrom: string };
}

export interface ExportReceipt {
  readonly directory: string;
  readonly files: readonly string[];
  readonly bytes: number;
}

/** `2026-11-28T11:26:19.123Z` -> `20261128-112619`: sortable, no characters a file system refuses. */
export const stamp = (at: Date): string =>
  at.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');

/**
 * Writes `files` into a new directory `name` under `target`, complete or not at all: written under a
 * temporary name and renamed at the end; on any failure the partial directory is removed and the
 * error says what happened.
 */
export async function writeBundle(
  target: ExportTarget,
  name: string,
  files: readonly BundleFile[],
): Promise<ExportReceipt> {
  const directory = join(target.path, name);
  const partial = `${directory}.partial`;
  try {
    await mkdir(partial, { recursive: true });
    let bytes = 0;
    for (const file of files) {
      const path = join(partial, file.name);
      await mkdir(join(path, '..'), { recursive: true });
      if (typeof file.content === 'string') await writeFile(path, file.content);
      else await copyFile(file.content.copyFrom, path);
      bytes += (await stat(path)).size;
    }
    await rename(partial, directory);
    return { directory, files: files.map((f) => f.name), bytes };
  } catch (error) {
    await rm(partial, { recursive: true, force: true }).catch(() => undefined);
    const why = error instanceof Error ? error.message : String(error);
    throw new ExportError(
      'write_failed',
      `Could not write the export to ${target.label} (${why}). Nothing was changed on the kiosk; check the drive's free space and that it is writable, then try again.`,
    );
  }
}

/** The files of a directory (not recursive) whose names match, for copying into a bundle. */
export async function filesIn(dir: string | undefined, match: (name: string) => boolean): Promise<string[]> {
  if (!dir) return [];
  try {
    const entries = await readdir(dir, { withFileTypes: true, recursive: true });
    return entries.filter((e) => e.isFile() && match(e.name)).map((e) => join(e.parentPath ?? dir, e.name));
  } catch {
    return [];
  }
}
