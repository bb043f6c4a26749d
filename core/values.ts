/**
 * The values a place in a file may take that only the platform knows: addon ids, addon key names, services and jobs
 * of restrictions, tags, and the targets of Qovery aliases and overrides. Completion offers what these providers
 * list, validation reports what they reject, and hover describes what they know: one answer for all three, so a
 * completion item is never something validation would reject.
 *
 * A provider lists candidates as a `Known` answer (live, offline defaults, or unknown) and checks one value: a
 * `Rejection` is exactly the diagnostic validation reports; undefined means accepted, or that nothing can be known
 * (offline, signed out), which is never an error.
 */
import { getProperty, type AstNode } from './ast';
import type { AddonInfo, AddonKeyInfo, Catalog, Known, QoverySecretInfo, RestrictionTarget } from './catalog';
import type { DiagnosticCode, DiagnosticData } from './diagnostics';
import { aliasProblem, overrideProblem } from './plan/qoveryRules';
import { didYouMean } from './suggest';

/** Why a value is rejected: the code, message and data of the diagnostic validation reports. */
export interface Rejection {
  code: DiagnosticCode;
  message: string;
  data?: DiagnosticData;
}

function withSuggestions(code: DiagnosticCode, message: (hint: string) => string, input: string, candidates: readonly string[]): Rejection {
  const suggestions = didYouMean(input, candidates);
  return { code, message: message(suggestions.length ? ` Did you mean "${suggestions[0]}"?` : ''), ...(suggestions.length ? { data: { suggestions } } : {}) };
}

// Northflank addons

export function addonCandidates(catalog: Catalog): Known<AddonInfo> {
  return catalog.addons();
}

/** With a live catalog only: an addon id the project does not have. */
export function checkAddonId(catalog: Catalog, addonId: string): Rejection | undefined {
  const known = catalog.addons();
  if (known.status !== 'live') return undefined;
  const ids = known.items.map((a) => a.id);
  if (ids.includes(addonId)) return undefined;
  return withSuggestions('nf-unknown-addon', (hint) => `The project has no addon "${addonId}".${hint}`, addonId, ids);
}

/** The key names of an addon (of the link file's addon when `addonId` is empty): live, or offline defaults. */
export function addonKeyCandidates(catalog: Catalog, addonId: string): Known<AddonKeyInfo> {
  return catalog.addonKeys(addonId);
}

/** With a live catalog only: a key name the addon does not have. An addon not known by id is not checked. */
export function checkAddonKey(catalog: Catalog, addonId: string, keyName: string): Rejection | undefined {
  if (!addonId) return undefined;
  const known = catalog.addonKeys(addonId);
  if (known.status !== 'live') return undefined;
  const names = known.items.map((k) => k.keyName);
  if (names.includes(keyName)) return undefined;
  const suggestions = didYouMean(keyName, names);
  const hint = suggestions.length ? ` Did you mean "${suggestions[0]}"?` : ` Its keys: ${names.join(', ')}.`;
  return { code: 'nf-unknown-addon-key', message: `The addon "${addonId}" has no key "${keyName}".${hint}`, ...(suggestions.length ? { data: { suggestions } } : {}) };
}

// Northflank restrictions

export function restrictionTargetCandidates(catalog: Catalog): Known<RestrictionTarget> {
  return catalog.restrictionTargets();
}

/**
 * With a live catalog only: an nfObject that is no service or job of the project (reported on its `id`), or whose
 * `type` is not the object's (reported on its `type`).
 */
export function checkRestrictionTarget(catalog: Catalog, id: string, type: string | undefined): (Rejection & { on: 'id' | 'type' }) | undefined {
  const known = catalog.restrictionTargets();
  if (known.status !== 'live') return undefined;
  const match = known.items.filter((t) => t.id === id);
  if (match.length === 0) {
    return { ...withSuggestions('nf-unknown-restriction-target', (hint) => `"${id}" is no service or job of this project.${hint}`, id, known.items.map((t) => t.id)), on: 'id' };
  }
  if (type !== undefined && !match.some((t) => t.type === type)) {
    return { code: 'nf-unknown-restriction-target', message: `"${id}" is a ${match[0].type}, not a ${type}.`, data: { suggestions: [match[0].type] }, on: 'type' };
  }
  return undefined;
}

