import { describe, expect, test } from 'vitest';
import { BUILT_IN_CHECKS, type FailureCode } from '../../../main/liveness';
import { CATALOGUES, failureKey, secondsLeft, translator } from '../../../renderer/i18n';

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

  test('German has its own text for every reason English has', () => {
    const reasons = Object.keys(CATALOGUES.en!).filter((k) => k.startsWith('reason.'));
    expect(reasons.length).toBeGreaterThan(10);
    const en = translator('en');
    const de = translator('de');
    for (const key of reasons as Parameters<typeof en>[0][]) {
      expect(CATALOGUES.de).toHaveProperty([key]);
      expect(de(key), key).not.toBe(en(key));
    }
  });

  test('every way an attempt can stop and every built-in check leads to a message in both languages', () => {
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
      expect(CATALOGUES.en).toHaveProperty([key]);
      expect(CATALOGUES.de).toHaveProperty([key]);
    }
  });
});

describe('the countdown', () => {
  test('uses each language’s singular and plural', () => {
    expect(secondsLeft('en', 1)).toBe('1 second left');
    expect(secondsLeft('en', 7)).toBe('7 seconds left');
    expect(secondsLeft('de', 1)).toBe('Noch 1 Sekunde');
    expect(secondsLeft('de', 0)).toBe('Noch 0 Sekunden');
  });

  test('an unknown language falls back to English', () => {
    expect(secondsLeft('xx', 2)).toBe('2 seconds left');
  });
});
