import { toValue } from './ast';
import { CODES, type Diagnostic } from './diagnostics';
import { MAX_TEXT_LENGTH, type DefinitionDocument } from './document';
import { KIND_TITLES } from './kinds';
import { SCHEMAS } from './schema/schemas';
import { schemaDiagnostics, type UnknownValue } from './schema/engine';
import { OFFLINE_CATALOG, type Catalog } from './catalog';
import { semanticDiagnostics } from './rules';
import { templateDiagnostics } from './templates/validate';

/**
 * Every diagnostic of a document: reading problems, then schema rules. The one entry point the language
 * server and the CLI share, so that they always agree.
 */
export function validateDocument(doc: DefinitionDocument, catalog: Catalog = OFFLINE_CATALOG): Diagnostic[] {
  const { lines } = doc;
  if (doc.tooLarge) {
    return [{
      range: lines.rangeOf(0, 0),
      severity: 'error',
      code: 'file-too-large',
      message: `This file is ${(doc.text.length / 1024 / 1024).toFixed(1)} MB, larger than the ${MAX_TEXT_LENGTH / 1024 / 1024} MB that can be validated; it was not checked.`,
    }];
  }
  const diagnostics: Diagnostic[] = doc.problems.map((p) => ({
    range: lines.rangeOf(p.offset, p.length),
    severity: p.severity,
    code: p.code,
    message: p.message,
  }));
  const syntaxErrors = doc.problems.filter((p) => p.severity === 'error' && (p.code === 'yaml-syntax' || p.code === 'json-syntax'));
  const hasSyntaxErrors = syntaxErrors.length > 0;
  if (!doc.root) {
    // A document too deep to be read has no tree either, but it is not empty.
    if (!hasSyntaxErrors && !doc.problems.some((p) => p.code === 'nesting-too-deep')) {
      const required = SCHEMAS[doc.kind].required ?? [];
      const needs = required.length ? `: it needs ${required.map((r) => `"${r}"`).join(', ')}` : '';
      diagnostics.push({ range: lines.rangeOf(0, 0), severity: CODES['empty-document'].severity, code: 'empty-document', message: `The file is empty${needs}. A ${KIND_TITLES[doc.kind]} starts with a mapping of its fields.` });
    }
    return diagnostics;
  }
  const broken = syntaxErrors.map((p) => p.offset);
  diagnostics.push(...validateTree(doc, catalog, broken));
  // A template's secret groups are validated as secret groups, through validateTree (passed in: no import cycle).
  if (doc.kind === 'northflank-template') diagnostics.push(...templateDiagnostics(doc, (view, viewCatalog, unknown) => validateTree(view, viewCatalog, broken, unknown)));
  return sortDiagnostics(diagnostics);
}

/**
 * The schema and rule diagnostics of a document's tree. The tree may also be a part of a file validated as a file of
 * another kind (`doc.root` a SecretGroup node's `spec` inside a template, `doc.kind` northflank-secret): the ranges
 * are those of the whole file either way. `unknown` says which values are not known yet (schema errors on them are
 * dropped).
 */
export function validateTree(doc: DefinitionDocument, catalog: Catalog, broken: readonly number[] = [], unknown?: UnknownValue): Diagnostic[] {
  if (!doc.root) return [];
  return [...schemaDiagnostics(doc.kind, doc.root, toValue(doc.root), doc.lines, broken, unknown), ...semanticDiagnostics(doc, catalog)];
}

export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
