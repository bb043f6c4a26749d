/** The pure core: parsing with positions, schema validation and rules. No VS Code, no LSP transport, no network. */
export * from './ast';
export * from './diagnostics';
export * from './document';
export * from './kinds';
export * from './text';
export { validateDocument } from './validate';
export { SCHEMAS, type JsonSchema } from './schema/schemas';
export * from './catalog';
export { schemaAtPath, resolveRef, ANY, type SchemaPathSegment } from './schema/navigate';
export { complete, type Completion, type CompletionKind, type TextEdit } from './features/completion';
export { hover, describeSchema, type Hover } from './features/hover';
export { quickFixes, FIXABLE_CODES, type QuickFix, type FixableDiagnostic } from './features/fixes';
export { outline, foldingRanges, type OutlineSymbol, type SymbolKind, type FoldingRange } from './features/outline';
export { findSymbolAt, definitionAt, referencesAt, prepareRename, renameEdits, type SymbolAt, type Span } from './features/references';
export { PLACEHOLDER } from './rules/placeholders';
export * from './drift';
