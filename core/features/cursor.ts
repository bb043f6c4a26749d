import { getLocation } from 'jsonc-parser';
import { CST, Parser } from 'yaml';
import { nodeAtOffset, nodeAtPath, pathOf, type ArrayNode, type AstNode, type ObjectNode, type PropertyNode } from '../ast';
import { MAX_DEPTH } from '../parse/types';
import type { DefinitionDocument } from '../document';
import { ANY, type SchemaPathSegment } from '../schema/navigate';

/**
 * Where the caret stands, as completion needs to know it: typing a key of an object, a value of a key, or an item
 * of a list. Worked out from a parser that reads broken text (jsonc-parser's scanner, the `yaml` library's concrete
 * syntax tree), not from the document's tree alone, because the text being typed is usually incomplete (`secr`
 * without a colon yet).
 */
export type CursorContext =
  | {
      kind: 'key';
      /** Path of the object whose key is being typed (list indexes as ANY). */
      path: SchemaPathSegment[];
      /** The span of the partial key, replaced by the completion. */
      replace: { offset: number; length: number };
      prefix: string;
      /** Keys the object already has. */
      existing: string[];
      /** YAML: the column keys of this object start at; JSON: the indentation of the line. */
      indent: number;
      /** JSON: the key is quoted already (the caret is inside quotes). */
      quoted: boolean;
      /** JSON: a property follows, so an inserted property needs a trailing comma. */
      needsComma: boolean;
    }
  | {
      kind: 'value';
      /** Path of the value being typed (a list item ends in ANY). */
      path: SchemaPathSegment[];
      replace: { offset: number; length: number };
      prefix: string;
      /** JSON: the value is quoted already. */
      quoted: boolean;
      indent: number;
      /** YAML: the caret follows `key:` directly; a value inserted needs a space before it. */
      spaceBefore?: boolean;
    };

export function cursorContext(doc: DefinitionDocument, offset: number): CursorContext | undefined {
  const ctx = doc.syntax === 'json' ? jsonContext(doc, offset) : yamlContext(doc, offset);
  // A document that is a part of a file (a secret group inside a template): paths start at its root.
  const base = doc.root?.parent ? pathOf(doc.root) : [];
  if (!ctx || base.length === 0) return ctx;
  const starts = base.every((segment, i) => ctx.path[i] === segment || (typeof segment === 'number' && ctx.path[i] === ANY));
  return starts && ctx.path.length >= base.length ? { ...ctx, path: ctx.path.slice(base.length) } : undefined;
}

/** Completions inserted at a context: after a space where a YAML value is typed right after `key:`. */
export function spacedAsNeeded<T extends { insertText: string }>(ctx: CursorContext, items: T[]): T[] {
  return ctx.kind === 'value' && ctx.spaceBefore ? items.map((c) => ({ ...c, insertText: ` ${c.insertText}` })) : items;
}

// ---------------------------------------------------------------------------------------------------------------
// JSON: jsonc-parser's scanner knows the path at any offset, even in broken text.

