/**
 * Applies a Qovery push plan step by step, in its order, and reports exactly what was applied, what failed and
 * what was not attempted. It stops at the first failure: a later step may depend on an earlier one (an alias on
 * a secret created by this push). Running the same push again converges: the plan is computed anew from what
 * Qovery then has, so nothing is created twice.
 */
import type { QoveryDefinition, QoveryPlan, QoveryStep } from '../core/plan/types';
import { ApiError } from '../api/errors';
import type { QoveryClient } from '../api/qovery/index';

export interface QoveryApplyResult {
  applied: QoveryStep[];
  failed?: { step: QoveryStep; error: ApiError };
  notApplied: QoveryStep[];
}

export async function applyQoveryPlan(client: QoveryClient, projectId: string, plan: QoveryPlan, local: QoveryDefinition, options: { signal?: AbortSignal } = {}): Promise<QoveryApplyResult> {
  const applied: QoveryStep[] = [];
  const created = new Map<string, string>();
  const secret = (key: string) => local.secrets?.find((s) => s.key === key);
  const alias = (key: string) => local.aliases?.find((a) => a.key === key);
  const override = (target: string) => local.overrides?.find((o) => o.target === target);
  const signal = options.signal;

  for (const [index, step] of plan.steps.entries()) {
    try {
      switch (step.op) {
        case 'create-secret': {
          const s = secret(step.key);
          if (!s) throw new Error(`no secret ${step.key} in the file`);
          const result = await client.projectSecrets.create(projectId, {
            key: s.key, value: s.value, mount_path: s.mount_path, description: s.description, enable_interpolation_in_file: s.enable_interpolation_in_file,
          }, { signal });
          created.set(s.key, result.id);
          break;
        }
        case 'edit-secret': {
          const s = secret(step.key);
          if (!s) throw new Error(`no secret ${step.key} in the file`);
          await client.projectSecrets.edit(projectId, step.secretId, { key: s.key, value: s.value, description: s.description, enable_interpolation_in_file: s.enable_interpolation_in_file }, { signal });
          created.set(s.key, step.secretId);
          break;
        }
        case 'create-alias': {
          const a = alias(step.key);
          const targetId = step.targetId ?? created.get(step.target);
          if (!a || !targetId) throw new Error(`the target ${step.target} of alias ${step.key} has no id`);
          await client.projectSecrets.createAlias(projectId, targetId, { key: a.key, description: a.description, enable_interpolation_in_file: a.enable_interpolation_in_file }, { signal });
          break;
        }
        case 'edit-alias': {
          const a = alias(step.key);
          if (!a) throw new Error(`no alias ${step.key} in the file`);
          await client.projectSecrets.edit(projectId, step.secretId, { key: a.key, description: a.description, enable_interpolation_in_file: a.enable_interpolation_in_file }, { signal });
          break;
        }
        case 'create-override': {
          const o = override(step.target);
          if (!o) throw new Error(`no override of ${step.target} in the file`);
          await client.projectSecrets.createOverride(projectId, step.targetId, { value: o.value, description: o.description, enable_interpolation_in_file: o.enable_interpolation_in_file }, { signal });
          break;
        }
        case 'edit-override': {
          const o = override(step.target);
          if (!o) throw new Error(`no override of ${step.target} in the file`);
          await client.projectSecrets.edit(projectId, step.secretId, { key: o.target, value: o.value, description: o.description, enable_interpolation_in_file: o.enable_interpolation_in_file }, { signal });
          break;
        }
        case 'delete': {
          try {
            await client.projectSecrets.delete(projectId, step.secretId, { signal });
          } catch (e) {
            // Already gone: deleted with the secret it pointed at, or by an earlier run whose answer was lost.
            if (!(e instanceof ApiError && e.status === 404)) throw e;
          }
          break;
        }
      }
      applied.push(step);
    } catch (e) {
      const error = e instanceof ApiError
        ? e
        : new ApiError({ platform: 'qovery', kind: 'bad-response', method: '-', path: '-', platformMessage: e instanceof Error ? e.message : String(e), hint: 'This is a bug of secretdef: please report it.' });
      return { applied, failed: { step, error }, notApplied: plan.steps.slice(index + 1) };
    }
  }
  return { applied, notApplied: [] };
}
