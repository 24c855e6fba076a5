import type { Challenge } from './challenge';
import { DEFAULT_CONFIG, type LivenessConfig } from './config';
import { LivenessError, fail, ok, type Result } from './errors';
import { boxContains, distanceToBox, growBox, pointInBox, type Box, type Point } from './geometry';
import type { SceneImage } from './carrier';
import type { LightSample } from './screen-light';
import { parseObservation, type Observation } from './observation';
import { measureHeadPose, type Pose } from './pose';
import { walkUpDistance } from './spoof-checks';
import { buildVerdict, type AttemptCheck, type Verdict } from './verdict';

export type Phase = 'face' | 'area' | 'nose' | 'success' | 'fail';

/** Keys into the renderer's string catalogue; the engine never produces display text. */
export type GuidanceKey =
  | 'face.look_at_camera'
  | 'face.one_person_only'
  | 'area.center_face'
  | 'area.come_closer'
  | 'area.step_back'
  | 'nose.move_to_target'
  /** The face left the area and is in the margin before the attempt fails: turn, do not slide. */
  | 'nose.keep_in_frame'
  | 'nose.hold_still'
  | 'result.success'
  | 'result.fail';

/** Why an attempt stopped short. */
export type FailureCode =
  | 'face_timeout'
  | 'area_timeout'
  | 'nose_timeout'
  | 'multiple_faces'
  | 'face_lost'
  | 'left_area'
  | 'cancelled'
  /** A new attempt was started over this one (the visitor walked off, the camera was unplugged). */
  | 'abandoned'
  /** The challenge expired on the kiosk's own clock (frames stopped, or their clock ran slow). */
  | 'expired';

export interface Failure {
  readonly code: FailureCode;
  /** The phase the attempt was in when it failed. */
  readonly phase: 'face' | 'area' | 'nose';
  readonly atMs: number;
}

/** What the engine kept of one frame: enough to explain and re-check the verdict. */
export interface FrameRecord {
  readonly timestampMs: number;
  readonly phase: 'face' | 'area' | 'nose';
  readonly faceCount: number;
  /** The single face's data; null unless exactly one face was seen. */
  readonly box: Box | null;
  readonly nose: Point | null;
  readonly landmarks: readonly Point[] | null;
  readonly pose: Pose | null;
  readonly descriptor: ArrayLike<number> | null;
  /**
   * The scene picture, kept for the frames the carrier check compares (the in-area frame and the
   * nose phase); dropped from earlier frames so a long wait in the area costs no memory.
   */
  readonly scene: SceneImage | null;
  /** What the screen showed and what colours were seen (screen-light check); null when not given. */
  readonly light: LightSample | null;
}

/** Everything the verdict looks at: the challenge, the frames of the attempt and how it ended. */
export interface AttemptRecord {
  readonly challenge: Challenge;
  readonly config: LivenessConfig;
  /** Every frame fed to the session, in order. */
  readonly frames: readonly FrameRecord[];
  /** Index of the first area-phase frame (the attempt proper starts there), or null. */
  readonly areaStartIndex: number | null;
  /** Index of the frame whose face first sat inside the area (the nose phase's reference), or null. */
  readonly inAreaIndex: number | null;
  /**
   * Per target shown so far, the index of the first frame it was visible in (targets[0]: the
   * in-area frame); a segment runs from there to the frame that reached it.
   */
  readonly segmentStarts: readonly number[];
  /** Per target reached, in order, the index of the frame whose nose was inside it. */
  readonly targetsReached: readonly number[];
  readonly outcome: 'success' | 'fail';
  readonly failure: Failure | null;
  /** Timestamps at which each phase began. */
  readonly phaseStartMs: {
    readonly face: number | null;
    readonly area: number | null;
    readonly nose: number | null;
  };
  readonly endMs: number | null;
}

/** What the UI needs after each frame. */
export interface StepView {
  readonly phase: Phase;
  readonly guidance: GuidanceKey;
  readonly overlay: {
    readonly area: Box;
    /** The grown area the face must stay inside during the nose phase. */
    readonly toleranceArea: Box | null;
    /** The target to reach now; null while the next one of a sequence is still hidden. */
    readonly target: Box | null;
    readonly face: Box | null;
    readonly nose: Point | null;
  };
  readonly faceCount: number;
  readonly pose: Pose | null;
  /** Time left in the current phase, ms; null once done. */
  readonly timeLeftMs: number | null;
  /** 0..1 through the whole challenge. */
  readonly progress: number;
  readonly done: boolean;
  readonly verdict: Verdict | null;
}

export interface SessionOptions {
  readonly config?: LivenessConfig;
  /** Further checks the verdict runs after the built-in ones (parallax, identity, ...). */
  readonly checks?: readonly AttemptCheck[];
}

