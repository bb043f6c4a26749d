import { Composer, Parser, YAMLParseError, type CST, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';
import { MAX_DEPTH } from './types';

/**
 * Collections nested deeper than this are not handed to the yaml library's composer at all. The composer recurses
 * once per level and catches its own stack overflow (from about 1,300 nested flow mappings on); after that, the
 * next parse in the process can abort it with a fatal V8 error ("RegExpCompiler Allocation failed"): two deep files
 * in a row killed `secretdef validate` and could kill the language server. Anything past MAX_DEPTH is cut anyway,
 * so twice that leaves the composer far from the stack's end.
 */
export const MAX_COMPOSE_DEPTH = 2 * MAX_DEPTH;

export type ComposeResult = { doc: Document.Parsed; tooDeepAt?: undefined } | { doc?: undefined; tooDeepAt: number };

/**
 * `parseDocument` of the yaml library, split so that the concrete syntax tree (built without recursion) is checked
 * for depth before it is composed. When it is too deep, gives the offset of the first collection past MAX_DEPTH.
 */
export function composeYaml(text: string, options: ParseOptions & DocumentOptions & SchemaOptions): ComposeResult {
  // Tokens up to the second document only: a definition file holds one, the second is reported, and 200,000
  // `---` documents took 6.5 s to read whole.
  const tokens: CST.Token[] = [];
  let documents = 0;
  for (const token of new Parser().parse(text)) {
    tokens.push(token);
    if (token.type === 'document' && ++documents === 2) break;
  }
  const tooDeepAt = firstTooDeep(tokens);
  if (tooDeepAt !== undefined) return { tooDeepAt };
  let doc: Document.Parsed | undefined;
  for (const next of new Composer(options).compose(tokens, true, text.length)) {
    if (!doc) {
      doc = next;
    } else {
      // What parseDocument does with a second document.
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  // compose(…, true) always ends with a document, empty text included.
  if (!doc) throw new Error('The YAML composer produced no document.');
  return { doc };
}

/** When collections nest deeper than MAX_COMPOSE_DEPTH: the offset of the first one past MAX_DEPTH. Iterative. */
function firstTooDeep(tokens: CST.Token[]): number | undefined {
  const stack: [CST.Token | null | undefined, number][] = tokens.map((t) => [t, 0]);
  let deepest = 0;
  let first: number | undefined;
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const [token, depth] = entry;
    if (!token) continue;
    if (token.type === 'document') {
      stack.push([token.value, depth]);
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      const level = depth + 1;
      deepest = Math.max(deepest, level);
      if (level > MAX_DEPTH && (first === undefined || token.offset < first)) first = token.offset;
      for (const item of token.items) {
        if ('key' in item) stack.push([item.key, level]);
        stack.push([item.value, level]);
      }
    }
  }
  return deepest > MAX_COMPOSE_DEPTH ? first : undefined;
}
