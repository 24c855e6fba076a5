import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type {
  AssistanceView,
  Confirmation,
  KioskApi,
  PublicChallenge,
  PublicSettings,
  StepView,
  Verdict,
} from '../preload/contract';
import { CameraError, FrameGrabber, openCamera, watchFrames, type CameraProblem } from './camera';
import { FramePipeline } from './frame-pipeline';
import { LANGUAGES, failureKey, secondsLeft, translator, type LanguageCode, type StringKey } from './i18n';
import { drawOverlay } from './overlay';
import { LIGHT_PALETTE, lightStepAt } from '../main/liveness/screen-light';
import { RENDERER_STAGES, clearStages, measureStage } from '../main/kiosk/pipeline-stages';
import { StaffPanel } from './staff-panel';

type Screen =
  | { readonly name: 'attract' }
  | { readonly name: 'challenge'; readonly sessionId: string; readonly challenge: PublicChallenge }
  | { readonly name: 'verifying' }
  | { readonly name: 'result'; readonly verdict: Verdict; readonly confirmation: Confirmation | null }
  | { readonly name: 'error'; readonly problem: CameraProblem | 'inference' | 'locked' }
  /** A visitor who asked for staff: waiting, then what staff did; null when the request failed. */
  | { readonly name: 'assistance'; readonly request: AssistanceView | null };

const RETRY_MS = 3_000;
/** How often the waiting screen asks main whether staff have answered. */
const ASSISTANCE_POLL_MS = 1_000;

/** What the visitor is told when the final word does not come: ask staff (never a silent pass). */
const NO_ANSWER: Confirmation = { status: 'unavailable', live: false };

/**
 * The final word on a local pass, waited for at most `timeoutMs`: main answers within its own
 * shorter wait, so this bound only matters when that answer never arrives (a broken transport).
 */
