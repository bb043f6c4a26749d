/**
 * `secretdef override --provider qovery --project ID --secret SECRET_ID --value-stdin`: a new value, at project
 * level, for a secret of a higher scope (BUILT_IN). The value comes from stdin only (one trailing newline is
 * dropped), is never printed, and is masked in any message that would quote it. When the project already
 * overrides that key, its value is written again (PUT), so running it twice converges.
 */
import { overrideProblem } from '../../../server/src/core/plan';
import type { Io } from '../io';
import { confirm, reportApiError } from '../remote';
import { checkedTarget, parseQoveryTargetArgs } from './qoveryTarget';

export async function runOverride(args: string[], io: Io): Promise<number> {
  const a = parseQoveryTargetArgs('override', args, io);
  const value = (await a.stdin.read('--value-stdin')).replace(/\r?\n$/, '');
  const client = await a.client([value]);
  const signal = io.api?.signal;
  const subject = `override of secret ${a.secretId}`;
  const found = await checkedTarget(a, client, io, subject, (target) => overrideProblem({ key: target.key, scope: target.scope, variableType: target.variable_type }));
  if (typeof found === 'number') return found;
  const { target, secrets } = found;
  const existing = target ? secrets.find((s) => s.scope === 'PROJECT' && s.key === target.key && (s.overridden_secret || s.variable_type === 'OVERRIDE')) : undefined;
  io.stdout(`Qovery project ${a.projectId}`);
  if (existing) io.stdout(`  ? override ${existing.key}  write: cannot compare: Qovery never returns values, will be written`);
  else io.stdout(`  + override ${target ? `${target.key} (of a ${target.scope} secret)` : `of ${a.secretId}`}  create`);
  if (a.dryRun) {
    io.stdout('Dry run: nothing was sent.');
    return 0;
  }
  if (!(await confirm(io, existing ? 'Write this override?' : 'Create this override?', a.yes))) {
    io.stderr('secretdef: not confirmed: nothing was sent.');
    return 1;
  }
  try {
    const saved = existing
      ? await client.projectSecrets.edit(a.projectId, existing.id, { key: existing.key, value, description: a.description }, { signal })
      : await client.projectSecrets.createOverride(a.projectId, a.secretId, { value, description: a.description }, { signal });
    io.stdout(`${existing ? 'Wrote' : 'Created'} override of ${saved.key} (id ${saved.id}).`);
    return 0;
  } catch (e) {
    reportApiError(io, subject, e);
    return 1;
  }
}
