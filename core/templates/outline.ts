import { getProperty, type AstNode } from '../ast';
import type { DefinitionDocument } from '../document';
import type { OutlineSymbol } from '../features/outline';
import { secretGroupView } from './groups';
import { templateModel, type TemplateModel, type TemplateNode } from './tree';

/**
 * The outline of a template: its fields (argument names, never their values), then its nodes as a tree — workflows
 * hold their steps, a Pipeline node its release flow and preview templates, and each SecretGroup node the outline of
 * its secret group (`plain`: the outline of any document, here of the group's spec).
 */
export function templateOutline(doc: DefinitionDocument, plain: (doc: DefinitionDocument) => OutlineSymbol[]): OutlineSymbol[] | undefined {
  if (doc.kind !== 'northflank-template') return undefined;
  const model = templateModel(doc);
  if (!model || doc.root?.type !== 'object') return undefined;
  const out: OutlineSymbol[] = [];
  for (const p of doc.root.properties) {
    const value = p.value;
    const range = { offset: p.keyOffset, length: Math.max(p.keyLength, (value ? value.offset + value.length : 0) - p.keyOffset) };
    const selection = { offset: p.keyOffset, length: p.keyLength };
    if (p.key === 'spec' || p.key === 'teardownSpec') {
      const nodes = model.main.nodes.filter((n) => !n.parent && n.object.offset >= range.offset && n.end <= range.offset + range.length);
      out.push({ name: p.key, kind: 'object', range, selection, children: nodes.map((n) => nodeSymbol(doc, model, n, plain)) });
    } else if ((p.key === 'arguments' || p.key === 'argumentOverrides') && value?.type === 'object') {
      // Names only: argument values may be secrets.
      const children = value.properties.map((a): OutlineSymbol => ({ name: a.key || '""', kind: 'variable', range: { offset: a.offset, length: a.length }, selection: { offset: a.keyOffset, length: a.keyLength }, children: [] }));
      out.push({ name: p.key, kind: 'object', range, selection, children });
    } else {
      const detail = value?.type === 'string' && ['apiVersion', 'name', 'description', '$schema'].includes(p.key) ? String(value.value) : undefined;
      out.push({ name: p.key, ...(detail ? { detail } : {}), kind: value?.type ?? 'null', range, selection, children: [] });
    }
  }
  return out;
}

function nodeSymbol(doc: DefinitionDocument, model: TemplateModel, n: TemplateNode, plain: (doc: DefinitionDocument) => OutlineSymbol[]): OutlineSymbol {
  const name = n.ref ?? stringOf(getProperty(n.spec, 'name')?.value) ?? n.kind;
  const type = n.kind === 'Workflow' ? stringOf(getProperty(n.spec, 'type')?.value) : undefined;
  const children: OutlineSymbol[] = n.children.map((c) => nodeSymbol(doc, model, c, plain));
  if (n.kind === 'Pipeline') {
    for (const scope of model.scopes.filter((s) => s.outer === n)) {
      for (const c of scope.nodes.filter((x) => !x.parent)) children.push(nodeSymbol(doc, model, c, plain));
    }
  }
  if (n.kind === 'SecretGroup' && n.spec?.type === 'object') children.push(...plain(secretGroupView(doc, n)));
  const selectionNode = n.refNode ?? n.kindNode;
  return {
    name,
    detail: type ? `${n.kind} · ${type}` : n.kind,
    kind: n.kind === 'SecretGroup' ? 'key' : 'object',
    range: { offset: n.object.offset, length: n.object.length },
    selection: { offset: selectionNode.offset, length: selectionNode.length },
    children,
  };
}

function stringOf(node: AstNode | undefined): string | undefined {
  return node?.type === 'string' ? (node.value as string) : undefined;
}
