/**
 * What a push will change, computed from the local definition and the remote state: the one source of truth
 * that the CLI (`secretdef diff`, `secretdef push`) and the extension share. A plan holds names, never values:
 * a value is compared where the platform returns it (Northflank) and only the verdict is kept.
 */
import type { FileKind } from '../kinds';

export type Change =
  /** Not in the platform: will be created. */
  | 'create'
  /** Different in the platform: will be changed. */
  | 'update'
  /** In the platform, not in the file: will be removed (Northflank PUT replaces the group; Qovery with --prune). */
  | 'delete'
  /** The same on both sides. */
  | 'unchanged'
  /** Cannot be compared (Qovery never returns values): will be written. */
  | 'write'
  /** Cannot be changed in place (a Qovery mount path): deleted and created again. */
  | 'replace'
  /** Only in the platform, and kept (Qovery without --prune). */
  | 'keep'
  /** Cannot be applied as it is: the detail says why and what to do. */
  | 'blocked';

export type Subject =
  | 'group'
  | 'field'
  | 'variable'
  | 'file'
  | 'docker-secret-mount'
  | 'addon-dependency'
  | 'external-addon-dependency'
  | 'link'
  | 'link-key'
  | 'secret'
  | 'alias'
  | 'override';

export interface PlanItem {
  subject: Subject;
  /** The key, path, field or addon: never a value. */
  name: string;
  change: Change;
  /** A detail that is never a secret value: "10 → 20", "→ QOVERY_DATABASE_PSQL_NAME (BUILT_IN)", the reason of a block. */
  detail?: string;
  /**
   * What of this item could not be compared, although the rest matched ("mount path": Qovery does not return it).
   * A "write" item's value is not compared either; both are counted in the plan's headline, never called equal.
   */
  uncompared?: string;
  /** Where the value comes from when not written in the file: `from env DB_PASSWORD`, `from SOPS` (core/env). */
  source?: string;
  /** Why its value is not known on this machine (a comparison made with unknown values: drift --remote). */
  unknownHere?: string;
}

export interface Plan {
  platform: 'northflank' | 'qovery';
  kind: FileKind;
  /** What the plan applies to, for a person: `secret group "api-secrets" (id api-secrets) in project "p"`. */
  target: string;
  items: PlanItem[];
}

/** A step of a Qovery push, in the order it is applied; the values come from the file when it runs. */
export type QoveryStep =
  | { op: 'create-secret'; key: string }
  | { op: 'edit-secret'; key: string; secretId: string }
  | { op: 'create-alias'; key: string; target: string; targetId?: string }
  | { op: 'edit-alias'; key: string; secretId: string }
  | { op: 'create-override'; target: string; targetId: string }
  | { op: 'edit-override'; target: string; secretId: string }
  | { op: 'delete'; key: string; secretId: string; what: 'secret' | 'alias' | 'override' };

export interface QoveryPlan extends Plan {
  platform: 'qovery';
  steps: QoveryStep[];
}

export type ChangeCounts = Record<Change, number>;

export function countChanges(plan: Plan): ChangeCounts {
  const counts: ChangeCounts = { create: 0, update: 0, delete: 0, unchanged: 0, write: 0, replace: 0, keep: 0, blocked: 0 };
  for (const item of plan.items) counts[item.change]++;
  return counts;
}

/**
 * Whether local and remote are known to differ: something to create, change or delete, a remote-only item,
 * or a block. Values that cannot be compared ("write") are not a known difference.
 */
export function hasDifferences(plan: Plan): boolean {
  return plan.items.some((i) => i.change !== 'unchanged' && i.change !== 'write');
}

/** Whether applying the plan would send anything. */
export function hasWork(plan: Plan): boolean {
  return plan.items.some((i) => i.change === 'create' || i.change === 'update' || i.change === 'delete' || i.change === 'write' || i.change === 'replace');
}

export function isBlocked(plan: Plan): boolean {
  return plan.items.some((i) => i.change === 'blocked');
}

// ---- The local definitions (already validated against the bundled schemas) ----

export interface NfKeyLink {
  keyName: string;
  aliases?: string[];
}

export interface NfDependency {
  addonId: string;
  keys?: NfKeyLink[];
}

export interface NfFile {
  data: string;
  encoding?: string;
}

export interface NfRestrictions {
  restricted?: boolean;
  nfObjects?: { id: string; type: string }[];
  tags?: string[];
  tagMatchCondition?: string;
}

/** A Northflank secret group file minus `$schema`: the PUT body. */
export interface NfSecretDefinition {
  name: string;
  description?: string;
  stageId?: string;
  tags?: string[];
  type?: string;
  secretType: string;
  priority: number;
  restrictions?: NfRestrictions;
  addonDependencies?: NfDependency[];
  externalAddonDependencies?: NfDependency[];
  secrets?: { variables?: Record<string, string>; files?: Record<string, NfFile>; dockerSecretMounts?: Record<string, NfFile> };
}

export interface NfLinkDefinition {
  keys: NfKeyLink[];
}

// `null` where Qovery's OpenAPI spec declares a field nullable: the same as leaving it out.
export interface QoverySecretDefinition {
  key: string;
  value?: string;
  description?: string | null;
  mount_path?: string | null;
  enable_interpolation_in_file?: boolean | null;
}

export interface QoveryAliasDefinition {
  key: string;
  target: string;
  description?: string | null;
  enable_interpolation_in_file?: boolean | null;
}

export interface QoveryOverrideDefinition {
  target: string;
  value?: string;
  description?: string | null;
  enable_interpolation_in_file?: boolean | null;
}

export interface QoveryDefinition {
  project?: string;
  secrets?: QoverySecretDefinition[];
  aliases?: QoveryAliasDefinition[];
  overrides?: QoveryOverrideDefinition[];
}

// ---- The remote state, as the API clients return it (structurally: no dependency on api/) ----

export interface NfRemoteGroup {
  id: string;
  name: string;
  description?: string;
  tags?: string[];
  type?: string;
  secretType: string;
  priority: number;
  restrictions?: NfRestrictions;
  secrets: { variables?: Record<string, string>; files?: Record<string, NfFile>; dockerSecretMounts?: Record<string, NfFile> };
}

export interface NfRemoteLink {
  addonId: string;
  /** The addon does not exist in the project (the link GET answered 404). */
  missing?: boolean;
  linked: boolean;
  linkedKeys: NfKeyLink[];
  availableKeys?: string[];
}

export interface QoveryRemoteReference {
  id: string;
  key: string;
  scope: string;
  variable_type?: string;
}

export interface QoveryRemoteSecret {
  id: string;
  key: string;
  scope: string;
  variable_type?: string;
  description?: string | null;
  mount_path?: string;
  enable_interpolation_in_file?: boolean | null;
  aliased_secret?: QoveryRemoteReference;
  overridden_secret?: QoveryRemoteReference;
}
