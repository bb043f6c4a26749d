/**
 * `secretdef diff FILE...`: the preview of a push, masked. Exit 0 when local and remote are known to be the same,
 * 1 when they differ (or a problem stops it), 2 for a usage error. Values Qovery never returns cannot be compared
 * and do not count as a difference; the headline (core/plan `headline`, the editor's preview says the same) says
 * what was compared and what could not be: never "no differences" for what was not compared.
 */
import { hasDifferences, headline, renderPlan } from '../../../core/plan';
import type { Io } from '../io';
import { parseSyncArgs, planFiles, printPlans } from '../sync';

export async function runDiff(args: string[], io: Io): Promise<number> {
  const { files, options } = parseSyncArgs(args);
  const plans = await planFiles(files, options, io);
  if (!plans) return 1;
  printPlans(io, plans, (plan) => renderPlan(plan));
  const differing = plans.filter((p) => hasDifferences(p.plan));
  const summary = headline(plans.map((p) => p.plan));
  const files_ = `${plans.length} file${plans.length === 1 ? '' : 's'}`;
  if (differing.length) {
    io.stdout(`${differing.length} of ${files_} differ${differing.length === 1 ? 's' : ''} from the platform. ${summary}`);
    return 1;
  }
  const allCompared = plans.every((p) => !p.plan.items.some((i) => i.change === 'write' || i.uncompared !== undefined));
  io.stdout(allCompared ? `No differences in ${files_}.` : `${plans.length === 1 ? '' : `${files_}: `}${summary}`);
  return 0;
}
