import { describe, expect, test } from 'vitest';
import { DISK_BAD_BYTES, healthCards } from '../../../renderer/health-cards';
import { staffTranslator } from '../../../renderer/staff-strings';

const healthy = {
  kiosk: { name: 'Front desk' },
  version: '0.2.0',
  inference: {
    state: 'ready',
    backend: 'wasm',
    backendReason: 'WebAssembly backend (SIMD) ready',
    restarts: 0,
  },
  camera: { frames: 120, framesPerSecond: 14.2, inferenceMedianMs: 31, inferenceP95Ms: 44 },
  cloud: { policy: 'off' },
  diskFreeBytes: 20e9,
  journalRecords: 12,
  cloudDisagreements: 0,
  paused: false,
  evidence: { mode: 'encrypted', keyProtection: 'os', developmentKey: false },
  crashDumps: { count: 0, newest: [] },
};

const card = (health: unknown, id: string) => healthCards(health).find((c) => c.id === id)!;

describe('staff health at a glance', () => {
  test('a healthy kiosk shows every card as fine, each with a sentence', () => {
    const cards = healthCards(healthy);
    expect(cards.map((c) => c.id)).toEqual([
      'visitors',
      'inference',
      'camera',
      'disk',
      'cloud',
      'journal',
      'evidence',
      'crashes',
      'updates',
    ]);
    expect(cards.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(card(healthy, 'inference').sentence).toBe('Ready on wasm (WebAssembly backend (SIMD) ready).');
    expect(card(healthy, 'camera').sentence).toMatch(/14.2 frames\/s/);
  });

  test("the camera card says whether frames come in the camera's own format or are drawn and cropped", () => {
    const withFormat = (format: string) => ({ ...healthy, camera: { ...healthy.camera, format } });
    expect(card(withFormat('i420'), 'camera').sentence).toMatch(/camera's own format, uncropped/);
    expect(card(withFormat('rgba'), 'camera').sentence).toMatch(/centre-cropped, never stretched/);
  });

  test('the version and the update state: off by default, a failed check is a warning with its reason', () => {
    expect(card(healthy, 'updates').sentence).toMatch(/Version 0.2.0. Automatic updates are off/);
    const failed = {
      ...healthy,
      updates: { status: 'failed', message: 'net::ERR_CONNECTION_REFUSED', at: 1 },
    };
    expect(card(failed, 'updates')).toMatchObject({
      status: 'warn',
      sentence: expect.stringMatching(/ERR_CONNECTION_REFUSED.*update URL/),
    });
    const waiting = { ...healthy, updates: { status: 'waiting_for_idle', version: '0.3.0' } };
    expect(card(waiting, 'updates').sentence).toMatch(/0.3.0 is downloaded and installs when no one/);
  });

  test('a visitor waiting for staff is a warning that says how long and where to answer', () => {
    const asked = Date.UTC(2026, 10, 28, 9, 0, 0);
    const [visitors] = healthCards({ ...healthy, assistance: { waitingSince: asked } }, asked + 3 * 60_000);
    expect(visitors).toMatchObject({ id: 'visitors', status: 'warn' });
    expect(visitors!.sentence).toMatch(/asked for staff \(3 min ago\): answer at the top of this panel/);
    expect(card({ ...healthy, assistance: { waitingSince: null } }, 'visitors').status).toBe('ok');
  });

  test('a paused kiosk and failed face analysis are problems that say what to do', () => {
    expect(card({ ...healthy, paused: true }, 'visitors')).toMatchObject({
      status: 'bad',
      sentence: expect.stringMatching(/clear lockout/),
    });
    const failed = { ...healthy, inference: { state: 'failed', backend: null, lastError: 'model_missing' } };
    expect(card(failed, 'inference')).toMatchObject({
      status: 'bad',
      sentence: expect.stringMatching(/model_missing.*self-test/),
    });
  });

  test('little free disk, cloud disagreements, an unprotected key and crash dumps are warnings or worse', () => {
    expect(card({ ...healthy, diskFreeBytes: DISK_BAD_BYTES - 1 }, 'disk').status).toBe('bad');
    expect(card({ ...healthy, diskFreeBytes: 500e6 }, 'disk').status).toBe('warn');
    expect(card({ ...healthy, cloudDisagreements: 2 }, 'journal').status).toBe('warn');
    expect(
      card(
        { ...healthy, evidence: { mode: 'encrypted', keyProtection: 'basic_text', developmentKey: true } },
        'evidence',
      ),
    ).toMatchObject({ status: 'warn', sentence: expect.stringMatching(/basic_text/) });
    expect(
      card(
        { ...healthy, crashDumps: { count: 1, newest: [{ modifiedAt: '2026-11-28T08:00:00.000Z' }] } },
        'crashes',
      ),
    ).toMatchObject({
      status: 'warn',
      sentence: '1 crash dump kept on this kiosk. The newest from 2026-11-28T08:00:00.000Z.',
    });
  });

  test('the cards speak the panel’s language, numbers in its format', () => {
    const cards = healthCards(
      { ...healthy, diskFreeBytes: 500e6, journalRecords: 1 },
      Date.now(),
      staffTranslator('de'),
    );
    const by = (id: string) => cards.find((c) => c.id === id)!;
    expect(by('disk')).toMatchObject({ title: 'Speicher', status: 'warn' });
    expect(by('disk').sentence).toMatch(/^Nur 0,5 GB frei/);
    expect(by('journal').sentence).toBe('1 Versuch erfasst.');
    expect(by('camera').sentence).toMatch(/^14,2 Bilder\/s/);
  });

  test('the screen-light card appears only once staff turn the check on, in observe or enforce mode', () => {
    expect(
      healthCards({ ...healthy, screenLight: { mode: 'off', bar: null, visits: 0 } }).map((c) => c.id),
    ).not.toContain('screen_light');
    const observing = { mode: 'observe', bar: null, visits: 12, median: 0.061, p5: 0.04 };
    expect(card({ ...healthy, screenLight: observing }, 'screen_light')).toMatchObject({
      status: 'ok',
      sentence:
        'Measured on every visit, refusing no one (observe mode). Passing visits measured: 12; median 0.061, one in twenty below 0.04. A bar is suggested after 30 passing visits.',
    });
  });

  test('after 30 passing visits in observe mode the card suggests a bar: a third of the one-in-twenty value', () => {
    const screenLight = { mode: 'observe', bar: null, visits: 240, median: 0.071, p5: 0.045 };
    expect(card({ ...healthy, screenLight }, 'screen_light').sentence).toMatch(/Suggested bar: 0.015 /);
  });

  test('a display whose light barely reaches faces is a warning, with no bar suggested', () => {
    const screenLight = { mode: 'observe', bar: null, visits: 80, median: 0.02, p5: 0.012 };
    const c = card({ ...healthy, screenLight }, 'screen_light');
    expect(c.status).toBe('warn');
    expect(c.sentence).toMatch(/a bar would be 0.004; it needs at least 0.01\): brighten the display/);
    expect(c.sentence).not.toMatch(/Suggested bar/);
  });

  test('an enforced bar that one passing visit in twenty comes within 1.5 times of is a warning', () => {
    const close = { mode: 'enforce', bar: 0.03, visits: 240, median: 0.07, p5: 0.04 };
    expect(card({ ...healthy, screenLight: close }, 'screen_light')).toMatchObject({
      status: 'warn',
      sentence: expect.stringMatching(/^Enforced: a face must reflect at least 0.03\. .* lower it to 0.013/),
    });
    const clear = { ...close, bar: 0.015 };
    expect(card({ ...healthy, screenLight: clear }, 'screen_light').status).toBe('ok');
  });

  test('no camera frames yet is normal: the camera runs only during a visit', () => {
    expect(card({ ...healthy, camera: null }, 'camera')).toMatchObject({
      status: 'ok',
      sentence: expect.stringMatching(/only during a visit/),
    });
  });

  test('an unexpected or empty health answer still gives cards, never an exception', () => {
    expect(healthCards(null).map((c) => c.id)).toHaveLength(9);
    expect(card('nonsense', 'inference').status).toBe('bad');
  });
});
