/**
 * Completion inside a Northflank template: expressions as they are typed (`${args.`, `${refs.`, `${fn.`), refs of
 * the right kind of node where an id is expected (an Addon node's for an addon dependency), node kinds, and inside a
 * SecretGroup node's `spec` everything a secret group file gets — with the well-known keys of the referenced Addon
 * node's type for its addon dependencies.
 */
import { nodeAtOffset, pathOf } from '../ast';
import type { Catalog } from '../catalog';
import type { DefinitionDocument } from '../document';
import { refsBefore } from '../templates/check';
import { TEMPLATE_FUNCTIONS, signature } from '../templates/functions';
import { addonType, secretGroupAt, templateCatalog } from '../templates/groups';
import { NODE_KINDS, nodeAt, nodesWithRef, RESTRICTABLE_KINDS, scopeAt, templateModel, type TemplateModel, type TemplateNode, type TemplateScope } from '../templates/tree';
import type { Completion } from './completion';
import { cursorContext, spacedAsNeeded, type CursorContext } from './cursor';
import { yamlString } from './snippets';

type Complete = (doc: DefinitionDocument, offset: number, catalog: Catalog) => Completion[];

/** Completions of a template, or undefined when the ordinary completion of the document applies. */
export function templateCompletions(doc: DefinitionDocument, offset: number, complete: Complete): Completion[] | undefined {
  if (doc.kind !== 'northflank-template') return undefined;
  const model = templateModel(doc);
  if (!model) return undefined;
  const expression = expressionCompletions(doc, model, offset);
  if (expression) return expression;
  const group = secretGroupAt(doc, offset);
  if (group) {
    const ctx = cursorContext(group.view, offset);
    const refs = ctx?.kind === 'value' ? spacedAsNeeded(ctx, refValues(doc, model, offset, ctx)) : [];
    return [...refs, ...complete(group.view, offset, templateCatalog(model, group.node.scope))];
  }
  const ctx = cursorContext(doc, offset);
  if (!ctx) return undefined;
  const last = ctx.path[ctx.path.length - 1];
  if (ctx.kind === 'value' && last === 'kind') {
    return spacedAsNeeded(ctx, Object.entries(NODE_KINDS).map(([kind, what]) => ({
      label: kind, kind: 'enum', documentation: what, insertText: doc.syntax === 'json' ? JSON.stringify(kind) : kind, snippet: false, replace: ctx.replace, filterText: doc.syntax === 'json' ? `"${kind}"` : kind,
    }) satisfies Completion));
  }
  if (ctx.kind === 'value' && last === 'projectId') return spacedAsNeeded(ctx, refValues(doc, model, offset, ctx));
  if (ctx.kind === 'key' && last === 'spec') {
    // The spec of a node other than a Workflow (or a SecretGroup, above) is Northflank's: nothing to offer.
    const node = nodeAt(scopeAt(model, offset), offset);
    if (node && node.kind !== 'Workflow' && node.spec && offset >= node.spec.offset) return [];
  }
  return undefined;
}

/** Where an id is expected, the kinds of node it may name. */
function expectedKinds(path: readonly unknown[]): readonly string[] | undefined {
  const last = path[path.length - 1];
  if (last === 'addonId' && path.includes('addonDependencies')) return ['Addon'];
  if (last === 'id' && path.includes('nfObjects')) return [...RESTRICTABLE_KINDS.service, ...RESTRICTABLE_KINDS.job];
  if (last === 'projectId') return ['Project'];
  return undefined;
}

/** `${refs.<ref>.id}` of the nodes that may stand where an id is expected (an addon dependency, a restriction...). */
function refValues(doc: DefinitionDocument, model: TemplateModel, offset: number, ctx: Extract<CursorContext, { kind: 'value' }>): Completion[] {
  const node = nodeAtOffset(doc.root, offset);
  const path = node ? pathOf(node) : [];
  const kinds = expectedKinds(node?.type === 'string' ? path : [...path, ctx.path[ctx.path.length - 1]]);
  if (!kinds) return [];
  const scope = scopeAt(model, offset);
  const use = nodeAt(scope, offset);
  return refsBefore(scope, use).flatMap((ref) => nodesWithRef(scope, ref).filter((n) => kinds.includes(n.kind)).slice(0, 1)).map((n) => {
    const value = `\${refs.${n.ref as string}.id}`;
    return {
      label: value, kind: 'reference', detail: nodeDetail(n), insertText: doc.syntax === 'json' ? JSON.stringify(value) : yamlString(value), snippet: false, replace: ctx.replace,
      filterText: doc.syntax === 'json' ? `"${value}"` : value, sortText: `0${n.ref as string}`,
    } satisfies Completion;
  });
}

