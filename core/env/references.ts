/**
 * `${env:NAME}` references: a value (or a part of one) that comes from the environment of the push, written with
 * VS Code's own variable syntax. They are ours: Northflank's `${NAME}` runtime templates and its `${fn…}`,
 * `${refs…}`, `${args…}` expressions never contain `env:`, so neither side reads the other's.
 */

/** A well-formed reference: the name of an environment variable (letters, digits, underscores; no leading digit). */
export const ENV_REFERENCE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;
/** Anything that starts like a reference, to report the malformed ones (`${env:}`, `${env:DB-PASSWORD}`). */
const ANY_ENV_REFERENCE = /\$\{env:([^}\s]*)(\}?)/g;

export interface EnvReference {
  name: string;
  /** Offset of `${` in the searched text. */
  index: number;
  length: number;
}

export function envReferences(text: string): EnvReference[] {
  if (!text.includes('${env:')) return [];
  const out: EnvReference[] = [];
  for (const m of text.matchAll(ENV_REFERENCE)) out.push({ name: m[1], index: m.index, length: m[0].length });
  return out;
}

export function hasEnvReference(text: unknown): text is string {
  return typeof text === 'string' && envReferences(text).length > 0;
}

/** Whether the whole value is one reference (so its type and form come from the environment). */
export function isWholeReference(text: string): boolean {
  const refs = envReferences(text);
  return refs.length === 1 && refs[0].index === 0 && refs[0].length === text.length;
}

export interface MalformedReference {
  index: number;
  length: number;
  text: string;
}

/** `${env:` that does not make a reference: an empty or invalid name, or no closing brace. */
export function malformedEnvReferences(text: string): MalformedReference[] {
  if (!text.includes('${env:')) return [];
  const out: MalformedReference[] = [];
  for (const m of text.matchAll(ANY_ENV_REFERENCE)) {
    if (m[2] === '}' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(m[1])) continue;
    out.push({ index: m.index, length: m[0].length, text: m[0] });
  }
  return out;
}

/** A name for an environment variable derived from a key (`db-password` → `DB_PASSWORD`, `/etc/app.pem` → `ETC_APP_PEM`). */
export function envNameFor(key: string): string {
  const name = key.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toUpperCase();
  if (!name) return 'SECRET_VALUE';
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** Where values come from, highest precedence first: a name is taken from the first layer that has it. */
export interface EnvLayer {
  /** For people: `the environment`, `.env.local`, `VS Code's secret storage`. */
  label: string;
  get(name: string): string | undefined;
}

export function layerOf(label: string, values: Readonly<Record<string, string | undefined>> | ReadonlyMap<string, string>): EnvLayer {
  return values instanceof Map
    ? { label, get: (name) => values.get(name) }
    : { label, get: (name) => (Object.prototype.hasOwnProperty.call(values, name) ? (values as Record<string, string | undefined>)[name] : undefined) };
}

/** The layer a name will be taken from, or undefined when none has it ("not set"). */
export function envSourceOf(name: string, layers: readonly EnvLayer[]): EnvLayer | undefined {
  return layers.find((l) => l.get(name) !== undefined);
}

export interface Substitution {
  /** The value with every reference replaced; undefined when one is missing. */
  value: string | undefined;
  names: string[];
  missing: string[];
  /** The values taken from the layers (to be masked in every message). */
  used: string[];
}

/** Replaces the references of one value. Never writes anything anywhere. */
export function substitute(text: string, layers: readonly EnvLayer[]): Substitution {
  const refs = envReferences(text);
  const names: string[] = [];
  const missing: string[] = [];
  const used: string[] = [];
  let out = '';
  let at = 0;
  for (const r of refs) {
    if (!names.includes(r.name)) names.push(r.name);
    const layer = envSourceOf(r.name, layers);
    const v = layer?.get(r.name);
    if (v === undefined) {
      if (!missing.includes(r.name)) missing.push(r.name);
      continue;
    }
    if (v) used.push(v);
    out += text.slice(at, r.index) + v;
    at = r.index + r.length;
  }
  out += text.slice(at);
  return { value: missing.length ? undefined : out, names, missing, used };
}
