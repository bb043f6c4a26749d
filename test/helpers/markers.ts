/**
 * Golden fixtures carry their expectations inline. A marker line — carets under the previous line, then a
 * diagnostic code — says that a diagnostic of that code covers exactly those columns:
 *
 *     priority: 101
 *               ^^^ number-out-of-range
 *
 * A marker `^ code` where the caret stands alone and is followed by `(empty)` expects a zero-width range at that
 * column. A range over several lines starts at the first caret and ends where `(to +N:C)` says: N lines further
 * down, at column C:
 *
 *     data: |
 *           ^ some-code (to +2:9)
 *
 * Marker lines are removed before the text is validated, so they work in JSON as well as YAML.
 */
export interface ExpectedDiagnostic {
  code: string;
  line: number;
  start: number;
  /** The line the range ends on: `line` unless the marker says `(to +N:C)`. */
  endLine: number;
  end: number;
}

const MARKER = /^(\s*)(\^+)\s+([a-z0-9-]+)(\s+\(empty\)|\s+\(to \+(\d+):(\d+)\))?\s*$/;

/** `line:start-endLine:end code`, for comparing expected and actual ranges exactly, end line included. */
export function rangeKey(d: { code: string; line: number; start: number; endLine: number; end: number }): string {
  return `${d.line + 1}:${d.start}-${d.endLine + 1}:${d.end} ${d.code}`;
}

/** The same key for a diagnostic as the core or the server gives it. */
export function diagnosticKey(d: { code?: unknown; range: { start: { line: number; character: number }; end: { line: number; character: number } } }): string {
  return rangeKey({ code: String(d.code), line: d.range.start.line, start: d.range.start.character, endLine: d.range.end.line, end: d.range.end.character });
}

const FIX = /^~~ fix: (.+)$/;

/**
 * Parses marker lines out of a fixture. A line `~~ fix: TITLE` (anywhere) names the quick fix to apply, by the
 * start of its title; it is removed like the other markers.
 */
export function parseMarkers(source: string): { text: string; expected: ExpectedDiagnostic[]; fix?: string } {
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  const lines = source.split(/\r?\n/);
  const kept: string[] = [];
  const expected: ExpectedDiagnostic[] = [];
  let fix: string | undefined;
  for (const line of lines) {
    const f = FIX.exec(line);
    if (f) {
      fix = f[1].trim();
      continue;
    }
    const m = MARKER.exec(line);
    if (m && kept.length > 0) {
      const line = kept.length - 1;
      const start = m[1].length;
      if (m[5] !== undefined) {
        expected.push({ code: m[3], line, start, endLine: line + Number(m[5]), end: Number(m[6]) });
      } else {
        expected.push({ code: m[3], line, start, endLine: line, end: m[4] ? start : start + m[2].length });
      }
    } else {
      kept.push(line);
    }
  }
  return { text: kept.join(eol), expected, ...(fix ? { fix } : {}) };
}

/** A caret `|` in a text marks a position; returns the text without it and the caret's offset. */
export function caret(textWithCaret: string): { text: string; offset: number } {
  const offset = textWithCaret.indexOf('|');
  if (offset < 0) throw new Error('No caret "|" in the test text.');
  return { text: textWithCaret.slice(0, offset) + textWithCaret.slice(offset + 1), offset };
}
