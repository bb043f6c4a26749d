import { getProperty, type AstNode } from '../ast';
import type { Catalog } from '../catalog';
import type { Diagnostic, DiagnosticCode } from '../diagnostics';
import type { DefinitionDocument } from '../document';
import { createContext } from '../rules/context';
import type { UnknownValue } from '../schema/engine';
import { checkDuplicateRefs, checkExpressions, checkRefKinds } from './check';
import { templateExpressions } from './expressions';
import { secretGroupNodes, secretGroupView, templateCatalog } from './groups';
import { templateModel } from './tree';

/** Validates a tree as a document of its kind: validate.ts's validateTree, passed in to keep the imports one way. */
export type TreeValidator = (view: DefinitionDocument, catalog: Catalog, unknown: UnknownValue) => Diagnostic[];

/**
 * Rules that compare values with each other: two equal expressions are the same value whatever it turns out to be,
 * so these stay reported even when the values are expressions.
 */
const SAMENESS: ReadonlySet<DiagnosticCode> = new Set(['duplicate-key', 'duplicate-item', 'nf-duplicate-addon', 'nf-duplicate-key-name', 'nf-alias-collision']);

/**
 * The diagnostics a template adds to its envelope's: every SecretGroup node's `spec` validated as a secret group (the
 * same schema and rules, the same codes, ranges inside the template), then the template's expressions and refs.
 */
export function templateDiagnostics(doc: DefinitionDocument, validateTree: TreeValidator): Diagnostic[] {
  const model = templateModel(doc);
  if (!model) return [];
  const out: Diagnostic[] = [];
  const hasExpression = (raw: string): boolean => raw.includes('${') && templateExpressions(raw, 0).length > 0;
  // A value that is an expression is not known before the template runs: no schema error about it.
  const unknown: UnknownValue = (node, key) => (key !== undefined ? hasExpression(JSON.stringify(key)) : node.type === 'string' && hasExpression(doc.text.slice(node.offset, node.offset + node.length)));
  for (const node of secretGroupNodes(model)) {
    const spec = node.spec as AstNode;
    const projectId = getProperty(spec, 'projectId');
    for (const d of validateTree(secretGroupView(doc, node), templateCatalog(model, node.scope), unknown)) {
      // A node may carry its project context in its spec: `projectId` is the template's, not the secret group's.
      if (d.code === 'unknown-property' && projectId && doc.lines.offsetAt(d.range.start) === projectId.keyOffset) continue;
      if (!SAMENESS.has(d.code) && hasExpression(textOf(doc, d))) continue;
      out.push({ ...d, message: inGroup(d.message) });
    }
  }
  const ctx = createContext(doc, templateCatalog(model), out);
  checkExpressions(doc, model, ctx.report);
  checkRefKinds(doc, model, ctx.report);
  checkDuplicateRefs(doc, model, ctx.report);
  return out;
}

function textOf(doc: DefinitionDocument, d: Diagnostic): string {
  return doc.text.slice(doc.lines.offsetAt(d.range.start), doc.lines.offsetAt(d.range.end));
}

/** The schema's messages speak of "the file" for a group's top level; here the group is a node's spec. */
function inGroup(message: string): string {
  return message.replace(/^The file\b/, 'The secret group\'s "spec"').replace(/ at the top level\./, ' in the secret group\'s "spec".');
}