async function confirmWithin(kiosk: KioskApi, sessionId: string, timeoutMs: number): Promise<Confirmation> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Confirmation>(
    (resolve) => (timer = setTimeout(() => resolve(NO_ANSWER), timeoutMs)),
  );
  const answer = kiosk
    .confirmResult({ sessionId })
    .then((reply) => (reply.ok ? reply.value : NO_ANSWER))
    .catch(() => NO_ANSWER);
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function App({ kiosk, settings }: { kiosk: KioskApi; settings: PublicSettings }) {
  // The staff's default until a visitor picks another on the welcome screen; the next visitor starts
  // from the default again.
  const [language, setLanguage] = useState(settings.language);
  const t = translator(language);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const [screen, setScreen] = useState<Screen>({ name: 'attract' });
  const stream = useRef<MediaStream | null>(null);

  const start = useCallback(async () => {
    try {
      stream.current ??= await openCamera(
        settings.captureWidth,
        settings.captureHeight,
        settings.cameraDeviceId ?? undefined,
      );
      // A camera unplugged mid-visit ends its track: show the error screen, which retries.
      stream.current.getVideoTracks()[0]?.addEventListener('ended', () => {
        stream.current = null;
        setScreen({ name: 'error', problem: 'camera_missing' });
      });
    } catch (error) {
      setScreen({ name: 'error', problem: error instanceof CameraError ? error.problem : 'camera_missing' });
      return;
    }
    const started = await kiosk.startSession();
    if (!started.ok) {
      // Paused by the failure lockout: the error screen retries until staff clear it.
      setScreen({ name: 'error', problem: started.error.code === 'kiosk_locked' ? 'locked' : 'inference' });
      return;
    }
    setScreen({ name: 'challenge', sessionId: started.value.sessionId, challenge: started.value.challenge });
  }, [kiosk, settings]);

  const finish = useCallback(
    async (verdict: Verdict) => {
      if (!verdict.live || !settings.cloudConfirmation) {
        setScreen({ name: 'result', verdict, confirmation: null });
        return;
      }
      // Cloud policy "required": an honest "verifying" until the main process has the final word.
      setScreen({ name: 'verifying' });
      const confirmation = await confirmWithin(kiosk, verdict.challengeId, settings.confirmationTimeoutMs);
      setScreen({ name: 'result', verdict, confirmation });
    },
    [kiosk, settings.cloudConfirmation, settings.confirmationTimeoutMs],
  );
  const home = useCallback(() => {
    setLanguage(settings.language);
    setScreen({ name: 'attract' });
  }, [settings.language]);
  // The way out for a visitor who cannot do the challenge: staff come and settle it from the panel.
  const askStaff = useCallback(
    async (sessionId: string | null) => {
      const asked = await kiosk.askStaff(sessionId ? { sessionId } : {}).catch(() => null);
      setScreen({ name: 'assistance', request: asked?.ok ? asked.value : null });
    },
    [kiosk],
  );
  const withdraw = useCallback(
    async (requestId: string) => {
      await kiosk.withdrawAssistance({ requestId }).catch(() => null);
      home();
    },
    [kiosk, home],
  );
  // While staff are on their way, ask main now and then whether they have settled it.
  const waitingFor =
    screen.name === 'assistance' && screen.request?.state === 'waiting' ? screen.request : null;
  useEffect(() => {
    if (!waitingFor) return;
    const timer = setInterval(() => {
      void kiosk
        .assistanceStatus({ requestId: waitingFor.requestId })
        .then((r) => {
          if (r.ok && r.value.state !== 'waiting')
            setScreen((now) =>
              now.name !== 'assistance' || now.request?.requestId !== r.value.requestId
                ? now
                : r.value.state === 'withdrawn'
                  ? { name: 'attract' }
                  : { name: 'assistance', request: r.value },
            );
        })
        .catch(() => undefined);
    }, ASSISTANCE_POLL_MS);
    return () => clearInterval(timer);
  }, [kiosk, waitingFor]);

  // The camera is on only during a visit (its light tells visitors so): opened on Start, stopped
  // as soon as the challenge screen is left, whatever ended it.
  useEffect(() => {
    if (screen.name === 'challenge' || !stream.current) return;
    for (const track of stream.current.getTracks()) track.stop();
    stream.current = null;
  }, [screen.name]);

  // Results and errors never strand a visitor: back to the welcome screen after a while. A visitor
  // waiting for staff stays until staff answer or they withdraw.
  useEffect(() => {
    if (screen.name === 'attract' || screen.name === 'challenge' || screen.name === 'verifying') return;
    if (screen.name === 'assistance' && screen.request?.state === 'waiting') return;
    const timer = setTimeout(
      screen.name === 'error' ? start : home,
      screen.name === 'error' ? RETRY_MS : settings.idleTimeoutMs,
    );
    return () => clearTimeout(timer);
  }, [screen, start, home, settings.idleTimeoutMs]);

  return (
    <main class={`screen screen-${screen.name}`} data-screen={screen.name}>
      {screen.name === 'attract' && (
        <Attract
          t={t}
          language={language}
          onLanguage={setLanguage}
          onStart={start}
          onHelp={() => void askStaff(null)}
        />
      )}
      {screen.name === 'challenge' && stream.current && (
        <Challenge
          t={t}
          language={language}
          kiosk={kiosk}
          stream={stream.current}
          sessionId={screen.sessionId}
          challenge={screen.challenge}
          onDone={finish}
          onBroken={() => setScreen({ name: 'error', problem: 'inference' })}
          onEnded={home}
          onHelp={() => void askStaff(screen.sessionId)}
        />
      )}
      {screen.name === 'verifying' && (
        <section class="result" data-testid="verifying" role="status" aria-live="polite">
          <h1>{t('result.verifying')}</h1>
        </section>
      )}
      {screen.name === 'result' && (
        <Result
          t={t}
          verdict={screen.verdict}
          confirmation={screen.confirmation}
          onAgain={start}
          onDone={home}
          onHelp={() => void askStaff(screen.verdict.challengeId)}
        />
      )}
      {screen.name === 'error' && (
        <ErrorScreen t={t} problem={screen.problem} onRetry={start} onHelp={() => void askStaff(null)} />
      )}
      {screen.name === 'assistance' && (
        <Assistance t={t} request={screen.request} onWithdraw={withdraw} onDone={home} />
      )}
      <StaffPanel kiosk={kiosk} language={settings.language} />
    </main>
  );
}

