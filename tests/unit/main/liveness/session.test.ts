import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  LivenessSession,
  boxContains,
  createChallenge,
  resolveConfig,
  seededRandom,
  type Challenge,
  type FaceObservation,
  type Observation,
  type StepView,
} from '../../../../main/liveness';
import { frameAt, headFace } from '../../../support/synthetic-face';
import { centredHead, visitorFrames } from '../../../support/visitor';

function challenge(seed = 3): Challenge {
  const r = createChallenge({ frame: { width: 640, height: 480 }, now: 0, random: seededRandom(seed) });
  if (!r.ok) throw r.error;
  return r.value;
}

const c = challenge();
const centred = headFace(centredHead(c));
const offCentre = headFace({ ...centredHead(c), x: centredHead(c).x - 120 });
const tooFar = headFace({ ...centredHead(c), distanceMm: 700 });
const tooClose = headFace({ ...centredHead(c), distanceMm: 200 });

/** Feeds frames at 30 fps from t0 and returns the last view. */
function feed(session: LivenessSession, faces: readonly (readonly FaceObservation[])[], t0 = 0): StepView {
  let view = session.latest;
  faces.forEach((f, i) => {
    const r = session.step(frameAt(t0 + Math.round(i * 33.3), f));
    if (!r.ok) throw r.error;
    view = r.value;
  });
  return view;
}

/** A session already in the nose phase at t = 100 ms. */
function inNosePhase(): LivenessSession {
  const s = new LivenessSession(c);
  feed(s, [[centred], [centred]], 67);
  expect(s.currentPhase).toBe('nose');
  return s;
}

const step = (s: LivenessSession, t: number, faces: readonly FaceObservation[]) => {
  const r = s.step(frameAt(t, faces));
  if (!r.ok) throw r.error;
  return r.value;
};

describe('face phase', () => {
  test('waits, asking the visitor to look at the camera, while no face is seen', () => {
    const s = new LivenessSession(c);
    const v = feed(s, [[], [], []]);
    expect(v.phase).toBe('face');
    expect(v.guidance).toBe('face.look_at_camera');
  });

  test('waits, asking for one person only, while several faces are seen', () => {
    const s = new LivenessSession(c);
    const v = feed(s, [[centred, offCentre]]);
    expect(v.phase).toBe('face');
    expect(v.guidance).toBe('face.one_person_only');
  });

  test('moves to the area phase on the first frame with exactly one face', () => {
    const s = new LivenessSession(c);
    expect(feed(s, [[], [offCentre]]).phase).toBe('area');
  });

  test('gives up when no single face appears within the face timeout', () => {
    const s = new LivenessSession(c);
    step(s, 0, []);
    expect(step(s, 30_000, []).phase).toBe('face');
    const v = step(s, 30_001, []);
    expect(v.phase).toBe('fail');
    expect(s.verdict?.failure).toBe('face_timeout');
  });
});

