import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Y4mError, Y4mReader, Y4mWriter, parseY4mHeader } from '../../../../main/inference/y4m';

const dir = () => mkdtemp(join(tmpdir(), 'y4m-'));

function gradient(width: number, height: number, shift: number) {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const j = (y * width + x) * 4;
      data[j] = x * 3 + shift;
      data[j + 1] = y * 4;
      data[j + 2] = 128;
      data[j + 3] = 255;
    }
  return { width, height, data };
}

async function readAll(path: string) {
  const reader = await Y4mReader.open(path);
  const frames = [];
  for await (const f of reader.frames()) frames.push(f);
  await reader.close();
  return { header: reader.header, frames };
}

describe('Y4M clips', () => {
  test('frames written are read back with their size, timestamps from the frame rate, and close colours', async () => {
    const path = join(await dir(), 'clip.y4m');
    const w = await Y4mWriter.create(path, { width: 64, height: 48, fpsNumerator: 30, fpsDenominator: 1 });
    for (let i = 0; i < 3; i++) await w.write(gradient(64, 48, i * 10));
    await w.close();
    const { header, frames } = await readAll(path);
    expect(header).toMatchObject({ width: 64, height: 48, fpsNumerator: 30, fpsDenominator: 1 });
    expect(frames.map((f) => f.timestampMs)).toEqual([0, 33.333, 66.667]);
    // Smooth content survives 4:2:0 subsampling within a few levels.
    const original = gradient(64, 48, 20).data;
    const back = frames[2]!.frame.data;
    let worst = 0;
    for (let i = 0; i < original.length; i += 4)
      for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(original[i + c]! - back[i + c]!));
    expect(worst).toBeLessThanOrEqual(6);
  });

  test('a cut-off last frame is skipped, the complete ones kept', async () => {
    const path = join(await dir(), 'cut.y4m');
    const w = await Y4mWriter.create(path, { width: 16, height: 16, fpsNumerator: 10, fpsDenominator: 1 });
    for (let i = 0; i < 2; i++) await w.write(gradient(16, 16, i));
    await w.close();
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, bytes.length - 50));
    expect((await readAll(path)).frames).toHaveLength(1);
  });

  test('a corrupt frame marker is a clear error', async () => {
    const path = join(await dir(), 'bad.y4m');
    await writeFile(
      path,
      Buffer.concat([Buffer.from('YUV4MPEG2 W16 H16 F10:1 C420jpeg\nFRAMX\n'), Buffer.alloc(384)]),
    );
    await expect(readAll(path)).rejects.toThrow(/no FRAME marker/);
  });

  test.each([
    ['not a Y4M file', 'P6 16 16 255', /Not a Y4M file/],
    ['odd size', 'YUV4MPEG2 W15 H16 F10:1', /must be positive and even/],
    ['no frame rate', 'YUV4MPEG2 W16 H16', /frame rate/],
    ['4:4:4 colour', 'YUV4MPEG2 W16 H16 F10:1 C444', /not supported/],
  ])('a header with %s is refused', (_name, line, message) => {
    expect(() => parseY4mHeader(line)).toThrow(Y4mError);
    expect(() => parseY4mHeader(line)).toThrow(message);
  });
});
