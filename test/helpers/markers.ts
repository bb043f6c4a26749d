/**
 * Golden fixtures carry their expectations inline. A marker line — carets under the previous line, then a
 * diagnostic code — says that a diagnostic of that code covers exactly those columns:
 *
 *     priority: 101
 *               ^^^ number-out-of-range
 *
 * A marker `^ code` where the caret stands alone and is followed by `(empty)` expects a zero-width range at that
 * column. Marker lines are removed before the text is validated, so they work in JSON as well as YAML.
 */
export interface ExpectedDiagnostic {
  code: string;
  line: number;
  start: number;
  end: number;
}

const MARKER = /^(\s*)(\^+)\s+([a-z0-9-]+)(\s+\(empty\))?\s*$/;

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
      const start = m[1].length;
      const end = m[4] ? start : start + m[2].length;
      expected.push({ code: m[3], line: kept.length - 1, start, end });
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
