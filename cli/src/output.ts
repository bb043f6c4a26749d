import type { Diagnostic } from '../../core';

export interface FileDiagnostic extends Diagnostic {
  file: string;
}

/** `file:line:col severity message [code]`, 1-based like tsc and eslint, so terminals and editors can jump to it. */
export function formatText(items: readonly FileDiagnostic[]): string {
  return items
    .map((d) => `${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.message} [${d.code}]`)
    .join('\n');
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
