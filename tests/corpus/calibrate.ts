/*
 * Measures, on 3D-head renders with known ground truth, the numbers the spoof checks' defaults
 * come from (docs/spoof-resistance.md): face size against distance, homography residuals of heads and photo cards, descriptor distances.
 * Run: npm run eval:calibrate  (about two minutes).
 */
import { LANDMARKS, fitHomography, measureHeadPose, type Point } from '../../main/liveness';
import type { AnalyzedFace } from '../../main/inference/face-analyzer';
import { analyzer, portraits } from '../support/demo-faces';
import { HeadRenderer, headsAvailable, type HeadModel, type SceneItem } from '../support/head-renderer';
import { FOCAL_PX, START } from '../support/head-clips';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : NaN;
};
const iod = (l: readonly Point[]): number =>
  Math.hypot(
    l[LANDMARKS.rightEyeOuter]!.x - l[LANDMARKS.leftEyeOuter]!.x,
    l[LANDMARKS.rightEyeOuter]!.y - l[LANDMARKS.leftEyeOuter]!.y,
  );
const distance = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
};
const f2 = (x: number): string => x.toFixed(3);
const CAMERA = {
  frame: { width: 640, height: 480 },
  horizontalFovDeg: (2 * Math.atan(320 / FOCAL_PX) * 180) / Math.PI,
};
const yawOf = (face: AnalyzedFace): number | null => measureHeadPose(face.landmarks, CAMERA)?.yaw ?? null;

async function main(): Promise<void> {
  if (!headsAvailable()) throw new Error('3D head fixtures not found (../shared/fixtures/heads)');
  const renderer = await HeadRenderer.start();
  const faces = await analyzer();
  const see = async (items: SceneItem[]): Promise<AnalyzedFace | null> => {
    const result = await faces.analyze(await renderer.render(items), { descriptor: true });
    return result.faces.length === 1 ? result.faces[0]! : null;
  };
  const head = (model: HeadModel, pose: Partial<typeof START>): SceneItem[] => [
    { kind: 'head', model, pose: { ...START, ...pose } },
  ];
  try {
    // Yaw: npm run eval:pose (3D fit and ratio estimate against ground truth, slides included).
    console.log('## Face box width / frame width against distance');
    for (const model of ['lee', 'facecap'] as const) {
      const row: string[] = [];
      for (const z of [0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]) {
        const face = await see(head(model, { z: -z, y: START.y * (z / 0.5) }));
        row.push(`${z}m:${face ? f2(face.box.width / 640) : '-'}`);
      }
      console.log(`${model}: ${row.join(' ')}`);
    }

    console.log('## Homography residual / inter-ocular distance, against the frontal frame');
    const reference = new Map<string, AnalyzedFace>();
    const cases: { name: string; ref: SceneItem[]; items: SceneItem[] }[] = [];
    for (const model of ['lee', 'facecap'] as const) {
      const ref = head(model, {});
      for (const yaw of [5, 10, 15, 20, 30]) {
        for (const x of [0, 0.04])
          cases.push({ name: `${model} head yaw ${yaw} x ${x}`, ref, items: head(model, { yaw, x }) });
      }
      for (const x of [0.03, 0.06, -0.06])
        cases.push({ name: `${model} head slide x ${x}`, ref, items: head(model, { x }) });
      const cardRef: SceneItem[] = [{ kind: 'card', model, pose: START }];
      const card = (pose: Partial<typeof START>, bend = 0): SceneItem[] => [
        { kind: 'card', model, pose: { ...START, ...pose }, bend },
      ];
      for (const x of [0.03, 0.06])
        cases.push({ name: `${model} card slide x ${x}`, ref: cardRef, items: card({ x }) });
      for (const yaw of [10, 20, 30])
        cases.push({ name: `${model} card yaw ${yaw}`, ref: cardRef, items: card({ yaw, x: 0.03 }) });
      cases.push({
        name: `${model} card pitch 15 roll 8`,
        ref: cardRef,
        items: card({ pitch: 15, roll: 8 }),
      });
      cases.push({ name: `${model} card closer 0.4 m`, ref: cardRef, items: card({ z: -0.4 }) });
      for (const bend of [0.01, 0.02, 0.04]) {
        cases.push({ name: `${model} card bent ${bend} m`, ref: cardRef, items: card({ x: 0.03 }, bend) });
        cases.push({
          name: `${model} card bent ${bend} m yaw 20`,
          ref: cardRef,
          items: card({ x: 0.03, yaw: 20 }, bend),
        });
      }
      cases.push({
        name: `${model} card bent 0.02 m vs bent ref`,
        ref: card({}, 0.02),
        items: card({ x: 0.05, yaw: 25 }, 0.02),
      });
    }
    for (const c of cases) {
      const key = JSON.stringify(c.ref);
      if (!reference.has(key)) {
        const face = await see(c.ref);
        if (face) reference.set(key, face);
      }
      const from = reference.get(key);
      const to = await see(c.items);
      if (!from || !to) {
        console.log(`${c.name}: face not found`);
        continue;
      }
      const fit = fitHomography(from.landmarks, to.landmarks);
      const yawChange = (yawOf(to) ?? NaN) - (yawOf(from) ?? NaN);
      console.log(
        `${c.name}: residual/iod ${fit ? f2(fit.rmsResidual / iod(to.landmarks)) : '-'} yaw change ${yawChange.toFixed(1)}`,
      );
    }

    console.log('## Descriptor distance (Euclidean, face-api 128-d)');
    const leeFront = await see(head('lee', {}));
    const capFront = await see(head('facecap', {}));
    for (const model of ['lee', 'facecap'] as const) {
      const front = model === 'lee' ? leeFront : capFront;
      const row: string[] = [];
      for (const yaw of [-30, -20, -10, 10, 20, 30]) {
        const face = await see(head(model, { yaw, x: yaw / 1000 }));
        if (face?.descriptor && front?.descriptor)
          row.push(`${yaw}:${f2(distance(face.descriptor, front.descriptor))}`);
      }
      const card = await see([{ kind: 'card', model, pose: { ...START, yaw: 20 } }]);
      if (card?.descriptor && front?.descriptor)
        row.push(`card20:${f2(distance(card.descriptor, front.descriptor))}`);
      console.log(`${model} turned vs frontal: ${row.join(' ')}`);
    }
    if (leeFront?.descriptor && capFront?.descriptor)
      console.log(`lee vs facecap: ${f2(distance(leeFront.descriptor, capFront.descriptor))}`);
    const people = await portraits();
    const described: number[][] = [];
    for (const p of people) {
      const r = await faces.analyze(
        await (
          await import('../../main/inference/sample-faces')
        ).composeFrame([{ portrait: p, nose: { x: 320, y: 240 } }]),
        { descriptor: true },
      );
      if (r.faces.length === 1 && r.faces[0]!.descriptor) described.push(r.faces[0]!.descriptor);
    }
    const between: number[] = [];
    for (let i = 0; i < described.length; i++)
      for (let j = i + 1; j < described.length; j++) between.push(distance(described[i]!, described[j]!));
    between.sort((a, b) => a - b);
    console.log(
      `demo portraits, different people (${described.length} faces): min ${f2(between[0]!)} 5th pct ${f2(between[Math.floor(between.length * 0.05)]!)} median ${f2(median(between))}`,
    );
  } finally {
    await renderer.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
