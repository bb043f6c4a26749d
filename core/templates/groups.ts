/**
 * The secret groups of a template: each SecretGroup node's `spec` is the body of a secret group, so it is read as a
 * `northflank-secret` document of its own — the same schema, rules, completion and hover as a standalone file —
 * whose root is that `spec`. Offsets stay those of the template, so every range falls inside it.
 */
import { getProperty, type AstNode } from '../ast';
import { offlineAddonKeysFor, OFFLINE_CATALOG, type Catalog } from '../catalog';
import type { DefinitionDocument } from '../document';
import { templateExpressions, type Expr } from './expressions';
import { nodesWithRef, templateModel, type TemplateModel, type TemplateNode, type TemplateScope } from './tree';

/** The SecretGroup nodes whose `spec` is an object, in document order. */
export function secretGroupNodes(model: TemplateModel): TemplateNode[] {
  return model.nodes.filter((n) => n.kind === 'SecretGroup' && n.spec?.type === 'object');
}

/** A SecretGroup node's `spec` as a secret group document (same text, lines and offsets as the template). */
export function secretGroupView(doc: DefinitionDocument, node: TemplateNode): DefinitionDocument {
  return { ...doc, kind: 'northflank-secret', root: node.spec, problems: [], container: 'northflank-template' };
}

/**
 * The secret group view around an offset: the SecretGroup node whose `spec` holds it (with `withKey`, the `spec` key
 * too: a diagnostic about the group's top level sits there).
 */
export function secretGroupAt(doc: DefinitionDocument, offset: number, withKey = false): { node: TemplateNode; view: DefinitionDocument } | undefined {
  if (doc.kind !== 'northflank-template') return undefined;
  const model = templateModel(doc);
  if (!model) return undefined;
  let found: TemplateNode | undefined;
  for (const n of secretGroupNodes(model)) {
    const spec = n.spec as AstNode;
    const start = withKey && spec.property ? spec.property.keyOffset : spec.offset;
    if (offset >= start && offset <= spec.offset + spec.length && (!found || spec.offset >= (found.spec as AstNode).offset)) found = n;
  }
  return found ? { node: found, view: secretGroupView(doc, found) } : undefined;
}

/** The one expression a whole string value is, such as `"${refs.database.id}"`. */
export function soleExpression(doc: DefinitionDocument, node: AstNode | undefined): Expr | undefined {
  if (node?.type !== 'string') return undefined;
  const raw = doc.text.slice(node.offset, node.offset + node.length);
  const found = templateExpressions(raw, node.offset);
  if (found.length !== 1 || !found[0].expr) return undefined;
  const quote = raw[0] === '"' || raw[0] === "'" ? 1 : 0;
  const { offset, length } = found[0].found;
  return offset === node.offset + quote && offset + length === node.offset + node.length - quote ? found[0].expr : undefined;
}

/** The node a `refs.<ref>` path names in a scope, when exactly one node has that ref. */
export function referencedNode(scope: TemplateScope, e: Expr | undefined): TemplateNode | undefined {
  if (e?.type !== 'path' || e.root !== 'refs' || e.template || e.segments.length === 0) return undefined;
  const nodes = nodesWithRef(scope, e.segments[0].name);
  return nodes.length === 1 ? nodes[0] : undefined;
}

/** The `type` of an Addon node (`postgresql`, `mongodb`...), when the template says it literally. */
export function addonType(node: TemplateNode): string | undefined {
  const type = getProperty(node.spec, 'type')?.value;
  return type?.type === 'string' && !String(type.value).includes('${') ? (type.value as string) : undefined;
}

/**
 * What a secret group inside a template may be checked against. The template's project may not exist yet, and its
 * addons, services and jobs are nodes of the template: nothing is live. An addon dependency on `${refs.<addon>.id}`
 * gets the well-known keys of that Addon node's type (offline defaults: for completion, never for errors).
 */
export function templateCatalog(model: TemplateModel, scope: TemplateScope = model.main): Catalog {
  return {
    ...OFFLINE_CATALOG,
    addonKeys: (addonId) => {
      const expr = templateExpressions(JSON.stringify(addonId), 0)[0]?.expr;
      const node = referencedNode(scope, expr);
      return offlineAddonKeysFor(node?.kind === 'Addon' ? addonType(node) : undefined);
    },
  };
}
