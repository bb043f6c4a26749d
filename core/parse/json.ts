import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { AstNode, ObjectNode, ArrayNode, PropertyNode } from '../ast';
import { MAX_DEPTH, type ParseProblem, type ParseResult } from './types';
import { reportDuplicateKeys } from './duplicates';

const messages: Record<string, string> = {
  InvalidSymbol: 'Unexpected character.',
  InvalidNumberFormat: 'Invalid number.',
  PropertyNameExpected: 'A property name in double quotes is expected here.',
  ValueExpected: 'A value is expected here.',
  ColonExpected: 'A colon ":" is expected after the property name.',
  CommaExpected: 'A comma "," is expected here.',
  CloseBraceExpected: 'A closing brace "}" is expected here.',
  CloseBracketExpected: 'A closing bracket "]" is expected here.',
  EndOfFileExpected: 'Only one JSON value is allowed in a file: nothing may follow it.',
  InvalidCommentToken: 'Comments are not allowed in JSON.',
  UnexpectedEndOfComment: 'Unterminated comment.',
  UnexpectedEndOfString: 'Unterminated string: a closing double quote is missing.',
  UnexpectedEndOfNumber: 'Incomplete number.',
  InvalidUnicode: 'Invalid unicode escape sequence.',
  InvalidEscapeCharacter: 'Invalid escape character in string.',
  InvalidCharacter: 'Invalid character in string (control characters must be escaped).',
};

/** The offset of a comma that directly precedes `offset` (whitespace aside), or -1. */
function trailingComma(text: string, offset: number): number {
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  return text[i] === ',' ? i : -1;
}

export function parseJson(text: string): ParseResult {
  const errors: ParseError[] = [];
  const problems: ParseProblem[] = [];
  let tree: JsonNode | undefined;
  try {
    // Strict JSON, as the platforms' APIs and `JSON.parse` read it: no comments, no trailing commas.
    tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true });
  } catch (e) {
    // jsonc-parser is recursive: a few thousand nested brackets exhaust the stack. Say so instead of crashing.
    if (!(e instanceof RangeError)) throw e;
    const at = Math.max(0, firstTooDeep(text));
    problems.push({ offset: at, length: Math.min(1, text.length - at), code: 'nesting-too-deep', severity: 'error', message: `The document is nested more than ${MAX_DEPTH} levels deep, too deep to be read; it is not checked.` });
    return { root: undefined, problems };
  }
  const reported = new Set<number>();
  for (const e of errors) {
    const name = printParseErrorCode(e.error);
    // A trailing comma gives two errors at the closing bracket; one, on the comma itself, says it better.
    const comma = (name === 'PropertyNameExpected' || name === 'ValueExpected') && /[}\]]/.test(text[e.offset] ?? '') ? trailingComma(text, e.offset) : -1;
    const offset = comma >= 0 ? comma : e.offset;
    if (reported.has(offset)) continue;
    reported.add(offset);
    problems.push({
      offset,
      length: comma >= 0 ? 1 : Math.max(e.length, name === 'EndOfFileExpected' ? text.length - e.offset : 1),
      code: 'json-syntax',
      severity: 'error',
      message: comma >= 0 ? 'Trailing comma: JSON allows no comma after the last item.' : offset === 0 && text.charCodeAt(0) === 0xfeff ? 'The file starts with a byte order mark (BOM), which JSON does not allow: save it as UTF-8 without a BOM.' : messages[name] ?? `JSON syntax error (${name}).`,
    });
  }
  let tooDeep = false;
  const convert = (node: JsonNode, depth: number): AstNode | undefined => {
    if (depth > MAX_DEPTH) {
      if (!tooDeep) {
        tooDeep = true;
        problems.push({ offset: node.offset, length: 1, code: 'nesting-too-deep', severity: 'error', message: `The document is nested more than ${MAX_DEPTH} levels deep; the part below that level is not checked.` });
      }
      return undefined;
    }
    switch (node.type) {
      case 'object': {
        const obj: ObjectNode = { type: 'object', offset: node.offset, length: node.length, properties: [] };
        for (const child of node.children ?? []) {
          const [keyNode, valueNode] = child.children ?? [];
          if (!keyNode) continue;
          const prop: PropertyNode = {
            key: String(keyNode.value),
            keyOffset: keyNode.offset,
            keyLength: keyNode.length,
            value: undefined,
            offset: child.offset,
            length: child.length,
            parent: obj,
          };
          if (valueNode) {
            const value = convert(valueNode, depth + 1);
            if (value) {
              value.parent = obj;
              value.property = prop;
              prop.value = value;
            }
          }
          obj.properties.push(prop);
        }
        return obj;
      }
      case 'array': {
        const arr: ArrayNode = { type: 'array', offset: node.offset, length: node.length, items: [] };
        for (const child of node.children ?? []) {
          const item = convert(child, depth + 1);
          if (item) {
            item.parent = arr;
            arr.items.push(item);
          }
        }
        return arr;
      }
      case 'string':
      case 'number':
      case 'boolean':
      case 'null':
        return { type: node.type, offset: node.offset, length: node.length, value: node.value as string | number | boolean | null, style: 'json' };
      default:
        return undefined;
    }
  };
  const root = tree ? convert(tree, 0) : undefined;
  reportDuplicateKeys(root, problems);
  return { root, problems };
}

/** The offset of the first "[" or "{" nested deeper than MAX_DEPTH, outside strings; -1 if none. */
function firstTooDeep(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > MAX_DEPTH) return i;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth = Math.max(0, depth - 1);
  }
  return -1;
}
