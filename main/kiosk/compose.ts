import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { CloudQueue } from '../cloud/cloud-queue';
import type { CloudSettings } from '../cloud/cloud-settings';
import { CloudVerifier } from '../cloud/cloud-verifier';
import { keyFrameJpeg } from '../cloud/key-frames';
import { rekognitionDetector } from '../cloud/rekognition-detector';
import { NETS_FOR_ANALYSIS } from '../inference/face-analyzer';
import { InferenceService } from '../inference/inference-service';
import { readVerifiedNets } from '../inference/model-catalogue';
import { screenLightMode, type Challenge, type LivenessConfig, type Verdict } from '../liveness';
import { listCrashDumps } from '../ops/crash-dumps';
import { freeBytes } from '../ops/disk';
import { logDirectory, type Log } from '../ops/log';
import { exportTargets, filesIn } from '../ops/diagnostics-export';
import { UpdateService, type UpdateState } from '../ops/updates';
import { selfTestStep } from '../ops/self-test';
import { StaffService } from '../ops/staff-service';
import { EvidenceStore, loadEvidenceCipher, type EvidenceCipher } from '../store/evidence-store';
import {
  ResultsJournal,
  assistedRecordOf,
  cloudOutcomeRecordOf,
  journalRecordOf,
  type JournalEntry,
} from '../store/results-journal';
import { CredentialsStore } from '../store/credentials-store';
import { SettingsStore, type KioskSettings } from '../store/settings-store';
import { NEW_PIN_STATE } from '../ops/staff-pin';
import { StartupError, type Dispatch, type KioskHost } from './host';
import { KioskService } from './kiosk-service';
import { StaffAssistance } from './staff-assistance';

/*
 * The composition root: the whole kiosk (settings, journal, evidence, failure lockout, staff
 * service, inference, cloud verifier, kiosk service, self-test, health) built from a host. Electron
 * and the preview call this and nothing else, so what runs in the preview is what runs in Electron.
 */

// The cloud's default quality too, so with both on each key frame is encoded once (keyFrameJpeg).
const EVIDENCE_JPEG_QUALITY = 80;
/** An update installs only after this long without a visit: the result screen is long gone. */
const UPDATE_QUIET_MS = 2 * 60_000;
const HOUR_MS = 3600_000;

export type AttemptListener = (verdict: Verdict, challenge: Challenge) => void;

export interface Kiosk {
  /** The kiosk page's requests, validated against the contract (what the host's transport calls). */
  readonly dispatch: Dispatch;
  readonly service: KioskService;
  readonly settings: KioskSettings;
  readonly inference: InferenceService;
  /** Told of every finished attempt, after the journal was asked to record it. */
  onAttemptFinished(listener: AttemptListener): () => void;
  /** Stops the worker, the cloud drain and the timers; unbinds the transport. */
  close(): Promise<void>;
}

/** Runs a start-up stage; a failure becomes a StartupError naming the stage and what to do. */
async function stage<T>(name: StartupError['stage'], advice: string, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof StartupError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new StartupError(name, `Start-up failed at ${name}: ${message}`, advice, { cause: error });
  }
}

