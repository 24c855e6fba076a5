import { Fragment } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { SELF_TEST_STEPS } from '../preload/channels';
import type { KioskApi } from '../preload/contract';
import { healthCards, type CardStatus } from './health-cards';
import { elapsedText, refusalText, staffTranslator, type StaffTranslate } from './staff-strings';
import {
  fieldsOf,
  inputText,
  parseInput,
  readAt,
  writeAt,
  type Field,
  type JsonSchema,
} from './settings-form';

/*
 * The staff panel: opened by a hidden gesture (press and hold the top-left corner for 3 s) or the
 * key chord Ctrl+Alt+Shift+S, guarded by the staff PIN (set on first start). Health, results with
 * filter and export, settings (a form per section, saved, applied on restart), camera choice with a live preview, the
 * self-test, clearing the failure lockout. Everything goes through window.kiosk.staff, which the
 * main process validates and authorises.
 */

type View =
  | { readonly name: 'closed' }
  | { readonly name: 'pin'; readonly firstStart: boolean }
  | { readonly name: 'open'; readonly token: string; readonly tab: Tab; readonly idleMs: number };
type Tab = 'health' | 'results' | 'export' | 'settings' | 'camera' | 'selftest' | 'pin';

const HOLD_MS = 3000;

/** `language`: the kiosk's default language (staff's setting), whatever the visitor picked. */
export function StaffPanel({ kiosk, language }: { kiosk: KioskApi; language: string }) {
  const t = useMemo(() => staffTranslator(language), [language]);
  const [view, setView] = useState<View>({ name: 'closed' });
  const [message, setMessage] = useState<string>('');
  const hold = useRef<number | null>(null);

  const call = useCallback(
    async <T,>(
      action: string,
      payload: Record<string, unknown> = {},
      background = false,
    ): Promise<T | null> => {
      const r = await kiosk.staff({ action, payload });
      // The message always speaks of the latest action staff took: a success clears an earlier
      // refusal. Background refreshes (health, visitors waiting) leave it as it is.
      if (r.ok) {
        if (!background) setMessage('');
        return r.value as T;
      }
      setMessage(refusalText(t, r.error));
      // A lapsed session sends an open panel back to its PIN form. A refusal that arrives after the
      // panel closed (a background refresh still on its way when the idle timer locked it) must not
      // open it again for whoever walks up next.
      if (r.error.staff?.code === 'not_authorised')
        setView((v) => (v.name === 'open' ? { name: 'pin', firstStart: false } : v));
      return null;
    },
    [kiosk, t],
  );

  const open = useCallback(async () => {
    setMessage('');
    const status = await call<{ pinSet: boolean }>('status');
    if (status) setView({ name: 'pin', firstStart: !status.pinSet });
  }, [call]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey && e.altKey && e.shiftKey && e.key.toLowerCase() === 's') void open();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  // The session lapses in main after idle minutes; the panel closes with it rather than stay open
  // (showing results and settings) for whoever walks up next. Any key or touch in it counts as use.
  const lastUse = useRef(0);
  const openToken = view.name === 'open' ? view.token : null;
  const idleMs = view.name === 'open' ? view.idleMs : 0;
  useEffect(() => {
    if (!openToken) return;
    lastUse.current = Date.now();
    const timer = window.setInterval(() => {
      if (Date.now() - lastUse.current < idleMs) return;
      void call('lock', { token: openToken });
      setMessage('');
      setView({ name: 'closed' });
    }, 1000);
    return () => clearInterval(timer);
  }, [openToken, idleMs, call]);

  const corner = (
    <div
      class="staff-corner"
      data-testid="staff-corner"
      aria-hidden="true"
      onPointerDown={() => (hold.current = window.setTimeout(() => void open(), HOLD_MS))}
      onPointerUp={() => hold.current !== null && clearTimeout(hold.current)}
      onPointerLeave={() => hold.current !== null && clearTimeout(hold.current)}
    />
  );
  if (view.name === 'closed') return corner;

  const close = () => {
    if (view.name === 'open') void call('lock', { token: view.token });
    setView({ name: 'closed' });
  };

  return (
    <div
      class="staff-panel"
      role="dialog"
      aria-label={t('panel.label')}
      lang={t.language}
      data-testid="staff-panel"
      // Keys typed in the panel stay in the panel: Enter in the PIN field must not start a visit.
      onKeyDown={(e) => {
        e.stopPropagation();
        lastUse.current = Date.now();
      }}
      onPointerDown={() => (lastUse.current = Date.now())}
    >
      <header>
        <h1>{t('panel.title')}</h1>
        <button onClick={close}>{t('panel.close')}</button>
      </header>
      {message && (
        <p class="staff-message" role="alert">
          {message}
        </p>
      )}
      {view.name === 'pin' && (
        <PinForm
          t={t}
          purpose={view.firstStart ? 'first' : 'unlock'}
          onPin={async (pin) => {
            const r = await call<{ token: string; idleMs: number }>(
              view.firstStart ? 'setFirstPin' : 'unlock',
              { pin },
            );
            if (r) {
              setMessage('');
              setView({ name: 'open', token: r.token, tab: 'health', idleMs: r.idleMs });
            }
          }}
        />
      )}
      {view.name === 'open' && (
        <>
          <AssistanceBanner t={t} token={view.token} call={call} onSettled={setMessage} />
          <nav>
            {(['health', 'results', 'export', 'settings', 'camera', 'selftest', 'pin'] as const).map(
              (tab) => (
                <button key={tab} aria-pressed={view.tab === tab} onClick={() => setView({ ...view, tab })}>
                  {t(`tab.${tab}`)}
                </button>
              ),
            )}
            <button
              onClick={() =>
                void call<{ wasLocked: boolean }>('clearLockout', { token: view.token }).then((r) => {
                  // Only what happened: nothing when the call failed (its error is shown instead).
                  if (r) setMessage(t(r.wasLocked ? 'lockout.cleared' : 'lockout.not_paused'));
                })
              }
            >
              {t('lockout.clear')}
            </button>
            <QuitButton t={t} onQuit={() => void call('quit', { token: view.token })} />
          </nav>
          {view.tab === 'health' && <Health t={t} load={() => call('health', { token: view.token }, true)} />}
          {view.tab === 'results' && <Results t={t} token={view.token} call={call} />}
          {view.tab === 'export' && <Export t={t} token={view.token} call={call} />}
          {view.tab === 'settings' && <Settings t={t} token={view.token} call={call} />}
          {view.tab === 'camera' && <Camera t={t} token={view.token} call={call} />}
          {view.tab === 'selftest' && <SelfTest t={t} token={view.token} call={call} />}
          {view.tab === 'pin' && (
            <PinForm
              t={t}
              purpose="change"
              onPin={async (pin) => {
                const r = await call<{ changed: boolean }>('changePin', { token: view.token, pin });
                if (r?.changed) setMessage(t('pin.changed'));
              }}
            />
          )}
        </>
      )}
    </div>
  );
}

