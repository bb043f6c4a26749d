import { getProperty, type AstNode, type ScalarNode } from '../ast';
import type { QoverySecretInfo } from '../catalog';
import { aliasProblem, overrideProblem } from '../plan/qoveryRules';
import { didYouMean } from '../suggest';
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

  const remote = ctx.catalog.qoverySecrets(stringProperty(root, 'project')?.value);
  const live = remote.status === 'live' ? remote.items : undefined;

  for (const { target, node } of qoveryTargets(root, 'aliases')) {
    if (aliasKeys.has(target)) {
      ctx.report('qovery-alias-of-alias', valueSpan(node), `"${target}" is itself an alias in this file; Qovery allows one level of alias only: target the secret "${target}" aliases instead.`);
      continue;
    }
    if (secretKeys.has(target) || !live) continue;
    checkLiveTarget(ctx, live, target, node, 'alias');
  }

  const overridden = new Set<string>();
  for (const { target, node } of qoveryTargets(root, 'overrides')) {
    if (overridden.has(target)) {
      ctx.report('qovery-duplicate-override', valueSpan(node), `"${target}" is overridden twice in this file; keep one override.`);
      continue;
    }
    overridden.add(target);
    if (secretKeys.has(target)) {
      ctx.report('qovery-override-same-scope', valueSpan(node), `"${target}" is a secret of this file (project scope): change its value there; an override is for a secret of a higher scope.`);
      continue;
    }
    if (live) checkLiveTarget(ctx, live, target, node, 'override');
  }

  // Seed 004: "if the secret value points toward an existing secret key, it will be considered as an alias".
  const remoteKeys = new Set((live ?? []).map((s) => s.key));
  const allKeys = new Set([...secretKeys, ...aliasKeys]);
  for (const item of itemsOf(getProperty(root, 'secrets')?.value)) {
    const value = stringProperty(item, 'value');
    const key = stringProperty(item, 'key')?.value;
    if (value && value.value !== key && (allKeys.has(value.value) || remoteKeys.has(value.value))) {
      const where = allKeys.has(value.value) ? 'of this file' : 'known in Qovery';
      ctx.report('qovery-value-is-key', valueSpan(value.node), `The value of "${key ?? 'this secret'}" is the key of another secret ${where}, "${value.value}": Qovery creates a secret whose value is an existing key as an alias of that secret, not with this text. Declare an alias if that is meant; otherwise change the value.`);
    }
  }

  for (const item of itemsOf(getProperty(root, 'secrets')?.value)) {
    const interpolation = getProperty(item, 'enable_interpolation_in_file');
    // `null` is "not set", as the API reads it (its spec declares these fields nullable).
    const mountPath = getProperty(item, 'mount_path')?.value;
    if (interpolation && interpolation.value?.type !== 'null' && (!mountPath || mountPath.type === 'null')) {
      ctx.report('qovery-interpolation-without-mount-path', keySpan(interpolation), '"enable_interpolation_in_file" only applies to a file secret: add "mount_path" or remove it.');
    }
  }
}

/** With a live catalog only: a target that does not exist, is an alias, or sits at a scope that cannot be aliased/overridden from the project. */
function checkLiveTarget(ctx: RuleContext, live: QoverySecretInfo[], target: string, node: ScalarNode, what: 'alias' | 'override'): void {
  const found = live.filter((s) => s.key === target);
  if (found.length === 0) {
    const suggestions = didYouMean(target, live.map((s) => s.key));
    ctx.report('qovery-unknown-target', valueSpan(node), `No secret "${target}" exists in this project or above it.${suggestions.length ? ` Did you mean "${suggestions[0]}"?` : ''}`, suggestions.length ? { suggestions } : undefined);
    return;
  }
  // Qovery's rules, from the one place the plan, the CLI and the stand-in use too: a target is acceptable when
  // one of the secrets of that key is.
  const problems = found.map((s) => (what === 'alias' ? aliasProblem(s) : overrideProblem(s)));
  if (problems.some((p) => p === undefined)) return;
  const problem = problems[0] as string;
  ctx.report(what === 'alias' && found.every((s) => s.variableType === 'ALIAS') ? 'qovery-alias-of-alias' : 'qovery-target-scope', valueSpan(node), problem);
}
