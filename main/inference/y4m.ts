import { open, type FileHandle } from 'node:fs/promises';
import type { RgbaFrame } from './rgba-frame';

/*
 * YUV4MPEG2 (.y4m), 4:2:0 only: what ffmpeg writes with `-pix_fmt yuv420p` and what Chromium
 * plays as a fake webcam. Colours use BT.601 limited range, ffmpeg's default for such files.
 */

export interface Y4mHeader {
  readonly width: number;
  readonly height: number;
  /** Frames per second as a fraction, e.g. 30000/1001. */
  readonly fpsNumerator: number;
  readonly fpsDenominator: number;
  readonly colourSpace: string;
}

export class Y4mError extends Error {
  override readonly name = 'Y4mError';
}

const MAGIC = 'YUV4MPEG2';
const MAX_HEADER = 1024;
/** Largest frame side read (a 4096x4096 frame is 24 MiB of 4:2:0); capture sizes stop at 1920. */
export const MAX_Y4M_SIDE = 4096;
/** Frame rates a camera clip can have; outside this, timestamps would be nonsense. */
export const Y4M_FPS_RANGE = { min: 1, max: 240 } as const;
/** The shortest "FRAME" marker line. */
const MIN_MARKER = 'FRAME\n'.length;

export const fps = (h: Y4mHeader): number => h.fpsNumerator / h.fpsDenominator;

export function parseY4mHeader(line: string): Y4mHeader {
  const [magic, ...params] = line.trim().split(' ');
  if (magic !== MAGIC) throw new Y4mError('Not a Y4M file: it does not start with "YUV4MPEG2".');
  let width = 0;
  let height = 0;
  let fpsNumerator = 0;
  let fpsDenominator = 0;
  let colourSpace = '420jpeg';
  for (const p of params) {
    const value = p.slice(1);
    switch (p[0]) {
      case 'W':
        width = Number(value);
        break;
      case 'H':
        height = Number(value);
        break;
      case 'F': {
        const [n, d] = value.split(':').map(Number);
        fpsNumerator = n ?? 0;
        fpsDenominator = d ?? 0;
        break;
      }
      case 'C':
        colourSpace = value;
        break;
    }
  }
  if (!(
    Number.isInteger(width) &&
    Number.isInteger(height) &&
    width > 0 &&
    height > 0 &&
    width % 2 === 0 &&
    height % 2 === 0
  )) {
    throw new Y4mError(`Y4M frame size ${width}x${height} must be positive and even.`);
  }
  if (width > MAX_Y4M_SIDE || height > MAX_Y4M_SIDE)
    throw new Y4mError(
      `Y4M frame size ${width}x${height} is larger than ${MAX_Y4M_SIDE} px a side; scale the clip down first (ffmpeg -vf scale=640:-2).`,
    );
  if (!(
    Number.isFinite(fpsNumerator) &&
    Number.isFinite(fpsDenominator) &&
    fpsNumerator > 0 &&
    fpsDenominator > 0
  ))
    throw new Y4mError('Y4M header has no usable frame rate (F).');
  const rate = fpsNumerator / fpsDenominator;
  if (!(rate >= Y4M_FPS_RANGE.min && rate <= Y4M_FPS_RANGE.max))
    throw new Y4mError(
      `Y4M frame rate F${fpsNumerator}:${fpsDenominator} is ${rate.toPrecision(3)} frames per second; a camera clip has ${Y4M_FPS_RANGE.min} to ${Y4M_FPS_RANGE.max}.`,
    );
  if (!colourSpace.startsWith('420')) {
    throw new Y4mError(
      `Y4M colour space C${colourSpace} is not supported; convert with ffmpeg -pix_fmt yuv420p.`,
    );
  }
  return { width, height, fpsNumerator, fpsDenominator, colourSpace };
}

export function y4mHeaderLine(
  h: Pick<Y4mHeader, 'width' | 'height' | 'fpsNumerator' | 'fpsDenominator'>,
): string {
  return `${MAGIC} W${h.width} H${h.height} F${h.fpsNumerator}:${h.fpsDenominator} Ip A1:1 C420jpeg\n`;
}

const clampByte = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** One 4:2:0 frame (Y plane, then U, then V) from RGBA, chroma averaged over 2x2 blocks. */
export function rgbaToI420(frame: RgbaFrame): Uint8Array {
  const { width: w, height: h, data } = frame;
  const out = new Uint8Array((w * h * 3) / 2);
  const u0 = w * h;
  const v0 = u0 + (w * h) / 4;
  for (let i = 0, j = 0; i < w * h; i++, j += 4) {
    out[i] = clampByte(16 + (65.481 * data[j]! + 128.553 * data[j + 1]! + 24.966 * data[j + 2]!) / 255);
  }
  for (let y = 0; y < h; y += 2) {
    for (let x = 0; x < w; x += 2) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        const j = ((y + dy) * w + x + dx) * 4;
        r += data[j]!;
        g += data[j + 1]!;
        b += data[j + 2]!;
      }
      r /= 4;
      g /= 4;
      b /= 4;
      const k = (y / 2) * (w / 2) + x / 2;
      out[u0 + k] = clampByte(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255);
      out[v0 + k] = clampByte(128 + (112 * r - 93.786 * g - 18.214 * b) / 255);
    }
  }
  return out;
}