function jsonContext(doc: DefinitionDocument, offset: number): CursorContext | undefined {
  const { text } = doc;
  // jsonc-parser's scanner recurses once per level: 10,000 nested brackets before the caret overflowed the stack.
  // Nothing is offered that deep anyway (no schema goes past a few levels, and the tree stops at MAX_DEPTH).
  if (nestedDeeperThan(text, offset, MAX_DEPTH)) return undefined;
  const location = getLocation(text, offset);
  const path: SchemaPathSegment[] = location.path.map((s) => (typeof s === 'number' ? ANY : s));
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0].length ?? 0;
  const previous = location.previousNode;
  const inPrevious = previous && offset >= previous.offset && offset <= previous.offset + previous.length;
  if (location.isAtPropertyKey) {
    const objectPath = path.slice(0, -1);
    let top = doc.root;
    while (top?.parent) top = top.parent;
    const object = nodeAtPath(top, location.path.slice(0, -1));
    const existing = object?.type === 'object' ? object.properties.map((p) => p.key) : [];
    const replace = inPrevious && previous?.type === 'string' ? { offset: previous.offset, length: previous.length } : wordAround(text, offset, /[\w$-]/);
    const typed = text.slice(replace.offset, offset).replace(/^"/, '');
    const after = text.slice(replace.offset + replace.length);
    return {
      kind: 'key',
      path: objectPath,
      replace,
      prefix: typed,
      existing: existing.filter((k) => k !== typed),
      indent,
      quoted: false,
      needsComma: /^\s*"/.test(after),
    };
  }
  if (inPrevious && previous && (previous.type === 'string' || previous.type === 'number' || previous.type === 'boolean' || previous.type === 'null')) {
    return { kind: 'value', path, replace: { offset: previous.offset, length: previous.length }, prefix: text.slice(previous.offset, offset).replace(/^"/, ''), quoted: false, indent };
  }
  const before = text.slice(lineStart, offset);
  if (/[:[,]\s*$/.test(before) || /^\s*$/.test(before)) {
    return { kind: 'value', path, replace: { offset, length: 0 }, prefix: '', quoted: false, indent };
  }
  return undefined;
}

/** Whether brackets open from `from` to `offset` nest deeper than `limit` at some point (strings skipped). Linear. */
function nestedDeeperThan(text: string, offset: number, limit: number, from = 0): boolean {
  let depth = 0;
  let inString = false;
  for (let i = from; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > limit) return true;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth = Math.max(0, depth - 1);
  }
  return false;
}

function wordAround(text: string, offset: number, word: RegExp): { offset: number; length: number } {
  let start = offset;
  while (start > 0 && word.test(text[start - 1])) start--;
  let end = offset;
  while (end < text.length && word.test(text[end])) end++;
  return { offset: start, length: end - start };
}

// ---------------------------------------------------------------------------------------------------------------
// YAML: the `yaml` library's concrete syntax tree of the lines around the caret, read as if a character were typed at
// the caret (what is being typed decides what the line is: `secr` becomes a key, `- ` an item), and the document's
// tree for where those lines stand and which keys their mapping already has. Only a few lines are read: the caret's
// own when it starts an entry of a collection the tree knows, else from the nearest line above at its indentation or
// less that starts an entry of the tree.

/** What is read as typed at the caret. Any character that can start and continue a plain scalar would do. */
const TYPED = 'X';

/** Lines read at most, in characters (a caret deep inside a very long multi-line scalar or flow gets nothing). */
const MAX_WINDOW = 64 * 1024;

/** What a key being typed may hold before the caret (a quoted key, a flow or a comment is not completed). */
const KEY_PREFIX = /^[^\s:#'"[\]{},]*$/;

type Collection = ObjectNode | ArrayNode;

/** Where the lines read start, and the collection of the document's tree their first entry belongs to. */
interface ReadFrom {
  start: number;
  /** Undefined when nothing above is known (the document's tree is missing): the lines are read from the top. */
  collection: Collection | undefined;
}

function yamlContext(doc: DefinitionDocument, offset: number): CursorContext | undefined {
  const { text, lines } = doc;
  let top = doc.root;
  while (top?.parent) top = top.parent;
  const line = lines.positionAt(offset).line;
  const lineStart = lines.lineStart(line);
  const lineEnd = lines.lineEnd(line);
  const caret = Math.min(Math.max(offset, lineStart), lineEnd);
  // A line longer than what is read at most, or flows nested past the tree's depth: nothing is offered there.
  if (lineEnd - lineStart > MAX_WINDOW || nestedDeeperThan(text, caret, MAX_DEPTH, lineStart)) return undefined;
  let first = lineStart;
  while (first < lineEnd && text.charCodeAt(first) === 32) first++;
  // A document marker (`---`, `...`) is no place for a key.
  if (/^(?:---|\.\.\.)(?:\s|$)/.test(text.slice(lineStart, lineEnd))) return undefined;
  // A tab in the indentation: YAML does not indent with tabs (the file has an error there), nothing to offer.
  if (text.charCodeAt(first) === 9 && first < caret) return undefined;
  // The column the caret's entry starts at: the line's indentation, or the caret's column when it stands in it.
  const column = Math.min(first, caret) - lineStart;

  let own: Reading | undefined;
  const ownLine = (): Reading => (own ??= read(text, lineStart, lineEnd, caret));
  const from = readFrom(doc, top, line, column, ownLine);
  if (!from) return undefined;
  if (lineEnd - from.start > MAX_WINDOW || (from.start < lineStart && nestedDeeperThan(text, caret, MAX_DEPTH, from.start))) return undefined;
  let reading = from.start === lineStart ? ownLine() : read(text, from.start, lineEnd, caret);
  let at = reading.locate();
  if (!at && /["']/.test(text[caret - 1] ?? '')) {
    // Just after a closing quote: the quoted value (a character typed there would be an error).
    reading = read(text, from.start, lineEnd, caret, true);
    at = reading.locate();
    if (at?.leaf.type === 'scalar' || (at && reading.offsetOf(at.leaf.offset + at.leaf.source.length) !== caret)) return undefined;
  }
  if (!at) return undefined;

  const base: SchemaPathSegment[] = from.collection ? pathOf(from.collection).map((s) => (typeof s === 'number' ? ANY : s)) : [];
  const path = [...base, ...at.path];
  const start = reading.offsetOf(at.leaf.offset);
  const end = reading.offsetOf(at.leaf.offset + at.leaf.source.length);
  // A scalar begun on an earlier line (the caret continues a multi-line value): nothing to offer.
  if (start < lineStart) return undefined;
  const plain = at.leaf.type === 'scalar';

  if (at.role === 'value' || at.role === 'flow-item') {
    const replace = { offset: start, length: end - start };
    const prefix = text.slice(start, caret).replace(/^["']/, '');
    const keyStart = at.key ? reading.offsetOf(at.key.offset) : start;
    const indent = (keyStart >= lineStart ? keyStart : start) - lineStart;
    return { kind: 'value', path, replace, prefix, quoted: false, indent, spaceBefore: at.role === 'value' && reading.spaced };
  }
  // A key being typed, an item of a list, or a word on a line of its own under a key (the key's value or the first
  // key of its mapping, whichever the schema wants).
  if (!plain) return undefined;
  const prefix = text.slice(start, caret);
  // `-` alone: the caret is stuck to a list item's dash.
  if (!KEY_PREFIX.test(prefix) || prefix === '-') return undefined;
  const wordEnd = caret + (/^[^\s:#]*/.exec(text.slice(caret, end))?.[0].length ?? 0);
  const replace = { offset: start, length: wordEnd - start };
  const indent = start - lineStart;
  let existing: string[] = [];
  if (at.role === 'key' || at.role === 'document') {
    const object = at.map && at.map !== reading.root ? objectStartingAt(top, reading.offsetOf(at.map.offset)) : from.collection;
    existing = object?.type === 'object' ? keysOf(doc, object, line, indent) : at.map ? cstKeys(at.map, at.leaf) : [];
  } else if (at.role === 'under-key' && at.key) {
    const value = propertyWithKeyAt(top, reading.offsetOf(at.key.offset))?.value;
    existing = value?.type === 'object' ? keysOf(doc, value, line, indent) : [];
  }
  return { kind: 'key', path, replace, prefix, existing, indent, quoted: false, needsComma: false };
}

/**
 * The lines to read for a caret on `line` whose entry starts at `column`: the caret's own line when it starts an entry
 * next to one the document's tree has (a sibling at the same column, after that one ends), else from the nearest
 * line above at `column` or less that starts an entry of the tree. Lines the tree does not start an entry on (inside
 * a block scalar, a multi-line string or a flow) are never where reading starts.
 */
function readFrom(doc: DefinitionDocument, top: AstNode | undefined, line: number, column: number, ownLine: () => Reading): ReadFrom | undefined {
  const { text, lines } = doc;
  const lineStart = lines.lineStart(line);
  const blank = /^[ \t]*$/.test(text.slice(lineStart, lines.lineEnd(line)));
  let skipped = false;
  for (let l = line - 1; l >= 0; l--) {
    const start = lines.lineStart(l);
    const end = lines.lineEnd(l);
    let first = start;
    while (first < end && text.charCodeAt(first) === 32) first++;
    // Blank lines and comment lines say nothing about where the caret stands.
    if (first === end || text.charCodeAt(first) === 35 /* # */ || (text.charCodeAt(first) === 9 && /^[ \t]*$/.test(text.slice(first, end)))) continue;
    if (first - start > column) continue;
    // Reading would start too far above to be done: stop looking.
    if (skipped && lineStart - start > MAX_WINDOW) return undefined;
    const entry = top ? entryAt(top, first, text) : undefined;
    if (!entry) {
      skipped = true;
      continue;
    }
    const ended = entry.end <= lineStart || (blank && inBlockCollection(top, lineStart, text));
    if (first - start === column && !skipped && ended) {
      // A sibling of that entry: the caret's line alone says what it is.
      const kind = ownLine().rootKind();
      if (kind === (entry.collection.type === 'array' ? 'sequence' : 'mapping')) return { start: lineStart, collection: entry.collection };
      // A key after a list written at its key's indentation (`tags:` then `- a`) belongs to the key's mapping.
      if (entry.collection.type === 'array' && kind === 'mapping') continue;
      return undefined;
    }
    return { start, collection: entry.collection };
  }
  return { start: 0, collection: top?.type === 'object' || top?.type === 'array' ? top : undefined };
}

/**
 * The entry of the document's tree that a line starts at `at` (its first character): a key of a block mapping or the
 * `-` of an item of a block sequence, with its collection and where the entry ends. Undefined anywhere else.
 */
function entryAt(top: AstNode, at: number, text: string): { collection: Collection; end: number } | undefined {
  let node: AstNode | undefined = top;
  while (node && (node.type === 'object' || node.type === 'array')) {
    if (isFlow(node, text)) return undefined;
    let next: AstNode | undefined;
    if (node.type === 'object') {
      for (const p of node.properties) {
        if (p.keyOffset === at) return { collection: node, end: p.offset + p.length };
        if (p.value && p.offset < at && at < p.offset + p.length) {
          next = p.value;
          break;
        }
      }
    } else {
      for (const item of node.items) {
        if (item.offset <= at && at < item.offset + item.length) {
          next = item;
          break;
        }
        if (item.offset > at) {
          // `at` is the `-` of this item when only dashes and spaces stand between them.
          return text.charCodeAt(at) === 45 /* - */ && /^[-\s]*$/.test(text.slice(at, item.offset)) ? { collection: node, end: item.offset + item.length } : undefined;
        }
      }
    }
    node = next;
  }
  return undefined;
}

function isFlow(node: AstNode, text: string): boolean {
  const c = text.charCodeAt(node.offset);
  return (node.type === 'object' && c === 123) /* { */ || (node.type === 'array' && c === 91); /* [ */
}

/** Whether an offset between entries stands in block collections only (not in a scalar or a flow). */
function inBlockCollection(top: AstNode | undefined, offset: number, text: string): boolean {
  const node = nodeAtOffset(top, offset);
  if (!node || (node.type !== 'object' && node.type !== 'array')) return false;
  for (let n: AstNode | undefined = node; n; n = n.parent) if (isFlow(n, text)) return false;
  return true;
}

/** The object of the document's tree that starts at an offset (a block mapping starts at its first key). */
function objectStartingAt(top: AstNode | undefined, at: number): ObjectNode | undefined {
  let node = top;
  while (node) {
    if (node.type === 'object' && node.offset === at) return node;
    let next: AstNode | undefined;
    if (node.type === 'object') next = node.properties.find((p) => p.value && p.value.offset <= at && at < p.value.offset + p.value.length)?.value;
    else if (node.type === 'array') next = node.items.find((item) => item.offset <= at && at < item.offset + item.length);
    node = next;
  }
  return undefined;
}

/** The property of the document's tree whose key starts at an offset. */
function propertyWithKeyAt(top: AstNode | undefined, at: number): PropertyNode | undefined {
  let node = top;
  while (node) {
    let next: AstNode | undefined;
    if (node.type === 'object') {
      for (const p of node.properties) {
        if (p.keyOffset === at) return p;
        if (p.value && p.value.offset <= at && at < p.value.offset + p.value.length) next = p.value;
      }
    } else if (node.type === 'array') {
      next = node.items.find((item) => item.offset <= at && at < item.offset + item.length);
    }
    node = next;
  }
  return undefined;
}

/**
 * The keys an object of the document's tree already has, but those on the caret's line (the key being typed is not
 * one) and those a merge key brings in. A word typed without a colon yet runs into the lines below it in the
 * document's tree (`secr` then `foo: 1` is one key, `secr foo`): the keys of those lines are read again without it.
 */
function keysOf(doc: DefinitionDocument, object: ObjectNode, line: number, column: number): string[] {
  const { text, lines } = doc;
  const lineStart = lines.lineStart(line);
  const lineEnd = lines.lineEnd(line);
  const keys: string[] = [];
  for (const p of object.properties) {
    if (p.keyOffset < object.offset || p.keyOffset > object.offset + object.length) continue;
    if (p.keyOffset < lineStart || p.keyOffset > lineEnd) {
      keys.push(p.key);
    } else if (p.offset + p.length > lineEnd && line + 1 < lines.lineCount) {
      // Up to the value of the key the word ran into, which is not needed.
      const from = lines.lineStart(line + 1);
      const to = Math.min(Math.max(p.value?.offset ?? p.offset + p.length, from), from + MAX_WINDOW);
      const below = read(text, from, to, undefined).root;
      if (below?.type === 'block-map' && below.indent === column) for (const item of below.items) pushKey(keys, item.key);
    }
  }
  return keys;
}

/** The keys of a mapping of the lines read, but the one being typed (when the tree has no such mapping). */
function cstKeys(map: CST.BlockMap, typed: CST.Token): string[] {
  const keys: string[] = [];
  for (const item of map.items) if (item.key !== typed) pushKey(keys, item.key);
  return keys;
}

function pushKey(keys: string[], token: CST.Token | null | undefined): void {
  const key = keyName(token);
  if (key !== undefined) keys.push(key);
}

type Scalar = CST.FlowScalar;

interface Located {
  leaf: Scalar;
  /**
   * `key`: a key of a block mapping; `document`: a word alone on the lines read (a key of the collection they start
   * in); `item`: an item of a block sequence; `under-key`: a word on a line of its own under a key; `value`: the value
   * of a key on its line; `flow-item`: an item of a flow sequence.
   */
  role: 'key' | 'document' | 'item' | 'under-key' | 'value' | 'flow-item';
  /** Path from the collection the lines read start in. */
  path: SchemaPathSegment[];
  /** The block mapping of a key. */
  map?: CST.BlockMap;
  /** The innermost key whose value holds the caret (of a value, of a word under a key, of a flow sequence). */
  key?: CST.Token;
}

interface Reading {
  /** The top collection (or scalar) of the lines read. */
  root: CST.Token | undefined;
  /** Whether a space was read before the typed character (the caret follows a `:` directly). */
  spaced: boolean;
  rootKind(): 'mapping' | 'sequence' | undefined;
  /** Offset in the document of an offset in the text read. */
  offsetOf(at: number): number;
  locate(): Located | undefined;
}

/**
 * Reads `text` from `start` to `end` with the `yaml` library's parser; with `caret`, as if a character were typed
 * there (and a space before it right after a `:`, where a value is about to be typed), or `afterQuote`, as it is.
 */
function read(text: string, start: number, end: number, caret: number | undefined, afterQuote = false): Reading {
  const spaced = caret !== undefined && !afterQuote && text.charCodeAt(caret - 1) === 58 /* : */ && (caret === end || /\s/.test(text[caret]));
  const typed = caret === undefined || afterQuote ? '' : spaced ? ` ${TYPED}` : TYPED;
  const at = caret === undefined ? end - start : caret - start;
  const source = caret === undefined ? text.slice(start, end) : text.slice(start, caret) + typed + text.slice(caret, end);
  const documents: CST.Document[] = [];
  for (const token of new Parser().parse(source)) if (token.type === 'document') documents.push(token);
  // The typed character's position in the text read (or the closing quote's): what contains it is what the caret is in.
  const position = afterQuote ? at - 1 : at + typed.length - 1;
  let document: CST.Document | undefined;
  for (const d of documents) if (d.offset <= position) document = d;
  const root = (document ?? documents[0])?.value;
  return {
    root,
    spaced,
    rootKind: () => (root?.type === 'block-seq' ? 'sequence' : root?.type === 'block-map' || root?.type === 'scalar' ? 'mapping' : undefined),
    offsetOf: (o) => start + (o <= at ? o : o >= at + typed.length ? o - typed.length : at),
    locate: () => (caret === undefined || !root ? undefined : locate(root, position)),
  };
}

/** The scalar that holds `position` in the tree of the lines read, and what it stands for there. Iterative. */
function locate(root: CST.Token, position: number): Located | undefined {
  const path: SchemaPathSegment[] = [];
  let token: CST.Token = root;
  let role: Located['role'] = 'document';
  let key: CST.Token | undefined;
  for (;;) {
    switch (token.type) {
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
        return position < token.offset + token.source.length ? { leaf: token, role, path, key } : undefined;
      case 'block-map': {
        // `key: other: value` is an error the parser lets through (a mapping on its key's line).
        if (role === 'value') return undefined;
        const item = itemAt(token.items, position);
        if (!item) return undefined;
        if (item.key && isFlowScalar(item.key) && item.key.offset <= position && position < item.key.offset + item.key.source.length) {
          // A key left or right of its mapping's column is an error the parser lets through.
          return item.key.indent === token.indent ? { leaf: item.key, role: 'key', path, map: token } : undefined;
        }
        const name = keyName(item.key);
        if (name === undefined || !item.value || item.value.offset > position) return undefined;
        path.push(name);
        key = item.key ?? undefined;
        role = item.sep?.some((t) => t.type === 'newline') ? 'under-key' : 'value';
        token = item.value;
        break;
      }
      case 'block-seq': {
        const item = itemAt(token.items, position);
        if (!item?.value || item.value.offset > position) return undefined;
        path.push(ANY);
        role = 'item';
        token = item.value;
        break;
      }
      case 'flow-collection': {
        // Flow mappings are not completed (a key's snippet is block YAML); items of flow sequences are.
        if (token.start.type !== 'flow-seq-start') return undefined;
        const item = itemAt(token.items, position);
        if (!item?.value || item.key || item.sep || item.value.offset > position) return undefined;
        path.push(ANY);
        role = 'flow-item';
        token = item.value;
        break;
      }
      default:
        return undefined;
    }
  }
}

/** The text of a key written as a plain or quoted scalar (escapes resolved); undefined for anything else. */
function keyName(token: CST.Token | null | undefined): string | undefined {
  // Errors (a bad escape) are the document's, reported by validation: the key reads as well as it can.
  return token && isFlowScalar(token) ? CST.resolveAsScalar(token, false, () => undefined)?.value : undefined;
}

function isFlowScalar(token: CST.Token): token is Scalar {
  return token.type === 'scalar' || token.type === 'single-quoted-scalar' || token.type === 'double-quoted-scalar';
}

type Item = CST.BlockMap['items'][number] | CST.BlockSequence['items'][number] | CST.FlowCollection['items'][number];

/** The last item of a collection that starts at or before `position`. */
function itemAt<T extends Item>(items: T[], position: number): T | undefined {
  let found: T | undefined;
  for (const item of items) {
    const first = item.start[0] ?? ('key' in item ? item.key : undefined) ?? item.sep?.[0] ?? item.value;
    if (!first || first.offset > position) break;
    found = item;
  }
  return found;
}

/** The deepest object around an offset that has a given property: the addon of a key, the item of a target. */
export function enclosingObjectWith(root: AstNode | undefined, offset: number, key: string): AstNode | undefined {
  let found: AstNode | undefined;
  const visit = (node: AstNode | undefined): void => {
    if (!node || offset < node.offset || offset > node.offset + node.length) return;
    if (node.type === 'object') {
      if (node.properties.some((p) => p.key === key)) found = node;
      for (const p of node.properties) visit(p.value);
    } else if (node.type === 'array') {
      for (const item of node.items) visit(item);
    }
  };
  visit(root);
  return found;
}
