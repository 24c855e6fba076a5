import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Store from 'electron-store';
import { CloudSettingsSchema } from '../cloud/cloud-settings';
import {
  DEFAULT_SETTINGS,
  KioskSettingsSchema,
  SETTINGS_JSON_SCHEMA,
  validateSection,
  type KioskSettings,
} from './settings-schema';

export { DEFAULT_SETTINGS, KioskSettingsSchema, type KioskSettings };

/*
 * The kiosk's settings, in electron-store: one zod schema is the source of truth (electron-store
 * gets the JSON Schema generated from it), defaults fill whatever is missing, migrations carry
 * older files forward. A corrupt or invalid file is moved aside as settings.json.invalid-<time>
 * and replaced by defaults, with a notice for the staff panel: never a crash.
 */

export interface OpenSettings {
  readonly directory: string;
  /** The app's version: migrations newer than the file's run once. */
  readonly version: string;
  readonly now?: () => number;
}

export class SettingsStore {
  private constructor(
    private readonly store: Store<KioskSettings>,
    /** Set when the file on disk was unusable and defaults were put in its place. */
    readonly notice: string | null,
  ) {}

  static open(options: OpenSettings): SettingsStore {
    const path = join(options.directory, 'settings.json');
    // electron-store's type leaves projectVersion out (it reads app.getVersion()), but passes it on to
    // conf; named here so the preview and tests, which have no Electron app, can set it.
    const version = { projectVersion: options.version };
    const create = (): Store<KioskSettings> =>
      new Store<KioskSettings>({
        ...version,
        cwd: options.directory,
        name: 'settings',
        // The generated JSON Schema: electron-store (conf, ajv) validates every read and write.
        schema: SETTINGS_JSON_SCHEMA.properties as never,
        // `unit` is the settings' own annotation for the staff panel (settings-meta.ts), not a check.
        ajvOptions: { keywords: ['unit'] },
        defaults: DEFAULT_SETTINGS,
        migrations: MIGRATIONS as never,
        clearInvalidConfig: false,
      });
    // The bytes as found: electron-store may rewrite the file before it notices it is invalid.
    const original = existsSync(path) ? readFileSync(path) : null;
    try {
      const store = create();
      void store.store; // reads and validates now, not at the first staff action
      return new SettingsStore(store, null);
    } catch (error) {
      const aside = `${path}.invalid-${(options.now ?? Date.now)()}`;
      const reason = error instanceof Error ? error.message : String(error);
      const allDefaults = `The settings file was unusable (${reason.slice(0, 300)}); it was kept as ${aside} and defaults are in use.`;
      let repaired: RepairedSettings | null = null;
      if (original) {
        writeFileSync(aside, original);
        repaired = repairSettings(original);
        if (repaired) writeFileSync(path, JSON.stringify(repaired.settings, null, '\t'));
        else rmSync(path, { force: true });
      }
      try {
        const store = create();
        void store.store;
        const notice = repaired
          ? `Some settings were unusable (${repaired.reset.join(', ')}) and are back to their defaults; every other setting was kept. The file as it was is kept as ${aside}.`
          : allDefaults;
        return new SettingsStore(store, notice);
      } catch {
        // The repair itself was refused: defaults, the original still kept aside.
        rmSync(path, { force: true });
        return new SettingsStore(create(), allDefaults);
      }
    }
  }

  get(): KioskSettings {
    const parsed = KioskSettingsSchema.safeParse(this.store.store);
    return parsed.success ? parsed.data : DEFAULT_SETTINGS;
  }

  /** Replaces one section after validating it; an invalid value changes nothing and says why. */
  update<K extends keyof KioskSettings>(
    key: K,
    value: unknown,
  ): { ok: true; value: KioskSettings[K] } | { ok: false; message: string } {
    const checked = validateSection(key, value);
    if (!checked.ok) return checked;
    this.store.set(key, checked.value);
    return checked;
  }

  get path(): string {
    return this.store.path;
  }
}

interface RepairedSettings {
  readonly settings: Record<string, unknown>;
  /** Sections reset to their defaults, and unknown keys dropped. */
  readonly reset: readonly string[];
}

/**
 * Key by key: every section that still validates is kept, the others go back to their defaults,
 * unknown keys (a newer version's, after a downgrade) are dropped. Null when the file is not a JSON
 * object at all.
 */
export function repairSettings(bytes: Uint8Array): RepairedSettings | null {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return null;
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const record = raw as Record<string, unknown>;
  const settings: Record<string, unknown> = {};
  const reset: string[] = [];
  for (const key of Object.keys(KioskSettingsSchema.shape) as (keyof KioskSettings)[]) {
    if (!(key in record)) continue;
    const value = record[key];
    const checked = validateSection(key, value);
    if (!checked.ok) {
      reset.push(key);
      continue;
    }
    settings[key] = checked.value;
    // Keys the section does not know (a newer version's) are dropped, and named.
    if (value && typeof value === 'object' && checked.value && typeof checked.value === 'object')
      for (const inner of Object.keys(value)) if (!(inner in checked.value)) reset.push(`${key}.${inner}`);
  }
  for (const key of Object.keys(record)) {
    // conf's own bookkeeping (the migration version) is kept; anything else unknown is dropped.
    if (key === '__internal__') settings[key] = record[key];
    else if (!(key in KioskSettingsSchema.shape)) reset.push(key);
  }
  return { settings, reset };
}

/** Older settings carried forward, by the app version that introduced the change. */
const MIGRATIONS: Record<
  string,
  (store: { set(key: 'cloud', value: KioskSettings['cloud']): void; readonly path: string }) => void
> = {
  // 0.2.0: cloud settings moved from cloud-settings.json into the store.
  '0.2.0': (store) => {
    const legacy = join(store.path, '..', 'cloud-settings.json');
    if (!existsSync(legacy)) return;
    try {
      const parsed = CloudSettingsSchema.safeParse(JSON.parse(readFileSync(legacy, 'utf8')));
      if (parsed.success) {
        store.set('cloud', parsed.data);
        renameSync(legacy, `${legacy}.migrated`);
      }
    } catch {
      // An unreadable legacy file stays where it is; defaults apply.
    }
  },
};
