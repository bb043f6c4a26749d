/** LSP-compatible positions: 0-based line, UTF-16 code unit character (a JS string index). */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** One edit of a text: `oldLength` characters at `offset` replaced by `newLength` characters. */
export interface TextChange {
  offset: number;
  oldLength: number;
  newLength: number;
}

/**
 * What the parse, the line index and the validator read of a text, character by character or in short slices. A
 * string is one; so is a `PieceText`, which the language server keeps for a large document so that an edit does not
 * make a new string of the whole file (BENCHMARKS.md). `toString()` gives the whole text as one string: for a
 * `PieceText` that is the copy the edit avoided, made once per version and only when a reader needs it.
 */
export interface TextSource {
  readonly length: number;
  charCodeAt(index: number): number;
  slice(start: number, end?: number): string;
  indexOf(search: string, position?: number): number;
  includes(search: string): boolean;
  toString(): string;
}

/** The pieces of a `PieceText` are about this long (UTF-16 code units): an edit copies one or two of them. */
const PIECE = 16 * 1024;

/**
 * A text held as pieces of about 16 K characters. An edit makes a new `PieceText` that shares every piece but the
 * one or two it touches, so its cost depends on the edit, not on the text; reads locate the piece (the last one
 * read first, then a binary search). `toString()` joins the pieces once. test/unit/piece-text.test.ts compares
 * every operation with a string's on random edits.
 */
export class PieceText implements TextSource {
  /** The offset where each piece starts; `starts[pieces.length]` is the length. */
  private readonly starts: Int32Array;
  private last = 0;
  private whole: string | undefined;

  private constructor(private readonly pieces: readonly string[], starts?: Int32Array) {
    if (starts) this.starts = starts;
    else {
      this.starts = new Int32Array(pieces.length + 1);
      for (let k = 0; k < pieces.length; k++) this.starts[k + 1] = this.starts[k] + pieces[k].length;
    }
  }

  static from(text: string, piece = PIECE): PieceText {
    const pieces: string[] = [];
    for (let at = 0; at < text.length; at += piece) pieces.push(text.slice(at, at + piece));
    const made = new PieceText(pieces.length ? pieces : ['']);
    made.whole = text;
    return made;
  }

  get length(): number {
    return this.starts[this.pieces.length];
  }

  /** The index of the piece holding `offset` (the last piece for the length itself). */
  private pieceAt(offset: number): number {
    const starts = this.starts;
    const k = this.last;
    if (offset >= starts[k] && offset < starts[k + 1]) return k;
    let low = 0;
    let high = this.pieces.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    this.last = low;
    return low;
  }

  charCodeAt(index: number): number {
    if (!(index >= 0 && index < this.length)) return NaN;
    const k = this.pieceAt(index);
    return this.pieces[k].charCodeAt(index - this.starts[k]);
  }

  slice(start = 0, end: number = this.length): string {
    const length = this.length;
    let from = start < 0 ? Math.max(0, length + start) : Math.min(start, length);
    const to = end < 0 ? Math.max(0, length + end) : Math.min(end, length);
    if (from >= to) return '';
    if (this.whole !== undefined) return this.whole.slice(from, to);
    let k = this.pieceAt(from);
    let out = '';
    while (from < to) {
      const base = this.starts[k];
      const piece = this.pieces[k];
      const upto = Math.min(to - base, piece.length);
      out += piece.slice(from - base, upto);
      from = base + upto;
      k++;
    }
    return out;
  }

  indexOf(search: string, position = 0): number {
    if (this.whole !== undefined) return this.whole.indexOf(search, position);
    const length = this.length;
    const from = Math.min(Math.max(0, position), length);
    if (search.length === 0) return from;
    let k = this.pieceAt(from);
    for (; k < this.pieces.length; k++) {
      const base = this.starts[k];
      const found = this.pieces[k].indexOf(search, Math.max(0, from - base));
      if (found >= 0) return base + found;
      // A match across the end of this piece starts in its last `search.length - 1` characters.
      const end = this.starts[k + 1];
      if (end >= length) break;
      const windowStart = Math.max(from, end - search.length + 1);
      const across = this.slice(windowStart, Math.min(length, end + search.length - 1)).indexOf(search);
      if (across >= 0) return windowStart + across;
    }
    return -1;
  }

  includes(search: string): boolean {
    return this.indexOf(search) >= 0;
  }

  toString(): string {
    this.whole ??= this.pieces.join('');
    return this.whole;
  }

