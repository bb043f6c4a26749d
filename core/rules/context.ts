import { getProperty, type AstNode, type ObjectNode, type PropertyNode, type ScalarNode } from '../ast';
import { CODES, type Diagnostic, type DiagnosticCode, type DiagnosticData } from '../diagnostics';
import type { DefinitionDocument } from '../document';
import type { Catalog } from '../catalog';

/** What a semantic rule gets: the parsed document, the catalog, and a way to report. */
export interface RuleContext {
  doc: DefinitionDocument;
  catalog: Catalog;
  report(code: DiagnosticCode, at: Span, message: string, data?: DiagnosticData): void;
  /**
   * Set when the variables of the group are checked apart (validate-incremental.ts): the rules then see a tree whose
   * `secrets.variables` is empty, and learn the group's names and variables from here.
   */
  variables?: VariablesView;
}

/** What the rules need to know of a group's variables when they do not see them. */
export interface VariablesView {
  /** Every name the group defines (rules/northflank.ts `definedNames`). */
  names: NameSet;
  /** Where the variable of that name starts (its key; the last one of that name). */
  keyOffsetOf(name: string): number | undefined;
}

/** A set of names: membership, and every name once (for suggestions). */
export interface NameSet {
  has(name: string): boolean;
  [Symbol.iterator](): Iterator<string>;
}

export interface Span {
  offset: number;
  length: number;
}

export function keySpan(p: PropertyNode): Span {
  return { offset: p.keyOffset, length: p.keyLength };
}

export function nodeSpan(n: AstNode): Span {
  return { offset: n.offset, length: n.length };
}

/** The span of a value, or of its key when the value is empty. */
export function valueSpan(n: AstNode): Span {
  if (n.length === 0 && n.property) return keySpan(n.property);
  return nodeSpan(n);
}

export function createContext(doc: DefinitionDocument, catalog: Catalog, out: Diagnostic[], variables?: VariablesView): RuleContext {
  return {
    doc,
    catalog,
    ...(variables ? { variables } : {}),
    report(code, at, message, data) {
      out.push({ range: doc.lines.rangeOf(at.offset, at.length), severity: CODES[code].severity, code, message, ...(data ? { data } : {}) });
    },
  };
}

export function objectAt(node: AstNode | undefined): ObjectNode | undefined {
  return node?.type === 'object' ? node : undefined;
}

export function itemsOf(node: AstNode | undefined): AstNode[] {
  return node?.type === 'array' ? node.items : [];
}

export function stringAt(node: AstNode | undefined): ScalarNode | undefined {
  return node?.type === 'string' ? node : undefined;
}

export function stringProperty(obj: AstNode | undefined, key: string): { prop: PropertyNode; node: ScalarNode; value: string } | undefined {
  const prop = getProperty(obj, key);
  const node = stringAt(prop?.value);
  return prop && node ? { prop, node, value: node.value as string } : undefined;
}

/** The sections of a secret group's `secrets` that map a name to a file's content: files and Docker secret mounts. */
export const KEYED_SECTIONS = ['files', 'dockerSecretMounts'] as const;
export type KeyedSection = (typeof KEYED_SECTIONS)[number];
