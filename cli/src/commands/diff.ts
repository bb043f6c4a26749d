/**
 * `secretdef diff FILE...`: the preview of a push, masked. Exit 0 when local and remote are known to be the same,
 * 1 when they differ (or a problem stops it), 2 for a usage error. Values Qovery never returns cannot be compared
 * and do not count as a difference; the output says so.
 */
import { countChanges, hasDifferences, renderPlan } from '../../../core/plan';
import type { Io } from '../io';
import { parseSyncArgs, planFiles, printPlans } from '../sync';

export async function runDiff(args: string[], io: Io): Promise<number> {
  const { files, options } = parseSyncArgs(args);
  const plans = await planFiles(files, options, io);
  if (!plans) return 1;
  printPlans(io, plans, (plan) => renderPlan(plan));
  const differing = plans.filter((p) => hasDifferences(p.plan));
  const unknown = plans.reduce((n, p) => n + countChanges(p.plan).write, 0);
  const note = unknown ? ` ${unknown} value${unknown === 1 ? '' : 's'} cannot be compared (the platform never returns ${unknown === 1 ? 'it' : 'them'}): not counted as ${unknown === 1 ? 'a difference' : 'differences'}.` : '';
  if (differing.length) {
    io.stdout(`${differing.length} of ${plans.length} file${plans.length === 1 ? '' : 's'} differ${differing.length === 1 ? 's' : ''} from the platform.${note}`);
    return 1;
  }
  io.stdout(`No differences in ${plans.length} file${plans.length === 1 ? '' : 's'}.${note}`);
  return 0;
}