type Call = <T>(action: string, payload?: Record<string, unknown>, background?: boolean) => Promise<T | null>;

const ASSISTANCE_REFRESH_MS = 3000;

/**
 * A visitor who asked for staff, shown above everything while the panel is open: staff settle it
 * as checked in by them (a staff-assisted check, never a liveness pass) or not checked in.
 */
function AssistanceBanner({
  t,
  token,
  call,
  onSettled,
}: {
  t: StaffTranslate;
  token: string;
  call: Call;
  onSettled: (message: string) => void;
}) {
  const [waiting, setWaiting] = useState<{ id: string; askedAt: number } | null>(null);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    let live = true;
    const refresh = () =>
      void call<{ waiting: { id: string; askedAt: number } | null }>('assistance', { token }, true).then(
        (r) => {
          if (!live || !r) return;
          setWaiting(r.waiting);
          setNow(Date.now());
        },
      );
    refresh();
    const timer = setInterval(refresh, ASSISTANCE_REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [token]);
  if (!waiting) return null;
  const settle = async (outcome: 'checked_in' | 'not_checked_in') => {
    const r = await call('settleAssistance', { token, requestId: waiting.id, outcome });
    if (r === null) return;
    setWaiting(null);
    onSettled(t(outcome === 'checked_in' ? 'assist.recorded_in' : 'assist.recorded_out'));
  };
  return (
    <div class="staff-assistance" role="alert" data-testid="staff-assistance">
      {t('assist.banner', { ago: elapsedText(now - waiting.askedAt) })}{' '}
      <button data-testid="assist-checked-in" onClick={() => void settle('checked_in')}>
        {t('assist.check_in')}
      </button>{' '}
      <button data-testid="assist-not-checked-in" onClick={() => void settle('not_checked_in')}>
        {t('assist.not_check_in')}
      </button>
    </div>
  );
}

