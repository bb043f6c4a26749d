import type { SecretGroupSummary } from '../../../api/northflank';
import type { ProjectSecret } from '../../../api/qovery';
import { stripControls } from '../../../api/serverText';
import { qoveryVariableType, scopeRank, type QoveryVariableType } from '../../../core/plan';

/** The words the tree shows for things, kept apart from VS Code so they can be tested. */

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

/** VALUE, ALIAS, OVERRIDE, FILE or BUILT_IN, as the tree labels a Qovery secret (the core decides). */
export function qoveryKind(s: Pick<ProjectSecret, 'variable_type' | 'aliased_secret' | 'overridden_secret' | 'mount_path'>): QoveryVariableType {
  return qoveryVariableType(s);
}

export function qoveryDescription(s: ProjectSecret): string {
  const kind = qoveryKind(s);
  const target = kind === 'ALIAS' && s.aliased_secret ? ` → ${s.aliased_secret.key}` : kind === 'OVERRIDE' && s.overridden_secret ? ` of ${s.overridden_secret.key} (${s.overridden_secret.scope})` : '';
  return `${s.scope} · ${kind}${target}`;
}

/** Qovery secrets sorted as a person reads them: higher scopes first, then by key. */
export function sortQoverySecrets(secrets: readonly ProjectSecret[]): ProjectSecret[] {
  return [...secrets].sort((a, b) => scopeRank(a.scope) - scopeRank(b.scope) || a.key.localeCompare(b.key));
}

/** The texts of a tree item, as VS Code's TreeItem holds them (a label may be an object with its highlights). */
export interface ItemTexts {
  label?: string | { label: string };
  description?: string | boolean;
  tooltip?: string | object;
}

/**
 * Names, paths, descriptions and revealed values in the tree come from a platform: untrusted text. Its control
 * characters (terminal escapes, bidi overrides, zero-width characters, line breaks) are removed before it is shown,
 * as everywhere else a server's text is shown (api/serverText.ts).
 */
export function withoutControls<T extends ItemTexts>(item: T): T {
  if (typeof item.label === 'string') item.label = stripControls(item.label);
  else if (item.label) item.label.label = stripControls(item.label.label);
  if (typeof item.description === 'string') item.description = stripControls(item.description);
  if (typeof item.tooltip === 'string') item.tooltip = stripControls(item.tooltip, { multiline: true });
  return item;
}
