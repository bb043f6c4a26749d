import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, Scalar, visit, type Node as YamlNode, type YAMLError } from 'yaml';
import type { ArrayNode, AstNode, ObjectNode, PropertyNode, ScalarNode, ScalarValue } from '../ast';
import { resolveNorthflankPlain, storedKey, type YamlDialect } from './dialect';
import { reportDuplicateKeys } from './duplicates';
import { contentEndBefore, MAX_TAB_LINES, tabIndentations, withTabsAsSpaces } from './tabs';
import { parseFastYaml } from './fastYaml';
import { hasNonPrintable, nonPrintableProblems } from './printable';
import { composeYaml } from './yaml-compose';
import { MAX_ALIAS_NODES, MAX_DEPTH, type ParseProblem, type ParseResult } from './types';
import type { TextSource } from '../text';

const scalarStyles: Record<string, ScalarNode['style']> = {
  PLAIN: 'plain',
  QUOTE_SINGLE: 'single',
  QUOTE_DOUBLE: 'double',
  BLOCK_LITERAL: 'block',
  BLOCK_FOLDED: 'block',
};

/** uniqueKeys is off because its check is quadratic in the number of keys; reportDuplicateKeys does it in linear time. */
export const YAML_OPTIONS = { uniqueKeys: false, prettyErrors: false, keepSourceTokens: false, strict: true, stringKeys: false } as const;

/**
 * Parses YAML into the positioned tree: the fast path for the plain block YAML of most definition files, the
 * `yaml` library (YAML 1.2 core schema) for everything else. Both give the same tree where the fast path answers.
 * Characters YAML forbids are reported by the general path only, so their presence sends the text there.
 */
export function parseYaml(text: string, dialect: YamlDialect = 'core'): ParseResult {
  const fast = hasNonPrintable(text) ? undefined : parseFastYaml(text, dialect);
  if (fast) {
    const problems: ParseProblem[] = [];
    reportDuplicateKeys(fast.root, problems);
    return { root: fast.root, problems };
  }
  const general = parseYamlGeneral(text, dialect);
  if (!general.problems.some((p) => p.severity === 'error')) return general;
  // A tab in indentation: one clear error on each such line, and the rest read as if each tab were a space (the
  // same offsets), so that the tab does not bring a cascade of errors after it. Only when the file does not read as
  // it is: a tab may also be legal content (in a quoted string that goes over lines).
  const tabs = tabIndentations(text);
  if (tabs.length === 0) return general;
  const mended = parseYamlGeneral(withTabsAsSpaces(text, tabs), dialect);
  const problems: ParseProblem[] = tabs.slice(0, MAX_TAB_LINES).map((t) => {
    const tab = text.indexOf('\t', t.offset);
    return { offset: tab, length: 1, code: 'yaml-tab-indentation', severity: 'error', message: 'A tab in the indentation: YAML indents with spaces only. Replace the tab with spaces.' };
  });
  // Read with one space, a tab-indented line still sits at a column of its own among lines indented with spaces: the
  // parser's complaints about that (on the line, or at the end of the line above) are the tab's, already said.
  const zones = tabZones(text, tabs);
  for (const p of mended.problems) if (p.code !== 'yaml-syntax' || !inZone(zones, p.offset)) problems.push(p);
  return { root: mended.root, problems };
}

/** For each tab-indented line: from the start of the line above it that has content to the end of the line. */
function tabZones(text: string, tabs: readonly { offset: number; length: number }[]): { start: number; end: number }[] {
  return tabs.map((t) => {
    // Back over blank lines to the start of the line above with content.
    const above = contentEndBefore(text, t.offset);
    const start = above === 0 ? 0 : text.lastIndexOf('\n', above - 1) + 1;
    const newline = text.indexOf('\n', t.offset);
    return { start, end: newline < 0 ? text.length : newline };
  });
}

/** Whether an offset is in one of the zones (in order, their starts and ends both rise). */
function inZone(zones: readonly { start: number; end: number }[], offset: number): boolean {
  let low = 0;
  let high = zones.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (zones[mid].end < offset) low = mid + 1;
    else high = mid;
  }
  return low < zones.length && zones[low].start <= offset;
}

/**
 * Parses YAML with the `yaml` library into the positioned tree: the YAML 1.2 core schema, or for the `northflank`
 * dialect plain scalars resolved as Northflank's CLI resolves them and merge keys applied (parse/dialect.ts).
 */