/**
 * Follows one visitor through Face -> Area -> Nose -> Success | Fail, one observation per frame.
 * It reads time only from frame timestamps, so a replay gives the same result as the live run.
 * Bad input is refused with a typed error and leaves the session as it was.
 */
export class LivenessSession {
  readonly config: LivenessConfig;
  private readonly checks: readonly AttemptCheck[];
  private readonly frames: FrameRecord[] = [];
  private phase: Phase = 'face';
  private phaseStart: { face: number | null; area: number | null; nose: number | null } = {
    face: null,
    area: null,
    nose: null,
  };
  private areaStartIndex: number | null = null;
  private inAreaIndex: number | null = null;
  private noFaceFrames = 0;
  private lastTimestamp: number | null = null;
  private failure: Failure | null = null;
  private verdictCache: Verdict | null = null;
  private lastView: StepView;
  private readonly toleranceArea: Box;
  private startDistance: number | null = null;
  /** Which target of the challenge is the current one. */
  private targetIndex = 0;
  /** When the current target appears (ms, frame clock); null once it is showing. */
  private revealAtMs: number | null = null;
  /** Start of the current target's time (its reveal): the nose timeout runs per target. */
  private segmentStartMs: number | null = null;
  private readonly segmentStarts: number[] = [];
  private readonly targetsReached: number[] = [];

  constructor(
    readonly challenge: Challenge,
    options: SessionOptions = {},
  ) {
    this.config = options.config ?? DEFAULT_CONFIG;
    this.checks = options.checks ?? [];
    // The area grows by the tolerance in total: half of it on each side.
    this.toleranceArea = growBox(challenge.area, this.config.nose.areaTolerance / 2);
    this.lastView = this.view('face.look_at_camera', null, null, 0, null, null);
  }

  get currentPhase(): Phase {
    return this.phase;
  }

  get done(): boolean {
    return this.phase === 'success' || this.phase === 'fail';
  }

  /** Feeds one frame's observation (untrusted: it is validated here). */
  step(input: unknown): Result<StepView> {
    if (this.done) {
      return fail(
        new LivenessError('session_finished', 'This session has already finished; start a new one.'),
      );
    }
    const parsed = parseObservation(input);
    if (!parsed.ok) return parsed;
    const obs = parsed.value;
    if (obs.frame.width !== this.challenge.frame.width || obs.frame.height !== this.challenge.frame.height) {
      return fail(
        new LivenessError(
          'invalid_observation',
          `Frame is ${obs.frame.width}x${obs.frame.height} but the challenge was made for ` +
            `${this.challenge.frame.width}x${this.challenge.frame.height}.`,
          'frame',
        ),
      );
    }
    if (this.lastTimestamp !== null && obs.timestampMs <= this.lastTimestamp) {
      return fail(
        new LivenessError(
          'out_of_order_timestamp',
          `Frame timestamp ${obs.timestampMs} ms is not after the previous frame's ${this.lastTimestamp} ms.`,
          'timestampMs',
        ),
      );
    }
    this.lastTimestamp = obs.timestampMs;
    return ok(this.advance(obs));
  }

  /**
   * Lets time pass without a frame (camera stalled or unplugged): a phase whose time is up fails.
   * `nowMs` is on the same clock as the frame timestamps.
   */
  tick(nowMs: number): StepView {
    if (this.done || !Number.isFinite(nowMs)) return this.lastView;
    const phase = this.phase as 'face' | 'area' | 'nose';
    if (this.timedOut(phase, nowMs)) this.finish({ code: `${phase}_timeout`, phase, atMs: nowMs });
    return this.lastView;
  }

  /** Ends the attempt as failed (visitor walked away, staff cancelled, camera lost). */
  cancel(
    atMs: number = this.lastTimestamp ?? 0,
    code: 'cancelled' | 'abandoned' | 'expired' = 'cancelled',
  ): StepView {
    if (!this.done) {
      this.finish({ code, phase: this.phase as 'face' | 'area' | 'nose', atMs });
    }
    return this.lastView;
  }

  get verdict(): Verdict | null {
    return this.verdictCache;
  }

  get latest(): StepView {
    return this.lastView;
  }

  /** A read-only picture of the attempt so far (the verdict's input). */
  attempt(): AttemptRecord {
    return {
      challenge: this.challenge,
      config: this.config,
      frames: this.frames,
      areaStartIndex: this.areaStartIndex,
      inAreaIndex: this.inAreaIndex,
      segmentStarts: [...this.segmentStarts],
      targetsReached: [...this.targetsReached],
      outcome: this.phase === 'success' ? 'success' : 'fail',
      failure: this.failure,
      phaseStartMs: { ...this.phaseStart },
      endMs: this.failure?.atMs ?? (this.done ? this.lastTimestamp : null),
    };
  }

