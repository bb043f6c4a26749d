/**
 * Validating a SOPS-encrypted definition file without its values. The `sops` block is no part of the definition;
 * an `ENC[...]` value is opaque, of the type its `type:` says. The schema sees a stand-in of that type (so a
 * `type:str` priority is still an error), and any other diagnostic on an encrypted value is dropped: a rule that
 * needs the value cannot know it ("unknown", never a false error). Rules that compare values across the file
 * answer unknown too when the values they compare are encrypted.
 */
import type { AstNode, PropertyNode, ScalarNode } from '../ast';
import type { Diagnostic } from '../diagnostics';
import type { LineIndex } from '../text';
import { parseEncrypted, type SopsType } from './envelope';
import { sopsProperty } from './metadata';

export interface SopsView {
  /** The `sops` property of the root. */
  block: PropertyNode;
  /** Every encrypted value, with its type. */
  encrypted: Map<ScalarNode, SopsType>;
}

/** The view of a file whose root has a `sops` block; undefined for a plain file (at the cost of one lookup). */
export function sopsViewOf(root: AstNode | undefined): SopsView | undefined {
  const block = sopsProperty(root);
  if (!block) return undefined;
  const encrypted = new Map<ScalarNode, SopsType>();
  const visit = (node: AstNode | undefined): void => {
    if (!node) return;
    if (node.type === 'object') {
      for (const p of node.properties) if (p !== block) visit(p.value);
    } else if (node.type === 'array') {
      for (const item of node.items) visit(item);
    } else if (node.type === 'string') {
      const e = parseEncrypted(node.value);
      if (e) encrypted.set(node, e.type);
    }
  };
  visit(root);
  return { block, encrypted };
}

/** A value of the declared type that no value rule can trip over: the schema checks only its type. */
function standIn(type: SopsType, node: ScalarNode): unknown {
  switch (type) {
    case 'int':
    case 'float':
      // sops ≤ 3.9 types every JSON number as float: an integer stand-in keeps an integer field valid.
      return 0;
    case 'bool':
      return false;
    default:
      return node.value;
  }
}

/** The document's value for the schema: without the `sops` block, each encrypted value a stand-in of its type. */
export function validationValue(root: AstNode, view: SopsView): unknown {
  const convert = (node: AstNode | undefined): unknown => {
    if (!node) return null;
    if (node.type === 'object') {
      const out: Record<string, unknown> = {};
      for (const p of node.properties) {
        if (p === view.block) continue;
        Object.defineProperty(out, p.key, { value: convert(p.value), enumerable: true, configurable: true, writable: true });
      }
      return out;
    }
    if (node.type === 'array') return node.items.map(convert);
    const type = view.encrypted.get(node);
    return type ? standIn(type, node) : node.value;
  };
  return convert(root);
}

/** Codes of rules that compare a value with keys elsewhere in the file: unknown when those keys are encrypted. */
const CROSS_VALUE_CODES: Record<string, readonly string[]> = {
  'qovery-secrets': ['qovery-unknown-target', 'qovery-target-scope', 'qovery-alias-of-alias', 'qovery-override-same-scope'],
  'northflank-secret': ['nf-unknown-template-variable', 'nf-alias-collision'],
};

function hasEncryptedKeyNames(view: SopsView, kind: string): boolean {
  for (const [node] of view.encrypted) {
    const key = node.property?.key ?? node.parent?.property?.key;
    if (kind === 'qovery-secrets' && key === 'key') return true;
    if (kind === 'northflank-secret' && (key === 'keyName' || key === 'addonId' || key === 'aliases')) return true;
  }
  return false;
}

/**
 * The diagnostics of an encrypted file: none on the `sops` block, none on an encrypted value but a wrong type
 * (the `type:` is known), and none of the cross-value rules when the names they compare are encrypted.
 */
export function filterEncryptedDiagnostics(diagnostics: Diagnostic[], view: SopsView, lines: LineIndex, kind: string): Diagnostic[] {
  const spans: [number, number][] = [...view.encrypted.keys()].map((n) => [n.offset, n.offset + n.length]);
  spans.sort((a, b) => a[0] - b[0]);
  const block = view.block;
  const blockStart = block.keyOffset;
  const blockEnd = block.value ? block.value.offset + block.value.length : block.keyOffset + block.keyLength;
  const onEncrypted = (offset: number): boolean => {
    let low = 0;
    let high = spans.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      if (spans[mid][1] < offset) low = mid + 1;
      else if (spans[mid][0] > offset) high = mid - 1;
      else return true;
    }
    return false;
  };
  const unknownCodes = hasEncryptedKeyNames(view, kind) ? CROSS_VALUE_CODES[kind] ?? [] : [];
  return diagnostics.filter((d) => {
    const offset = lines.offsetAt(d.range.start);
    if (offset >= blockStart && offset <= blockEnd) return false;
    if (unknownCodes.includes(d.code)) return false;
    if (d.code === 'invalid-type') return true;
    return !onEncrypted(offset);
  });
}
