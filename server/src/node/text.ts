import { concatText, type JoinText } from '../document';

/** Node makes a string of at least about 1 MB read from a buffer an external string (outside V8's heap). */
const LARGE = 1 << 20;

/** Characters that do not fit in one byte: the text is then copied as UTF-16. */
const WIDE = /[\u0100-\uffff]/;

/**
 * The desktop server's `JoinText` (server/src/main.ts). Concatenation leaves V8 to join the pieces when the new text
 * is first read, in its own heap: for a 2.6 MB file about 10 ms per version on this project's machine, whatever the
 * edit (BENCHMARKS.md). Copying the pieces into a buffer and reading it back as one string costs a plain copy
 * (about 0.3 ms), and Node keeps a string that large outside V8's heap. Texts under `minLength` are concatenated
 * (what V8 does is cheap there); one-byte texts are copied as Latin-1, others as UTF-16 (both exact). Whether a text
 * is one-byte is scanned once (about 2 ms at 2.6 MB) and then known for the text this joined last, so typing in one
 * document scans only what is typed.
 */
export function bufferJoin(minLength = LARGE): JoinText {
  let last: { text: string; wide: boolean } | undefined;
  /** One buffer the pieces are copied into, kept for the next edit (a new one each time is more work for the GC). */
  let scratch: Buffer | undefined;
  return (old, offset, oldLength, inserted) => {
    const length = old.length - oldLength + inserted.length;
    if (length < minLength) {
      last = undefined;
      return concatText(old, offset, oldLength, inserted);
    }
    const head = old.slice(0, offset);
    const tail = old.slice(offset + oldLength);
    const known = last && last.text === old ? last.wide : undefined;
    const wide = WIDE.test(inserted) || (known ?? (WIDE.test(head) || WIDE.test(tail)));
    const encoding = wide ? 'utf16le' : 'latin1';
    const bytes = length * (wide ? 2 : 1);
    if (!scratch || scratch.length < bytes) scratch = Buffer.allocUnsafeSlow(bytes + (bytes >> 3));
    const buffer = scratch;
    let at = buffer.write(head, 0, encoding);
    at += buffer.write(inserted, at, encoding);
    buffer.write(tail, at, encoding);
    const text = buffer.toString(encoding, 0, bytes);
    last = { text, wide };
    return text;
  };
}
