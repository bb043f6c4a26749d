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

/** How many texts searched for `includes` remembers per piece (the few asked after every edit). */
const REMEMBERED = 8;

/**
 * What `includes` learnt of one piece, shared by every version that holds the piece: whether the piece holds each
 * text searched for, and whether the joint with the piece that followed it then (`next`) does.
 */
interface PieceFacts {
  holds: Map<string, boolean>;
  next: string | undefined;
  joint: Map<string, boolean>;
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

  private constructor(
    private readonly pieces: readonly string[],
    starts?: Int32Array,
    /** What `includes` learnt of each piece: kept with the piece from version to version. */
    private readonly facts: readonly PieceFacts[] = pieces.map(noFacts),
  ) {
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

  /**
   * Whether the text holds `search` anywhere. What each piece answered is kept with the piece, which the versions made
   * from this one by edits share: a text asked the same question after every edit (does it hold an anchor, a
   * directive, a `${env:` reference?) reads only the pieces the edits made, and the joints next to them.
   */
  includes(search: string): boolean {
    if (search.length === 0) return true;
    const { pieces, facts } = this;
    for (let k = 0; k < pieces.length; k++) {
      const known = facts[k].holds;
      let holds = known.get(search);
      if (holds === undefined) {
        holds = pieces[k].includes(search);
        if (known.size < REMEMBERED) known.set(search, holds);
      }
      if (holds) return true;
    }
    // A match across the joint after piece k starts in its last `search.length - 1` characters. The answer is kept
    // while the same piece follows, when both pieces are long enough to hold their side of any match.
    if (search.length > 1) {
      for (let k = 0; k + 1 < pieces.length; k++) {
        const fact = facts[k];
        const next = pieces[k + 1];
        const keep = pieces[k].length >= search.length - 1 && next.length >= search.length - 1;
        if (fact.next !== next) {
          fact.next = next;
          fact.joint.clear();
        }
        let holds = keep ? fact.joint.get(search) : undefined;
        if (holds === undefined) {
          const joint = this.starts[k + 1];
          holds = this.slice(Math.max(0, joint - search.length + 1), joint + search.length - 1).includes(search);
          if (keep && fact.joint.size < REMEMBERED) fact.joint.set(search, holds);
        }
        if (holds) return true;
      }
    }
    return false;
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
    const middlePieces: string[] = [];
    if (middle.length > 2 * piece) {
      for (let at = 0; at < middle.length; at += piece) middlePieces.push(flat(middle.slice(at, at + piece)));
    } else if (middle.length > 0 || this.pieces.length - (after - before) === 0) middlePieces.push(flat(middle));
    const pieces = this.pieces.slice(0, before).concat(middlePieces, this.pieces.slice(after));
    const starts = new Int32Array(pieces.length + 1);
    starts.set(this.starts.subarray(0, before + 1));
    for (let k = before; k < pieces.length; k++) starts[k + 1] = starts[k] + pieces[k].length;
    return new PieceText(pieces, starts, this.facts.slice(0, before).concat(middlePieces.map(noFacts), this.facts.slice(after)));
  }
}

function noFacts(): PieceFacts {
  return { holds: new Map(), next: undefined, joint: new Map() };
}

/** A concatenated string joined now, once (V8 joins one when a character of it is first read). */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

/** The line starts of a `LineIndex` are kept in blocks of about this many lines: an edit copies one or two. */
const BLOCK = 1024;

/** The line starts of one text, in blocks (the internal form a `LineIndex` is made from after an edit). */
interface LineBlocks {
  /** The starts of each block's lines, relative to the block's base (so each block begins with 0). */
  blocks: readonly Int32Array[];
  /** The offset where each block's first line starts. */
  bases: Int32Array;
  /** The index of each block's first line; `firstLines[blocks.length]` is the number of lines. */
  firstLines: Int32Array;
}

/**
 * Maps offsets to positions and back for one text. Built once per document version; after an edit, made from the
 * previous version's index (`afterEdit`). The line starts are held in blocks of about a thousand lines, each relative
 * to the block's first line: an edit rewrites the block or two it touches and moves the bases of the blocks after
 * it, so its cost depends on the edit and the number of blocks, not on the number of lines (BENCHMARKS.md).
 */
export class LineIndex {
  private readonly blocks: readonly Int32Array[];
  private readonly bases: Int32Array;
  private readonly firstLines: Int32Array;
  /** The block read last: reads near each other find it first. */
  private last = 0;

  /** `block` (lines per block) is for tests; `parts` is what `afterEdit` made. */
  constructor(
    private readonly text: TextSource,
    private readonly block = BLOCK,
    parts?: LineBlocks,
  ) {
    if (!parts) {
      const starts = [0];
      // A whole scan reads the text as one string (a `PieceText` joins its pieces once: a new index is a new file).
      scanLineStarts(text.toString(), 0, text.length, starts);
      parts = blocksOf(starts, 0, block);
    }
    this.blocks = parts.blocks;
    this.bases = parts.bases;
    this.firstLines = parts.firstLines;
  }

