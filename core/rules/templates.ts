/**
 * `${NAME}` references, as Northflank resolves them in variable values and file contents. `${env:NAME}` is ours
 * (core/env, resolved before a push): the colon keeps it out of this pattern, so no template rule ever reads it.
 */
export const TEMPLATE_REFERENCE = /\$\{([A-Za-z0-9_./-]+)\}/g;

export interface TemplateReference {
  name: string;
  /** Offset of `${` within the searched text. */
  index: number;
  length: number;
}

export function templateReferences(text: string): TemplateReference[] {
  const out: TemplateReference[] = [];
  for (const m of text.matchAll(TEMPLATE_REFERENCE)) out.push({ name: m[1], index: m.index, length: m[0].length });
  return out;
}
