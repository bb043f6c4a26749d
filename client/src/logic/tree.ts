import type { SecretGroupSummary } from '../../../api/northflank';
import type { ProjectSecret } from '../../../api/qovery';

/** The words the tree shows for things, kept apart from VS Code so they can be tested. */

export const MASKED = '••••••••';

/** "restricted to api (service), migrate (job) and tags frontend" — or "all resources of the project". */
export function restrictionSummary(r: SecretGroupSummary['restrictions'] | undefined): string {
  if (!r?.restricted) return 'all resources of the project';
  const objects = (r.nfObjects ?? []).map((o) => `${o.id} (${o.type})`);
  const tags = r.tags?.length ? [`tag${r.tags.length === 1 ? '' : 's'} ${r.tags.join(r.tagMatchCondition === 'and' ? ' and ' : ' or ')}`] : [];
  const all = [...objects, ...tags];
  return all.length ? `restricted to ${all.join(', ')}` : 'restricted to nothing (no resource can read it)';
}

export function groupDescription(g: Pick<SecretGroupSummary, 'type' | 'secretType' | 'priority'>): string {
  return [g.type ?? 'secret', g.secretType, `priority ${g.priority}`].join(' · ');
}

/** VALUE, ALIAS, OVERRIDE or FILE, as the tree labels a Qovery secret. */
export function qoveryKind(s: Pick<ProjectSecret, 'variable_type' | 'aliased_secret' | 'overridden_secret' | 'mount_path'>): 'VALUE' | 'ALIAS' | 'OVERRIDE' | 'FILE' | 'BUILT_IN' {
  if (s.aliased_secret || s.variable_type === 'ALIAS') return 'ALIAS';
  if (s.overridden_secret || s.variable_type === 'OVERRIDE') return 'OVERRIDE';
  if (s.mount_path || s.variable_type === 'FILE') return 'FILE';
  if (s.variable_type === 'BUILT_IN') return 'BUILT_IN';
  return 'VALUE';
}

export function qoveryDescription(s: ProjectSecret): string {
  const kind = qoveryKind(s);
  const target = kind === 'ALIAS' && s.aliased_secret ? ` → ${s.aliased_secret.key}` : kind === 'OVERRIDE' && s.overridden_secret ? ` of ${s.overridden_secret.key} (${s.overridden_secret.scope})` : '';
  return `${s.scope} · ${kind}${target}`;
}

/** Qovery secrets sorted as a person reads them: higher scopes first, then by key. */
export function sortQoverySecrets(secrets: readonly ProjectSecret[]): ProjectSecret[] {
  const rank = (scope: string) => ['BUILT_IN', 'PROJECT', 'ENVIRONMENT', 'APPLICATION', 'CONTAINER', 'JOB', 'HELM', 'TERRAFORM'].indexOf(scope);
  return [...secrets].sort((a, b) => rank(a.scope) - rank(b.scope) || a.key.localeCompare(b.key));
}
