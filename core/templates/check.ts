/**
 * What a template's expressions and refs must be: `${args.X}` a declared argument, `${refs.X...}` a node with that
 * `ref` that runs before the node using it (an Addon node for an addon dependency...), `${fn.X(...)}` a function of
 * Northflank's with the right number of arguments. Anything else the format allows — global secrets, runtime
 * `${{...}}`, node outputs beyond the ref, what this reader does not understand — is unknown, never an error.
 */
import { getProperty, walk, type AstNode } from '../ast';
import type { DefinitionDocument } from '../document';
import type { RuleContext } from '../rules/context';
import { didYouMean } from '../suggest';
import { templateExpressions, type Expr } from './expressions';
import { isTemplateFunction, signature, TEMPLATE_FUNCTIONS } from './functions';
import { referencedNode, soleExpression } from './groups';
import { describeNode, FLAVOUR_TITLES, nodeAt, nodesWithRef, RESTRICTABLE_KINDS, runsRelative, scopeAt, type TemplateModel, type TemplateNode, type TemplateScope } from './tree';

type Report = RuleContext['report'];

/** Every check of the expressions of a template's strings. */
export function checkExpressions(doc: DefinitionDocument, model: TemplateModel, report: Report): void {
  walk(doc.root, (node) => {
    if (node.type !== 'string') return;
    const raw = doc.text.slice(node.offset, node.offset + node.length);
    const found = templateExpressions(raw, node.offset);
    if (found.length === 0) return;
    const scope = scopeAt(model, node.offset);
    const use = nodeAt(scope, node.offset);
    for (const { expr } of found) {
      if (!expr) continue;
      if ((expr.type === 'path' || expr.type === 'call') && expr.template) {
        // Resolved by the template around a nested release flow or preview template, where the Pipeline node runs.
        const outer = scope.outer;
        if (outer) checkExpr(doc, expr, outer.scope, outer, report);
      } else {
        checkExpr(doc, expr, scope, use, report);
      }
    }
  });
}

function checkExpr(doc: DefinitionDocument, e: Expr, scope: TemplateScope, use: TemplateNode | undefined, report: Report): void {
  if (e.type === 'path') {
    if (e.root === 'args') checkArgument(e, scope, report);
    else if (e.root === 'refs') checkRef(doc, e, scope, use, report);
    return;
  }
  if (e.type !== 'call') return;
  checkCall(e, report);
  for (const a of e.args) checkExpr(doc, a, scope, use, report);
}

function checkArgument(e: Extract<Expr, { type: 'path' }>, scope: TemplateScope, report: Report): void {
  const name = e.segments[0];
  // Release flows and preview blueprints also get arguments when they run (webhook parameters, Git triggers).
  if (!name || scope.flavour !== 'template' || scope.args.has(name.name)) return;
  const declared = [...scope.args.keys()];
  const suggestions = didYouMean(name.name, declared);
  const hint = suggestions.length ? ` Did you mean "${suggestions[0]}"?` : '';
  const list = declared.length ? ` Declared: ${declared.join(', ')}.` : ' It declares none.';
  report('nf-template-unknown-argument', name.span, `The template declares no argument "${name.name}".${hint}${list} Add it to "arguments" (with a placeholder: secrets belong in the argument overrides on Northflank).`, suggestions.length ? { suggestions } : undefined);
}

function checkRef(doc: DefinitionDocument, e: Extract<Expr, { type: 'path' }>, scope: TemplateScope, use: TemplateNode | undefined, report: Report): void {
  const name = e.segments[0];
  if (!name) return;
  const defs = nodesWithRef(scope, name.name);
  if (scope.triggers.some((t) => t.ref === name.name)) return;
  if (defs.length === 0) {
    const available = refsBefore(scope, use);
    const suggestions = didYouMean(name.name, available);
    const hint = suggestions.length ? ` Did you mean "${suggestions[0]}"?` : '';
    const list = available.length ? ` Refs ${use ? 'of the nodes that run before this one' : 'of this template'}: ${available.join(', ')}.` : ` No node ${use ? 'that runs before this one ' : ''}has a ref.`;
    report('nf-template-unknown-ref', name.span, `No node of this ${FLAVOUR_TITLES[scope.flavour]} has the ref "${name.name}".${hint}${list}`, suggestions.length ? { suggestions } : undefined);
    return;
  }
  if (!use) return;
  const orders = defs.map((d) => runsRelative(d, use));
  if (orders.some((o) => o === 'before' || o === 'parallel')) return;
  const def = defs[0];
  const line = doc.lines.positionAt(def.object.offset).line + 1;
  const message = orders.includes('self')
    ? `"\${refs.${name.name}}" is the ${describeNode(def)} this value belongs to: its outputs exist only once it has run.`
    : `The ${describeNode(def)} (line ${line}) runs after this node: a node can only use the outputs of nodes that run before it. Move it earlier, or this node later.`;
  report('nf-template-ref-order', name.span, message);
}

