/** Organizations the token can see (pickers). GET /organization → OrganizationResponseList in openapi.yaml. */
import { array, optionalString, record, string } from '../shape';
import type { CallOptions, QoveryHttp } from './http';
import type { OrganizationSummary } from './types';

export class Organizations {
  constructor(private readonly http: QoveryHttp) {}

  async list(options: CallOptions = {}): Promise<OrganizationSummary[]> {
    return this.http.json('GET', '/organization', (body) => array(record(body, 'the answer').results ?? [], 'results', (value, where) => {
      const o = record(value, where);
      return { id: string(o.id, `${where}.id`), name: string(o.name, `${where}.name`), description: optionalString(o.description, `${where}.description`) ?? null };
    }), options);
  }
}
