/**
 * Plans of Qovery pushes. Qovery never returns a secret's value, so an existing secret's value cannot be
 * compared: it is written again ("write"), which is safe to repeat. A push creates missing secrets, edits existing
 * ones, creates aliases and overrides, and deletes only with `prune`. Steps are ordered so that a target exists
 * before its alias, and aliases and overrides are deleted before the secrets they point at (Qovery deletes them
 * with their secret anyway). Running a push again after a partial failure finds what was applied and converges.
 */
import { aliasProblem, overrideProblem, qoveryEntryKind, qoveryVariableType } from './qoveryRules';
import type { PlanItem, QoveryDefinition, QoveryPlan, QoveryRemoteSecret, QoveryStep } from './types';

const CANNOT_COMPARE = 'cannot compare: Qovery never returns values, will be written';

export interface QoveryPlanOptions {
  projectId: string;
  /** Delete the project's secrets, aliases and overrides that the file does not declare. */
  prune?: boolean;
}

function isAliasOrOverride(s: QoveryRemoteSecret): boolean {
  return qoveryEntryKind(s) !== 'secret';
}

const typeOf = qoveryEntryKind;

function describeRemote(s: QoveryRemoteSecret): string {
  const t = typeOf(s);
  if (t === 'alias') return `an alias of "${s.aliased_secret?.key ?? '?'}"`;
  if (t === 'override') return 'an override';
  return qoveryVariableType(s) === 'FILE' ? 'a file secret' : 'a secret';
}

/** Whether what the file says of the description and interpolation is already so; what it leaves out is kept as it is. */
function sameMeta(local: { description?: string | null; enable_interpolation_in_file?: boolean | null }, remote: QoveryRemoteSecret): boolean {
  // null (allowed by Qovery's spec) is "not given", like a missing field.
  const description = local.description == null || local.description === (remote.description ?? '');
  const interpolation = local.enable_interpolation_in_file == null || local.enable_interpolation_in_file === (remote.enable_interpolation_in_file ?? false);
  return description && interpolation;
}