  private advance(obs: Observation): StepView {
    const t = obs.timestampMs;
    const phase = this.phase as 'face' | 'area' | 'nose';
    if (this.phaseStart[phase] === null) this.phaseStart[phase] = t;

    const single = obs.faces.length === 1 ? obs.faces[0]! : null;
    const nose = single ? (single.landmarks[this.config.landmarkIndex] ?? null) : null;
    const pose = single
      ? measureHeadPose(single.landmarks, {
          frame: this.challenge.frame,
          horizontalFovDeg: this.config.verdict.cameraHorizontalFovDeg,
        })
      : null;
    this.forgetEarlierScene();
    this.frames.push({
      timestampMs: t,
      phase,
      faceCount: obs.faces.length,
      box: single?.box ?? null,
      nose,
      landmarks: single?.landmarks ?? null,
      pose,
      descriptor: single?.descriptor ?? null,
      scene: obs.scene ?? null,
      light: obs.light ?? null,
    });
    const index = this.frames.length - 1;
    const faceBox = single?.box ?? null;

    // Like the original's state manager, a frame past the phase's deadline fails the attempt.
    if (this.timedOut(phase, t)) {
      this.finish({ code: `${phase}_timeout`, phase, atMs: t });
      return this.lastView;
    }

    switch (phase) {
      case 'face': {
        if (single) {
          this.enter('area', t);
          this.areaStartIndex = index;
          return this.render('area.center_face', faceBox, nose, pose);
        }
        const key = obs.faces.length > 1 ? 'face.one_person_only' : 'face.look_at_camera';
        return this.render(key, null, null, null);
      }
      case 'area': {
        if (obs.faces.length > 1) return this.finish({ code: 'multiple_faces', phase, atMs: t });
        if (!single)
          return this.countMissingFace(phase, t, this.config.area.maxNoFaceFrames, 'area.center_face');
        const placement = this.placement(single.box);
        if (placement === 'inside') {
          this.inAreaIndex = index;
          this.enter('nose', t);
          this.showTarget(index, t, nose);
          return this.render('nose.move_to_target', faceBox, nose, pose);
        }
        return this.render(placement, faceBox, nose, pose);
      }
      case 'nose': {
        if (obs.faces.length > 1) return this.finish({ code: 'multiple_faces', phase, atMs: t });
        if (!single) {
          return this.countMissingFace(phase, t, this.config.nose.maxNoFaceFrames, 'nose.move_to_target');
        }
        if (!boxContains(this.toleranceArea, single.box))
          return this.finish({ code: 'left_area', phase, atMs: t });
        if (this.revealAtMs !== null) {
          // The next target of a sequence is still hidden: hold still until it appears.
          if (t < this.revealAtMs) return this.render('nose.hold_still', faceBox, nose, pose);
          this.showTarget(index, t, nose);
        }
        if (nose && pointInBox(this.currentTarget, nose)) {
          this.targetsReached.push(index);
          if (this.targetIndex === this.challenge.targets.length - 1) {
            this.phase = 'success';
            return this.finish(null);
          }
          this.targetIndex += 1;
          this.revealAtMs = t + (this.challenge.revealDelaysMs[this.targetIndex - 1] ?? 0);
          // No time runs out while the visitor waits for the next target.
          this.segmentStartMs = this.revealAtMs;
          return this.render('nose.hold_still', faceBox, nose, pose);
        }
        // Past the area, inside the margin that still counts: warn before the attempt fails.
        const nearEdge = !boxContains(this.challenge.area, single.box);
        return this.render(nearEdge ? 'nose.keep_in_frame' : 'nose.move_to_target', faceBox, nose, pose);
      }
    }
  }

  /** The previous frame's scene is dropped unless the carrier check will compare it. */
  private forgetEarlierScene(): void {
    const index = this.frames.length - 1;
    const previous = this.frames[index];
    if (!previous?.scene || previous.phase === 'nose' || index === this.inAreaIndex) return;
    this.frames[index] = { ...previous, scene: null };
  }

  private get currentTarget(): Box {
    return this.challenge.targets[this.targetIndex] ?? this.challenge.nose;
  }

  /** The current target appears: its own time and its own path start now. */
  private showTarget(index: number, t: number, nose: Point | null): void {
    this.revealAtMs = null;
    this.segmentStartMs = t;
    this.segmentStarts.push(index);
    this.startDistance = nose ? distanceToBox(this.currentTarget, nose) : null;
  }