export function tagCandidates(catalog: Catalog): Known<string> {
  return catalog.tags();
}

// Qovery alias and override targets

/** The keys a Qovery file declares: its secrets' and its aliases' (one namespace). */
export interface QoveryFileKeys {
  secrets: ReadonlySet<string>;
  aliases: ReadonlySet<string>;
}

function keysOf(root: AstNode | undefined, section: 'secrets' | 'aliases'): Set<string> {
  const out = new Set<string>();
  const list = getProperty(root, section)?.value;
  for (const item of list?.type === 'array' ? list.items : []) {
    const key = getProperty(item, 'key')?.value;
    if (key?.type === 'string') out.add(key.value as string);
  }
  return out;
}

export function qoveryFileKeys(root: AstNode | undefined): QoveryFileKeys {
  return { secrets: keysOf(root, 'secrets'), aliases: keysOf(root, 'aliases') };
}

/** The Qovery secrets of the file's project (the project a file names, else its binding's). */
export function qoverySecretsOf(root: AstNode | undefined, catalog: Catalog): Known<QoverySecretInfo> {
  const project = getProperty(root, 'project')?.value;
  return catalog.qoverySecrets(project?.type === 'string' ? (project.value as string) : undefined);
}

export type QoverySection = 'aliases' | 'overrides';

/**
 * Whether an alias or an override may target `target`: what the file says (no alias of an alias of the file; an
 * override of a secret of the file is the same scope), then, with a live catalog only, what Qovery has (the
 * target must exist and be at a scope Qovery's rules allow, core/plan/qoveryRules.ts).
 */
export function checkQoveryTarget(file: QoveryFileKeys, remote: Known<QoverySecretInfo>, target: string, section: QoverySection): Rejection | undefined {
  if (section === 'aliases') {
    if (file.aliases.has(target)) {
      return { code: 'qovery-alias-of-alias', message: `"${target}" is itself an alias in this file; Qovery allows one level of alias only: target the secret "${target}" aliases instead.` };
    }
    if (file.secrets.has(target)) return undefined;
  } else if (file.secrets.has(target)) {
    return { code: 'qovery-override-same-scope', message: `"${target}" is a secret of this file (project scope): change its value there; an override is for a secret of a higher scope.` };
  }
  if (remote.status !== 'live') return undefined;
  const found = remote.items.filter((s) => s.key === target);
  if (found.length === 0) {
    return withSuggestions('qovery-unknown-target', (hint) => `No secret "${target}" exists in this project or above it.${hint}`, target, remote.items.map((s) => s.key));
  }
  // A target is acceptable when one of the secrets of that key is.
  const problems = found.map((s) => (section === 'aliases' ? aliasProblem(s) : overrideProblem(s)));
  if (problems.some((p) => p === undefined)) return undefined;
  const code = section === 'aliases' && found.every((s) => s.variableType === 'ALIAS') ? 'qovery-alias-of-alias' : 'qovery-target-scope';
  return { code, message: problems[0] as string };
}

/** A target an alias or override may point to, for completion: a secret of the file or of Qovery. */
export interface QoveryTargetCandidate {
  key: string;
  /** "PROJECT · in this file", or Qovery's scope and type. */
  detail: string;
}

/** Every target `checkQoveryTarget` accepts, from the file and from Qovery (none of Qovery's while unknown). */
export function qoveryTargetCandidates(file: QoveryFileKeys, remote: Known<QoverySecretInfo>, section: QoverySection): QoveryTargetCandidate[] {
  const out: QoveryTargetCandidate[] = [];
  const seen = new Set<string>();
  const offer = (key: string, detail: string): void => {
    if (seen.has(key) || checkQoveryTarget(file, remote, key, section)) return;
    seen.add(key);
    out.push({ key, detail });
  };
  if (section === 'aliases') for (const key of file.secrets) offer(key, 'PROJECT · in this file');
  if (remote.status !== 'unknown') for (const s of remote.items) offer(s.key, `${s.scope}${s.variableType ? ` · ${s.variableType}` : ''}`);
  return out;
}
