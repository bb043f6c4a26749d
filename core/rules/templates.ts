import { EXPRESSION_ROOTS } from '../templates/expressions';

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

/**
 * The `${NAME}` references of a text. In a secret group inside a Northflank template (`inTemplate`), `${args.X}`,
 * `${refs.X...}` and the like are the template's expressions, resolved before the group exists: not references.
 */
export function templateReferences(text: string, inTemplate = false): TemplateReference[] {
  const out: TemplateReference[] = [];
  for (const m of text.matchAll(TEMPLATE_REFERENCE)) {
    if (inTemplate && EXPRESSION_NAME.test(m[1])) continue;
    out.push({ name: m[1], index: m.index, length: m[0].length });
  }
  return out;
}

const EXPRESSION_NAME = new RegExp(`^(${EXPRESSION_ROOTS.join('|')})\\.`);
