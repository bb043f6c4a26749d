/**
 * Addons of a project (for `addonDependencies[].addonId` completion). ListAddonsEndpoint in @northflank/js-client;
 * the keys an addon offers come from the link GET (`availableKeys`, see addonLinks.ts), not from this list.
 */
import { optionalString, record, string } from '../shape';
import type { CallOptions, NorthflankHttp } from './http';
import { parseTaggedSummary } from './parse';
import type { AddonSummary, ProjectScope } from './types';

export class Addons {
  constructor(private readonly http: NorthflankHttp) {}

  async list(scope: ProjectScope, options: CallOptions = {}): Promise<AddonSummary[]> {
    return this.http.list(this.http.projectPath(scope, 'addons'), 'addons', (value, where) => {
      const { raw, ...summary } = parseTaggedSummary(value, where);
      const spec = record(raw.spec, `${where}.spec`);
      return { ...summary, type: string(spec.type, `${where}.spec.type`), status: optionalString(raw.status, `${where}.status`) ?? 'unknown' };
    }, options);
  }
}
