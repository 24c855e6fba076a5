import { z } from 'zod';
import { CloudSettingsSchema } from '../cloud/cloud-settings';
import { LivenessConfigSchema, resolveConfig } from '../liveness';
import { DEFAULT_LOCKOUT } from '../kiosk/failure-lockout';
import { attachSettingsMeta } from './settings-meta';

/*
 * The kiosk settings' schema and defaults: the one source of truth the settings store (and, through
 * the JSON Schema generated from it, electron-store) validates against. Kept apart from the store so
 * code that runs without Electron (the preview, the staff service's tests) can use it.
 */

/** The languages the visitor screens are written in (renderer/i18n.ts has a catalogue for each). */
export const LANGUAGE_CODES = ['en', 'de', 'fr', 'es'] as const;

/** Which kiosk this is, for staff who run several: written into every result, export and health. */
export const KioskIdentitySchema = z.object({
  /** e.g. "Front desk"; absent: unnamed. */
  name: z.string().trim().min(1).max(80).optional(),
  /** e.g. "Berlin, Hall 2"; absent: not given. */
  site: z.string().trim().min(1).max(80).optional(),
});
export type KioskIdentity = z.output<typeof KioskIdentitySchema>;

export const KioskSettingsSchema = z.object({
  kiosk: KioskIdentitySchema.prefault({}),
  camera: z
    .object({
      /** MediaDeviceInfo.deviceId of the chosen camera; null: the first one. */
      deviceId: z.string().max(512).nullable().default(null),
      width: z.number().int().min(160).max(1920).default(640),
      height: z.number().int().min(120).max(1920).default(480),
    })
    .prefault({}),
  language: z.enum(LANGUAGE_CODES).default('en'),
  /** Challenge timings, tolerances, walk-up distance, spoof thresholds (main/liveness/config.ts). */
  liveness: LivenessConfigSchema.prefault({}),
  lockout: z
    .object({
      maxFailures: z.number().int().min(1).max(100).default(DEFAULT_LOCKOUT.maxFailures),
      windowMs: z.number().int().positive().default(DEFAULT_LOCKOUT.windowMs),
      autoClearMs: z.number().int().positive().nullable().default(DEFAULT_LOCKOUT.autoClearMs),
    })
    .prefault({}),
  cloud: CloudSettingsSchema.prefault({}),
  evidence: z
    .object({
      /** none: no frames are kept at all (a valid choice); encrypted: key frames, encrypted at rest. */
      mode: z.enum(['none', 'encrypted']).default('encrypted'),
      retentionDays: z.number().int().min(0).max(365).default(7),
      /**
       * Start with evidence on although the OS cannot protect its key (Linux without a keyring:
       * safeStorage's basic_text). Off: such a kiosk refuses to start until staff decide.
       */
      acceptUnprotectedKey: z.boolean().default(false),
    })
    .prefault({}),
  staffPin: z
    .object({
      hash: z.string().nullable().default(null),
      failures: z.number().int().min(0).default(0),
      lockouts: z.number().int().min(0).default(0),
      lockedUntil: z.number().default(0),
    })
    .prefault({}),
  startAtLogin: z.boolean().default(false),
  updates: z
    .object({
      /**
       * Where new versions are published (electron-builder's generic provider: latest.yml beside the
       * packages), http(s) only. null: no update checks at all (the default).
       */
      url: z
        .string()
        .url()
        .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL')
        .nullable()
        .default(null),
      checkEveryHours: z.number().min(1).max(168).default(6),
    })
    .prefault({}),
});

export type KioskSettings = z.output<typeof KioskSettingsSchema>;
export const DEFAULT_SETTINGS: KioskSettings = KioskSettingsSchema.parse({});

/** The same schema as JSON Schema, per section: electron-store validates with it, the panel builds forms. */
attachSettingsMeta(KioskSettingsSchema);

export const SETTINGS_JSON_SCHEMA = z.toJSONSchema(KioskSettingsSchema, {
  io: 'output',
  target: 'draft-7',
}) as { properties: Record<keyof KioskSettings, Record<string, unknown>> };

/** One section checked as the store would save it: the schema, then the liveness cross-checks. */
export function validateSection<K extends keyof KioskSettings>(
  key: K,
  value: unknown,
): { ok: true; value: KioskSettings[K] } | { ok: false; message: string } {
  const parsed = KioskSettingsSchema.shape[key].safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      message: `${String(key)}.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    };
  }
  if (key === 'liveness') {
    const checked = resolveConfig(parsed.data);
    if (!checked.ok) return { ok: false, message: `liveness: ${checked.error.message}` };
  }
  return { ok: true, value: parsed.data as KioskSettings[K] };
}
