import { isMap, isScalar, type Scalar } from 'yaml';
import type { ArrayNode, AstNode, ObjectNode, PropertyNode, ScalarNode } from '../ast';
import type { YamlDialect } from './dialect';
import { reportDuplicateKeys } from './duplicates';
import { nonPrintableProblems } from './printable';
import type { ParseProblem, ParseResult } from './types';
import type { TextChange, TextSource } from '../text';
import { emptyValueOffset, scalar, scalarKey, YAML_OPTIONS } from './yaml';
import { composeYaml } from './yaml-compose';

/**
 * Re-parsing after an edit of a few lines, without parsing the whole file again.
 *
 * Typing changes a line or two at a time, and in a secret definition those lines are mostly `key: value` entries of
 * one block mapping (the variables of a group): a value is typed, a variable is added, pasted or removed. When the
 * lines the edit touches were such entries of one mapping, consecutive and not its last, and the new lines are such
 * entries at the same indentation too (no anchors, tags, flow or block collections, block scalars, tabs; nothing
 * below continues them), the new lines are parsed on their own and their properties replace the old ones in a copy
 * of the previous tree, with the offsets after them shifted. Every condition below is one under which that gives
 * exactly what a full parse gives; whenever one does not hold, this returns undefined and the caller parses the whole
 * text (test/unit/incremental.test.ts compares both on thousands of random edits). On a 260 kB secret group it takes
 * a few milliseconds instead of about fifty.
 */
export interface PreviousParse {
  text: string;
  /** The same text as the parse read it, when it is held in pieces (then `text` is joined only when asked for). */
  source?: TextSource;
  root: AstNode | undefined;
  problems: readonly ParseProblem[];
}

/** An anchor may be referenced elsewhere, so a change under one would change nodes far from the edit. */
const ANCHOR = /(?:^|[\s,[\]{}:])&/m;

/** Whether a YAML text may hold an anchor (then a node can be shown again elsewhere, by an alias or a merge). */
export function mayHoldAnchors(text: TextSource): boolean {
  return text.includes('&') && ANCHOR.test(text.toString());
}
/** A directive (`%YAML 1.1`) can change how every scalar reads. */
const DIRECTIVE = /^%/m;
const SIMPLE_STYLES = new Set(['PLAIN', 'QUOTE_SINGLE', 'QUOTE_DOUBLE']);

const isBreak = (c: number): boolean => c === 10 || c === 13;

/** The lines of a region (offsets of their starts and their text without the line break); undefined for a lone CR. */
function linesOf(text: TextSource, from: number, to: number): { start: number; text: string }[] | undefined {
  const lines: { start: number; text: string }[] = [];
  let lineStart = from;
  for (let i = from; i <= to; i++) {
    if (i === to || text.charCodeAt(i) === 10) {
      let end = i;
      if (end > lineStart && text.charCodeAt(end - 1) === 13) end--;
      const line = text.slice(lineStart, end);
      if (line.includes('\r')) return undefined;
      lines.push({ start: lineStart, text: line });
      lineStart = i + 1;
    }
  }
  return lines;
}

/** What an incremental re-parse changed: properties of one mapping replaced by new ones (everything else shifted). */
export interface TreeChange {
  mapping: ObjectNode;
  /** The properties taken out (they keep their old offsets), in order. */
  removed: PropertyNode[];
  /** The properties put in their place, in order. */
  added: PropertyNode[];
}

export interface ReparseOptions {
  /**
   * Update the previous tree in place (its nodes are shifted, its replaced properties taken out) instead of copying
   * it: the previous parse must not be used afterwards. The language server does this, keeping one tree per
   * document; the cost of an edit then depends on what follows the edit, not on the whole file.
   */
  inPlace?: boolean;
  /** The edit that made `text` from the previous text, when the caller knows it (the editor sends it). */
  edit?: TextChange;
}

export interface ReparseResult extends ParseResult {
  change?: TreeChange;
}

