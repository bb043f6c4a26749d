import { TextDocumentContentChangeEvent, type Position, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex, PieceText, type TextChange, type TextSource } from '../../core/text';

/**
 * Makes the text of a new version: `old` with `oldLength` characters at `offset` replaced by `inserted`. The server
 * holds one text per document version.
 */
export type JoinText = (old: TextSource, offset: number, oldLength: number, inserted: string) => TextSource;

/** Concatenation: V8 joins the pieces when the new text is first read, a copy of the whole text at each version. */
export const concatText: JoinText = (old, offset, oldLength, inserted) => old.slice(0, offset) + inserted + old.slice(offset + oldLength);

/** From this length on, a text is held in pieces (below it, V8's copy of the whole text costs little). */
const LARGE = 64 * 1024;

/**
 * The server's `JoinText`: a text of `minLength` characters or more is held in pieces (core/text.ts `PieceText`), so
 * that an edit copies the piece it touches instead of the whole text; the parse and the validation of the edit read
 * the pieces around it, and the whole text is joined only when another feature asks for it. Before, every version
 * of a 2.6 MB file was a new 2.6 MB string, about half of an edit's cost at 50,000 variables (BENCHMARKS.md).
 */
export function pieceJoin(minLength = LARGE): JoinText {
  return (old, offset, oldLength, inserted) => {
    if (old.length - oldLength + inserted.length < minLength) return concatText(old, offset, oldLength, inserted);
    return (old instanceof PieceText ? old : PieceText.from(old.toString())).edit(offset, oldLength, inserted);
  };
}

/**
 * A document as the editor sends it, version by version (`TextDocuments` keeps the latest). It is the library's
 * `TextDocument` in behaviour (test/unit/server-document.test.ts compares both on random edits), with two
 * differences that make an edit cost what the edit is, not what the file is: its line index is the core's
 * (`LineIndex.afterEdit`: the line starts are kept in blocks, an edit rewrites the one it touches and moves the blocks after it; the parse uses the same index), and
 * the new text is made by a `JoinText` (by default a large text is held in pieces: `pieceJoin`).
 */
export class EditorDocument implements TextDocument {
  private constructor(
    readonly uri: string,
    readonly languageId: string,
    readonly version: number,
    private readonly text: TextSource,
    /** The line index of the text, shared with the parse of this version. */
    readonly lines: LineIndex,
    /** When one ranged change made this version from version `from`: where (the parse re-reads only that). */
    readonly edit?: { from: number; change: TextChange },
  ) {}

  static create(uri: string, languageId: string, version: number, content: string): EditorDocument {
    return new EditorDocument(uri, languageId, version, content, new LineIndex(content));
  }

  /** The next version: the changes applied in order, as LSP says (each range is in the text the previous left). */
  static update(document: EditorDocument, changes: readonly TextDocumentContentChangeEvent[], version: number, join: JoinText = pieceJoin()): EditorDocument {
    let text: TextSource = document.text;
    let lines = document.lines;
    let change: TextChange | undefined;
    for (const event of changes) {
      if (!TextDocumentContentChangeEvent.isIncremental(event)) {
        text = event.text;
        lines = new LineIndex(text);
        change = undefined;
        continue;
      }
      const { start, end } = wellFormed(event.range);
      const offset = offsetIn(lines, text, start);
      const oldLength = Math.max(offset, offsetIn(lines, text, end)) - offset;
      text = join(text, offset, oldLength, event.text);
      change = { offset, oldLength, newLength: event.text.length };
      lines = LineIndex.afterEdit(lines, text, change);
    }
    const edit = changes.length === 1 && change ? { from: document.version, change } : undefined;
    return new EditorDocument(document.uri, document.languageId, version, text, lines, edit);
  }

  get lineCount(): number {
    return this.lines.lineCount;
  }

  /** The text as the parse reads it: the string, or the pieces of a large text (see `pieceJoin`). */
  getSource(): TextSource {
    return this.text;
  }

  getText(range?: Range): string {
    if (!range) return this.text.toString();
    const { start, end } = wellFormed(range);
    return this.text.slice(this.offsetAt(start), this.offsetAt(end));
  }

  positionAt(offset: number): Position {
    return this.lines.positionAt(offset);
  }

  offsetAt(position: Position): number {
    return offsetIn(this.lines, this.text, position);
  }

  getLineRange(line: number): Range {
    const last = this.lines.lineCount - 1;
    if (line > last) return { start: { line: last, character: 0 }, end: { line: last, character: this.text.length - this.lines.lineStart(last) } };
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { start: { line, character: 0 }, end: { line, character: this.lines.lineEnd(line) - this.lines.lineStart(line) } };
  }

  getEOLCharacters(line: number): string {
    if (line < 0 || line >= this.lines.lineCount) return '';
    const next = line + 1 < this.lines.lineCount ? this.lines.lineStart(line + 1) : this.text.length;
    return this.text.slice(this.lines.lineEnd(line), next);
  }
}

/** An offset as LSP reads a position: a character past the end of its line is the line's end, before its break. */
function offsetIn(lines: LineIndex, text: TextSource, position: Position): number {
  if (position.line >= lines.lineCount) return text.length;
  if (position.line < 0) return 0;
  const start = lines.lineStart(position.line);
  return position.character <= 0 ? start : Math.min(start + position.character, lines.lineEnd(position.line));
}

/** A range whose end is before its start is read from its end to its start (as the library does). */
function wellFormed(range: Range): Range {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? { start: end, end: start } : range;
}
