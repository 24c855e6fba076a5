import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { KeyFrame } from '../../../../main/cloud/key-frames';
import { KioskService, type CloudLink } from '../../../../main/kiosk/kiosk-service';
import type { LockoutState } from '../../../../main/kiosk/failure-lockout';
import { CredentialsStore } from '../../../../main/store/credentials-store';
import { seededRandom, type Challenge, type Verdict } from '../../../../main/liveness';
import {
  CHANNELS,
  type Confirmation,
  type PublicSettings,
  type Reply,
  type SessionStarted,
} from '../../../../preload/contract';
import { ScriptedInference } from '../../../support/fake-inference';
import { playVisit } from '../../../support/kiosk-visit';
import { visitorFrames, type VisitorPlan } from '../../../support/visitor';

/** A cloud stand-in that records what the kiosk sends and answers as scripted. */
class FakeCloud implements CloudLink {
  readonly submitted: { challenge: Challenge; verdict: Verdict; keyFrames: readonly KeyFrame[] }[] = [];
  answer: { cloud: { live: boolean } | null } | null = { cloud: { live: true } };
  constructor(
    readonly policy: CloudLink['policy'],
    readonly requiredFallback: CloudLink['requiredFallback'] = 'reject',
    readonly requiredWaitMs = 1000,
  ) {}
  async submit(challenge: Challenge, verdict: Verdict, keyFrames: readonly KeyFrame[]) {
    this.submitted.push({ challenge, verdict, keyFrames });
    return { queued: true, reason: null };
  }
  async waitFor() {
    return this.answer;
  }
}

async function visit(
  cloud: FakeCloud,
  plan: VisitorPlan = {},
): Promise<{ service: KioskService; sessionId: string }> {
  const inference = new ScriptedInference();
  const service = new KioskService({ inference, random: seededRandom(3), cloud });
  const { sessionId } = await playVisit(service, inference, plan);
  return { service, sessionId };
}

const confirm = async (service: KioskService, sessionId: string) =>
  (await service.dispatch(CHANNELS.confirmResult, { sessionId })) as Reply<Confirmation>;

