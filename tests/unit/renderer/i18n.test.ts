import { describe, expect, test } from 'vitest';
import { BUILT_IN_CHECKS, type FailureCode } from '../../../main/liveness';
import {
  CATALOGUES,
  LANGUAGES,
  failureKey,
  secondsLeft,
  translator,
  type StringKey,
} from '../../../renderer/i18n';

describe('what a visitor is told after a failed attempt', () => {
  test('the stop cause comes first', () => {
    expect(failureKey('nose_timeout', ['nose_reached_target'])).toBe('reason.nose_timeout');
  });

  test('otherwise the first failed check with advice for visitors', () => {
    expect(failureKey(null, ['head_rotated', 'depth_parallax'])).toBe('reason.head_rotated');
    expect(failureKey(null, ['walk_up_distance'])).toBe('reason.walk_up_distance');
  });

  test('a photo or a swapped face gets the generic message, not which spoof check caught it', () => {
    expect(failureKey(null, ['depth_parallax'])).toBe('reason.other');
    expect(failureKey(null, ['same_face'])).toBe('reason.other');
  });

  test('German, French and Spanish each have their own text for every string English has', () => {
    const keys = Object.keys(CATALOGUES.en) as StringKey[];
    const en = translator('en');
    for (const code of ['de', 'fr', 'es'] as const) {
      const other = translator(code);
      expect(Object.keys(CATALOGUES[code]).sort()).toEqual([...keys].sort());
      // Only the title may coincide (German keeps "Check-in"); everything a visitor reads differs.
      const same = keys.filter((k) => other(k) === en(k));
      expect(
        same.filter((k) => k !== 'app.title'),
        code,
      ).toEqual([]);
    }
  });

  test('every way an attempt can stop and every built-in check leads to a message in every language', () => {
    const causes: readonly FailureCode[] = [
      'face_timeout',
      'area_timeout',
      'nose_timeout',
      'multiple_faces',
      'face_lost',
      'left_area',
      'cancelled',
      'abandoned',
      'expired',
    ];
    const keys = [
      ...causes.map((c) => failureKey(c, [])),
      ...BUILT_IN_CHECKS.map((check) => failureKey(null, [check.code])),
    ];
    for (const key of keys) {
      for (const code of LANGUAGES.map((l) => l.code)) expect(CATALOGUES[code]).toHaveProperty([key]);
    }
  });
});

describe('the countdown', () => {
  test('uses each language’s singular and plural', () => {
    expect(secondsLeft('en', 1)).toBe('1 second left');
    expect(secondsLeft('en', 7)).toBe('7 seconds left');
    expect(secondsLeft('de', 1)).toBe('Noch 1 Sekunde');
    expect(secondsLeft('de', 0)).toBe('Noch 0 Sekunden');
    // French treats 0 and 1 as singular; Spanish only 1.
    expect(secondsLeft('fr', 0)).toBe('Encore 0 seconde');
    expect(secondsLeft('fr', 2)).toBe('Encore 2 secondes');
    expect(secondsLeft('es', 1)).toBe('Queda 1 segundo');
    expect(secondsLeft('es', 0)).toBe('Quedan 0 segundos');
  });

  test('an unknown language falls back to English', () => {
    expect(secondsLeft('xx', 2)).toBe('2 seconds left');
  });
});
