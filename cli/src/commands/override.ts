/**
 * `secretdef override --provider qovery --project ID --secret SECRET_ID --value-stdin`: a new value, at project
 * level, for a secret of a higher scope (BUILT_IN). The value comes from stdin only (one trailing newline is
 * dropped), is never printed, and is masked in any message that would quote it. When the project already
 * overrides that key, its value is written again (PUT), so running it twice converges.
 */
import { checkOverride, writeOverride } from '../../../sync/index';
import type { Io } from '../io';
import { confirm, reportApiError } from '../remote';
import { checkedTarget, parseQoveryTargetArgs } from './qoveryTarget';

export async function runOverride(args: string[], io: Io): Promise<number> {
  const a = parseQoveryTargetArgs('override', args, io);
  const value = (await a.stdin.read('--value-stdin')).replace(/\r?\n$/, '');
  const client = await a.client([value]);
  const signal = io.api?.signal;
  const subject = `override of secret ${a.secretId}`;
  const check = await checkedTarget(a, io, subject, () => checkOverride(client, a.projectId, a.secretId, signal));
  if (typeof check === 'number') return check;
  const { target, existing } = check;
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
    const saved = await writeOverride(client, a.projectId, a.secretId, check, value, a.description, signal);
    io.stdout(`${existing ? 'Wrote' : 'Created'} override of ${saved.key} (id ${saved.id}).`);
    return 0;
  } catch (e) {
    reportApiError(io, subject, e);
    return 1;
  }
}
