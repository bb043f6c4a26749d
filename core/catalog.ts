/**
 * What the platforms know and a file cannot say by itself: the addons of a project and their keys, the services
 * and jobs that restrictions may name, tags, and the Qovery secrets that aliases and overrides target.
 *
 * The core never fetches anything: a catalog is handed to it. Every answer says how much it is worth:
 * - `live`: read from the platform; rules may report what contradicts it.
 * - `offline`: a built-in default (well-known addon key names); good for completion, never for errors.
 * - `unknown`: nothing is known (offline, signed out, no permission, not loaded yet); rules stay silent.
 */
export type Known<T> =
  | { status: 'live'; items: T[] }
  | { status: 'offline'; items: T[]; label: string }
  | { status: 'unknown'; reason: string };

export interface AddonInfo {
  id: string;
  name?: string;
  /** The addon's kind, for example `postgresql`, `mongodb`, `redis`, `minio`. */
  type?: string;
}

export interface AddonKeyInfo {
  keyName: string;
  /** Where the key name comes from, shown in completion (for example "PostgreSQL (offline default)"). */
  detail?: string;
}

export interface RestrictionTarget {
  id: string;
  type: 'service' | 'job';
  name?: string;
}

export type QoveryScope = 'BUILT_IN' | 'PROJECT' | 'ENVIRONMENT' | 'APPLICATION' | 'CONTAINER' | 'JOB' | 'HELM' | 'TERRAFORM' | string;

export interface QoverySecretInfo {
  key: string;
  scope: QoveryScope;
  /** VALUE, FILE, ALIAS, OVERRIDE, BUILT_IN... */
  variableType?: string;
  /** For an alias: the key it aliases. */
  aliasOf?: string;
}

export interface Catalog {
  addons(): Known<AddonInfo>;
  addonKeys(addonId: string): Known<AddonKeyInfo>;
  restrictionTargets(): Known<RestrictionTarget>;
  tags(): Known<string>;
  qoverySecrets(projectId: string | undefined): Known<QoverySecretInfo>;
  /** For an addon link file: the addon it links, when its binding says (the file itself does not). */
  linkAddonId?(): string | undefined;
}

/** Well-known key names of Northflank's managed addons, offered while no live catalog is loaded. */
export const WELL_KNOWN_ADDON_KEYS: Readonly<Record<string, readonly string[]>> = {
  PostgreSQL: ['HOST', 'PORT', 'DATABASE', 'USERNAME', 'PASSWORD', 'POSTGRES_URI', 'ADMIN_USERNAME', 'ADMIN_PASSWORD'],
  MongoDB: ['USERNAME', 'PASSWORD', 'MONGO_SRV', 'MONGO_SRV_ADMIN'],
  Redis: ['REDIS_MASTER_URL'],
  MinIO: ['MINIO_ENDPOINT', 'ACCESS_KEY', 'SECRET_KEY'],
};

export const OFFLINE_LABEL = 'offline default: well-known addon key names (sign in for the addon\'s real keys)';

let offlineKeys: readonly AddonKeyInfo[] | undefined;

/** Every offline key name, with the kinds of addon that have it (built once: validation asks for it per addon key). */
function offlineAddonKeys(): AddonKeyInfo[] {
  if (!offlineKeys) {
    const byName = new Map<string, string[]>();
    for (const [addon, keys] of Object.entries(WELL_KNOWN_ADDON_KEYS)) {
      for (const key of keys) byName.set(key, [...(byName.get(key) ?? []), addon]);
    }
    offlineKeys = Object.freeze([...byName].map(([keyName, addons]) => Object.freeze({ keyName, detail: `${addons.join(', ')} (offline default)` })));
  }
  return offlineKeys as AddonKeyInfo[];
}

/** The offline key names of one kind of addon (`postgresql`, `mongodb`...), or of all kinds when it is not known. */
export function offlineAddonKeysFor(type: string | undefined): Known<AddonKeyInfo> {
  const family = type ? Object.keys(WELL_KNOWN_ADDON_KEYS).find((name) => type.toLowerCase().startsWith(name.toLowerCase().replace('postgresql', 'postgres'))) : undefined;
  if (!family) return { status: 'offline', items: offlineAddonKeys(), label: OFFLINE_LABEL };
  return { status: 'offline', items: WELL_KNOWN_ADDON_KEYS[family].map((keyName) => ({ keyName, detail: `${family} (offline default)` })), label: OFFLINE_LABEL };
}

/** The catalog used when nothing is loaded: offline defaults for addon keys, unknown for everything else. */
export const OFFLINE_CATALOG: Catalog = {
  addons: () => ({ status: 'unknown', reason: 'not signed in' }),
  addonKeys: () => ({ status: 'offline', items: offlineAddonKeys(), label: OFFLINE_LABEL }),
  restrictionTargets: () => ({ status: 'unknown', reason: 'not signed in' }),
  tags: () => ({ status: 'unknown', reason: 'not signed in' }),
  qoverySecrets: () => ({ status: 'unknown', reason: 'not signed in' }),
};

/** The items of an answer, whatever its status (none when unknown). */
export function itemsOf<T>(known: Known<T>): T[] {
  return known.status === 'unknown' ? [] : known.items;
}
