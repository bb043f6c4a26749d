/**
 * `secretdef alias --provider qovery --project ID --secret SECRET_ID --key NAME`: a new key, at project level,
 * with the value of a secret of a higher (or the same) scope. Qovery's rules are checked first (no alias of an
 * alias; only from a higher scope to a lower one) when the target is one of the project's secrets; otherwise
 * Qovery checks them and its 400 reaches the user verbatim.
 */
import { aliasProblem } from '../../../server/src/core/plan';
import type { Io } from '../io';
import { confirm, reportApiError } from '../remote';
import { checkedTarget, parseQoveryTargetArgs } from './qoveryTarget';

export async function runAlias(args: string[], io: Io): Promise<number> {
  const a = parseQoveryTargetArgs('alias', args, io);
  const key = a.key ?? '';
  const client = await a.client();
  const signal = io.api?.signal;
  const subject = `alias ${key} of secret ${a.secretId}`;
  const found = await checkedTarget(a, client, io, subject, (target) => aliasProblem({ key: target.key, scope: target.scope, variableType: target.aliased_secret ? 'ALIAS' : target.variable_type }));
  if (typeof found === 'number') return found;
  const { target, secrets } = found;
  const existing = secrets.find((s) => s.scope === 'PROJECT' && s.key === key);
  if (existing) {
    if (existing.aliased_secret?.id === a.secretId) {
      io.stdout(`Alias ${key} of ${existing.aliased_secret.key} already exists (id ${existing.id}): nothing to do.`);
      return 0;
    }
    io.stderr(`secretdef: the key ${key} already exists in project ${a.projectId} (id ${existing.id}): choose another key, or delete it first. Nothing was sent.`);
    return 1;
  }
  io.stdout(`Qovery project ${a.projectId}`);
  io.stdout(`  + alias ${key} → ${target ? `${target.key} (${target.scope})` : a.secretId}  create`);
  if (a.dryRun) {
    io.stdout('Dry run: nothing was sent.');
    return 0;
  }
  if (!(await confirm(io, 'Create this alias?', a.yes))) {
    io.stderr('secretdef: not confirmed: nothing was sent.');
    return 1;
  }
  try {
    const created = await client.projectSecrets.createAlias(a.projectId, a.secretId, { key, description: a.description }, { signal });
    io.stdout(`Created alias ${created.key} (id ${created.id}).`);
    return 0;
  } catch (e) {
    reportApiError(io, subject, e);
    return 1;
  }
}
