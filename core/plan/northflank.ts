/**
 * Plans of Northflank pushes. A secret group is sent whole with PUT, which replaces the group: keys that are
 * in Northflank and not in the file are removed. Northflank returns the decrypted contents (GET …?show=this), so
 * values are compared, and only the verdict is kept. GET does not return `stageId`, `externalAddonDependencies`
 * or, on older APIs, `dockerSecretMounts` (GetSecretResult of @northflank/js-client): those are "written", not
 * compared. Addon dependencies are compared with the addon links (GET …/addons/{addonId}) of the addons the file
 * names.
 */
import { storedText } from '../parse/dialect';
import { deriveSecretGroupId } from './ids';
import type { NfDependency, NfFile, NfKeyLink, NfLinkDefinition, NfRemoteGroup, NfRemoteLink, NfRestrictions, NfSecretDefinition, Plan, PlanItem } from './types';

export interface NorthflankTarget {
  projectId: string;
  teamId?: string;
}

function where(target: NorthflankTarget): string {
  return `project "${target.projectId}"${target.teamId ? ` of team "${target.teamId}"` : ''}`;
}

function sameFile(a: NfFile, b: NfFile): boolean {
  return a.data === b.data && (a.encoding ?? 'utf-8') === (b.encoding ?? 'utf-8');
}

/** Compares two maps of keys to values; only the verdict per key is kept. */
function compareMap<T>(subject: PlanItem['subject'], local: Record<string, T> | undefined, remote: Record<string, T> | undefined, same: (a: T, b: T) => boolean, remoteKnown: boolean): PlanItem[] {
  const items: PlanItem[] = [];
  const l = local ?? {};
  const r = remote ?? {};
  for (const key of Object.keys(l).sort()) {
    if (!remoteKnown) items.push({ subject, name: key, change: 'write', detail: 'not returned by Northflank: cannot compare, will be written' });
    else if (!Object.prototype.hasOwnProperty.call(r, key)) items.push({ subject, name: key, change: 'create' });
    else if (same(l[key], r[key])) items.push({ subject, name: key, change: 'unchanged' });
    else items.push({ subject, name: key, change: 'update', detail: 'value differs' });
  }
  if (remoteKnown) {
    for (const key of Object.keys(r).sort()) {
      if (!Object.prototype.hasOwnProperty.call(l, key)) items.push({ subject, name: key, change: 'delete', detail: 'not in the file: PUT replaces the group' });
    }
  }
  return items;
}

function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

function list(values: readonly string[] | undefined): string {
  return values && values.length ? values.join(', ') : '(none)';
}

function normalizeRestrictions(r: NfRestrictions | undefined): { restricted: boolean; nfObjects: string[]; tags: string[]; tagMatchCondition: string } {
  return {
    restricted: r?.restricted ?? false,
    nfObjects: (r?.nfObjects ?? []).map((o) => `${o.type} ${o.id}`).sort(),
    tags: [...(r?.tags ?? [])].sort(),
    tagMatchCondition: r?.tagMatchCondition ?? 'and',
  };
}

function restrictionsDetail(local: NfRestrictions | undefined, remote: NfRestrictions | undefined): string | undefined {
  const l = normalizeRestrictions(local);
  const r = normalizeRestrictions(remote);
  const parts: string[] = [];
  if (l.restricted !== r.restricted) parts.push(`restricted: ${r.restricted} → ${l.restricted}`);
  const added = l.nfObjects.filter((o) => !r.nfObjects.includes(o));
  const removed = r.nfObjects.filter((o) => !l.nfObjects.includes(o));
  if (added.length || removed.length) parts.push(`nfObjects: ${[...added.map((o) => `+${o}`), ...removed.map((o) => `-${o}`)].join(', ')}`);
  if (l.tags.join('\n') !== r.tags.join('\n')) parts.push(`tags: ${list(r.tags)} → ${list(l.tags)}`);
  // The match condition only matters with tags.
  if ((l.tags.length || r.tags.length) && l.tagMatchCondition !== r.tagMatchCondition) parts.push(`tagMatchCondition: ${r.tagMatchCondition} → ${l.tagMatchCondition}`);
  return parts.length ? parts.join('; ') : undefined;
}

