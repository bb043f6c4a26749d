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
