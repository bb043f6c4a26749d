import boolType from 'js-yaml-3/lib/js-yaml/type/bool';
import floatType from 'js-yaml-3/lib/js-yaml/type/float';
import intType from 'js-yaml-3/lib/js-yaml/type/int';
import mergeType from 'js-yaml-3/lib/js-yaml/type/merge';
import nullType from 'js-yaml-3/lib/js-yaml/type/null';
import timestampType from 'js-yaml-3/lib/js-yaml/type/timestamp';
import type { ScalarNode, ScalarValue } from '../ast';
import type { FileKind } from '../kinds';

/**
 * How a file's YAML is read: the YAML 1.2 core schema (our own format, Qovery) or the way Northflank's CLI reads it.
 *
 * Northflank's CLI (`@northflank/cli` 0.9.24, `dist/cli.js`, the payload reader behind `-f FILE`) reads a `.json`
 * file with `JSON.parse` and a `.yaml`/`.yml` file with `yaml.safeLoad(text)` of `js-yaml` `^3.14.0` (its
 * dependency), then sends the result as the JSON body. js-yaml 3's default safe schema is YAML 1.1-like: it applies
 * merge keys (`<<`), reads `010` as octal 8, `0x1F` as 31, `1_000` and `1:30` (base 60) as numbers, `1e3` and `1.0`
 * as floats, `~`, `null`, `Null` and an empty value as null, and `2001-12-14` as a date (sent as an ISO string); but
 * unlike YAML 1.1 its booleans are only `true`/`false` (any case), so `yes`, `on` and `y` stay strings. So a
 * Northflank YAML file is read here with js-yaml 3's own scalar types, in its order (core: null, bool, int, float;
 * then timestamp, merge): what the editor checks, what the CLI validates and what `push` sends is what
 * `northflank put secret -f` sends. A differential test holds the whole tree to `safeLoad` of the same text.
 */
export type YamlDialect = 'core' | 'northflank';

export function dialectOf(kind: FileKind): YamlDialect {
  return kind === 'northflank-secret' || kind === 'northflank-link' ? 'northflank' : 'core';
}

const MAYBE_TYPED = /^[-+.0-9~nNtTfF<]/;

/** Whether a plain scalar starting with this character code can be anything but a string (see MAYBE_TYPED). */
export function mayBeTyped(code: number): boolean {
  return MAYBE_TYPED.test(String.fromCharCode(code));
}
const NORTHFLANK_TYPES = [nullType, boolType, intType, floatType, timestampType, mergeType];

/** A plain scalar as js-yaml 3 resolves it: its type in our tree and the value the CLI would send. */
export function resolveNorthflankPlain(source: string): Pick<ScalarNode, 'type' | 'value'> {
  // Only these first characters can start anything but a string (null, booleans, numbers, dates, `<<`): most values
  // are decided here, without the six types' patterns.
  // An empty node: js-yaml gives null without asking the types (its null type would not match '').
  if (source === '') return { type: 'null', value: null };
  if (!MAYBE_TYPED.test(source)) return { type: 'string', value: source };
  for (const t of NORTHFLANK_TYPES) {
    if (!t.resolve(source)) continue;
    const value = t.construct(source);
    if (value === null) return { type: 'null', value: null };
    if (typeof value === 'boolean') return { type: 'boolean', value };
    if (typeof value === 'number') return { type: 'number', value };
    // A timestamp: the body is JSON, and JSON.stringify sends a Date as its ISO string.
    if (value instanceof Date) return { type: 'string', value: Number.isNaN(value.getTime()) ? source : value.toISOString() };
    return { type: 'string', value: String(value) };
  }
  return { type: 'string', value: source };
}

/**
 * The text a platform stores for a value sent where it takes a string: a number as JSON writes it (`1.0` → "1",
 * `0x1F` → "31"; infinities and NaN become null in JSON), a boolean as "true"/"false", null as "". The one place
 * that decides it: the YAML typing warning, schema validation and the diff all call it.
 */
export function storedText(value: ScalarValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return String(value);
}

/** The text a key becomes: js-yaml 3 turns every key into a string with String(), so null is "null". */
export function storedKey(value: ScalarValue): string {
  return String(value);
}

/**
 * For a plain scalar of a Northflank file: what is stored when its stored text differs from what was typed
 * (`010` is stored as "8"), else undefined. Keys as keys are stored.
 */
export function typingSurprise(source: string, asKey: boolean): string | undefined {
  const resolved = resolveNorthflankPlain(source);
  if (resolved.type === 'string' && resolved.value === source) return undefined;
  const stored = asKey ? storedKey(resolved.value) : storedText(resolved.value);
  return stored === source ? undefined : stored;
}
