import { remembering } from '../memo';

/**
 * File `data` as Northflank's API decodes it. The API runs on Node.js, whose base64 decoder (Buffer.from(data,
 * 'base64')) reads both alphabets (standard `+/` and base64url `-_`), ignores whitespace, does not need the `=`
 * padding and stops at the first `=`; a lone last character is dropped. So base64url and odd padding decode to
 * exactly the bytes one expects: the platform takes them (a warning says so, never an error). Characters outside both
 * alphabets are skipped by that decoder, which turns the content into garbage: that stays an error.
 */
export type Base64Verdict =
  | Readonly<{ kind: 'standard' }>
  /** Decodes as expected, but is not the standard form: why, and how many bytes the file will hold. */
  | Readonly<{ kind: 'variant'; urlSafe: boolean; padding: 'missing' | 'extra' | 'wrong' | undefined; bytes: number }>
  | Readonly<{ kind: 'invalid' }>;

/**
 * What the data of a file is (`classify`), remembered: validation after an edit reads the same files' data again,
 * and decoding it was a tenth of an edit's cost at 100 files (BENCHMARKS.md).
 */
export const classifyBase64: (data: string) => Base64Verdict = remembering(classify);

function classify(data: string): Base64Verdict {
  const compact = data.replace(/\s+/g, '');
  const m = /^([A-Za-z0-9+/_-]*)(=*)$/.exec(compact);
  if (!m) return { kind: 'invalid' };
  const [, body, pad] = m;
  if (body.length % 4 === 1) return { kind: 'invalid' };
  const urlSafe = /[-_]/.test(body);
  const needed = (4 - (body.length % 4)) % 4;
  const padding = pad.length === needed ? undefined : pad.length === 0 ? 'missing' : pad.length > needed ? 'extra' : 'wrong';
  // Missing padding was always accepted (wrapped or hand-made base64 often lacks it): it stays "standard".
  if (!urlSafe && (padding === undefined || padding === 'missing')) return { kind: 'standard' };
  return { kind: 'variant', urlSafe, padding, bytes: Math.floor((body.length * 3) / 4) };
}

/** Whether data decodes to the bytes it says (standard base64 or a variant Node.js reads the same way). */
export function isBase64(data: string): boolean {
  return classifyBase64(data).kind !== 'invalid';
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The bytes of base64 data, decoded as Node.js does (both alphabets, padding optional); undefined when invalid. */
export function decodeBase64(data: string): Uint8Array | undefined {
  if (!isBase64(data)) return undefined;
  const body = data.replace(/\s+/g, '').replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < body.length; i++) {
    value = (value << 6) | B64.indexOf(body[i]);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

/** The UTF-8 text of base64 data, or undefined when the data is not base64 or not text (remembered, as above). */
export const decodeBase64Text: (data: string) => string | undefined = remembering(decodeText);

function decodeText(data: string): string | undefined {
  const bytes = decodeBase64(data);
  if (!bytes) return undefined;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  // Binary content (control characters other than whitespace, or replacement characters) is not previewed.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 9 || (c > 13 && c < 32) || c === 0xfffd)) return undefined;
  }
  return text;
}

export function encodeBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? B64[n & 63] : '=';
  }
  return out;
}

/** The number of bytes of a string in UTF-8. */
export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}
