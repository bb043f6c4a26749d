import { isMap, isScalar, type Scalar } from 'yaml';
import type { ArrayNode, AstNode, ObjectNode, PropertyNode, ScalarNode } from '../ast';
import type { YamlDialect } from './dialect';
import { reportDuplicateKeys } from './duplicates';
import { nonPrintableProblems } from './printable';
import type { ParseProblem, ParseResult } from './types';
import { scalar, scalarKey, YAML_OPTIONS } from './yaml';
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
  root: AstNode | undefined;
  problems: readonly ParseProblem[];
}

/** Thrown inside the tree copy when a node does not sit where the fast path expects. */
class NotSimple extends Error {}

/** An anchor may be referenced elsewhere, so a change under one would change nodes far from the edit. */
const ANCHOR = /(?:^|[\s,[\]{}:])&/m;
/** A directive (`%YAML 1.1`) can change how every scalar reads. */
const DIRECTIVE = /^%/m;
const SIMPLE_STYLES = new Set(['PLAIN', 'QUOTE_SINGLE', 'QUOTE_DOUBLE']);

const isBreak = (c: number): boolean => c === 10 || c === 13;

/** The lines of a region (offsets of their starts and their text without the line break); undefined for a lone CR. */
function linesOf(text: string, from: number, to: number): { start: number; text: string }[] | undefined {
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

export function reparseYamlLines(previous: PreviousParse, text: string, dialect: YamlDialect = 'core'): ParseResult | undefined {
  const old = previous.text;
  const root = previous.root;
  if (!root || root.type !== 'object') return undefined;
  // Only a clean previous parse: its problems (duplicate keys aside) could depend on the edited lines in any way.
  if (previous.problems.some((p) => p.code !== 'duplicate-key')) return undefined;

  // The changed span: what lies between the common prefix and the common suffix.
  const max = Math.min(old.length, text.length);
  let start = 0;
  while (start < max && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  if (start === old.length && start === text.length) return { root, problems: [...previous.problems] };
  let tail = 0;
  while (tail < max - start && old.charCodeAt(old.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail)) tail++;

  // Widened to whole lines: [from, oldTo) in the old text is [from, newTo) in the new one.
  let from = start;
  while (from > 0 && !isBreak(old.charCodeAt(from - 1))) from--;
  let oldTo = old.length - tail;
  while (oldTo < old.length && !isBreak(old.charCodeAt(oldTo))) oldTo++;
  const delta = text.length - old.length;
  const newTo = oldTo + delta;
  const oldLines = linesOf(old, from, oldTo);
  const newLines = linesOf(text, from, newTo);
  if (!oldLines || !newLines) return undefined;
  if (oldLines.some((l) => l.text.includes('\t')) || newLines.some((l) => l.text.includes('\t'))) return undefined;
  const indent = /^ */.exec(oldLines[0].text)?.[0].length ?? 0;
  const indented = (line: string): boolean => line.length > indent && (/^ */.exec(line)?.[0].length ?? 0) === indent;
  if (!oldLines.every((l) => indented(l.text)) || !newLines.every((l) => indented(l.text))) return undefined;
  if ((old.includes('&') && ANCHOR.test(old)) || (old.includes('%') && DIRECTIVE.test(old))) return undefined;

  // Each old line must be exactly one property of the same block mapping, consecutive ones: the key first on the
  // line, the value a scalar that ends on the line, then nothing but spaces and a comment.
  const keyStart = from + indent;
  const first = propertyWithKeyAt(root, keyStart);
  if (!first) return undefined;
  const parent = first.parent;
  if (old.charCodeAt(parent.offset) === 123 /* { */) return undefined;
  const index = parent.properties.indexOf(first);
  // Where a mapping (and every collection that ends with it) ends depends on its last entry, and the yaml library
  // measures a trailing empty value differently from a trailing scalar: the last entry of a mapping is parsed in full.
  if (index + oldLines.length >= parent.properties.length) return undefined;
  const replaced = new Set<PropertyNode>();
  for (let j = 0; j < oldLines.length; j++) {
    const p = parent.properties[index + j];
    const lineEnd = oldLines[j].start + oldLines[j].text.length;
    if (p.keyOffset !== oldLines[j].start + indent) return undefined;
    const v = p.value;
    if (!v || v.type === 'object' || v.type === 'array' || v.style === 'block') return undefined;
    if (v.offset < p.keyOffset || v.offset + v.length > lineEnd) return undefined;
    if (!/^ *(#.*)?$/.test(old.slice(v.offset + v.length, lineEnd))) return undefined;
    replaced.add(p);
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
      const colon = text.indexOf(':', keyOffset + keyLength);
      node = { type: 'null', value: null, offset: colon >= 0 ? colon + 1 : keyOffset + keyLength, length: 0, style: 'plain' };
    } else {
      const valueRange = value.range ?? [0, 0];
      node = scalar(value, base + valueRange[0], base + valueRange[1], dialect, source);
    }
    const property: PropertyNode = { key: scalarKey(key, dialect, source), keyOffset, keyLength, value: node, offset: keyOffset, length: Math.max(keyLength, node.offset + node.length - keyOffset), parent };
    node.property = property;
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

  // A copy of the tree with the new properties in place of the old ones. Only those started inside the edited
  // lines; whatever starts before them is where it was, whatever starts after them moved by the edit's length.
  const shiftStart = (offset: number): number => {
    if (offset <= keyStart) return offset;
    if (offset >= oldTo) return offset + delta;
    throw new NotSimple();
  };
  const shiftEnd = (offset: number): number => {
    if (offset <= from) return offset;
    if (offset >= oldTo) return offset + delta;
    throw new NotSimple();
  };
  // Every node is made whole, in one shape, without object spreads: the copy is most of the fast path's time.
  const copy = (node: AstNode): AstNode => {
    const offset = shiftStart(node.offset);
    const length = shiftEnd(node.offset + node.length) - offset;
    if (node.type === 'object') {
      const object: ObjectNode = { type: 'object', offset, length, properties: [], parent: undefined, property: undefined };
      for (const p of node.properties) {
        if (replaced.has(p)) {
          if (p === first) {
            for (const property of properties) {
              property.parent = object;
              if (property.value) property.value.parent = object;
              object.properties.push(property);
            }
          }
          continue;
        }
        const keyOffset = shiftStart(p.keyOffset);
        const start = shiftStart(p.offset);
        const property: PropertyNode = {
          key: p.key,
          keyOffset,
          keyLength: shiftEnd(p.keyOffset + p.keyLength) - keyOffset,
          value: undefined,
          offset: start,
          length: shiftEnd(p.offset + p.length) - start,
          parent: object,
        };
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
      const array: ArrayNode = { type: 'array', offset, length, items: [], parent: undefined, property: undefined };
      for (const item of node.items) {
        const c = copy(item);
        c.parent = array;
        array.items.push(c);
      }
      return array;
    }
    return { type: node.type, value: node.value, offset, length, style: node.style, parent: undefined, property: undefined };
  };

  let newRoot: AstNode;
  try {
    newRoot = copy(root);
  } catch (e) {
    if (e instanceof NotSimple) return undefined;
    throw e;
  }
  const problems: ParseProblem[] = [];
  reportDuplicateKeys(newRoot, problems);
  return { root: newRoot, problems };
}

function simple(node: Scalar): boolean {
  return !node.anchor && !node.tag && SIMPLE_STYLES.has(node.type ?? '');
}

/** The property whose key starts exactly at `offset`, found by descending through the nodes that span it. */
function propertyWithKeyAt(root: AstNode, offset: number): PropertyNode | undefined {
  let node: AstNode | undefined = root;
  while (node) {
    let next: AstNode | undefined;
    if (node.type === 'object') {
      for (const p of node.properties) {
        if (p.keyOffset === offset) return p;
        const v = p.value;
        if (v && v.offset <= offset && offset < v.offset + v.length) {
          next = v;
          break;
        }
      }
    } else if (node.type === 'array') {
      next = node.items.find((item) => item.offset <= offset && offset < item.offset + item.length);
    }
    node = next;
  }
  return undefined;
}
