import {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  powerSaveBlocker,
  protocol,
  safeStorage,
  session,
} from 'electron';
import { join } from 'node:path';
import { CloudQueue } from './cloud/cloud-queue';
import type { CloudSettings } from './cloud/cloud-settings';
import { CloudVerifier } from './cloud/cloud-verifier';
import { rekognitionDetector } from './cloud/rekognition-detector';
import { InferenceService } from './inference/inference-service';
import type { LivenessConfig } from './liveness';
import { bindKioskIpc } from './ipc';
import { KioskService } from './kiosk-service';
import { fileLog } from './ops/log';
import {
  APP_ORIGIN,
  APP_PAGE,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  appResponse,
  isAppPage,
} from './shell/app-protocol';
import { lockDown, relaunchOnCrash } from './shell/lockdown';
import { ResultsJournal, cloudOutcomeRecordOf, journalRecordOf } from './store/results-journal';
import { keyFrameJpeg } from './cloud/key-frames';
import { EvidenceStore, loadEvidenceCipher, type EvidenceCipher } from './store/evidence-store';
import { SettingsStore, type KioskSettings } from './store/settings-store';
import { StaffService, type SelfTestStep } from './ops/staff-service';
import { NETS_FOR_ANALYSIS } from './inference/face-analyzer';
import { readVerifiedNets } from './inference/model-catalogue';
import { statfs } from 'node:fs/promises';
import { kioskWindowOptions } from './window';

// Electron lifecycle: one hardened, locked-down window on app://kiosk, inference in a worker, the
// kiosk services on IPC, the journal and (if configured) the cloud queue.
const development = !app.isPackaged && process.env.KIOSK_DEV === '1';
const rendererDir = join(__dirname, '..', 'renderer');
let quitting = false;
// The cloud's default quality too, so with both on each key frame is encoded once (keyFrameJpeg).
const EVIDENCE_JPEG_QUALITY = 80;

// Structured, rotated, scrubbed of personal data (main/ops/log.ts); echoed to stdout in development.
const log = fileLog(join(app.getPath('userData'), 'logs'), { echo: development });

/** Cloud re-verification per the settings; off by default. */
async function startCloud(
  settings: CloudSettings,
  config: LivenessConfig,
  cipher: EvidenceCipher,
  evidence: EvidenceStore | null,
  journal: ResultsJournal,
): Promise<CloudVerifier | undefined> {
  if (settings.policy === 'off') return undefined;
  const verifier = new CloudVerifier({
    settings,
    queue: await CloudQueue.open(join(app.getPath('userData'), 'cloud-queue'), { cipher }),
    detector: rekognitionDetector(detectorSettings(settings)),
    // The cloud is judged by the same thresholds as the kiosk: one engine, one configuration.
    config,
    onEvent: (event) => {
      log(`cloud.${event.type}`, { ...event });
      // Recorded beside the attempt, so the staff panel shows agreement, waiting and expiry.
      const outcome = cloudOutcomeRecordOf(event, Date.now());
      if (outcome)
        void journal
          .append(outcome)
          .catch((error: unknown) => log('journal.append_failed', { message: String(error) }));
      // Once the cloud has answered, the kiosk's own copy of the frames goes too, if so set.
      if (event.type === 'verified' && settings.purgeEvidenceAfterVerification)
        void evidence?.delete(event.id);
    },
  });
  verifier.start();
  return verifier;
}

const detectorSettings = (s: CloudSettings) => ({
  region: s.region,
  profile: s.profile,
  endpoint: s.endpoint,
  requestTimeoutMs: s.requestTimeoutMs,
});

