import { getProperty, type AstNode } from '../ast';
import type { DefinitionDocument } from '../document';
import { templateOutline } from '../templates/outline';

export type SymbolKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' | 'variable' | 'file' | 'key';

/** A node of the outline, editor-agnostic. */
export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  /** The whole entry (key and value). */
  range: { offset: number; length: number };
  /** The part to reveal: the key, or the item's naming field. */
  selection: { offset: number; length: number };
  children: OutlineSymbol[];
}

/** Outline entries are capped so that a huge file still answers fast; the editor's own search covers the rest. */
const MAX_SYMBOLS = 20_000;

/** Names a list item after the field that identifies it. */
const NAMING_FIELDS = ['key', 'keyName', 'addonId', 'target', 'id'];

export function outline(doc: DefinitionDocument): OutlineSymbol[] {
  const template = templateOutline(doc, outline);
  if (template) return template;
  let budget = MAX_SYMBOLS;
  const section = (path: string[]): string | undefined => path[path.length - 1];
  const build = (node: AstNode | undefined, path: string[]): OutlineSymbol[] => {
    if (!node || budget <= 0) return [];
    if (node.type === 'object') {
      const out: OutlineSymbol[] = [];
      for (const p of node.properties) {
        if (budget-- <= 0) break;
        const value = p.value;
        const parent = section(path);
        const kind: SymbolKind = parent === 'variables' ? 'variable' : parent === 'files' || parent === 'dockerSecretMounts' ? 'file' : (value?.type ?? 'null');
        // Values are never shown in the outline: secrets stay masked.
        const detail = parent === 'variables' ? undefined : value && value.type !== 'object' && value.type !== 'array' && !['value', 'data'].includes(p.key) ? String(value.value) : undefined;
        out.push({
          name: p.key || '""',
          detail,
          kind,
          range: { offset: p.keyOffset, length: Math.max(p.keyLength, (value ? value.offset + value.length : 0) - p.keyOffset) },
          selection: { offset: p.keyOffset, length: p.keyLength },
          children: value && (value.type === 'object' || value.type === 'array') ? build(value, [...path, p.key]) : [],
        });
      }
      return out;
    }
    if (node.type === 'array') {
      return node.items.map((item, i) => {
        budget--;
        const naming = NAMING_FIELDS.map((f) => getProperty(item, f)).find((p) => p?.value?.type === 'string');
        const name = naming?.value ? String(naming.value.type === 'string' ? naming.value.value : i) : item.type === 'string' ? String(item.value) : `[${i}]`;
        return {
          name,
          kind: item.type === 'object' ? 'object' : item.type === 'string' ? 'string' : item.type,
          range: { offset: item.offset, length: item.length },
          selection: naming?.value ? { offset: naming.value.offset, length: naming.value.length } : { offset: item.offset, length: Math.min(item.length, 1) },
          children: item.type === 'object' || item.type === 'array' ? build(item, [...path, String(i)]) : [],
        } satisfies OutlineSymbol;
      });
    }
    return [];
  };
  return build(doc.root, []);
}

export interface FoldingRange {
  startLine: number;
  endLine: number;
}

/** Every object and list that spans lines folds, from its key's line to its last line. */
export function foldingRanges(doc: DefinitionDocument): FoldingRange[] {
  const out: FoldingRange[] = [];
  const visit = (node: AstNode | undefined, depth: number): void => {
    if (!node || depth > 64 || (node.type !== 'object' && node.type !== 'array')) return;
    const startOffset = node.property ? node.property.keyOffset : node.offset;
    const start = doc.lines.positionAt(startOffset).line;
    let end = doc.lines.positionAt(node.offset + node.length).line;
    // A YAML block ends where the next line starts; a JSON bracket stays visible on its own line.
    if (doc.syntax === 'yaml' && end > start && doc.lines.positionAt(node.offset + node.length).character === 0) end--;
    if (doc.syntax === 'json' && end > start) end--;
    if (end > start) out.push({ startLine: start, endLine: end });
    if (node.type === 'object') for (const p of node.properties) visit(p.value, depth + 1);
    else for (const item of node.items) visit(item, depth + 1);
  };
  visit(doc.root, 0);
  return out;
}
