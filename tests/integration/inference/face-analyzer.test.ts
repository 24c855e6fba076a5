import { beforeAll, describe, expect, test } from 'vitest';
import { estimatePose } from '../../../main/liveness';
import { decodeImage } from '../../../main/inference/image-file';
import { mirrorFrame, type RgbaFrame } from '../../../main/inference/rgba-frame';
import type { FaceAnalyzer } from '../../../main/inference/face-analyzer';
import {
  DEMO_FACE_COUNTS,
  GROUP_PHOTO_SETTINGS,
  analyzer,
  composeFrame,
  demoPhoto,
  portraits,
  sharedFaceApi,
  type Portrait,
} from '../../support/demo-faces';

// Real faces through the real nets on the wasm backend (tfjs-node cannot install here).

let kiosk: FaceAnalyzer;
let faces: Portrait[];
const centred = (p: Portrait): Promise<RgbaFrame> =>
  composeFrame([{ portrait: p, nose: { x: 320, y: 250 } }]);

beforeAll(async () => {
  kiosk = await analyzer({ tracking: false });
  faces = await portraits(150);
}, 120_000);

describe('backend', () => {
  test('falls back to WebAssembly where native TensorFlow is not installed, and says why', async () => {
    const { backend, reason } = await sharedFaceApi();
    expect(['tensorflow', 'wasm']).toContain(backend);
    // Here (no native TensorFlow) the reason names the fallback; where tfjs-node loads, the native backend.
    expect(reason).toMatch(backend === 'wasm' ? /tfjs-node unavailable.*WebAssembly/ : /tfjs-node/);
  });
});

describe('the six group photos', () => {
  test.each(DEMO_FACE_COUNTS.map((n, i) => [i + 1, n]))('sample%i.jpg has %i faces', async (i, n) => {
    const a = await analyzer(GROUP_PHOTO_SETTINGS);
    const { faces: found } = await a.analyze(await decodeImage(demoPhoto(i)));
    expect(found).toHaveLength(n);
  });
});

