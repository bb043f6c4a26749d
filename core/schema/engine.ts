import type { ErrorObject } from 'ajv';
import { getProperty, type AstNode, type ObjectNode, type PathSegment, type PropertyNode } from '../ast';
import { CODES, isDiagnosticCode, type Diagnostic, type DiagnosticCode } from '../diagnostics';
import type { FileKind } from '../kinds';
import { didYouMean } from '../suggest';
import type { LineIndex } from '../text';
import { CODE_KEYWORD, WARNING_KEYWORD } from './keywords';
import { validatorName, type SchemaPart } from './parts';
import { SCHEMAS, type JsonSchema, type WarningRule } from './schemas';
import * as generated from './validators.generated';

export { UUID_FORMAT } from './keywords';
export type { SchemaPart } from './parts';

/**
 * A validator compiled from a bundled schema by scripts/validators.ts (ajv's standalone code, without the `verbose`
 * option: an error's schema and data are found here, from its `schemaPath` and `instancePath`).
 */
export interface Validator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

const VALIDATORS = generated as unknown as Record<string, Validator | undefined>;

function generatedValidator(name: string): Validator {
  const v = VALIDATORS[name];
  // A kind or part without generated code: scripts/validators.ts was not run after it was added (a test says so too).
  if (!v) throw new Error(`No generated validator "${name}": run \`npm run generate\`.`);
  return v;
}

/** The validator of a kind's bundled schema. */
export function validatorFor(kind: FileKind): Validator {
  return generatedValidator(validatorName(kind));
}

/**
 * Whether a value (or, with `key`, a key of an object) is not known yet: a Northflank template expression such as
 * `${args.PRIORITY}` stands for a value that only exists when the template runs.
 */
export type UnknownValue = (node: AstNode, key?: string) => boolean;

/**
 * Validates the document's value against the kind's schema and maps every error onto the exact key or value.
 * Errors on a node that holds a syntax error (an offset in `broken`) are dropped: what the parser made of broken
 * text is a guess, and a schema error about the guess would be a false error. Errors on a value that `unknown` says
 * is not known yet are dropped too, for the same reason.
 */
