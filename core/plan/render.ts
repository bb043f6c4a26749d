/**
 * Masked renderings: a plan as text (names and verdicts only; a plan never holds a value), and a definition with
 * every secret value replaced by a mask, in a stable layout for a side-by-side diff. Nothing here can print a
 * value: the plan has none, and the redaction replaces every value the schemas call a secret before rendering.
 */
import { stringify } from 'yaml';
import type { FileKind } from '../kinds';
import { MASK, MASK_CHANGED } from '../mask';
import { qoveryEntryKind } from './qoveryRules';
import { countChanges, type Change, type NfRemoteGroup, type NfRemoteLink, type Plan, type PlanItem, type QoveryRemoteSecret } from './types';

export { MASK, MASK_CHANGED };
/** What stands for a value the platform never returns. */
export const NOT_RETURNED = '(not returned by the platform)';

const SYMBOL: Record<Change, string> = { create: '+', update: '~', delete: '-', unchanged: '=', write: '?', keep: '!', blocked: 'x' };
const VERB: Record<Change, string> = { create: 'create', update: 'change', delete: 'remove', unchanged: 'unchanged', write: 'write', keep: 'keep', blocked: 'blocked' };
const SUBJECT: Record<PlanItem['subject'], string> = {
  group: 'secret group', field: 'field', variable: 'variable', file: 'file', 'docker-secret-mount': 'docker secret mount',
  'addon-dependency': 'addon', 'external-addon-dependency': 'external addon', link: 'addon link', 'link-key': 'key',
  secret: 'secret', alias: 'alias', override: 'override',
};

export interface RenderOptions {
  /** List unchanged items one by one (default: only their count). */
  showUnchanged?: boolean;
}

/** The plan as lines of text: one per item (`+ variable NODE_ENV  create`), then a summary line. */
export function renderPlan(plan: Plan, options: RenderOptions = {}): string[] {
  const shown = plan.items.filter((i) => options.showUnchanged || i.change !== 'unchanged');
  const labels = shown.map((i) => `${SUBJECT[i.subject]} ${i.name}`);
  const width = Math.min(48, Math.max(0, ...labels.map((l) => l.length)));
  const lines = shown.map((item, n) => `  ${SYMBOL[item.change]} ${labels[n].padEnd(width)}  ${VERB[item.change]}${item.detail ? `: ${item.detail}` : ''}`);
  lines.push(`  ${summarizePlan(plan)}`);
  return lines;
}

/** "2 to create, 1 to change, 3 unchanged", or "Up to date (3 unchanged)". */
export function summarizePlan(plan: Plan): string {
  const c = countChanges(plan);
  const parts: string[] = [];
  if (c.create) parts.push(`${c.create} to create`);
  if (c.update) parts.push(`${c.update} to change`);
  if (c.delete) parts.push(`${c.delete} to remove`);
  if (c.write) parts.push(`${c.write} to write (cannot compare)`);
  if (c.keep) parts.push(`${c.keep} only in ${plan.platform === 'qovery' ? 'Qovery' : 'Northflank'} (kept)`);
  if (c.blocked) parts.push(`${c.blocked} blocked`);
  if (!parts.length) return `Up to date (${c.unchanged} unchanged).`;
  if (c.unchanged) parts.push(`${c.unchanged} unchanged`);
  return `${parts.join(', ')}.`;
}

/** The names of values the plan knows to differ (variables, files, mounts), for `redactDefinition`'s marks. */
export function changedValueNames(plan: Plan): Set<string> {
  return new Set(plan.items.filter((i) => (i.subject === 'variable' || i.subject === 'file' || i.subject === 'docker-secret-mount') && i.change === 'update').map((i) => i.name));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function maskMap(map: unknown, changed: ReadonlySet<string>, field?: string): unknown {
  if (!isRecord(map)) return map;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(map).sort()) {
    const mask = changed.has(key) ? MASK_CHANGED : MASK;
    const entry = map[key];
    if (field === undefined) out[key] = mask;
    else out[key] = isRecord(entry) ? { ...entry, [field]: mask } : mask;
  }
  return out;
}

/**
 * A copy of a definition with every secret value masked: Northflank variables and the data of files and docker
 * secret mounts; Qovery secret and override values. Values in `changed` (by key or path) get MASK_CHANGED.
 * Anything of an unexpected shape where a value belongs is masked whole.
 */
