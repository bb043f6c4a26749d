import { createScanner, ScanError, SyntaxKind as Token } from 'jsonc-parser';
import type { ArrayNode, AstNode, ObjectNode, PropertyNode, ScalarNode } from '../ast';
import { nodeAtOffset } from '../ast';
import { reportDuplicateKeys } from './duplicates';
import type { ParseResult } from './types';
import type { PreviousParse } from './yaml-incremental';

/**
 * Re-parsing a JSON file after an edit inside one value, without parsing the whole file again.
 *
 * Typing in a JSON definition (a Northflank template of thousands of variables, say) mostly changes one value: a
 * string, a number, true, false or null. When the changed span lies inside one scalar value of a clean previous
 * parse, and the new text of that value is exactly one scalar token again, the structure cannot have changed: the
 * new value replaces the old one in a copy of the tree, with the offsets after it shifted. Anything else (a key, a
 * comma, a bracket, a string left open, a value that became two tokens) returns undefined and the caller parses the
 * whole text; test/unit/json-incremental.test.ts compares both on random edits.
 */
export function reparseJsonValue(previous: PreviousParse, text: string): ParseResult | undefined {
  const old = previous.text;
  const root = previous.root;
  if (!root) return undefined;
  if (previous.problems.some((p) => p.code !== 'duplicate-key')) return undefined;

  const max = Math.min(old.length, text.length);
  let start = 0;
  while (start < max && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  if (start === old.length && start === text.length) return { root, problems: [...previous.problems] };
  let tail = 0;
  while (tail < max - start && old.charCodeAt(old.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail)) tail++;
  const oldEnd = old.length - tail;
  const delta = text.length - old.length;

  // The scalar value that holds the whole changed span (its ends included: `"a"` replaced by `1` touches both).
  const target = nodeAtOffset(root, start);
  if (!target || target.type === 'object' || target.type === 'array' || !target.parent) return undefined;
  const end = target.offset + target.length;
  if (start < target.offset || oldEnd > end) return undefined;

  // Its new text must be one scalar token, nothing more, nothing less.
  const source = text.slice(target.offset, end + delta);
  const scanner = createScanner(source, false);
  const token = scanner.scan();
  if (scanner.getTokenError() !== ScanError.None || scanner.getTokenOffset() !== 0 || scanner.getTokenLength() !== source.length) return undefined;
  let replacement: ScalarNode;
  const at = { offset: target.offset, length: source.length, style: 'json' as const, parent: undefined, property: undefined };
  switch (token) {
    case Token.StringLiteral:
      replacement = { type: 'string', value: scanner.getTokenValue(), ...at };
      break;
    case Token.NumericLiteral: {
      const value = Number(scanner.getTokenValue());
      if (Number.isNaN(value)) return undefined;
      replacement = { type: 'number', value, ...at };
      break;
    }
    case Token.TrueKeyword:
    case Token.FalseKeyword:
      replacement = { type: 'boolean', value: token === Token.TrueKeyword, ...at };
      break;
    case Token.NullKeyword:
      replacement = { type: 'null', value: null, ...at };
      break;
    default:
      return undefined;
  }
  if (scanner.scan() !== Token.EOF) return undefined;

  // A copy of the tree: what starts after the value moved by the edit's length; what holds it grew by it.
  const shift = (offset: number): number => (offset >= end ? offset + delta : offset);
  const copy = (node: AstNode): AstNode => {
    if (node === target) return replacement;
    const offset = shift(node.offset);
    const length = shift(node.offset + node.length) - offset;
    if (node.type === 'object') {
      const object: ObjectNode = { type: 'object', offset, length, properties: [], parent: undefined, property: undefined };
      for (const p of node.properties) {
        const property: PropertyNode = {
          key: p.key,
          keyOffset: shift(p.keyOffset),
          keyLength: p.keyLength,
          value: undefined,
          offset: shift(p.offset),
          length: shift(p.offset + p.length) - shift(p.offset),
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
  const newRoot = copy(root);
  const problems: ParseResult['problems'] = [];
  reportDuplicateKeys(newRoot, problems);
  return { root: newRoot, problems };
}
