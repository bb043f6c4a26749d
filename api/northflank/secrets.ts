/**
 * Northflank secret groups ("project secrets"): put (PUT, create or update; seed 001), create (POST; seed 002),
 * get, list and delete. Paths and methods as in @northflank/js-client (PutSecretEndpoint, CreateSecretEndpoint,
 * GetSecretEndpoint, ListSecretsEndpoint, DeleteSecretEndpoint), each also under /v1/teams/{teamId}/….
 */
import { ApiError } from '../errors';
import { number, oneOf, optionalOneOf, optionalString, record, string } from '../shape';
import type { CallOptions, NorthflankHttp } from './http';
import { GROUP_TYPES, SECRET_TYPES, parseContents, parseGroupSummary } from './parse';
import type { ProjectScope, SecretGroup, SecretGroupBody, SecretGroupContents, SecretGroupCreateBody, SecretGroupSaved, SecretGroupSummary } from './types';

/** Every value of a group's contents: masked wherever a platform message would quote one. */
export function secretValuesOf(contents: SecretGroupContents | undefined): string[] {
  if (!contents) return [];
  const out = Object.values(contents.variables ?? {});
  for (const files of [contents.files, contents.dockerSecretMounts]) for (const f of Object.values(files ?? {})) out.push(f.data);
  return out.filter((v) => typeof v === 'string' && v !== '');
}

function parseSaved(value: unknown): SecretGroupSaved {
  const g = record(value, 'data');
  return {
    id: string(g.id, 'data.id'),
    name: string(g.name, 'data.name'),
    secretType: oneOf(g.secretType, 'data.secretType', SECRET_TYPES),
    priority: number(g.priority, 'data.priority'),
  };
}

function parseGroup(value: unknown): SecretGroup {
  const summary = parseGroupSummary(value, 'data');
  const g = record(value, 'data');
  return {
    ...summary,
    type: optionalOneOf(g.type, 'data.type', GROUP_TYPES) ?? 'secret',
    createdAt: optionalString(g.createdAt, 'data.createdAt') ?? '',
    updatedAt: optionalString(g.updatedAt, 'data.updatedAt') ?? '',
    secrets: parseContents(g.secrets, 'data.secrets'),
  };
}

export type ShowSecrets = 'this' | 'inherited' | 'all';

export class SecretGroups {
  constructor(private readonly http: NorthflankHttp) {}

  /** Creates the group, or replaces the one with the same derived id: PUT is idempotent, so it is retried safely. */
  async put(scope: ProjectScope, body: SecretGroupBody, options: CallOptions = {}): Promise<SecretGroupSaved> {
    return this.http.data('PUT', this.http.projectPath(scope, 'secrets'), parseSaved, { body, signal: options.signal, secretValues: secretValuesOf(body.secrets) });
  }

  /** Creates a group; a 409 means a group with the same derived id exists, and the error says to use put. Never retried. */
  async create(scope: ProjectScope, body: SecretGroupCreateBody, options: CallOptions = {}): Promise<SecretGroupSaved> {
    try {
      return await this.http.data('POST', this.http.projectPath(scope, 'secrets'), parseSaved, { body, signal: options.signal, secretValues: secretValuesOf(body.secrets) });
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        throw e.withHint(`A secret group whose id derives from the name "${body.name}" already exists in project "${scope.projectId}": update it with put (PUT, what \`secretdef push\` sends) instead of create.`);
      }
      throw e;
    }
  }

  /** The group with its decrypted contents (`show: 'this'`, the default here, leaves out the keys inherited from linked addons). */
  async get(scope: ProjectScope, secretId: string, options: CallOptions & { show?: ShowSecrets } = {}): Promise<SecretGroup> {
    return this.http.data('GET', this.http.projectPath(scope, 'secrets', secretId), parseGroup, { query: { show: options.show ?? 'this' }, signal: options.signal });
  }

  /** Like get, but undefined when there is no such group. */
  async find(scope: ProjectScope, secretId: string, options: CallOptions & { show?: ShowSecrets } = {}): Promise<SecretGroup | undefined> {
    return this.http.dataOrUndefined('GET', this.http.projectPath(scope, 'secrets', secretId), parseGroup, { query: { show: options.show ?? 'this' }, signal: options.signal });
  }

  /** Every group of the project (all pages), without contents. */
  async list(scope: ProjectScope, options: CallOptions = {}): Promise<SecretGroupSummary[]> {
    return this.http.list(this.http.projectPath(scope, 'secrets'), 'secrets', parseGroupSummary, options);
  }

  async delete(scope: ProjectScope, secretId: string, options: CallOptions = {}): Promise<void> {
    await this.http.transport.request('DELETE', this.http.projectPath(scope, 'secrets', secretId), { signal: options.signal });
  }
}