export function parseYamlGeneral(text: string, dialect: YamlDialect = 'core'): ParseResult {
  const problems: ParseProblem[] = [];
  let doc: Document.Parsed;
  try {
    const composed = composeYaml(text, YAML_OPTIONS);
    if (composed.tooDeepAt !== undefined) {
      problems.push({ offset: composed.tooDeepAt, length: Math.min(1, text.length - composed.tooDeepAt), code: 'nesting-too-deep', severity: 'error', message: `The document is nested far more than ${MAX_DEPTH} levels deep, too deep to be read; it is not checked.` });
      return { root: undefined, problems };
    }
    doc = composed.doc;
  } catch (e) {
    // The parser is recursive: pathological nesting can exhaust the stack. Say so instead of crashing.
    const tooDeep = e instanceof RangeError;
    problems.push({
      offset: 0,
      length: Math.min(text.length, 1),
      code: tooDeep ? 'nesting-too-deep' : 'yaml-syntax',
      severity: 'error',
      message: tooDeep ? 'The document is nested too deeply to be read.' : `The YAML parser failed: ${e instanceof Error ? e.message : String(e)}`,
    });
    return { root: undefined, problems };
  }
  for (const e of doc.errors) {
    const [start, end] = e.pos;
    if (e.code === 'MULTIPLE_DOCS') {
      // On the `---` that starts the second document (the rest of the file is that document).
      const marker = text.startsWith('---', start) ? 3 : Math.max(1, Math.min(end, text.indexOf('\n', start) < 0 ? end : text.indexOf('\n', start)) - start);
      problems.push({ offset: start, length: marker, code: 'multiple-documents', severity: 'error', message: 'A definition file holds one YAML document; remove the second "---" document.' });
      continue;
    }
    // The parser notices an unclosed "[" or "{" only where the next line starts; the mistake is the opener.
    const closer = /end with an? ([\]}])/.exec(e.message)?.[1];
    const opener = closer ? unclosedOpener(text, start, closer === ']' ? '[' : '{', closer) : -1;
    if (opener >= 0) {
      problems.push({ offset: opener, length: 1, code: 'yaml-syntax', severity: 'error', message: `This flow ${closer === ']' ? 'sequence' : 'mapping'} is never closed: a "${closer}" is missing.` });
      continue;
    }
    // An unclosed quote is noticed at the end of the file (the value runs on to there); the mistake is its opening.
    const quote = e.code === 'MISSING_CHAR' ? /^Missing closing (["'])quote/.exec(e.message)?.[1] : undefined;
    const opening = quote ? unclosedQuote(text, start, quote) : -1;
    if (quote && opening >= 0) {
      problems.push({ offset: opening, length: 1, code: 'yaml-syntax', severity: 'error', message: `This ${quote === '"' ? 'double' : 'single'}-quoted value is never closed: a ${quote} is missing (the value runs on to the end of the file).` });
      continue;
    }
    problems.push({ offset: start, length: Math.max(1, end - start), code: 'yaml-syntax', severity: 'error', message: yamlMessage(e) });
  }
  for (const p of nonPrintableProblems(text)) problems.push(p);
  for (const w of doc.warnings) {
    const [start, end] = w.pos;
    // An unresolved tag drops the value (`PASSWORD: !abc` is pushed empty): that is an error, not a warning.
    const severity = w.code === 'TAG_RESOLVE_FAILED' ? 'error' : 'warning';
    problems.push({ offset: start, length: Math.max(1, end - start), code: 'yaml-syntax', severity, message: yamlMessage(w) });
  }

  // Which anchored node each alias stands for, found in one walk: the library's Alias.resolve walks the whole
  // document for every alias, which made 9,000 aliases take 26 seconds.
  const aliasTargets = new Map<Alias, YamlNode>();
  if (text.includes('*')) {
    const anchors = new Map<string, YamlNode>();
    visit(doc, {
      Node(_key, node) {
        if (isAlias(node)) {
          const target = anchors.get(node.source);
          if (target) aliasTargets.set(node, target);
        } else if (node.anchor) {
          anchors.set(node.anchor, node);
        }
      },
    });
  }
  const northflank = dialect === 'northflank';

  let aliasNodes = 0;
  let aliasLimitHit = false;
  /** The outermost alias being expanded: where a reader sees the expansion that went too far. */
  let expanding: { offset: number; length: number } | undefined;
  let tooDeep = false;

  const convert = (node: YamlNode | null | undefined, depth: number, viaAlias: boolean, fallbackOffset: number): AstNode | undefined => {
    if (depth > MAX_DEPTH) {
      if (!tooDeep) {
        tooDeep = true;
        problems.push({ offset: node?.range?.[0] ?? fallbackOffset, length: 1, code: 'nesting-too-deep', severity: 'error', message: `The document is nested more than ${MAX_DEPTH} levels deep; the part below that level is not checked.` });
      }
      return undefined;
    }
    if (node == null) return { type: 'null', value: null, offset: fallbackOffset, length: 0, style: 'plain', parent: undefined, property: undefined };
    if (viaAlias && ++aliasNodes > MAX_ALIAS_NODES) {
      if (!aliasLimitHit) {
        aliasLimitHit = true;
        const at = expanding ?? { offset: node.range?.[0] ?? fallbackOffset, length: 1 };
        problems.push({ ...at, code: 'yaml-alias-limit', severity: 'error', message: `YAML aliases expand to more than ${MAX_ALIAS_NODES} nodes; the expansion was stopped here (this looks like an alias bomb).` });
      }
      return undefined;
    }
    if (isAlias(node)) {
      const target = aliasTargets.get(node as Alias);
      if (!target) {
        // Every YAML reader refuses this (js-yaml: "unidentified alias"); the value would otherwise be read as null.
        const at = node.range ?? [fallbackOffset, fallbackOffset + 1];
        problems.push({ offset: at[0], length: Math.max(1, at[1] - at[0]), code: 'yaml-syntax', severity: 'error', message: OWN_MESSAGES.BAD_ALIAS as string });
        return { type: 'null', value: null, offset: at[0], length: 0, style: 'plain' };
      }
      const outermost = !expanding && node.range ? { offset: node.range[0], length: node.range[1] - node.range[0] } : undefined;
      if (outermost) expanding = outermost;
      const expanded = convert(target, depth, true, fallbackOffset);
      if (outermost) expanding = undefined;
      if (expanded && node.range) {
        // The alias stands where the reader sees it; what it expands to keeps the anchor's positions.
        expanded.offset = node.range[0];
        expanded.length = node.range[1] - node.range[0];
      }
      return expanded;
    }
    const [start, valueEnd] = node.range ?? [fallbackOffset, fallbackOffset];
    if (isMap(node)) {
      const obj: ObjectNode = { type: 'object', offset: start, length: valueEnd - start, properties: [] };
      // Merge keys, as js-yaml 3 applies them (Northflank's CLI): a merged key is added only when the mapping does
      // not have it yet, and a key written after the merge replaces the merged one in place.
      const index = northflank ? new Map<string, number>() : undefined;
      const merged = northflank ? new Set<string>() : undefined;
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YamlNode | null;
        let key: string;
        let keyOffset: number;
        let keyLength: number;
        if (keyNode == null) {
          key = '';
          keyOffset = (pair.value as YamlNode | null)?.range?.[0] ?? start;
          keyLength = 0;
        } else if (isScalar(keyNode)) {
          if (index && isMergeKey(keyNode)) {
            mergeInto(obj, pair.value as YamlNode | null, keyNode, depth, viaAlias, index, merged as Set<string>);
            continue;
          }
          key = scalarKey(keyNode, dialect, text);
          keyOffset = keyNode.range?.[0] ?? start;
          keyLength = (keyNode.range?.[1] ?? keyOffset) - keyOffset;
        } else {
          keyOffset = keyNode.range?.[0] ?? start;
          keyLength = (keyNode.range?.[1] ?? keyOffset) - keyOffset;
          problems.push({ offset: keyOffset, length: Math.max(1, keyLength), code: 'unsupported-key', severity: 'error', message: 'Keys must be plain strings; collections and aliases cannot be used as keys here.' });
          continue;
        }
        const valueNode = pair.value as YamlNode | null;
        const prop: PropertyNode = { key, keyOffset, keyLength, value: undefined, offset: keyOffset, length: keyLength, parent: obj };
        const value = convert(valueNode, depth + 1, viaAlias, keyOffset + keyLength);
        if (value) {
          if (valueNode == null) {
            // `key:` with nothing after it: an empty (null) value right after the colon.
            value.offset = emptyValueOffset(text, keyOffset + keyLength);
            value.length = 0;
          }
          value.parent = obj;
          value.property = prop;
          prop.value = value;
          prop.length = Math.max(keyLength, value.offset + value.length - keyOffset);
        }
        const at = index?.get(key);
        if (index && merged && at !== undefined && merged.has(key)) {
          obj.properties[at] = prop;
          merged.delete(key);
          continue;
        }
        index?.set(key, obj.properties.length);
        obj.properties.push(prop);
      }
      return obj;
    }
    if (isSeq(node)) {
      const arr: ArrayNode = { type: 'array', offset: start, length: valueEnd - start, items: [] };
      for (const child of node.items) {
        const item = convert(child as YamlNode | null, depth + 1, viaAlias, start);
        if (item) {
          item.parent = arr;
          arr.items.push(item);
        }
      }
      return arr;
    }
    if (isScalar(node)) return scalar(node, start, valueEnd, dialect, text);
    return undefined;
  };

  /** `<<: *a`, `<<: [*a, *b]` or `<<: {…}`: the properties of each mapping, at the place they were written. */
  const mergeInto = (obj: ObjectNode, value: YamlNode | null, keyNode: Scalar, depth: number, viaAlias: boolean, index: Map<string, number>, merged: Set<string>): void => {
    const sources = isSeq(value) ? (value.items as (YamlNode | null)[]) : [value];
    for (const source of sources) {
      const converted = convert(source, depth + 1, viaAlias || isAlias(source), keyNode.range?.[0] ?? obj.offset);
      if (!converted) continue;
      if (converted.type !== 'object') {
        const at = source?.range ?? keyNode.range ?? [obj.offset, obj.offset + 1];
        problems.push({ offset: at[0], length: Math.max(1, at[1] - at[0]), code: 'yaml-syntax', severity: 'error', message: 'A merge key ("<<") takes a mapping, or a list of mappings, usually aliases ("<<: *base"): Northflank\'s CLI cannot read this file.' });
        continue;
      }
      for (const p of converted.properties) {
        if (index.has(p.key)) continue;
        p.parent = obj;
        if (p.value) p.value.parent = obj;
        index.set(p.key, obj.properties.length);
        merged.add(p.key);
        obj.properties.push(p);
      }
    }
  };

  const root = doc.contents == null ? undefined : convert(doc.contents as YamlNode, 0, false, 0);
  // A document that is only comments is empty, not null.
  const isEmpty = root?.type === 'null' && root.length === 0;
  reportDuplicateKeys(root, problems);
  return { root: isEmpty ? undefined : root, problems };
}

