import {
  boxCenter,
  createChallenge,
  seededRandom,
  type Challenge,
  type Observation,
  type Point,
} from '../../main/liveness';
import {
  faceBoxFor,
  frameAt,
  headFace,
  headPositionForNose,
  personDescriptor,
  projectHead,
  type HeadPose,
} from './synthetic-face';
import { SCENE_SIZE, STILL_ROOM, roomScene } from './synthetic-scene';

export interface VisitorPlan {
  readonly fps?: number;
  /** Frames with nobody in view before the visitor steps up. */
  readonly emptyFrames?: number;
  /** Frames spent centred in the area before moving (>= 1). */
  readonly settleFrames?: number;
  /** Frames to bring the nose onto the target. */
  readonly moveFrames?: number;
  /** Final yaw toward the target side, degrees; 0 slides the head (or a photo) without turning. */
  readonly turnDeg?: number;
  readonly distanceMm?: number;
  /** Adds seeded jitter of this many px to every landmark (detector noise). */
  readonly jitterPx?: number;
  readonly startMs?: number;
  /** Who it is (their face descriptor); a different person from `swapAtFrame` of the move on. */
  readonly person?: number;
  readonly swapAtFrame?: number;
  /** A photo card rather than a head (turnDeg then tilts the card). */
  readonly flat?: boolean;
  /** In a sequence challenge, how many targets the visitor follows (default: all of them). */
  readonly followTargets?: number;
  /** How long after a target appears the visitor starts to move, ms (default 250). */
  readonly reactionMs?: number;
  /**
   * The face is on a held-up screen or print: what is around it (the carrier's edge, the
   * recording's room) moves with it. Default: the kiosk's room stays still behind the visitor.
   */
  readonly carried?: boolean;
}

/** The `original` challenge a seed gives at 640x480 (what the synthetic visitor answers). */
export function seededChallenge(seed: number): Challenge {
  const r = createChallenge({ frame: { width: 640, height: 480 }, now: 0, random: seededRandom(seed) });
  if (!r.ok) throw r.error;
  return r.value;
}

/** Head origin that centres the face box in the area. */
export function centredHead(challenge: Challenge, distanceMm?: number): HeadPose {
  const probe = faceBoxFor(projectHead({ x: 0, y: 0, ...(distanceMm ? { distanceMm } : {}) }));
  const c = boxCenter(challenge.area);
  const b = boxCenter(probe);
  return { x: c.x - b.x, y: c.y - b.y, ...(distanceMm ? { distanceMm } : {}) };
}

/** The pose `s` (0..1) of the way from `from` to `to`, eased in and out as a person moves. */
function between(
  from: HeadPose & { yaw: number },
  to: { x: number; y: number; yaw: number },
  s: number,
): HeadPose {
  const e = s * s * (3 - 2 * s);
  return {
    ...from,
    x: from.x + (to.x - from.x) * e,
    y: from.y + (to.y - from.y) * e,
    yaw: from.yaw + (to.yaw - from.yaw) * e,
  };
}

/** A visitor doing the challenge: step up, centre, then bring the nose to the target. */
export function visitorFrames(challenge: Challenge, plan: VisitorPlan = {}): Observation[] {
  const fps = plan.fps ?? 30;
  const dt = 1000 / fps;
  const frames: Observation[] = [];
  let t = plan.startMs ?? 1000;
  const start = { ...centredHead(challenge, plan.distanceMm), ...(plan.flat ? { flat: true } : {}) };
  const home = boxCenter(headFace(start).box);
  const sceneScale = SCENE_SIZE.width / challenge.frame.width;
  const push = (faces: Observation['faces']) => {
    const face = faces[0];
    const carriedBy =
      plan.carried && face
        ? {
            x: (boxCenter(face.box).x - home.x) * sceneScale,
            y: (boxCenter(face.box).y - home.y) * sceneScale,
          }
        : null;
    frames.push(
      frameAt(Math.round(t), faces, challenge.frame, carriedBy ? roomScene(carriedBy) : STILL_ROOM),
    );
    t += dt;
  };
  for (let i = 0; i < (plan.emptyFrames ?? 3); i++) push([]);
  const person = plan.person ?? 1;
  const descriptor = personDescriptor(person);
  for (let i = 0; i < Math.max(1, plan.settleFrames ?? 5); i++) push([{ ...headFace(start), descriptor }]);
  const side = challenge.targetSide === 'right' ? 1 : -1;
  const turn = (plan.turnDeg ?? 30) * side;
  const targetCentre = boxCenter(challenge.nose);
  const end = headPositionForNose(targetCentre, {
    yaw: turn,
    ...(plan.distanceMm ? { distanceMm: plan.distanceMm } : {}),
    ...(plan.flat ? { flat: true } : {}),
  });
  const n = plan.moveFrames ?? 30;
  let seed = 12345;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return ((seed / 0x7fffffff) * 2 - 1) * (plan.jitterPx ?? 0);
  };
  for (let i = 1; i <= n; i++) {
    const face = headFace(between({ ...start, yaw: 0 }, { ...end, yaw: turn }, i / n));
    const landmarks: Point[] = face.landmarks.map((p) => ({ x: p.x + noise(), y: p.y + noise() }));
    const who = plan.swapAtFrame !== undefined && i >= plan.swapAtFrame ? person + 1 : person;
    push([{ ...face, landmarks, descriptor: personDescriptor(who) }]);
  }
  // A sequence: wait for each next target to appear, react, then turn toward it and move there.
  const targets = plan.followTargets ?? challenge.targets.length;
  let from: HeadPose & { yaw: number } = { ...start, x: end.x, y: end.y, yaw: turn };
  for (let k = 1; k < targets; k++) {
    const target = challenge.targets[k];
    if (!target) break;
    const wait = (challenge.revealDelaysMs[k - 1] ?? 0) + (plan.reactionMs ?? 250);
    for (let i = 0; i < Math.ceil(wait / dt); i++) push([{ ...headFace(from), descriptor }]);
    const nextTurn = (plan.turnDeg ?? 30) * (challenge.targetSides[k] === 'right' ? 1 : -1);
    const next = headPositionForNose(boxCenter(target), {
      yaw: nextTurn,
      ...(plan.distanceMm ? { distanceMm: plan.distanceMm } : {}),
    });
    for (let i = 1; i <= n; i++)
      push([{ ...headFace(between(from, { ...next, yaw: nextTurn }, i / n)), descriptor }]);
    from = { ...from, x: next.x, y: next.y, yaw: nextTurn };
  }
  return frames;
}
