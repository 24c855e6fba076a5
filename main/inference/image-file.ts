import sharp from 'sharp';
import type { RgbaFrame } from './rgba-frame';

/** Decodes a PNG or JPEG (file path or bytes) into an RGBA frame, honouring EXIF orientation. */
export async function decodeImage(input: string | Uint8Array): Promise<RgbaFrame> {
  const { data, info } = await sharp(input)
    .rotate()
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  };
}

/** Encodes an RGBA frame as JPEG (key frames for the cloud and the evidence store). */
export async function encodeJpeg(frame: RgbaFrame, quality: number): Promise<Uint8Array> {
  const buffer = await sharp(frame.data, { raw: { width: frame.width, height: frame.height, channels: 4 } })
    .jpeg({ quality, mozjpeg: false })
    .toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