/** Whether a key event belongs to something other than the visitor's screen: a field or a dialog. */
function isInsideAnotherLayer(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  return target.closest('input, textarea, select, [contenteditable], [role=dialog]') !== null;
}

function Attract({
  t,
  language,
  onLanguage,
  onStart,
  onHelp,
}: {
  t: (k: StringKey) => string;
  language: string;
  onLanguage: (code: LanguageCode) => void;
  onStart: () => void;
  onHelp: () => void;
}) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Keys typed into another layer (the staff panel's PIN and settings fields) are theirs.
      if (e.defaultPrevented || isInsideAnotherLayer(e.target)) return;
      if (e.key === 'Enter' || e.key === ' ') onStart();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onStart]);
  return (
    <section class="attract" onClick={onStart}>
      <h1>{t('attract.heading')}</h1>
      <p class="lead">{t('attract.body')}</p>
      <button class="primary" data-testid="start" onClick={(e) => (e.stopPropagation(), onStart())} autoFocus>
        {t('attract.start')}
      </button>
      <p class="hint">{t('attract.hint')}</p>
      <nav
        class="languages"
        aria-label="Language / Sprache / Langue / Idioma"
        onClick={(e) => e.stopPropagation()}
      >
        {LANGUAGES.map((l) => (
          <button
            key={l.code}
            lang={l.code}
            aria-pressed={l.code === language}
            data-testid={`language-${l.code}`}
            onClick={() => onLanguage(l.code)}
          >
            {l.name}
          </button>
        ))}
      </nav>
      <p class="help-offer" onClick={(e) => e.stopPropagation()}>
        <span>{t('help.offer')}</span>
        <button class="secondary" data-testid="ask-staff" onClick={onHelp}>
          {t('help.ask')}
        </button>
      </p>
      <p class="privacy">{t('attract.privacy')}</p>
    </section>
  );
}

