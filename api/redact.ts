/**
 * The one masking function of the project: the transport masks what a platform says with it, and the CLI's output
 * and the extension's output channel pass every line through it as a last line of defence.
 *
 * A platform may quote what it was sent in many shapes, so a secret (a token, a value) is looked for in every
 * encoding a server or a proxy is likely to use: as it is, JSON-escaped (once or twice, `\u` escapes in either
 * case, `\/`), URL-encoded (component, URI, form, either hex case), base64 and base64url at each of the three byte
 * alignments it can have inside a longer encoded text, and, for a value that is itself base64 (Northflank file
 * `data`), the text it decodes to. Platform text is also searched for fragments: any run of `FRAGMENT_LENGTH` or
 * more characters of any of those encodings is masked, so that a value the server cut ("sk_live_4eC39H…") or a
 * message cut at some length cannot show part of a secret.
 *
 * Secrets of fewer than `MIN_MASKED_LENGTH` characters cannot be masked everywhere without garbling ordinary words
 * and numbers ("1", "on", "abc"): in platform text they are masked where quoted (`"on"`, `'on'`), the way messages
 * and JSON quote values; in our own output not at all (it never prints a value).
 *
 * The cost is linear: exact encodings are found with `indexOf`, fragments with a map of the text's windows, each
 * window looked up once.
 */

export const MASK = '********';
/** Secrets shorter than this are masked only where quoted, and only in platform text. */
export const MIN_MASKED_LENGTH = 4;
/** Platform text loses any run of at least this many characters of a secret's encodings. */
export const FRAGMENT_LENGTH = 8;

export interface RedactOptions {
  /** What a secret is replaced with (default `********`). */
  mask?: string;
  /**
   * Platform text: also mask fragments of `FRAGMENT_LENGTH` or more characters and quoted short secrets. Our own
   * output does not need it (it never prints a value) and would lose key names that happen to be part of a value.
   */
  fragments?: boolean;
}

/**
 * The secrets a program has handled (tokens, values), each with its encodings computed once. The transport adds
 * the token and the values of its requests; the CLI and the extension share one set between their clients and
 * their output, so that whatever one learns the other masks.
 */
export class SecretSet {
  readonly #variants = new Map<string, readonly string[]>();

  constructor(values: Iterable<string | undefined> = []) {
    this.add(...values);
  }

  add(...values: (string | undefined)[]): void {
    for (const v of values) if (typeof v === 'string' && v !== '' && !this.#variants.has(v)) this.#variants.set(v, encodings(v));
  }

  delete(value: string | undefined): void {
    if (value) this.#variants.delete(value);
  }

  has(value: string): boolean {
    return this.#variants.has(value);
  }

  get size(): number {
    return this.#variants.size;
  }

  values(): IterableIterator<string> {
    return this.#variants.keys();
  }

  /** The secret and its encodings (the secret first). */
  variantsOf(value: string): readonly string[] {
    return this.#variants.get(value) ?? encodings(value);
  }

  redact(text: string, options: RedactOptions = {}): string {
    return redact(text, this, options);
  }
}

/**
 * Replaces every secret of `secrets` (in every encoding, see above) in `text` with a mask; overlapping and adjacent
 * matches become one mask. `secrets` may be a SecretSet (encodings cached) or any list of strings.
 */
export function redact(text: string, secrets: SecretSet | Iterable<string>, options: RedactOptions = {}): string {
  const set = secrets instanceof SecretSet ? secrets : new SecretSet(secrets);
  if (!text || set.size === 0) return text;
  const covered = new Uint8Array(text.length);
  let found = false;
  const cover = (from: number, to: number) => {
    covered.fill(1, from, to);
    found = true;
  };

  const long: string[] = [];
  for (const secret of set.values()) {
    if (secret.length < MIN_MASKED_LENGTH) {
      if (options.fragments) coverQuoted(text, secret, cover);
      continue;
    }
    for (const variant of set.variantsOf(secret)) {
      if (variant.length < MIN_MASKED_LENGTH) continue;
      if (options.fragments && variant.length >= FRAGMENT_LENGTH) long.push(variant);
      else coverExact(text, variant, cover);
    }
  }
  if (long.length) coverFragments(text, long, cover);
  if (!found) return text;

  const mask = options.mask ?? MASK;
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; ) {
    if (!covered[i]) {
      i++;
      continue;
    }
    out += text.slice(start, i) + mask;
    while (i < text.length && covered[i]) i++;
    start = i;
  }
  return out + text.slice(start);
}

function coverExact(text: string, needle: string, cover: (from: number, to: number) => void): void {
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) cover(at, at + needle.length);
}

const QUOTES = ['"', "'", '`'];

