/**
 * "Compare with…": the drift between two definition files (core/drift), and the masked renderings of both for a
 * side-by-side view in which a differing value is marked "(differs)". Outside VS Code, so that it is tested as is.
 */
import { compareDefinitions, definitionBody, KIND_TITLES, literalValue, parseDefinition, renderDriftTable, summarizeDrift, type DriftReport } from '../../../core';
import { renderRedacted } from '../../../core/plan';

export interface CompareInput {
  /** How the file is named to a person (a workspace-relative path). */
  label: string;
  /** Its path, for the kind and syntax. */
  path: string;
  text: string;
}

export type CompareResult =
  | { ok: true; report: DriftReport; left: string; right: string; summary: string; table: string[] }
  | { ok: false; message: string };

/**
 * Compares two files; `digest` hashes a value (values are compared by hash only, and nothing made of a value is
 * returned). The renderings mask every value, and mark those known to differ.
 */
export function compareFiles(a: CompareInput, b: CompareInput, digest: (value: string) => string): CompareResult {
  const docA = parseDefinition(a.path, a.text);
  const docB = parseDefinition(b.path, b.text);
  if (!docA || !docB) return { ok: false, message: `${(docA ? b : a).label} is not a secret definition file.` };
  if (docA.kind !== docB.kind) {
    return { ok: false, message: `Only files of one kind can be compared: ${a.label} is a ${KIND_TITLES[docA.kind]} file, ${b.label} a ${KIND_TITLES[docB.kind]} file.` };
  }
  const value = (_entry: unknown, raw: unknown) => literalValue(raw, digest);
  const report = compareDefinitions([{ label: a.label, doc: docA, value }, { label: b.label, doc: docB, value }]);
  const changed = new Set(report.rows.filter((r) => r.code === 'drift-value').map((r) => r.name));
  const format = docA.syntax === 'json' ? 'json' : 'yaml';
  return {
    ok: true,
    report,
    left: renderRedacted(docA.kind, definitionBody(docA), format, changed),
    right: renderRedacted(docB.kind, definitionBody(docB), format, changed),
    summary: summarizeDrift(report),
    table: renderDriftTable(report),
  };
}
