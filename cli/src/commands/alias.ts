/**
 * `secretdef alias --provider qovery --project ID --secret SECRET_ID --key NAME`: a new key, at project level,
 * with the value of a secret of a higher (or the same) scope. Qovery's rules are checked first (no alias of an
 * alias; only from a higher scope to a lower one) when the target is one of the project's secrets; otherwise
 * Qovery checks them and its 400 reaches the user verbatim.
 */
import { checkAlias } from '../../../sync/index';
import type { Io } from '../io';
import { confirm, reportApiError } from '../remote';
import { checkedTarget, parseQoveryTargetArgs } from './qoveryTarget';

export async function runAlias(args: string[], io: Io): Promise<number> {
  const a = parseQoveryTargetArgs('alias', args, io);
  const key = a.key ?? '';
  const client = await a.client();
  const signal = io.api?.signal;
  const subject = `alias ${key} of secret ${a.secretId}`;
  const check = await checkedTarget(a, io, subject, () => checkAlias(client, a.projectId, a.secretId, key, signal));
  if (typeof check === 'number') return check;
  const { target, existing } = check;
  if (check.upToDate && existing) {
    io.stdout(`Alias ${key} of ${existing.aliased_secret?.key ?? a.secretId} already exists (id ${existing.id}): nothing to do.`);
    return 0;
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
