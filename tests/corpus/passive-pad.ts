import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { RgbaFrame } from '../../main/inference/rgba-frame';
import type { Point } from '../../main/liveness';

/*
 * The passive presentation-attack models that ship with @vladmandic/human ("antispoof", 128x128,
 * and "liveness", 32x32; both answer higher for a real face), run the way human runs them: a square
 * crop of the face enlarged 1.4x from the detector's box, scaled to 0..1, resized to the model's
 * input. Measured against the corpus by `npm run eval:pad`; not part of the kiosk unless it earns
 * its place there (docs/spoof-resistance.md).
 */

export const PAD_MODELS = ['antispoof', 'liveness'] as const;
export type PadModelName = (typeof PAD_MODELS)[number];
export type PadScores = Record<PadModelName, number>;

// The package exports no package.json; its entry point sits in dist/, the models beside dist/.
const MODELS_DIR = join(dirname(require.resolve('@vladmandic/human')), '..', 'models');

async function loadModel(name: PadModelName): Promise<tf.GraphModel> {
  const json = JSON.parse(await readFile(join(MODELS_DIR, `${name}.json`), 'utf8')) as {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  const weights = json.weightsManifest.flatMap((group) => group.weights);
  const buffers = await Promise.all(
    json.weightsManifest.flatMap((group) => group.paths).map((p) => readFile(join(MODELS_DIR, p))),
  );
  const data = Buffer.concat(buffers);
  return tf.loadGraphModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: weights,
      weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength),
    }),
  );
}

/** The square face crop, in pixels: the landmarks' extent enlarged 1.4x, as human crops. */
export function padCropBox(landmarks: readonly Point[]): { x: number; y: number; size: number } {
  const xs = landmarks.map((p) => p.x);
  const ys = landmarks.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const size = Math.max(x1 - x0, y1 - y0) * 1.4;
  return { x: (x0 + x1) / 2 - size / 2, y: (y0 + y1) / 2 - size / 2, size };
}

/** Probability that a random bona fide clip scores above a random attack clip (ties count half). */
export function auc(bonaFide: readonly number[], attacks: readonly number[]): number {
  let wins = 0;
  for (const b of bonaFide) for (const a of attacks) wins += b > a ? 1 : b === a ? 0.5 : 0;
  return wins / (bonaFide.length * attacks.length);
}

export class PassivePad {
  private constructor(private readonly models: Record<PadModelName, tf.GraphModel>) {}

  /** Needs a TensorFlow.js backend ready (the analyzer's loader sets one). */
  static async load(): Promise<PassivePad> {
    const [antispoof, liveness] = await Promise.all(PAD_MODELS.map(loadModel));
    return new PassivePad({ antispoof: antispoof!, liveness: liveness! });
  }

  score(frame: RgbaFrame, landmarks: readonly Point[]): PadScores {
    const box = padCropBox(landmarks);
    const { width: w, height: h } = frame;
    // Normalised [y1, x1, y2, x2]; outside the frame reads as black, as in human.
    const normalised: [number, number, number, number] = [
      box.y / h,
      box.x / w,
      (box.y + box.size) / h,
      (box.x + box.size) / w,
    ];
    return tf.tidy(() => {
      const rgba = tf.tensor3d(frame.data, [h, w, 4], 'int32');
      const rgb = rgba.slice([0, 0, 0], [h, w, 3]).toFloat().expandDims(0) as tf.Tensor4D;
      const scoreOf = (name: PadModelName): number => {
        const model = this.models[name];
        const [, height, width] = model.inputs[0]!.shape!;
        const crop = tf.image.cropAndResize(rgb, [normalised], [0], [height!, width!]).div(255);
        const result = model.execute(crop) as tf.Tensor;
        return result.dataSync()[0]!;
      };
      return { antispoof: scoreOf('antispoof'), liveness: scoreOf('liveness') };
    });
  }
}
