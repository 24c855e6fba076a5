import { describe, expect, test } from 'vitest';
import { PassivePad, auc, padCropBox } from '../../corpus/passive-pad';
import { analyzer, composeFrame, portraits } from '../../support/demo-faces';

/*
 * The measuring tool behind `npm run eval:pad` (docs/spoof-resistance.md): it must crop the way
 * human does, load the installed models, and compute the AUC it reports correctly.
 */

describe('passive anti-spoofing measurement', () => {
  test('the crop is a square 1.4 times the face extent, centred on the face', () => {
    const box = padCropBox([
      { x: 100, y: 50 },
      { x: 200, y: 130 },
      { x: 150, y: 90 },
    ]);
    expect(box.size).toBeCloseTo(140);
    expect(box.x + box.size / 2).toBeCloseTo(150);
    expect(box.y + box.size / 2).toBeCloseTo(90);
  });

  test('AUC is 1 when every live clip scores above every attack, 0 when below, 0.5 on ties', () => {
    expect(auc([0.9, 0.8], [0.1, 0.2, 0.3])).toBe(1);
    expect(auc([0.1], [0.5, 0.6])).toBe(0);
    expect(auc([0.5, 0.5], [0.5])).toBe(0.5);
    expect(auc([0.2, 0.6], [0.4])).toBe(0.5);
  });

  test('both models load from the installed package and score a real face between 0 and 1', async () => {
    const faces = await analyzer();
    const [portrait] = await portraits(180);
    const frame = await composeFrame([{ portrait: portrait!, nose: { x: 320, y: 240 } }]);
    const [face] = (await faces.analyze(frame, { detect: true })).faces;
    const pad = await PassivePad.load();
    const scores = pad.score(frame, face!.landmarks);
    for (const s of Object.values(scores)) {
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
    }
    // Black (no face) must not read like the face: the models see the crop, not a constant.
    const blank = { width: 640, height: 480, data: new Uint8Array(640 * 480 * 4) };
    expect(pad.score(blank, face!.landmarks)).not.toEqual(scores);
  }, 120_000);
});
