import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { composeKiosk, startKiosk, type Kiosk } from '../../../../main/kiosk/compose';
import { StartupError, type Dispatch, type KioskHost } from '../../../../main/kiosk/host';
import { CHANNELS } from '../../../../preload/contract';
import { NEW_PIN_STATE, setPin } from '../../../../main/ops/staff-pin';

/** A host that records what the composition asks of it. */
function recordingHost(dataDir = mkdtempSync(join(tmpdir(), 'kiosk-compose-'))) {
  const calls: string[] = [];
  const logs: string[] = [];
  const shown: StartupError[] = [];
  let bound: Dispatch | null = null;
  const host: KioskHost = {
    dataDir,
    version: '0.2.0',
    workerPath: join(tmpdir(), 'no-such-worker.js'),
    secrets: null,
    log: (event) => logs.push(event),
    serve: (dispatch) => {
      calls.push('serve');
      bound = dispatch;
      return () => calls.push('unbind');
    },
    openWindow: async () => void calls.push('openWindow'),
    showStartupError: async (error) => void shown.push(error),
    restart: () => calls.push('restart'),
    quit: () => calls.push('quit'),
    setStartAtLogin: (open) => calls.push(`startAtLogin ${open}`),
  };
  return { host, calls, logs, shown, dispatch: () => bound };
}

let kiosk: Kiosk | null = null;
afterEach(async () => {
  await kiosk?.close();
  kiosk = null;
});