function field(name: string, local: unknown, remote: unknown): PlanItem {
  const same = JSON.stringify(local) === JSON.stringify(remote);
  if (same) return { subject: 'field', name, change: 'unchanged' };
  const text = (v: unknown) => (v === undefined ? '(none)' : Array.isArray(v) ? list(v as string[]) : String(v));
  return { subject: 'field', name, change: 'update', detail: `${text(remote)} → ${text(local)}` };
}

/** Compares the keys linked from one addon; `remote` undefined means the addon is not linked yet. */
export function compareLinkKeys(subject: 'addon-dependency' | 'link-key', local: readonly NfKeyLink[], remote: readonly NfKeyLink[] | undefined): PlanItem[] {
  const items: PlanItem[] = [];
  const byName = new Map((remote ?? []).map((k) => [k.keyName, k]));
  for (const key of local) {
    const r = byName.get(key.keyName);
    const aliases = [...(key.aliases ?? [])].sort();
    if (!r) items.push({ subject, name: key.keyName, change: 'create', detail: aliases.length ? `aliases ${aliases.join(', ')}` : undefined });
    else {
      const remoteAliases = [...(r.aliases ?? [])].sort();
      if (aliases.join('\n') === remoteAliases.join('\n')) items.push({ subject, name: key.keyName, change: 'unchanged' });
      else items.push({ subject, name: key.keyName, change: 'update', detail: `aliases ${list(remoteAliases)} → ${list(aliases)}` });
    }
  }
  const localNames = new Set(local.map((k) => k.keyName));
  for (const r of remote ?? []) if (!localNames.has(r.keyName)) items.push({ subject, name: r.keyName, change: 'delete', detail: 'linked now, not in the file' });
  return items;
}

function dependencyItems(deps: readonly NfDependency[] | undefined, links: readonly NfRemoteLink[] | undefined, groupExists: boolean): PlanItem[] {
  const items: PlanItem[] = [];
  for (const dep of deps ?? []) {
    const keys = dep.keys ?? [];
    if (!groupExists) {
      items.push({ subject: 'addon-dependency', name: dep.addonId, change: 'create', detail: keys.length ? `keys ${keys.map((k) => k.keyName).join(', ')}` : 'no keys: nothing is linked' });
      continue;
    }
    const link = links?.find((l) => l.addonId === dep.addonId);
    if (!link) {
      items.push({ subject: 'addon-dependency', name: dep.addonId, change: 'write', detail: 'link not read: cannot compare, will be written' });
      continue;
    }
    if (link.missing) {
      items.push({ subject: 'addon-dependency', name: dep.addonId, change: 'blocked', detail: `there is no addon "${dep.addonId}" in the project (or the token cannot see it)` });
      continue;
    }
    const unavailable = link.availableKeys ? keys.filter((k) => !link.availableKeys?.includes(k.keyName)).map((k) => k.keyName) : [];
    if (unavailable.length) {
      items.push({ subject: 'addon-dependency', name: dep.addonId, change: 'blocked', detail: `the addon has no key ${unavailable.join(', ')} (available: ${list(link.availableKeys)})` });
      continue;
    }
    const keyItems = compareLinkKeys('addon-dependency', keys, link.linked ? link.linkedKeys : undefined);
    const changed = keyItems.filter((i) => i.change !== 'unchanged');
    if (!link.linked) items.push({ subject: 'addon-dependency', name: dep.addonId, change: 'create', detail: keys.length ? `keys ${keys.map((k) => k.keyName).join(', ')}` : 'no keys: nothing is linked' });
    else if (!changed.length) items.push({ subject: 'addon-dependency', name: dep.addonId, change: 'unchanged' });
    else items.push({ subject: 'addon-dependency', name: dep.addonId, change: 'update', detail: changed.map((i) => `${i.change === 'create' ? '+' : i.change === 'delete' ? '-' : '~'}${i.name}${i.detail && i.change === 'update' ? ` (${i.detail})` : ''}`).join(', ') });
  }
  return items;
}

