/**
 * What a push does, for the CLI and the extension alike: read the remote state of one definition, plan it
 * (core/plan) and know how to apply it. No terminal, no VS Code: the callers show the plan, ask, and
 * report. A failed apply says exactly what was done.
 */
import {
  aliasProblem,
  deriveSecretGroupId,
  overrideProblem,
  describeStep,
  northflankRemoteAsDefinition,
  planNorthflankLink,
  planNorthflankSecret,
  planQovery,
  qoveryEntryKind,
  qoveryRemoteAsDefinition,
  qoveryVariableType,
  type NfRemoteLink,
  type Plan,
  type QoveryDefinition,
} from '../core/plan';
import { ApiError } from '../api/errors';
import { secretValuesOf, type AddonLinkBody, type NorthflankClient, type ProjectScope, type SecretGroupBody } from '../api/northflank';
import type { ProjectSecret, QoveryClient } from '../api/qovery';
import { applyQoveryPlan } from './qoveryApply';

export interface ApplyOutcome {
  ok: boolean;
  /** What was done (or what failed, and what was and was not applied), for a person. Never a value. */
  lines: string[];
}

export interface PreparedPush {
  platform: 'northflank' | 'qovery';
  plan: Plan;
  /** The remote side in the shape of a definition file (values still in it: redact before showing). */
  remote: Record<string, unknown> | undefined;
  /** Sends the changes. Rejects with an ApiError only for a single-request push (Northflank). */
  apply(signal?: AbortSignal): Promise<ApplyOutcome>;
}

/** A Northflank secret group: PUT replaces the group (the body is the file minus `$schema`). */
export async function prepareNorthflankSecret(client: NorthflankClient, body: SecretGroupBody, scope: ProjectScope, label: string, signal?: AbortSignal): Promise<PreparedPush> {
  const id = deriveSecretGroupId(body.name);
  const remote = await client.secrets.find(scope, id, { signal });
  // Northflank returns the group's values: mask them too in any later message.
  if (remote) client.http.transport.addSecretValues(secretValuesOf(remote.secrets));
  const links: NfRemoteLink[] = [];
  if (remote) {
    for (const dep of body.addonDependencies ?? []) {
      try {
        links.push(await client.addonLinks.get(scope, id, dep.addonId, { signal }));
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 404)) throw e;
        links.push({ addonId: dep.addonId, missing: true, linked: false, linkedKeys: [] });
      }
    }
  }
  return {
    platform: 'northflank',
    plan: planNorthflankSecret(body, remote, links, scope),
    remote: remote ? northflankRemoteAsDefinition(remote, links) : undefined,
    apply: async (applySignal) => {
      const saved = await client.secrets.put(scope, body, { signal: applySignal ?? signal });
      return { ok: true, lines: [`${label}: applied: PUT secret group "${saved.name}" (id ${saved.id}) in project "${scope.projectId}".`] };
    },
  };
}

/** An addon link: POST the keys to link (the secret group and the addon come from the binding or the flags). */
export async function prepareNorthflankLink(client: NorthflankClient, body: AddonLinkBody, scope: ProjectScope & { secretId: string; addonId: string }, label: string, signal?: AbortSignal): Promise<PreparedPush> {
  const remote = await client.addonLinks.get(scope, scope.secretId, scope.addonId, { signal });
  return {
    platform: 'northflank',
    plan: planNorthflankLink(body, remote, scope),
    remote: { keys: remote.linkedKeys.map((k) => ({ keyName: k.keyName, ...(k.aliases?.length ? { aliases: k.aliases } : {}) })) },
    apply: async (applySignal) => {
      const saved = await client.addonLinks.update(scope, scope.secretId, scope.addonId, body, { signal: applySignal ?? signal });
      return { ok: true, lines: [`${label}: applied: POST link of addon "${scope.addonId}" to secret group "${scope.secretId}": ${saved.keys.map((k) => k.keyName).join(', ') || 'no keys'}.`] };
    },
  };
}