function Challenge(props: {
  t: (k: StringKey) => string;
  language: string;
  kiosk: KioskApi;
  stream: MediaStream;
  sessionId: string;
  challenge: PublicChallenge;
  onDone: (v: Verdict) => void;
  onBroken: () => void;
  onEnded: () => void;
  onHelp: () => void;
}) {
  const { t, kiosk, stream, sessionId, challenge, onDone, onBroken, onEnded, onHelp } = props;
  const video = useRef<HTMLVideoElement>(null);
  const light = useRef<HTMLDivElement>(null);
  // Set once the visitor asked for staff: answers still on their way (the session's end) are not
  // taken for the visit ending by itself.
  const leaving = useRef(false);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [view, setView] = useState<StepView | null>(null);

  useEffect(() => {
    const v = video.current;
    if (!v) return;
    v.srcObject = stream;
    void v.play().catch(() => undefined);
    const grabber = new FrameGrabber(challenge.frame.width, challenge.frame.height);
    clearStages(RENDERER_STAGES);
    let stopped = false;
    let latestCapture = 0;
    // The screen's colour sequence (the screen-light check): painted from the first display frame,
    // one colour every lightStepMs; each camera frame says which colour was on screen at capture.
    let lightStart: number | null = null;
    const steps = challenge.lightColours.length;
    const lightStepOf = (captureMs: number): number | null =>
      lightStart === null ? null : lightStepAt(captureMs - lightStart, challenge.lightStepMs, steps);
    const paintLight = (now: number) => {
      const element = light.current;
      if (!element || steps === 0) return;
      lightStart ??= now;
      const step = Math.min(steps - 1, Math.floor((now - lightStart) / challenge.lightStepMs));
      const [r, g, b] = LIGHT_PALETTE[challenge.lightColours[step]!]!;
      element.style.backgroundColor = `rgb(${r}, ${g}, ${b})`;
    };
    // The overlay draws on the display's rhythm from the newest answer, not once per answer.
    let toDraw: { view: StepView; timestampMs: number; answeredAt: number } | null = null;
    let animation = requestAnimationFrame(function draw(now) {
      paintLight(now);
      if (toDraw && canvas.current) {
        drawOverlay(canvas.current, toDraw.view, challenge.frame);
        measureStage(RENDERER_STAGES.overlay, toDraw.timestampMs, toDraw.answeredAt);
        measureStage(RENDERER_STAGES.frame, toDraw.timestampMs, toDraw.timestampMs);
        toDraw = null;
      }
      if (!stopped) animation = requestAnimationFrame(draw);
    });
    const finish = (then: () => void) => {
      stopped = true;
      pipeline.stop();
      then();
    };
    const pipeline = new FramePipeline({
      capture: async () => {
        if (v.readyState < 2) return null;
        const timestampMs = latestCapture;
        const started = performance.now();
        measureStage(RENDERER_STAGES.frameAge, timestampMs, timestampMs, started);
        const { format, data } = await grabber.grab(v);
        measureStage(RENDERER_STAGES.capture, timestampMs, started);
        return { timestampMs, format, data, lightStep: lightStepOf(timestampMs) };
      },
      submit: async (frame) => {
        const sent = performance.now();
        const reply = await kiosk.submitFrame({
          sessionId,
          timestampMs: frame.timestampMs,
          width: grabber.width,
          height: grabber.height,
          format: frame.format,
          data: frame.data,
          lightStep: frame.lightStep,
        });
        measureStage(RENDERER_STAGES.roundTrip, frame.timestampMs, sent);
        return reply;
      },
      onAnswer: (reply, frame) => {
        if (stopped || leaving.current) return;
        if (!reply.ok) {
          if (reply.error.code === 'inference_unavailable') return finish(onBroken);
          // The main process ended this session (a newer one, or staff). An answer still on its way
          // may carry this session's verdict: wait for it before leaving.
          if (reply.error.code === 'unknown_session' || reply.error.code === 'session_finished') {
            if (pipeline.framesInFlight === 0) finish(onEnded);
          }
          return;
        }
        if (reply.value.status === 'skipped') return;
        const next = reply.value.view;
        if (next.done && next.verdict) {
          measureStage(RENDERER_STAGES.verdict, frame.timestampMs, frame.timestampMs);
          if (canvas.current) drawOverlay(canvas.current, next, challenge.frame);
          return finish(() => onDone(next.verdict!));
        }
        if (!frame.newest) return;
        setView(next);
        toDraw = { view: next, timestampMs: frame.timestampMs, answeredAt: performance.now() };
      },
      onError: () => {
        // The transport itself failed (main gone or restarting): the start screen's retry takes over.
        if (!stopped) finish(onEnded);
      },
    });
    const unwatch = watchFrames(v, (frameId, captureTimeMs) => {
      latestCapture = captureTimeMs;
      pipeline.offer(frameId);
    });
    return () => {
      stopped = true;
      pipeline.stop();
      unwatch();
      cancelAnimationFrame(animation);
    };
  }, [kiosk, stream, sessionId, challenge, onDone, onBroken, onEnded]);

  const cancel = async () => {
    const r = await kiosk.cancelSession({ sessionId });
    if (r.ok && r.value.view.verdict) onDone(r.value.view.verdict);
  };
  const seconds = view?.timeLeftMs == null ? null : Math.ceil(view.timeLeftMs / 1000);
  return (
    <section class={challenge.lightColours.length > 0 ? 'challenge lit' : 'challenge'}>
      <div class="screen-light" ref={light} aria-hidden="true" data-testid="screen-light" />
      <div class="stage" style={{ aspectRatio: `${challenge.frame.width} / ${challenge.frame.height}` }}>
        <video ref={video} class="mirrored" muted playsInline />
        <canvas ref={canvas} class="overlay" />
      </div>
      <p class="guidance" role="status" aria-live="polite" data-testid="guidance">
        {t(view?.guidance ?? 'face.look_at_camera')}
      </p>
      {/* The colours are the screen-light check: said once, so the flashing surprises no one. */}
      {challenge.lightColours.length > 0 && (
        <p class="light-note" data-testid="light-note">
          {t('challenge.light_note')}
        </p>
      )}
      <div
        class="progress"
        role="progressbar"
        aria-label={t('challenge.progress')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round((view?.progress ?? 0) * 100)}
      >
        <div class="bar" style={{ width: `${Math.round((view?.progress ?? 0) * 100)}%` }} />
      </div>
      <p class="time" role="timer" aria-label={t('challenge.time_left')}>
        {seconds !== null ? secondsLeft(props.language, seconds) : ''}
      </p>
      <div class="actions">
        <button class="secondary" onClick={cancel}>
          {t('challenge.cancel')}
        </button>
        <button
          class="secondary"
          data-testid="ask-staff"
          onClick={() => {
            leaving.current = true;
            onHelp();
          }}
        >
          {t('help.ask')}
        </button>
      </div>
    </section>
  );
}

