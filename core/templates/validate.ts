import { getProperty, type AstNode } from '../ast';
import type { Catalog } from '../catalog';
import type { Diagnostic, DiagnosticCode } from '../diagnostics';
import type { DefinitionDocument } from '../document';
import { createContext } from '../rules/context';
import type { UnknownValue } from '../schema/engine';
import { checkDuplicateRefs, checkExpressions, checkRefKinds } from './check';
import { templateExpressions } from './expressions';
import { addonType, secretGroupNodes, secretGroupView, templateCatalog } from './groups';
import { templateModel, type TemplateNode } from './tree';

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
  const before = groupCache.get(doc.path);
  const now = new Map<string, Diagnostic[]>();
  for (const node of secretGroupNodes(model)) {
    const spec = node.spec as AstNode;
    const key = groupKey(doc, node);
    let found = before?.get(key) ?? now.get(key);
    if (!found) {
      found = [];
      const projectId = getProperty(spec, 'projectId');
      for (const d of validateTree(secretGroupView(doc, node), templateCatalog(model, node.scope), unknown)) {
        // A node may carry its project context in its spec: `projectId` is the template's, not the secret group's.
        if (d.code === 'unknown-property' && projectId && doc.lines.offsetAt(d.range.start) === projectId.keyOffset) continue;
        if (!SAMENESS.has(d.code) && hasExpression(textOf(doc, d))) continue;
        found.push({ ...d, message: inGroup(d.message) });
      }
    }
    now.set(key, found);
    for (const d of found) out.push({ ...d });
  }
  // Only the latest template's groups are kept, and only for the last few files validated.
  groupCache.delete(doc.path);
  groupCache.set(doc.path, now);
  if (groupCache.size > GROUP_CACHE_FILES) groupCache.delete(groupCache.keys().next().value as string);
  const ctx = createContext(doc, templateCatalog(model), out);
  checkExpressions(doc, model, ctx.report);
  checkRefKinds(doc, model, ctx.report);
  checkDuplicateRefs(doc, model, ctx.report);
  return out;
}

/**
 * A secret group's diagnostics depend on its spec's text, on where it starts (ranges are lines and characters: typing
 * on another line moves nothing) and on the addons of its scope (their keys complete and check `keyName`). So after
 * an edit the groups it did not touch keep their diagnostics: a template of 5,000 variables in 10 groups validates
 * one group per keystroke, not ten. Bounded: the groups of the last validation of the last few files.
 */
const groupCache = new Map<string, Map<string, Diagnostic[]>>();
const GROUP_CACHE_FILES = 8;

function groupKey(doc: DefinitionDocument, node: TemplateNode): string {
  const spec = node.spec as AstNode;
  const start = doc.lines.positionAt(spec.offset);
  const addons = node.scope.nodes.filter((n) => n.kind === 'Addon').map((n) => `${n.ref ?? ''}=${addonType(n) ?? ''}`).join(',');
  // A copy, not a slice: a slice would keep this version of the whole text alive in the cache.
  const text = JSON.parse(JSON.stringify(doc.text.slice(spec.offset, spec.offset + spec.length))) as string;
  return `${start.line}:${start.character}\u0000${addons}\u0000${text}`;
}

function textOf(doc: DefinitionDocument, d: Diagnostic): string {
  return doc.text.slice(doc.lines.offsetAt(d.range.start), doc.lines.offsetAt(d.range.end));
}

/** The schema's messages speak of "the file" for a group's top level; here the group is a node's spec. */
function inGroup(message: string): string {
  return message.replace(/^The file\b/, 'The secret group\'s "spec"').replace(/ at the top level\./, ' in the secret group\'s "spec".');
}