export async function composeKiosk(host: KioskHost): Promise<Kiosk> {
  const { dataDir, log } = host;
  const timers: NodeJS.Timeout[] = [];
  await stage('data_dir', `Check that ${dataDir} exists and the kiosk's user may write to it.`, () =>
    mkdir(dataDir, { recursive: true }),
  );
  const store = await stage(
    'settings',
    'Check the data directory; an unusable settings file is normally set aside by itself.',
    () => SettingsStore.open({ directory: dataDir, version: host.version }),
  );
  if (store.notice) log('settings.repaired', { notice: store.notice });
  const settings = store.get();
  // The PIN and the lockout, apart from the settings; earlier versions kept the PIN in settings.json.
  const legacyPin = settings.staffPin.hash !== null ? settings.staffPin : null;
  const credentials = await stage(
    'credentials',
    `credentials.json in ${dataDir} holds the staff PIN's hash and the visitor lockout: restore it from a backup, or, on site, move it aside to set a new PIN at the kiosk.`,
    () => CredentialsStore.open(dataDir, legacyPin),
  );
  if (legacyPin) {
    store.update('staffPin', NEW_PIN_STATE);
    log('credentials.migrated', { from: 'settings.json' });
  }
  host.setStartAtLogin(settings.startAtLogin);

  // Key frames are personal data: sealed with a key kept by the OS (safeStorage).
  const cipher = await stage(
    'evidence_key',
    'The evidence key could not be opened (was the OS keyring reset?). Move evidence.key aside to start with a new key; evidence sealed with the old one becomes unreadable.',
    () => loadEvidenceCipher(dataDir, host.secrets),
  );
  if (cipher.development)
    log('evidence.key_unprotected', {
      protection: cipher.protection,
      warning: 'no OS key protection: evidence is not protected at rest',
    });
  // A kiosk (a host with a key store) keeps evidence only where the OS protects its key, unless
  // staff accepted otherwise; the preview (no key store) runs on its development key.
  if (
    host.secrets &&
    cipher.development &&
    settings.evidence.mode === 'encrypted' &&
    !settings.evidence.acceptUnprotectedKey
  ) {
    throw new StartupError(
      'evidence_key',
      cipher.protection === 'basic_text'
        ? "The OS keyring is not running: Electron's safeStorage fell back to basic_text, a fixed password, so evidence frames would not be protected at rest."
        : 'The OS cannot protect the evidence key (safeStorage is unavailable), so evidence frames would not be protected at rest.',
      `Run the kiosk in a session with a keyring (gnome-keyring or KWallet, unlocked at login), or, in ${join(dataDir, 'settings.json')}, set "evidence": {"mode": "none"} to keep no frames, or "acceptUnprotectedKey": true to keep them unprotected.`,
    );
  }
  const evidence =
    settings.evidence.mode === 'encrypted' ? new EvidenceStore(join(dataDir, 'evidence'), cipher) : null;

  const journal = await stage(
    'journal',
    'Check that the disk is not full and the data directory is writable.',
    () => ResultsJournal.open(join(dataDir, 'journal')),
  );
  // Checked here, before a window opens, so a broken install says so instead of a kiosk that never sees.
  await stage('models', 'Reinstall the kiosk: its model files are missing or altered.', () =>
    readVerifiedNets(NETS_FOR_ANALYSIS, host.modelDirectory),
  );
  // Every stage passed: from here on the kiosk runs, so its timers may start.
  const purge = () =>
    void evidence
      ?.purge(Date.now(), settings.evidence.retentionDays)
      .then((n) => n && log('evidence.purged', { attempts: n }))
      .catch((error: unknown) => log('evidence.purge_failed', { message: String(error) }));
  purge();
  timers.push(setInterval(purge, HOUR_MS).unref());
  const inference = new InferenceService({
    workerPath: host.workerPath,
    log,
    ...(host.modelDirectory ? { modelDirectory: host.modelDirectory } : {}),
  });
  const cloud = await startCloud(
    settings.cloud,
    settings.liveness,
    cipher,
    evidence,
    journal,
    dataDir,
    log,
    settings.evidence.retentionDays * 24 * HOUR_MS,
  ).catch((error: unknown) => {
    log('cloud.start_failed', { message: String(error) });
    return undefined;
  });

  const started = Date.now();
  // Visitors' requests for staff: asked on the visitor screen, settled in the staff panel, journalled.
  const assistance = new StaffAssistance({
    log,
    onSettled: (request) => record(journal, log, () => assistedRecordOf(request, settings.kiosk)),
  });
  const listeners = new Set<AttemptListener>();
  // The staff panel's back end; it reaches the kiosk service (built just below) lazily.
  let service: KioskService | null = null;
  // Updates: off unless staff set a feed URL and the host can update itself (Electron, packaged).
  const feedUrl = settings.updates.url;
  const updates: UpdateService = new UpdateService({
    updater: feedUrl && host.createUpdater ? host.createUpdater(feedUrl) : null,
    isIdle: (): boolean => (service?.isQuietFor(UPDATE_QUIET_MS) ?? false) && !staff.panelInUse,
    checkEveryMs: settings.updates.checkEveryHours * 3_600_000,
    log,
  });
  const health = async (): Promise<Record<string, unknown>> => {
    const journalSummary = await journal.summary();
    return {
      kiosk: settings.kiosk,
      version: host.version,
      updates: updates.state,
      uptimeS: Math.round((Date.now() - started) / 1000),
      inference: inference.health,
      camera: service?.health().frames ?? null,
      cloud: cloud?.stats() ?? { policy: 'off' },
      diskFreeBytes: await freeBytes(dataDir),
      journalRecords: journalSummary.records,
      cloudDisagreements: journalSummary.cloudDisagreements,
      // What passing visitors reflect of the screen's light: the figures a bar is set from.
      screenLight: {
        mode: screenLightMode(settings.liveness),
        bar: settings.liveness.verdict.minScreenLightResponse,
        ...journalSummary.screenLight,
      },
      paused: service?.locked ?? false,
      assistance: { waitingSince: assistance.waiting?.askedAt ?? null },
      crashDumps: await listCrashDumps(host.crashDumpsDir),
      evidence: {
        mode: settings.evidence.mode,
        keyProtection: cipher.protection,
        developmentKey: cipher.development,
      },
    };
  };
  const staff: StaffService = new StaffService({
    readPin: () => credentials.pin,
    writePin: (state) => credentials.setPin(state),
    readSettings: () => ({ settings: store.get(), notice: store.notice }),
    updateSettings: (section, value) => {
      const r = store.update(section as keyof KioskSettings, value);
      return r.ok ? { ok: true } : r;
    },
    health,
    results: async () => (await journal.read()).records,
    recentResults: (limit, keep) => journal.recent(limit, keep),
    clearLockout: () => service?.clearLockout() ?? false,
    selfTest: (step) => selfTestStep(step, inference, dataDir, host.modelDirectory),
    restart: () => host.restart(),
    quit: () => host.quit(),
    exportTargets: () => exportTargets(dataDir),
    checkUpdates: (): UpdateState => {
      void updates.check();
      return updates.state;
    },
    assistance,
    diagnostics: async () => {
      const { staffPin: _hash, ...withoutSecrets } = store.get();
      const logs = await filesIn(logDirectory(dataDir), (name) => name.endsWith('.log'));
      const dumps = await filesIn(host.crashDumpsDir, (name) => name.endsWith('.dmp'));
      return [
        { name: 'health.json', content: JSON.stringify(await health(), null, 1) },
        { name: 'settings.json', content: JSON.stringify(withoutSecrets, null, 1) },
        { name: 'journal-summary.json', content: JSON.stringify(await journal.summary(), null, 1) },
        ...logs.map((path) => ({ name: `logs/${basename(path)}`, content: { copyFrom: path } })),
        ...dumps.map((path) => ({ name: `crash-dumps/${basename(path)}`, content: { copyFrom: path } })),
      ];
    },
    log,
  });
  service = new KioskService({
    staff,
    assistance,
    inference,
    version: host.version,
    config: settings.liveness,
    captureSize: { width: settings.camera.width, height: settings.camera.height },
    cameraDeviceId: settings.camera.deviceId,
    language: settings.language,
    lockout: settings.lockout,
    monotonic: () => performance.now(),
    // Persisted: a restart or a crash relaunch does not clear a paused kiosk.
    lockoutStore: { load: () => credentials.lockout, save: (state) => credentials.setLockout(state) },
    ...(host.challengeRandom ? { random: host.challengeRandom } : {}),
    ...(evidence
      ? {
          onKeyFrames: (challenge, _verdict, keyFrames) =>
            void Promise.all(
              keyFrames.map(async (k) => ({
                timestampMs: k.timestampMs,
                jpeg: await keyFrameJpeg(k, EVIDENCE_JPEG_QUALITY),
              })),
            )
              .then((frames) => evidence.save(challenge.id, frames, Date.now()))
              .catch((error: unknown) => log('evidence.save_failed', { message: String(error) })),
        }
      : {}),
    ...(cloud ? { cloud } : {}),
    log,
    onVerdict: (verdict, challenge) => {
      record(journal, log, () => journalRecordOf(verdict, Date.now(), settings.kiosk));
      for (const listener of listeners) listener(verdict, challenge);
    },
  });
  const kioskService = service;
  const dispatch: Dispatch = (channel, payload) => kioskService.dispatch(channel, payload);
  const unbind = host.serve(dispatch);
  // The worker loads in the background; until it is ready, the page shows "analysis unavailable".
  inference.start().catch((error: unknown) => log('inference.start_failed', { message: String(error) }));
  updates.start();
  return {
    dispatch,
    service: kioskService,
    settings,
    inference,
    onAttemptFinished: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => {
      unbind();
      updates.stop();
      timers.forEach(clearInterval);
      await Promise.all([inference.close(), cloud?.stop()]);
    },
  };
}

