import { getLocation } from 'jsonc-parser';
import { nodeAtPath, pathOf, type AstNode } from '../ast';
import { MAX_DEPTH } from '../parse/types';
import type { DefinitionDocument } from '../document';
import { ANY, type SchemaPathSegment } from '../schema/navigate';

/**
 * Where the caret stands, as completion needs to know it: typing a key of an object, a value of a key, or an item
 * of a list. Worked out from the text around the caret, not from the parse tree alone, because the text being
 * typed is usually incomplete (`secr` without a colon yet).
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
    };

export function cursorContext(doc: DefinitionDocument, offset: number): CursorContext | undefined {
  const ctx = doc.syntax === 'json' ? jsonContext(doc, offset) : yamlContext(doc, offset);
  // A document that is a part of a file (a secret group inside a template): paths start at its root.
  const base = doc.root?.parent ? pathOf(doc.root) : [];
  if (!ctx || base.length === 0) return ctx;
  const starts = base.every((segment, i) => ctx.path[i] === segment || (typeof segment === 'number' && ctx.path[i] === ANY));
  return starts && ctx.path.length >= base.length ? { ...ctx, path: ctx.path.slice(base.length) } : undefined;
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

/** Whether brackets open before `offset` nest deeper than `limit` at some point (strings skipped). Linear. */
function nestedDeeperThan(text: string, offset: number, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < offset && i < text.length; i++) {
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
// YAML: block structure is indentation, so the path is read off the lines above the caret.

interface YamlLine {
  /** Columns of the `- ` markers on the line, left to right. */
  dashes: number[];
  /** Column of the key (or of the scalar, when the line holds no key). */
  contentCol: number;
  key?: string;
  /** The text after `key:`, without a trailing comment. */
  value?: string;
  blank: boolean;
}

const KEY_LINE = /^((?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#:'"[\]{},-][^#:]*?|-[^\s#:][^#:]*?))\s*:(?:\s+(.*))?$/;

function readLine(line: string): YamlLine {
  let i = 0;
  while (line[i] === ' ') i++;
  const dashes: number[] = [];
  while (line[i] === '-' && (line[i + 1] === ' ' || line[i + 1] === undefined || line[i + 1] === '\t')) {
    dashes.push(i);
    i++;
    while (line[i] === ' ' || line[i] === '\t') i++;
  }
  const rest = line.slice(i).replace(/\s+$/, '');
  if (rest === '' || rest.startsWith('#')) return { dashes, contentCol: i, blank: dashes.length === 0 };
  const m = KEY_LINE.exec(rest.replace(/\s+#.*$/, ''));
  if (!m) return { dashes, contentCol: i, blank: false };
  const rawKey = m[1];
  const key = rawKey.startsWith('"') ? safeJson(rawKey) : rawKey.startsWith("'") ? rawKey.slice(1, -1).replace(/''/g, "'") : rawKey;
  return { dashes, contentCol: i, key, value: (m[2] ?? '').replace(/\s+#.*$/, ''), blank: false };
}

function safeJson(raw: string): string {
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw.slice(1, -1);
  }
}

const BLOCK_SCALAR = /^[|>][0-9+-]*$/;

function yamlContext(doc: DefinitionDocument, offset: number): CursorContext | undefined {
  const { text, lines } = doc;
  const pos = lines.positionAt(offset);
  const lineStart = lines.lineStart(pos.line);
  const lineEnd = lines.lineEnd(pos.line);
  const before = text.slice(lineStart, offset);
  const after = text.slice(offset, lineEnd);
  if (/(^|\s)#/.test(before)) return undefined;
  const here = readLine(before);

  // Typing a key (or an item of a list of scalars): nothing but dashes and a word before the caret.
  const partial = /^(\s*(?:-[ \t]+)*)([^\s:#'"[\]{},]*)$/.exec(before);
  if (partial) {
    const col = partial[1].length;
    const itemStart = here.dashes.length > 0;
    const scope = ancestors(doc, pos.line, col, itemStart ? here.dashes[here.dashes.length - 1] : undefined);
    if (!scope) return undefined;
    const wordEnd = /^[^\s:#]*/.exec(after)?.[0].length ?? 0;
    const replace = { offset: lineStart + col, length: partial[2].length + wordEnd };
    const path: SchemaPathSegment[] = itemStart ? [...scope.path, ...here.dashes.map((): SchemaPathSegment => ANY)] : scope.path;
    const existing = itemStart ? [] : siblingKeys(doc, pos.line, col);
    return { kind: 'key', path, replace, prefix: partial[2], existing, indent: col, quoted: false, needsComma: false };
  }

  // Typing a value: `key: partial` (or an item of a flow list on that line).
  if (here.key !== undefined) {
    const scope = ancestors(doc, pos.line, here.contentCol, here.dashes.length ? here.dashes[here.dashes.length - 1] : undefined);
    if (!scope) return undefined;
    const path: SchemaPathSegment[] = [...scope.path, ...here.dashes.map((): SchemaPathSegment => ANY), here.key];
    const colon = before.indexOf(':', here.contentCol + rawKeyLength(before.slice(here.contentCol)));
    let valueStart = colon + 1;
    while (before[valueStart] === ' ' || before[valueStart] === '\t') valueStart++;
    const typed = before.slice(valueStart);
    if (BLOCK_SCALAR.test(typed)) return undefined;
    const flow = /^\[(?:[^\]]*,)?\s*([^,\]]*)$/.exec(typed);
    if (flow) {
      const start = lineStart + offset - lineStart - flow[1].length;
      const rest = /^[^,\]]*/.exec(after)?.[0].replace(/\s+$/, '').length ?? 0;
      return { kind: 'value', path: [...path, ANY], replace: { offset: start, length: flow[1].length + rest }, prefix: flow[1].replace(/^["']/, ''), quoted: false, indent: here.contentCol };
    }
    if (/^[[{]/.test(typed)) return undefined;
    const rest = after.replace(/\s+#.*$/, '').replace(/\s+$/, '').length;
    return { kind: 'value', path, replace: { offset: lineStart + valueStart, length: typed.length + rest }, prefix: typed.replace(/^["']/, ''), quoted: false, indent: here.contentCol };
  }
  return undefined;
}

function rawKeyLength(s: string): number {
  const m = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')/.exec(s);
  return m ? m[1].length : 0;
}

/**
 * The path of the object whose keys start at `col` on `line`, read from the lines above: each line whose key
 * starts left of the current limit is an ancestor, and each `- ` left of it an item of a list.
 * `dashCol` is given when the caret's line starts a list item at that column (`key:` followed by `- item` at
 * the same column is valid YAML, so a key at the dash's own column may be the list's parent).
 * Undefined when the caret is inside a block scalar.
 */
function ancestors(doc: DefinitionDocument, line: number, col: number, dashCol: number | undefined): { path: SchemaPathSegment[] } | undefined {
  const path: SchemaPathSegment[] = [];
  let limit = dashCol ?? col;
  let allowSameColumn = dashCol !== undefined;
  for (let l = line - 1; l >= 0 && limit > 0; l--) {
    const text = doc.text.slice(doc.lines.lineStart(l), doc.lines.lineEnd(l));
    const info = readLine(text);
    if (info.blank) continue;
    if (info.dashes.length === 0 && info.key === undefined && info.contentCol >= limit) continue;
    const keyIsAncestor = info.key !== undefined && (info.contentCol < limit || (allowSameColumn && info.contentCol === limit && info.dashes.length === 0));
    if (keyIsAncestor) {
      if (BLOCK_SCALAR.test(info.value ?? '')) return undefined;
      path.unshift(info.key as string);
      limit = info.contentCol;
      allowSameColumn = false;
    }
    // List items left of the limit (a `- ` whose content is a sibling or an ancestor) are ancestors too.
    for (let d = info.dashes.length - 1; d >= 0; d--) {
      if (info.dashes[d] < limit) {
        path.unshift(ANY);
        limit = info.dashes[d];
        allowSameColumn = true;
      }
    }
    if (!keyIsAncestor && info.dashes.length === 0 && info.contentCol < limit) {
      // A scalar or something unreadable left of the caret: the structure is broken; give up quietly.
      return undefined;
    }
  }
  return { path };
}

/** Keys already present in the block mapping whose keys start at `col`, around `line`. */
function siblingKeys(doc: DefinitionDocument, line: number, col: number): string[] {
  const keys: string[] = [];
  const visit = (l: number): boolean => {
    const info = readLine(doc.text.slice(doc.lines.lineStart(l), doc.lines.lineEnd(l)));
    if (info.blank) return true;
    const start = info.dashes.length ? info.dashes[0] : info.contentCol;
    if (start < col) {
      // The first key of a list item shares the item's line: `- keyName: A` holds a sibling at `col`.
      if (info.key !== undefined && info.contentCol === col) keys.push(info.key);
      return false;
    }
    if (info.contentCol === col && info.dashes.length === 0 && info.key !== undefined) keys.push(info.key);
    return true;
  };
  for (let l = line - 1; l >= 0 && visit(l); l--);
  for (let l = line + 1; l < doc.lines.lineCount && visit(l); l++);
  return keys;
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