/** The maintenance exit: the only way out of kiosk mode, asked twice so a stray tap does not end it. */
function QuitButton({ t, onQuit }: { t: StaffTranslate; onQuit: () => void }) {
  const [asking, setAsking] = useState(false);
  if (!asking) return <button onClick={() => setAsking(true)}>{t('quit.ask')}</button>;
  return (
    <span class="staff-confirm" role="group" aria-label={t('quit.question')}>
      {t('quit.warning')}{' '}
      <button onClick={onQuit} data-testid="confirm-quit">
        {t('quit.now')}
      </button>
      <button onClick={() => setAsking(false)}>{t('quit.keep')}</button>
    </span>
  );
}

interface ExportPlace {
  readonly id: string;
  readonly label: string;
  readonly path: string;
  readonly freeBytes: number | null;
}

/**
 * Exports go to a place the kiosk lists (its own folder, removable drives mounted now), never
 * through a file dialog over the kiosk; what was written, and where, is said in full.
 */
function Export({ t, token, call }: { t: StaffTranslate; token: string; call: Call }) {
  const [places, setPlaces] = useState<ExportPlace[]>([]);
  const [chosen, setChosen] = useState<string>('');
  const [written, setWritten] = useState<string>('');
  const refresh = async () => {
    const list = (await call<ExportPlace[]>('exportTargets', { token })) ?? [];
    setPlaces(list);
    setChosen((current) => (list.some((p) => p.id === current) ? current : (list[0]?.id ?? '')));
  };
  useEffect(() => void refresh(), []);
  const write = async (action: 'exportDiagnostics' | 'exportResults', format?: 'csv' | 'json') => {
    setWritten('');
    const receipt = await call<{ directory: string; files: string[]; bytes: number }>(action, {
      token,
      target: chosen,
      ...(format ? { format } : {}),
    });
    if (receipt)
      setWritten(
        t('export.wrote', {
          files: t.plural('export.files', receipt.files.length),
          kb: Math.ceil(receipt.bytes / 1024),
          dir: receipt.directory,
        }),
      );
  };
  const gb = (bytes: number | null) =>
    bytes === null ? '' : ` (${t('export.free', { gb: Math.round(bytes / 1e8) / 10 })})`;
  return (
    <section data-testid="staff-export">
      <div class="staff-row">
        <label>
          {t('export.to')}{' '}
          <select
            value={chosen}
            onChange={(e) => setChosen(e.currentTarget.value)}
            data-testid="export-place"
          >
            {places.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
                {gb(p.freeBytes)}
              </option>
            ))}
          </select>
        </label>
        <button onClick={() => void refresh()}>{t('export.refresh')}</button>
      </div>
      <div class="staff-row">
        <button disabled={!chosen} onClick={() => void write('exportDiagnostics')}>
          {t('export.diagnostics')}
        </button>
        <button disabled={!chosen} onClick={() => void write('exportResults', 'csv')}>
          {t('export.results_csv')}
        </button>
        <button disabled={!chosen} onClick={() => void write('exportResults', 'json')}>
          {t('export.results_json')}
        </button>
      </div>
      <p class="staff-hint">{t('export.hint')}</p>
      {written && (
        <p role="status" data-testid="export-written">
          {written}
        </p>
      )}
    </section>
  );
}

