import { toValue } from './ast';
import { CODES, type Diagnostic } from './diagnostics';
import { MAX_TEXT_LENGTH, type DefinitionDocument } from './document';
import { KIND_TITLES, type FileKind } from './kinds';
import { storedText } from './parse/dialect';
import { contentEndBefore } from './parse/tabs';
import { SCHEMAS, type JsonSchema } from './schema/schemas';
import { schemaDiagnostics, type UnknownValue } from './schema/engine';
import { childSchema, resolveRef } from './schema/navigate';
import { OFFLINE_CATALOG, type Catalog } from './catalog';
import { semanticDiagnostics } from './rules';
import { filterEncryptedDiagnostics, validationValue } from './sops/view';
import { envReferenceDiagnostics, withoutReferenceVerdicts } from './env/values';
import { templateDiagnostics } from './templates/validate';

/**
 * At most this many diagnostics are given for one file, the last of them saying how many more there are: the editor
 * and `secretdef validate` both get this list, so they agree, and 200,000 problems cannot become a message of many
 * megabytes (or overflow a stack).
 */
export const MAX_DIAGNOSTICS_PER_FILE = 1000;

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
    return capDiagnostics(sortDiagnostics(diagnostics));
  }
  const broken = syntaxErrors.map((p) => p.offset);
  // A tab in indentation: what the line (and an empty value just above it) was read as is a guess, like a syntax
  // error's surroundings.
  for (const p of doc.problems) {
    if (p.code !== 'yaml-tab-indentation') continue;
    broken.push(p.offset);
    const lineStart = doc.text.lastIndexOf('\n', p.offset - 1) + 1;
    if (lineStart > 0) broken.push(contentEndBefore(doc.text, lineStart));
  }
  // No spread into push: an array of 200,000 diagnostics overflows the stack as arguments.
  for (const d of validateTree(doc, catalog, broken)) diagnostics.push(d);
  // A template's secret groups are validated as secret groups, through validateTree (passed in: no import cycle).
  if (doc.kind === 'northflank-template') {
    for (const d of templateDiagnostics(doc, (view, viewCatalog, unknown) => validateTree(view, viewCatalog, broken, unknown))) diagnostics.push(d);
  }
  return capDiagnostics(sortDiagnostics(diagnostics));
}

/**
 * The schema and rule diagnostics of a document's tree. The tree may also be a part of a file validated as a file of
 * another kind (`doc.root` a SecretGroup node's `spec` inside a template, `doc.kind` northflank-secret): the ranges
 * are those of the whole file either way. `unknown` says which values are not known yet (schema errors on them are
 * dropped). `${env:NAME}` references and SOPS-encrypted values are unknown too: a verdict on their text is dropped.
 */
export function validateTree(doc: DefinitionDocument, catalog: Catalog, broken: readonly number[] = [], unknown?: UnknownValue): Diagnostic[] {
  if (!doc.root) return [];
  const { lines } = doc;
  const diagnostics: Diagnostic[] = [];
  for (const d of schemaDiagnostics(doc.kind, doc.root, validatedValue(doc), lines, broken, unknown)) diagnostics.push(d);
  for (const d of semanticDiagnostics(doc, catalog)) diagnostics.push(d);
  // `${env:NAME}` references (core/env): malformed ones are errors; a verdict on a reference's text is unknown.
  envReferenceDiagnostics(doc, (offset, length, message) => diagnostics.push({ range: lines.rangeOf(offset, length), severity: CODES['env-reference-invalid'].severity, code: 'env-reference-invalid', message }));
  const known = withoutReferenceVerdicts(doc, diagnostics);
  return doc.sops ? filterEncryptedDiagnostics(known, doc.sops, lines, doc.kind) : known;
}

export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/**
 * The first MAX_DIAGNOSTICS_PER_FILE - 1 diagnostics (errors before others, so that a file with an error is never
 * shown as one without), in order, and a last one that says how many were left out.
 */
export function capDiagnostics(diagnostics: Diagnostic[], max = MAX_DIAGNOSTICS_PER_FILE): Diagnostic[] {
  if (diagnostics.length <= max) return diagnostics;
  const keep = max - 1;
  const errors = diagnostics.filter((d) => d.severity === 'error');
  let kept: Diagnostic[];
  if (errors.length >= keep) {
    kept = errors.slice(0, keep);
  } else {
    let others = keep - errors.length;
    kept = diagnostics.filter((d) => d.severity === 'error' || others-- > 0);
  }
  const more = diagnostics.length - kept.length;
  const after = kept[kept.length - 1].range.end;
  kept.push({
    range: { start: after, end: after },
    severity: CODES['too-many-problems'].severity,
    code: 'too-many-problems',
    message: `${more.toLocaleString('en-US')} more problem${more === 1 ? '' : 's'} in this file ${more === 1 ? 'is' : 'are'} not shown: only the first ${max.toLocaleString('en-US')} of a file are listed. Fix these, and the next ones appear.`,
  });
  return kept;
}

/**
 * The document's value as the platform validates it (a SOPS file's encrypted values left out). Northflank stores what it receives where it takes a string as
 * text (`PORT: 8080` is stored as "8080"; parse/dialect.ts `storedText`), so such values are checked as that text:
 * a number is no error there (the YAML typing rule warns when the text changes).
 */
function validatedValue(doc: DefinitionDocument): unknown {
  // A SOPS-encrypted file is validated without its values (core/sops/view.ts).
  const value = doc.sops && doc.root ? validationValue(doc.root, doc.sops) : toValue(doc.root);
  if (doc.kind === 'qovery-secrets') return value;
  return asStored(doc.kind, SCHEMAS[doc.kind], value);
}

/** A value as the platform stores it where the schema takes a string (see validatedValue). Changes `value` in place. */
export function asStored(kind: FileKind, schema: JsonSchema | undefined, value: unknown): unknown {
  // A string is stored as it is: no schema to look up (a list of 300,000 tags, issue 11 D).
  if (!schema || typeof value === 'string') return value;
  const s = resolveRef(kind, schema);
  if (value === null || typeof value === 'number' || typeof value === 'boolean') {
    return s.type === 'string' ? storedText(value) : value;
  }
  if (Array.isArray(value)) {
    // Every item of a list has the schema of its first (the schemas have no tuples).
    const items = childSchema(kind, s, 0);
    for (let i = 0; i < value.length; i++) value[i] = asStored(kind, items, value[i]);
  } else if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const stored = asStored(kind, childSchema(kind, s, key), record[key]);
      // `__proto__` is an own property here (ast.ts toValue): assigning it would set the prototype instead.
      if (key === '__proto__') Object.defineProperty(record, key, { value: stored, enumerable: true, configurable: true, writable: true });
      else record[key] = stored;
    }
  }
  return value;
}
