import { getProperty, type AstNode, type PropertyNode } from '../ast';
import { itemsOf, KEYED_SECTIONS, objectAt, stringProperty, valueSpan, type RuleContext } from './context';

/**
 * What stands for a value the person has not given yet: a pulled file's values, unless they were asked for. Such a
 * file validates otherwise, and pushing it would overwrite every real secret with this word: it is an error.
 */
export const PLACEHOLDER = 'REPLACE_ME';

export function isPlaceholder(value: unknown): boolean {
  return typeof value === 'string' && value.trim() === PLACEHOLDER;
}

function report(ctx: RuleContext, node: AstNode, what: string): void {
  ctx.report('placeholder-value', valueSpan(node), `${what} is still the placeholder ${PLACEHOLDER}: put the real value in (pushing it would replace the secret with this word).`);
}

/** A variable of a secret group whose value is the placeholder. */
export function variablePlaceholder(ctx: RuleContext, p: PropertyNode): void {
  if (p.value && isPlaceholder(p.value.type === 'string' ? p.value.value : undefined)) report(ctx, p.value, `The value of ${p.key}`);
}

/** A file (or Docker secret mount) of a secret group whose data is the placeholder. */
export function filePlaceholder(ctx: RuleContext, p: PropertyNode): void {
  const data = stringProperty(p.value, 'data');
  if (data && isPlaceholder(data.value)) report(ctx, data.node, `The data of ${p.key}`);
}

export function placeholderRules(ctx: RuleContext): void {
  const root = objectAt(ctx.doc.root);
  if (!root) return;
  if (ctx.doc.kind === 'northflank-secret') {
    const secrets = objectAt(getProperty(root, 'secrets')?.value);
    for (const p of objectAt(getProperty(secrets, 'variables')?.value)?.properties ?? []) variablePlaceholder(ctx, p);
    for (const section of KEYED_SECTIONS) {
      for (const p of objectAt(getProperty(secrets, section)?.value)?.properties ?? []) filePlaceholder(ctx, p);
    }
  } else if (ctx.doc.kind === 'qovery-secrets') {
    for (const section of ['secrets', 'overrides'] as const) {
      for (const item of itemsOf(getProperty(root, section)?.value)) {
        const value = stringProperty(item, 'value');
        const name = stringProperty(item, section === 'secrets' ? 'key' : 'target')?.value ?? 'this secret';
        if (value && isPlaceholder(value.value)) report(ctx, value.node, `The value of ${name}`);
      }
    }
  }
}
