/**
 * `secretdef push FILE...`: validate (a file with errors stops everything), show the masked diff, confirm (unless
 * --yes; never where stdin is not a terminal), then apply, file by file, stopping at the first failure with an
 * exact report of what was and was not applied. No local file is ever written.
 */
import { hasWork, isBlocked, renderPlan } from '../../../core/plan';
import type { Io } from '../io';
import { confirm, reportApiError } from '../remote';
import { parseSyncArgs, planFiles, printPlans } from '../sync';

export async function runPush(args: string[], io: Io): Promise<number> {
  const { files, options, values } = parseSyncArgs(args, { 'dry-run': { type: 'boolean', default: false }, yes: { type: 'boolean', default: false } });
  const plans = await planFiles(files, options, io);
  if (!plans) return 1;
  printPlans(io, plans, (plan) => renderPlan(plan));

  const blocked = plans.filter((p) => isBlocked(p.plan));
  if (blocked.length) {
    io.stderr(`secretdef: ${blocked.map((p) => p.file).join(', ')} ${blocked.length === 1 ? 'has' : 'have'} blocked changes (marked x above): nothing was sent. Resolve them, then run again.`);
    return 1;
  }
  const work = plans.filter((p) => hasWork(p.plan));
  if (!work.length) {
    const kept = plans.some((p) => p.plan.items.some((i) => i.change === 'keep'));
    io.stdout(`Nothing to push: the platform already has what the files say${kept ? ' (keys only in Qovery are kept; --prune deletes them)' : ''}.`);
    return 0;
  }
  if (values['dry-run'] === true) {
    io.stdout(`Dry run: nothing was sent (${work.length} file${work.length === 1 ? '' : 's'} would be pushed).`);
    return 0;
  }
  const platforms = [...new Set(work.map((p) => (p.platform === 'northflank' ? 'Northflank' : 'Qovery')))].join(' and ');
  if (!(await confirm(io, `Push ${work.length} file${work.length === 1 ? '' : 's'} to ${platforms}?`, values.yes === true))) {
    io.stderr('secretdef: not confirmed: nothing was sent.');
    return 1;
  }

  for (const [index, p] of work.entries()) {
    let outcome;
    try {
      outcome = await p.apply();
    } catch (e) {
      reportApiError(io, p.file, e);
      outcome = { ok: false, lines: [] };
    }
    for (const line of outcome.lines) (outcome.ok ? io.stdout : io.stderr)(line);
    if (!outcome.ok) {
      const rest = work.slice(index + 1).map((r) => r.file);
      const done = work.slice(0, index).map((r) => r.file);
      if (done.length) io.stderr(`secretdef: pushed before the failure: ${done.join(', ')}.`);
      if (rest.length) io.stderr(`secretdef: not pushed: ${rest.join(', ')}.`);
      io.stderr('secretdef: no local file was changed.');
      return 1;
    }
  }
  io.stdout(`Pushed ${work.length} file${work.length === 1 ? '' : 's'}.`);
  return 0;
}
