import { getProperty, nodeAtPath, type AstNode } from '../ast';
import { itemsOf, OFFLINE_LABEL, type Catalog, type Known } from '../catalog';
import type { DefinitionDocument } from '../document';
import { schemaId } from '../kinds';
import { definedNames, variablesOf } from '../rules/northflank';
import { templateReferences } from '../rules/templates';
import { schemaAtPath, resolveRef, type SchemaPathSegment } from '../schema/navigate';
import type { JsonSchema } from '../schema/schemas';
import { cursorContext, enclosingObjectWith, spacedAsNeeded, type CursorContext } from './cursor';
import { escapeSnippet, renderProperty, TabStops, valueBody, yamlString } from './snippets';
import { describeSchema } from './hover';
import { addonCandidates, addonKeyCandidates, checkRestrictionTarget, qoveryFileKeys, qoverySecretsOf, qoveryTargetCandidates, restrictionTargetCandidates, tagCandidates } from '../values';
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
  // YAML `key:|`: a value needs a space before it (`key:value` is one plain scalar, not a key and its value).
  if (ctx.kind === 'value' && ctx.spaceBefore) return spacedAsNeeded(ctx, valueCompletions(doc, ctx, offset, catalog));
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
  const sourceLabel = <T>(known: Known<T>): string => (known.status === 'offline' ? known.label : known.status === 'live' ? 'live from the platform' : '');
  // What the platform knows comes from the value providers validation uses (core/values.ts); a value another entry
  // of the same list already holds is left out too, since validation would report it as a duplicate.
  const taken = (values: (string | undefined)[]): Set<string> => new Set(values.filter((v): v is string => v !== undefined));
  const edited = (node: AstNode): boolean => node.offset <= ctx.replace.offset + ctx.replace.length && node.offset + node.length >= ctx.replace.offset;
  const others = (list: AstNode | undefined, key?: string): (string | undefined)[] =>
    itemsOfArray(list).map((item) => (key === undefined ? item : getProperty(item, key)?.value)).filter((n): n is AstNode => !!n && !edited(n)).map(stringValue);

  if (doc.kind === 'northflank-secret' || doc.kind === 'northflank-link') {
    if (last === 'keyName') {
      const dependency = doc.kind === 'northflank-secret' ? enclosingObjectWith(doc.root, offset, 'addonId') : undefined;
      const addonId = stringValue(getProperty(dependency, 'addonId')?.value) ?? '';
      const used = taken(others(getProperty(doc.kind === 'northflank-secret' ? dependency : doc.root, 'keys')?.value, 'keyName'));
      const known = addonKeyCandidates(catalog, addonId);
      for (const k of itemsOf(known)) {
        if (!used.has(k.keyName)) out.push(literal(k.keyName, 'value', k.detail ?? sourceLabel(known), known.status === 'offline' ? `Well-known key name (${OFFLINE_LABEL}).` : undefined));
      }
    } else if (last === 'addonId' && parent !== 'keys') {
      const used = taken(others(getProperty(doc.root, String(ctx.path[0]))?.value, 'addonId'));
      for (const a of itemsOf(addonCandidates(catalog))) if (!used.has(a.id)) out.push(literal(a.id, 'reference', [a.type, a.name].filter(Boolean).join(' · ') || 'addon'));
    } else if (last === 'id' && ctx.path.includes('nfObjects')) {
      const item = enclosingObjectWith(doc.root, offset, 'id');
      const type = getProperty(item, 'type');
      const typeValue = stringValue(type?.value);
      const used = taken(others(nodeAtPath(doc.root, ['restrictions', 'nfObjects']), 'id'));
      for (const t of itemsOf(restrictionTargetCandidates(catalog))) {
        // An object that names its type keeps it: only services or only jobs, as validation wants.
        if (used.has(t.id) || (type && typeValue !== t.type)) continue;
        out.push(literal(t.id, 'reference', `${t.type}${t.name && t.name !== t.id ? ` · ${t.name}` : ''}`, undefined, type ? undefined : { additionalEdits: typeEdit(doc, ctx.replace.offset + ctx.replace.length, t.type) }));
      }
    } else if (last === 'type' && ctx.path.includes('nfObjects')) {
      // The type of a known service or job is that one's.
      const id = stringValue(getProperty(enclosingObjectWith(doc.root, offset, 'type'), 'id')?.value);
      if (id !== undefined) return out.filter((c) => !checkRestrictionTarget(catalog, id, c.label));
    } else if (typeof last === 'symbol' && parent === 'tags') {
      const list = nodeAtPath(doc.root, ctx.path.slice(0, -1).filter((s): s is string => typeof s === 'string'));
      const used = taken(others(list));
      for (const t of itemsOf(tagCandidates(catalog))) if (!used.has(t)) out.push(literal(t, 'value', 'tag'));
    }
  }
  if (doc.kind === 'qovery-secrets' && last === 'target' && (ctx.path[0] === 'aliases' || ctx.path[0] === 'overrides')) {
    const section = ctx.path[0];
    const used = section === 'overrides' ? taken(others(getProperty(doc.root, 'overrides')?.value, 'target')) : new Set<string>();
    for (const c of qoveryTargetCandidates(qoveryFileKeys(doc.root), qoverySecretsOf(doc.root, catalog), section)) {
      if (!used.has(c.key)) out.push(literal(c.key, 'reference', c.detail));
    }
    return dedupe(out);
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
