/**
 * Qovery's rules for aliases and overrides, from its API docs (seeds 003 and 004, openapi.yaml):
 * - "Only 1 alias level is allowed. You can't create an alias on an alias."
 * - Aliases and overrides go only from a higher scope to a lower one; the scope hierarchy is
 *   BUILT_IN > PROJECT > ENVIRONMENT > APPLICATION (the service scopes CONTAINER, JOB, HELM, TERRAFORM and
 *   AGENTIC_WORKFLOW stand where APPLICATION does).
 * - At project level, an override needs a secret "that has a higher scope": only BUILT_IN is above PROJECT.
 *   An alias may also target a secret of the same scope: the 400 only forbids "an alias on a higher scope",
 *   and our file format lets an alias target a secret of the same file.
 * Pure: used by the plan, by the CLI before it calls Qovery, and by the Qovery stand-in.
 */

/** Lower is higher in the hierarchy. Unknown scopes (Qovery adds some over time) rank as a service scope. */
export const SCOPE_RANK: Readonly<Record<string, number>> = {
  BUILT_IN: 0,
  PROJECT: 1,
  ENVIRONMENT: 2,
  APPLICATION: 3,
  CONTAINER: 3,
  JOB: 3,
  HELM: 3,
  TERRAFORM: 3,
  AGENTIC_WORKFLOW: 3,
};

export const SCOPE_HIERARCHY = 'BUILT_IN > PROJECT > ENVIRONMENT > APPLICATION';

export function scopeRank(scope: string): number {
  // Own keys only: a scope named like an Object.prototype member ("toString") is an unknown scope too.
  return Object.prototype.hasOwnProperty.call(SCOPE_RANK, scope) ? SCOPE_RANK[scope] : 3;
}

/** What Qovery says of one of its secrets, in the API's field names (the fields that tell what it is). */
export interface QoveryEntryFields {
  variable_type?: string;
  aliased_secret?: { key: string } | null;
  overridden_secret?: { key: string } | null;
  mount_path?: string | null;
}

/** What a Qovery variable is, for the rules and for people. BUILT_IN is a secret Qovery itself provides. */
export type QoveryVariableType = 'VALUE' | 'FILE' | 'ALIAS' | 'OVERRIDE' | 'BUILT_IN';

/**
 * Whether a Qovery secret is an alias, an override, a file, a built-in or a plain value: the one place that says it.
 * Qovery marks aliases and overrides both with `variable_type` and with the reference to their target, and older
 * answers carry only one of them, so either is enough.
 */
export function qoveryVariableType(s: QoveryEntryFields): QoveryVariableType {
  if (s.aliased_secret || s.variable_type === 'ALIAS') return 'ALIAS';
  if (s.overridden_secret || s.variable_type === 'OVERRIDE') return 'OVERRIDE';
  if (s.mount_path || s.variable_type === 'FILE') return 'FILE';
  if (s.variable_type === 'BUILT_IN') return 'BUILT_IN';
  return 'VALUE';
}

/** A secret (with a value of its own), an alias or an override: how a push and a pull sort Qovery's variables. */
export function qoveryEntryKind(s: QoveryEntryFields): 'secret' | 'alias' | 'override' {
  const type = qoveryVariableType(s);
  return type === 'ALIAS' ? 'alias' : type === 'OVERRIDE' ? 'override' : 'secret';
}

/** What the rules need to know of a target secret. */
export interface RuleTarget {
  key: string;
  scope: string;
  /** VALUE, FILE, ALIAS, OVERRIDE, BUILT_IN… (from `qoveryVariableType`) */
  variableType?: string;
}

/** Why an alias at `level` (PROJECT for project secrets) of this target is not allowed, or undefined. */
export function aliasProblem(target: RuleTarget, level = 'PROJECT'): string | undefined {
  if (target.variableType === 'ALIAS') {
    return `"${target.key}" is itself an alias, and Qovery allows no alias of an alias: alias the secret it points to instead.`;
  }
  if (scopeRank(target.scope) > scopeRank(level)) {
    return `"${target.key}" has the scope ${target.scope}, lower than ${level}: Qovery creates aliases only from a higher scope to a lower one (${SCOPE_HIERARCHY}).`;
  }
  return undefined;
}

/** Why an override at `level` of this target is not allowed, or undefined. */
export function overrideProblem(target: RuleTarget, level = 'PROJECT'): string | undefined {
  if (scopeRank(target.scope) >= scopeRank(level)) {
    const same = target.scope === level ? ` A ${level} secret is not overridden at ${level} level: change its value instead.` : '';
    return `"${target.key}" has the scope ${target.scope}: Qovery creates overrides only from a higher scope to a lower one (${SCOPE_HIERARCHY}).${same}`;
  }
  return undefined;
}