/**
 * Journals an entry in the background. A journal that cannot write (full disk) or refuses the
 * entry (made or appended) is logged; what the visitor was told stands.
 */
function record(journal: ResultsJournal, log: Log, entry: () => JournalEntry): void {
  void Promise.resolve()
    .then(() => journal.append(entry()))
    .catch((error: unknown) => log('journal.append_failed', { message: String(error) }));
}

/** Cloud re-verification per the settings; off by default. */
async function startCloud(
  settings: CloudSettings,
  config: LivenessConfig,
  cipher: EvidenceCipher,
  evidence: EvidenceStore | null,
  journal: ResultsJournal,
  dataDir: string,
  log: Log,
  frameRetentionMs: number,
): Promise<CloudVerifier | undefined> {
  if (settings.policy === 'off') return undefined;
  const verifier = new CloudVerifier({
    settings,
    queue: await CloudQueue.open(join(dataDir, 'cloud-queue'), { cipher }),
    detector: rekognitionDetector({
      region: settings.region,
      profile: settings.profile,
      endpoint: settings.endpoint,
      requestTimeoutMs: settings.requestTimeoutMs,
    }),
    // The cloud is judged by the same thresholds as the kiosk: one engine, one configuration.
    config,
    frameRetentionMs,
    onEvent: (event) => {
      log(`cloud.${event.type}`, { ...event });
      // Recorded beside the attempt, so the staff panel shows agreement, waiting and expiry.
      const outcome = cloudOutcomeRecordOf(event, Date.now());
      if (outcome) record(journal, log, () => outcome);
      // Once the cloud has answered, the kiosk's own copy of the frames goes too, if so set.
      if (event.type === 'verified' && settings.purgeEvidenceAfterVerification)
        void evidence?.delete(event.id);
    },
  });
  verifier.start();
  return verifier;
}

/**
 * Builds the kiosk and opens its window; a start-up that cannot go on is logged with its stack and
 * shown to staff on a plain screen, never retried in a loop.
 */
export async function startKiosk(host: KioskHost): Promise<Kiosk | null> {
  let kiosk: Kiosk;
  try {
    kiosk = await composeKiosk(host);
  } catch (error) {
    const failure =
      error instanceof StartupError
        ? error
        : new StartupError('unexpected', String(error), 'Look at the log for the cause.', { cause: error });
    host.log('kiosk.start_failed', {
      stage: failure.stage,
      message: failure.message,
      stack: (failure.cause instanceof Error ? failure.cause.stack : undefined) ?? failure.stack,
    });
    await host.showStartupError(failure);
    return null;
  }
  try {
    await host.openWindow();
  } catch (error) {
    // No window, no kiosk: stop what was started (the worker, the cloud drain) rather than leak it.
    await kiosk.close().catch(() => undefined);
    throw error;
  }
  return kiosk;
}