/** The refs a node may use: those of the nodes that run before it (all refs outside any node). */
export function refsBefore(scope: TemplateScope, use: TemplateNode | undefined): string[] {
  const out = new Set<string>(scope.triggers.map((t) => t.ref));
  for (const n of scope.nodes) {
    if (!n.ref) continue;
    const order = use ? runsRelative(n, use) : 'before';
    if (order === 'before' || order === 'parallel') out.add(n.ref);
  }
  return [...out];
}

function checkCall(e: Extract<Expr, { type: 'call' }>, report: Report): void {
  if (!isTemplateFunction(e.name)) {
    const suggestions = didYouMean(e.name, Object.keys(TEMPLATE_FUNCTIONS));
    report('nf-template-unknown-function', e.nameSpan, `"fn.${e.name}" is not a Northflank template function.${suggestions.length ? ` Did you mean "fn.${suggestions[0]}"?` : ''}`, suggestions.length ? { suggestions } : undefined);
    return;
  }
  const f = TEMPLATE_FUNCTIONS[e.name];
  const n = e.args.length;
  if (n < f.min || (f.max !== undefined && n > f.max)) {
    const takes = f.max === undefined ? `at least ${f.min}` : f.min === f.max ? String(f.min) : `${f.min} to ${f.max}`;
    report('nf-template-function-arguments', e.span, `fn.${e.name} takes ${takes} argument${takes === '1' ? '' : 's'} (${signature(e.name)}); it is given ${n}.`);
    return;
  }
  if (e.name === 'randomSecret' || e.name === 'randomString') {
    const [length, encoding] = e.args;
    if (length && (length.type === 'string' || length.type === 'literal')) {
      report('nf-template-function-arguments', length.span, `The length of fn.${e.name} must be a number, such as 32.`);
    }
    if (e.name === 'randomSecret' && encoding?.type === 'string' && !['base64', 'hex'].includes(encoding.value)) {
      report('nf-template-function-arguments', encoding.span, `The encoding of fn.randomSecret is 'base64' (the default) or 'hex', not '${encoding.value}'.`);
    }
  }
}

/** Refs used where a node of a given kind is needed: addon dependencies, restrictions, project contexts. */
export function checkRefKinds(doc: DefinitionDocument, model: TemplateModel, report: Report): void {
  for (const n of model.nodes) {
    if (n.kind === 'SecretGroup') {
      const spec = n.spec;
      const deps = getProperty(spec, 'addonDependencies')?.value;
      for (const dep of deps?.type === 'array' ? deps.items : []) {
        expectKind(doc, n.scope, getProperty(dep, 'addonId')?.value, ['Addon'], 'an addon dependency needs an Addon node', report);
      }
      const nfObjects = getProperty(getProperty(spec, 'restrictions')?.value, 'nfObjects')?.value;
      for (const item of nfObjects?.type === 'array' ? nfObjects.items : []) {
        const type = getProperty(item, 'type')?.value;
        const t = type?.type === 'string' && (type.value === 'service' || type.value === 'job') ? type.value : undefined;
        const kinds = t ? RESTRICTABLE_KINDS[t] : [...RESTRICTABLE_KINDS.service, ...RESTRICTABLE_KINDS.job];
        const why = t ? `a restriction of type "${t}" names a ${RESTRICTABLE_KINDS[t].join(' or ')} node` : 'a restriction names a service or job node';
        expectKind(doc, n.scope, getProperty(item, 'id')?.value, kinds, why, report);
      }
      expectKind(doc, n.scope, getProperty(spec, 'projectId')?.value, ['Project'], 'a project context needs a Project node', report);
    } else if (n.kind === 'Workflow') {
      expectKind(doc, n.scope, getProperty(getProperty(n.spec, 'context')?.value, 'projectId')?.value, ['Project'], 'a project context needs a Project node', report);
    }
  }
}

function expectKind(doc: DefinitionDocument, scope: TemplateScope, value: AstNode | undefined, kinds: readonly string[], why: string, report: Report): void {
  const e = soleExpression(doc, value);
  const def = referencedNode(scope, e);
  if (!def || kinds.includes(def.kind) || e?.type !== 'path') return;
  const ref = e.segments[0];
  report('nf-template-ref-kind', ref.span, `"${ref.name}" is the ref of ${/^[AEIOU]/.test(def.kind) ? 'an' : 'a'} ${def.kind} node, but ${why}.`);
}

/** Two nodes of one scope with the same ref. */
export function checkDuplicateRefs(doc: DefinitionDocument, model: TemplateModel, report: Report): void {
  for (const scope of model.scopes) {
    const first = new Map<string, TemplateNode>();
    for (const n of scope.nodes) {
      if (!n.ref || !n.refNode) continue;
      const earlier = first.get(n.ref);
      if (!earlier) {
        first.set(n.ref, n);
        continue;
      }
      const line = doc.lines.positionAt(earlier.object.offset).line + 1;
      report('nf-template-duplicate-ref', { offset: n.refNode.offset, length: n.refNode.length }, `The ${describeNode(earlier)} (line ${line}) already has the ref "${n.ref}": "\${refs.${n.ref}}" cannot say which one it means.`);
    }
  }
}