describe('single faces in 640x480 frames at the kiosk setting', () => {
  test('almost every portrait is found as exactly one face', async () => {
    let one = 0;
    for (const p of faces) if ((await kiosk.analyze(await centred(p))).faces.length === 1) one++;
    // 21 of 22 measured; one face is too dark and turned for the 224 detector.
    expect(one).toBeGreaterThanOrEqual(20);
  });

  test('landmarks are anatomically sane: nose between the eyes, below them, above the mouth', async () => {
    for (const p of faces.slice(0, 8)) {
      const [face] = (await kiosk.analyze(await centred(p))).faces;
      if (!face) continue;
      const l = face.landmarks;
      expect(l).toHaveLength(68);
      // In the face's own axes (heads in these photos tilt up to ~45 degrees): u along the eyes,
      // v down the face.
      const e0 = l[36]!;
      const e1 = l[45]!;
      const len = Math.hypot(e1.x - e0.x, e1.y - e0.y);
      const u = (p: { x: number; y: number }) =>
        ((p.x - e0.x) * (e1.x - e0.x) + (p.y - e0.y) * (e1.y - e0.y)) / len;
      const v = (p: { x: number; y: number }) =>
        ((p.y - e0.y) * (e1.x - e0.x) - (p.x - e0.x) * (e1.y - e0.y)) / len;
      expect(u(l[30]!)).toBeGreaterThan(0);
      expect(u(l[30]!)).toBeLessThan(len);
      expect(v(l[30]!)).toBeGreaterThan(0);
      expect(v(l[51]!)).toBeGreaterThan(v(l[30]!));
      expect(Math.abs(l[30]!.x - 320)).toBeLessThan(8); // The portrait's nose was placed at x = 320.
    }
  });

  test('a mirrored frame reads the opposite yaw', async () => {
    let compared = 0;
    for (const p of faces) {
      const frame = await centred(p);
      const [a] = (await kiosk.analyze(frame)).faces;
      const [b] = (await kiosk.analyze(mirrorFrame(frame))).faces;
      if (!a || !b) continue;
      const yaw = estimatePose(a.landmarks)!.yaw;
      if (Math.abs(yaw) < 6) continue; // Too frontal for the sign to mean anything.
      expect(Math.sign(estimatePose(b.landmarks)!.yaw)).toBe(-Math.sign(yaw));
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(8);
  });

  test('a descriptor of 128 values is computed when asked, and only then', async () => {
    const frame = await centred(faces[0]!);
    expect((await kiosk.analyze(frame)).faces[0]!.descriptor).toBeUndefined();
    const [face] = (await kiosk.analyze(frame, { descriptor: true })).faces;
    expect(face!.descriptor).toHaveLength(128);
  });

  test('a blank frame has no face', async () => {
    expect((await kiosk.analyze(await composeFrame([]))).faces).toEqual([]);
  });
});

describe('tracking', () => {
  const FRAME_MS = 1000 / 30;
  const at = (p: Portrait, x: number, y = 250) => composeFrame([{ portrait: p, nose: { x, y } }]);

  test('between full detections, the landmark net alone follows the face, close to a full detection', async () => {
    const tracker = await analyzer({ tracking: true, redetectWithinMs: 100 });
    const modes: string[] = [];
    const errors: number[] = [];
    for (let i = 0; i < 12; i++) {
      // A visitor drifting 3 px a frame, as a head turning at a natural pace moves its face.
      const frame = await at(faces[7]!, 300 + 3 * i);
      const r = await tracker.analyze(frame, { timestampMs: i * FRAME_MS });
      modes.push(r.mode);
      if (r.mode === 'track') {
        const detected = (await kiosk.analyze(frame)).faces[0]!.landmarks;
        const tracked = r.faces[0]!.landmarks;
        errors.push(
          detected.reduce((s, p, k) => s + Math.hypot(p.x - tracked[k]!.x, p.y - tracked[k]!.y), 0) / 68,
        );
      }
    }
    expect(modes[0]).toBe('detect');
    expect(modes.filter((m) => m === 'track').length).toBeGreaterThanOrEqual(6);
    expect(Math.max(...errors)).toBeLessThan(4);
  });

  test('a full detection runs at least every 100 ms of camera time', async () => {
    const tracker = await analyzer({ tracking: true, redetectWithinMs: 100 });
    const frame = await centred(faces[7]!);
    const detections: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t = i * FRAME_MS;
      if ((await tracker.analyze(frame, { timestampMs: t })).mode === 'detect') detections.push(t);
    }
    const gaps = detections.slice(1).map((t, i) => t - detections[i]!);
    expect(detections.length).toBeLessThan(15); // it did track in between
    expect(Math.max(...gaps)).toBeLessThanOrEqual(100 + 1e-6);
  });

  test('a second face entering is reported within 100 ms, and stays reported', async () => {
    const tracker = await analyzer({ tracking: true, redetectWithinMs: 100 });
    const one = await at(faces[7]!, 220);
    const two = await composeFrame([
      { portrait: faces[7]!, nose: { x: 220, y: 250 } },
      { portrait: faces[2]!, nose: { x: 500, y: 230 } },
    ]);
    const counts: number[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await tracker.analyze(i < 7 ? one : two, { timestampMs: i * FRAME_MS });
      counts.push(r.faces.length);
    }
    const firstSeen = counts.findIndex((n, i) => i >= 7 && n === 2);
    expect((firstSeen - 7) * FRAME_MS).toBeLessThanOrEqual(100);
    // Once two faces are in view, no frame reports one: tracking stops until a single face is found.
    expect(counts.slice(firstSeen)).toEqual(counts.slice(firstSeen).map(() => 2));
  });

  test('a face that jumps across the frame is found again by a full detection in the same frame', async () => {
    const tracker = await analyzer({ tracking: true, redetectWithinMs: 1e9 });
    await tracker.analyze(await at(faces[7]!, 200), { timestampMs: 0 });
    const moved = await at(faces[7]!, 460);
    const r = await tracker.analyze(moved, { timestampMs: FRAME_MS });
    expect(r.mode).toBe('detect');
    expect(r.faces).toHaveLength(1);
    expect(r.faces[0]!.box.left).toBeGreaterThan(300);
  });

  test('when the face vanishes, tracking gives way to detection in the same frame', async () => {
    const tracker = await analyzer({ tracking: true, redetectWithinMs: 1e9 });
    await tracker.analyze(await centred(faces[0]!), { timestampMs: 0 });
    const r = await tracker.analyze(await composeFrame([]), { timestampMs: FRAME_MS });
    expect(r.mode).toBe('detect');
    expect(r.faces).toEqual([]);
  });

  test('frames without a capture time are always fully detected', async () => {
    const tracker = await analyzer({ tracking: true, redetectWithinMs: 1e9 });
    const frame = await centred(faces[0]!);
    const modes = [];
    for (let i = 0; i < 4; i++) modes.push((await tracker.analyze(frame)).mode);
    expect(modes).toEqual(['detect', 'detect', 'detect', 'detect']);
  });
});

describe('resources', () => {
  test('the tensor count stays flat over many frames', async () => {
    const tracker = await analyzer({ tracking: true, redetectWithinMs: 100 });
    // The same face for a while (tracked), then another, then none: every path runs.
    const frames = [await centred(faces[0]!), await centred(faces[1]!), await composeFrame([])];
    const frameAt = (i: number) => frames[Math.floor(i / 5) % 3]!;
    const options = (i: number) => ({ descriptor: i % 50 === 4, timestampMs: i * 33 });
    for (let i = 0; i < 10; i++) await tracker.analyze(frameAt(i), options(i));
    const before = tracker.numTensors();
    const modes = new Set<string>();
    for (let i = 10; i < 310; i++) modes.add((await tracker.analyze(frameAt(i), options(i))).mode);
    expect(modes).toEqual(new Set(['detect', 'track']));
    expect(tracker.numTensors()).toBe(before);
  }, 120_000);

  test('a frame whose byte count does not match its size is refused', async () => {
    await expect(kiosk.analyze({ width: 640, height: 480, data: new Uint8Array(10) })).rejects.toThrow(
      /needs 1228800/,
    );
  });
});
