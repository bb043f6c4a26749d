import { getProperty, nodeAtOffset, pathOf, propertyKeyAtOffset, type AstNode, type ObjectNode, type PropertyNode } from '../ast';
import type { DiagnosticCode, DiagnosticData } from '../diagnostics';
import type { DefinitionDocument } from '../document';
import { tabIndentations } from '../parse/tabs';
import { encodeBase64 } from '../rules/base64';
import { schemaAtPath, resolveRef } from '../schema/navigate';
import type { JsonSchema } from '../schema/schemas';
import type { TextEdit } from './completion';
import { yamlString } from './snippets';
import { secretGroupAt } from '../templates/groups';

/** A diagnostic as a fix needs it: its code, its span in the text, and its data. */
export interface FixableDiagnostic {
  code: string;
  offset: number;
  length: number;
  data?: DiagnosticData;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
  preferred: boolean;
  /** The diagnostic the fix resolves. */
  diagnostic: FixableDiagnostic;
}

type FixProvider = (doc: DefinitionDocument, d: FixableDiagnostic) => QuickFix[];

/** The quick fixes of each code: one table, so a code's fixes are easy to find and test. */
const PROVIDERS: Partial<Record<DiagnosticCode, FixProvider>> = {
  'unknown-property': renameKeyToSuggestion,
  'invalid-value': replaceValueWithSuggestion,
  'nf-unknown-addon': replaceValueWithSuggestion,
  'nf-unknown-addon-key': replaceValueWithSuggestion,
  'nf-unknown-restriction-target': replaceValueWithSuggestion,
  'qovery-unknown-target': replaceValueWithSuggestion,
  'nf-variable-name': (doc, d) => fixKey(doc, d, 'Rename to', (k) => k.replace(/[^A-Za-z0-9_./-]+/g, '_')),
  'nf-file-path': (doc, d) => fixKey(doc, d, 'Make the path absolute:', (k) => `/${k.replace(/^\.?\/*/, '')}`),
  'qovery-mount-path': (doc, d) => fixValue(doc, d, 'Make the path absolute:', (v) => `/${v.replace(/^\.?\/*/, '')}`),
  'invalid-pattern': fixPattern,
  'nf-create-name': (doc, d) => fixValue(doc, d, 'Use a name the create endpoint accepts:', createName),
  'nf-create-tag': (doc, d) => fixValue(doc, d, 'Use a tag the create endpoint accepts:', createName),
  'nf-invalid-base64': (doc, d) => fixValue(doc, d, 'Encode the text as base64', encodeBase64, true),
  'nf-alias-collision': fixAliasCollision,
  'missing-property': insertMissingProperty,
  'qovery-alias-of-alias': retargetAlias,
  'yaml-implicit-type': quoteScalar,
  'yaml-tab-indentation': replaceIndentationTabs,
};

export function quickFixes(doc: DefinitionDocument, diagnostics: readonly FixableDiagnostic[]): QuickFix[] {
  const out: QuickFix[] = [];
  for (const d of diagnostics) {
    const provider = PROVIDERS[d.code as DiagnosticCode];
    // In a template, a secret group's diagnostics are fixed as in a secret group file.
    if (provider) for (const fix of provider(secretGroupAt(doc, d.offset, true)?.view ?? doc, d)) out.push(fix);
  }
  return out;
}

/** The codes that have quick fixes (documented in the README). */
export const FIXABLE_CODES = Object.keys(PROVIDERS) as DiagnosticCode[];

// ---------------------------------------------------------------------------------------------------------------

/** The text of a key or a string value, written in the style of the span it replaces. */
function styled(doc: DefinitionDocument, span: { offset: number }, text: string): string {
  const first = doc.text[span.offset];
  if (doc.syntax === 'json' || first === '"') return JSON.stringify(text);
  if (first === "'") return `'${text.replace(/'/g, "''")}'`;
  return yamlString(text);
}

function keyAt(doc: DefinitionDocument, d: FixableDiagnostic): PropertyNode | undefined {
  const p = propertyKeyAtOffset(doc.root, d.offset);
  return p && p.keyOffset === d.offset ? p : undefined;
}

function valueAt(doc: DefinitionDocument, d: FixableDiagnostic): AstNode | undefined {
  const n = nodeAtOffset(doc.root, d.offset);
  return n && n.offset === d.offset && n.length === d.length ? n : undefined;
}

