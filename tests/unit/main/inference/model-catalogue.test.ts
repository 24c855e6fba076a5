import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  MODEL_CATALOGUE,
  ModelIntegrityError,
  defaultModelDirectory,
  readVerifiedNets,
} from '../../../../main/inference/model-catalogue';

async function copyOfModels(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'models-'));
  await cp(defaultModelDirectory(), dir, { recursive: true });
  return dir;
}

describe('model catalogue', () => {
  test('the installed weights match the catalogue', async () => {
    const nets = await readVerifiedNets(['tinyFaceDetector', 'faceLandmark68Net', 'faceRecognitionNet']);
    expect(nets.map((n) => n.net)).toEqual(['tinyFaceDetector', 'faceLandmark68Net', 'faceRecognitionNet']);
    expect(nets[0]!.weights.byteLength).toBe(
      MODEL_CATALOGUE.find((m) => m.file.endsWith('tiny_face_detector_model.bin'))!.bytes,
    );
  });

  test('one altered byte in a weight file is refused, naming the file', async () => {
    const dir = await copyOfModels();
    const file = join(dir, 'face_landmark_68_model.bin');
    const bytes = await readFile(file);
    bytes[1000] = bytes[1000]! ^ 0xff;
    await writeFile(file, bytes);
    const error = await readVerifiedNets(['faceLandmark68Net'], dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelIntegrityError);
    expect(error).toMatchObject({ code: 'model_altered', file: 'face_landmark_68_model.bin' });
    expect((error as Error).message).toMatch(/does not match the catalogue.*reinstall/);
  });

  test('a missing weight file is refused with what to do', async () => {
    const dir = await copyOfModels();
    await rm(join(dir, 'tiny_face_detector_model.bin'));
    await expect(readVerifiedNets(['tinyFaceDetector'], dir)).rejects.toMatchObject({
      code: 'model_missing',
      message: expect.stringMatching(/is missing.*Reinstall/),
    });
  });
});
