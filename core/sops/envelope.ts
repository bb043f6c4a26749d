/**
 * The parts of a SOPS file that are plain text: an encrypted value `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]`,
 * and how a typed value becomes the bytes sops encrypts and hashes. Pure: no Node, no crypto here.
 */

/** The `type:` of an encrypted value. `comment` is a YAML comment; `bytes` comes from sops' binary store. */
export type SopsType = 'str' | 'int' | 'float' | 'bool' | 'comment' | 'bytes';

export interface EncryptedValue {
  /** Base64 of the ciphertext (without the tag). */
  data: string;
  /** Base64 of the 32-byte IV. */
  iv: string;
  /** Base64 of the 16-byte GCM tag. */
  tag: string;
  type: SopsType;
}

const ENC = /^ENC\[AES256_GCM,data:([A-Za-z0-9+/=]*),iv:([A-Za-z0-9+/=]+),tag:([A-Za-z0-9+/=]+),type:(str|int|float|bool|comment|bytes)\]$/;

/** Quick test before the full pattern: most values of a plain file are not even close. */
export function looksEncrypted(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('ENC[') && value.endsWith(']');
}

export function parseEncrypted(value: unknown): EncryptedValue | undefined {
  if (!looksEncrypted(value)) return undefined;
  const m = ENC.exec(value);
  return m ? { data: m[1], iv: m[2], tag: m[3], type: m[4] as SopsType } : undefined;
}

export function formatEncrypted(e: EncryptedValue): string {
  return `ENC[AES256_GCM,data:${e.data},iv:${e.iv},tag:${e.tag},type:${e.type}]`;
}

/**
 * A value as sops sees it: its type and its canonical text, which is also the bytes it encrypts and hashes
 * (`int` in decimal, `float` in Go's shortest form without exponent, `bool` as `True`/`False`).
 */
export interface TypedValue {
  type: SopsType;
  text: string;
}

/** The JavaScript value of a typed value, as a definition file holds it. */
export function jsValue(v: TypedValue): string | number | boolean {
  switch (v.type) {
    case 'int':
    case 'float':
      return Number(v.text);
    case 'bool':
      return v.text === 'True' || v.text === 'true';
    default:
      return v.text;
  }
}

/**
 * Go's `strconv.FormatFloat(f, 'f', -1, 64)`: the shortest digits that read back as the same number, never with an
 * exponent (`1e21` → `1000000000000000000000`, `1e-7` → `0.0000001`). JavaScript's shortest digits are the same
 * digits; only the exponent form differs.
 */
export function goFloat(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
  if (Object.is(n, -0)) return '-0';
  const s = String(n);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, first, rest = '', exp] = m;
  const digits = first + rest;
  const point = 1 + Number(exp);
  // String(n) writes an exponent only below 1e-6 (the point before the digits) and from 1e21 (the point past its 17
  // digits at most): never a point inside the digits.
  if (exp.startsWith('-')) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
}

/** A JavaScript value (from a JSON or YAML tree) as sops types it; undefined for null, which sops skips. */
export function typedFromJs(value: unknown, integerHint?: boolean): TypedValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'boolean') return { type: 'bool', text: value ? 'True' : 'False' };
  if (typeof value === 'number') {
    const isInt = integerHint ?? Number.isInteger(value);
    return isInt && Number.isInteger(value) ? { type: 'int', text: BigInt(value).toString() } : { type: 'float', text: goFloat(value) };
  }
  return { type: 'str', text: String(value) };
}

const YAML_V3_NULL = /^(~|null|Null|NULL)?$/;
const YAML_V3_TRUE = /^(true|True|TRUE)$/;
const YAML_V3_FALSE = /^(false|False|FALSE)$/;
const YAML_V3_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const YAML_V3_SPECIAL_FLOAT: Record<string, number> = {
  '.inf': Infinity, '.Inf': Infinity, '.INF': Infinity, '+.inf': Infinity, '+.Inf': Infinity, '+.INF': Infinity,
  '-.inf': -Infinity, '-.Inf': -Infinity, '-.INF': -Infinity, '.nan': NaN, '.NaN': NaN, '.NAN': NaN,
};

/** Go's `strconv.ParseInt(s, 0, 64)` after yaml.v3 removed the underscores: decimal, 0x, 0o, 0b, and 0777 octal. */
function goInteger(plain: string): bigint | undefined {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(plain);
  if (!m) return undefined;
  const [, sign, body] = m;
  let n: bigint;
  // BigInt reads 0x, 0o and 0b in either case; Go's leading-zero octal it does not.
  if (/^0[xXoObB]/.test(body)) n = BigInt(body);
  else if (body.length > 1 && body.startsWith('0')) n = BigInt(`0o${body.slice(1)}`);
  else n = BigInt(body);
  n = sign === '-' ? -n : n;
  // int64 and uint64 both read; beyond that yaml.v3 goes on to floats.
  return n >= -(2n ** 63n) && n < 2n ** 64n ? n : undefined;
}

/**
 * A plain (unquoted) YAML scalar as sops reads it with Go's yaml.v3, which differs from YAML 1.2: `0777` is octal
 * 511 and `1_000` is 1000 there. What the MAC hashes for a value left in clear is this, not our parser's reading.
 * Timestamps stay strings here (definition files hold none). Undefined for null.
 */
export function typedFromYamlPlain(source: string): TypedValue | undefined {
  if (YAML_V3_NULL.test(source)) return undefined;
  if (YAML_V3_TRUE.test(source)) return { type: 'bool', text: 'True' };
  if (YAML_V3_FALSE.test(source)) return { type: 'bool', text: 'False' };
  if (Object.prototype.hasOwnProperty.call(YAML_V3_SPECIAL_FLOAT, source)) return { type: 'float', text: goFloat(YAML_V3_SPECIAL_FLOAT[source]) };
  if (/^[-+.0-9]/.test(source)) {
    const plain = source.replace(/_/g, '');
    const int = goInteger(plain);
    if (int !== undefined) return { type: 'int', text: int.toString() };
    if (YAML_V3_FLOAT.test(plain)) return { type: 'float', text: goFloat(Number(plain)) };
  }
  return { type: 'str', text: source };
}

// ---- Bytes (no Buffer: the core runs in a browser worker too) ----

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** UTF-8 bytes as text; throws on bytes that are not UTF-8. */
export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
