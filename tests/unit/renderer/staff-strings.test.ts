import { describe, expect, test } from 'vitest';
import { LANGUAGES } from '../../../renderer/i18n';
import { STAFF_CATALOGUES, refusalText, staffTranslator } from '../../../renderer/staff-strings';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the staff panel in every language', () => {
  test('every language has every string, each with the same values put in as English', () => {
    const english = STAFF_CATALOGUES.en;
    for (const { code } of LANGUAGES) {
      const table = STAFF_CATALOGUES[code];
      expect(Object.keys(table).sort(), code).toEqual(Object.keys(english).sort());
      for (const [key, text] of Object.entries(english)) {
        expect(text, `${code} ${key}`).not.toBe('');
        expect(placeholders(table[key]!), `${code} ${key}`).toEqual(placeholders(text));
      }
    }
  });

  test('values are put in, numbers in the language’s format', () => {
    expect(staffTranslator('de')('card.disk.free', { gb: 12.5 })).toBe('12,5 GB frei.');
    expect(staffTranslator('en')('settings.saved', { section: 'Failure lockout' })).toBe(
      'Saved Failure lockout. The kiosk applies settings when it restarts.',
    );
  });

  test('plurals follow each language’s rules (French counts 0 as singular)', () => {
    const en = staffTranslator('en');
    const fr = staffTranslator('fr');
    expect(en.plural('selftest.cameras', 1)).toBe('1 camera found');
    expect(en.plural('selftest.cameras', 0)).toBe('0 cameras found');
    expect(fr.plural('selftest.cameras', 0)).toBe('0 caméra trouvée');
    expect(fr.plural('selftest.cameras', 2)).toBe('2 caméras trouvées');
  });

  test('an unknown language falls back to English', () => {
    const t = staffTranslator('xx');
    expect(t.language).toBe('en');
    expect(t('panel.title')).toBe('Staff');
  });

  test('refusals the panel knows are worded in its language with the numbers main sent; others stay as main wrote them', () => {
    const de = staffTranslator('de');
    const wrong = {
      message: 'staff: wrong_pin: Wrong PIN; 1 tries left',
      staff: { code: 'wrong_pin', values: { triesLeft: 1 } },
    };
    expect(refusalText(de, wrong)).toBe('Falsche PIN; noch 1 Versuch bis zur Sperre.');
    expect(
      refusalText(staffTranslator('en'), {
        ...wrong,
        staff: { code: 'wrong_pin', values: { triesLeft: 3 } },
      }),
    ).toBe('Wrong PIN; 3 tries left before a lockout.');
    expect(
      refusalText(staffTranslator('fr'), {
        message: 'x',
        staff: { code: 'pin_locked', values: { seconds: 60 } },
      }),
    ).toBe('Trop de PIN erronés : réessayez dans 60 s.');
    const setting = { message: 'invalid_setting: cloud.region: Invalid', staff: { code: 'invalid_setting' } };
    expect(refusalText(de, setting)).toBe(setting.message);
    expect(refusalText(de, { message: 'The kiosk could not handle it.' })).toBe(
      'The kiosk could not handle it.',
    );
  });
});
