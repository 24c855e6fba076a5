import { statfs } from 'node:fs/promises';

/** Free bytes for the kiosk's data directory; null where the platform cannot say. */
export async function freeBytes(path: string): Promise<number | null> {
  try {
    const s = await statfs(path);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}