/** The common prefix and suffix of the old and new text: both maximal, the suffix not overlapping the prefix. */
function changedSpan(old: TextSource, text: TextSource, edit: TextChange | undefined): { start: number; tail: number } {
  const max = Math.min(old.length, text.length);
  let start = 0;
  let tail = 0;
  // The editor's edit says where the texts start to differ; from there the same maximal span is found.
  if (edit && edit.offset >= 0 && edit.offset + edit.oldLength <= old.length && old.length - edit.oldLength + edit.newLength === text.length) {
    start = Math.min(edit.offset, max);
    tail = old.length - edit.offset - edit.oldLength;
  }
  while (start < max && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  tail = Math.min(tail, max - start);
  while (tail < max - start && old.charCodeAt(old.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail)) tail++;
  return { start, tail };
}

export function reparseYamlLines(previous: PreviousParse, text: TextSource, dialect: YamlDialect = 'core', options: ReparseOptions = {}): ReparseResult | undefined {
  const old = previous.source ?? previous.text;
  if (!previous.root || previous.root.type !== 'object') return undefined;
  // Only a clean previous parse: its problems (duplicate keys aside) could depend on the edited lines in any way.
  if (previous.problems.some((p) => p.code !== 'duplicate-key')) return undefined;

  // The changed span: what lies between the common prefix and the common suffix.
  const { start, tail } = changedSpan(old, text, options.edit);
  if (start === old.length && start === text.length) return { root: previous.root, problems: [...previous.problems] };
  if (mayHoldAnchors(old) || (old.includes('%') && DIRECTIVE.test(old.toString()))) return undefined;
  // Without anchors and merges, the properties of a mapping and the items of a list are in the order of the text.
  const root = options.inPlace ? previous.root : cloneTree(previous.root);
  const delta = text.length - old.length;
  const oldEnd = old.length - tail;
  return keyEdit(root, old, text, start, oldEnd, delta, dialect, previous.problems) ?? lineEdit(root, old, text, start, oldEnd, delta, dialect, previous.problems);
}

/**
 * An edit inside one key of a block mapping (the path of a secret file typed at the end of a group): the line is read
 * again on its own, the property's value (a scalar on the line, or whatever follows on the next lines) stays, shifted.
 */
function keyEdit(root: ObjectNode, old: TextSource, text: TextSource, start: number, oldEnd: number, delta: number, dialect: YamlDialect, problems: readonly ParseProblem[]): ReparseResult | undefined {
  const newEnd = oldEnd + delta;
  for (let i = start; i < oldEnd; i++) if (isBreak(old.charCodeAt(i))) return undefined;
  for (let i = start; i < newEnd; i++) if (isBreak(text.charCodeAt(i))) return undefined;
  const found = propertyAround(root, start);
  if (!found) return undefined;
  const { property, chain } = found;
  const keyEnd = property.keyOffset + property.keyLength;
  if (property.keyLength === 0 || start < property.keyOffset || oldEnd > keyEnd) return undefined;
  // The key ends at its colon (`"a" : x` and `a :` are parsed in full), and the value starts after the key.
  if (old.charCodeAt(keyEnd) !== 58 /* : */) return undefined;
  const value = property.value;
  if (!value || value.offset < keyEnd) return undefined;
  const parent = property.parent;
  if (old.charCodeAt(parent.offset) === 123 /* { */) return undefined;
  // The key is the first thing on its line, and the line (without its indentation) is read on its own.
  let lineStart = property.keyOffset;
  while (lineStart > 0 && !isBreak(old.charCodeAt(lineStart - 1))) lineStart--;
  const indent = property.keyOffset - lineStart;
  for (let i = lineStart; i < property.keyOffset; i++) if (old.charCodeAt(i) !== 32) return undefined;
  let lineEnd = newEnd;
  while (lineEnd < text.length && !isBreak(text.charCodeAt(lineEnd))) lineEnd++;
  const source = text.slice(lineStart + indent, lineEnd);
  if (source.includes('\t') || source.startsWith('---') || source.startsWith('...') || nonPrintableProblems(source).length > 0) return undefined;
  const doc = composeYaml(source, YAML_OPTIONS).doc;
  if (!doc || doc.errors.length > 0 || doc.warnings.length > 0) return undefined;
  const map = doc.contents;
  if (!isMap(map) || map.flow || map.anchor || map.tag || map.items.length !== 1) return undefined;
  const { key, value: lineValue } = map.items[0];
  const keyLength = property.keyLength + delta;
  // An empty key (`: value`) is placed at the start of the line in context, but at the colon on its own.
  if (keyLength <= 0 || !isScalar(key) || !simple(key) || !key.range || key.range[0] !== 0 || key.range[1] !== keyLength) return undefined;
  // The old line read the same way: `key:` and, on this line, the same value (it is shifted, not read again) or none.
  const base = lineStart + indent;
  const onLine = value.offset + delta < lineEnd;
  // `key:` alone on its line: the library gives no value, or an empty scalar.
  const empty = lineValue == null || (isScalar(lineValue) && lineValue.value === null && !!lineValue.range && lineValue.range[0] === lineValue.range[1]);
  if (onLine) {
    if (value.type === 'object' || value.type === 'array' || value.style === 'block') return undefined;
    if (value.length === 0 ? !empty : !isScalar(lineValue) || !simple(lineValue) || !lineValue.range || lineValue.range[0] + base !== value.offset + delta || lineValue.range[1] + base !== value.offset + value.length + delta) return undefined;
  } else if (!empty) {
    return undefined;
  }
  if (dialect === 'northflank' && key.value === '<<' && (key.type ?? 'PLAIN') === 'PLAIN') return undefined;
  const index = parent.properties.indexOf(property);
  const replacement: PropertyNode = { key: scalarKey(key, dialect, source), keyOffset: property.keyOffset, keyLength, value, offset: property.offset, length: property.length + delta, parent };
  if (!canShift(chain, parent, index, 1, property.keyOffset, oldEnd)) return undefined;
  // Committed: from here on the tree is changed.
  shiftNode(value, delta);
  value.property = replacement;
  return commit(root, chain, parent, index, [property], [replacement], oldEnd, delta, problems);
}

/**
 * Lines of `key: scalar` entries of one mapping, replaced by other such lines: the new lines are parsed on their own
 * and their properties replace the old ones.
 */
function lineEdit(root: ObjectNode, old: TextSource, text: TextSource, start: number, oldEnd: number, delta: number, dialect: YamlDialect, problems: readonly ParseProblem[]): ReparseResult | undefined {
  // Widened to whole lines: [from, oldTo) in the old text is [from, newTo) in the new one.
  let from = start;
  while (from > 0 && !isBreak(old.charCodeAt(from - 1))) from--;
  let oldTo = oldEnd;
  while (oldTo < old.length && !isBreak(old.charCodeAt(oldTo))) oldTo++;
  const newTo = oldTo + delta;
  const oldLines = linesOf(old, from, oldTo);
  const newLines = linesOf(text, from, newTo);
  if (!oldLines || !newLines) return undefined;
  if (oldLines.some((l) => l.text.includes('\t')) || newLines.some((l) => l.text.includes('\t'))) return undefined;
  const indent = /^ */.exec(oldLines[0].text)?.[0].length ?? 0;
  const indented = (line: string): boolean => line.length > indent && (/^ */.exec(line)?.[0].length ?? 0) === indent;
  if (!oldLines.every((l) => indented(l.text)) || !newLines.every((l) => indented(l.text))) return undefined;

  // Each old line must be exactly one property of the same block mapping, consecutive ones: the key first on the
  // line, the value a scalar that ends on the line, then nothing but spaces and a comment.
  const keyStart = from + indent;
  const found = propertyAround(root, keyStart);
  if (!found || found.property.keyOffset !== keyStart) return undefined;
  const { property: first, chain } = found;
  const parent = first.parent;
  if (old.charCodeAt(parent.offset) === 123 /* { */) return undefined;
  const index = parent.properties.indexOf(first);
  // Where a mapping (and every collection that ends with it) ends depends on its last entry, and the yaml library
  // measures a trailing empty value differently from a trailing scalar: the last entry of a mapping is parsed in full.
  if (index + oldLines.length >= parent.properties.length) return undefined;
  const removed: PropertyNode[] = [];
  for (let j = 0; j < oldLines.length; j++) {
    const p = parent.properties[index + j];
    const lineEnd = oldLines[j].start + oldLines[j].text.length;
    if (p.keyOffset !== oldLines[j].start + indent) return undefined;
    const v = p.value;
    if (!v || v.type === 'object' || v.type === 'array' || v.style === 'block') return undefined;
    if (v.offset < p.keyOffset || v.offset + v.length > lineEnd) return undefined;
    if (!/^ *(#.*)?$/.test(old.slice(v.offset + v.length, lineEnd))) return undefined;
    removed.push(p);
  }

  // The new lines, parsed on their own (without their indentation), must be one `key: scalar` entry each, of the
  // same kinds, without any problem.
  const entries = newLines.map((l) => l.text.slice(indent));
  if (entries.some((e) => e.startsWith('---') || e.startsWith('...'))) return undefined;
  const source = entries.join('\n');
  if (nonPrintableProblems(source).length > 0) return undefined;
  const doc = composeYaml(source, YAML_OPTIONS).doc;
  if (!doc || doc.errors.length > 0 || doc.warnings.length > 0) return undefined;
  const map = doc.contents;
  if (!isMap(map) || map.flow || map.anchor || map.tag || map.items.length !== entries.length) return undefined;
  const properties: PropertyNode[] = [];
  let entryStart = 0;
  for (let j = 0; j < entries.length; j++) {
    const { key, value } = map.items[j];
    const entryEnd = entryStart + entries[j].length;
    const range = isScalar(key) ? key.range : undefined;
    // An empty key (`: value`) is placed at the start of the line in context, but at the colon on its own.
    if (!isScalar(key) || !simple(key) || !range || range[0] !== entryStart || range[1] === entryStart) return undefined;
    if (value != null && (!isScalar(value) || !simple(value) || !value.range || value.range[1] > entryEnd)) return undefined;
    // A merge key changes other properties of the mapping: parsed in full.
    if (dialect === 'northflank' && key.value === '<<' && (key.type ?? 'PLAIN') === 'PLAIN') return undefined;
    const base = newLines[j].start + indent - entryStart;
    const keyOffset = base + range[0];
    const keyLength = range[1] - range[0];
    let node: ScalarNode;
    if (value == null) {
      // `key:` with nothing after it, as parseYaml makes it: an empty null right after the colon.
      node = { type: 'null', value: null, offset: emptyValueOffset(text, keyOffset + keyLength), length: 0, style: 'plain', parent: undefined, property: undefined };
    } else {
      const valueRange = value.range ?? [0, 0];
      node = scalar(value, base + valueRange[0], base + valueRange[1], dialect, source);
    }
    const property: PropertyNode = { key: scalarKey(key, dialect, source), keyOffset, keyLength, value: node, offset: keyOffset, length: Math.max(keyLength, node.offset + node.length - keyOffset), parent };
    node.property = property;
    node.parent = parent;
    properties.push(property);
    entryStart = entryEnd + 1;
  }

  // Nothing after the lines may continue them: the next line that is not blank must be no deeper, and at the same
  // depth it must not start a sequence or an explicit key or value (`key:` followed by `- item` at the same
  // indentation makes the sequence the key's value).
  for (let i = newTo; i < text.length; ) {
    while (i < text.length && isBreak(text.charCodeAt(i))) i++;
    let spaces = 0;
    while (i + spaces < text.length && text.charCodeAt(i + spaces) === 32) spaces++;
    if (i + spaces >= text.length) break;
    const next = text.charCodeAt(i + spaces);
    if (isBreak(next)) {
      i += spaces;
      continue;
    }
    if (next === 9 /* tab */ || spaces > indent) return undefined;
    if (spaces === indent && (next === 45 /* - */ || next === 63 /* ? */ || next === 58 /* : */)) return undefined;
    break;
  }
  if (!canShift(chain, parent, index, removed.length, keyStart, oldTo)) return undefined;
  return commit(root, chain, parent, index, removed, properties, oldTo, delta, problems);
}

/**
 * Whether the tree can be updated by shifting: every container on the way to the edited mapping spans the edited
 * region [from, to), and next to it (and next to the replaced properties) everything ends by `from` or starts at or
 * after `to`. What starts at or after `to` moves by the edit's length; what ends there or later grows by it.
 */
function canShift(chain: readonly Step[], parent: ObjectNode, index: number, count: number, from: number, to: number): boolean {
  const spans = (n: { offset: number; length: number }): boolean => n.offset <= from && n.offset + n.length >= to;
  const outside = (before: { offset: number; length: number } | undefined, after: { offset: number } | undefined): boolean => !(before && before.offset + before.length > from) && !(after && after.offset < to);
  for (const { container, at } of chain) {
    if (!spans(container)) return false;
    if (container.type === 'object') {
      if (!spans(container.properties[at]) || !outside(container.properties[at - 1], container.properties[at + 1])) return false;
    } else if (!outside(container.items[at - 1], container.items[at + 1])) {
      return false;
    }
  }
  return spans(parent) && outside(parent.properties[index - 1], parent.properties[index + count]);
}

/** Replaces the properties, shifts what follows the edit, and says what changed. */
function commit(root: ObjectNode, chain: readonly Step[], parent: ObjectNode, index: number, removed: PropertyNode[], added: PropertyNode[], boundary: number, delta: number, previousProblems: readonly ParseProblem[]): ReparseResult {
  const properties = parent.properties;
  if (removed.length === added.length) {
    for (let j = 0; j < added.length; j++) properties[index + j] = added[j];
  } else {
    parent.properties = properties.slice(0, index).concat(added, properties.slice(index + removed.length));
  }
  if (delta !== 0) {
    for (let j = index + added.length; j < parent.properties.length; j++) shiftProperty(parent.properties[j], delta);
    parent.length += delta;
    for (const { container, at } of chain) {
      container.length += delta;
      if (container.type === 'object') {
        container.properties[at].length += delta;
        for (let j = at + 1; j < container.properties.length; j++) shiftProperty(container.properties[j], delta);
      } else {
        for (let j = at + 1; j < container.items.length; j++) shiftNode(container.items[j], delta);
      }
    }
  }
  // Duplicate keys: the same ones, shifted, unless the edited mapping has or had some.
  const keys = keyCounts(parent, removed, added);
  let problems: ParseProblem[];
  if (keys.duplicatesBefore === 0 && keys.duplicatesAfter === 0) {
    problems = previousProblems.map((p) => (p.offset >= boundary ? { ...p, offset: p.offset + delta } : { ...p }));
  } else {
    problems = [];
    reportDuplicateKeys(root, problems);
  }
  return { root, problems, change: { mapping: parent, removed, added } };
}

/** How many keys of a mapping are repeated: counted once per mapping, then kept up to date by each edit. */
const KEY_COUNTS = new WeakMap<ObjectNode, { counts: Map<string, number>; duplicates: number }>();

function keyCounts(mapping: ObjectNode, removed: readonly PropertyNode[], added: readonly PropertyNode[]): { duplicatesBefore: number; duplicatesAfter: number } {
  let entry = KEY_COUNTS.get(mapping);
  if (!entry) {
    // Counted on the mapping as it was: its properties now, minus the added ones, plus the removed ones.
    const counts = new Map<string, number>();
    const add = (key: string, n: number): void => {
      const c = (counts.get(key) ?? 0) + n;
      if (c === 0) counts.delete(key);
      else counts.set(key, c);
    };
    for (const p of mapping.properties) add(p.key, 1);
    for (const p of added) add(p.key, -1);
    for (const p of removed) add(p.key, 1);
    let duplicates = 0;
    for (const c of counts.values()) if (c > 1) duplicates += c - 1;
    entry = { counts, duplicates };
    KEY_COUNTS.set(mapping, entry);
  }
  const kept = entry;
  const duplicatesBefore = kept.duplicates;
  const change = (key: string, n: number): void => {
    const before = kept.counts.get(key) ?? 0;
    const after = before + n;
    kept.duplicates += Math.max(0, after - 1) - Math.max(0, before - 1);
    if (after === 0) kept.counts.delete(key);
    else kept.counts.set(key, after);
  };
  for (const p of removed) change(p.key, -1);
  for (const p of added) change(p.key, 1);
  return { duplicatesBefore, duplicatesAfter: kept.duplicates };
}

function shiftProperty(p: PropertyNode, delta: number): void {
  p.keyOffset += delta;
  p.offset += delta;
  if (p.value) shiftNode(p.value, delta);
}

function shiftNode(node: AstNode, delta: number): void {
  node.offset += delta;
  if (node.type === 'object') for (const p of node.properties) shiftProperty(p, delta);
  else if (node.type === 'array') for (const item of node.items) shiftNode(item, delta);
}

/** A copy of a tree, node for node (the same shape, without object spreads). */
function cloneTree(root: ObjectNode): ObjectNode {
  const copy = (node: AstNode): AstNode => {
    if (node.type === 'object') {
      const object: ObjectNode = { type: 'object', offset: node.offset, length: node.length, properties: [], parent: undefined, property: undefined };
      for (const p of node.properties) {
        const property: PropertyNode = { key: p.key, keyOffset: p.keyOffset, keyLength: p.keyLength, value: undefined, offset: p.offset, length: p.length, parent: object };
        if (p.value) {
          const v = copy(p.value);
          v.parent = object;
          v.property = property;
          property.value = v;
        }
        object.properties.push(property);
      }
      return object;
    }
    if (node.type === 'array') {
      const array: ArrayNode = { type: 'array', offset: node.offset, length: node.length, items: [], parent: undefined, property: undefined };
      for (const item of node.items) {
        const c = copy(item);
        c.parent = array;
        array.items.push(c);
      }
      return array;
    }
    return { type: node.type, value: node.value, offset: node.offset, length: node.length, style: node.style, parent: undefined, property: undefined };
  };
  return copy(root) as ObjectNode;
}

/** A container on the way down to a property, and the index of the property or item in it that leads there. */
interface Step {
  container: ObjectNode | ArrayNode;
  at: number;
}

/** The last of the entries that start at or before `offset` (entries in text order): a binary search. */
function lastStartingAt(entries: readonly { offset: number }[], offset: number): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (entries[mid].offset <= offset) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

/**
 * The property of the innermost mapping whose span holds `offset` (a property that is not itself a collection
 * holding it), and the containers above it. Binary searches: the entries of a tree without anchors are in text order.
 */
function propertyAround(root: ObjectNode, offset: number): { property: PropertyNode; chain: Step[] } | undefined {
  const chain: Step[] = [];
  let node: AstNode = root;
  for (;;) {
    if (node.type === 'object') {
      const at = lastStartingAt(node.properties, offset);
      const p: PropertyNode | undefined = node.properties[at];
      if (!p || offset > p.offset + p.length) return undefined;
      const v: AstNode | undefined = p.value;
      if (v && (v.type === 'object' || v.type === 'array') && v.offset <= offset && offset < v.offset + v.length) {
        chain.push({ container: node, at });
        node = v;
        continue;
      }
      return { property: p, chain };
    }
    if (node.type === 'array') {
      const at = lastStartingAt(node.items, offset);
      const item: AstNode | undefined = node.items[at];
      if (!item || offset >= item.offset + item.length) return undefined;
      chain.push({ container: node, at });
      node = item;
      continue;
    }
    return undefined;
  }
}

function simple(node: Scalar): boolean {
  return !node.anchor && !node.tag && SIMPLE_STYLES.has(node.type ?? '');
}