/** A plain, untagged scalar: the only kind whose type the schema guesses from its text. */
function plainSource(node: Scalar, text: string): string | undefined {
  if ((node.type ?? 'PLAIN') !== 'PLAIN' || node.tag) return undefined;
  const v = node.value;
  // A string keeps what the parser read (a multi-line plain scalar is folded); anything else sits on one line.
  if (typeof v === 'string') return v;
  const [start, end] = node.range ?? [0, 0];
  return text.slice(start, end);
}

/**
 * Where the empty value of a key stands: right after its colon (`key:`, `? key` then `:`), or right after the key when
 * it has no colon of its own (`{a, b: 1}`). Not at a later colon: that one is another entry's, or in a comment.
 */
export function emptyValueOffset(text: Pick<TextSource, 'length' | 'charCodeAt'>, keyEnd: number): number {
  let i = keyEnd;
  // Spaces, tabs and line breaks.
  while (i < text.length && [32, 9, 10, 13].includes(text.charCodeAt(i))) i++;
  return text.charCodeAt(i) === 58 /* : */ ? i + 1 : keyEnd;
}

/** `<<` written as a plain scalar: a merge key to js-yaml 3 (quoted, it is an ordinary key). */
function isMergeKey(node: Scalar): boolean {
  return (node.type ?? 'PLAIN') === 'PLAIN' && !node.tag && node.value === '<<';
}

