/**
 * Qovery project secrets (seed 004, ProjectSecretApi; openapi.yaml "Project Secret"): list, create, edit, delete,
 * and the alias and override of a secret of a higher scope (seed 003). Qovery's rules stay visible: no alias of an
 * alias; aliases and overrides only from a higher scope to a lower one (see core/plan/qoveryRules.ts, which the
 * callers check before sending). Qovery never returns a secret's value.
 */
import { array, optionalBoolean, optionalString, record, string } from '../shape';
import type { CallOptions, QoveryHttp } from './http';
import type { AliasBody, CreateSecretBody, EditSecretBody, OverrideBody, ProjectSecret, SecretReference } from './types';

const enc = encodeURIComponent;

function parseReference(value: unknown, where: string): SecretReference | undefined {
  if (value === undefined || value === null) return undefined;
  const r = record(value, where);
  return {
    id: string(r.id, `${where}.id`),
    key: string(r.key, `${where}.key`),
    scope: string(r.scope, `${where}.scope`),
    variable_type: optionalString(r.variable_type, `${where}.variable_type`),
  };
}

export function parseProjectSecret(value: unknown, where: string): ProjectSecret {
  const s = record(value, where);
  const secret: ProjectSecret = {
    id: string(s.id, `${where}.id`),
    key: string(s.key, `${where}.key`),
    created_at: optionalString(s.created_at, `${where}.created_at`) ?? '',
    updated_at: optionalString(s.updated_at, `${where}.updated_at`),
    scope: string(s.scope, `${where}.scope`),
    variable_type: optionalString(s.variable_type, `${where}.variable_type`),
    description: optionalString(s.description, `${where}.description`) ?? null,
    enable_interpolation_in_file: optionalBoolean(s.enable_interpolation_in_file, `${where}.enable_interpolation_in_file`) ?? null,
    aliased_secret: parseReference(s.aliased_secret, `${where}.aliased_secret`),
    overridden_secret: parseReference(s.overridden_secret, `${where}.overridden_secret`),
    mount_path: optionalString(s.mount_path, `${where}.mount_path`),
  };
  return secret;
}

const one = (body: unknown) => parseProjectSecret(body, 'the answer');

export class ProjectSecrets {
  constructor(private readonly http: QoveryHttp) {}

  private path(projectId: string, ...segments: string[]): string {
    return `/project/${enc(projectId)}/secret${segments.map((s) => `/${enc(s)}`).join('')}`;
  }

  /** Every secret the project sees: its own (PROJECT) and the BUILT_IN ones, with aliases and overrides. */
  async list(projectId: string, options: CallOptions = {}): Promise<ProjectSecret[]> {
    return this.http.json('GET', this.path(projectId), (body) => array(record(body, 'the answer').results ?? [], 'results', parseProjectSecret), options);
  }

  /** Adds a secret ("If the secret key already exists, then it will be replaced by the new one"). A POST: never retried. */
  async create(projectId: string, body: CreateSecretBody, options: CallOptions = {}): Promise<ProjectSecret> {
    return this.http.json('POST', this.path(projectId), one, { body, signal: options.signal, secretValues: body.value ? [body.value] : [] });
  }

  /** Edits a secret (PUT: retried safely). `key` is required; an override's key and an alias's value cannot change. */
  async edit(projectId: string, secretId: string, body: EditSecretBody, options: CallOptions = {}): Promise<ProjectSecret> {
    return this.http.json('PUT', this.path(projectId, secretId), one, { body, signal: options.signal, secretValues: body.value ? [body.value] : [] });
  }

  /** Deletes a secret, and with it its aliases and overrides (Qovery's rule). BUILT_IN secrets cannot be deleted. */
  async delete(projectId: string, secretId: string, options: CallOptions = {}): Promise<void> {
    await this.http.send('DELETE', this.path(projectId, secretId), options);
  }

  /** A new key, at project level, for the secret `secretId` of a higher (or the same) scope. Never an alias of an alias. */
  async createAlias(projectId: string, secretId: string, body: AliasBody, options: CallOptions = {}): Promise<ProjectSecret> {
    return this.http.json('POST', this.path(projectId, secretId, 'alias'), one, { body, signal: options.signal });
  }

  /** A new value, at project level, for the secret `secretId` of a higher scope (BUILT_IN). */
  async createOverride(projectId: string, secretId: string, body: OverrideBody, options: CallOptions = {}): Promise<ProjectSecret> {
    return this.http.json('POST', this.path(projectId, secretId, 'override'), one, { body, signal: options.signal, secretValues: body.value ? [body.value] : [] });
  }
}
