import { getProperty, type AstNode } from '../ast';
import { itemsOf, OFFLINE_LABEL, type Catalog, type Known } from '../catalog';
import type { DefinitionDocument } from '../document';
import { schemaId } from '../kinds';
import { definedNames, variablesOf } from '../rules/northflank';
import { templateReferences } from '../rules/templates';
import { schemaAtPath, resolveRef, type SchemaPathSegment } from '../schema/navigate';
import type { JsonSchema } from '../schema/schemas';
import { cursorContext, enclosingObjectWith, type CursorContext } from './cursor';
import { escapeSnippet, renderProperty, TabStops, valueBody, yamlString } from './snippets';
import { describeSchema } from './hover';
import { templateCompletions } from './templateCompletion';

export type CompletionKind = 'property' | 'value' | 'enum' | 'keyword' | 'reference' | 'snippet' | 'variable';

export interface TextEdit {
  offset: number;
  length: number;
  newText: string;
}

/** A completion proposal, editor-agnostic; the language server maps it onto LSP. */
export interface Completion {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** The text inserted over `replace` (a snippet when `snippet` is true). */
  insertText: string;
  snippet: boolean;
  replace: { offset: number; length: number };
  filterText?: string;
  sortText?: string;
  additionalEdits?: TextEdit[];
  /** Moves the list along after inserting (for example to complete the value of a key just inserted). */
  retrigger?: boolean;
}

export function complete(doc: DefinitionDocument, offset: number, catalog: Catalog): Completion[] {
  const template = templateCompletions(doc, offset, complete);
  if (template) return template;
  const ctx = cursorContext(doc, offset);
  if (!ctx) return [];
  if (ctx.kind === 'key') {
    // `- |` in a list of scalars (tags) is the start of a value, not of a key.
    const schema = schemaAtPath(doc.kind, ctx.path);
    const type = schema ? resolveRef(doc.kind, schema).type : undefined;
    if (type === 'string' || (schema && resolveRef(doc.kind, schema).enum)) {
      return valueCompletions(doc, { kind: 'value', path: ctx.path, replace: ctx.replace, prefix: ctx.prefix, quoted: false, indent: ctx.indent }, offset, catalog);
    }
    return keyCompletions(doc, ctx);
  }
  return valueCompletions(doc, ctx, offset, catalog);
}

function keyCompletions(doc: DefinitionDocument, ctx: Extract<CursorContext, { kind: 'key' }>): Completion[] {
  const schema = schemaAtPath(doc.kind, ctx.path);
  if (!schema) return [];
  const s = resolveRef(doc.kind, schema);
  if (s.type && s.type !== 'object') return [];
  const out: Completion[] = [];
  const required = new Set(s.required ?? []);
  for (const [key, child] of Object.entries(s.properties ?? {})) {
    if (ctx.existing.includes(key)) continue;
    if (key === '$schema' && ctx.path.length > 0) continue;
    const stops = new TabStops();
    const body = key === '$schema' ? schemaId(doc.kind) : valueBody(doc.kind, child, stops);
    const text = renderProperty(doc.syntax, key, body, ctx.indent);
    out.push({
      label: key,
      kind: 'property',
      detail: required.has(key) ? 'required' : undefined,
      documentation: describeSchema(doc.kind, child, key),
      insertText: doc.syntax === 'json' && ctx.needsComma ? `${text},` : text,
      snippet: true,
      replace: ctx.replace,
      filterText: doc.syntax === 'json' ? `"${key}"` : key,
      sortText: `${required.has(key) ? '0' : '1'}${key}`,
    });
  }
  // Free-form names (variables): offer the names that `${...}` references use but no variable defines yet.
  if (doc.kind === 'northflank-secret' && ctx.path.length === 2 && ctx.path[0] === 'secrets' && ctx.path[1] === 'variables') {
    const defined = definedNames(doc.root);
    const wanted = new Set<string>();
    for (const p of variablesOf(doc.root)?.properties ?? []) {
      if (p.value?.type === 'string') for (const r of templateReferences(p.value.value as string, doc.container === 'northflank-template')) if (!defined.has(r.name)) wanted.add(r.name);
    }
    for (const name of wanted) {
      out.push({
        label: name,
        kind: 'variable',
        detail: 'referenced as ${' + name + '} but not defined',
        insertText: doc.syntax === 'json' ? `${JSON.stringify(name)}: "$1"` : `${escapeSnippet(name)}: $1`,
        snippet: true,
        replace: ctx.replace,
      });
    }
  }
  return out;
}

