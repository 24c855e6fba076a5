import { staffTranslator, type StaffTranslate } from './staff-strings';
/*
 * Turns a settings section's JSON Schema (generated in main from the one zod schema) into form
 * fields, and a field's typed-in text back into the section's value. The panel checks what it can
 * for a quick answer; the main process validates every save again and has the last word.
 */

export interface JsonSchema {
  /** Label, one-line description and unit, from the settings' metadata (main/store/settings-meta.ts). */
  readonly title?: string;
  readonly description?: string;
  readonly unit?: string;
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly JsonSchema[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
}

export type FieldKind = 'boolean' | 'choice' | 'integer' | 'number' | 'text' | 'json';

export interface Field {
  /** Keys from the section's root to this value. */
  readonly path: readonly string[];
  readonly kind: FieldKind;
  readonly choices?: readonly string[];
  readonly min?: number;
  /** The value must be above `min`, not equal to it. */
  readonly minExclusive?: boolean;
  readonly max?: number;
  /** Empty input means null. */
  readonly nullable: boolean;
  /** Empty input means "not set". */
  readonly optional: boolean;
  readonly title?: string;
  readonly description?: string;
  readonly unit?: string;
  /** The title of the group (nested object) the field sits in, below its section. */
  readonly group?: string;
}

const typesOf = (s: JsonSchema): string[] =>
  s.anyOf ? s.anyOf.flatMap(typesOf) : s.type === undefined ? [] : ([] as string[]).concat(s.type);

/** The schema without its null alternative. */
function nonNull(s: JsonSchema): JsonSchema {
  if (s.anyOf) {
    const rest = s.anyOf.filter((x) => !typesOf(x).every((t) => t === 'null'));
    return rest.length === 1 ? rest[0]! : { anyOf: rest };
  }
  if (Array.isArray(s.type)) {
    const rest = (s.type as string[]).filter((t) => t !== 'null');
    return { ...s, type: rest.length === 1 ? rest[0]! : rest };
  }
  return s;
}

function kindOf(s: JsonSchema): FieldKind {
  if (s.enum && s.enum.every((v) => typeof v === 'string')) return 'choice';
  switch (s.type) {
    case 'boolean':
      return 'boolean';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'string':
      return 'text';
    default:
      return 'json';
  }
}

/**
 * One field per leaf of the section, nested objects flattened into dotted paths; each leaf keeps its
 * label, description and unit, and the title of the nested group it sits in.
 */
export function fieldsOf(
  schema: JsonSchema,
  path: readonly string[] = [],
  optional = false,
  group?: string,
): Field[] {
  const nullable = typesOf(schema).includes('null');
  const s = nonNull(schema);
  if (s.type === 'object' && s.properties) {
    // The section itself is not a group; objects inside it are.
    const inner = path.length > 0 ? (schema.title ?? s.title ?? path.join('.')) : group;
    return Object.entries(s.properties).flatMap(([key, child]) =>
      fieldsOf(child, [...path, key], !(s.required ?? []).includes(key), inner),
    );
  }
  const title = schema.title ?? s.title;
  const description = schema.description ?? s.description;
  const unit = schema.unit ?? s.unit;
  const kind = kindOf(s);
  const min = s.minimum ?? s.exclusiveMinimum;
  const field: Field = {
    path,
    kind,
    nullable,
    optional,
    ...(kind === 'choice' ? { choices: s.enum as string[] } : {}),
    ...(min !== undefined ? { min } : {}),
    ...(s.minimum === undefined && s.exclusiveMinimum !== undefined ? { minExclusive: true } : {}),
    ...(s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER ? { max: s.maximum } : {}),
    ...(title ? { title } : {}),
    ...(description ? { description } : {}),
    ...(unit ? { unit } : {}),
    ...(group ? { group } : {}),
  };
  return [field];
}

export function readAt(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>(
    (v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
    value,
  );
}

/** What an input shows for a value: numbers and text as typed, null and unset as empty. */
export function inputText(field: Field, value: unknown): string {
  if (value === null || value === undefined) return '';
  return field.kind === 'json' ? JSON.stringify(value) : String(value);
}

export type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

/** A field's input (text, or a checkbox's state) as the value to save; refusals in the panel's language. */
export function parseInput(
  field: Field,
  input: string | boolean,
  t: StaffTranslate = staffTranslator('en'),
): Parsed {
  const name = field.path.join('.');
  if (field.kind === 'boolean') return { ok: true, value: input === true };
  const text = String(input).trim();
  if (text === '') {
    if (field.nullable) return { ok: true, value: null };
    if (field.optional) return { ok: true, value: undefined };
    return { ok: false, message: t('input.needed', { name }) };
  }
  switch (field.kind) {
    case 'integer':
    case 'number': {
      const n = Number(text);
      if (!Number.isFinite(n)) return { ok: false, message: t('input.not_number', { name, text }) };
      if (field.kind === 'integer' && !Number.isInteger(n))
        return { ok: false, message: t('input.whole', { name }) };
      if (field.min !== undefined && (field.minExclusive ? n <= field.min : n < field.min))
        return {
          ok: false,
          message: t(field.minExclusive ? 'input.more_than' : 'input.at_least', { name, n: field.min }),
        };
      if (field.max !== undefined && n > field.max)
        return { ok: false, message: t('input.at_most', { name, n: field.max }) };
      return { ok: true, value: n };
    }
    case 'choice':
      return field.choices?.includes(text)
        ? { ok: true, value: text }
        : { ok: false, message: t('input.one_of', { name, choices: field.choices?.join(', ') ?? '' }) };
    case 'json':
      try {
        return { ok: true, value: JSON.parse(text) as unknown };
      } catch {
        return { ok: false, message: t('input.json', { name }) };
      }
    default:
      return { ok: true, value: text };
  }
}

/** The section with one value replaced (or removed, for an unset optional field); never mutates. */
export function writeAt(section: unknown, path: readonly string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [key, ...rest] = path as [string, ...string[]];
  const base = section && typeof section === 'object' ? (section as Record<string, unknown>) : {};
  const next = writeAt(base[key], rest, value);
  if (next !== undefined) return { ...base, [key]: next };
  const { [key]: _removed, ...others } = base;
  return others;
}
