import { getProperty, type AstNode, type ScalarNode } from '../ast';
import { checkQoveryTarget, qoverySecretsOf, type QoveryFileKeys, type QoverySection } from '../values';
import { itemsOf, keySpan, objectAt, stringProperty, valueSpan, type RuleContext } from './context';


export interface QoveryKeyEntry {
  key: string;
  node: ScalarNode;
  section: 'secrets' | 'aliases';
}

export function qoveryKeys(root: AstNode | undefined, section: 'secrets' | 'aliases'): QoveryKeyEntry[] {
  const out: QoveryKeyEntry[] = [];
  for (const item of itemsOf(getProperty(root, section)?.value)) {
    const key = stringProperty(item, 'key');
    if (key) out.push({ key: key.value, node: key.node, section });
  }
  return out;
}

export function qoveryTargets(root: AstNode | undefined, section: 'aliases' | 'overrides'): { target: string; node: ScalarNode }[] {
  const out: { target: string; node: ScalarNode }[] = [];
  for (const item of itemsOf(getProperty(root, section)?.value)) {
    const t = stringProperty(item, 'target');
    if (t) out.push({ target: t.value, node: t.node });
  }
  return out;
}

export function qoveryRules(ctx: RuleContext): void {
  const root = objectAt(ctx.doc.root);
  if (!root) return;
  const secrets = qoveryKeys(root, 'secrets');
  const aliases = qoveryKeys(root, 'aliases');
  const secretKeys = new Set(secrets.map((s) => s.key));
  const aliasKeys = new Set(aliases.map((a) => a.key));

  const exact = new Map<string, QoveryKeyEntry>();
  const folded = new Map<string, QoveryKeyEntry>();
  for (const entry of [...secrets, ...aliases]) {
    const first = exact.get(entry.key);
    const similar = folded.get(entry.key.toLowerCase());
    if (first) {
      if (first.section === 'secrets' && entry.section === 'aliases') {
        ctx.report('qovery-alias-collision', valueSpan(entry.node), `The alias key "${entry.key}" is already the key of a secret in this file; an alias needs a key of its own.`);
      } else {
        ctx.report('qovery-duplicate-key', valueSpan(entry.node), `The key "${entry.key}" is already defined in "${first.section}" of this file; keys must be unique.`);
      }
    } else if (similar) {
      ctx.report('qovery-key-case', valueSpan(entry.node), `The key "${entry.key}" differs from "${similar.key}" only in case: Qovery keys are case-sensitive, so these are two variables; is that intended?`);
    }
    if (!first) exact.set(entry.key, entry);
    if (!similar) folded.set(entry.key.toLowerCase(), entry);
  }

  // Targets are checked by the value provider completion and hover use too (core/values.ts).
  const remote = qoverySecretsOf(root, ctx.catalog);
  const file: QoveryFileKeys = { secrets: secretKeys, aliases: aliasKeys };
  const check = (target: string, node: ScalarNode, section: QoverySection): void => {
    const rejection = checkQoveryTarget(file, remote, target, section);
    if (rejection) ctx.report(rejection.code, valueSpan(node), rejection.message, rejection.data);
  };

  for (const { target, node } of qoveryTargets(root, 'aliases')) check(target, node, 'aliases');

  const overridden = new Set<string>();
  for (const { target, node } of qoveryTargets(root, 'overrides')) {
    if (overridden.has(target)) {
      ctx.report('qovery-duplicate-override', valueSpan(node), `"${target}" is overridden twice in this file; keep one override.`);
      continue;
    }
    overridden.add(target);
    check(target, node, 'overrides');
  }

  for (const item of itemsOf(getProperty(root, 'secrets')?.value)) {
    const interpolation = getProperty(item, 'enable_interpolation_in_file');
    if (interpolation && !getProperty(item, 'mount_path')) {
      ctx.report('qovery-interpolation-without-mount-path', keySpan(interpolation), '"enable_interpolation_in_file" only applies to a file secret: add "mount_path" or remove it.');
    }
  }
}
