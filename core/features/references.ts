import { getProperty, propertyKeyAtOffset, type PropertyNode } from '../ast';
import type { DefinitionDocument } from '../document';
import { encodeBase64, decodeBase64Text } from '../rules/base64';
import { addonKeyEntries, defaultKeyName, variablesOf } from '../rules/northflank';
import { qoveryKeys, qoveryTargets } from '../rules/qovery';
import { templateReferences } from '../rules/templates';
import type { TextEdit } from './completion';
import { templateDefinitionAt, templateReferencesAt } from './templateReferences';

export interface Span {
  offset: number;
  length: number;
}

/** A name the caret is on: a `${NAME}` reference, a variable or alias it names, a Qovery key or target. */
export interface SymbolAt {
  kind: 'template' | 'variable' | 'qovery-key' | 'qovery-target';
  name: string;
  /** The span of the name itself (inside quotes and `${}`). */
  range: Span;
}

const NAME = /^[A-Za-z0-9_./-]+$/;

function inner(doc: DefinitionDocument, span: Span): Span {
  const first = doc.text[span.offset];
  return first === '"' || first === "'" ? { offset: span.offset + 1, length: Math.max(0, span.length - 2) } : span;
}

function within(offset: number, span: Span): boolean {
  return offset >= span.offset && offset <= span.offset + span.length;
}

/** `${NAME}` references in variable values: the span of NAME in the text. */
export function templateSpans(doc: DefinitionDocument): { name: string; span: Span }[] {
  const out: { name: string; span: Span }[] = [];
  const variables = variablesOf(doc.root);
  if (variables?.type !== 'object') return out;
  for (const p of variables.properties) {
    const v = p.value;
    if (v?.type !== 'string') continue;
    const raw = doc.text.slice(v.offset, v.offset + v.length);
    for (const r of templateReferences(raw)) out.push({ name: r.name, span: { offset: v.offset + r.index + 2, length: r.name.length } });
  }
  return out;
}

export function findSymbolAt(doc: DefinitionDocument, offset: number): SymbolAt | undefined {
  const root = doc.root;
  if (!root) return undefined;
  if (doc.kind === 'northflank-secret') {
    const ref = templateSpans(doc).find((t) => offset >= t.span.offset - 2 && offset <= t.span.offset + t.span.length + 1);
    if (ref) return { kind: 'template', name: ref.name, range: ref.span };
    const key = propertyKeyAtOffset(root, offset);
    const variables = variablesOf(doc.root);
    if (key && variables && key.parent === variables) return { kind: 'variable', name: key.key, range: inner(doc, { offset: key.keyOffset, length: key.keyLength }) };
    for (const e of addonKeyEntries(root)) {
      for (const a of e.aliases) if (within(offset, a)) return { kind: 'variable', name: String(a.value), range: inner(doc, a) };
    }
    return undefined;
  }
  if (doc.kind === 'qovery-secrets') {
    for (const section of ['secrets', 'aliases'] as const) {
      for (const k of qoveryKeys(root, section)) if (within(offset, k.node)) return { kind: 'qovery-key', name: k.key, range: inner(doc, k.node) };
    }
    for (const section of ['aliases', 'overrides'] as const) {
      for (const t of qoveryTargets(root, section)) if (within(offset, t.node)) return { kind: 'qovery-target', name: t.target, range: inner(doc, t.node) };
    }
  }
  return undefined;
}

/** Where a name is defined: the variable's key, the alias, the addon key a default name comes from, the Qovery key. */
export function definitions(doc: DefinitionDocument, name: string): Span[] {
  const root = doc.root;
  if (doc.kind === 'qovery-secrets') {
    return [...qoveryKeys(root, 'secrets'), ...qoveryKeys(root, 'aliases')].filter((k) => k.key === name).map((k) => inner(doc, k.node));
  }
  const out: Span[] = [];
  const variables = variablesOf(doc.root);
  if (variables?.type === 'object') for (const p of variables.properties) if (p.key === name) out.push(inner(doc, { offset: p.keyOffset, length: p.keyLength }));
  for (const e of addonKeyEntries(root)) {
    if (defaultKeyName(e.addonId, e.keyName) === name) out.push(inner(doc, e.keyNameNode));
    for (const a of e.aliases) if (a.value === name) out.push(inner(doc, a));
  }
  return out;
}

