/**
 * Dynamic values of Northflank templates: `${args.NAME}`, `${refs.REF.property}`, `${fn.name(arguments)}`, global
 * secrets `${secrets.ID.values.KEY}` (and `${{...}}`, resolved when a container starts), and in templates nested in
 * a pipeline node, `${template.args.NAME}` and the like, resolved by the outer template.
 *
 * Found in the raw source text of a string (quotes and escapes included), so every offset is an offset of the
 * document. Whatever cannot be read here (arrow functions passed to `fn.map`, say) is kept as "not understood":
 * Northflank evaluates it, so it is never reported.
 */

/** Where an expression starts: the roots Northflank resolves when a template runs. */
export const EXPRESSION_ROOTS = ['args', 'refs', 'fn', 'secrets', 'template'] as const;
export type ExpressionRoot = (typeof EXPRESSION_ROOTS)[number];

export interface FoundExpression {
  /** Offset of `${` in the document. */
  offset: number;
  /** Up to and including the closing `}`. */
  length: number;
  /** Offset of the first character after `${`. */
  bodyOffset: number;
  body: string;
  /** `${{...}}`: resolved when the container starts, not when the template runs. */
  runtime: boolean;
}

/** A span of the document. */
export interface Span {
  offset: number;
  length: number;
}

export type Expr =
  | { type: 'path'; root: string; rootSpan: Span; segments: { name: string; span: Span }[]; span: Span; template: boolean }
  | { type: 'call'; name: string; nameSpan: Span; args: Expr[]; span: Span; template: boolean; closed: boolean }
  | { type: 'string'; value: string; span: Span }
  | { type: 'number'; value: number; span: Span }
  | { type: 'literal'; value: string; span: Span };

/**
 * Every `${...}` in a raw string (`raw` starts at document offset `base`). An expression without its closing `}` is
 * not one: Northflank would keep the text as it is.
 */
export function findExpressions(raw: string, base: number): FoundExpression[] {
  const out: FoundExpression[] = [];
  let i = raw.indexOf('${');
  while (i >= 0) {
    const end = closingBrace(raw, i + 2);
    if (end < 0) break;
    const body = raw.slice(i + 2, end);
    const runtime = body.startsWith('{') && body.endsWith('}');
    out.push({ offset: base + i, length: end + 1 - i, bodyOffset: base + i + 2, body, runtime });
    i = raw.indexOf('${', end + 1);
  }
  return out;
}

/** The index of the `}` that closes a `${` whose body starts at `from`, or -1. Quotes and nested braces are skipped. */
function closingBrace(raw: string, from: number): number {
  let depth = 0;
  // A string literal of the expression: `'`, `"` (YAML) or `\"` (an escaped double quote of a JSON source).
  let quote: string | undefined;
  for (let i = from; i < raw.length; i++) {
    const c = raw[i];
    if (quote) {
      if (quote === '\\"' && c === '\\' && raw[i + 1] === '"') {
        quote = undefined;
        i++;
      } else if (c === '\\') {
        i++;
      } else if (c === quote) {
        quote = undefined;
      }
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '\\' && raw[i + 1] === '"') {
      quote = '\\"';
      i++;
    } else if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** A cursor over an expression's body; offsets are document offsets. */
class Reader {
  i = 0;
  constructor(readonly text: string, readonly base: number) {}

  skipSpaces(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i])) this.i++;
  }

  peek(): string {
    return this.text[this.i] ?? '';
  }

  at(offset: number): number {
    return this.base + offset;
  }
}

const WORD = /[A-Za-z0-9_$-]/;

/**
 * The expression of a `${...}` body, or undefined when it is something this reader does not understand (then it is
 * left to Northflank). Paths are written with dots (`refs.web.ports.0.dns`); function arguments are expressions
 * without `${}`, string literals in single or double quotes, numbers, true, false and null.
 */
export function parseExpression(found: FoundExpression): Expr | undefined {
  if (found.runtime) return undefined;
  const r = new Reader(found.body, found.bodyOffset);
  r.skipSpaces();
  const e = expression(r);
  r.skipSpaces();
  return e && r.i === r.text.length ? e : undefined;
}

function word(r: Reader): { name: string; span: Span } | undefined {
  const start = r.i;
  while (r.i < r.text.length && WORD.test(r.text[r.i])) r.i++;
  if (r.i === start) return undefined;
  return { name: r.text.slice(start, r.i), span: { offset: r.at(start), length: r.i - start } };
}

