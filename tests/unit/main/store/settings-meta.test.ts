import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { SETTINGS_JSON_SCHEMA } from '../../../../main/store/settings-schema';
import { SETTINGS_META, attachSettingsMeta } from '../../../../main/store/settings-meta';
import {
  SETTINGS_LANGUAGES,
  SETTINGS_TEXTS,
  localisedSections,
  unitsIn,
} from '../../../../main/store/settings-meta-i18n';

interface Node {
  readonly title?: string;
  readonly description?: string;
  readonly unit?: string;
  readonly type?: string | string[];
  readonly properties?: Record<string, Node>;
  readonly anyOf?: Node[];
}

/** Every setting and group in the generated JSON Schema, by dotted path. */
function nodes(schema: Node, path: string[] = []): [string, Node][] {
  const object = schema.anyOf?.find((s) => s.type !== 'null') ?? schema;
  const here: [string, Node][] = path.length ? [[path.join('.'), schema]] : [];
  if (object.properties)
    return [...here, ...Object.entries(object.properties).flatMap(([k, v]) => nodes(v, [...path, k]))];
  return here;
}

describe('settings people understand', () => {
  const all = nodes({ properties: SETTINGS_JSON_SCHEMA.properties as Record<string, Node> });

  test('every setting and every group has a label and a one-line description', () => {
    const missing = all.filter(([, n]) => !n.title || !n.description).map(([p]) => p);
    expect(missing).toEqual([]);
    expect(all.length).toBeGreaterThan(80);
  });

  test('numbers say their unit: time in ms, head turns in degrees', () => {
    const unit = (path: string) => all.find(([p]) => p === path)?.[1].unit;
    expect(unit('liveness.nose.timeoutMs')).toBe('ms');
    expect(unit('liveness.verdict.minRotationDeg')).toBe('degrees');
    expect(unit('camera.width')).toBe('px');
  });

  test('a label for a setting the schema does not have is refused, so the table cannot drift', () => {
    const schema = z.object({ a: z.number() });
    expect(() => attachSettingsMeta(schema)).toThrow(/settings schema does not have/);
  });

  test('every setting has a label and a description in German, French and Spanish, and every unit a word', () => {
    const units = new Set(
      Object.values(SETTINGS_META).flatMap((m) => ('unit' in m && m.unit ? [m.unit] : [])),
    );
    for (const language of SETTINGS_LANGUAGES) {
      for (const path of Object.keys(SETTINGS_META)) {
        const [title, description] = SETTINGS_TEXTS[language][path as keyof typeof SETTINGS_META];
        expect(title, `${language} ${path}`).not.toBe('');
        expect(description, `${language} ${path}`).not.toBe('');
      }
      const untranslated = [...units].filter((u) => !['ms', 'px', '%'].includes(u) && !unitsIn(language)[u]);
      expect(untranslated, language).toEqual([]);
    }
  });

  test('the staff panel gets the settings in its language; the schema the store validates with stays as it is', () => {
    const german = nodes({
      properties: localisedSections(SETTINGS_JSON_SCHEMA.properties, 'de') as Record<string, Node>,
    });
    const node = (list: [string, Node][], path: string) => list.find(([p]) => p === path)?.[1];
    expect(node(german, 'lockout.maxFailures')).toMatchObject({
      title: 'Fehlversuche bis zur Pause',
      unit: 'Versuche',
      type: 'integer',
    });
    expect(node(german, 'liveness.verdict')?.title).toBe('Schwellen des Urteils');
    expect(german).toHaveLength(all.length);
    expect(node(all, 'lockout.maxFailures')?.title).toBe('Failures before pausing');
    // A language without its own texts reads English.
    expect(localisedSections(SETTINGS_JSON_SCHEMA.properties, 'xx')).toEqual(SETTINGS_JSON_SCHEMA.properties);
  });
});