export function scalarKey(node: Scalar, dialect: YamlDialect = 'core', text = ''): string {
  if (dialect === 'northflank') {
    const source = plainSource(node, text);
    if (source !== undefined) return storedKey(resolveNorthflankPlain(source).value);
  }
  const v = node.value;
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : String(v);
}

export function scalar(node: Scalar, start: number, end: number, dialect: YamlDialect = 'core', text = ''): ScalarNode {
  const style = scalarStyles[node.type ?? 'PLAIN'] ?? 'plain';
  if (dialect === 'northflank') {
    const source = plainSource(node, text);
    if (source !== undefined) {
      const { type, value } = resolveNorthflankPlain(source);
      return { type, value, offset: start, length: end - start, style, parent: undefined, property: undefined };
    }
  }
  const v = node.value;
  let type: ScalarNode['type'] = 'string';
  let value: ScalarValue;
  if (v === null || v === undefined) [type, value] = ['null', null];
  else if (typeof v === 'boolean') [type, value] = ['boolean', v];
  else if (typeof v === 'number') [type, value] = ['number', v];
  else if (typeof v === 'bigint') [type, value] = ['number', Number(v)];
  else if (typeof v === 'string') value = v;
  // Tagged values such as !!binary or timestamps: keep their text.
  else value = String(v);
  // One shape for every scalar, its links already there (set by the caller): building a large tree is much faster
  // than with an object spread and links added afterwards (profiled: a third of the conversion's time).
  return { type, value, offset: start, length: end - start, style, parent: undefined, property: undefined };
}

