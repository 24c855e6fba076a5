import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { KioskService } from '../../../../main/kiosk/kiosk-service';
import { StaffAssistance } from '../../../../main/kiosk/staff-assistance';
import { createChallenge, resolveConfig, seededRandom, type Verdict } from '../../../../main/liveness';
import { CHANNELS, type Reply, type SessionStarted } from '../../../../preload/contract';
import { ScriptedInference } from '../../../support/fake-inference';
import { playVisit } from '../../../support/kiosk-visit';

const blank = () => new Uint8Array(640 * 480 * 4);

function kiosk() {
  const inference = new ScriptedInference();
  const verdicts: Verdict[] = [];
  const service = new KioskService({
    inference,
    random: seededRandom(3),
    onVerdict: (v) => verdicts.push(v),
  });
  return { service, inference, verdicts };
}

async function start(service: KioskService): Promise<SessionStarted> {
  const r = (await service.dispatch(CHANNELS.startSession, {})) as Reply<SessionStarted>;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const frame = (sessionId: string, timestampMs: number) => ({
  sessionId,
  timestampMs,
  width: 640,
  height: 480,
  data: blank(),
});

describe('kiosk service: a visit', () => {
  test('a visitor who turns toward the target is live, and the verdict is reported once', async () => {
    const { service, inference, verdicts } = kiosk();
    const { last } = await playVisit(service, inference);
    expect(last).toMatchObject({ status: 'processed', view: { phase: 'success' } });
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]!.live).toBe(true);
  });

  test('a face whose surroundings move with it (a screen moved by hand) is refused by the carrier check', async () => {
    const { service, inference, verdicts } = kiosk();
    const { last } = await playVisit(service, inference, { turnDeg: 12, carried: true });
    expect(last).toMatchObject({ status: 'processed', view: { phase: 'success' } });
    expect(verdicts[0]!.live).toBe(false);
    const carrier = verdicts[0]!.reasons.find((r) => r.code === 'surroundings_still')!;
    expect(carrier).toMatchObject({ passed: false, evaluated: true });
    // Measured on the pictures inference handed over, not refused for want of them.
    expect(carrier.value!).toBeGreaterThan(carrier.threshold!);
  });

  test('the renderer learns the challenge geometry and the colours it paints, but never a secret', async () => {
    const { service } = kiosk();
    const { challenge } = await start(service);
    // Not the later targets of a sequence, nor their dwells: those come one at a time.
    expect(Object.keys(challenge).sort()).toEqual([
      'area',
      'expiresAt',
      'frame',
      'id',
      'lightColours',
      'lightStepMs',
      'nose',
      'targetSide',
    ]);
  });

  test('a sequence challenge shows the screen one target at a time, and a visitor following them passes', async () => {
    const config = resolveConfig({ challenge: { mode: 'sequence', sequenceLength: 3 } });
    if (!config.ok) throw config.error;
    const inference = new ScriptedInference();
    const verdicts: Verdict[] = [];
    const service = new KioskService({
      inference,
      config: config.value,
      random: seededRandom(5),
      onVerdict: (v) => verdicts.push(v),
    });
    // The same seed gives the test what the screen will reveal, one target at a time.
    const made = createChallenge({
      frame: { width: 640, height: 480 },
      now: 0,
      random: seededRandom(5),
      config: config.value.challenge,
    });
    if (!made.ok) throw made.error;
    const { challenge } = await start(service);
    expect(challenge).not.toHaveProperty('targets');
    expect(challenge).not.toHaveProperty('revealDelaysMs');
    expect(challenge.nose).toEqual(made.value.targets[0]);
    await service.dispatch(CHANNELS.cancelSession, { sessionId: challenge.id });
    // The second session's challenge is the seeded source's second draw.
    const rng = seededRandom(5);
    createChallenge({
      frame: { width: 640, height: 480 },
      now: 0,
      random: rng,
      config: config.value.challenge,
    });
    const next = createChallenge({
      frame: { width: 640, height: 480 },
      now: 0,
      random: rng,
      config: config.value.challenge,
    });
    if (!next.ok) throw next.error;
    const { last } = await playVisit(service, inference, {}, next.value);
    expect(last).toMatchObject({
      status: 'processed',
      view: { phase: 'success', overlay: { target: next.value.targets[2] } },
    });
    expect(verdicts.at(-1)!.live).toBe(true);
  });

  test("the screen's colours reach the check: a face lit by them passes, a face that ignores them fails", async () => {
    const config = resolveConfig({ verdict: { minScreenLightResponse: 0.03 } });
    if (!config.ok) throw config.error;
    const visit = async (reflect: number) => {
      const inference = new ScriptedInference();
      const verdicts: Verdict[] = [];
      const service = new KioskService({
        inference,
        config: config.value,
        random: seededRandom(3),
        onVerdict: (v) => verdicts.push(v),
      });
      await playVisit(service, inference, {}, undefined, { reflect });
      return verdicts[0]!;
    };
    const lit = await visit(0.2);
    expect(lit.live).toBe(true);
    expect(lit.reasons.find((r) => r.code === 'screen_light')!.value!).toBeGreaterThan(0.03);
    const recording = await visit(0);
    expect(recording.live).toBe(false);
    expect(recording.reasons.filter((r) => !r.passed).map((r) => r.code)).toEqual(['screen_light']);
  });

  test('with the screen-light check off (the default) the screen is given no colours to flash', async () => {
    const off = await start(kiosk().service);
    expect(off.challenge.lightColours).toEqual([]);
    const config = resolveConfig({ verdict: { minScreenLightResponse: 0.015 } });
    if (!config.ok) throw config.error;
    const on = await start(new KioskService({ inference: new ScriptedInference(), config: config.value }));
    expect(on.challenge.lightColours.length).toBeGreaterThan(100);
  });

  test('measuring the screen light in shadow (observe mode) flashes the colours too', async () => {
    const config = resolveConfig({ verdict: { observeScreenLight: true } });
    if (!config.ok) throw config.error;
    const observing = await start(
      new KioskService({ inference: new ScriptedInference(), config: config.value }),
    );
    expect(observing.challenge.lightColours.length).toBeGreaterThan(100);
  });

  test('a frame naming a colour step that cannot be one is refused', async () => {
    const { service } = kiosk();
    const { sessionId } = await start(service);
    for (const lightStep of [-1, 1.5, 'red']) {
      expect(
        await service.dispatch(CHANNELS.submitFrame, { ...frame(sessionId, 10), lightStep }),
      ).toMatchObject({
        ok: false,
        error: { code: 'invalid_request', path: 'lightStep' },
      });
    }
  });

  test('a frame naming a colour step the screen was never given is refused, before any inference', async () => {
    // With the check off the screen shows no colours: any step is one the page cannot have shown.
    const off = kiosk();
    const first = await start(off.service);
    expect(
      await off.service.dispatch(CHANNELS.submitFrame, { ...frame(first.sessionId, 10), lightStep: 0 }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_request', path: 'lightStep' } });
    const config = resolveConfig({ verdict: { minScreenLightResponse: 0.015 } });
    if (!config.ok) throw config.error;
    const inference = new ScriptedInference();
    const on = new KioskService({ inference, config: config.value });
    const second = await start(on);
    const beyond = second.challenge.lightColours.length;
    const r = await on.dispatch(CHANNELS.submitFrame, { ...frame(second.sessionId, 10), lightStep: beyond });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_request', path: 'lightStep' } });
    expect(inference.calls).toBe(0);
  });

  test('starting a new session ends the open one and forgets the tracked face', async () => {
    const { service, inference } = kiosk();
    const first = await start(service);
    await start(service);
    expect(inference.resets).toBe(2);
    const r = await service.dispatch(CHANNELS.submitFrame, frame(first.sessionId, 10));
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown_session' } });
  });

  test('a frame arriving while another is analysed goes to inference too (which keeps the newest waiting)', async () => {
    const { service, inference } = kiosk();
    const { sessionId } = await start(service);
    let open!: () => void;
    inference.gate = new Promise((resolve) => (open = resolve));
    const first = service.dispatch(CHANNELS.submitFrame, frame(sessionId, 10));
    const second = service.dispatch(CHANNELS.submitFrame, frame(sessionId, 20));
    open();
    expect(await first).toMatchObject({ ok: true, value: { status: 'processed' } });
    expect(await second).toMatchObject({ ok: true, value: { status: 'processed' } });
    expect(inference.calls).toBe(2);
  });

  test('the kiosk is quiet only with no visit open and none for the quiet time', async () => {
    let now = 1_000_000;
    const service = new KioskService({ inference: new ScriptedInference(), clock: () => now });
    expect(service.isQuietFor(60_000)).toBe(true);
    const { sessionId } = await start(service);
    now += 120_000;
    expect(service.isQuietFor(60_000)).toBe(false); // a visit is open, however long
    await service.dispatch(CHANNELS.cancelSession, { sessionId });
    now += 30_000;
    expect(service.isQuietFor(60_000)).toBe(false); // the result may still be on screen
    now += 30_000;
    expect(service.isQuietFor(60_000)).toBe(true);
  });

  test('a visitor who asks for staff mid-attempt ends it, recorded as cancelled, and waits for staff', async () => {
    const { service, verdicts } = kiosk();
    const { sessionId } = await start(service);
    const asked = await service.dispatch(CHANNELS.askStaff, { sessionId });
    expect(asked).toMatchObject({ ok: true, value: { state: 'waiting' } });
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]).toMatchObject({ live: false, failure: 'cancelled' });
    expect(await service.dispatch(CHANNELS.submitFrame, frame(sessionId, 10))).toMatchObject({
      ok: false,
      error: { code: 'session_finished' },
    });
    const { requestId } = (asked as { value: { requestId: string } }).value;
    expect(await service.dispatch(CHANNELS.assistanceStatus, { requestId })).toEqual({
      ok: true,
      value: { requestId, state: 'waiting' },
    });
  });

  test('asking for staff is answered while the failure lockout pauses the kiosk', async () => {
    const service = new KioskService({
      inference: new ScriptedInference(),
      lockoutStore: { load: () => ({ failures: [], lockedAt: 1 }), save: () => undefined },
    });
    expect(service.locked).toBe(true);
    expect(await service.dispatch(CHANNELS.askStaff, {})).toMatchObject({
      ok: true,
      value: { state: 'waiting' },
    });
  });

  test('the visitor sees what staff decided, and can withdraw only while waiting', async () => {
    const assistance = new StaffAssistance();
    const service = new KioskService({ inference: new ScriptedInference(), assistance });
    const asked = await service.dispatch(CHANNELS.askStaff, {});
    const { requestId } = (asked as { value: { requestId: string } }).value;
    expect(assistance.settle(requestId, 'not_checked_in').ok).toBe(true);
    expect(await service.dispatch(CHANNELS.assistanceStatus, { requestId })).toEqual({
      ok: true,
      value: { requestId, state: 'not_checked_in' },
    });
    expect(await service.dispatch(CHANNELS.withdrawAssistance, { requestId })).toEqual({
      ok: true,
      value: { requestId, state: 'not_checked_in' },
    });
    const unknown = await service.dispatch(CHANNELS.assistanceStatus, { requestId: crypto.randomUUID() });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_request', path: 'requestId' } });
  });

  test('a visitor waiting for staff keeps the kiosk from counting as quiet (no update restarts it)', async () => {
    let now = 1_000_000;
    const service = new KioskService({ inference: new ScriptedInference(), clock: () => now });
    const asked = await service.dispatch(CHANNELS.askStaff, {});
    now += 600_000;
    expect(service.isQuietFor(60_000)).toBe(false);
    const { requestId } = (asked as { value: { requestId: string } }).value;
    await service.dispatch(CHANNELS.withdrawAssistance, { requestId });
    expect(service.isQuietFor(60_000)).toBe(true);
  });

  test('a frame older than one already taken (it was overtaken on the way) is skipped', async () => {
    const { service, inference } = kiosk();
    const { sessionId } = await start(service);
    expect(await service.dispatch(CHANNELS.submitFrame, frame(sessionId, 20))).toMatchObject({
      ok: true,
      value: { status: 'processed' },
    });
    const late = await service.dispatch(CHANNELS.submitFrame, frame(sessionId, 10));
    expect(late).toEqual({ ok: true, value: { status: 'skipped' } });
    expect(inference.calls).toBe(1);
  });

  test('a finished session refuses frames', async () => {
    const { service } = kiosk();
    const { sessionId } = await start(service);
    await service.dispatch(CHANNELS.cancelSession, { sessionId });
    expect(await service.dispatch(CHANNELS.submitFrame, frame(sessionId, 10))).toMatchObject({
      ok: false,
      error: { code: 'session_finished' },
    });
  });

  test('cancelling reports a failed verdict with the reason', async () => {
    const { service, verdicts } = kiosk();
    const { sessionId } = await start(service);
    const r = await service.dispatch(CHANNELS.cancelSession, { sessionId });
    expect(r).toMatchObject({ ok: true, value: { view: { phase: 'fail' } } });
    expect(verdicts[0]).toMatchObject({ live: false, failure: 'cancelled' });
  });

  test('inference failing is a typed error and the kiosk carries on', async () => {
    const { service, inference } = kiosk();
    const { sessionId } = await start(service);
    inference.failWith = new Error('worker crashed');
    expect(await service.dispatch(CHANNELS.submitFrame, frame(sessionId, 10))).toMatchObject({
      ok: false,
      error: { code: 'inference_unavailable' },
    });
    inference.failWith = null;
    expect(await service.dispatch(CHANNELS.submitFrame, frame(sessionId, 20))).toMatchObject({ ok: true });
  });

  test('public settings and health answer', async () => {
    const { service } = kiosk();
    expect(await service.dispatch(CHANNELS.publicSettings, {})).toMatchObject({
      ok: true,
      value: { captureWidth: 640, captureHeight: 480, language: 'en' },
    });
    expect(await service.dispatch(CHANNELS.health, {})).toMatchObject({
      ok: true,
      value: { inference: { state: 'ready' } },
    });
  });

  test('health counts the frames analysed and their inference latency', async () => {
    const { service, inference } = kiosk();
    const { sessionId } = await start(service);
    for (let i = 0; i < 5; i++) {
      inference.queue.push([]);
      await service.dispatch(CHANNELS.submitFrame, frame(sessionId, 1000 + i * 100));
    }
    const r = await service.dispatch(CHANNELS.health, {});
    expect(r).toMatchObject({ ok: true, value: { frames: { frames: 5, framesPerSecond: 10 } } });
  });
});