function valueCompletions(doc: DefinitionDocument, ctx: Extract<CursorContext, { kind: 'value' }>, offset: number, catalog: Catalog): Completion[] {
  const schema = schemaAtPath(doc.kind, ctx.path);
  const out: Completion[] = [];
  const literal = (value: string, kind: CompletionKind, detail?: string, documentation?: string, extra?: Partial<Completion>): Completion => ({
    label: value,
    kind,
    detail,
    documentation,
    insertText: formatScalar(doc, value),
    snippet: false,
    replace: ctx.replace,
    filterText: doc.syntax === 'json' ? `"${value}"` : value,
    ...extra,
  });
  if (schema) {
    const s = resolveRef(doc.kind, schema);
    if (s.enum) {
      s.enum.forEach((v, i) => out.push(literal(String(v), 'enum', undefined, s.enumDescriptions?.[i])));
    } else if (s.type === 'boolean') {
      for (const v of ['true', 'false']) out.push({ label: v, kind: 'keyword', insertText: v, snippet: false, replace: ctx.replace });
    }
  }
  const last = ctx.path[ctx.path.length - 1];
  const parent = ctx.path[ctx.path.length - 2];
  const add = <T>(known: Known<T>, each: (item: T) => Completion): void => {
    for (const item of itemsOf(known)) out.push(each(item));
  };
  const sourceLabel = <T>(known: Known<T>): string => (known.status === 'offline' ? known.label : known.status === 'live' ? 'live from the platform' : '');

  if (doc.kind === 'northflank-secret' || doc.kind === 'northflank-link') {
    if (last === 'keyName') {
      const dependency = doc.kind === 'northflank-secret' ? enclosingObjectWith(doc.root, offset, 'addonId') : undefined;
      const addonId = stringValue(getProperty(dependency, 'addonId')?.value) ?? '';
      const known = catalog.addonKeys(addonId);
      add(known, (k) => literal(k.keyName, 'value', k.detail ?? sourceLabel(known), known.status === 'offline' ? `Well-known key name (${OFFLINE_LABEL}).` : undefined));
    } else if (last === 'addonId' && parent !== 'keys') {
      const known = catalog.addons();
      add(known, (a) => literal(a.id, 'reference', [a.type, a.name].filter(Boolean).join(' · ') || 'addon'));
    } else if (last === 'id' && ctx.path.includes('nfObjects')) {
      const known = catalog.restrictionTargets();
      const item = enclosingObjectWith(doc.root, offset, 'id');
      const hasType = !!getProperty(item, 'type');
      add(known, (t) => literal(t.id, 'reference', `${t.type}${t.name && t.name !== t.id ? ` · ${t.name}` : ''}`, undefined, hasType ? undefined : { additionalEdits: typeEdit(doc, ctx.replace.offset + ctx.replace.length, t.type) }));
    } else if (typeof last === 'symbol' && parent === 'tags') {
      const known = catalog.tags();
      add(known, (t) => literal(t, 'value', 'tag'));
    }
  }
  if (doc.kind === 'qovery-secrets' && last === 'target') {
    const section = ctx.path[0];
    const fileKeys = itemsOfArray(getProperty(doc.root, 'secrets')?.value).map((s) => stringValue(getProperty(s, 'key')?.value)).filter((k): k is string => !!k);
    if (section === 'aliases') for (const k of fileKeys) out.push(literal(k, 'reference', 'PROJECT · in this file'));
    const known = catalog.qoverySecrets(stringValue(getProperty(doc.root, 'project')?.value));
    add(known, (s) => literal(s.key, 'reference', `${s.scope}${s.variableType ? ` · ${s.variableType}` : ''}`));
    // Aliases of aliases are not allowed; overrides need a higher scope than the project.
    const filtered = out.filter((c) => {
      const info = itemsOf(known).find((s) => s.key === c.label);
      if (!info) return true;
      if (info.variableType === 'ALIAS' && section === 'aliases') return false;
      return section === 'overrides' ? info.scope === 'BUILT_IN' : true;
    });
    return dedupe(filtered);
  }
  if (last === '$schema') out.push(literal(schemaId(doc.kind), 'value', 'the bundled schema'));
  return dedupe(out);
}

function dedupe(items: Completion[]): Completion[] {
  const seen = new Set<string>();
  return items.filter((c) => (seen.has(c.label) ? false : (seen.add(c.label), true)));
}

function itemsOfArray(node: AstNode | undefined): AstNode[] {
  return node?.type === 'array' ? node.items : [];
}

function stringValue(node: AstNode | undefined): string | undefined {
  return node?.type === 'string' ? (node.value as string) : undefined;
}

/** A value as the file writes it: quoted in JSON, plain in YAML unless YAML would read it as something else. */
function formatScalar(doc: DefinitionDocument, value: string): string {
  return doc.syntax === 'json' ? JSON.stringify(value) : yamlString(value);
}

/** Inserting a service or job id into an nfObject without `type` also adds the matching type (after `valueEnd`). */
function typeEdit(doc: DefinitionDocument, valueEnd: number, type: 'service' | 'job'): TextEdit[] {
  if (doc.syntax === 'json') return [{ offset: valueEnd, length: 0, newText: `, "type": "${type}"` }];
  const line = doc.lines.positionAt(valueEnd).line;
  const end = doc.lines.lineEnd(line);
  const text = doc.text.slice(doc.lines.lineStart(line), end);
  const col = /^\s*(?:-\s+)?/.exec(text)?.[0].length ?? 0;
  return [{ offset: end, length: 0, newText: `\n${' '.repeat(col)}type: ${type}` }];
}

export type { SchemaPathSegment, JsonSchema };