async function start(): Promise<void> {
  const inference = new InferenceService({ workerPath: join(__dirname, 'inference-worker.js'), log });
  const store = SettingsStore.open({ directory: app.getPath('userData'), version: app.getVersion() });
  if (store.notice) log('settings.replaced_by_defaults', { notice: store.notice });
  const settings = store.get();
  app.setLoginItemSettings({ openAtLogin: settings.startAtLogin && app.isPackaged });
  // Key frames are personal data: sealed with a key kept by the OS (safeStorage).
  const cipher = await loadEvidenceCipher(app.getPath('userData'), safeStorage);
  if (cipher.development)
    log('evidence.development_key', {
      warning: 'safeStorage unavailable: evidence is not protected at rest',
    });
  const evidence =
    settings.evidence.mode === 'encrypted'
      ? new EvidenceStore(join(app.getPath('userData'), 'evidence'), cipher)
      : null;
  const purge = () =>
    void evidence
      ?.purge(Date.now(), settings.evidence.retentionDays)
      .then((n) => n && log('evidence.purged', { attempts: n }))
      .catch((error: unknown) => log('evidence.purge_failed', { message: String(error) }));
  purge();
  setInterval(purge, 3600_000).unref();
  const journal = await ResultsJournal.open(join(app.getPath('userData'), 'journal'));
  const cloud = await startCloud(settings.cloud, settings.liveness, cipher, evidence, journal).catch(
    (error: unknown) => {
      log('cloud.start_failed', { message: String(error) });
      return undefined;
    },
  );
  const started = Date.now();
  // The staff panel's back end; it reaches the kiosk service (built just below) lazily.
  let kiosk: KioskService | null = null;
  const staff = new StaffService({
    readPin: () => store.get().staffPin,
    writePin: (state) => void store.update('staffPin', state),
    readSettings: () => ({ settings: store.get(), notice: store.notice }),
    updateSettings: (section, value) => {
      const r = store.update(section as keyof KioskSettings, value);
      return r.ok ? { ok: true } : r;
    },
    health: async () => {
      const { records } = await journal.read();
      return {
        version: app.getVersion(),
        uptimeS: Math.round((Date.now() - started) / 1000),
        inference: inference.health,
        camera: kiosk?.health().frames ?? null,
        cloud: cloud?.stats() ?? { policy: 'off' },
        diskFreeBytes: await freeBytes(app.getPath('userData')),
        journalRecords: records.length,
        cloudDisagreements: records.filter((r) => r.cloud?.agreement === 'disagree').length,
        paused: kiosk?.locked ?? false,
        evidence: { mode: settings.evidence.mode, developmentKey: cipher.development },
      };
    },
    results: async () => (await journal.read()).records,
    clearLockout: () => kiosk?.clearLockout(),
    selfTest: () => selfTest(inference),
    restart: () => {
      quitting = true;
      app.relaunch();
      app.exit(0);
    },
    log,
  });
  const service = new KioskService({
    staff,
    inference,
    version: app.getVersion(),
    config: settings.liveness,
    captureSize: { width: settings.camera.width, height: settings.camera.height },
    cameraDeviceId: settings.camera.deviceId,
    language: settings.language,
    lockout: settings.lockout,
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
    // A journal that cannot write (full disk) is logged; the visitor's result stands.
    onVerdict: (verdict) =>
      void journal
        .append(journalRecordOf(verdict, Date.now()))
        .catch((error: unknown) => log('journal.append_failed', { message: String(error) })),
  });
  kiosk = service;
  bindKioskIpc(ipcMain, service, isAppPage);
  inference.start().catch((error: unknown) => log('inference.start_failed', { message: String(error) }));

  protocol.handle(APP_SCHEME, (request) => appResponse(request.url, rendererDir));
  // The camera is the only permission, and only for the kiosk's own page.
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback, details) => {
    const media = details as { mediaTypes?: string[] };
    callback(
      permission === 'media' && isAppPage(contents.getURL()) && !(media.mediaTypes ?? []).includes('audio'),
    );
  });
  session.defaultSession.setPermissionCheckHandler(
    (_contents, permission, origin) => permission === 'media' && origin === APP_ORIGIN,
  );

  const window = new BrowserWindow(
    kioskWindowOptions(join(__dirname, '..', 'preload', 'index.js'), !development),
  );
  lockDown(
    window,
    {
      setApplicationMenu: (menu) => Menu.setApplicationMenu(menu),
      preventDisplaySleep: () => powerSaveBlocker.start('prevent-display-sleep'),
      quitting: () => quitting,
      log,
    },
    development,
  );
  window.once('ready-to-show', () => window.show());
  app.on('before-quit', () => {
    quitting = true;
    void inference.close();
    void cloud?.stop();
  });
  await window.loadURL(APP_PAGE);
}

async function freeBytes(path: string): Promise<number | null> {
  try {
    const s = await statfs(path);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

/** The staff panel's self-test: model integrity, inference on a blank frame, disk space. */
async function selfTest(inference: InferenceService): Promise<SelfTestStep[]> {
  const steps: SelfTestStep[] = [];
  try {
    await readVerifiedNets(NETS_FOR_ANALYSIS);
    steps.push({ name: 'models', passed: true, detail: 'every weight file matches its SHA-256' });
  } catch (error) {
    steps.push({ name: 'models', passed: false, detail: String(error) });
  }
  try {
    const blank = { width: 640, height: 480, data: new Uint8Array(640 * 480 * 4) };
    const t0 = Date.now();
    const r = await inference.analyze(blank);
    const faces = r.status === 'done' ? r.result.faces.length : -1;
    steps.push({
      name: 'inference',
      passed: faces === 0,
      detail: `${inference.health.backend ?? 'no backend'}, blank frame: ${faces} faces in ${Date.now() - t0} ms`,
    });
  } catch (error) {
    steps.push({ name: 'inference', passed: false, detail: String(error) });
  }
  const free = await freeBytes(app.getPath('userData'));
  steps.push({
    name: 'disk',
    passed: free === null || free > 200 * 1024 * 1024,
    detail: free === null ? 'unknown' : `${Math.round(free / 1024 / 1024)} MiB free`,
  });
  return steps;
}

relaunchOnCrash(process, app, log, development);
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(start);
}