function PinForm({
  t,
  purpose,
  onPin,
}: {
  t: StaffTranslate;
  purpose: 'first' | 'unlock' | 'change';
  onPin: (pin: string) => void;
}) {
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const twice = purpose !== 'unlock';
  const mismatch = twice && again !== '' && pin !== again;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!mismatch && (!twice || again !== '')) onPin(pin);
      }}
    >
      <label>
        {t(purpose === 'first' ? 'pin.first' : purpose === 'change' ? 'pin.new' : 'pin.enter')}
        <input
          type="password"
          inputMode="numeric"
          autoComplete="off"
          value={pin}
          onInput={(e) => setPin(e.currentTarget.value)}
          autoFocus
        />
      </label>
      {twice && (
        <label>
          {t('pin.repeat')}
          <input
            type="password"
            inputMode="numeric"
            autoComplete="off"
            value={again}
            onInput={(e) => setAgain(e.currentTarget.value)}
          />
        </label>
      )}
      {mismatch && <p role="alert">{t('pin.differ')}</p>}
      <button class="primary" type="submit">
        {t(purpose === 'unlock' ? 'pin.open' : purpose === 'change' ? 'pin.change' : 'pin.set')}
      </button>
    </form>
  );
}

const HEALTH_REFRESH_MS = 5000;
const MARK: Record<CardStatus, string> = { ok: '✓', warn: '!', bad: '✕' };

/** Health as cards with a status mark and a sentence, refreshed while shown; the JSON behind "details". */
function Health({ t, load }: { t: StaffTranslate; load: () => Promise<unknown> }) {
  const [data, setData] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    const refresh = () => void load().then((d) => live && d !== null && setData(d));
    refresh();
    const timer = setInterval(refresh, HEALTH_REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);
  if (data === null) return <p>{t('loading')}</p>;
  return (
    <div data-testid="staff-health">
      <ul class="health-cards">
        {healthCards(data, Date.now(), t).map((c) => (
          <li
            key={c.id}
            class={`health-card ${c.status}`}
            data-testid={`health-${c.id}`}
            data-status={c.status}
          >
            <span class="mark" aria-label={t(`status.${c.status}`)}>
              {MARK[c.status]}
            </span>
            <strong>{c.title}</strong>
            <span>{c.sentence}</span>
          </li>
        ))}
      </ul>
      <details>
        <summary>{t('health.details')}</summary>
        <pre class="staff-json">{JSON.stringify(data, null, 2)}</pre>
      </details>
    </div>
  );
}

interface ResultRow {
  at: number;
  challengeId: string;
  live: boolean;
  score: number;
  failure: string | null;
  reasons: { code: string; passed: boolean; evaluated: boolean }[];
  cloud?: { status: string; live: boolean | null; agreement: 'agree' | 'disagree' | null };
  assisted?: { outcome: 'checked_in' | 'not_checked_in'; askedAt: number };
}

type ResultFilter = 'all' | 'passed' | 'failed' | 'assisted' | 'disagree' | 'queued' | 'expired';

const filterRequest = (filter: ResultFilter): Record<string, unknown> =>
  filter === 'all'
    ? {}
    : filter === 'passed'
      ? { live: true }
      : filter === 'failed'
        ? { live: false, assisted: false }
        : filter === 'assisted'
          ? { assisted: true }
          : { cloud: filter };