function Result({
  t,
  verdict,
  confirmation,
  onAgain,
  onDone,
  onHelp,
}: {
  t: (k: StringKey) => string;
  verdict: Verdict;
  confirmation: Confirmation | null;
  onAgain: () => void;
  onDone: () => void;
  onHelp: () => void;
}) {
  const failed = verdict.reasons.filter((r) => r.evaluated && !r.passed).map((r) => r.code);
  // The cloud can overrule a local pass (policy "required"); it never turns a failure into a pass.
  const overruled = verdict.live && confirmation !== null && !confirmation.live;
  const live = verdict.live && !overruled;
  const reason = overruled ? `cloud_${confirmation.status}` : (verdict.failure ?? failed[0] ?? 'other');
  const reasonKey = overruled ? failureKey(reason, []) : failureKey(verdict.failure, failed);
  return (
    <section class={`result ${live ? 'pass' : 'fail'}`} data-testid="result" data-live={String(live)}>
      <div class="mark" aria-hidden="true">
        {live ? '✓' : '✕'}
      </div>
      <div role="status" aria-live="assertive">
        <h1>{t(live ? 'result.success' : 'result.fail')}</h1>
      </div>
      {!live && (
        <p class="lead" data-testid="reason" data-reason={reason}>
          {t(reasonKey)}
        </p>
      )}
      <div class="actions">
        {!live && (
          <button class="primary" onClick={onAgain} autoFocus>
            {t('result.again')}
          </button>
        )}
        <button class="secondary" onClick={onDone}>
          {t('result.done')}
        </button>
        {!live && (
          <button class="secondary" data-testid="ask-staff" onClick={onHelp}>
            {t('help.ask')}
          </button>
        )}
      </div>
    </section>
  );
}

function ErrorScreen({
  t,
  problem,
  onRetry,
  onHelp,
}: {
  t: (k: StringKey) => string;
  problem: CameraProblem | 'inference' | 'locked';
  onRetry: () => void;
  onHelp: () => void;
}) {
  const key = `error.${problem}` as StringKey;
  return (
    <section class="error" data-testid="error" data-problem={problem}>
      <div role="alert">
        <h1>{t(key)}</h1>
      </div>
      <p class="lead">{t('error.retrying')}</p>
      <div class="actions">
        <button class="primary" onClick={onRetry}>
          {t('error.retry')}
        </button>
        <button class="secondary" data-testid="ask-staff" onClick={onHelp}>
          {t('help.ask')}
        </button>
      </div>
    </section>
  );
}

/** Waiting for staff, then what they did; the visitor can withdraw while waiting. */
function Assistance({
  t,
  request,
  onWithdraw,
  onDone,
}: {
  t: (k: StringKey) => string;
  request: AssistanceView | null;
  onWithdraw: (requestId: string) => void;
  onDone: () => void;
}) {
  const state = request?.state ?? 'unavailable';
  const key: StringKey =
    state === 'waiting'
      ? 'help.waiting'
      : state === 'checked_in'
        ? 'help.checked_in'
        : state === 'not_checked_in'
          ? 'help.not_checked_in'
          : 'help.unavailable';
  return (
    <section class="result assistance" data-testid="assistance" data-state={state}>
      <div role="status" aria-live="assertive">
        <h1>{t(key)}</h1>
      </div>
      <div class="actions">
        {request && state === 'waiting' ? (
          <button class="secondary" onClick={() => onWithdraw(request.requestId)}>
            {t('help.withdraw')}
          </button>
        ) : (
          <button class="primary" onClick={onDone} autoFocus>
            {t('result.done')}
          </button>
        )}
      </div>
    </section>
  );
}
