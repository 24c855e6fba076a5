import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { SETTINGS_JSON_SCHEMA } from '../../../../main/store/settings-schema';
import { attachSettingsMeta } from '../../../../main/store/settings-meta';

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
});