describe('kiosk service and the cloud', () => {
  test('policy off: nothing is sent and the local verdict is final', async () => {
    const cloud = new FakeCloud('off');
    const { service, sessionId } = await visit(cloud);
    expect(cloud.submitted).toEqual([]);
    expect(await confirm(service, sessionId)).toEqual({
      ok: true,
      value: { status: 'not_required', live: true },
    });
  });

  test('advisory: a local pass is sent with at most six key frames in time order, and stands', async () => {
    const cloud = new FakeCloud('advisory');
    const { service, sessionId } = await visit(cloud);
    expect(cloud.submitted).toHaveLength(1);
    const { keyFrames } = cloud.submitted[0]!;
    expect(keyFrames.length).toBeGreaterThanOrEqual(4);
    expect(keyFrames.length).toBeLessThanOrEqual(6);
    const times = keyFrames.map((k) => k.timestampMs);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(keyFrames.every((k) => k.frame.data.byteLength === 640 * 480 * 4)).toBe(true);
    expect((await confirm(service, sessionId)).ok && (await confirm(service, sessionId))).toMatchObject({
      value: { status: 'not_required', live: true },
    });
  });

  test('a local failure is never sent', async () => {
    const cloud = new FakeCloud('required');
    const { service, sessionId } = await visit(cloud, { turnDeg: 0 });
    expect(cloud.submitted).toEqual([]);
    expect(await confirm(service, sessionId)).toMatchObject({
      value: { status: 'not_required', live: false },
    });
  });

  test('required: the cloud confirms or overrules a local pass', async () => {
    const agreeing = new FakeCloud('required');
    const a = await visit(agreeing);
    expect(await confirm(a.service, a.sessionId)).toMatchObject({
      value: { status: 'confirmed', live: true },
    });
    const refusing = new FakeCloud('required');
    refusing.answer = { cloud: { live: false } };
    const b = await visit(refusing);
    expect(await confirm(b.service, b.sessionId)).toMatchObject({
      value: { status: 'rejected', live: false },
    });
  });

  test.each([
    ['reject', false],
    ['accept', true],
  ] as const)('required, cloud silent: the staff fallback "%s" decides', async (fallback, live) => {
    const cloud = new FakeCloud('required', fallback);
    cloud.answer = null;
    const { service, sessionId } = await visit(cloud);
    expect(await confirm(service, sessionId)).toMatchObject({ value: { status: 'unavailable', live } });
  });

  test('the screen is told whether to wait for confirmation', async () => {
    for (const [policy, expected] of [
      ['required', true],
      ['advisory', false],
    ] as const) {
      const service = new KioskService({ inference: new ScriptedInference(), cloud: new FakeCloud(policy) });
      const r = (await service.dispatch(CHANNELS.publicSettings, {})) as Reply<PublicSettings>;
      expect(r.ok && r.value.cloudConfirmation).toBe(expected);
    }
  });

  test('the screen is told which camera staff chose', async () => {
    const chosen = new KioskService({ inference: new ScriptedInference(), cameraDeviceId: 'usb-cam-2' });
    const r = (await chosen.dispatch(CHANNELS.publicSettings, {})) as Reply<PublicSettings>;
    expect(r.ok && r.value.cameraDeviceId).toBe('usb-cam-2');
    const any = (await new KioskService({ inference: new ScriptedInference() }).dispatch(
      CHANNELS.publicSettings,
      {},
    )) as Reply<PublicSettings>;
    expect(any.ok && any.value.cameraDeviceId).toBeNull();
  });

  test('confirming an unknown session is a typed error', async () => {
    const service = new KioskService({ inference: new ScriptedInference() });
    const r = await confirm(service, '5b1f8f3e-8a56-4a8e-9d7f-3f1e2d4c5b6a');
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown_session' } });
    expect(await service.dispatch(CHANNELS.confirmResult, { sessionId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
  });
});

describe('kiosk service: failure lockout', () => {
  test('five failed attempts in a short time pause the kiosk until staff clear it', async () => {
    const inference = new ScriptedInference();
    let now = 1_000_000;
    const service = new KioskService({ inference, random: seededRandom(3), clock: () => now });
    for (let attempt = 0; attempt < 5; attempt++) {
      // A visitor who slides instead of turning: fails every time.
      const { sessionId } = await playVisit(service, inference, { turnDeg: 0 });
      await service.dispatch(CHANNELS.cancelSession, { sessionId });
      now += 20_000;
    }
    expect(service.locked).toBe(true);
    expect(await service.dispatch(CHANNELS.startSession, {})).toMatchObject({
      ok: false,
      error: { code: 'kiosk_locked' },
    });
    service.clearLockout();
    expect((await service.dispatch(CHANNELS.startSession, {})).ok).toBe(true);
  });

  test('a journal that throws while recording still lets the attempt count, and the visitor gets the result', async () => {
    const inference = new ScriptedInference();
    let now = 1_000_000;
    const logged: string[] = [];
    const service = new KioskService({
      inference,
      random: seededRandom(3),
      clock: () => now,
      lockout: { maxFailures: 2, windowMs: 180_000, autoClearMs: null },
      onVerdict: () => {
        throw new RangeError('score is not a finite number');
      },
      log: (event) => logged.push(event),
    });
    for (let attempt = 0; attempt < 2; attempt++) {
      const { last } = await playVisit(service, inference, { turnDeg: 0 });
      expect(last).toMatchObject({ status: 'processed', view: { done: true, verdict: { live: false } } });
      now += 20_000;
    }
    expect(service.locked).toBe(true);
    expect(logged).toEqual(['kiosk.record_failed', 'kiosk.record_failed']);
  });

  test('attempts abandoned by starting over are recorded and counted: six with a face lock the kiosk', async () => {
    const inference = new ScriptedInference();
    const now = 1_000_000;
    const verdicts: Verdict[] = [];
    const service = new KioskService({
      inference,
      random: seededRandom(3),
      clock: () => now,
      onVerdict: (v) => verdicts.push(v),
    });
    const replies: string[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const started = (await service.dispatch(CHANNELS.startSession, {})) as Reply<SessionStarted>;
      replies.push(started.ok ? 'started' : started.error.code);
      if (!started.ok) break;
      // A face is shown, then the attempt is left (a new start, as an unplugged camera causes).
      const challenge = {
        ...started.value.challenge,
        createdAt: 0,
        secureRandom: false,
        targets: [started.value.challenge.nose],
        targetSides: [started.value.challenge.targetSide],
        revealDelaysMs: [],
      };
      for (const f of visitorFrames(challenge).slice(0, 8)) {
        inference.queue.push(f.faces);
        await service.dispatch(CHANNELS.submitFrame, {
          sessionId: started.value.sessionId,
          timestampMs: f.timestampMs,
          width: 640,
          height: 480,
          data: new Uint8Array(640 * 480 * 4),
        });
      }
    }
    expect(replies).toEqual(['started', 'started', 'started', 'started', 'started', 'kiosk_locked']);
    expect(verdicts.map((v) => v.failure)).toEqual([
      'abandoned',
      'abandoned',
      'abandoned',
      'abandoned',
      'abandoned',
    ]);
    expect(service.locked).toBe(true);
  });

  test('a paused kiosk stays paused after a restart: the lockout is kept with the credentials', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-lockout-'));
    const persisted = (store: CredentialsStore) => ({
      load: () => store.lockout,
      save: (state: LockoutState) => store.setLockout(state),
    });
    const inference = new ScriptedInference();
    const before = new KioskService({
      inference,
      random: seededRandom(3),
      lockout: { maxFailures: 1, windowMs: 180_000, autoClearMs: null },
      lockoutStore: persisted(CredentialsStore.open(dir)),
    });
    await playVisit(before, inference, { turnDeg: 0 });
    expect(before.locked).toBe(true);
    // A new process: a fresh service on the same data directory.
    const after = new KioskService({
      inference: new ScriptedInference(),
      lockout: { maxFailures: 1, windowMs: 180_000, autoClearMs: null },
      lockoutStore: persisted(CredentialsStore.open(dir)),
    });
    expect(after.locked).toBe(true);
    expect(await after.dispatch(CHANNELS.startSession, {})).toMatchObject({
      ok: false,
      error: { code: 'kiosk_locked' },
    });
    after.clearLockout();
    expect(
      new KioskService({
        inference: new ScriptedInference(),
        lockoutStore: persisted(CredentialsStore.open(dir)),
      }).locked,
    ).toBe(false);
  });

  test('nobody stepping up (no face) does not count toward the lockout', async () => {
    let now = 0;
    const service = new KioskService({ inference: new ScriptedInference(), clock: () => now });
    for (let i = 0; i < 6; i++) {
      const started = (await service.dispatch(CHANNELS.startSession, {})) as Reply<SessionStarted>;
      if (!started.ok) throw new Error(started.error.message);
      await service.dispatch(CHANNELS.cancelSession, { sessionId: started.value.sessionId });
      now += 1000;
    }
    expect(service.locked).toBe(false);
  });
});
