/** Jobs of a project (for restriction targets: `restrictions.nfObjects` of type "job"). ListJobsEndpoint in @northflank/js-client. */
import { oneOf } from '../shape';
import type { CallOptions, NorthflankHttp } from './http';
import { parseTaggedSummary } from './parse';
import type { JobSummary, ProjectScope } from './types';

export class Jobs {
  constructor(private readonly http: NorthflankHttp) {}

  async list(scope: ProjectScope, options: CallOptions = {}): Promise<JobSummary[]> {
    return this.http.list(this.http.projectPath(scope, 'jobs'), 'jobs', (value, where) => {
      const { raw, ...summary } = parseTaggedSummary(value, where);
      return { ...summary, jobType: oneOf(raw.jobType, `${where}.jobType`, ['manual', 'cron'] as const) };
    }, options);
  }
}
