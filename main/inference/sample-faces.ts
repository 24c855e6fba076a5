import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import type { Box, Point, Size } from '../liveness';
import type { FaceAnalyzer } from './face-analyzer';
import type { RgbaFrame } from './rgba-frame';

/*
 * Frames with real faces for the self-test, benchmarks and tests: the six group photos that ship
 * with @vladmandic/face-api (22 faces), cut into single-face portraits and composed into camera
 * frames. Nothing is downloaded; portraits are cached in a directory the caller names.
 */

export const DEMO_DIR = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');
export const demoPhoto = (i: number): string => join(DEMO_DIR, `sample${i}.jpg`);
/** Faces a person counts in sample1..6.jpg. */
export const DEMO_FACE_COUNTS = [3, 3, 3, 4, 5, 4] as const;
/** Detector settings that find the small faces in the group photos. */
export const GROUP_PHOTO_SETTINGS = { inputSize: 512, scoreThreshold: 0.3, tracking: false } as const;

export interface Portrait {
  readonly file: string;
  readonly width: number;
  readonly height: number;
  /** Where the face box and nose tip sit inside the portrait, px. */
  readonly face: Box;
  readonly nose: Point;
}

/**
 * Single-face portraits cut from the group photos: a square around each detected face, three face
 * widths wide, scaled so the face box is `faceWidth` px wide.
 */
export async function portraits(
  groupPhotoAnalyzer: FaceAnalyzer,
  cacheDir: string,
  faceWidth = 150,
): Promise<Portrait[]> {
  const index = join(cacheDir, `portraits-${faceWidth}.json`);
  if (existsSync(index)) return JSON.parse(await readFile(index, 'utf8')) as Portrait[];
  await mkdir(cacheDir, { recursive: true });
  const a = groupPhotoAnalyzer;
  const out: Portrait[] = [];
  for (let i = 1; i <= 6; i++) {
    const photo = await sharp(demoPhoto(i))
      .rotate()
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const frame = { width: photo.info.width, height: photo.info.height, data: new Uint8Array(photo.data) };
    const { faces } = await a.analyze(frame);
    for (const [k, f] of faces.entries()) {
      const side = Math.round(f.box.width * 2.4);
      const left = Math.round(f.box.left + f.box.width / 2 - side / 2);
      const top = Math.round(f.box.top + f.box.height / 2 - side / 2);
      const scale = faceWidth / f.box.width;
      const size = Math.round(side * scale);
      const file = join(cacheDir, `portrait-${faceWidth}-${i}-${k}.png`);
      // Grey out every other face so a portrait holds exactly one.
      const others = faces
        .filter((o) => o !== f)
        .map((o) => {
          const w = Math.round(o.box.width * 1.6);
          const h = Math.round(o.box.height * 1.8);
          return {
            input: {
              create: {
                width: w,
                height: h,
                channels: 4 as const,
                background: { r: 90, g: 90, b: 90, alpha: 1 },
              },
            },
            left: Math.max(0, Math.round(o.box.left + o.box.width / 2 - w / 2)),
            top: Math.max(0, Math.round(o.box.top + o.box.height / 2 - h / 2)),
          };
        });
      const masked = await sharp(frame.data, {
        raw: { width: frame.width, height: frame.height, channels: 4 },
      })
        .composite(others)
        .raw()
        .toBuffer();
      // Pad first (a face near the photo's edge still gets a full square), then cut and scale.
      const padded = await sharp(masked, { raw: { width: frame.width, height: frame.height, channels: 4 } })
        .extend({
          top: side,
          bottom: side,
          left: side,
          right: side,
          background: { r: 90, g: 90, b: 90, alpha: 1 },
        })
        .raw()
        .toBuffer({ resolveWithObject: true });
      await sharp(padded.data, { raw: { width: padded.info.width, height: padded.info.height, channels: 4 } })
        .extract({ left: left + side, top: top + side, width: side, height: side })
        .resize(size, size)
        .png()
        .toFile(file);
      out.push({
        file,
        width: size,
        height: size,
        face: {
          left: (f.box.left - left) * scale,
          top: (f.box.top - top) * scale,
          width: f.box.width * scale,
          height: f.box.height * scale,
        },
        nose: { x: (f.landmarks[30]!.x - left) * scale, y: (f.landmarks[30]!.y - top) * scale },
      });
    }
  }
  await writeFile(index, JSON.stringify(out));
  return out;
}

export interface Placement {
  readonly portrait: Portrait;
  /** Where the portrait's nose tip goes in the frame. */
  readonly nose: Point;
}

/** A 640x480 camera frame: grey background with the portraits placed by their noses. */
export async function composeFrame(
  placements: readonly Placement[],
  size: Size = { width: 640, height: 480 },
): Promise<RgbaFrame> {
  const layers = placements.map((p) => ({
    input: p.portrait.file,
    left: Math.round(p.nose.x - p.portrait.nose.x),
    top: Math.round(p.nose.y - p.portrait.nose.y),
  }));
  // sharp's composite needs layers inside the canvas: pad, compose, then cut the frame back out.
  const pad = 700;
  const canvas = { width: size.width + 2 * pad, height: size.height + 2 * pad, channels: 4 as const };
  const composed = await sharp({ create: { ...canvas, background: { r: 96, g: 98, b: 100, alpha: 1 } } })
    .composite(layers.map((l) => ({ input: l.input, left: l.left + pad, top: l.top + pad })))
    .raw()
    .toBuffer();
  const data = await sharp(composed, { raw: canvas })
    .extract({ left: pad, top: pad, width: size.width, height: size.height })
    .raw()
    .toBuffer();
  return { ...size, data: new Uint8Array(data) };
}
