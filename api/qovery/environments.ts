/** Environments of a project (pickers). GET /project/{projectId}/environment → EnvironmentResponseList in openapi.yaml. */
import { array, optionalString, record, string } from '../shape';
import type { CallOptions, QoveryHttp } from './http';
import type { EnvironmentSummary } from './types';

export class Environments {
  constructor(private readonly http: QoveryHttp) {}

  async list(projectId: string, options: CallOptions = {}): Promise<EnvironmentSummary[]> {
    return this.http.json('GET', `/project/${encodeURIComponent(projectId)}/environment`, (body) => array(record(body, 'the answer').results ?? [], 'results', (value, where) => {
      const e = record(value, where);
      const project = record(e.project, `${where}.project`);
      return { id: string(e.id, `${where}.id`), name: string(e.name, `${where}.name`), mode: optionalString(e.mode, `${where}.mode`), projectId: string(project.id, `${where}.project.id`) };
    }), options);
  }
}