/** A short secret where a message or JSON quotes it: `"on"`, `'on'`, `` `on` ``, or JSON-escaped inside quotes. */
function coverQuoted(text: string, secret: string, cover: (from: number, to: number) => void): void {
  const forms = new Set([secret, jsonEscape(secret)]);
  for (const form of forms) {
    for (const q of QUOTES) {
      const quoted = q + form + q;
      for (let at = text.indexOf(quoted); at !== -1; at = text.indexOf(quoted, at + 1)) cover(at + 1, at + 1 + form.length);
    }
  }
}

/**
 * Every window of `FRAGMENT_LENGTH` characters of the text that is also a window of one of the variants is masked.
 * The text's windows go into a map (first position, then a chain of the next positions with the same window); each
 * window of each variant is looked up, and a window found is removed, so no position is covered twice.
 */
function coverFragments(text: string, variants: readonly string[], cover: (from: number, to: number) => void): void {
  const w = FRAGMENT_LENGTH;
  if (text.length < w) return;
  const windows = text.length - w + 1;
  const first = new Map<string, number>();
  const next = new Int32Array(windows).fill(-1);
  const last = new Map<string, number>();
  for (let i = 0; i < windows; i++) {
    const key = text.slice(i, i + w);
    const tail = last.get(key);
    if (tail === undefined) first.set(key, i);
    else next[tail] = i;
    last.set(key, i);
  }
  last.clear();
  for (const variant of variants) {
    for (let i = 0; i + w <= variant.length && first.size; i++) {
      const key = variant.slice(i, i + w);
      const at = first.get(key);
      if (at === undefined) continue;
      first.delete(key);
      for (let p = at; p !== -1; p = next[p]) cover(p, p + w);
    }
  }
}

function jsonEscape(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

const upperEscapes = (s: string) => s.replace(/\\u([0-9a-f]{4})/g, (_m, hex: string) => `\\u${hex.toUpperCase()}`);
const asciiEscapes = (s: string) => s.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const lowerHex = (s: string) => s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());

/** The secret and the shapes a server may quote it in (see the module comment), without duplicates. */
export function encodings(secret: string): string[] {
  const out = new Set<string>([secret]);
  addTextEncodings(secret, out);
  const decoded = decodedBase64(secret);
  if (decoded !== undefined && decoded.length >= MIN_MASKED_LENGTH) {
    out.add(decoded);
    addTextEncodings(decoded, out);
  }
  out.delete('');
  return [...out];
}

function addTextEncodings(secret: string, out: Set<string>): void {
  const json = jsonEscape(secret);
  for (const form of [json, upperEscapes(json), asciiEscapes(json), upperEscapes(asciiEscapes(json)), json.replace(/\//g, '\\/'), jsonEscape(json)]) out.add(form);
  try {
    const component = encodeURIComponent(secret);
    const strict = component.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const uri = encodeURI(secret);
    for (const form of [component, strict, uri, component.replace(/%20/g, '+'), strict.replace(/%20/g, '+')]) {
      out.add(form);
      out.add(lowerHex(form));
    }
  } catch {
    // A lone surrogate cannot be URL-encoded: no server can have sent it that way either.
  }
  // Base64 of the value, and of its JSON-escaped form (a server that encodes the whole request body).
  const encoder = new TextEncoder();
  for (const form of base64Forms(encoder.encode(secret))) out.add(form);
  if (json !== secret) for (const form of base64Forms(encoder.encode(json))) out.add(form);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < bytes.length ? B64[n & 63] : '=');
  }
  return out;
}

/**
 * Base64 and base64url of the bytes: whole (padded and not), and, for each of the three offsets the bytes can have
 * inside a longer encoded text, the characters that depend on these bytes only.
 */
function base64Forms(bytes: Uint8Array): string[] {
  const forms: string[] = [];
  const whole = base64(bytes);
  forms.push(whole, whole.replace(/=+$/, ''));
  for (let offset = 0; offset < 3; offset++) {
    const shifted = new Uint8Array(offset + bytes.length);
    shifted.set(bytes, offset);
    const encoded = base64(shifted);
    const from = Math.ceil((8 * offset) / 6);
    const to = Math.floor((8 * (offset + bytes.length)) / 6);
    if (to > from) forms.push(encoded.slice(from, to));
  }
  return forms.flatMap((f) => [f, f.replace(/\+/g, '-').replace(/\//g, '_')]);
}

/** The text a base64 or base64url value decodes to, when it is one and decodes to UTF-8 text. */
function decodedBase64(value: string): string | undefined {
  const trimmed = value.replace(/\s+/g, '');
  if (trimmed.length < 8 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) return undefined;
  const normal = trimmed.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (normal.length % 4 === 1) return undefined;
  const bytes = new Uint8Array(Math.floor((normal.length * 6) / 8));
  let bits = 0;
  let acc = 0;
  let n = 0;
  for (const c of normal) {
    acc = ((acc << 6) | B64.indexOf(c)) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[n++] = (acc >> bits) & 0xff;
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n));
  } catch {
    return undefined;
  }
  // Text, not bytes that happen to be valid UTF-8 (an ordinary word can look like base64).
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return undefined;
  }
  return text;
}