describe('area phase', () => {
  test('moves to the nose phase when the face sits inside the area and is large enough', () => {
    const s = new LivenessSession(c);
    const v = feed(s, [[centred], [centred]]);
    expect(v.phase).toBe('nose');
    expect(v.guidance).toBe('nose.move_to_target');
  });

  test('asks to centre a face that is off to one side', () => {
    const s = new LivenessSession(c);
    expect(feed(s, [[offCentre], [offCentre]]).guidance).toBe('area.center_face');
  });

  test('asks a visitor who is too far away to come closer', () => {
    const s = new LivenessSession(c);
    expect(feed(s, [[tooFar], [tooFar]]).guidance).toBe('area.come_closer');
  });

  test('asks a visitor who is too close to step back', () => {
    const s = new LivenessSession(c);
    expect(feed(s, [[tooClose], [tooClose]]).guidance).toBe('area.step_back');
  });

  test('fails at once when a second face appears', () => {
    const s = new LivenessSession(c);
    const v = feed(s, [[offCentre], [offCentre, centred]]);
    expect(v.phase).toBe('fail');
    expect(s.verdict?.failure).toBe('multiple_faces');
  });

  test('tolerates two frames without a face', () => {
    const s = new LivenessSession(c);
    expect(feed(s, [[offCentre], [], [], [offCentre]]).phase).toBe('area');
  });

  test('fails on the third frame without a face', () => {
    const s = new LivenessSession(c);
    const v = feed(s, [[offCentre], [], [], []]);
    expect(v.phase).toBe('fail');
    expect(s.verdict?.failure).toBe('face_lost');
  });

  test('fails when the face does not settle within 30 s', () => {
    const s = new LivenessSession(c);
    step(s, 0, [offCentre]); // enters the area phase at t = 0
    step(s, 10, [offCentre]);
    expect(step(s, 30_000, [offCentre]).phase).toBe('area');
    expect(step(s, 30_001, [offCentre]).phase).toBe('fail');
    expect(s.verdict?.failure).toBe('area_timeout');
  });

  test('reports time left in the phase', () => {
    const s = new LivenessSession(c);
    step(s, 0, [offCentre]);
    step(s, 1, [offCentre]);
    expect(step(s, 5_000, [offCentre]).timeLeftMs).toBe(25_000);
  });
});

describe('nose phase', () => {
  test('succeeds when the nose tip enters the target', () => {
    const s = new LivenessSession(c);
    let last: StepView | undefined;
    for (const f of visitorFrames(c)) {
      last = step(s, f.timestampMs, f.faces);
      if (last.done) break;
    }
    expect(last?.phase).toBe('success');
    expect(last?.progress).toBe(1);
    expect(s.verdict?.live).toBe(true);
  });

  test('progress grows as the nose closes on the target', () => {
    const s = new LivenessSession(c);
    const progress: number[] = [];
    for (const f of visitorFrames(c)) {
      const v = step(s, f.timestampMs, f.faces);
      if (v.phase === 'nose') progress.push(v.progress);
      if (v.done) break;
    }
    expect(progress[0]).toBeCloseTo(0.4, 1);
    expect(progress[progress.length - 1]!).toBeGreaterThan(0.8);
  });

  test('fails when the face leaves the grown area', () => {
    const s = inNosePhase();
    const v = step(s, 200, [headFace({ ...centredHead(c), x: centredHead(c).x + 90 })]);
    expect(v.phase).toBe('fail');
    expect(s.verdict?.failure).toBe('left_area');
  });

  test('a face slid past the area, inside the margin that still counts, is told to turn instead', () => {
    const s = inNosePhase();
    const past = headFace({ ...centredHead(c), x: centredHead(c).x + 60 });
    expect(boxContains(c.area, past.box)).toBe(false);
    const v = step(s, 200, [past]);
    expect(v).toMatchObject({ phase: 'nose', guidance: 'nose.keep_in_frame' });
    expect(step(s, 233, [centred])).toMatchObject({ phase: 'nose', guidance: 'nose.move_to_target' });
  });

  test('tolerates four frames without a face and fails on the fifth', () => {
    const s = inNosePhase();
    for (let i = 1; i <= 4; i++) expect(step(s, 100 + i * 33, []).phase).toBe('nose');
    expect(step(s, 300, []).phase).toBe('fail');
    expect(s.verdict?.failure).toBe('face_lost');
  });

  test('fails at once when a second face appears', () => {
    const s = inNosePhase();
    step(s, 200, [centred, offCentre]);
    expect(s.verdict?.failure).toBe('multiple_faces');
  });

  test('fails when the nose does not reach the target within 10 s', () => {
    const s = inNosePhase(); // nose phase entered at t = 100
    expect(step(s, 10_100, [centred]).phase).toBe('nose');
    expect(step(s, 10_101, [centred]).phase).toBe('fail');
    expect(s.verdict?.failure).toBe('nose_timeout');
  });

  test('shows the tolerance area only during the nose phase', () => {
    const s = new LivenessSession(c);
    expect(feed(s, [[centred]]).overlay.toleranceArea).toBeNull();
    expect(feed(s, [[centred]], 40).overlay.toleranceArea).not.toBeNull();
  });
});

