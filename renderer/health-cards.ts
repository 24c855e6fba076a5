/*
 * Staff health at a glance: the health JSON the main process sends, turned into one card per part
 * of the kiosk, each with a status and a sentence saying what it means and what to do. Pure, so
 * the wording and thresholds are tested without a browser; the raw JSON stays behind "details".
 */

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
const gb = (bytes: number): string => `${(bytes / 1e9).toFixed(1)} GB`;

/** `now`: wall-clock ms, for how long a visitor has waited for staff. */
export function healthCards(health: unknown, now: number = Date.now()): HealthCard[] {
  const h = obj(health) ?? {};
  const cards: HealthCard[] = [];

  const paused = h.paused === true;
  const waitingSince = num(obj(h.assistance)?.waitingSince);
  const waitingMin = waitingSince === null ? 0 : Math.max(0, Math.round((now - waitingSince) / 60_000));
  cards.push({
    id: 'visitors',
    title: 'Visitors',
    status: paused ? 'bad' : waitingSince !== null ? 'warn' : 'ok',
    sentence:
      (paused
        ? 'Paused by the failure lockout: visitors cannot start. Use "clear lockout" once you have checked the kiosk.'
        : 'Open: visitors can start a check.') +
      (waitingSince === null
        ? ''
        : ` A visitor has asked for staff (${waitingMin < 1 ? 'under a minute' : `${waitingMin} min`} ago): answer at the top of this panel.`),
  });

  const inference = obj(h.inference);
  const state = str(inference?.state);
  const backend = str(inference?.backend) ?? 'no backend';
  const reason = str(inference?.backendReason);
  cards.push({
    id: 'inference',
    title: 'Face analysis',
    status: state === 'ready' ? 'ok' : state === 'starting' || state === 'restarting' ? 'warn' : 'bad',
    sentence:
      state === 'ready'
        ? `Ready on ${backend}${reason ? ` (${reason})` : ''}.`
        : state === 'starting' || state === 'restarting'
          ? `Starting${num(inference?.restarts) ? ` after ${num(inference?.restarts)} restarts` : ''}; visits wait for it.`
          : `Not available${str(inference?.lastError) ? `: ${str(inference?.lastError)}` : ''}. Run the self-test, then restart the kiosk.`,
  });

  const camera = obj(h.camera);
  const fps = num(camera?.framesPerSecond);
  const median = num(camera?.inferenceMedianMs);
  const p95 = num(camera?.inferenceP95Ms);
  // The camera's own I420 when it delivers the capture size; drawn RGBA when it is cropped or scaled.
  const format = str(camera?.format);
  const how =
    format === 'i420'
      ? " Frames come in the camera's own format, uncropped."
      : format === 'rgba'
        ? ' Frames are drawn and converted (the camera does not deliver the capture size, or its frames cannot be read directly): centre-cropped, never stretched.'
        : '';
  cards.push({
    id: 'camera',
    title: 'Camera and speed',
    status: fps === null ? 'ok' : fps < 5 ? 'warn' : 'ok',
    sentence:
      fps === null
        ? 'No frames analysed yet: the camera is on only during a visit.'
        : `${fps} frames/s analysed in recent visits; analysis takes ${median} ms (95% within ${p95} ms).${how}${
            fps < 5 ? ' Slow: check the CPU load and the backend.' : ''
          }`,
  });

  const free = num(h.diskFreeBytes);
  cards.push({
    id: 'disk',
    title: 'Disk',
    status: free === null ? 'warn' : free < DISK_BAD_BYTES ? 'bad' : free < DISK_WARN_BYTES ? 'warn' : 'ok',
    sentence:
      free === null
        ? 'Free space unknown on this system.'
        : free < DISK_WARN_BYTES
          ? `Only ${gb(free)} free: results and evidence may soon not be written. Free some space.`
          : `${gb(free)} free.`,
  });

  const cloud = obj(h.cloud);
  const policy = str(cloud?.policy) ?? 'off';
  const queued = num(cloud?.queued) ?? 0;
  const cloudError = str(cloud?.lastError);
  cards.push({
    id: 'cloud',
    title: 'Cloud re-verification',
    status: policy === 'off' ? 'ok' : cloudError || queued > 100 ? 'warn' : 'ok',
    sentence:
      policy === 'off'
        ? 'Off: verdicts are decided on the kiosk alone.'
        : `${policy}; ${queued} attempt${queued === 1 ? '' : 's'} waiting${cloudError ? `; last error: ${cloudError}` : ''}.`,
  });

  const records = num(h.journalRecords) ?? 0;
  const disagreements = num(h.cloudDisagreements) ?? 0;
  cards.push({
    id: 'journal',
    title: 'Results',
    status: disagreements > 0 ? 'warn' : 'ok',
    sentence: `${records} attempt${records === 1 ? '' : 's'} recorded${
      disagreements > 0 ? `; the cloud disagreed with ${disagreements}: see results, "cloud disagrees"` : ''
    }.`,
  });

  const evidence = obj(h.evidence);
  const mode = str(evidence?.mode);
  const unprotected = evidence?.developmentKey === true;
  cards.push({
    id: 'evidence',
    title: 'Evidence',
    status: mode === 'encrypted' && unprotected ? 'warn' : 'ok',
    sentence:
      mode === 'none'
        ? 'No camera frames are kept.'
        : unprotected
          ? `Key frames are kept encrypted, but the key is not protected by the system (${str(evidence?.keyProtection) ?? 'unknown'}).`
          : 'Key frames are kept encrypted, the key protected by the system.',
  });

  const dumps = obj(h.crashDumps);
  const count = num(dumps?.count) ?? 0;
  const newest = obj(Array.isArray(dumps?.newest) ? dumps.newest[0] : null);
  cards.push({
    id: 'crashes',
    title: 'Crash dumps',
    status: count > 0 ? 'warn' : 'ok',
    sentence:
      count > 0
        ? `${count} crash dump${count === 1 ? '' : 's'} kept on this kiosk${
            str(newest?.modifiedAt) ? `, the newest from ${str(newest?.modifiedAt)}` : ''
          }.`
        : 'None.',
  });

  const updates = obj(h.updates);
  const version = str(h.version) ?? 'unknown';
  const status = str(updates?.status);
  const next = str(updates?.version);
  cards.push({
    id: 'updates',
    title: 'Version and updates',
    status: status === 'failed' ? 'warn' : 'ok',
    sentence:
      status === 'downloading'
        ? `Version ${version}; downloading ${next} (${num(updates?.percent) ?? 0}%).`
        : status === 'waiting_for_idle'
          ? `Version ${version}; ${next} is downloaded and installs when no one has used the kiosk for two minutes.`
          : status === 'installing'
            ? `Installing ${next}: the kiosk restarts.`
            : status === 'failed'
              ? `Version ${version}; the last update check failed (${str(updates?.message) ?? 'no reason given'}). It is tried again later; check the update URL and the network.`
              : status === 'checking'
                ? `Version ${version}; checking for updates.`
                : status === 'up_to_date'
                  ? `Version ${version}, up to date.`
                  : `Version ${version}. Automatic updates are off (set the update URL in settings to turn them on).`,
  });
  return cards;
}