/** Every use of a name: `${NAME}` in variable values, or Qovery alias and override targets. */
export function usages(doc: DefinitionDocument, name: string): Span[] {
  if (doc.kind === 'qovery-secrets') {
    return [...qoveryTargets(doc.root, 'aliases'), ...qoveryTargets(doc.root, 'overrides')].filter((t) => t.target === name).map((t) => inner(doc, t.node));
  }
  return templateSpans(doc).filter((t) => t.name === name).map((t) => t.span);
}

export function definitionAt(doc: DefinitionDocument, offset: number): Span[] {
  const template = templateDefinitionAt(doc, offset, definitionAt);
  if (template) return template;
  const symbol = findSymbolAt(doc, offset);
  return symbol ? definitions(doc, symbol.name) : [];
}

export function referencesAt(doc: DefinitionDocument, offset: number, includeDeclaration: boolean): Span[] {
  const template = templateReferencesAt(doc, offset, includeDeclaration, referencesAt);
  if (template) return template;
  const symbol = findSymbolAt(doc, offset);
  if (!symbol) return [];
  return [...(includeDeclaration ? definitions(doc, symbol.name) : []), ...usages(doc, symbol.name)];
}

/** The span a rename starts from, or a reason it cannot be renamed. */
export function prepareRename(doc: DefinitionDocument, offset: number): Span | { error: string } | undefined {
  const symbol = findSymbolAt(doc, offset);
  if (!symbol) return undefined;
  const defs = definitions(doc, symbol.name);
  if (doc.kind === 'northflank-secret' && defs.length > 0 && addonKeyEntries(doc.root).some((e) => defaultKeyName(e.addonId, e.keyName) === symbol.name)) {
    return { error: `"${symbol.name}" is the default name of an addon key; add an alias instead of renaming it.` };
  }
  return symbol.range;
}

/** The edits that rename a name everywhere in the file, including `${NAME}` inside base64 file contents. */
export function renameEdits(doc: DefinitionDocument, offset: number, newName: string): TextEdit[] | { error: string } {
  const prepared = prepareRename(doc, offset);
  if (!prepared) return { error: 'Nothing to rename here.' };
  if ('error' in prepared) return prepared;
  const symbol = findSymbolAt(doc, offset) as SymbolAt;
  if (doc.kind === 'northflank-secret' && !NAME.test(newName)) {
    return { error: `"${newName}" is not a valid variable name: use letters, numbers, underscores, hyphens, forward slashes and dots.` };
  }
  if (newName.length === 0) return { error: 'A name cannot be empty.' };
  const quoteAware = (span: Span): TextEdit => ({ offset: span.offset, length: span.length, newText: escapeFor(doc, span, newName) });
  const edits = [...definitions(doc, symbol.name), ...usages(doc, symbol.name)].map(quoteAware);
  if (doc.kind === 'northflank-secret') for (const edit of fileDataEdits(doc, symbol.name, newName)) edits.push(edit);
  return edits;
}

/** A name put inside double quotes must be escaped; plain and single-quoted names are taken as they are. */
function escapeFor(doc: DefinitionDocument, span: Span, name: string): string {
  return doc.text[span.offset - 1] === '"' ? JSON.stringify(name).slice(1, -1) : name;
}

/** Re-encodes file contents whose decoded text references the renamed variable. */
function fileDataEdits(doc: DefinitionDocument, from: string, to: string): TextEdit[] {
  const secrets = getProperty(doc.root, 'secrets')?.value;
  const edits: TextEdit[] = [];
  for (const section of ['files', 'dockerSecretMounts']) {
    const files = getProperty(secrets, section)?.value;
    if (files?.type !== 'object') continue;
    for (const f of files.properties as PropertyNode[]) {
      const data = getProperty(f.value, 'data')?.value;
      if (data?.type !== 'string') continue;
      const text = decodeBase64Text(data.value as string);
      if (text === undefined || !templateReferences(text).some((r) => r.name === from)) continue;
      const renamed = text.replace(/\$\{([A-Za-z0-9_./-]+)\}/g, (m, n: string) => (n === from ? `\${${to}}` : m));
      const span = inner(doc, data);
      edits.push({ offset: span.offset, length: span.length, newText: encodeBase64(renamed) });
    }
  }
  return edits;
}