describe('time passing without frames', () => {
  test('a stalled camera times the phase out on tick', () => {
    const s = inNosePhase();
    expect(s.tick(5_000).phase).toBe('nose');
    expect(s.tick(10_101).phase).toBe('fail');
    expect(s.verdict?.failure).toBe('nose_timeout');
  });

  test('cancel ends the attempt as failed with a reason', () => {
    const s = inNosePhase();
    expect(s.cancel(500).phase).toBe('fail');
    expect(s.verdict?.failure).toBe('cancelled');
    expect(s.verdict?.reasons.find((r) => r.code === 'nose_reached_target')?.message).toMatch(/ended/);
  });
});

describe('bad input', () => {
  const bad: [string, unknown][] = [
    ['not an object', 42],
    ['NaN timestamp', { ...frameAt(0, []), timestampMs: Number.NaN }],
    ['negative timestamp', { ...frameAt(0, []), timestampMs: -1 }],
    ['negative box size', frameAt(0, [{ ...centred, box: { ...centred.box, width: -5 } }])],
    [
      'NaN landmark',
      frameAt(0, [{ ...centred, landmarks: centred.landmarks.map((p, i) => (i ? p : { x: NaN, y: 0 })) }]),
    ],
    ['wrong landmark count', frameAt(0, [{ ...centred, landmarks: centred.landmarks.slice(0, 5) }])],
    ['score above 1', frameAt(0, [{ ...centred, score: 3 }])],
    ['missing faces', { timestampMs: 0, frame: { width: 640, height: 480 } }],
    ['frame size of another challenge', frameAt(0, [], { width: 1280, height: 720 })],
  ];
  test.each(bad)('%s is refused with a typed error and changes nothing', (_name, input) => {
    const s = new LivenessSession(c);
    const before = s.latest;
    const r = s.step(input);
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_observation' } });
    expect(s.latest).toBe(before);
  });

  test('a timestamp not after the previous one is refused', () => {
    const s = new LivenessSession(c);
    step(s, 100, []);
    for (const t of [100, 50]) {
      const r = s.step(frameAt(t, []));
      expect(r).toMatchObject({ ok: false, error: { code: 'out_of_order_timestamp' } });
    }
  });

  test('a finished session refuses further frames', () => {
    const s = inNosePhase();
    s.cancel();
    const r = s.step(frameAt(10_000, [centred]));
    expect(r).toMatchObject({ ok: false, error: { code: 'session_finished' } });
  });

  test('no input whatsoever makes the session throw', () => {
    fc.assert(
      fc.property(fc.array(fc.anything(), { maxLength: 20 }), (inputs) => {
        const s = new LivenessSession(c);
        for (const input of inputs) s.step(input);
        return true;
      }),
      { numRuns: 300 },
    );
  });
});

describe('determinism and configuration', () => {
  const run = (frames: Observation[], session: LivenessSession) => {
    for (const f of frames) {
      const r = session.step(f);
      if (r.ok && r.value.done) break;
    }
    return session.verdict;
  };

  test('the same frames give the same verdict: time comes only from frame timestamps', () => {
    const frames = visitorFrames(c);
    expect(run(frames, new LivenessSession(c))).toEqual(run(frames, new LivenessSession(c)));
  });

  test('configured limits replace the defaults', () => {
    const config = resolveConfig({ area: { maxNoFaceFrames: 0 } });
    if (!config.ok) throw config.error;
    const s = new LivenessSession(c, { config: config.value });
    feed(s, [[offCentre], []]);
    expect(s.verdict?.failure).toBe('face_lost');
  });

  test('a different landmark index is followed as the nose', () => {
    const config = resolveConfig({ landmarkIndex: 33 });
    if (!config.ok) throw config.error;
    const s = new LivenessSession(c, { config: config.value });
    const v = feed(s, [[centred]]);
    expect(v.overlay.nose).toEqual(centred.landmarks[33]);
  });
});
