import { Document, isScalar, type ScalarTag } from 'yaml';
import type { ArrayNode, AstNode, ObjectNode, PropertyNode, ScalarNode } from '../ast';
import { resolveNorthflankPlain, type YamlDialect } from './dialect';
import { MAX_DEPTH } from './types';

/**
 * A fast path for the YAML that secret definition files are made of: block mappings and sequences of one-line
 * plain or quoted scalars, and one-line flow sequences. It reads a 260 KB file in a few milliseconds, where the
 * general parser needs tens.
 *
 * It gives up (returns undefined) on anything else — anchors, tags, block scalars, multi-line scalars, flow
 * mappings, directives, several documents, tabs in indentation, comment lines after the content starts, anything
 * that is not well-formed — and the caller then uses the general parser. Where it does not give up, it must produce exactly the
 * tree the general parser produces (same values, offsets and lengths): a differential test holds it to that.
 */
export function parseFastYaml(text: string, dialect: YamlDialect = 'core'): { root: AstNode | undefined } | undefined {
  try {
    return { root: new FastYaml(text, dialect === 'northflank' ? resolveNorthflankPlain : resolvePlain).parse() };
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}

const GIVE_UP = Symbol('give up');
function giveUp(): never {
  throw GIVE_UP;
}

// The core schema's scalar tags, taken from the `yaml` library itself, so plain scalars resolve exactly as it
// resolves them (null, booleans, integers in three bases, floats, infinities).
const documentForSchema = new Document();
const SCALAR_TAGS = documentForSchema.schema.tags.filter((t): t is ScalarTag => !('collection' in t && t.collection) && t.default === true && !!t.test);
const OPTIONS = documentForSchema.options;

function resolvePlain(source: string): Pick<ScalarNode, 'type' | 'value'> {
  const tag = SCALAR_TAGS.find((t) => t.test?.test(source));
  if (!tag) return { type: 'string', value: source };
  let failed = false;
  const resolved = tag.resolve(source, () => (failed = true), OPTIONS);
  if (failed) giveUp();
  const value: unknown = isScalar(resolved) ? resolved.value : resolved;
  if (value === null) return { type: 'null', value: null };
  if (typeof value === 'boolean') return { type: 'boolean', value };
  if (typeof value === 'number') return { type: 'number', value };
  if (typeof value === 'string') return { type: 'string', value };
  return giveUp();
}

/** Characters that start something other than a plain scalar, or that this fast path leaves to the general parser. */
const INDICATOR = /^[&*!|>%@`{[\]},#?:-]/;
/** Characters that may not start a plain scalar inside a flow collection. */
const FLOW_INDICATOR = /[[\]{},#&*!|>%@`?:-]/;
const JSON_ESCAPES = /\\(?!["\\/bfnrtu])/;

interface Frame {
  node: ObjectNode | ArrayNode;
  indent: number;
}

interface Pending {
  /** Where a nested block may start: deeper than this column (or, for a key, a list at this very column). */
  indent: number;
  fromKey: boolean;
  /** A `-` with nothing after it, not even a space: the parser spans its empty value oddly, so that is left to it. */
  bare?: boolean;
  /** The offset an empty value stands at (after the colon or dash and the spaces that follow). */
  emptyAt: number;
  attach(node: AstNode): void;
}

class FastYaml {
  private readonly stack: Frame[] = [];
  private root: AstNode | undefined;
  private pending: Pending | undefined;
  /** Where the last scalar attached ends (its line, with the line break): containers end there. */
  private lastEnd = 0;
  private lineEnd = 0;
  private sawComment = false;
  private nextLine = 0;

  constructor(
    private readonly text: string,
    /** How a plain scalar resolves: the core schema, or js-yaml 3 for Northflank files (parse/dialect.ts). */
    private readonly resolve: (source: string) => Pick<ScalarNode, 'type' | 'value'>,
  ) {}

  parse(): AstNode | undefined {
    const { text } = this;
    if (text.charCodeAt(0) === 0xfeff) giveUp();
    // Tabs count as separation space in places this path reads only spaces (`a: b\t# c` ends at the tab), and a
    // lone carriage return is a line break to YAML: both are left to the parser.
    if (text.includes('\t') || /\r(?!\n)/.test(text)) giveUp();
    let start = 0;
    while (start < text.length) {
      let newline = text.indexOf('\n', start);
      if (newline < 0) newline = text.length;
      this.nextLine = newline < text.length ? newline + 1 : text.length;
      this.lineEnd = newline > start && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      this.line(start);
      start = this.nextLine;
    }
    if (this.pending) this.resolvePendingAsEmpty();
    while (this.stack.length) this.pop();
    return this.root;
  }

  private line(start: number): void {
    const { text } = this;
    let i = start;
    while (text.charCodeAt(i) === 32) i++;
    if (i >= this.lineEnd) return; // blank
    const c = text[i];
    if (c === '\t' || c === '\r') giveUp();
    const indent = i - start;
    if (c === '#') {
      // Comment lines before the content (a header, a modeline) are fine. Between entries, the parser counts some
      // of them into the span of the collection above and not others: leave those files to it.
      if (this.root) giveUp();
      this.sawComment = true;
      return;
    }
    if (indent === 0 && (text.startsWith('---', i) || text.startsWith('...', i) || c === '%')) giveUp();
    const dash = c === '-' && (i + 1 >= this.lineEnd || text[i + 1] === ' ');

    if (this.pending) {
      const p = this.pending;
      if (indent > p.indent || (dash && p.fromKey && indent === p.indent)) {
        this.pending = undefined;
        const node = this.open(dash ? 'array' : 'object', i, indent);
        p.attach(node);
      } else {
        this.resolvePendingAsEmpty();
      }
    }
    // Close the blocks this line is not part of: deeper ones, and a list at its parent key's column.
    for (;;) {
      const top = this.stack[this.stack.length - 1];
      if (!top) break;
      if (top.indent > indent) this.pop();
      else if (top.indent === indent && top.node.type === 'array' && !dash && this.stack.length > 1 && this.stack[this.stack.length - 2].indent === indent) this.pop();
      else break;
    }
    let top = this.stack[this.stack.length - 1];
    if (!top) {
      if (this.root) giveUp(); // content after the root collection ended
      top = { node: this.open(dash ? 'array' : 'object', i, indent), indent };
      this.root = top.node;
    }
    if (top.indent !== indent) giveUp();
    if (dash) {
      if (top.node.type !== 'array') giveUp();
      this.item(top.node, i);
    } else {
      if (top.node.type !== 'object') giveUp();
      this.entry(top.node, i);
    }
  }

  private open(type: 'object' | 'array', offset: number, indent: number): ObjectNode | ArrayNode {
    if (this.stack.length >= MAX_DEPTH) giveUp();
    const node: ObjectNode | ArrayNode = type === 'object' ? { type, offset, length: 0, properties: [] } : { type, offset, length: 0, items: [] };
    this.stack.push({ node, indent });
    return node;
  }

  private pop(): void {
    const { node } = this.stack.pop() as Frame;
    node.length = this.lastEnd - node.offset;
    // A block value's span is only known when it closes: keep its property's span in step.
    const prop = node.property;
    if (prop) prop.length = Math.max(prop.keyLength, node.offset + node.length - prop.keyOffset);
  }

  private resolvePendingAsEmpty(): void {
    const p = this.pending as Pending;
    // Where the parser puts an empty value depends on comments before it in odd ways: leave those files to it.
    if (p.bare || this.sawComment) giveUp();
    this.pending = undefined;
    p.attach({ type: 'null', value: null, offset: p.emptyAt, length: 0, style: 'plain' });
    this.lastEnd = p.emptyAt;
  }

  /** `- value`, `- key: value` (a mapping item), or `-` alone (a nested block or an empty item). */
  private item(list: ArrayNode, dashAt: number): void {
    const { text } = this;
    let i = dashAt + 1;
    while (text.charCodeAt(i) === 32) i++;
    const attach = (node: AstNode): void => {
      node.parent = list;
      list.items.push(node);
    };
    if (i >= this.lineEnd || text[i] === '#') {
      if (text[i] === '#') giveUp();
      this.pending = { indent: dashAt - this.lineStartOf(dashAt), fromKey: false, bare: i === dashAt + 1, emptyAt: i, attach };
      return;
    }
    if (text[i] === '-' && (i + 1 >= this.lineEnd || text[i + 1] === ' ')) giveUp(); // `- - x`
    if (this.keyAhead(i)) {
      const map = this.open('object', i, i - this.lineStartOf(i)) as ObjectNode;
      attach(map);
      this.entry(map, i);
      return;
    }
    attach(this.value(i));
  }

  /** `key: value` or `key:` followed by a nested block or nothing. */
  private entry(map: ObjectNode, at: number): void {
    const key = this.key(at);
    const prop: PropertyNode = { key: key.value, keyOffset: at, keyLength: key.end - at, value: undefined, offset: at, length: key.end - at, parent: map };
    map.properties.push(prop);
    const attach = (node: AstNode): void => {
      node.parent = map;
      node.property = prop;
      prop.value = node;
      prop.length = Math.max(prop.keyLength, node.offset + node.length - at);
    };
    let i = key.colon + 1;
    while (this.text.charCodeAt(i) === 32) i++;
    if (i >= this.lineEnd) {
      const keyIndent = at - this.lineStartOf(at);
      this.pending = {
        indent: keyIndent,
        fromKey: true,
        emptyAt: i,
        attach,
      };
      return;
    }
    if (this.text[i] === '#') giveUp();
    attach(this.value(i));
  }

  private lineStartOf(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  /** Whether a `key:` (a scalar, then a colon followed by a space or the end of the line) starts at `i`. */
  private keyAhead(i: number): boolean {
    const { text } = this;
    const c = text[i];
    if (c === '"' || c === "'") {
      const close = this.quoteEnd(i);
      let j = close;
      while (text.charCodeAt(j) === 32) j++;
      return text[j] === ':';
    }
    const colon = this.plainKeyColon(i);
    return colon >= 0;
  }

  /** The colon ending a plain key at `i`, or -1 when the line holds no `key:` there. */
  private plainKeyColon(i: number): number {
    const { text } = this;
    for (let j = i; j < this.lineEnd; j++) {
      const c = text[j];
      if (c === ':' && (j + 1 >= this.lineEnd || text[j + 1] === ' ')) return j;
      if (c === '#' && text[j - 1] === ' ') return -1;
    }
    return -1;
  }

  private key(at: number): { value: string; end: number; colon: number } {
    const { text } = this;
    const c = text[at];
    if (c === '"' || c === "'") {
      const end = this.quoteEnd(at);
      if (end - at > 1024) giveUp();
      const value = this.unquote(at, end);
      let j = end;
      while (text.charCodeAt(j) === 32) j++;
      if (text[j] !== ':' || (j + 1 < this.lineEnd && text[j + 1] !== ' ')) giveUp();
      return { value, end, colon: j };
    }
    if (INDICATOR.test(c)) giveUp();
    const colon = this.plainKeyColon(at);
    if (colon < 0) giveUp();
    let end = colon;
    while (end > at && text.charCodeAt(end - 1) === 32) end--;
    const source = text.slice(at, end);
    // YAML limits implicit keys to 1024 characters; the parser reports longer ones.
    if (colon - at > 1024) giveUp();
    // Keys that would resolve to something other than a string (numbers, booleans, null), and merge keys, are left
    // to the parser.
    const resolved = this.resolve(source);
    if (resolved.type !== 'string' || resolved.value !== source || source === '<<') giveUp();
    return { value: source, end, colon };
  }

  /** The end (past the closing quote) of a quoted scalar on this line. */
  private quoteEnd(at: number): number {
    const { text } = this;
    const q = text[at];
    for (let j = at + 1; j < this.lineEnd; j++) {
      const c = text[j];
      if (q === '"' && c === '\\') {
        j++;
        continue;
      }
      if (c === q) {
        if (q === "'" && text[j + 1] === "'") {
          j++;
          continue;
        }
        return j + 1;
      }
    }
    return giveUp(); // a multi-line quoted scalar
  }

  private unquote(start: number, end: number): string {
    const raw = this.text.slice(start, end);
    if (raw[0] === "'") return raw.slice(1, -1).replace(/''/g, "'");
    if (JSON_ESCAPES.test(raw)) giveUp();
    try {
      return JSON.parse(raw) as string;
    } catch {
      return giveUp();
    }
  }

  /** A value that starts at `i` and ends on this line; anything after it may only be a comment. */
  private value(i: number): AstNode {
    const { text } = this;
    const c = text[i];
    let node: AstNode;
    let end: number;
    if (c === '"' || c === "'") {
      end = this.quoteEnd(i);
      node = { type: 'string', value: this.unquote(i, end), offset: i, length: end - i, style: c === '"' ? 'double' : 'single' };
    } else if (c === '[') {
      ({ node, end } = this.flowSequence(i));
    } else if (c === '{') {
      if (text[i + 1] !== '}') giveUp();
      end = i + 2;
      node = { type: 'object', offset: i, length: 2, properties: [] };
    } else {
      if (INDICATOR.test(c) && !(c === '-' && text[i + 1] !== ' ' && i + 1 < this.lineEnd)) giveUp();
      end = this.lineEnd;
      for (let j = i; j < this.lineEnd; j++) {
        if (text[j] === '#' && text[j - 1] === ' ') {
          end = j;
          break;
        }
        if (text[j] === ':' && (j + 1 >= this.lineEnd || text[j + 1] === ' ')) giveUp(); // `a: b: c`
      }
      while (end > i && text.charCodeAt(end - 1) === 32) end--;
      const { type, value } = this.resolve(text.slice(i, end));
      node = { type, value, offset: i, length: end - i, style: 'plain' } as ScalarNode;
    }
    let j = end;
    while (text.charCodeAt(j) === 32) j++;
    if (j < this.lineEnd && !(text[j] === '#' && j > end)) giveUp();
    this.lastEnd = this.nextLine;
    return node;
  }

  /** `[a, "b", 'c']` on one line: scalars only. */
  private flowSequence(open: number): { node: ArrayNode; end: number } {
    const { text, lineEnd } = this;
    const list: ArrayNode = { type: 'array', offset: open, length: 0, items: [] };
    // Plain loops over character codes, no closure over the position and no object spread per item: a flow list of
    // 300,000 items is 2 MB of them (issue 11 D).
    let i = open + 1;
    while (text.charCodeAt(i) === 32) i++;
    if (text.charCodeAt(i) === 93 /* ] */) {
      list.length = i + 1 - open;
      return { node: list, end: i + 1 };
    }
    for (;;) {
      while (text.charCodeAt(i) === 32) i++;
      if (i >= lineEnd) giveUp();
      const c = text.charCodeAt(i);
      let item: AstNode;
      if (c === 34 /* " */ || c === 39 /* ' */) {
        const end = this.quoteEnd(i);
        item = { type: 'string', value: this.unquote(i, end), offset: i, length: end - i, style: c === 34 ? 'double' : 'single', parent: list };
        i = end;
      } else {
        if (FLOW_INDICATOR.test(text[i]) && !(c === 45 /* - */ && /[0-9.]/.test(text[i + 1] ?? ''))) giveUp();
        let end = i;
        for (; end < lineEnd; end++) {
          const code = text.charCodeAt(end);
          if (code === 44 /* , */ || code === 91 /* [ */ || code === 93 /* ] */ || code === 123 /* { */ || code === 125 /* } */ || code === 35 /* # */) break;
          if (code === 58 /* : */) giveUp();
        }
        let valueEnd = end;
        while (valueEnd > i && text.charCodeAt(valueEnd - 1) === 32) valueEnd--;
        if (valueEnd === i) giveUp();
        const { type, value } = this.resolve(text.slice(i, valueEnd));
        item = { type, value, offset: i, length: valueEnd - i, style: 'plain', parent: list } as ScalarNode;
        i = end;
      }
      list.items.push(item);
      while (text.charCodeAt(i) === 32) i++;
      const next = text.charCodeAt(i);
      if (next === 44 /* , */) {
        i++;
        while (text.charCodeAt(i) === 32) i++;
        if (text.charCodeAt(i) === 93) giveUp(); // a trailing comma
        continue;
      }
      if (next === 93 /* ] */) {
        list.length = i + 1 - open;
        return { node: list, end: i + 1 };
      }
      giveUp();
    }
  }
}
