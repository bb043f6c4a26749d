/**
 * Hover inside a Northflank template: what an expression resolves to (an argument, a node's output, a function, a
 * global secret), what a node kind does, and inside a SecretGroup node's `spec` what a secret group file shows.
 * Argument values are never shown: they may be secrets.
 */
import { nodeAtOffset } from '../ast';
import type { Catalog } from '../catalog';
import type { DefinitionDocument } from '../document';
import { templateExpressions, type Expr, type FoundExpression } from '../templates/expressions';
import { isTemplateFunction, signature, TEMPLATE_FUNCTIONS } from '../templates/functions';
import { addonType, secretGroupAt, templateCatalog } from '../templates/groups';
import { FLAVOUR_TITLES, NODE_KINDS, nodeAt, nodesWithRef, runsRelative, scopeAt, templateModel, type TemplateModel, type TemplateNode, type TemplateScope } from '../templates/tree';
import type { Hover, HoverOptions } from './hover';

type HoverFn = (doc: DefinitionDocument, offset: number, catalog: Catalog, options?: HoverOptions) => Hover | undefined;

/** The hover of a template, `null` for none, or undefined when the document's ordinary hover applies. */
export function templateHover(doc: DefinitionDocument, offset: number, hover: HoverFn, options?: HoverOptions): Hover | null | undefined {
  if (doc.kind !== 'northflank-template') return undefined;
  const model = templateModel(doc);
  if (!model) return undefined;
  const at = expressionAt(doc, offset);
  if (at) return { contents: describeExpression(doc, model, at.found, at.expr, offset), range: { offset: at.found.offset, length: at.found.length } };
  const group = secretGroupAt(doc, offset);
  if (group) return hover(group.view, offset, templateCatalog(model, group.node.scope), options) ?? null;
  const scope = scopeAt(model, offset);
  const node = scope.nodes.find((n) => offset >= n.kindNode.offset && offset <= n.kindNode.offset + n.kindNode.length);
  if (node) {
    const what = NODE_KINDS[node.kind];
    return { contents: `**${node.kind}** node\n\n${what ?? 'A node kind this extension does not describe: Northflank checks it when the template runs.'}`, range: { offset: node.kindNode.offset, length: node.kindNode.length } };
  }
  return undefined;
}

/** The template expression whose text holds the offset. */
export function expressionAt(doc: DefinitionDocument, offset: number): { found: FoundExpression; expr: Expr | undefined } | undefined {
  const node = nodeAtOffset(doc.root, offset);
  if (node?.type !== 'string') return undefined;
  const raw = doc.text.slice(node.offset, node.offset + node.length);
  return templateExpressions(raw, node.offset).find((e) => offset >= e.found.offset && offset <= e.found.offset + e.found.length);
}

function describeExpression(doc: DefinitionDocument, model: TemplateModel, found: FoundExpression, expr: Expr | undefined, offset: number): string {
  const code = `\`${doc.text.slice(found.offset, found.offset + found.length).replace(/`/g, "'")}\``;
  if (found.runtime) return `${code} · resolved when the container starts (not when the template runs), so the value stays out of template run logs.`;
  if (!expr) return `${code} · a template expression Northflank resolves when the template runs.`;
  let scope = scopeAt(model, offset);
  let use = nodeAt(scope, offset);
  // In a call, describe the part under the caret: `args.X` inside `fn.if(args.X, ...)`.
  const part = innermost(expr, offset) ?? expr;
  if ((part.type === 'path' || part.type === 'call') && part.template) {
    if (!scope.outer) return `${code} · \`template.\` is for release flow and preview templates inside a Pipeline node: the outer template resolves it.`;
    use = scope.outer;
    scope = scope.outer.scope;
  }
  if (part.type === 'call') {
    const f = TEMPLATE_FUNCTIONS[part.name];
    return isTemplateFunction(part.name) ? `\`fn.${signature(part.name)}\`\n\n${f.description}\n\nEvaluated when the template runs.` : `\`fn.${part.name}\` · not a Northflank template function.`;
  }
  if (part.type !== 'path') return `${code} · a template expression Northflank resolves when the template runs.`;
  if (part.root === 'args') return argumentDoc(doc, scope, part.segments[0]?.name);
  if (part.root === 'refs') return refDoc(doc, scope, use, part.segments.map((s) => s.name));
  if (part.root === 'secrets') return `${code} · a global secret of the team (\`secrets.<id>.values.<key>\` or \`.files.<id>\`), resolved when the template runs; its value appears in template run logs (\`\${{...}}\` keeps it out).`;
  return `${code} · a template expression Northflank resolves when the template runs.`;
}

function innermost(e: Expr, offset: number): Expr | undefined {
  if (e.type === 'call') {
    for (const a of e.args) {
      if (offset >= a.span.offset && offset <= a.span.offset + a.span.length) return innermost(a, offset) ?? a;
    }
  }
  return offset >= e.span.offset && offset <= e.span.offset + e.span.length ? e : undefined;
}

function argumentDoc(doc: DefinitionDocument, scope: TemplateScope, name: string | undefined): string {
  if (!name) return '`args` · the arguments of the template.';
  const declared = scope.args.get(name);
  if (declared) {
    const line = doc.lines.positionAt(declared.span.offset).line + 1;
    return `\`\${args.${name}}\` · argument **${name}** of the ${FLAVOUR_TITLES[scope.flavour]}, declared at line ${line}. Its value is set when the template runs (argument overrides replace the default); it is not shown here.`;
  }
  return scope.flavour === 'template'
    ? `\`\${args.${name}}\` · the template declares no argument **${name}**.`
    : `\`\${args.${name}}\` · argument **${name}**: not declared in this file; a ${FLAVOUR_TITLES[scope.flavour]} may get it when it runs (webhook parameters, Git triggers).`;
}

function refDoc(doc: DefinitionDocument, scope: TemplateScope, use: TemplateNode | undefined, segments: string[]): string {
  const [ref, ...rest] = segments;
  if (!ref) return '`refs` · the outputs of the nodes that ran before this one.';
  const property = rest.length ? rest.join('.') : undefined;
  const trigger = scope.triggers.find((t) => t.ref === ref);
  if (trigger) return `\`\${refs.${segments.join('.')}}\` · ${property ? `\`${property}\` of ` : ''}the Git trigger **${ref}** (its \`branch\`, \`sha\` and \`repoUrl\`), set when a commit triggers the run.`;
  const nodes = nodesWithRef(scope, ref);
  if (nodes.length === 0) return `\`\${refs.${segments.join('.')}}\` · no node of this ${FLAVOUR_TITLES[scope.flavour]} has the ref **${ref}**.`;
  const n = nodes[0];
  const line = doc.lines.positionAt(n.object.offset).line + 1;
  const type = n.kind === 'Addon' ? addonType(n) : undefined;
  const what = property === 'id' ? 'the id of' : property ? `\`${property}\` of the output of` : 'the output of';
  const lines = [`\`\${refs.${segments.join('.')}}\` · ${what} the **${n.kind}** node **${ref}**${type ? ` (${type})` : ''}, line ${line}. Resolved when the template runs.`];
  if (use) {
    const order = runsRelative(n, use);
    if (order === 'parallel') lines.push('It runs at the same time as this node (a parallel workflow).');
    if (order === 'after') lines.push('It runs after this node: its outputs do not exist yet here.');
  }
  if (nodes.length > 1) lines.push(`${nodes.length} nodes have this ref.`);
  return lines.join('\n\n');
}