/**
 * The opening quote of a quoted scalar that runs on to `end` unclosed: the last quote before `end` that is not
 * escaped (`\\"` in a double-quoted value; `''` pairs in a single-quoted one: the opening is the first of a run of
 * an odd length). -1 if none.
 */
function unclosedQuote(text: string, end: number, quote: string): number {
  for (let i = Math.min(end, text.length) - 1; i >= 0; i--) {
    if (text[i] !== quote) continue;
    if (quote === '"') {
      let backslashes = 0;
      while (i - 1 - backslashes >= 0 && text[i - 1 - backslashes] === '\\') backslashes++;
      if (backslashes % 2 === 0) return i;
      continue;
    }
    let first = i;
    while (first > 0 && text[first - 1] === quote) first--;
    if ((i - first + 1) % 2 === 1) return first;
    i = first;
  }
  return -1;
}

/** The offset of the last "[" (or "{") before `before` that no closer matches, ignoring quoted text; -1 if none. */
function unclosedOpener(text: string, before: number, open: string, close: string): number {
  const stack: number[] = [];
  let quote = '';
  for (let i = 0; i < before && i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"') i++;
      else if (c === '\n') quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i < before && text[i] !== '\n') i++;
    } else if (c === open) stack.push(i);
    else if (c === close) stack.pop();
  }
  return stack.length ? stack[stack.length - 1] : -1;
}

/**
 * Our own words for the parser's errors whose messages quote the source: the quoted text may be a secret value
 * (`PASSWORD: !abc` is "Unresolved tag: !abc"), and a diagnostic message ends up in CI logs.
 */
const OWN_MESSAGES: Partial<Record<YAMLError['code'], string>> = {
  TAG_RESOLVE_FAILED: 'A value that starts with "!" is read as a YAML tag, and this one is unknown: the value would be lost. Put the value in quotes.',
  BAD_DIRECTIVE: 'A "%" directive that cannot be read; definition files need none.',
  BAD_DQ_ESCAPE: 'An invalid escape sequence in a double-quoted string: use \\\\ for a backslash, or single quotes.',
  BAD_SCALAR_START: 'A plain value cannot start with this character: put the value in quotes.',
  BAD_PROP_ORDER: 'Anchors and tags must come after the "-", "?" or ":" indicator.',
  BAD_COLLECTION_TYPE: 'This tag does not fit this kind of value.',
  BAD_ALIAS: 'An alias ("*name") that cannot be resolved: no anchor ("&name") of that name comes before it.',
  UNEXPECTED_TOKEN: 'Unexpected text here: if it is part of a value, put the value in quotes.',
};

/** Library messages that never quote the source, kept as they are. */
const KEPT_MESSAGES = new Set<YAMLError['code']>(['BAD_INDENT', 'MISSING_CHAR', 'MULTILINE_IMPLICIT_KEY', 'BLOCK_AS_IMPLICIT_KEY', 'BLOCK_IN_FLOW', 'TAB_AS_INDENT', 'KEY_OVER_1024_CHARS', 'MULTIPLE_ANCHORS', 'MULTIPLE_TAGS', 'ALIAS_PROPS', 'NON_STRING_KEY', 'DUPLICATE_KEY', 'RESOURCE_EXHAUSTION']);

/** A message for a parser error or warning that never repeats the file's text. */
function yamlMessage(e: YAMLError): string {
  const own = OWN_MESSAGES[e.code];
  if (own) return own;
  if (KEPT_MESSAGES.has(e.code)) return cleanMessage(e.message);
  return `YAML that cannot be read here (${e.code.toLowerCase().replace(/_/g, ' ')}).`;
}

function cleanMessage(message: string): string {
  // The library appends " at line X, column Y" and a code frame; the editor shows the position itself.
  const firstLine = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return firstLine.endsWith('.') ? firstLine : `${firstLine}.`;
}