export function schemaDiagnostics(kind: FileKind, root: AstNode, value: unknown, lines: LineIndex, broken: readonly number[] = [], unknown?: UnknownValue, part?: SchemaPart, lookup: PropertyLookup = indexedLookup()): Diagnostic[] {
  const validate = part ? generatedValidator(part.name) : validatorFor(kind);
  if (validate(value)) return [];
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const holdsSyntaxError = (node: AstNode): boolean => broken.some((o) => o >= node.offset && o <= node.offset + node.length);
  const schema = part ? part.schema : SCHEMAS[kind];
  for (const error of validate.errors ?? []) {
    const context: ErrorContext = { parentSchema: parentSchemaOf(schema, error.schemaPath), data: dataAt(value, error.instancePath) };
    const d = toDiagnostic(part ? { ...error, instancePath: part.pointer + error.instancePath } : error, context, root, lines, holdsSyntaxError, lookup, unknown);
    if (!d) continue;
    const key = `${d.code}|${d.range.start.line}:${d.range.start.character}|${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

/**
 * Finds a mapping's property by key: the first or the last one of that key (the value a mapping has is its last
 * one's, a key's error is reported on its first). Scanning a mapping once per error would cost the number of errors
 * times its size; callers that know where a key is (validate-incremental.ts) say so.
 */
export type PropertyLookup = (node: ObjectNode, key: string, which: 'first' | 'last') => PropertyNode | undefined;

/** Small mappings are scanned; a large one is indexed once, the first time it is asked for a key. */
export function indexedLookup(): PropertyLookup {
  const indexes = new Map<ObjectNode, Map<string, { first: PropertyNode; last: PropertyNode }>>();
  return (node, key, which) => {
    const { properties } = node;
    if (properties.length <= 16) {
      return which === 'first' ? properties.find((p) => p.key === key) : getProperty(node, key);
    }
    let index = indexes.get(node);
    if (!index) {
      index = new Map();
      for (const p of properties) {
        const found = index.get(p.key);
        if (found) found.last = p;
        else index.set(p.key, { first: p, last: p });
      }
      indexes.set(node, index);
    }
    return index.get(key)?.[which];
  };
}

function decodePointer(pointer: string, root: AstNode, lookup: PropertyLookup): { node: AstNode | undefined; path: PathSegment[] } {
  const path: PathSegment[] = [];
  let node: AstNode | undefined = root;
  for (const segment of pointerSegments(pointer)) {
    if (node?.type === 'array') {
      const index = Number(segment);
      path.push(index);
      node = node.items[index];
    } else {
      path.push(segment);
      node = node?.type === 'object' ? lookup(node, segment, 'last')?.value : undefined;
    }
  }
  return { node, path };
}

/** A person's name for where a value sits: `"secretType"`, `item 2 of "tags"`, `the file` (mid-sentence). */
function describe(path: readonly PathSegment[]): string {
  if (path.length === 0) return 'the file';
  const last = path[path.length - 1];
  if (typeof last === 'number') {
    const parent = path.length > 1 ? path[path.length - 2] : undefined;
    return parent === undefined ? `item ${last + 1}` : `item ${last + 1} of "${String(parent)}"`;
  }
  return `"${last}"`;
}

/** The same, to start a sentence with. */
function capitalized(where: string): string {
  return where.charAt(0).toUpperCase() + where.slice(1);
}

/** The range of a node's "handle": the key that holds it, or for a root or list item, its first line. */
function handleRange(node: AstNode, lines: LineIndex): { offset: number; length: number } {
  if (node.property) return { offset: node.property.keyOffset, length: node.property.keyLength };
  if (node.type === 'object' && node.properties.length > 0) {
    const first = node.properties[0];
    return { offset: first.keyOffset, length: first.keyLength };
  }
  const line = lines.positionAt(node.offset).line;
  const end = Math.min(lines.lineEnd(line), node.offset + node.length);
  return { offset: node.offset, length: Math.max(0, end - node.offset) };
}

function valueRange(node: AstNode, lines: LineIndex): { offset: number; length: number } {
  if (node.type === 'object' || node.type === 'array') {
    // A collection is "the value" only in a flow style on one line; otherwise point at its key.
    const start = lines.positionAt(node.offset).line;
    const end = lines.positionAt(node.offset + node.length).line;
    if (start !== end) return handleRange(node, lines);
  }
  if (node.length === 0 && node.property) return { offset: node.property.keyOffset, length: node.property.keyLength };
  return { offset: node.offset, length: node.length };
}

/** A value for a message: short scalars as JSON, collections by their kind (an alias bomb must not become a message). */
function shown(value: unknown): string {
  if (value !== null && typeof value === 'object') return Array.isArray(value) ? 'A list' : 'A mapping';
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 80 ? `${json.slice(0, 77)}…"` : json;
}

function typeName(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return `a ${typeof value}`;
}

function expectedType(type: unknown): string {
  const names: Record<string, string> = { string: 'a string', integer: 'an integer', number: 'a number', boolean: 'true or false', object: 'a mapping of keys to values', array: 'a list', null: 'null' };
  const list = Array.isArray(type) ? type : [type];
  return list.map((t) => names[String(t)] ?? String(t)).join(' or ');
}

/** What ajv's `verbose` option would add to an error, found from the error itself. */
interface ErrorContext {
  /** The schema that holds the failed keyword. */
  parentSchema: JsonSchema;
  /** The value that failed it. */
  data: unknown;
}

/** The segments of a JSON pointer, or of a URI fragment holding one (`#/properties/a%20b`). */
function pointerSegments(pointer: string): string[] {
  const body = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  if (body === '') return [];
  return body
    .slice(1)
    .split('/')
    .map((raw) => {
      let segment = raw;
      if (pointer.startsWith('#')) {
        try {
          segment = decodeURIComponent(raw);
        } catch {
          // Not escaped: taken as it is.
        }
      }
      return segment.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

/** The schema holding the keyword an error's `schemaPath` names (a fragment of the schema the validator was made from). */
function parentSchemaOf(schema: JsonSchema, schemaPath: string): JsonSchema {
  const segments = pointerSegments(schemaPath);
  let node: unknown = schema;
  for (const segment of segments.slice(0, -1)) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
  return node !== null && typeof node === 'object' && !Array.isArray(node) ? (node as JsonSchema) : {};
}

/** The value at an error's `instancePath`. */
function dataAt(value: unknown, instancePath: string): unknown {
  let node: unknown = value;
  for (const segment of pointerSegments(instancePath)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = Array.isArray(node) ? node[Number(segment)] : Object.prototype.hasOwnProperty.call(node, segment) ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return node;
}

function toDiagnostic(error: ErrorObject, context: ErrorContext, root: AstNode, lines: LineIndex, holdsSyntaxError: (node: AstNode) => boolean, lookup: PropertyLookup, unknown?: UnknownValue): Diagnostic | undefined {
  const { node, path } = decodePointer(error.instancePath, root, lookup);
  if (!node || holdsSyntaxError(node) || unknown?.(node)) return undefined;
  const { parentSchema, data } = context;
  const specific = parentSchema[CODE_KEYWORD];
  const make = (generic: DiagnosticCode, at: { offset: number; length: number }, message: string, data?: Diagnostic['data']): Diagnostic => {
    const code = typeof specific === 'string' && isDiagnosticCode(specific) ? specific : generic;
    return { range: lines.rangeOf(at.offset, at.length), severity: CODES[code].severity, code, message, ...(data ? { data } : {}) };
  };
  const params = error.params as Record<string, unknown>;

  // propertyNames: the summary error adds nothing; the inner one carries the offending key's name.
  if (error.keyword === 'propertyNames') return undefined;
  const propertyName = (error as ErrorObject & { propertyName?: string }).propertyName;
  if (propertyName !== undefined) {
    if (unknown?.(node, propertyName)) return undefined;
    const prop = node.type === 'object' ? lookup(node, propertyName, 'first') : undefined;
    const at = prop ? { offset: prop.keyOffset, length: prop.keyLength } : handleRange(node, lines);
    const names = parentSchema.patternErrorMessage ?? `It must match ${parentSchema.pattern ?? 'the required form'}.`;
    return make('invalid-property-name', at, `"${propertyName}" is not allowed as a key in ${describe(path)}. ${names}`);
  }

  const where = describe(path);
  const Where = capitalized(where);
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const prop = node.type === 'object' ? lookup(node, name, 'first') : undefined;
      const known = Object.keys(parentSchema.properties ?? {});
      const suggestions = didYouMean(name, known);
      const hint = suggestions.length ? ` Did you mean "${suggestions[0]}"?` : known.length ? ` Allowed here: ${known.filter((k) => k !== '$schema').join(', ')}.` : '';
      const container = path.length ? `in ${where}` : 'at the top level';
      return make('unknown-property', prop ? { offset: prop.keyOffset, length: prop.keyLength } : handleRange(node, lines), `Unknown property "${name}" ${container}.${hint}`, suggestions.length ? { suggestions } : undefined);
    }
    case 'required': {
      const missing = String(params.missingProperty);
      return make('missing-property', handleRange(node, lines), `${Where} is missing the required property "${missing}".`, { missingProperty: missing });
    }
    case 'type':
      return make('invalid-type', valueRange(node, lines), `${Where} must be ${expectedType(params.type)}, not ${typeName(data)}.`);
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => String(v));
      const suggestions = typeof data === 'string' ? didYouMean(data, allowed) : [];
      const hint = suggestions.length ? ` Did you mean "${suggestions[0]}"?` : '';
      return make('invalid-value', valueRange(node, lines), `${shown(data)} is not an allowed value for ${where}. Allowed: ${allowed.join(', ')}.${hint}`, suggestions.length ? { suggestions } : undefined);
    }
    case 'const':
      return make('invalid-value', valueRange(node, lines), `${Where} must be ${JSON.stringify(params.allowedValue)}.`);
    case 'pattern': {
      const explanation = parentSchema.patternErrorMessage ?? `It must match the pattern ${String(params.pattern)}.`;
      return make('invalid-pattern', valueRange(node, lines), `${shown(data)} is not a valid value for ${where}. ${explanation}`);
    }
    case 'format':
      return make('invalid-format', valueRange(node, lines), `${Where} must be a ${String(params.format).toUpperCase() === 'UUID' ? 'UUID such as 3c90c3cc-0d44-4b50-8888-8dd25736052a' : String(params.format)}.`);
    case 'minLength':
      return make('string-too-short', valueRange(node, lines), `${Where} is too short: at least ${String(params.limit)} characters are required (it has ${String((data as string).length)}).`);
    case 'maxLength':
      return make('string-too-long', valueRange(node, lines), `${Where} is too long: at most ${String(params.limit)} characters are allowed (it has ${String((data as string).length)}).`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const range = parentSchema.minimum !== undefined && parentSchema.maximum !== undefined ? `from ${parentSchema.minimum} to ${parentSchema.maximum}` : `${String(params.comparison)} ${String(params.limit)}`;
      return make('number-out-of-range', valueRange(node, lines), `${Where} must be ${range}; ${String(data)} is out of range.`);
    }
    case 'uniqueItems': {
      const i = Number(params.i);
      const j = Number(params.j);
      const dup = node.type === 'array' ? node.items[Math.max(i, j)] : undefined;
      return make('duplicate-item', dup ? valueRange(dup, lines) : handleRange(node, lines), `${Where} lists the same item twice (items ${Math.min(i, j) + 1} and ${Math.max(i, j) + 1}); each item must be unique.`);
    }
    case WARNING_KEYWORD: {
      const code = String(params.code);
      if (!isDiagnosticCode(code)) return undefined;
      // A rule that asks for a property points at the mapping's handle; one about a value, at the value.
      const rule = (parentSchema[WARNING_KEYWORD] as WarningRule[] | undefined)?.[Number(params.rule)];
      const missing = rule?.schema.required?.some((k) => data !== null && typeof data === 'object' && !Object.prototype.hasOwnProperty.call(data, k)) === true;
      const at = missing ? handleRange(node, lines) : valueRange(node, lines);
      return make(code, at, error.message ?? code);
    }
    default:
      return make('schema-violation', valueRange(node, lines), `${Where} ${error.message ?? 'does not match the schema'}.`);
  }
}

