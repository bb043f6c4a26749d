/** Projects the token can see (for pickers). ListProjectsEndpoint in @northflank/js-client: GET /v1/projects or /v1/teams/{teamId}/projects. */
import { optionalString, record, string } from '../shape';
import type { CallOptions, NorthflankHttp } from './http';
import type { ProjectSummary } from './types';

export class Projects {
  constructor(private readonly http: NorthflankHttp) {}

  async list(options: CallOptions & { teamId?: string } = {}): Promise<ProjectSummary[]> {
    return this.http.list(this.http.teamPath(options.teamId, 'projects'), 'projects', (value, where) => {
      const p = record(value, where);
      return { id: string(p.id, `${where}.id`), name: string(p.name, `${where}.name`), description: optionalString(p.description, `${where}.description`) };
    }, { signal: options.signal });
  }
}