  /** This text with `oldLength` characters at `offset` replaced by `inserted`: a new text sharing the other pieces. */
  edit(offset: number, oldLength: number, inserted: string, piece = PIECE): PieceText {
    const length = this.length;
    const start = Math.min(Math.max(0, offset), length);
    const end = Math.min(length, start + Math.max(0, oldLength));
    // The pieces [before, after) that the edit touches are replaced by `middle`.
    let before = this.pieceAt(start);
    let after = (end > start ? this.pieceAt(end - 1) : before) + 1;
    const head = this.pieces[before].slice(0, start - this.starts[before]);
    const tail = this.pieces[after - 1].slice(end - this.starts[after - 1]);
    let middle = head + inserted + tail;
    // A piece much smaller than the others joins its neighbour; a piece much larger is cut.
    if (middle.length < piece >> 2) {
      if (after < this.pieces.length) middle += this.pieces[after++];
      else if (before > 0) middle = this.pieces[--before] + middle;
    }
    const made: string[] = [];
    if (middle.length > 2 * piece) {
      for (let at = 0; at < middle.length; at += piece) made.push(flat(middle.slice(at, at + piece)));
    } else if (middle.length > 0 || this.pieces.length - (after - before) === 0) made.push(flat(middle));
    const pieces = this.pieces.slice(0, before).concat(made, this.pieces.slice(after));
    const starts = new Int32Array(pieces.length + 1);
    starts.set(this.starts.subarray(0, before + 1));
    for (let k = before; k < pieces.length; k++) starts[k + 1] = starts[k] + pieces[k].length;
    return new PieceText(pieces, starts);
  }
}

/** A concatenated string joined now, once (V8 joins one when a character of it is first read). */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

/** Maps offsets to positions and back for one text. Built once per document version. */
export class LineIndex {
  /** The offset where each line starts, in order (a typed array: an edit copies it in a fraction of a millisecond). */
  private readonly lineStarts: Int32Array;

  constructor(private readonly text: TextSource, lineStarts?: Int32Array) {
    if (lineStarts) {
      this.lineStarts = lineStarts;
      return;
    }
    const starts = [0];
    // A whole scan reads the text as one string (a `PieceText` joins its pieces once: a new index is a new file).
    scanLineStarts(text.toString(), 0, text.length, starts);
    this.lineStarts = Int32Array.from(starts);
  }

  /**
   * The index of `text`, which is the text of `previous` with `edit` applied: only the edited region is scanned, the
   * line starts after it are shifted (the same starts as `new LineIndex(text)`: test/unit/incremental.test.ts).
   */
  static afterEdit(previous: LineIndex, text: TextSource, edit: TextChange): LineIndex {
    const old = previous.lineStarts;
    const oldEnd = edit.offset + edit.oldLength;
    const newEnd = edit.offset + edit.newLength;
    const delta = edit.newLength - edit.oldLength;
    // A line start s depends on the characters at s - 1 (the break) and s (a CR followed by LF starts no line at s).
    // Starts before the edit are kept; starts whose break lies after the edit are shifted; the rest is scanned again.
    const keep = Math.max(1, firstAtLeast(old, edit.offset));
    const scanned: number[] = [];
    scanLineStarts(text, Math.max(0, edit.offset - 1), Math.min(newEnd + 1, text.length), scanned);
    const middle = scanned.filter((s) => s > 0 && s >= edit.offset && s <= newEnd);
    const after = firstAtLeast(old, oldEnd + 1);
    const all = new Int32Array(keep + middle.length + old.length - after);
    all.set(old.subarray(0, keep));
    all.set(middle, keep);
    const base = keep + middle.length - after;
    for (let k = after; k < old.length; k++) all[base + k] = old[k] + delta;
    return new LineIndex(text, all);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    let o = Math.max(0, Math.min(offset, this.text.length));
    // An offset between the "\r" and the "\n" of a CRLF is no position in the line (LSP would put it past the line's
    // end): it is the end of the line, just before the "\r".
    if (o > 0 && this.text.charCodeAt(o) === 10 && this.text.charCodeAt(o - 1) === 13) o--;
    let low = 0;
    let high = this.lineStarts.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.lineStarts[mid] > o) high = mid;
      else low = mid + 1;
    }
    const line = low - 1;
    return { line, character: o - this.lineStarts[line] };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    if (position.line < 0) return 0;
    const start = this.lineStarts[position.line];
    const next = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] : this.text.length;
    return Math.max(start, Math.min(start + position.character, next));
  }

  rangeOf(offset: number, length: number): Range {
    return { start: this.positionAt(offset), end: this.positionAt(offset + length) };
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }

  /** The offset just past the last character of the line, before its line break. */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let end = next;
    while (end > this.lineStarts[line] && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return end;
  }
}

/** The index of the first of the sorted numbers that is at least `value` (their length when none is). */
function firstAtLeast(sorted: Int32Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Pushes the line starts (offsets just past a line break) whose break begins in [from, to). */
function scanLineStarts(text: TextSource, from: number, to: number, starts: number[]): void {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
}
