/**
 * Text a server sent is shown to a person (in a terminal, in the output channel, in a notification) only after
 * it has been masked, cleaned and cut here. A hostile or broken server could otherwise rewrite the terminal
 * (ESC/CSI/OSC sequences: colours, a new window title, a hyperlink, a cleared screen, the cursor moved back over
 * our own words), ring the bell, hide text (bidi overrides, zero-width characters) or flood the screen.
 */
import { redact, SecretSet } from './redact';

/** The most characters of one server text that are shown; the rest is cut and counted. */
export const MAX_SHOWN_CHARS = 2000;

export interface StripOptions {
  /** Keep line breaks and tabs (whole lines of our output); otherwise they become spaces (one server message). */
  multiline?: boolean;
}

const ESC = 0x1b;
const BEL = 0x07;
/** C1 controls that open a control string (DCS, SOS, OSC, PM, APC), ended by ST (ESC \ or 0x9c) or BEL. */
const C1_STRINGS = new Set([0x90, 0x98, 0x9d, 0x9e, 0x9f]);
/** Their 7-bit forms after ESC: P, X, ], ^, _. */
const ESC_STRINGS = new Set([0x50, 0x58, 0x5d, 0x5e, 0x5f]);
const C1_CSI = 0x9b;
const C1_ST = 0x9c;

/** Invisible characters that reorder or hide text: bidi embeddings, overrides and isolates, zero-width characters. */
function invisible(code: number): boolean {
  return code === 0x00ad || code === 0x061c || code === 0x180e || (code >= 0x200b && code <= 0x200f) || (code >= 0x202a && code <= 0x202e)
    || (code >= 0x2060 && code <= 0x2069) || code === 0xfeff || (code >= 0xfff9 && code <= 0xfffb);
}

/**
 * Removes terminal control sequences and control characters: ESC sequences (CSI with its parameters, OSC, DCS and
 * the other control strings up to their terminator, two- and three-byte escapes), their C1 forms, every other C0
 * and C1 control, DEL, and invisible bidi and zero-width characters. Line breaks (also U+2028, U+2029 and CR LF)
 * and tabs are kept with `multiline`, else become spaces. One pass: linear in the text.
 */
export function stripControls(text: string, options: StripOptions = {}): string {
  let out = '';
  let start = 0;
  const n = text.length;
  const flush = (to: number) => {
    if (to > start) out += text.slice(start, to);
  };
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    const printable = (c >= 0x20 && c < 0x7f) || (c > 0x9f && !invisible(c) && c !== 0x2028 && c !== 0x2029);
    if (printable) {
      i++;
      continue;
    }
    flush(i);
    if (c === 0x0a || c === 0x2028 || c === 0x2029 || (c === 0x0d && text.charCodeAt(i + 1) === 0x0a)) {
      out += options.multiline ? '\n' : ' ';
      i += c === 0x0d ? 2 : 1;
    } else if (c === 0x09) {
      out += options.multiline ? '\t' : ' ';
      i++;
    } else if (c === ESC) {
      i = skipEscape(text, i + 1);
    } else if (c === C1_CSI) {
      i = skipCsi(text, i + 1);
    } else if (C1_STRINGS.has(c)) {
      i = skipString(text, i + 1);
    } else {
      i++;
    }
    start = i;
  }
  flush(n);
  return out;
}

/** After ESC: the index past the sequence it starts. */
function skipEscape(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (Number.isNaN(c)) return i;
  if (c === 0x5b) return skipCsi(text, i + 1);
  if (ESC_STRINGS.has(c)) return skipString(text, i + 1);
  // nF escapes (ESC, intermediates 0x20-0x2f, a final byte), and two-byte escapes (ESC 7, ESC c…).
  while (i < text.length && text.charCodeAt(i) >= 0x20 && text.charCodeAt(i) <= 0x2f) i++;
  const final = text.charCodeAt(i);
  return final >= 0x30 && final <= 0x7e ? i + 1 : i;
}

/** After CSI: parameters and intermediates (0x20-0x3f), then one final byte (0x40-0x7e). */
function skipCsi(text: string, i: number): number {
  while (i < text.length && text.charCodeAt(i) >= 0x20 && text.charCodeAt(i) <= 0x3f) i++;
  const final = text.charCodeAt(i);
  return final >= 0x40 && final <= 0x7e ? i + 1 : i;
}

/** After the opener of a control string: up to and including BEL or ST (ESC \ or 0x9c); to the end when unterminated, as a terminal would. */
function skipString(text: string, i: number): number {
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BEL || c === C1_ST) return i + 1;
    if (c === ESC && text.charCodeAt(i + 1) === 0x5c) return i + 2;
  }
  return i;
}

/** The first `max` characters and how many were cut, said in words; never half of a surrogate pair. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}… (cut: ${(text.length - end).toLocaleString('en-US')} more characters)`;
}

/**
 * A server's text as it may be shown: every secret masked (fragments included), control sequences removed, on one
 * line (a server cannot forge a line of ours), then cut. Masking comes before cutting, so a cut never leaves half
 * of a secret in clear.
 */
export function showServerText(text: string, secrets: SecretSet | Iterable<string>, max = MAX_SHOWN_CHARS): string {
  const set = secrets instanceof SecretSet ? secrets : new SecretSet(secrets);
  // Whole encodings first (a value may hold a control character), then fragments once the control sequences are
  // gone (a server could split a value with them), line breaks kept until then (a value may span lines).
  const cleaned = stripControls(redact(text, set), { multiline: true });
  const masked = redact(cleaned, set, { fragments: true });
  return cutText(stripControls(masked).trim(), max);
}
