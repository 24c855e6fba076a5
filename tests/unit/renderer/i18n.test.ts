import { describe, expect, test } from 'vitest';
import { failureKey, translator } from '../../../renderer/i18n';

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

  test('German has its own text for every reason', () => {
    const en = translator('en');
    const de = translator('de');
    for (const code of ['walk_up_distance', 'head_rotated', 'other', 'nose_timeout']) {
      const key = `reason.${code}` as Parameters<typeof en>[0];
      expect(de(key)).not.toBe(en(key));
    }
  });
});