function renameKeyToSuggestion(doc: DefinitionDocument, d: FixableDiagnostic): QuickFix[] {
  const key = keyAt(doc, d);
  if (!key) return [];
  return (d.data?.suggestions ?? []).map((s, i) => ({
    title: `Change to "${s}"`,
    edits: [{ offset: key.keyOffset, length: key.keyLength, newText: styled(doc, { offset: key.keyOffset }, s) }],
    preferred: i === 0,
    diagnostic: d,
  }));
}

function replaceValueWithSuggestion(doc: DefinitionDocument, d: FixableDiagnostic): QuickFix[] {
  const node = valueAt(doc, d);
  if (!node || node.type !== 'string') return [];
  return (d.data?.suggestions ?? []).map((s, i) => ({
    title: `Change to "${s}"`,
    edits: [{ offset: node.offset, length: node.length, newText: styled(doc, node, s) }],
    preferred: i === 0,
    diagnostic: d,
  }));
}

function fixKey(doc: DefinitionDocument, d: FixableDiagnostic, title: string, make: (key: string) => string): QuickFix[] {
  const key = keyAt(doc, d);
  if (!key) return [];
  const siblings = new Set(key.parent.properties.map((p) => p.key));
  const fixed = unique(make(key.key), siblings);
  if (!fixed || fixed === key.key) return [];
  return [{ title: `${title} "${fixed}"`, edits: [{ offset: key.keyOffset, length: key.keyLength, newText: styled(doc, { offset: key.keyOffset }, fixed) }], preferred: true, diagnostic: d }];
}

function fixValue(doc: DefinitionDocument, d: FixableDiagnostic, title: string, make: (value: string) => string | undefined, hideValue = false): QuickFix[] {
  const node = valueAt(doc, d);
  if (!node || node.type !== 'string') return [];
  const fixed = make(node.value as string);
  if (fixed === undefined || fixed === node.value) return [];
  // Never put a secret value in a title: the title of the base64 fix says what it does, not what it writes.
  return [{ title: hideValue ? title : `${title} "${fixed}"`, edits: [{ offset: node.offset, length: node.length, newText: styled(doc, node, fixed) }], preferred: true, diagnostic: d }];
}

function unique(name: string, taken: Set<string>): string {
  if (!taken.has(name)) return name;
  for (let i = 2; ; i++) if (!taken.has(`${name}_${i}`)) return `${name}_${i}`;
}

