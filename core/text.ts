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

/** Maps offsets to positions and back for one text. Built once per document version. */
export class LineIndex {
  /** The offset where each line starts, in order (a typed array: an edit copies it in a fraction of a millisecond). */
  private readonly lineStarts: Int32Array;

  constructor(private readonly text: string, lineStarts?: Int32Array) {
    if (lineStarts) {
      this.lineStarts = lineStarts;
      return;
    }
    const starts = [0];
    scanLineStarts(text, 0, text.length, starts);
    this.lineStarts = Int32Array.from(starts);
  }

  /**
   * The index of `text`, which is the text of `previous` with `edit` applied: only the edited region is scanned, the
   * line starts after it are shifted (the same starts as `new LineIndex(text)`: test/unit/incremental.test.ts).
   */
  static afterEdit(previous: LineIndex, text: string, edit: TextChange): LineIndex {
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
function scanLineStarts(text: string, from: number, to: number, starts: number[]): void {
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
