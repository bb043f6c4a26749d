/**
 * Go to definition and find references in a Northflank template: from `${refs.X...}` to the node whose `ref` is X
 * (or the Git trigger), from `${args.X}` to the argument, and from a node's `ref` to every expression using it.
 * Inside a SecretGroup node's `spec`, what a secret group file offers (`${NAME}` and its variable).
 */
import { walk, type AstNode } from '../ast';
import type { DefinitionDocument } from '../document';
import { templateExpressions, visitExpr, type Expr } from '../templates/expressions';
import { secretGroupAt } from '../templates/groups';
import { nodesWithRef, scopeAt, templateModel, type TemplateModel, type TemplateScope } from '../templates/tree';
import { expressionAt } from './templateHover';

export interface Span {
  offset: number;
  length: number;
}

type Symbol = { kind: 'ref' | 'arg'; name: string; scope: TemplateScope };

/** The definitions of what the offset names, or undefined when the ordinary lookup of the document applies. */
export function templateDefinitionAt(doc: DefinitionDocument, offset: number, plain: (doc: DefinitionDocument, offset: number) => Span[]): Span[] | undefined {
  if (doc.kind !== 'northflank-template') return undefined;
  const model = templateModel(doc);
  if (!model) return undefined;
  const symbol = symbolAt(doc, model, offset);
  if (symbol) return declarations(doc, symbol);
  const group = secretGroupAt(doc, offset);
  return group ? plain(group.view, offset) : [];
}

/** The uses (and with `includeDeclaration`, the declarations) of what the offset names, or undefined as above. */
export function templateReferencesAt(doc: DefinitionDocument, offset: number, includeDeclaration: boolean, plain: (doc: DefinitionDocument, offset: number, includeDeclaration: boolean) => Span[]): Span[] | undefined {
  if (doc.kind !== 'northflank-template') return undefined;
  const model = templateModel(doc);
  if (!model) return undefined;
  const symbol = symbolAt(doc, model, offset);
  if (symbol) return [...(includeDeclaration ? declarations(doc, symbol) : []), ...uses(doc, model, symbol)];
  const group = secretGroupAt(doc, offset);
  return group ? plain(group.view, offset, includeDeclaration) : [];
}

function symbolAt(doc: DefinitionDocument, model: TemplateModel, offset: number): Symbol | undefined {
  const at = expressionAt(doc, offset);
  if (at?.expr) {
    let found: Symbol | undefined;
    const scope = resolvingScope(at.expr, scopeAt(model, offset));
    visitExpr(at.expr, (e) => {
      if (found || !scope || e.type !== 'path' || (e.root !== 'refs' && e.root !== 'args') || !e.segments[0]) return;
      if (offset < e.span.offset || offset > e.span.offset + e.span.length) return;
      found = { kind: e.root === 'refs' ? 'ref' : 'arg', name: e.segments[0].name, scope };
    });
    return found;
  }
  // On a node's `ref` value itself.
  const scope = scopeAt(model, offset);
  const node = scope.nodes.find((n) => n.refNode && offset >= n.refNode.offset && offset <= n.refNode.offset + n.refNode.length);
  return node?.ref !== undefined ? { kind: 'ref', name: node.ref, scope } : undefined;
}

/** The scope that resolves an expression: its own, or for `template.`-prefixed ones the template around it. */
function resolvingScope(e: Expr, here: TemplateScope): TemplateScope | undefined {
  return (e.type === 'path' || e.type === 'call') && e.template ? here.outer?.scope : here;
}

function inner(doc: DefinitionDocument, node: AstNode): Span {
  const quoted = doc.text[node.offset] === '"' || doc.text[node.offset] === "'";
  return quoted ? { offset: node.offset + 1, length: Math.max(0, node.length - 2) } : { offset: node.offset, length: node.length };
}

function declarations(doc: DefinitionDocument, symbol: Symbol): Span[] {
  if (symbol.kind === 'arg') {
    const declared = symbol.scope.args.get(symbol.name);
    if (!declared) return [];
    const span = declared.span;
    return [doc.text[span.offset] === '"' ? { offset: span.offset + 1, length: Math.max(0, span.length - 2) } : span];
  }
  const nodes = nodesWithRef(symbol.scope, symbol.name).map((n) => n.refNode).filter((r): r is NonNullable<typeof r> => !!r);
  const triggers = symbol.scope.triggers.filter((t) => t.ref === symbol.name).map((t) => t.refNode);
  return [...triggers, ...nodes].map((r) => inner(doc, r));
}

/** The spans of the name in every expression of the scope that uses it. */
function uses(doc: DefinitionDocument, model: TemplateModel, symbol: Symbol): Span[] {
  const out: Span[] = [];
  walk(doc.root, (node) => {
    if (node.type !== 'string') return;
    const raw = doc.text.slice(node.offset, node.offset + node.length);
    if (!raw.includes('${')) return;
    const here = scopeAt(model, node.offset);
    for (const { expr } of templateExpressions(raw, node.offset)) {
      if (!expr || resolvingScope(expr, here) !== symbol.scope) continue;
      visitExpr(expr, (e) => {
        if (e.type === 'path' && e.root === (symbol.kind === 'ref' ? 'refs' : 'args') && e.segments[0]?.name === symbol.name) out.push(e.segments[0].span);
      });
    }
  });
  return out;
}
