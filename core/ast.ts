/**
 * The positioned tree every rule works on, whatever the source syntax (YAML or JSON).
 * Offsets are UTF-16 indexes into the document text.
 */
export type AstNode = ObjectNode | ArrayNode | ScalarNode;

interface NodeBase {
  offset: number;
  length: number;
  parent?: ObjectNode | ArrayNode;
  /** The property that holds this node, when the parent is an object. */
  property?: PropertyNode;
}

export interface ObjectNode extends NodeBase {
  type: 'object';
  properties: PropertyNode[];
}

export interface ArrayNode extends NodeBase {
  type: 'array';
  items: AstNode[];
}

export type ScalarValue = string | number | boolean | null;

export interface ScalarNode extends NodeBase {
  type: 'string' | 'number' | 'boolean' | 'null';
  value: ScalarValue;
  /** How the scalar was written, for fixes that must keep the file's style. */
  style: 'plain' | 'single' | 'double' | 'block' | 'json';
}

export interface PropertyNode {
  key: string;
  keyOffset: number;
  keyLength: number;
  value: AstNode | undefined;
  /** Start of the key to end of the value (or of the key when there is no value). */
  offset: number;
  length: number;
  parent: ObjectNode;
}

export type PathSegment = string | number;

export function getProperty(node: AstNode | undefined, key: string): PropertyNode | undefined {
  if (!node || node.type !== 'object') return undefined;
  // The last occurrence wins, as in JSON.parse and YAML loaders with duplicate keys allowed.
  for (let i = node.properties.length - 1; i >= 0; i--) if (node.properties[i].key === key) return node.properties[i];
  return undefined;
}

export function getChild(node: AstNode | undefined, segment: PathSegment): AstNode | undefined {
  if (!node) return undefined;
  if (node.type === 'array') return typeof segment === 'number' ? node.items[segment] : undefined;
  if (node.type === 'object') return getProperty(node, String(segment))?.value;
  return undefined;
}

export function nodeAtPath(root: AstNode | undefined, path: readonly PathSegment[]): AstNode | undefined {
  let node = root;
  for (const segment of path) {
    node = getChild(node, segment);
    if (!node) return undefined;
  }
  return node;
}

/**
 * The path from the root to a node; with `root`, from that node (the root of a document that is a part of a file, such
 * as a secret group inside a template).
 */
export function pathOf(node: AstNode, root?: AstNode): PathSegment[] {
  const path: PathSegment[] = [];
  let current: AstNode = node;
  while (current.parent && current !== root) {
    const parent: ObjectNode | ArrayNode = current.parent;
    if (parent.type === 'array') path.unshift(parent.items.indexOf(current));
    else if (current.property) path.unshift(current.property.key);
    current = parent;
  }
  return path;
}

/** A plain JavaScript value of the tree, as JSON.parse would give it (the last duplicate key wins). */
export function toValue(node: AstNode | undefined): unknown {
  if (!node) return null;
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const p of node.properties) {
        if (p.key === '__proto__') {
          Object.defineProperty(out, p.key, { value: toValue(p.value), enumerable: true, configurable: true, writable: true });
        } else {
          out[p.key] = toValue(p.value);
        }
      }
      return out;
    }
    case 'array':
      return node.items.map(toValue);
    default:
      return node.value;
  }
}

/** The innermost node whose span contains the offset (end inclusive, so a caret just after a value finds it). */
export function nodeAtOffset(root: AstNode | undefined, offset: number): AstNode | undefined {
  if (!root || offset < root.offset || offset > root.offset + root.length) return undefined;
  let node: AstNode = root;
  for (;;) {
    let next: AstNode | undefined;
    if (node.type === 'object') {
      for (const p of node.properties) {
        const v = p.value;
        if (v && offset >= v.offset && offset <= v.offset + v.length) {
          next = v;
          break;
        }
      }
    } else if (node.type === 'array') {
      for (const item of node.items) {
        if (offset >= item.offset && offset <= item.offset + item.length) {
          next = item;
          break;
        }
      }
    }
    if (!next) return node;
    node = next;
  }
}

/** The property whose key span contains the offset, if any. */
export function propertyKeyAtOffset(root: AstNode | undefined, offset: number): PropertyNode | undefined {
  const visit = (node: AstNode | undefined): PropertyNode | undefined => {
    if (!node || offset < node.offset || offset > node.offset + node.length) return undefined;
    if (node.type === 'object') {
      for (const p of node.properties) {
        if (offset >= p.keyOffset && offset <= p.keyOffset + p.keyLength) return p;
        const found = visit(p.value);
        if (found) return found;
      }
    } else if (node.type === 'array') {
      for (const item of node.items) {
        const found = visit(item);
        if (found) return found;
      }
    }
    return undefined;
  };
  return visit(root);
}

/** Visits every node depth first. */
export function walk(node: AstNode | undefined, visit: (node: AstNode) => void): void {
  if (!node) return;
  visit(node);
  if (node.type === 'object') for (const p of node.properties) walk(p.value, visit);
  else if (node.type === 'array') for (const item of node.items) walk(item, visit);
}

export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out || '(root)';
}