describe('the composition root', () => {
  test('binds the transport once, then opens the window', async () => {
    const h = recordingHost();
    kiosk = await startKiosk(h.host);
    expect(kiosk).not.toBeNull();
    expect(h.calls).toEqual(['startAtLogin false', 'serve', 'openWindow']);
  });

  test('the bound dispatcher is the validated kiosk service', async () => {
    const h = recordingHost();
    kiosk = await composeKiosk(h.host);
    expect(await h.dispatch()!(CHANNELS.publicSettings, {})).toMatchObject({
      ok: true,
      value: { captureWidth: 640, captureHeight: 480, language: 'en' },
    });
    expect(await h.dispatch()!(CHANNELS.startSession, { extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
  });

  test('staff reach the staff service through the same dispatcher, and restart goes to the host', async () => {
    const h = recordingHost();
    kiosk = await composeKiosk(h.host);
    const pin = '482916';
    expect(await h.dispatch()!(CHANNELS.staff, { action: 'setFirstPin', payload: { pin } })).toMatchObject({
      ok: true,
    });
    const unlocked = (await h.dispatch()!(CHANNELS.staff, { action: 'unlock', payload: { pin } })) as {
      ok: true;
      value: { token: string };
    };
    await h.dispatch()!(CHANNELS.staff, { action: 'restart', payload: { token: unlocked.value.token } });
    expect(h.calls).toContain('restart');
  });

  test('a visitor who asks for staff shows in the panel and health, and what staff decided goes into the journal', async () => {
    const h = recordingHost();
    kiosk = await composeKiosk(h.host);
    const send = h.dispatch()!;
    const staff = async (action: string, payload: Record<string, unknown>) => {
      const r = (await send(CHANNELS.staff, { action, payload })) as { ok: boolean; value: unknown };
      if (!r.ok) throw new Error(JSON.stringify(r));
      return r.value as Record<string, unknown>;
    };
    const asked = (await send(CHANNELS.askStaff, {})) as { ok: true; value: { requestId: string } };
    const { token } = (await staff('setFirstPin', { pin: '482916' })) as { token: string };
    const { waiting } = (await staff('assistance', { token })) as { waiting: { id: string } };
    expect(waiting.id).toBe(asked.value.requestId);
    expect(await staff('health', { token })).toMatchObject({
      assistance: { waitingSince: expect.any(Number) },
    });
    await staff('settleAssistance', { token, requestId: waiting.id, outcome: 'checked_in' });
    expect(await send(CHANNELS.assistanceStatus, { requestId: waiting.id })).toEqual({
      ok: true,
      value: { requestId: waiting.id, state: 'checked_in' },
    });
    // Journalled apart from liveness attempts, and never as live.
    await expect
      .poll(async () => staff('results', { token, assisted: true }))
      .toEqual([
        expect.objectContaining({
          challengeId: waiting.id,
          live: false,
          assisted: expect.objectContaining({ outcome: 'checked_in' }),
        }),
      ]);
    expect(await staff('health', { token })).toMatchObject({ assistance: { waitingSince: null } });
  });

  test('a staff refusal reaches the page with its own code and numbers, for the panel to word', async () => {
    const h = recordingHost();
    kiosk = await composeKiosk(h.host);
    await h.dispatch()!(CHANNELS.staff, { action: 'setFirstPin', payload: { pin: '482916' } });
    expect(await h.dispatch()!(CHANNELS.staff, { action: 'unlock', payload: { pin: '000000' } })).toEqual({
      ok: false,
      error: {
        code: 'staff',
        message: 'wrong_pin: Wrong PIN; 4 tries left before a lockout.',
        staff: { code: 'wrong_pin', values: { triesLeft: 4 } },
      },
    });
  });

  test('settings come from the data directory', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-compose-'));
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ language: 'de', startAtLogin: true }));
    const h = recordingHost(dataDir);
    kiosk = await composeKiosk(h.host);
    expect(kiosk.settings.language).toBe('de');
    expect(h.calls).toContain('startAtLogin true');
  });

  test('staff health names the kiosk and its site from the settings', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-compose-'));
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({ kiosk: { name: 'Front desk', site: 'Berlin' } }),
    );
    const h = recordingHost(dataDir);
    kiosk = await composeKiosk(h.host);
    const pin = '482916';
    const opened = (await h.dispatch()!(CHANNELS.staff, { action: 'setFirstPin', payload: { pin } })) as {
      ok: true;
      value: { token: string };
    };
    expect(
      await h.dispatch()!(CHANNELS.staff, { action: 'health', payload: { token: opened.value.token } }),
    ).toMatchObject({ ok: true, value: { kiosk: { name: 'Front desk', site: 'Berlin' } } });
  });

  test("a diagnostics bundle goes to the kiosk's exports folder: health, settings without the PIN, journal summary, logs, crash dumps", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-compose-'));
    const crashDumpsDir = mkdtempSync(join(tmpdir(), 'kiosk-crashes-'));
    mkdirSync(join(crashDumpsDir, 'completed'));
    writeFileSync(join(crashDumpsDir, 'completed', 'a1b2.dmp'), 'MDMP');
    // An earlier version kept the PIN hash in settings.json: it must not travel in the bundle.
    const legacy = await setPin(NEW_PIN_STATE, '482916');
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ staffPin: legacy }));
    mkdirSync(join(dataDir, 'logs'));
    writeFileSync(join(dataDir, 'logs', 'kiosk.log'), '{"event":"kiosk.started"}\n');
    const h = recordingHost(dataDir);
    kiosk = await composeKiosk({ ...h.host, crashDumpsDir });
    const staff = (action: string, payload: Record<string, unknown>) =>
      h.dispatch()!(CHANNELS.staff, { action, payload }) as Promise<{ ok: true; value: unknown }>;
    const { token } = (await staff('unlock', { pin: '482916' })).value as { token: string };
    const targets = (await staff('exportTargets', { token })).value as { id: string; path: string }[];
    expect(targets[0]!.path).toBe(join(dataDir, 'exports'));
    const receipt = (await staff('exportDiagnostics', { token, target: targets[0]!.id })).value as {
      directory: string;
      files: string[];
    };
    expect([...receipt.files].sort()).toEqual([
      'crash-dumps/a1b2.dmp',
      'health.json',
      'journal-summary.json',
      'logs/kiosk.log',
      'settings.json',
    ]);
    const settings = readFileSync(join(receipt.directory, 'settings.json'), 'utf8');
    expect(JSON.parse(settings)).not.toHaveProperty('staffPin');
    expect(settings).not.toContain(legacy.hash!);
    expect(JSON.parse(readFileSync(join(receipt.directory, 'health.json'), 'utf8'))).toHaveProperty(
      'inference',
    );
    expect(readFileSync(join(receipt.directory, 'crash-dumps', 'a1b2.dmp'), 'utf8')).toBe('MDMP');
  });

  test('with no update feed set (the default), updates are off and health says so', async () => {
    const h = recordingHost();
    let asked = 0;
    kiosk = await composeKiosk({
      ...h.host,
      createUpdater: () => {
        asked += 1;
        throw new Error('no updater should be made without a feed URL');
      },
    });
    const opened = (await h.dispatch()!(CHANNELS.staff, {
      action: 'setFirstPin',
      payload: { pin: '482916' },
    })) as { ok: true; value: { token: string } };
    expect(
      await h.dispatch()!(CHANNELS.staff, { action: 'health', payload: { token: opened.value.token } }),
    ).toMatchObject({ ok: true, value: { version: '0.2.0', updates: { status: 'off' } } });
    expect(asked).toBe(0);
  });

  test('a start that cannot go on is shown to staff with its stage and never opens the kiosk window', async () => {
    const notADir = join(mkdtempSync(join(tmpdir(), 'kiosk-compose-')), 'file');
    writeFileSync(notADir, 'x');
    const h = recordingHost(notADir);
    expect(await startKiosk(h.host)).toBeNull();
    expect(h.shown).toHaveLength(1);
    expect(h.shown[0]).toBeInstanceOf(StartupError);
    expect(h.shown[0]!.stage).toBe('data_dir');
    expect(h.shown[0]!.advice).toMatch(/writ/);
    expect(h.calls).toEqual([]);
    expect(h.logs).toContain('kiosk.start_failed');
  });

  test('an evidence key that cannot be opened stops the start at that stage', async () => {
    const h = recordingHost();
    h.host = {
      ...h.host,
      secrets: {
        isEncryptionAvailable: () => true,
        encryptString: () => Buffer.from('sealed'),
        decryptString: () => {
          throw new Error('the keyring refused');
        },
      },
    };
    writeFileSync(join(h.host.dataDir, 'evidence.key'), 'sealed by another keyring');
    expect(await startKiosk(h.host)).toBeNull();
    expect(h.shown.map((e) => e.stage)).toEqual(['evidence_key']);
  });

  test('missing model files stop the start at the models stage, naming the file, before any window', async () => {
    const h = recordingHost();
    h.host = { ...h.host, modelDirectory: mkdtempSync(join(tmpdir(), 'no-models-')) };
    expect(await startKiosk(h.host)).toBeNull();
    expect(h.shown.map((e) => e.stage)).toEqual(['models']);
    expect(h.shown[0]!.message).toMatch(/tiny_face_detector|missing/i);
    expect(h.shown[0]!.advice).toMatch(/Reinstall/);
    expect(h.calls).not.toContain('openWindow');
    expect(h.calls).not.toContain('serve');
  });

  test('a settings problem never touches the staff PIN: it lives in credentials.json', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-compose-'));
    const first = await composeKiosk(recordingHost(dataDir).host);
    await first.dispatch(CHANNELS.staff, { action: 'setFirstPin', payload: { pin: '482916' } });
    await first.close();
    // A downgrade's unknown key and an out-of-range value: the settings are repaired, not the PIN.
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({ lockout: { maxFailures: 0, windowMs: 1, autoClearMs: null }, camera: { extra: 1 } }),
    );
    kiosk = await composeKiosk(recordingHost(dataDir).host);
    expect(await kiosk.dispatch(CHANNELS.staff, { action: 'status', payload: {} })).toMatchObject({
      ok: true,
      value: { pinSet: true },
    });
    expect(
      await kiosk.dispatch(CHANNELS.staff, { action: 'unlock', payload: { pin: '482916' } }),
    ).toMatchObject({
      ok: true,
    });
  });

  test('a PIN an earlier version kept in settings.json moves to credentials.json and still opens the panel', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-compose-'));
    const legacy = await setPin(NEW_PIN_STATE, '135790');
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ staffPin: legacy }));
    kiosk = await composeKiosk(recordingHost(dataDir).host);
    expect(
      await kiosk.dispatch(CHANNELS.staff, { action: 'unlock', payload: { pin: '135790' } }),
    ).toMatchObject({
      ok: true,
    });
    const credentials = JSON.parse(readFileSync(join(dataDir, 'credentials.json'), 'utf8')) as {
      staffPin: { hash: string };
    };
    expect(credentials.staffPin.hash).toBe(legacy.hash);
    const settings = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as {
      staffPin: { hash: string | null };
    };
    expect(settings.staffPin.hash).toBeNull();
  });

  test('an unreadable credentials file stops the start at its stage and is left as it was', async () => {
    const h = recordingHost();
    writeFileSync(join(h.host.dataDir, 'credentials.json'), '{"version": 1, "staffPin": ');
    expect(await startKiosk(h.host)).toBeNull();
    expect(h.shown.map((e) => e.stage)).toEqual(['credentials']);
    expect(h.shown[0]!.advice).toMatch(/restore it from a backup/);
    expect(readFileSync(join(h.host.dataDir, 'credentials.json'), 'utf8')).toBe(
      '{"version": 1, "staffPin": ',
    );
  });

  test('a window that cannot open stops what was started: the transport is unbound, the error passes on', async () => {
    const h = recordingHost();
    h.host = {
      ...h.host,
      openWindow: async () => {
        throw new Error('no display');
      },
    };
    await expect(startKiosk(h.host)).rejects.toThrow('no display');
    expect(h.calls).toContain('unbind');
  });

  test('closing unbinds the transport', async () => {
    const h = recordingHost();
    const k = await composeKiosk(h.host);
    await k.close();
    expect(h.calls).toContain('unbind');
  });
});