/** Qovery project secrets: creates, edits, aliases and overrides step by step; deletes only with `prune`. */
export async function prepareQovery(client: QoveryClient, local: QoveryDefinition, projectId: string, prune: boolean, label: string, signal?: AbortSignal): Promise<PreparedPush> {
  const remote = await client.projectSecrets.list(projectId, { signal });
  const plan = planQovery(local, remote, { projectId, prune });
  return {
    platform: 'qovery',
    plan,
    remote: qoveryRemoteAsDefinition(remote, projectId),
    apply: async (applySignal) => {
      const result = await applyQoveryPlan(client, projectId, plan, local, { signal: applySignal ?? signal });
      const total = plan.steps.length;
      if (!result.failed) {
        return { ok: true, lines: [`${label}: applied ${total} change${total === 1 ? '' : 's'} to Qovery project ${projectId}:`, ...result.applied.map((s) => `  applied:     ${describeStep(s)}`)] };
      }
      const { step, error } = result.failed;
      return {
        ok: false,
        lines: [
          `${label}: the Qovery push stopped at step ${result.applied.length + 1} of ${total}; ${result.applied.length} applied, ${result.notApplied.length} not applied.`,
          ...result.applied.map((s) => `  applied:     ${describeStep(s)}`),
          `  failed:      ${describeStep(step)}${error.mayHaveBeenApplied ? ' (it may have been applied: its answer was lost)' : ''}`,
          `               ${error.message}`,
          ...result.notApplied.map((s) => `  not applied: ${describeStep(s)}`),
          `  What to do: ${error.hint} Then run the same push again: it reads what Qovery has now, so what was applied is not created twice.`,
        ],
      };
    },
  };
}

/** What Qovery has for an alias or override of one secret, and whether our rules let it go ahead. */
export interface QoveryTargetCheck {
  /** The target among the project's secrets; undefined when it is not one (an environment's or a service's). */
  target?: ProjectSecret;
  /** Why it must not be sent (Qovery's rules, or a key already taken); undefined when it may. */
  problem?: string;
  /** The project secret an alias or override would replace or repeat. */
  existing?: ProjectSecret;
  /** The alias already exists, for the same target: nothing to do. */
  upToDate?: boolean;
}

/** Checks a new alias `key` of secret `secretId` against the project's secrets and Qovery's rules. */
export async function checkAlias(client: QoveryClient, projectId: string, secretId: string, key: string, signal?: AbortSignal): Promise<QoveryTargetCheck> {
  const secrets = await client.projectSecrets.list(projectId, { signal });
  const target = secrets.find((s) => s.id === secretId);
  const existing = secrets.find((s) => s.scope === 'PROJECT' && s.key === key);
  const upToDate = !!existing && existing.aliased_secret?.id === secretId;
  const problem = (target && aliasProblem({ key: target.key, scope: target.scope, variableType: qoveryVariableType(target) }))
    ?? (existing && !upToDate ? `The key ${key} already exists in project ${projectId} (id ${existing.id}): choose another key, or delete it first.` : undefined);
  return { target, existing, upToDate, problem };
}

/** Checks an override of secret `secretId`: Qovery's rules, and an override the project already has (written again). */
export async function checkOverride(client: QoveryClient, projectId: string, secretId: string, signal?: AbortSignal): Promise<QoveryTargetCheck> {
  const secrets = await client.projectSecrets.list(projectId, { signal });
  const target = secrets.find((s) => s.id === secretId);
  const problem = target && overrideProblem({ key: target.key, scope: target.scope, variableType: qoveryVariableType(target) });
  const existing = target ? secrets.find((s) => s.scope === 'PROJECT' && s.key === target.key && qoveryEntryKind(s) === 'override') : undefined;
  return { target, existing, problem };
}

/** Writes an override: the existing project override again (PUT), or a new one (POST). */
export function writeOverride(client: QoveryClient, projectId: string, secretId: string, check: QoveryTargetCheck, value: string, description?: string, signal?: AbortSignal): Promise<ProjectSecret> {
  return check.existing
    ? client.projectSecrets.edit(projectId, check.existing.id, { key: check.existing.key, value, description }, { signal })
    : client.projectSecrets.createOverride(projectId, secretId, { value, description }, { signal });
}