/**
 * The plan of a PUT of a secret group: `remote` is the group with the file's derived id (undefined when it does
 * not exist yet), `links` the addon links of the addons the file names.
 */
export function planNorthflankSecret(local: NfSecretDefinition, remote: NfRemoteGroup | undefined, links: readonly NfRemoteLink[], target: NorthflankTarget): Plan {
  const id = deriveSecretGroupId(local.name);
  const items: PlanItem[] = [];
  const exists = remote !== undefined;
  items.push({ subject: 'group', name: id, change: exists ? 'unchanged' : 'create' });
  if (exists) {
    items.push(field('name', local.name, remote.name));
    items.push(field('description', local.description, remote.description));
    items.push(field('tags', [...(local.tags ?? [])].sort(), [...(remote.tags ?? [])].sort()));
    items.push(field('type', local.type ?? 'secret', remote.type ?? 'secret'));
    items.push(field('secretType', local.secretType, remote.secretType));
    items.push(field('priority', local.priority, remote.priority));
    const restrictions = restrictionsDetail(local.restrictions, remote.restrictions);
    items.push(restrictions ? { subject: 'field', name: 'restrictions', change: 'update', detail: restrictions } : { subject: 'field', name: 'restrictions', change: 'unchanged' });
  }
  if (local.stageId !== undefined) items.push({ subject: 'field', name: 'stageId', change: exists ? 'write' : 'create', detail: exists ? 'not returned by Northflank: cannot compare, will be written' : undefined });
  const contents = local.secrets ?? {};
  const remoteContents = remote?.secrets ?? {};
  // A value is compared as the text Northflank stores (`PORT: 8080` in YAML is the number 8080, stored "8080").
  // No spread into push: a group may hold any number of variables.
  append(items, compareMap('variable', contents.variables, remoteContents.variables, (a, b) => storedText(a) === storedText(b), true));
  append(items, compareMap('file', contents.files, remoteContents.files, sameFile, true));
  const mountsKnown = !exists || remoteContents.dockerSecretMounts !== undefined || contents.dockerSecretMounts === undefined;
  append(items, compareMap('docker-secret-mount', contents.dockerSecretMounts, remoteContents.dockerSecretMounts, sameFile, mountsKnown));
  append(items, dependencyItems(local.addonDependencies, links, exists));
  for (const dep of local.externalAddonDependencies ?? []) {
    items.push({ subject: 'external-addon-dependency', name: dep.addonId, change: exists ? 'write' : 'create', detail: exists ? 'not returned by Northflank: cannot compare, will be written' : undefined });
  }
  // A group that exists and has nothing else to change is unchanged; one that is new is created with all of it.
  return { platform: 'northflank', kind: 'northflank-secret', target: `secret group "${local.name}" (id ${id}) in ${where(target)}`, items };
}

/** The plan of a POST of an addon link file: which keys of the addon the group will link. */
export function planNorthflankLink(local: NfLinkDefinition, remote: NfRemoteLink, target: NorthflankTarget & { secretId: string }): Plan {
  const items: PlanItem[] = [];
  items.push({ subject: 'link', name: remote.addonId, change: remote.linked ? 'unchanged' : 'create' });
  const unavailable = remote.availableKeys ? local.keys.filter((k) => !remote.availableKeys?.includes(k.keyName)) : [];
  for (const key of unavailable) items.push({ subject: 'link-key', name: key.keyName, change: 'blocked', detail: `the addon has no such key (available: ${list(remote.availableKeys)})` });
  const known = local.keys.filter((k) => !unavailable.includes(k));
  append(items, compareLinkKeys('link-key', known, remote.linked ? remote.linkedKeys : undefined));
  return {
    platform: 'northflank',
    kind: 'northflank-link',
    target: `link of addon "${remote.addonId}" to secret group "${target.secretId}" in ${where(target)}`,
    items,
  };
}
