import { describe, expect, test } from 'vitest';
import {
  fieldsOf,
  inputText,
  parseInput,
  readAt,
  writeAt,
  type Field,
  type JsonSchema,
} from '../../../renderer/settings-form';
import {
  DEFAULT_SETTINGS,
  SETTINGS_JSON_SCHEMA,
  validateSection,
  type KioskSettings,
} from '../../../main/store/settings-schema';

const schemaOf = (section: keyof KioskSettings): JsonSchema =>
  SETTINGS_JSON_SCHEMA.properties[section] as JsonSchema;
const field = (section: keyof KioskSettings, path: string): Field =>
  fieldsOf(schemaOf(section)).find((f) => f.path.join('.') === path)!;

/** What the form sends when staff change nothing: every field read, shown, and parsed back. */
function untouched(section: keyof KioskSettings): unknown {
  let value: unknown = DEFAULT_SETTINGS[section];
  for (const f of fieldsOf(schemaOf(section))) {
    const shown = f.kind === 'boolean' ? readAt(value, f.path) === true : inputText(f, readAt(value, f.path));
    const parsed = parseInput(f, shown);
    if (!parsed.ok) throw new Error(parsed.message);
    value = writeAt(value, f.path, parsed.value);
  }
  return value;
}

describe('settings forms built from the settings schema', () => {
  test.each(
    (Object.keys(SETTINGS_JSON_SCHEMA.properties) as (keyof KioskSettings)[]).filter((k) => k !== 'staffPin'),
  )('saving the %s section unchanged gives back exactly what was there', (section) => {
    const value = untouched(section);
    expect(value).toEqual(DEFAULT_SETTINGS[section]);
    expect(validateSection(section, value).ok).toBe(true);
  });

  test('choices become lists, switches checkboxes, nested values dotted paths', () => {
    expect(field('cloud', 'policy')).toMatchObject({
      kind: 'choice',
      choices: ['off', 'advisory', 'required'],
    });
    expect(field('cloud', 'purgeEvidenceAfterVerification').kind).toBe('boolean');
    expect(field('liveness', 'verdict.minRotationDeg')).toMatchObject({ kind: 'number', min: 0, max: 90 });
    expect(field('lockout', 'maxFailures')).toMatchObject({ kind: 'integer', min: 1, max: 100 });
  });

  test('a top-level setting is one field for the whole section', () => {
    expect(fieldsOf(schemaOf('language'))).toEqual([
      expect.objectContaining({ path: [], kind: 'choice', choices: ['en', 'de', 'fr', 'es'] }),
    ]);
  });

  test('an empty nullable field means none; an empty optional one is left out', () => {
    const autoClear = field('lockout', 'autoClearMs');
    expect(autoClear).toMatchObject({ kind: 'integer', nullable: true });
    expect(parseInput(autoClear, '')).toEqual({ ok: true, value: null });
    const profile = field('cloud', 'profile');
    expect(profile).toMatchObject({ kind: 'text', optional: true });
    expect(writeAt({ policy: 'off', profile: 'kiosk' }, ['profile'], undefined)).toEqual({ policy: 'off' });
  });

  test('numbers are checked against their bounds and kind, with the setting named', () => {
    const failures = field('lockout', 'maxFailures');
    expect(parseInput(failures, '0')).toEqual({ ok: false, message: 'maxFailures: at least 1.' });
    expect(parseInput(failures, '2.5')).toEqual({
      ok: false,
      message: 'maxFailures: a whole number is needed.',
    });
    expect(parseInput(failures, 'five')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not a number/),
    });
    expect(parseInput(failures, ' 7 ')).toEqual({ ok: true, value: 7 });
    expect(parseInput(failures, '')).toEqual({ ok: false, message: 'maxFailures: a value is needed.' });
    const window = field('lockout', 'windowMs');
    expect(window).toMatchObject({ min: 0, minExclusive: true });
    expect(parseInput(window, '0')).toEqual({ ok: false, message: 'windowMs: more than 0.' });
  });

  test('an edit changes that value only, leaving the rest of the section as it was', () => {
    const before = DEFAULT_SETTINGS.liveness;
    const after = writeAt(before, ['verdict', 'minRotationDeg'], 7) as typeof before;
    expect(after.verdict.minRotationDeg).toBe(7);
    expect({
      ...after,
      verdict: { ...after.verdict, minRotationDeg: before.verdict.minRotationDeg },
    }).toEqual(before);
    expect(before.verdict.minRotationDeg).not.toBe(7);
  });
});

describe('labels from the settings metadata', () => {
  test('each field carries its label, description and unit, and the title of the group it sits in', () => {
    const liveness = (SETTINGS_JSON_SCHEMA.properties as Record<string, JsonSchema>).liveness!;
    const field = fieldsOf(liveness).find((f) => f.path.join('.') === 'verdict.minRotationDeg')!;
    expect(field).toMatchObject({
      title: 'Head turn needed',
      unit: 'degrees',
      group: 'Verdict thresholds',
      description: expect.stringMatching(/turn toward the target/),
    });
  });

  test('fields directly in a section belong to no group', () => {
    const lockout = (SETTINGS_JSON_SCHEMA.properties as Record<string, JsonSchema>).lockout!;
    expect(fieldsOf(lockout).map((f) => f.group)).toEqual([undefined, undefined, undefined]);
  });
});