  private placement(box: Box): 'inside' | 'area.come_closer' | 'area.step_back' | 'area.center_face' {
    const area = this.challenge.area;
    const distance = walkUpDistance(box, this.challenge.frame, this.config);
    if (distance === 'too_close' || box.width > area.width || box.height > area.height)
      return 'area.step_back';
    if (distance === 'too_far') return 'area.come_closer';
    return boxContains(area, box) ? 'inside' : 'area.center_face';
  }

  /**
   * Whether the next frame should carry a face descriptor (about +20 ms of inference): the first
   * nose-phase frame (the reference), then every `descriptorIntervalMs`, and every frame once the
   * nose is within two target sizes of the target, so the face that finishes is the one compared.
   */
  wantsDescriptor(): boolean {
    if (this.phase !== 'nose') return false;
    const described = this.frames.filter((f) => f.phase === 'nose' && f.descriptor !== null);
    if (described.length === 0) return true;
    const last = this.frames[this.frames.length - 1];
    const sinceDescribed = (last?.timestampMs ?? 0) - described[described.length - 1]!.timestampMs;
    if (sinceDescribed >= this.config.verdict.descriptorIntervalMs) return true;
    const nose = last?.nose;
    const target = this.currentTarget;
    const near = 2 * Math.max(target.width, target.height);
    return nose !== null && nose !== undefined && distanceToBox(target, nose) <= near;
  }

  private countMissingFace(
    phase: 'area' | 'nose',
    t: number,
    limit: number,
    guidance: GuidanceKey,
  ): StepView {
    this.noFaceFrames += 1;
    if (this.noFaceFrames > limit) return this.finish({ code: 'face_lost', phase, atMs: t });
    return this.render(guidance, null, null, null);
  }

  private timedOut(phase: 'face' | 'area' | 'nose', t: number): boolean {
    const start = phase === 'nose' ? this.segmentStartMs : this.phaseStart[phase];
    return start !== null && t - start > this.config[phase].timeoutMs;
  }

  private enter(phase: 'area' | 'nose', t: number): void {
    this.phase = phase;
    this.phaseStart[phase] = t;
    // The original counted missing faces per phase.
    this.noFaceFrames = 0;
  }

  private finish(failure: Failure | null): StepView {
    if (failure) {
      this.failure = failure;
      this.phase = 'fail';
    }
    this.verdictCache = buildVerdict(this.attempt(), this.checks);
    const last = this.frames[this.frames.length - 1];
    this.lastView = this.view(
      this.phase === 'success' ? 'result.success' : 'result.fail',
      last?.box ?? null,
      last?.nose ?? null,
      1,
      last?.pose ?? null,
      null,
    );
    return this.lastView;
  }

  private render(guidance: GuidanceKey, face: Box | null, nose: Point | null, pose: Pose | null): StepView {
    this.lastView = this.view(guidance, face, nose, this.progress(nose), pose, this.timeLeft());
    return this.lastView;
  }

  private view(
    guidance: GuidanceKey,
    face: Box | null,
    nose: Point | null,
    progress: number,
    pose: Pose | null,
    timeLeftMs: number | null,
  ): StepView {
    const last = this.frames[this.frames.length - 1];
    return {
      phase: this.phase,
      guidance,
      overlay: {
        area: this.challenge.area,
        toleranceArea: this.phase === 'nose' ? this.toleranceArea : null,
        target: this.revealAtMs !== null ? null : this.currentTarget,
        face,
        nose,
      },
      faceCount: last?.faceCount ?? 0,
      pose,
      timeLeftMs,
      progress,
      done: this.done,
      verdict: this.verdictCache,
    };
  }

  private timeLeft(): number | null {
    if (this.done || this.lastTimestamp === null) return null;
    const phase = this.phase as 'face' | 'area' | 'nose';
    const start = (phase === 'nose' ? this.segmentStartMs : this.phaseStart[phase]) ?? this.lastTimestamp;
    return Math.max(
      0,
      Math.min(this.config[phase].timeoutMs, this.config[phase].timeoutMs - (this.lastTimestamp - start)),
    );
  }

  /** Face 0, area 0.2, nose 0.4 -> 1 as the nose closes on each target in turn. */
  private progress(nose: Point | null): number {
    switch (this.phase) {
      case 'face':
        return 0;
      case 'area':
        return 0.2;
      case 'nose': {
        const share = 0.6 / this.challenge.targets.length;
        const done = 0.4 + share * this.targetIndex;
        if (this.revealAtMs !== null || !nose || !this.startDistance) return done;
        const left = distanceToBox(this.currentTarget, nose) / this.startDistance;
        return done + share * Math.max(0, Math.min(1, 1 - left));
      }
      default:
        return 1;
    }
  }
}