/** A name of letters and digits in words joined by single hyphens: valid for the put endpoint's name and tag patterns. */
function slug(value: string): string {
  return value.trim().replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** A name or tag the create endpoint accepts: starts with a letter, 3 to 39 characters. */
function createName(value: string): string | undefined {
  let s = slug(value).replace(/^[^A-Za-z]+/, '');
  // Too long: cut at the last word boundary that fits.
  if (s.length > 39) s = s[39] === '-' ? s.slice(0, 39) : s.slice(0, 39).replace(/-?[A-Za-z0-9]*$/, '');
  if (s.length < 3) s = (s || 'name').padEnd(3, 'x');
  return /^[a-zA-Z]((-|\s)?[a-zA-Z0-9]+((-|\s)[a-zA-Z0-9]+)*)?$/.test(s) && s.length >= 3 ? s : undefined;
}

/** Invalid names of a secret group, its tags and aliases: offer the nearest valid one. */
function fixPattern(doc: DefinitionDocument, d: FixableDiagnostic): QuickFix[] {
  const node = valueAt(doc, d);
  if (!node || node.type !== 'string') return [];
  const path = pathOf(node, doc.root);
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  const value = node.value as string;
  let fixed: string | undefined;
  if (doc.kind === 'northflank-secret' && path.length === 1 && last === 'name') fixed = slug(value);
  else if (parent === 'tags' || last === 'stageId' || (last === 'id' && path.includes('nfObjects')) || last === 'addonId') fixed = slug(value);
  else if (parent === 'aliases') fixed = value.replace(/[^A-Za-z0-9_./-]+/g, '_');
  if (!fixed || fixed === value || fixed.length === 0) return [];
  const schema = schemaAtPath(doc.kind, path);
  if (schema?.pattern && !new RegExp(schema.pattern).test(fixed)) return [];
  return [{ title: `Change to "${fixed}"`, edits: [{ offset: node.offset, length: node.length, newText: styled(doc, node, fixed) }], preferred: true, diagnostic: d }];
}

/** Rename the colliding alias to a free name, or remove it. */
function fixAliasCollision(doc: DefinitionDocument, d: FixableDiagnostic): QuickFix[] {
  const node = valueAt(doc, d);
  if (!node || node.type !== 'string' || node.parent?.type !== 'array') return [];
  const taken = new Set<string>();
  const collect = (n: AstNode | undefined): void => {
    if (!n) return;
    if (n.type === 'string') taken.add(n.value as string);
    else if (n.type === 'object') n.properties.forEach((p) => (taken.add(p.key), collect(p.value)));
    else if (n.type === 'array') n.items.forEach(collect);
  };
  collect(doc.root);
  const renamed = unique(`${String(node.value)}`, taken);
  return [
    { title: `Rename the alias to "${renamed}"`, edits: [{ offset: node.offset, length: node.length, newText: styled(doc, node, renamed) }], preferred: true, diagnostic: d },
    { title: `Remove the alias "${String(node.value)}"`, edits: [removeItem(doc, node)], preferred: false, diagnostic: d },
  ];
}

/** Removes an item of a list, with its separator (flow or JSON) or its whole line (YAML block). */
function removeItem(doc: DefinitionDocument, node: AstNode): TextEdit {
  const list = node.parent as Extract<AstNode, { type: 'array' }>;
  const index = list.items.indexOf(node);
  const text = doc.text;
  const lineOf = (o: number) => doc.lines.positionAt(o).line;
  const block = doc.syntax === 'yaml' && text[list.offset] !== '[';
  if (block) {
    const line = lineOf(node.offset);
    const start = doc.lines.lineStart(line);
    const next = line + 1 < doc.lines.lineCount ? doc.lines.lineStart(line + 1) : text.length;
    return { offset: start, length: next - start, newText: '' };
  }
  if (list.items.length === 1) return { offset: node.offset, length: node.length, newText: '' };
  if (index > 0) {
    const prev = list.items[index - 1];
    const from = prev.offset + prev.length;
    return { offset: from, length: node.offset + node.length - from, newText: '' };
  }
  const next = list.items[1];
  return { offset: node.offset, length: next.offset - node.offset, newText: '' };
}

/** A value that satisfies a field's schema: its example, its first allowed value, or an empty value of its type. */
function placeholderValue(doc: DefinitionDocument, schema: JsonSchema | undefined): unknown {
  if (!schema) return '';
  const s = resolveRef(doc.kind, schema);
  if (Array.isArray(s.examples) && s.examples.length && typeof s.examples[0] !== 'object') return s.examples[0];
  if (s.enum?.length) return s.enum[0];
  switch (s.type) {
    case 'integer':
    case 'number':
      return s.minimum ?? 0;
    case 'boolean':
      return false;
    case 'object':
      return {};
    case 'array':
      return [];
    default:
      return 'TODO';
  }
}

function scalarText(doc: DefinitionDocument, value: unknown): string {
  if (doc.syntax === 'json') return JSON.stringify(value);
  if (typeof value === 'string') return styled(doc, { offset: -1 }, value);
  if (Array.isArray(value)) return '[]';
  if (value && typeof value === 'object') return '{}';
  return String(value);
}

/** Inserts a missing required property with a placeholder that satisfies its schema. */
function insertMissingProperty(doc: DefinitionDocument, d: FixableDiagnostic): QuickFix[] {
  const name = d.data?.missingProperty;
  if (!name) return [];
  const object = missingOwner(doc, d);
  if (!object) return [];
  const schema = schemaAtPath(doc.kind, [...pathOf(object, doc.root), name]);
  const value = scalarText(doc, placeholderValue(doc, schema));
  const edit = doc.syntax === 'json' ? jsonInsert(doc, object, name, value) : yamlInsert(doc, object, name, value);
  if (!edit) return [];
  return [{ title: `Add the required property "${name}"`, edits: [edit], preferred: true, diagnostic: d }];
}

/** The object a missing-property diagnostic is about: the one whose handle (key or first key) it covers. */
function missingOwner(doc: DefinitionDocument, d: FixableDiagnostic): ObjectNode | undefined {
  let found: ObjectNode | undefined;
  const visit = (n: AstNode | undefined): void => {
    if (!n || found) return;
    if (n.type === 'object') {
      const handle = n.property ? n.property.keyOffset : n.properties[0]?.keyOffset;
      if (handle === d.offset && !getProperty(n, d.data?.missingProperty ?? '')) found = n;
      n.properties.forEach((p) => visit(p.value));
    } else if (n.type === 'array') n.items.forEach(visit);
  };
  visit(doc.root);
  return found;
}

function yamlInsert(doc: DefinitionDocument, object: ObjectNode, name: string, value: string): TextEdit | undefined {
  const last = object.properties[object.properties.length - 1];
  if (!last) return undefined;
  const col = doc.lines.positionAt(object.properties[0].keyOffset).character;
  if (doc.text[object.offset] === '{') {
    const end = last.value ? last.value.offset + last.value.length : last.keyOffset + last.keyLength;
    return { offset: end, length: 0, newText: `, ${name}: ${value}` };
  }
  const end = last.value ? last.value.offset + last.value.length : last.keyOffset + last.keyLength;
  const line = doc.lines.positionAt(Math.max(end - 1, last.keyOffset)).line;
  const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
  const lineEnd = doc.lines.lineEnd(line);
  return { offset: lineEnd, length: 0, newText: `${eol}${' '.repeat(col)}${name}: ${value}` };
}

function jsonInsert(doc: DefinitionDocument, object: ObjectNode, name: string, value: string): TextEdit | undefined {
  const last = object.properties[object.properties.length - 1];
  const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
  if (!last) return { offset: object.offset + 1, length: 0, newText: ` ${JSON.stringify(name)}: ${value} ` };
  const end = last.offset + last.length;
  const line = doc.lines.positionAt(last.keyOffset);
  const sameLine = doc.lines.positionAt(object.offset).line === line.line;
  return { offset: end, length: 0, newText: sameLine ? `, ${JSON.stringify(name)}: ${value}` : `,${eol}${' '.repeat(line.character)}${JSON.stringify(name)}: ${value}` };
}

/** An alias of an alias: point it at what the other alias targets. */
function retargetAlias(doc: DefinitionDocument, d: FixableDiagnostic): QuickFix[] {
  const node = valueAt(doc, d);
  if (!node || node.type !== 'string') return [];
  const aliases = getProperty(doc.root, 'aliases')?.value;
  const other = aliases?.type === 'array' ? aliases.items.find((a) => getProperty(a, 'key')?.value?.type === 'string' && (getProperty(a, 'key')?.value as { value: unknown }).value === node.value) : undefined;
  const target = getProperty(other, 'target')?.value;
  if (target?.type !== 'string' || target.value === node.value) return [];
  return [{ title: `Target "${String(target.value)}" (what "${String(node.value)}" aliases)`, edits: [{ offset: node.offset, length: node.length, newText: styled(doc, node, target.value as string) }], preferred: true, diagnostic: d }];
}

/** `yaml-implicit-type`: the scalar (a value or a key) in double quotes, as written, so YAML 1.1 keeps its text. */
function quoteScalar(doc: DefinitionDocument, d: FixableDiagnostic): QuickFix[] {
  const source = doc.text.slice(d.offset, d.offset + d.length);
  if (!source || source[0] === '"' || source[0] === "'") return [];
  return [{ title: 'Quote it, to keep the text as written', edits: [{ offset: d.offset, length: d.length, newText: JSON.stringify(source) }], preferred: true, diagnostic: d }];
}

/** `yaml-tab-indentation`: every tab of every indentation in the file as two spaces (the file is read that way). */
function replaceIndentationTabs(doc: DefinitionDocument, d: FixableDiagnostic): QuickFix[] {
  const edits = tabIndentations(doc.text).map((t) => ({ offset: t.offset, length: t.length, newText: doc.text.slice(t.offset, t.offset + t.length).replace(/\t/g, '  ') }));
  return edits.length ? [{ title: 'Indent with spaces instead of tabs (the whole file)', edits, preferred: true, diagnostic: d }] : [];
}