const cloudText = (t: StaffTranslate, cloud: ResultRow['cloud']): string => {
  if (!cloud) return '';
  if (cloud.status !== 'verified')
    return cloud.status === 'queued' || cloud.status === 'expired' || cloud.status === 'failed'
      ? t(`cloud.${cloud.status}`)
      : cloud.status;
  const verdict = t(cloud.live ? 'result.live' : 'result.not_live');
  return cloud.agreement === 'disagree' ? t('cloud.disagrees', { verdict }) : verdict;
};

const FILTERS: readonly ResultFilter[] = [
  'all',
  'passed',
  'failed',
  'assisted',
  'disagree',
  'queued',
  'expired',
];

function Results({ t, token, call }: { t: StaffTranslate; token: string; call: Call }) {
  const [filter, setFilter] = useState<ResultFilter>('all');
  const [rows, setRows] = useState<ResultRow[]>([]);
  useEffect(() => {
    void call<ResultRow[]>('results', { token, ...filterRequest(filter) }).then((r) => setRows(r ?? []));
  }, [filter]);
  return (
    <section>
      <div class="staff-row">
        <select value={filter} onChange={(e) => setFilter(e.currentTarget.value as typeof filter)}>
          {FILTERS.map((f) => (
            <option key={f} value={f}>
              {t(`filter.${f}`)}
            </option>
          ))}
        </select>
        <span class="staff-hint">{t('results.hint')}</span>
      </div>
      <table data-testid="staff-results">
        <thead>
          <tr>
            <th>{t('col.time')}</th>
            <th>{t('col.result')}</th>
            <th>{t('col.score')}</th>
            <th>{t('col.why')}</th>
            <th>{t('col.cloud')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.challengeId}>
              <td>{new Date(r.at).toLocaleString(t.language)}</td>
              <td>{t(r.assisted ? 'result.assisted' : r.live ? 'result.live' : 'result.not_live')}</td>
              <td>{r.assisted ? '' : r.score.toFixed(2)}</td>
              <td>
                {r.assisted
                  ? t(`assisted.${r.assisted.outcome}`, { waited: elapsedText(r.at - r.assisted.askedAt) })
                  : (r.failure ??
                    r.reasons
                      .filter((x) => x.evaluated && !x.passed)
                      .map((x) => x.code)
                      .join(', '))}
              </td>
              <td class={r.cloud?.agreement === 'disagree' ? 'staff-disagree' : undefined}>
                {cloudText(t, r.cloud)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * Each settings section as a form built from its JSON Schema: choices as lists, switches as
 * checkboxes, numbers with their bounds. Saved a section at a time; the main process validates.
 */
function Settings({ t, token, call }: { t: StaffTranslate; token: string; call: Call }) {
  const [loaded, setLoaded] = useState<{
    settings: Record<string, unknown>;
    schema: Record<string, JsonSchema>;
  } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    void call<{
      settings: Record<string, unknown>;
      schema: Record<string, JsonSchema>;
      notice: string | null;
    }>('settings', { token, language: t.language }).then((r) => {
      if (!r) return;
      setNotice(r.notice);
      setLoaded({ settings: r.settings, schema: r.schema });
    });
  }, []);
  if (!loaded) return <p>{t('loading')}</p>;
  return (
    <section>
      {notice && <p role="alert">{notice}</p>}
      {saved && (
        <p class="staff-row" data-testid="settings-saved">
          {t('settings.saved', { section: loaded.schema[saved]?.title ?? saved })}
          <button onClick={() => void call('restart', { token })}>{t('restart.now')}</button>
        </p>
      )}
      {Object.entries(loaded.schema).map(([section, schema]) => (
        <SettingsSection
          t={t}
          key={section}
          section={section}
          schema={schema}
          value={loaded.settings[section]}
          save={async (value) => {
            if ((await call('updateSettings', { token, section, value })) === null) return false;
            setLoaded({ ...loaded, settings: { ...loaded.settings, [section]: value } });
            setSaved(section);
            return true;
          }}
        />
      ))}
    </section>
  );
}

function SettingsSection(props: {
  t: StaffTranslate;
  section: string;
  schema: JsonSchema;
  value: unknown;
  save: (value: unknown) => Promise<boolean>;
}) {
  const { t } = props;
  const fields = fieldsOf(props.schema);
  const initial = () =>
    Object.fromEntries(
      fields.map((f) => {
        const v = readAt(props.value, f.path);
        return [f.path.join('.'), f.kind === 'boolean' ? v === true : inputText(f, v)];
      }),
    );
  const [inputs, setInputs] = useState<Record<string, string | boolean>>(initial);
  const [problems, setProblems] = useState<string[]>([]);
  const submit = async (e: Event) => {
    e.preventDefault();
    let value = props.value;
    const found: string[] = [];
    for (const f of fields) {
      const parsed = parseInput(f, inputs[f.path.join('.')] ?? '', t);
      if (parsed.ok) value = writeAt(value, f.path, parsed.value);
      else found.push(parsed.message);
    }
    setProblems(found);
    if (found.length === 0) await props.save(value);
  };
  const label = (f: Field) => f.title ?? (f.path.length ? f.path.join('.') : props.section);
  const bounds = (f: Field) => {
    const low = f.min === undefined ? null : t(f.minExclusive ? 'bounds.above' : 'bounds.from', { n: f.min });
    const high = f.max === undefined ? null : t('bounds.up_to', { n: f.max });
    return low || high ? `(${[low, high].filter(Boolean).join(', ')})` : '';
  };
  return (
    <details data-testid={`settings-${props.section}`}>
      <summary>
        {props.schema.title ?? props.section}
        {props.schema.description && <small> {props.schema.description}</small>}
      </summary>
      <form class="staff-form" onSubmit={(e) => void submit(e)}>
        {fields.map((f, i) => {
          const key = f.path.join('.');
          const current = inputs[key];
          const set = (v: string | boolean) => setInputs({ ...inputs, [key]: v });
          const heading = f.group && f.group !== fields[i - 1]?.group ? f.group : null;
          return (
            <Fragment key={key}>
              {heading && <h4 class="staff-group">{heading}</h4>}
              <label>
                <span>
                  {label(f)}
                  {f.unit && <small> ({f.unit})</small>}
                  {bounds(f) && <small> {bounds(f)}</small>}
                  {f.description && <small class="staff-description">{f.description}</small>}
                </span>
                {f.kind === 'boolean' ? (
                  <input
                    type="checkbox"
                    name={key}
                    checked={current === true}
                    onChange={(e) => set(e.currentTarget.checked)}
                  />
                ) : f.kind === 'choice' ? (
                  <select name={key} value={String(current)} onChange={(e) => set(e.currentTarget.value)}>
                    {f.choices?.map((c) => (
                      <option key={c} value={c}>
                        {c}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input
                    type="text"
                    name={key}
                    inputMode={f.kind === 'integer' ? 'numeric' : f.kind === 'number' ? 'decimal' : 'text'}
                    placeholder={f.nullable ? t('input.none') : f.optional ? t('input.not_set') : ''}
                    value={String(current ?? '')}
                    onInput={(e) => set(e.currentTarget.value)}
                  />
                )}
              </label>
            </Fragment>
          );
        })}
        {problems.map((p) => (
          <p key={p} role="alert">
            {p}
          </p>
        ))}
        <button type="submit">{t('settings.save', { section: props.schema.title ?? props.section })}</button>
      </form>
    </details>
  );
}

function Camera({ t, token, call }: { t: StaffTranslate; token: string; call: Call }) {
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [chosen, setChosen] = useState<string>('');
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    void navigator.mediaDevices
      .enumerateDevices()
      .then((all) => setDevices(all.filter((d) => d.kind === 'videoinput')));
  }, []);
  useEffect(() => {
    if (!chosen) return;
    let stream: MediaStream | null = null;
    void navigator.mediaDevices.getUserMedia({ video: { deviceId: { exact: chosen } } }).then((s) => {
      stream = s;
      if (video.current) video.current.srcObject = s;
    });
    return () => stream?.getTracks().forEach((t) => t.stop());
  }, [chosen]);
  const [saved, setSaved] = useState('');
  const save = async () => {
    setSaved('');
    const current = await call<{ settings: { camera: Record<string, unknown> } }>('settings', { token });
    if (!current) return;
    const done = await call('updateSettings', {
      token,
      section: 'camera',
      value: { ...current.settings.camera, deviceId: chosen },
    });
    // Only when main took it (a refusal shows its reason above instead).
    if (done !== null) {
      const label = devices.find((d) => d.deviceId === chosen)?.label || t('camera.the_chosen');
      setSaved(t('camera.saved', { label }));
    }
  };
  return (
    <section>
      <div class="staff-row">
        <select value={chosen} onChange={(e) => setChosen(e.currentTarget.value)}>
          <option value="">{t('camera.choose')}</option>
          {devices.map((d) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.label || d.deviceId.slice(0, 12)}
            </option>
          ))}
        </select>
        <button disabled={!chosen} onClick={() => void save()}>
          {t('camera.use')}
        </button>
        {saved && (
          <button onClick={() => void call('restart', { token })} data-testid="camera-restart">
            {t('restart.now')}
          </button>
        )}
      </div>
      {saved && (
        <p role="status" data-testid="camera-saved">
          {saved}
        </p>
      )}
      <video ref={video} autoPlay muted playsInline class="staff-preview" />
    </section>
  );
}