  /**
   * The index of `text`, which is the text of `previous` with `edit` applied: only the edited region is scanned, the
   * line starts after it are shifted (the same starts as `new LineIndex(text)`: test/unit/incremental.test.ts).
   */
  static afterEdit(previous: LineIndex, text: TextSource, edit: TextChange): LineIndex {
    const oldEnd = edit.offset + edit.oldLength;
    const newEnd = edit.offset + edit.newLength;
    const delta = edit.newLength - edit.oldLength;
    // A line start s depends on the characters at s - 1 (the break) and s (a CR followed by LF starts no line at s).
    // Lines before `keep` are kept; lines from `after` on (their break lies after the edit) are shifted; the lines
    // between are scanned again.
    const keep = Math.max(1, previous.firstAtLeast(edit.offset));
    const after = previous.firstAtLeast(oldEnd + 1);
    const scanned: number[] = [];
    scanLineStarts(text, Math.max(0, edit.offset - 1), Math.min(newEnd + 1, text.length), scanned);
    // The blocks [first, last] hold the lines from `keep - 1` to `after - 1`: they are made again, with the new lines.
    const { blocks, bases, firstLines } = previous;
    const first = previous.blockOfLine(keep - 1);
    let last = previous.blockOfLine(Math.max(keep, after) - 1);
    const starts: number[] = [];
    for (let line = firstLines[first]; line < keep; line++) starts.push(previous.startOf(line));
    for (const s of scanned) if (s > 0 && s >= edit.offset && s <= newEnd) starts.push(s);
    const shifted = (upto: number): void => {
      for (let line = Math.max(after, firstLines[last]); line < upto; line++) starts.push(previous.startOf(line) + delta);
    };
    shifted(firstLines[last + 1]);
    // A block much smaller than the others joins the next one.
    if (starts.length < previous.block >> 2 && last + 1 < blocks.length) {
      last++;
      shifted(firstLines[last + 1]);
    }
    const made = blocksOf(starts, firstLines[first], previous.block);
    const count = first + made.blocks.length + blocks.length - last - 1;
    const parts: LineBlocks = {
      blocks: blocks.slice(0, first).concat(made.blocks, blocks.slice(last + 1)),
      bases: new Int32Array(count),
      firstLines: new Int32Array(count + 1),
    };
    parts.bases.set(bases.subarray(0, first));
    parts.bases.set(made.bases, first);
    for (let b = last + 1, to = first + made.blocks.length; b < blocks.length; b++, to++) parts.bases[to] = bases[b] + delta;
    parts.firstLines.set(firstLines.subarray(0, first + 1));
    for (let b = first; b < count; b++) parts.firstLines[b + 1] = parts.firstLines[b] + parts.blocks[b].length;
    return new LineIndex(text, previous.block, parts);
  }

  get lineCount(): number {
    return this.firstLines[this.blocks.length];
  }

  /** The block holding a line (0 ≤ line < lineCount). */
  private blockOfLine(line: number): number {
    const firstLines = this.firstLines;
    const k = this.last;
    if (line >= firstLines[k] && line < firstLines[k + 1]) return k;
    let low = 0;
    let high = this.blocks.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (firstLines[mid] <= line) low = mid;
      else high = mid - 1;
    }
    this.last = low;
    return low;
  }

  /** Where a line starts (0 ≤ line < lineCount). */
  private startOf(line: number): number {
    const b = this.blockOfLine(line);
    return this.bases[b] + this.blocks[b][line - this.firstLines[b]];
  }

  /** The index of the first line that starts at or after `offset` (the number of lines when none does). */
  private firstAtLeast(offset: number): number {
    // The last block whose first line starts before `offset`: the line sought is in it, or is the next block's first.
    const bases = this.bases;
    let low = 0;
    let high = this.blocks.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (bases[mid] < offset) low = mid + 1;
      else high = mid;
    }
    if (low === 0) return 0;
    const b = low - 1;
    const block = this.blocks[b];
    const relative = offset - bases[b];
    let l = 0;
    let h = block.length;
    while (l < h) {
      const mid = (l + h) >>> 1;
      if (block[mid] < relative) l = mid + 1;
      else h = mid;
    }
    return this.firstLines[b] + l;
  }

  positionAt(offset: number): Position {
    let o = Math.max(0, Math.min(offset, this.text.length));
    // An offset between the "\r" and the "\n" of a CRLF is no position in the line (LSP would put it past the line's
    // end): it is the end of the line, just before the "\r".
    if (o > 0 && this.text.charCodeAt(o) === 10 && this.text.charCodeAt(o - 1) === 13) o--;
    // The last line that starts at or before `o`.
    const line = this.firstAtLeast(o + 1) - 1;
    return { line, character: o - this.startOf(line) };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineCount) return this.text.length;
    if (position.line < 0) return 0;
    const start = this.startOf(position.line);
    const next = position.line + 1 < this.lineCount ? this.startOf(position.line + 1) : this.text.length;
    return Math.max(start, Math.min(start + position.character, next));
  }

  rangeOf(offset: number, length: number): Range {
    return { start: this.positionAt(offset), end: this.positionAt(offset + length) };
  }

  lineStart(line: number): number {
    return this.startOf(Math.max(0, Math.min(line, this.lineCount - 1)));
  }

  /** The offset just past the last character of the line, before its line break. */
  lineEnd(line: number): number {
    const start = this.startOf(line);
    const next = line + 1 < this.lineCount ? this.startOf(line + 1) : this.text.length;
    let end = next;
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return end;
  }
}

/** Absolute line starts, the first of them line `firstLine`, cut into blocks of `block` lines (or one of up to twice that). */
function blocksOf(starts: readonly number[], firstLine: number, block: number): LineBlocks {
  const size = starts.length <= 2 * block ? Math.max(1, starts.length) : block;
  const count = Math.ceil(starts.length / size);
  const blocks: Int32Array[] = [];
  const bases = new Int32Array(count);
  const firstLines = new Int32Array(count + 1);
  firstLines[0] = firstLine;
  for (let b = 0; b < count; b++) {
    const from = b * size;
    const to = Math.min(starts.length, from + size);
    const relative = new Int32Array(to - from);
    for (let k = from; k < to; k++) relative[k - from] = starts[k] - starts[from];
    blocks.push(relative);
    bases[b] = starts[from];
    firstLines[b + 1] = firstLines[b] + relative.length;
  }
  return { blocks, bases, firstLines };
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
