import { getProperty } from '../ast';
import type { Catalog } from '../catalog';
import type { DefinitionDocument } from '../document';
import { qoveryTargets } from '../rules/qovery';
import { checkAddonId } from '../values';
import { definitions, templateSpans, type Span } from './references';

/** A link in a definition file: to a place in the same file, or to a page of the platform. */
export type DocumentLink =
  | { span: Span; target: { offset: number }; tooltip: string }
  | { span: Span; url: string; tooltip: string };

export interface LinkOptions {
  /**
   * The address of the project's addon pages (the client knows it when signed in); an addon id is appended.
   * Without it, or without a live catalog, addon ids are no links.
   */
  addonPageBase?: string;
}

/**
 * The links of a file: a `${NAME}` template to the variable (or addon key alias) it names, a Qovery alias or
 * override target to the secret of the file it names, and, signed in, an addon id to its page on the platform.
 */
export function documentLinks(doc: DefinitionDocument, catalog: Catalog, options: LinkOptions = {}): DocumentLink[] {
  const out: DocumentLink[] = [];
  const toDefinition = (name: string, span: Span, tooltip: string): void => {
    const [definition] = definitions(doc, name);
    if (definition) out.push({ span, target: { offset: definition.offset }, tooltip });
  };
  if (doc.kind === 'northflank-secret') {
    for (const t of templateSpans(doc)) toDefinition(t.name, t.span, `Go to ${t.name}`);
    const base = options.addonPageBase;
    // Only an addon the project has: an unknown id is a problem, not a link.
    if (base && catalog.addons().status === 'live') {
      const deps = getProperty(doc.root, 'addonDependencies')?.value;
      for (const dep of deps?.type === 'array' ? deps.items : []) {
        const id = getProperty(dep, 'addonId')?.value;
        if (id?.type !== 'string' || checkAddonId(catalog, String(id.value))) continue;
        const quoted = doc.text[id.offset] === '"' || doc.text[id.offset] === "'";
        out.push({ span: quoted ? { offset: id.offset + 1, length: Math.max(0, id.length - 2) } : { offset: id.offset, length: id.length }, url: base + encodeURIComponent(String(id.value)), tooltip: `Open the addon ${String(id.value)} on the platform` });
      }
    }
  }
  if (doc.kind === 'qovery-secrets') {
    for (const section of ['aliases', 'overrides'] as const) {
      for (const t of qoveryTargets(doc.root, section)) {
        const quoted = doc.text[t.node.offset] === '"' || doc.text[t.node.offset] === "'";
        toDefinition(t.target, quoted ? { offset: t.node.offset + 1, length: Math.max(0, t.node.length - 2) } : { offset: t.node.offset, length: t.node.length }, `Go to the secret ${t.target}`);
      }
    }
  }
  return out;
}
