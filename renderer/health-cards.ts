/*
 * Staff health at a glance: the health JSON the main process sends, turned into one card per part
 * of the kiosk, each with a status and a sentence saying what it means and what to do. Pure, so
 * the wording and thresholds are tested without a browser; the raw JSON stays behind "details".
 */

import { elapsedText, staffTranslator, type StaffTranslate } from './staff-strings';

export type CardStatus = 'ok' | 'warn' | 'bad';

export interface HealthCard {
  readonly id: string;
  readonly title: string;
  readonly status: CardStatus;
  readonly sentence: string;
}

/** Free disk below these is a warning, then a problem (journal, evidence and the cloud queue write there). */
export const DISK_WARN_BYTES = 1e9;
export const DISK_BAD_BYTES = 200e6;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null => (v !== null && typeof v === 'object' ? (v as Json) : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
/** Screen-light responses are shares near 0.01-0.1: three decimals say all that matters. */
const round3 = (x: number): number => Math.round(x * 1000) / 1000;
/** Passing visits needed before the panel suggests a screen-light bar. */
export const SCREEN_LIGHT_MIN_VISITS = 30;
/**
 * Below this a bar cannot tell a face from a screen: the corpus's screens and devices read up to
 * 0.009 (once 0.027, a phone's glass mirroring the colours).
 */
export const SCREEN_LIGHT_WEAKEST_BAR = 0.01;

/** Gigabytes with one decimal, in the panel's number format. */
const gb = (bytes: number): number => Math.round(bytes / 1e8) / 10;

/**
 * `now`: wall-clock ms, for how long a visitor has waited for staff. `t`: the panel's language
 * (English by default).
 */
export function healthCards(
  health: unknown,
  now: number = Date.now(),
  t: StaffTranslate = staffTranslator('en'),
): HealthCard[] {
  const h = obj(health) ?? {};
  const cards: HealthCard[] = [];
  const join = (...parts: (string | null | false)[]) => parts.filter(Boolean).join(' ');

  const paused = h.paused === true;
  const waitingSince = num(obj(h.assistance)?.waitingSince);

  cards.push({
    id: 'visitors',
    title: t('card.visitors'),
    status: paused ? 'bad' : waitingSince !== null ? 'warn' : 'ok',
    sentence: join(
      t(paused ? 'card.visitors.paused' : 'card.visitors.open'),
      waitingSince !== null && t('card.visitors.waiting', { ago: elapsedText(now - waitingSince) }),
    ),
  });

  const inference = obj(h.inference);
  const state = str(inference?.state);
  const backend = str(inference?.backend) ?? t('unknown');
  const reason = str(inference?.backendReason);
  const restarts = num(inference?.restarts);
  const lastError = str(inference?.lastError);
  cards.push({
    id: 'inference',
    title: t('card.inference'),
    status: state === 'ready' ? 'ok' : state === 'starting' || state === 'restarting' ? 'warn' : 'bad',
    sentence:
      state === 'ready'
        ? reason
          ? t('card.inference.ready_because', { backend, reason })
          : t('card.inference.ready', { backend })
        : state === 'starting' || state === 'restarting'
          ? restarts
            ? t('card.inference.restarting', { n: restarts })
            : t('card.inference.starting')
          : lastError
            ? t('card.inference.down_because', { error: lastError })
            : t('card.inference.down'),
  });

  const camera = obj(h.camera);
  const fps = num(camera?.framesPerSecond);
  const median = num(camera?.inferenceMedianMs) ?? 0;
  const p95 = num(camera?.inferenceP95Ms) ?? 0;
  // The camera's own I420 when it delivers the capture size; drawn RGBA when it is cropped or scaled.
  const format = str(camera?.format);
  cards.push({
    id: 'camera',
    title: t('card.camera'),
    status: fps === null ? 'ok' : fps < 5 ? 'warn' : 'ok',
    sentence:
      fps === null
        ? t('card.camera.none')
        : join(
            t('card.camera.rate', { fps, median, p95 }),
            format === 'i420' && t('card.camera.i420'),
            format === 'rgba' && t('card.camera.rgba'),
            fps < 5 && t('card.camera.slow'),
          ),
  });

  const free = num(h.diskFreeBytes);
  cards.push({
    id: 'disk',
    title: t('card.disk'),
    status: free === null ? 'warn' : free < DISK_BAD_BYTES ? 'bad' : free < DISK_WARN_BYTES ? 'warn' : 'ok',
    sentence:
      free === null
        ? t('card.disk.unknown')
        : t(free < DISK_WARN_BYTES ? 'card.disk.low' : 'card.disk.free', { gb: gb(free) }),
  });

  const cloud = obj(h.cloud);
  const policy = str(cloud?.policy) ?? 'off';
  const queued = num(cloud?.queued) ?? 0;
  const cloudError = str(cloud?.lastError);
  cards.push({
    id: 'cloud',
    title: t('card.cloud'),
    status: policy === 'off' ? 'ok' : cloudError || queued > 100 ? 'warn' : 'ok',
    sentence:
      policy === 'off'
        ? t('card.cloud.off')
        : join(
            t.plural('card.cloud.on', queued, { policy }),
            cloudError !== null && t('card.cloud.error', { error: cloudError }),
          ),
  });

  const records = num(h.journalRecords) ?? 0;
  const disagreements = num(h.cloudDisagreements) ?? 0;
  cards.push({
    id: 'journal',
    title: t('card.journal'),
    status: disagreements > 0 ? 'warn' : 'ok',
    sentence: join(
      t.plural('card.journal.count', records),
      disagreements > 0 && t('card.journal.disagree', { n: disagreements }),
    ),
  });

  const light = obj(h.screenLight);
  const lightMode = str(light?.mode);
  // Shown once staff turn the screen light on: in observe mode it is how they choose a bar.
  if (lightMode === 'observe' || lightMode === 'enforce') {
    const bar = num(light?.bar);
    const visits = num(light?.visits) ?? 0;
    const p5 = num(light?.p5);
    const median = num(light?.median);
    const suggested = p5 !== null ? round3(Math.max(0, p5) / 3) : null;
    const enough = visits >= SCREEN_LIGHT_MIN_VISITS && suggested !== null;
    const weak = enough && suggested < SCREEN_LIGHT_WEAKEST_BAR;
    const thin = lightMode === 'enforce' && enough && !weak && bar !== null && p5! < 1.5 * bar;
    cards.push({
      id: 'screen_light',
      title: t('card.screen_light'),
      status: thin || weak ? 'warn' : 'ok',
      sentence: join(
        lightMode === 'enforce'
          ? t('card.screen_light.enforced', { bar: bar ?? 0 })
          : t('card.screen_light.observing'),
        visits > 0 &&
          median !== null &&
          p5 !== null &&
          t('card.screen_light.figures', { n: visits, median: round3(median), p5: round3(p5) }),
        weak
          ? t('card.screen_light.weak', { suggested, weakest: SCREEN_LIGHT_WEAKEST_BAR })
          : lightMode === 'observe' &&
              (enough
                ? t('card.screen_light.suggest', { suggested })
                : t('card.screen_light.few', { n: SCREEN_LIGHT_MIN_VISITS })),
        thin && t('card.screen_light.thin', { suggested }),
      ),
    });
  }

  const evidence = obj(h.evidence);
  const mode = str(evidence?.mode);
  const unprotected = evidence?.developmentKey === true;
  cards.push({
    id: 'evidence',
    title: t('card.evidence'),
    status: mode === 'encrypted' && unprotected ? 'warn' : 'ok',
    sentence:
      mode === 'none'
        ? t('card.evidence.none')
        : unprotected
          ? t('card.evidence.unprotected', { protection: str(evidence?.keyProtection) ?? t('unknown') })
          : t('card.evidence.protected'),
  });

  const dumps = obj(h.crashDumps);
  const count = num(dumps?.count) ?? 0;
  const newest = obj(Array.isArray(dumps?.newest) ? dumps.newest[0] : null);
  const newestAt = str(newest?.modifiedAt);
  cards.push({
    id: 'crashes',
    title: t('card.crashes'),
    status: count > 0 ? 'warn' : 'ok',
    sentence:
      count > 0
        ? join(
            t.plural('card.crashes.kept', count),
            newestAt !== null && t('card.crashes.newest', { time: newestAt }),
          )
        : t('card.crashes.none'),
  });

  const updates = obj(h.updates);
  const version = str(h.version) ?? t('unknown');
  const status = str(updates?.status);
  const next = str(updates?.version) ?? '';
  cards.push({
    id: 'updates',
    title: t('card.updates'),
    status: status === 'failed' ? 'warn' : 'ok',
    sentence:
      status === 'downloading'
        ? t('card.updates.downloading', { version, next, percent: num(updates?.percent) ?? 0 })
        : status === 'waiting_for_idle'
          ? t('card.updates.waiting', { version, next })
          : status === 'installing'
            ? t('card.updates.installing', { next })
            : status === 'failed'
              ? t('card.updates.failed', { version, message: str(updates?.message) ?? t('no_reason') })
              : status === 'checking'
                ? t('card.updates.checking', { version })
                : status === 'up_to_date'
                  ? t('card.updates.up_to_date', { version })
                  : t('card.updates.off', { version }),
  });
  return cards;
}