interface SelfTestLine {
  readonly name: string;
  readonly passed: boolean | null;
  readonly detail: string;
}

/** Runs each check in turn and shows it as it goes: pending, then passed or failed with why. */
function SelfTest({ t, token, call }: { t: StaffTranslate; token: string; call: Call }) {
  const [lines, setLines] = useState<SelfTestLine[] | null>(null);
  const [running, setRunning] = useState(false);
  const run = async () => {
    setRunning(true);
    const names = [...SELF_TEST_STEPS, 'camera'];
    let done: SelfTestLine[] = [];
    const show = (current: string | null) =>
      setLines([
        ...done,
        ...names.slice(done.length).map((name) => ({
          name,
          passed: null,
          detail: t(name === current ? 'selftest.step_running' : 'selftest.step_waiting'),
        })),
      ]);
    for (const step of SELF_TEST_STEPS) {
      show(step);
      const r = await call<{ name: string; passed: boolean; detail: string }>('selfTest', { token, step });
      done = [...done, r ?? { name: step, passed: false, detail: t('selftest.no_answer') }];
    }
    show('camera');
    const cameras = (await navigator.mediaDevices.enumerateDevices()).filter(
      (d) => d.kind === 'videoinput',
    ).length;
    done = [...done, { name: 'camera', passed: cameras > 0, detail: t.plural('selftest.cameras', cameras) }];
    setLines(done);
    setRunning(false);
  };
  const failed = lines?.filter((l) => l.passed === false) ?? [];
  const finished = lines !== null && !running;
  return (
    <section>
      <button class="primary" disabled={running} onClick={() => void run()}>
        {t(running ? 'selftest.running' : 'selftest.run')}
      </button>
      {lines && (
        <ul data-testid="staff-selftest" aria-busy={running}>
          {lines.map((l) => (
            <li key={l.name} data-outcome={l.passed === null ? 'pending' : l.passed ? 'passed' : 'failed'}>
              {l.passed === null ? '…' : l.passed ? '✓' : '✕'} {l.name}: {l.detail}
            </li>
          ))}
        </ul>
      )}
      {finished && (
        <p role="status" data-testid="selftest-summary">
          {failed.length === 0
            ? t('selftest.all_passed', { n: lines.length })
            : t('selftest.some_failed', {
                failed: failed.length,
                n: lines.length,
                names: failed.map((l) => l.name).join(', '),
              })}
        </p>
      )}
    </section>
  );
}
