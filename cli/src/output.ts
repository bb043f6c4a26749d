import { formatDiagnosticLine, type Diagnostic } from '../../core';

export interface FileDiagnostic extends Diagnostic {
  file: string;
}

/** One line per diagnostic, in the core's line format (`file:line:col severity message [code]`). */
export function formatText(items: readonly FileDiagnostic[]): string {
  return items.map((d) => formatDiagnosticLine(d.file, d)).join('\n');
}

/** One JSON array, 0-based positions as in LSP. */
export function formatJson(items: readonly FileDiagnostic[]): string {
  return JSON.stringify(
    items.map((d) => ({ file: d.file, range: d.range, severity: d.severity, code: d.code, message: d.message })),
    null,
    2,
  );
}

export function summary(items: readonly FileDiagnostic[], fileCount: number): string {
  const count = (s: Diagnostic['severity']) => items.filter((d) => d.severity === s).length;
  const errors = count('error');
  const warnings = count('warning');
  const files = `${fileCount} file${fileCount === 1 ? '' : 's'}`;
  if (items.length === 0) return `No problems in ${files}.`;
  return `${items.length} problem${items.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}) in ${files}.`;
}