export function redactDefinition(kind: FileKind, value: unknown, changed: ReadonlySet<string> = new Set()): unknown {
  if (!isRecord(value)) return value;
  const copy: Record<string, unknown> = structuredClone(value);
  delete copy.$schema;
  if (kind === 'northflank-secret' && copy.secrets !== undefined) {
    const s = copy.secrets;
    if (!isRecord(s)) copy.secrets = MASK;
    else {
      const out: Record<string, unknown> = { ...s };
      if (s.variables !== undefined) out.variables = isRecord(s.variables) ? maskMap(s.variables, changed) : MASK;
      if (s.files !== undefined) out.files = isRecord(s.files) ? maskMap(s.files, changed, 'data') : MASK;
      if (s.dockerSecretMounts !== undefined) out.dockerSecretMounts = isRecord(s.dockerSecretMounts) ? maskMap(s.dockerSecretMounts, changed, 'data') : MASK;
      for (const key of Object.keys(out)) if (!['variables', 'files', 'dockerSecretMounts'].includes(key)) out[key] = MASK;
      copy.secrets = out;
    }
  }
  if (kind === 'qovery-secrets') {
    for (const list of ['secrets', 'overrides'] as const) {
      const items = copy[list];
      if (items === undefined) continue;
      copy[list] = Array.isArray(items)
        ? items.map((item) => (isRecord(item) && item.value !== undefined ? { ...item, value: changed.has(String(item.key ?? item.target)) ? MASK_CHANGED : MASK } : isRecord(item) ? item : MASK))
        : MASK;
    }
  }
  return copy;
}

/** Every secret value of a definition (the ones `redactDefinition` masks), so that messages can mask them too. */
export function secretValuesIn(kind: FileKind, value: unknown): string[] {
  const out: string[] = [];
  const add = (v: unknown) => {
    if (typeof v === 'string' && v) out.push(v);
  };
  if (!isRecord(value)) return out;
  if (kind === 'northflank-secret' && isRecord(value.secrets)) {
    const s = value.secrets;
    if (isRecord(s.variables)) Object.values(s.variables).forEach(add);
    for (const files of [s.files, s.dockerSecretMounts]) if (isRecord(files)) for (const f of Object.values(files)) if (isRecord(f)) add(f.data);
  }
  if (kind === 'qovery-secrets') {
    for (const list of [value.secrets, value.overrides]) if (Array.isArray(list)) for (const item of list) if (isRecord(item)) add(item.value);
  }
  return out;
}

/** A redacted definition as text, keys in a stable order, for a side-by-side diff. */
export function renderRedacted(kind: FileKind, value: unknown, format: 'yaml' | 'json' = 'yaml', changed?: ReadonlySet<string>): string {
  const redacted = redactDefinition(kind, value, changed);
  return format === 'json' ? `${JSON.stringify(redacted, null, 2)}\n` : stringify(redacted, { sortMapEntries: false, lineWidth: 0 });
}

/** A remote Northflank group in the shape of a definition file (for the remote side of a diff): values masked later. */
export function northflankRemoteAsDefinition(group: NfRemoteGroup, links: readonly NfRemoteLink[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = { name: group.name };
  if (group.description !== undefined) out.description = group.description;
  if (group.tags?.length) out.tags = group.tags;
  if (group.type !== undefined) out.type = group.type;
  out.secretType = group.secretType;
  out.priority = group.priority;
  if (group.restrictions && Object.keys(group.restrictions).length) out.restrictions = group.restrictions;
  const linked = links.filter((l) => l.linked).map((l) => ({ addonId: l.addonId, keys: l.linkedKeys.map((k) => ({ keyName: k.keyName, ...(k.aliases?.length ? { aliases: k.aliases } : {}) })) }));
  if (linked.length) out.addonDependencies = linked;
  if (Object.keys(group.secrets).length) out.secrets = group.secrets;
  return out;
}

/**
 * The remote side of a push preview without the defaults the file leaves out and the plan counts as equal
 * (Northflank answers `type: secret` and `restrictions: {restricted: false}` for a group created without them):
 * so the diff shows what the push changes, and nothing else.
 */
export function withoutOmittedDefaults(kind: FileKind, remote: Record<string, unknown>, local: Record<string, unknown>): Record<string, unknown> {
  if (kind !== 'northflank-secret') return remote;
  const out = { ...remote };
  if (local.type === undefined && out.type === 'secret') delete out.type;
  const r = out.restrictions;
  const unrestricted = isRecord(r) && r.restricted !== true && !(Array.isArray(r.nfObjects) && r.nfObjects.length) && !(Array.isArray(r.tags) && r.tags.length);
  if (local.restrictions === undefined && unrestricted) delete out.restrictions;
  return out;
}

/** Qovery's project secrets in the shape of a definition file; values are never returned, so they say so. */
export function qoveryRemoteAsDefinition(remote: readonly QoveryRemoteSecret[], projectId: string): Record<string, unknown> {
  const own = remote.filter((s) => s.scope === 'PROJECT');
  const secrets = own.filter((s) => qoveryEntryKind(s) === 'secret')
    .map((s) => ({ key: s.key, value: NOT_RETURNED, ...(s.description ? { description: s.description } : {}), ...(s.mount_path ? { mount_path: s.mount_path } : {}) }));
  const aliases = own.filter((s) => qoveryEntryKind(s) === 'alias').map((s) => ({ key: s.key, target: s.aliased_secret?.key ?? '?', ...(s.description ? { description: s.description } : {}) }));
  const overrides = own.filter((s) => qoveryEntryKind(s) === 'override').map((s) => ({ target: s.key, value: NOT_RETURNED, ...(s.description ? { description: s.description } : {}) }));
  return { project: projectId, ...(secrets.length ? { secrets } : {}), ...(aliases.length ? { aliases } : {}), ...(overrides.length ? { overrides } : {}) };
}
