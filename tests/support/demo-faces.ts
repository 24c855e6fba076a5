import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { FaceAnalyzer, NETS_FOR_ANALYSIS } from '../../main/inference/face-analyzer';
import { loadFaceApi, type LoadedFaceApi } from '../../main/inference/face-api-loader';
import { readVerifiedNets } from '../../main/inference/model-catalogue';
import {
  GROUP_PHOTO_SETTINGS,
  composeFrame,
  portraits as cutPortraits,
  type Placement,
  type Portrait,
} from '../../main/inference/sample-faces';
import { Y4mWriter } from '../../main/inference/y4m';

export * from '../../main/inference/sample-faces';

/** Generated test material (portraits, clips) lives here, git-ignored, never committed. */
export const GENERATED = join(__dirname, '..', '.generated');

let loaded: Promise<LoadedFaceApi> | null = null;
export const sharedFaceApi = (): Promise<LoadedFaceApi> => (loaded ??= loadFaceApi('auto'));

export async function analyzer(
  settings: Parameters<typeof FaceAnalyzer.create>[2] = {},
): Promise<FaceAnalyzer> {
  const { faceapi } = await sharedFaceApi();
  return FaceAnalyzer.create(faceapi, await readVerifiedNets(NETS_FOR_ANALYSIS), settings);
}

/** Single-face portraits from the demo photos, face box `faceWidth` px wide. */
export async function portraits(faceWidth = 150): Promise<Portrait[]> {
  return cutPortraits(await analyzer(GROUP_PHOTO_SETTINGS), GENERATED, faceWidth);
}

/** Writes a Y4M clip, one frame per placement list (an empty list is an empty scene). */
export async function writeClip(
  name: string,
  scenes: readonly (readonly Placement[])[],
  fps: number,
): Promise<string> {
  await mkdir(join(GENERATED, 'clips'), { recursive: true });
  const path = join(GENERATED, 'clips', name);
  const writer = await Y4mWriter.create(path, {
    width: 640,
    height: 480,
    fpsNumerator: fps,
    fpsDenominator: 1,
  });
  try {
    for (const scene of scenes) await writer.write(await composeFrame(scene));
  } finally {
    await writer.close();
  }
  return path;
}
