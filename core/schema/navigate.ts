import type { PathSegment } from '../ast';
import type { FileKind } from '../kinds';
import { SCHEMAS, type JsonSchema } from './schemas';

/** A path segment that stands for "any item" or "any property": the schema is the same for all of them. */
export const ANY: unique symbol = Symbol('any');
export type SchemaPathSegment = PathSegment | typeof ANY;

/** What each `$ref` of each kind's schema resolved to (the bundled schemas do not change). */
const RESOLVED = new Map<FileKind, WeakMap<JsonSchema, JsonSchema>>();

/** Follows a local `$ref` (`#/definitions/x`) of a bundled schema. */
export function resolveRef(kind: FileKind, schema: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let resolved = RESOLVED.get(kind);
  if (!resolved) RESOLVED.set(kind, (resolved = new WeakMap()));
  let target = resolved.get(schema);
  if (!target) resolved.set(schema, (target = followRef(kind, schema, ref)));
  return target;
}

function followRef(kind: FileKind, schema: JsonSchema, ref: string): JsonSchema {
  let node: unknown = SCHEMAS[kind];
  for (const part of ref.slice(2).split('/')) {
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  }
  return node && typeof node === 'object' ? (node as JsonSchema) : schema;
}

/** The schema of the child `segment` of a value described by `schema`, if the schema says anything about it. */
export function childSchema(kind: FileKind, schema: JsonSchema, segment: SchemaPathSegment): JsonSchema | undefined {
  const s = resolveRef(kind, schema);
  if (typeof segment === 'number' || (segment === ANY && s.items)) {
    return s.items ? resolveRef(kind, s.items) : undefined;
  }
  if (typeof segment === 'string' && s.properties?.[segment]) return resolveRef(kind, s.properties[segment]);
  if (typeof s.additionalProperties === 'object') return resolveRef(kind, s.additionalProperties);
  return undefined;
}

/** The schema of the value at `path` in a document of `kind` (array indexes and ANY are interchangeable). */
export function schemaAtPath(kind: FileKind, path: readonly SchemaPathSegment[]): JsonSchema | undefined {
  let schema: JsonSchema | undefined = SCHEMAS[kind];
  for (const segment of path) {
    if (!schema) return undefined;
    schema = childSchema(kind, schema, segment);
  }
  return schema;
}

/** Whether the value at `path` is a key the user names freely (a variable name, a file path), not a schema property. */
export function isFreeFormKey(kind: FileKind, parentPath: readonly SchemaPathSegment[], key: string): boolean {
  const parent = schemaAtPath(kind, parentPath);
  return !!parent && !parent.properties?.[key] && typeof parent.additionalProperties === 'object';
}

/** The type a schema allows, as one word, for hover and snippets. */
export function schemaType(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  if (schema.type) return schema.type;
  if (schema.enum) return 'string';
  return undefined;
}