export function planQovery(local: QoveryDefinition, remote: readonly QoveryRemoteSecret[], options: QoveryPlanOptions): QoveryPlan {
  const items: PlanItem[] = [];
  const steps: { create: QoveryStep[]; edit: QoveryStep[]; alias: QoveryStep[]; override: QoveryStep[]; deleteLinks: QoveryStep[]; deleteSecrets: QoveryStep[] } = {
    create: [], edit: [], alias: [], override: [], deleteLinks: [], deleteSecrets: [],
  };
  const own = remote.filter((s) => s.scope === 'PROJECT');
  const higher = remote.filter((s) => s.scope === 'BUILT_IN');
  const ownByKey = new Map(own.map((s) => [s.key, s]));
  const secrets = local.secrets ?? [];
  const aliases = local.aliases ?? [];
  const overrides = local.overrides ?? [];

  // Every key the file declares at project level, with where; a key declared twice is blocked.
  const declared = new Map<string, string>();
  const duplicates = new Set<string>();
  const declare = (key: string, what: string) => {
    if (declared.has(key)) duplicates.add(key);
    else declared.set(key, what);
  };
  for (const s of secrets) declare(s.key, 'secret');
  for (const a of aliases) declare(a.key, 'alias');
  for (const o of overrides) declare(o.target, 'override');
  const duplicate = (subject: PlanItem['subject'], name: string): boolean => {
    if (!duplicates.has(name)) return false;
    items.push({ subject, name, change: 'blocked', detail: `"${name}" is declared more than once in the file (secrets, aliases and override targets share one set of keys)` });
    return true;
  };
  const pruned = (s: QoveryRemoteSecret) => options.prune === true && !declared.has(s.key);
  /** Secrets deleted and created again (a new mount path): Qovery deletes their aliases with them. */
  const replaced = new Set<string>();

  for (const s of secrets) {
    if (duplicate('secret', s.key)) continue;
    const r = ownByKey.get(s.key);
    if (!r) {
      if (higher.some((h) => h.key === s.key)) {
        items.push({ subject: 'secret', name: s.key, change: 'blocked', detail: `"${s.key}" is a BUILT_IN secret: declare it under overrides to give it another value at project level` });
        continue;
      }
      items.push({ subject: 'secret', name: s.key, change: 'create', detail: s.mount_path ? `file at ${s.mount_path}` : undefined });
      steps.create.push({ op: 'create-secret', key: s.key });
      continue;
    }
    if (isAliasOrOverride(r)) {
      items.push({ subject: 'secret', name: s.key, change: 'blocked', detail: `"${s.key}" is ${describeRemote(r)} in Qovery, not a secret: delete it there first` });
      continue;
    }
    const remoteIsFile = qoveryVariableType(r) === 'FILE';
    if (remoteIsFile !== !!s.mount_path) {
      items.push({ subject: 'secret', name: s.key, change: 'blocked', detail: `"${s.key}" is ${remoteIsFile ? 'a file' : 'a value'} secret in Qovery and ${s.mount_path ? 'a file' : 'a value'} here; Qovery cannot change that with an edit: delete it there first` });
      continue;
    }
    if (s.mount_path && r.mount_path != null && r.mount_path !== s.mount_path) {
      // An edit cannot carry `mount_path` (SecretEditRequest has none): the only way is to delete the secret and
      // create it again, which Qovery does with its aliases too.
      if (s.value === undefined) {
        items.push({ subject: 'secret', name: s.key, change: 'blocked', detail: `the mount path is ${r.mount_path} in Qovery and ${s.mount_path} here; Qovery cannot edit a mount path, and the file has no value to create the secret again with: add its value` });
        continue;
      }
      const dependents = own.filter((o) => typeOf(o) === 'alias' && o.aliased_secret?.key === s.key).map((o) => o.key);
      items.push({ subject: 'secret', name: s.key, change: 'replace', detail: `mount path ${r.mount_path} → ${s.mount_path}: Qovery cannot edit a mount path, so the secret is deleted and created again${dependents.length ? ` (Qovery deletes its aliases ${dependents.join(', ')} with it)` : ''}` });
      steps.create.push({ op: 'delete', key: s.key, secretId: r.id, what: 'secret' }, { op: 'create-secret', key: s.key });
      replaced.add(s.key);
      continue;
    }
    // Qovery's Secret does not always return mount_path: then a different one could not be applied by an edit,
    // and must not be called equal.
    const uncompared = s.mount_path && r.mount_path == null ? 'mount path' : undefined;
    const unknownPath = uncompared ? '; Qovery did not return the mount path, so it is not compared (an edit cannot change it)' : '';
    if (s.value !== undefined) {
      items.push({ subject: 'secret', name: s.key, change: 'write', detail: `${CANNOT_COMPARE}${unknownPath}`, uncompared });
      steps.edit.push({ op: 'edit-secret', key: s.key, secretId: r.id });
    } else if (!sameMeta(s, r)) {
      items.push({ subject: 'secret', name: s.key, change: 'update', detail: `description or interpolation differs (no value in the file: the value is kept)${unknownPath}`, uncompared });
      steps.edit.push({ op: 'edit-secret', key: s.key, secretId: r.id });
    } else {
      items.push({ subject: 'secret', name: s.key, change: 'unchanged', detail: `no value in the file${unknownPath}`, uncompared });
    }
  }

  const localSecretKeys = new Set(secrets.map((s) => s.key));
  const localAliasKeys = new Set(aliases.map((a) => a.key));
  for (const a of aliases) {
    if (duplicate('alias', a.key)) continue;
    const name = `${a.key} → ${a.target}`;
    if (localAliasKeys.has(a.target)) {
      items.push({ subject: 'alias', name, change: 'blocked', detail: `"${a.target}" is an alias in this file, and Qovery allows no alias of an alias` });
      continue;
    }
    // The target: a secret of this file (PROJECT scope once pushed), else one already in Qovery.
    let targetId: string | undefined;
    let targetScope: string;
    let targetType: string | undefined;
    if (localSecretKeys.has(a.target)) {
      const existing = ownByKey.get(a.target);
      targetId = existing && !isAliasOrOverride(existing) ? existing.id : undefined;
      targetScope = 'PROJECT';
      targetType = 'VALUE';
    } else {
      const t = ownByKey.get(a.target) ?? higher.find((h) => h.key === a.target);
      if (!t) {
        items.push({ subject: 'alias', name, change: 'blocked', detail: `there is no secret "${a.target}" in this file or in Qovery (project or BUILT_IN)` });
        continue;
      }
      if (pruned(t)) {
        items.push({ subject: 'alias', name, change: 'blocked', detail: `"${a.target}" is not in the file, so --prune would delete it, and Qovery deletes its aliases with it: add it to the file or drop --prune` });
        continue;
      }
      targetId = t.id;
      targetScope = t.scope;
      targetType = qoveryVariableType(t);
    }
    const problem = aliasProblem({ key: a.target, scope: targetScope, variableType: targetType });
    if (problem) {
      items.push({ subject: 'alias', name, change: 'blocked', detail: problem });
      continue;
    }
    const r = ownByKey.get(a.key);
    if (!r) {
      items.push({ subject: 'alias', name, change: 'create', detail: `alias of a ${targetScope} secret` });
      steps.alias.push({ op: 'create-alias', key: a.key, target: a.target, targetId });
      continue;
    }
    if (typeOf(r) === 'alias' && r.aliased_secret?.key === a.target && replaced.has(a.target)) {
      items.push({ subject: 'alias', name, change: 'create', detail: `created again: Qovery deletes it with "${a.target}", which is replaced` });
      steps.alias.push({ op: 'create-alias', key: a.key, target: a.target });
      continue;
    }
    if (typeOf(r) !== 'alias' || r.aliased_secret?.key !== a.target) {
      items.push({ subject: 'alias', name, change: 'blocked', detail: `"${a.key}" is already ${describeRemote(r)} in Qovery: delete it there first` });
      continue;
    }
    if (sameMeta(a, r)) items.push({ subject: 'alias', name, change: 'unchanged' });
    else {
      items.push({ subject: 'alias', name, change: 'update', detail: 'description or interpolation differs' });
      steps.alias.push({ op: 'edit-alias', key: a.key, secretId: r.id });
    }
  }

  for (const o of overrides) {
    if (duplicate('override', o.target)) continue;
    const r = ownByKey.get(o.target);
    if (r && typeOf(r) === 'override') {
      if (o.value !== undefined) {
        items.push({ subject: 'override', name: o.target, change: 'write', detail: CANNOT_COMPARE });
        steps.override.push({ op: 'edit-override', target: o.target, secretId: r.id });
      } else if (!sameMeta(o, r)) {
        items.push({ subject: 'override', name: o.target, change: 'update', detail: 'description or interpolation differs (no value in the file: the value is kept)' });
        steps.override.push({ op: 'edit-override', target: o.target, secretId: r.id });
      } else {
        items.push({ subject: 'override', name: o.target, change: 'unchanged', detail: 'no value in the file' });
      }
      continue;
    }
    if (r) {
      const problem = overrideProblem({ key: o.target, scope: r.scope, variableType: qoveryVariableType(r) }) ?? `"${o.target}" is ${describeRemote(r)} of this project`;
      items.push({ subject: 'override', name: o.target, change: 'blocked', detail: problem });
      continue;
    }
    const t = higher.find((h) => h.key === o.target);
    if (!t) {
      // A target that is also a secret of this file never gets here: it is declared twice, and blocked as such.
      items.push({ subject: 'override', name: o.target, change: 'blocked', detail: `there is no secret "${o.target}" of a higher scope (BUILT_IN) in Qovery to override` });
      continue;
    }
    const problem = overrideProblem({ key: t.key, scope: t.scope, variableType: qoveryVariableType(t) });
    if (problem) {
      items.push({ subject: 'override', name: o.target, change: 'blocked', detail: problem });
      continue;
    }
    items.push({ subject: 'override', name: o.target, change: 'create', detail: `override of a ${t.scope} secret` });
    steps.override.push({ op: 'create-override', target: o.target, targetId: t.id });
  }

  for (const r of own) {
    if (declared.has(r.key)) continue;
    const what = typeOf(r);
    const aliased = what === 'alias' ? r.aliased_secret?.key : undefined;
    const name = what === 'alias' ? `${r.key} → ${aliased ?? '?'}` : r.key;
    // An alias whose target Qovery did not name is deleted with nothing we know of.
    if (aliased !== undefined && replaced.has(aliased)) {
      items.push({ subject: what, name, change: 'delete', detail: `Qovery deletes it with "${aliased}", which is replaced; it is not in the file, so it is not created again` });
      continue;
    }
    if (options.prune) {
      items.push({ subject: what, name, change: 'delete', detail: 'not in the file (--prune)' });
      (what === 'secret' ? steps.deleteSecrets : steps.deleteLinks).push({ op: 'delete', key: r.key, secretId: r.id, what });
    } else {
      items.push({ subject: what, name, change: 'keep', detail: 'only in Qovery: kept (run with --prune to delete it)' });
    }
  }

  return {
    platform: 'qovery',
    kind: 'qovery-secrets',
    target: `project ${options.projectId}`,
    items,
    steps: [...steps.create, ...steps.edit, ...steps.alias, ...steps.override, ...steps.deleteLinks, ...steps.deleteSecrets],
  };
}

/** A step in words (names only), for reports of what was and was not applied. */
export function describeStep(step: QoveryStep): string {
  switch (step.op) {
    case 'create-secret':
      return `create secret ${step.key}`;
    case 'edit-secret':
      return `write secret ${step.key}`;
    case 'create-alias':
      return `create alias ${step.key} → ${step.target}`;
    case 'edit-alias':
      return `edit alias ${step.key}`;
    case 'create-override':
      return `create override of ${step.target}`;
    case 'edit-override':
      return `write override of ${step.target}`;
    case 'delete':
      return `delete ${step.what} ${step.key}`;
  }
}