export function i420ToRgba(yuv: Uint8Array, width: number, height: number): RgbaFrame {
  const out = new Uint8Array(width * height * 4);
  const u0 = width * height;
  const v0 = u0 + (width * height) / 4;
  const cw = width / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const c = (y >> 1) * cw + (x >> 1);
      const Y = 1.164 * (yuv[y * width + x]! - 16);
      const U = yuv[u0 + c]! - 128;
      const V = yuv[v0 + c]! - 128;
      const j = (y * width + x) * 4;
      out[j] = clampByte(Y + 1.596 * V);
      out[j + 1] = clampByte(Y - 0.392 * U - 0.813 * V);
      out[j + 2] = clampByte(Y + 2.017 * U);
      out[j + 3] = 255;
    }
  }
  return { width, height, data: out };
}

export interface Y4mFrame {
  readonly index: number;
  /** From the frame rate: index * 1000 / fps. */
  readonly timestampMs: number;
  readonly frame: RgbaFrame;
}

/** Reads a Y4M file frame by frame without loading it whole (a 10 s VGA clip is ~140 MB). */
export class Y4mReader {
  private offset: number;

  private constructor(
    private readonly file: FileHandle,
    readonly header: Y4mHeader,
    headerBytes: number,
  ) {
    this.offset = headerBytes;
  }

  static async open(path: string): Promise<Y4mReader> {
    const file = await open(path, 'r');
    try {
      const head = Buffer.alloc(MAX_HEADER);
      const { bytesRead } = await file.read(head, 0, MAX_HEADER, 0);
      const end = head.subarray(0, bytesRead).indexOf(0x0a);
      if (end < 0)
        throw new Y4mError(`${path}: not a Y4M file (no header line in the first ${MAX_HEADER} bytes).`);
      const header = parseY4mHeader(head.subarray(0, end).toString('latin1'));
      const reader = new Y4mReader(file, header, end + 1);
      reader.size = (await file.stat()).size;
      return reader;
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  private size = 0;

  /** Complete frames the file can hold at most (from its size, before any pixel is read). */
  get maxCompleteFrames(): number {
    const frameBytes = (this.header.width * this.header.height * 3) / 2;
    return Math.max(0, Math.floor((this.size - this.offset) / (frameBytes + MIN_MARKER)));
  }

  async *frames(): AsyncGenerator<Y4mFrame> {
    const { width, height } = this.header;
    const frameBytes = (width * height * 3) / 2;
    const rate = fps(this.header);
    const line = Buffer.alloc(256);
    for (let index = 0; ; index++) {
      const { bytesRead } = await this.file.read(line, 0, line.length, this.offset);
      if (bytesRead === 0) return;
      const end = line.subarray(0, bytesRead).indexOf(0x0a);
      if (end < 0 || !line.subarray(0, 5).equals(Buffer.from('FRAME'))) {
        throw new Y4mError(`Frame ${index} has no FRAME marker: the file is corrupt.`);
      }
      const yuv = new Uint8Array(frameBytes);
      const body = await this.file.read(yuv, 0, frameBytes, this.offset + end + 1);
      if (body.bytesRead < frameBytes) return; // A truncated last frame (recording cut off) is skipped.
      this.offset += end + 1 + frameBytes;
      yield {
        index,
        timestampMs: Math.round((index * 1000 * 1000) / rate) / 1000,
        frame: i420ToRgba(yuv, width, height),
      };
    }
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}

/** Writes RGBA frames to a Y4M file (clips for tests, recordings for audits). */
export class Y4mWriter {
  private constructor(
    private readonly file: FileHandle,
    readonly header: Pick<Y4mHeader, 'width' | 'height' | 'fpsNumerator' | 'fpsDenominator'>,
  ) {}

  static async create(
    path: string,
    header: Pick<Y4mHeader, 'width' | 'height' | 'fpsNumerator' | 'fpsDenominator'>,
  ): Promise<Y4mWriter> {
    parseY4mHeader(y4mHeaderLine(header)); // Same validation as reading.
    const file = await open(path, 'w');
    await file.write(y4mHeaderLine(header));
    return new Y4mWriter(file, header);
  }

  async write(frame: RgbaFrame): Promise<void> {
    if (frame.width !== this.header.width || frame.height !== this.header.height) {
      throw new Y4mError(
        `Frame ${frame.width}x${frame.height} does not match the clip's ${this.header.width}x${this.header.height}.`,
      );
    }
    await this.file.write('FRAME\n');
    await this.file.write(rgbaToI420(frame));
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}
