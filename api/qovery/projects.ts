/** Projects of an organization (pickers). GET /organization/{organizationId}/project → ProjectResponseList in openapi.yaml. */
import { array, optionalString, record, string } from '../shape';
import type { CallOptions, QoveryHttp } from './http';
import type { ProjectSummary } from './types';

export class Projects {
  constructor(private readonly http: QoveryHttp) {}

  async list(organizationId: string, options: CallOptions = {}): Promise<ProjectSummary[]> {
    return this.http.json('GET', `/organization/${encodeURIComponent(organizationId)}/project`, (body) => array(record(body, 'the answer').results ?? [], 'results', (value, where) => {
      const p = record(value, where);
      const organization = record(p.organization, `${where}.organization`);
      return {
        id: string(p.id, `${where}.id`),
        name: string(p.name, `${where}.name`),
        description: optionalString(p.description, `${where}.description`),
        organizationId: string(organization.id, `${where}.organization.id`),
      };
    }), options);
  }
}