describe('kiosk service: the contract refuses malformed requests', () => {
  const session = '6f1c2c1e-9a53-4c4b-9f2a-1f2e3d4c5b6a';
  test.each<[string, string, unknown]>([
    ['start with extra fields', CHANNELS.startSession, { admin: true }],
    [
      'frame without data',
      CHANNELS.submitFrame,
      { sessionId: session, timestampMs: 0, width: 640, height: 480 },
    ],
    ['frame with a short buffer', CHANNELS.submitFrame, { ...frame(session, 0), data: new Uint8Array(10) }],
    ['frame with an array instead of bytes', CHANNELS.submitFrame, { ...frame(session, 0), data: [1, 2, 3] }],
    ['frame of an absurd size', CHANNELS.submitFrame, { ...frame(session, 0), width: 100_000, height: 1 }],
    ['frame with a NaN timestamp', CHANNELS.submitFrame, { ...frame(session, 0), timestampMs: Number.NaN }],
    ['frame with a session id that is not a UUID', CHANNELS.submitFrame, { ...frame('x', 0) }],
    ['cancel without a session', CHANNELS.cancelSession, {}],
    ['health with arguments', CHANNELS.health, { verbose: 1 }],
    ['a string instead of an object', CHANNELS.cancelSession, 'drop table'],
  ])('%s gets invalid_request', async (_name, channel, payload) => {
    const { service } = kiosk();
    const r = await service.dispatch(channel, payload);
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', message: expect.stringContaining(channel) },
    });
  });

  test('an unknown channel gets unknown_channel', async () => {
    expect(await kiosk().service.dispatch('kiosk:shell:exec', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_channel' },
    });
  });

  test('no payload on any channel makes the service throw', async () => {
    const { service } = kiosk();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.values(CHANNELS)),
        fc.anything(),
        async (channel, payload) => {
          const r = await service.dispatch(channel, payload);
          return typeof r.ok === 'boolean';
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("kiosk service: the kiosk's own clock", () => {
  function clocked() {
    const inference = new ScriptedInference();
    const verdicts: Verdict[] = [];
    let wall = 1_000_000;
    let mono = 0;
    const timers: { fn: () => void; ms: number }[] = [];
    const service = new KioskService({
      inference,
      random: seededRandom(3),
      clock: () => wall,
      monotonic: () => mono,
      setTimer: (fn, ms) => {
        timers.push({ fn, ms });
        return () => undefined;
      },
      onVerdict: (v) => verdicts.push(v),
    });
    const submit = (sessionId: string, timestampMs: number) =>
      service.dispatch(CHANNELS.submitFrame, {
        sessionId,
        timestampMs,
        width: 640,
        height: 480,
        data: blank(),
      });
    return {
      service,
      verdicts,
      timers,
      submit,
      advance: (ms: number) => {
        wall += ms;
        mono += ms;
      },
      advanceMain: (ms: number) => (mono += ms),
    };
  }

  test('a challenge expiring with no frame coming ends the session, recorded as expired', async () => {
    const k = clocked();
    const started = await start(k.service);
    expect(k.timers).toHaveLength(1);
    k.advance(k.timers[0]!.ms);
    k.timers[0]!.fn();
    expect(k.verdicts.map((v) => v.failure)).toEqual(['expired']);
    expect(await k.submit(started.sessionId, 10)).toMatchObject({
      ok: false,
      error: { code: 'session_finished' },
    });
  });

  test('a frame arriving after the challenge expired is refused, and the attempt recorded as expired', async () => {
    const k = clocked();
    const started = await start(k.service);
    k.advance(started.challenge.expiresAt - 1_000_000 + 1);
    expect(await k.submit(started.sessionId, 10)).toMatchObject({
      ok: false,
      error: { code: 'session_finished' },
    });
    expect(k.verdicts.map((v) => v.failure)).toEqual(['expired']);
  });

  test('a challenge lives as long as the slowest legitimate visit, not the 60 s of an unused one', async () => {
    const k = clocked();
    const { challenge } = await start(k.service);
    // Face 30 s + area 30 s + nose 10 s, and a margin.
    expect(challenge.expiresAt - 1_000_000).toBeGreaterThanOrEqual(70_000);
  });

  test("frames whose timestamps run ahead of the kiosk's clock are refused", async () => {
    const k = clocked();
    const { sessionId } = await start(k.service);
    expect(await k.submit(sessionId, 5_000)).toMatchObject({ ok: true });
    k.advanceMain(100);
    // 100 ms passed on main, the page claims 5 s did.
    expect(await k.submit(sessionId, 10_000)).toMatchObject({
      ok: false,
      error: { code: 'invalid_timestamp', message: expect.stringContaining('ahead') },
    });
    k.advanceMain(33);
    expect(await k.submit(sessionId, 5_133)).toMatchObject({ ok: true });
  });

  test('a frame captured long before it arrives is refused as stale', async () => {
    const k = clocked();
    const { sessionId } = await start(k.service);
    expect(await k.submit(sessionId, 5_000)).toMatchObject({ ok: true });
    k.advanceMain(20_000);
    expect(await k.submit(sessionId, 5_100)).toMatchObject({
      ok: false,
      error: { code: 'invalid_timestamp', message: expect.stringContaining('before it arrived') },
    });
  });
});
