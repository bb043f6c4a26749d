/**
 * "Compare with…": the drift between two definition files (core/drift), and the masked renderings of both for a
 * side-by-side view in which a differing value is marked "(differs)". Outside VS Code, so that it is tested as is.
 */
import { compareDefinitions, definitionBody, driftSide, KIND_TITLES, parseDefinition, renderDriftTable, summarizeDrift, type DefinitionDocument, type DriftReport } from '../../../core';
import { valueSources, type ValueSource } from '../../../core/env/values';
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

/** What is known of a document's values here (sync/resolve `knownValues`): the document to compare and the sources. */
export type KnownValues = (doc: DefinitionDocument) => Promise<{ doc: DefinitionDocument; sources: ValueSource[] }>;

/** Nothing resolved: references and SOPS values unknown (an untrusted workspace). */
const asWritten: KnownValues = (doc) => Promise.resolve({ doc, sources: valueSources(doc) });

/**
 * Compares two files; `digest` hashes a value (values are compared by hash only, and nothing made of a value is
 * returned); `known` says what this machine knows of the values, as `secretdef drift` does. The renderings mask
 * every value, and mark those known to differ.
 */
export async function compareFiles(a: CompareInput, b: CompareInput, digest: (value: string) => string, known: KnownValues = asWritten): Promise<CompareResult> {
  const docA = parseDefinition(a.path, a.text);
  const docB = parseDefinition(b.path, b.text);
  if (!docA || !docB) return { ok: false, message: `${(docA ? b : a).label} is not a secret definition file.` };
  if (docA.kind !== docB.kind) {
    return { ok: false, message: `Only files of one kind can be compared: ${a.label} is a ${KIND_TITLES[docA.kind]} file, ${b.label} a ${KIND_TITLES[docB.kind]} file.` };
  }
  const [knownA, knownB] = await Promise.all([known(docA), known(docB)]);
  const report = compareDefinitions([driftSide(a.label, knownA.doc, knownA.sources, digest), driftSide(b.label, knownB.doc, knownB.sources, digest)]);
  const changed = new Set(report.rows.filter((r) => r.code === 'drift-value').map((r) => r.name));
  const format = docA.syntax === 'json' ? 'json' : 'yaml';
  return {
    ok: true,
    report,
    left: renderRedacted(docA.kind, definitionBody(knownA.doc), format, changed),
    right: renderRedacted(docB.kind, definitionBody(knownB.doc), format, changed),
    summary: summarizeDrift(report),
    table: renderDriftTable(report),
  };
}
