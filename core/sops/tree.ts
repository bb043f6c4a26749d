/**
 * The walk sops makes over a document: every scalar, in file order (the MAC depends on it), with the keys on its
 * path (the additional data of its encryption). Walked on our positioned tree, never on a JavaScript object, which
 * would move integer-like keys to the front.
 */
import type { AstNode, ObjectNode, PathSegment, ScalarNode } from '../ast';
import type { SyntaxKind } from '../kinds';
import { parseEncrypted, typedFromJs, typedFromYamlPlain, type EncryptedValue, type TypedValue } from './envelope';

export interface SopsLeaf {
  node: ScalarNode;
  /** The keys on its path, list indexes left out: `secrets:variables:DB:` is the additional data. */
  keys: string[];
  /** The full path, list indexes included: how a value is matched across an edit. */
  path: PathSegment[];
  /** Its `ENC[...]` parts when it is encrypted. */
  encrypted?: EncryptedValue;
}

/** Every scalar of the document in file order, the root's `sops` block left out. */
export function sopsLeaves(root: ObjectNode, sopsBlock?: AstNode): SopsLeaf[] {
  const out: SopsLeaf[] = [];
  const keys: string[] = [];
  const path: PathSegment[] = [];
  const visit = (node: AstNode | undefined): void => {
    if (!node) return;
    if (node.type === 'object') {
      for (const p of node.properties) {
        if (p.value === sopsBlock && sopsBlock) continue;
        keys.push(p.key);
        path.push(p.key);
        visit(p.value);
        keys.pop();
        path.pop();
      }
    } else if (node.type === 'array') {
      node.items.forEach((item, i) => {
        path.push(i);
        visit(item);
        path.pop();
      });
    } else {
      const encrypted = parseEncrypted(node.value);
      out.push({ node, keys: [...keys], path: [...path], ...(encrypted ? { encrypted } : {}) });
    }
  };
  visit(root);
  return out;
}

/** The additional data of a value: its keys joined with ":" and a trailing ":". */
export function additionalData(keys: readonly string[]): string {
  return keys.map((k) => `${k}:`).join('');
}

/** A stable key for a path, to find the same value before and after an edit. */
export function pathKey(path: readonly PathSegment[]): string {
  return JSON.stringify(path);
}

/**
 * A value left in clear as sops reads it (its type and bytes): for YAML, a plain scalar is read as Go's yaml.v3
 * reads it; quoted and block scalars are strings. Undefined for null, which sops neither encrypts nor hashes.
 */
export function clearValue(node: ScalarNode, text: string, syntax: SyntaxKind): TypedValue | undefined {
  if (node.type === 'null') return undefined;
  if (syntax === 'json') {
    if (node.type === 'number') return typedFromJs(node.value, !/[.eE]/.test(text.slice(node.offset, node.offset + node.length)));
    return typedFromJs(node.value);
  }
  const source = text.slice(node.offset, node.offset + node.length);
  // Quoted and block scalars are strings; so is a plain scalar over several lines, folded: its value, not its source.
  if (node.style !== 'plain' || /[\r\n]/.test(source)) return { type: 'str', text: String(node.value) };
  return typedFromYamlPlain(source);
}