function expression(r: Reader): Expr | undefined {
  const c = r.peek();
  if (c === "'" || c === '"' || (c === '\\' && r.text[r.i + 1] === '"')) return stringLiteral(r);
  if (/[-0-9]/.test(c) && /^-?\d/.test(r.text.slice(r.i, r.i + 2))) {
    const m = /^-?\d+(\.\d+)?/.exec(r.text.slice(r.i));
    if (!m) return undefined;
    const start = r.i;
    r.i += m[0].length;
    return { type: 'number', value: Number(m[0]), span: { offset: r.at(start), length: m[0].length } };
  }
  const start = r.i;
  const first = word(r);
  if (!first) return undefined;
  if (['true', 'false', 'null', 'undefined'].includes(first.name) && r.peek() !== '.') return { type: 'literal', value: first.name, span: first.span };
  let root = first;
  let template = false;
  if (first.name === 'template' && r.peek() === '.') {
    r.i++;
    const next = word(r);
    if (!next) return undefined;
    root = next;
    template = true;
  }
  if (root.name === 'fn' && r.peek() === '.') {
    r.i++;
    const name = word(r);
    if (!name) return undefined;
    r.skipSpaces();
    if (r.peek() !== '(') return { type: 'path', root: 'fn', rootSpan: root.span, segments: [name], span: { offset: r.at(start), length: r.i - start }, template };
    r.i++;
    const args: Expr[] = [];
    r.skipSpaces();
    if (r.peek() === ')') {
      r.i++;
      return { type: 'call', name: name.name, nameSpan: name.span, args, span: { offset: r.at(start), length: r.i - start }, template, closed: true };
    }
    for (;;) {
      r.skipSpaces();
      const arg = expression(r);
      if (!arg) return undefined;
      args.push(arg);
      r.skipSpaces();
      const sep = r.peek();
      r.i++;
      if (sep === ')') break;
      if (sep !== ',') return undefined;
    }
    return { type: 'call', name: name.name, nameSpan: name.span, args, span: { offset: r.at(start), length: r.i - start }, template, closed: true };
  }
  const segments: { name: string; span: Span }[] = [];
  while (r.peek() === '.') {
    r.i++;
    const s = word(r);
    if (!s) return undefined;
    segments.push(s);
  }
  return { type: 'path', root: root.name, rootSpan: root.span, segments, span: { offset: r.at(start), length: r.i - start }, template };
}

function stringLiteral(r: Reader): Expr | undefined {
  const start = r.i;
  const escaped = r.peek() === '\\';
  const quote = escaped ? '"' : r.peek();
  r.i += escaped ? 2 : 1;
  let value = '';
  while (r.i < r.text.length) {
    const c = r.text[r.i];
    if (escaped && c === '\\' && r.text[r.i + 1] === '"') {
      r.i += 2;
      return { type: 'string', value, span: { offset: r.at(start), length: r.i - start } };
    }
    if (!escaped && c === quote) {
      r.i++;
      return { type: 'string', value, span: { offset: r.at(start), length: r.i - start } };
    }
    if (c === '\\' && r.i + 1 < r.text.length) {
      value += r.text[r.i + 1];
      r.i += 2;
      continue;
    }
    value += c;
    r.i++;
  }
  return undefined;
}

/** Whether a top-level expression is one Northflank resolves in a template (and not, say, a secret group's `${NAME}`). */
export function isTemplateExpression(e: Expr | undefined, found: FoundExpression): boolean {
  if (found.runtime) return true;
  if (!e) {
    // Not understood, but written like one: `${fn.map(...)}`, `${refs.x[0]}`.
    const root = /^\s*(?:template\.)?([A-Za-z]+)\./.exec(found.body)?.[1];
    return root !== undefined && (EXPRESSION_ROOTS as readonly string[]).includes(root);
  }
  if (e.type === 'call') return true;
  if (e.type === 'path') return e.template || (EXPRESSION_ROOTS as readonly string[]).includes(e.root);
  return false;
}

/** The template expressions of a raw string (those Northflank resolves), with their parse. */
export function templateExpressions(raw: string, base: number): { found: FoundExpression; expr: Expr | undefined }[] {
  if (!raw.includes('${')) return [];
  const out: { found: FoundExpression; expr: Expr | undefined }[] = [];
  for (const found of findExpressions(raw, base)) {
    const expr = parseExpression(found);
    if (isTemplateExpression(expr, found)) out.push({ found, expr });
  }
  return out;
}

/** Every path and call of an expression, depth first (a call's arguments after the call). */
export function visitExpr(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  if (e.type === 'call') for (const a of e.args) visitExpr(a, visit);
}
