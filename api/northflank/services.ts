/** Services of a project (for restriction targets: `restrictions.nfObjects` of type "service"). ListServicesEndpoint in @northflank/js-client. */
import { oneOf } from '../shape';
import type { CallOptions, NorthflankHttp } from './http';
import { parseTaggedSummary } from './parse';
import type { ProjectScope, ServiceSummary } from './types';

export class Services {
  constructor(private readonly http: NorthflankHttp) {}

  async list(scope: ProjectScope, options: CallOptions = {}): Promise<ServiceSummary[]> {
    return this.http.list(this.http.projectPath(scope, 'services'), 'services', (value, where) => {
      const { raw, ...summary } = parseTaggedSummary(value, where);
      return { ...summary, serviceType: oneOf(raw.serviceType, `${where}.serviceType`, ['combined', 'build', 'deployment'] as const) };
    }, options);
  }
}