function nodeDetail(n: TemplateNode): string {
  const type = n.kind === 'Addon' ? addonType(n) : undefined;
  return `${n.kind} node${type ? ` · ${type}` : ''}`;
}

/** The outputs a ref is known to have, by kind of node (every node has an id). */
function outputsOf(n: TemplateNode): { path: string; what: string }[] {
  const out = [{ path: 'id', what: `the id of the ${n.kind === 'Workflow' ? 'workflow' : 'resource'}` }];
  if (n.kind === 'CombinedService' || n.kind === 'DeploymentService') out.push({ path: 'ports.0.dns', what: 'the public DNS name of its first port' });
  if (n.kind === 'Build') out.push({ path: 'branch', what: 'the branch built' });
  return out;
}

/**
 * Inside `${...}` being typed: arguments, refs with their outputs, functions. The word at the caret is replaced, and
 * the closing `}` added when it is not there yet.
 */
function expressionCompletions(doc: DefinitionDocument, model: TemplateModel, offset: number): Completion[] | undefined {
  const line = doc.lines.positionAt(offset).line;
  const lineStart = doc.lines.lineStart(line);
  const before = doc.text.slice(lineStart, offset);
  const open = before.lastIndexOf('${');
  if (open < 0 || before.indexOf('}', open) >= 0) return undefined;
  const partial = before.slice(open + 2);
  const tail = /(?:template\.)?[\w.$-]*$/.exec(partial)?.[0] ?? '';
  const insideCall = tail.length !== partial.length;
  const afterText = doc.text.slice(offset, doc.lines.lineEnd(line));
  const wordAfter = /^[\w.-]*/.exec(afterText)?.[0].length ?? 0;
  const close = !insideCall && !afterText.slice(wordAfter).startsWith('}') ? '}' : '';
  const replace = { offset: offset - tail.length, length: tail.length + wordAfter };
  let scope: TemplateScope = scopeAt(model, offset);
  let use = nodeAt(scope, offset);
  const prefix = tail.startsWith('template.') ? 'template.' : '';
  if (prefix && scope.outer) {
    use = scope.outer;
    scope = scope.outer.scope;
  }
  const string = nodeAtOffset(doc.root, offset);
  const kinds = string?.type === 'string' ? expectedKinds(pathOf(string)) : undefined;
  const out: Completion[] = [];
  const item = (label: string, kind: Completion['kind'], detail: string, documentation: string | undefined, insertText: string, snippet: boolean, sort: string): Completion => ({
    label, kind, detail, documentation, insertText, snippet, replace, filterText: label, sortText: sort,
  });
  for (const name of scope.args.keys()) out.push(item(`${prefix}args.${name}`, 'variable', 'argument of the template', undefined, `${prefix}args.${name}${close}`, false, `1${name}`));
  for (const ref of refsBefore(scope, use)) {
    const trigger = scope.triggers.some((t) => t.ref === ref);
    if (trigger) {
      for (const p of ['branch', 'sha', 'repoUrl']) out.push(item(`${prefix}refs.${ref}.${p}`, 'reference', 'Git trigger', undefined, `${prefix}refs.${ref}.${p}${close}`, false, `2${ref}`));
      continue;
    }
    const n = nodesWithRef(scope, ref)[0];
    if (!n || (kinds && !kinds.includes(n.kind))) continue;
    for (const o of outputsOf(n)) {
      out.push(item(`${prefix}refs.${ref}.${o.path}`, 'reference', nodeDetail(n), `${o.what} (${describe(doc, n)})`, `${prefix}refs.${ref}.${o.path}${close}`, false, `${kinds ? '0' : '2'}${ref}`));
    }
  }
  if (!kinds) {
    for (const [name, f] of Object.entries(TEMPLATE_FUNCTIONS)) {
      const args = name === 'randomSecret' ? '${1:32}' : f.min > 0 ? '$1' : '';
      out.push(item(`${prefix}fn.${name}`, 'snippet', signature(name), f.description, `${prefix}fn.${name}(${args})${close === '}' ? '\\}' : ''}`, true, `3${name}`));
    }
  }
  return out;
}

function describe(doc: DefinitionDocument, n: TemplateNode): string {
  return `${n.kind} node at line ${doc.lines.positionAt(n.object.offset).line + 1}`;
}

