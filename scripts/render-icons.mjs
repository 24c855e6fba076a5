// Renders build/icon.svg into the PNGs electron-builder packages (run by `npm run dist`): one
// 1024 px icon for macOS and Windows (electron-builder converts it to .icns and .ico) and the
// Linux icon set. Generated, never committed.
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Renders every size into `outDir` (default: build/); returns the files written. */
export async function renderIcons(outDir = join(root, 'build')) {
  const svg = join(root, 'build', 'icon.svg');
  await mkdir(join(outDir, 'icons'), { recursive: true });
  const files = [];
  for (const size of LINUX_SIZES) {
    const file = join(outDir, 'icons', `${size}x${size}.png`);
    await sharp(svg).resize(size, size).png().toFile(file);
    files.push(file);
  }
  const main = join(outDir, 'icon.png');
  await sharp(svg).resize(1024, 1024).png().toFile(main);
  files.push(main);
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = await renderIcons(process.argv[2]);
  console.log(`icons: ${files.length} PNGs rendered from build/icon.svg`);
}
