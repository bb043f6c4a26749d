/**
 * A stand-in of the Qovery API endpoints the clients use (openapi.yaml: Organization Main Calls, Projects,
 * Environments, Project Secret), in memory. Lists are `{results: [...]}`; a secret's value is never returned;
 * request bodies are checked with the bundled qovery-secrets schema's rules (key, description of at most 255
 * characters, absolute mount_path) and the API's own (`key` required on edit, as Prism also requires); Qovery's
 * rules answer 400 with the docs' text: no alias of an alias, aliases and overrides only from a higher scope to a
 * lower one, no edit or delete of a BUILT_IN secret, no new key for an override, no new value for an alias.
 *
 * The spec defines no error body: this stand-in answers `{status, error, message}` (an assumption; the client
 * also reads a plain-text body verbatim).
 */
import { randomUUID } from 'node:crypto';
import Ajv, { type ValidateFunction } from 'ajv';
import { SCHEMAS, type JsonSchema } from '../core';
import { qoveryEntryKind, scopeRank } from '../core/plan/qoveryRules';
import { StandinServer, type Reply, type Route, type RouteContext } from './server';

export type QoveryScope = 'BUILT_IN' | 'PROJECT' | 'ENVIRONMENT' | 'APPLICATION';

export interface QoverySecretFixture {
  key: string;
  value?: string;
  /** Default PROJECT. ENVIRONMENT and APPLICATION secrets belong to `environmentId` and are not listed at project level. */
  scope?: QoveryScope;
  environmentId?: string;
  mount_path?: string;
  description?: string;
  /** An alias of the secret with this key (same project). */
  aliasOf?: string;
  /** An override of the secret with this key (same project). */
  overrideOf?: string;
  /** A fixed id, to refer to it in tests. */
  id?: string;
}

export interface QoveryProjectFixture {
  id: string;
  name?: string;
  environments?: { id: string; name: string; mode?: 'PRODUCTION' | 'DEVELOPMENT' | 'STAGING' | 'PREVIEW' }[];
  secrets?: QoverySecretFixture[];
}

export interface QoveryFixture {
  /** Accepted API tokens (sent as `Token <token>`). */
  tokens: string[];
  organizations: { id: string; name: string; projects: QoveryProjectFixture[] }[];
}

interface StoredSecret {
  id: string;
  projectId: string;
  environmentId?: string;
  key: string;
  value?: string;
  scope: QoveryScope;
  variable_type: 'VALUE' | 'FILE' | 'ALIAS' | 'OVERRIDE' | 'BUILT_IN';
  mount_path?: string;
  description?: string | null;
  enable_interpolation_in_file?: boolean | null;
  aliasedId?: string;
  overriddenId?: string;
  created_at: string;
  updated_at: string;
}

const ALIAS_SCOPE_MESSAGE = "Can't create an alias on a higher scope. Aliases can only be created from one scope to a lower scope. Scope hierarchy is BUILT_IN > PROJECT > ENVIRONMENT > APPLICATION";
const OVERRIDE_SCOPE_MESSAGE = "Can't create an override on a higher scope. Overrides can only be created from one scope to a lower scope. Scope hierarchy is BUILT_IN > PROJECT > ENVIRONMENT > APPLICATION";
const ALIAS_OF_ALIAS_MESSAGE = "You can't create an alias on an alias";

/** Request-body schemas built from the bundled qovery-secrets schema's definitions (same rules, API field names). */
function bodyValidators(): { create: ValidateFunction; edit: ValidateFunction; alias: ValidateFunction; override: ValidateFunction } {
  const file = SCHEMAS['qovery-secrets'];
  const definitions = file.definitions as Record<string, JsonSchema>;
  const secretItem = ((file.properties as Record<string, JsonSchema>).secrets.items ?? {}) as JsonSchema;
  const props = secretItem.properties as Record<string, JsonSchema>;
  const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });
  const key = definitions.key;
  const description = nullable(definitions.description);
  const interpolation = nullable({ type: 'boolean' });
  const ajv = new Ajv({ allErrors: true, strict: false });
  const object = (properties: Record<string, JsonSchema>, required: string[]) => ajv.compile({ type: 'object', properties, required, additionalProperties: false });
  return {
    create: object({ key, value: { type: 'string' }, mount_path: nullable(props.mount_path), description, enable_interpolation_in_file: interpolation }, ['key']),
    edit: object({ key, value: { type: 'string' }, description, enable_interpolation_in_file: interpolation }, ['key']),
    alias: object({ key, description, enable_interpolation_in_file: interpolation }, ['key']),
    override: object({ value: { type: 'string' }, description, enable_interpolation_in_file: interpolation }, []),
  };
}

export class QoveryStandin {
  readonly server: StandinServer;
  private readonly organizations: QoveryFixture['organizations'];
  private readonly secrets = new Map<string, StoredSecret>();
  private readonly validators = bodyValidators();
  private clock = Date.parse('2026-01-01T00:00:00.000Z');

  constructor(fixture: QoveryFixture) {
    this.organizations = structuredClone(fixture.organizations);
    for (const org of this.organizations) {
      for (const project of org.projects) {
        const pending = project.secrets ?? [];
        // Plain secrets first, so that aliases and overrides find their targets.
        for (const s of [...pending.filter((x) => !x.aliasOf && !x.overrideOf), ...pending.filter((x) => x.aliasOf || x.overrideOf)]) this.seed(project.id, s);
      }
    }
    const tokens = new Set(fixture.tokens);
    this.server = new StandinServer({
      routes: this.routes(),
      authorize: (h) => !!h && h.startsWith('Token ') && tokens.has(h.slice('Token '.length)),
      error: (status, message) => ({ status, error: statusText(status), message }),
    });
  }

  get faults() {
    return this.server.faults;
  }

  get requests() {
    return this.server.requests;
  }

  requestsTo(method: string, path: string | RegExp) {
    return this.server.requestsTo(method, path);
  }

  start(): Promise<string> {
    return this.server.start();
  }

  close(): Promise<void> {
    return this.server.close();
  }

  /** A stored secret with its value, for assertions: never sent by the API. */
  secretByKey(projectId: string, key: string, scope: QoveryScope = 'PROJECT'): (StoredSecret & { aliasedKey?: string; overriddenKey?: string }) | undefined {
    const s = [...this.secrets.values()].find((x) => x.projectId === projectId && x.key === key && x.scope === scope);
    if (!s) return undefined;
    return { ...s, aliasedKey: s.aliasedId ? this.secrets.get(s.aliasedId)?.key : undefined, overriddenKey: s.overriddenId ? this.secrets.get(s.overriddenId)?.key : undefined };
  }

  /** Every stored secret of a project at a scope (default PROJECT). */
  projectSecrets(projectId: string, scope: QoveryScope = 'PROJECT'): StoredSecret[] {
    return [...this.secrets.values()].filter((s) => s.projectId === projectId && s.scope === scope).map((s) => ({ ...s }));
  }

  private tick(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }

  private seed(projectId: string, s: QoverySecretFixture): void {
    const scope = s.scope ?? 'PROJECT';
    const find = (key: string) => [...this.secrets.values()].find((x) => x.projectId === projectId && x.key === key && qoveryEntryKind(x) === 'secret');
    const target = s.aliasOf ? find(s.aliasOf) : s.overrideOf ? find(s.overrideOf) : undefined;
    if ((s.aliasOf || s.overrideOf) && !target) throw new Error(`Qovery fixture: no secret "${s.aliasOf ?? s.overrideOf}" for "${s.key}".`);
    const now = this.tick();
    const stored: StoredSecret = {
      id: s.id ?? randomUUID(), projectId, environmentId: s.environmentId, key: s.overrideOf ?? s.key, value: s.aliasOf ? undefined : s.value, scope,
      variable_type: s.aliasOf ? 'ALIAS' : s.overrideOf ? 'OVERRIDE' : scope === 'BUILT_IN' ? 'BUILT_IN' : s.mount_path ? 'FILE' : 'VALUE',
      mount_path: s.mount_path, description: s.description ?? null, aliasedId: s.aliasOf ? target?.id : undefined, overriddenId: s.overrideOf ? target?.id : undefined,
      created_at: now, updated_at: now,
    };
    this.secrets.set(stored.id, stored);
  }

  private routes(): Route[] {
    const uuid = '([^/]+)';
    return [
      { method: 'GET', pattern: /^\/organization$/, handler: () => this.results(this.organizations.map((o) => ({ id: o.id, created_at: '2026-01-01T00:00:00Z', name: o.name, plan: 'TEAM' }))) },
      { method: 'GET', pattern: new RegExp(`^/organization/${uuid}/project$`), handler: (c) => this.listProjects(c) },
      { method: 'GET', pattern: new RegExp(`^/project/${uuid}/environment$`), handler: (c) => this.withProject(c, (p) => this.results((p.environments ?? []).map((e) => ({
        id: e.id, created_at: '2026-01-01T00:00:00Z', name: e.name, mode: e.mode ?? 'DEVELOPMENT', organization: { id: this.orgOf(p.id) }, project: { id: p.id },
        cloud_provider: { provider: 'aws', cluster: 'eu-west-3' }, cluster_id: '00000000-0000-4000-8000-000000000001',
      })))) },
      { method: 'GET', pattern: new RegExp(`^/project/${uuid}/secret$`), handler: (c) => this.withProject(c, (p) => this.results(this.listed(p.id).map((s) => this.view(s)))) },
      { method: 'POST', pattern: new RegExp(`^/project/${uuid}/secret$`), handler: (c) => this.withProject(c, (p) => this.create(c, p)) },
      { method: 'PUT', pattern: new RegExp(`^/project/${uuid}/secret/${uuid}$`), handler: (c) => this.withSecret(c, (p, s) => this.edit(c, p, s)) },
      { method: 'DELETE', pattern: new RegExp(`^/project/${uuid}/secret/${uuid}$`), handler: (c) => this.withSecret(c, (_p, s) => this.remove(s)) },
      { method: 'POST', pattern: new RegExp(`^/project/${uuid}/secret/${uuid}/alias$`), handler: (c) => this.withSecret(c, (p, s) => this.alias(c, p, s)) },
      { method: 'POST', pattern: new RegExp(`^/project/${uuid}/secret/${uuid}/override$`), handler: (c) => this.withSecret(c, (p, s) => this.override(c, p, s)) },
    ];
  }

  private error(status: number, message: string): Reply {
    return this.server.errorReply(status, message);
  }

  private results(results: unknown[]): Reply {
    return { status: 200, body: { results } };
  }

  private orgOf(projectId: string): string {
    return this.organizations.find((o) => o.projects.some((p) => p.id === projectId))?.id ?? '';
  }

  private listProjects(c: RouteContext): Reply {
    const org = this.organizations.find((o) => o.id === c.params[0]);
    if (!org) return this.error(404, `Organization ${c.params[0]} not found`);
    return this.results(org.projects.map((p) => ({ id: p.id, created_at: '2026-01-01T00:00:00Z', name: p.name ?? p.id, associated_environments_count: p.environments?.length ?? 0, organization: { id: org.id } })));
  }

  private project(projectId: string): QoveryProjectFixture | undefined {
    for (const org of this.organizations) for (const p of org.projects) if (p.id === projectId) return p;
    return undefined;
  }

  private withProject(c: RouteContext, then: (project: QoveryProjectFixture) => Reply): Reply {
    const project = this.project(c.params[0]);
    if (!project) return this.error(404, `Project ${c.params[0]} not found`);
    return then(project);
  }

  private withSecret(c: RouteContext, then: (project: QoveryProjectFixture, secret: StoredSecret) => Reply): Reply {
    return this.withProject(c, (project) => {
      const secret = this.secrets.get(c.params[1]);
      // A secret of another project is not found; one of an environment of this project is (the scope rules answer).
      if (!secret || secret.projectId !== project.id) return this.error(404, `Secret ${c.params[1]} not found`);
      return then(project, secret);
    });
  }

  /** What GET /project/{id}/secret lists: the project's own secrets and the BUILT_IN ones. */
  private listed(projectId: string): StoredSecret[] {
    return [...this.secrets.values()].filter((s) => s.projectId === projectId && (s.scope === 'PROJECT' || s.scope === 'BUILT_IN'));
  }

  private reference(id: string | undefined): Record<string, unknown> | undefined {
    const s = id ? this.secrets.get(id) : undefined;
    if (!s) return undefined;
    return { id: s.id, key: s.key, mount_path: s.mount_path ?? '', scope: s.scope, variable_type: s.variable_type, description: s.description ?? null };
  }

  /** A secret as the API shows it: never its value. */
  private view(s: StoredSecret): Record<string, unknown> {
    const aliased = this.reference(s.aliasedId);
    const overridden = this.reference(s.overriddenId);
    return {
      id: s.id, created_at: s.created_at, updated_at: s.updated_at, key: s.key, scope: s.scope, variable_type: s.variable_type,
      ...(s.mount_path ? { mount_path: s.mount_path } : {}),
      ...(aliased ? { aliased_secret: aliased } : {}),
      ...(overridden ? { overridden_secret: overridden } : {}),
      description: s.description ?? null,
      ...(s.enable_interpolation_in_file !== undefined && s.enable_interpolation_in_file !== null ? { enable_interpolation_in_file: s.enable_interpolation_in_file } : {}),
    };
  }

  private invalid(validate: ValidateFunction, body: unknown): Reply | undefined {
    if (validate(body)) return undefined;
    const reasons = (validate.errors ?? []).map((e) => {
      const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : 'body';
      const params = e.params as Record<string, unknown>;
      if (e.keyword === 'required') return `${String(params.missingProperty)} is required`;
      if (e.keyword === 'additionalProperties') return `unknown field ${String(params.additionalProperty)}`;
      return `${where} ${e.message ?? 'is invalid'}`;
    });
    return this.error(400, [...new Set(reasons)].join('; '));
  }

  private projectKey(projectId: string, key: string): StoredSecret | undefined {
    return [...this.secrets.values()].find((s) => s.projectId === projectId && s.scope === 'PROJECT' && s.key === key);
  }

  private create(c: RouteContext, project: QoveryProjectFixture): Reply {
    const bad = this.invalid(this.validators.create, c.body);
    if (bad) return bad;
    const body = c.body as { key: string; value?: string; mount_path?: string | null; description?: string | null; enable_interpolation_in_file?: boolean | null };
    const now = this.tick();
    // "If the secret key already exists, then it will be replaced by the new one."
    const existing = this.projectKey(project.id, body.key);
    if (existing && qoveryEntryKind(existing) !== 'secret') {
      return this.error(400, `The key ${body.key} is already used by an ${qoveryEntryKind(existing)} of this project`);
    }
    const stored: StoredSecret = {
      id: existing?.id ?? randomUUID(), projectId: project.id, key: body.key, value: body.value, scope: 'PROJECT',
      variable_type: body.mount_path ? 'FILE' : 'VALUE', mount_path: body.mount_path ?? undefined,
      description: body.description ?? null, enable_interpolation_in_file: body.enable_interpolation_in_file ?? null,
      created_at: existing?.created_at ?? now, updated_at: now,
    };
    this.secrets.set(stored.id, stored);
    return { status: 201, body: this.view(stored) };
  }

  private edit(c: RouteContext, project: QoveryProjectFixture, s: StoredSecret): Reply {
    const bad = this.invalid(this.validators.edit, c.body);
    if (bad) return bad;
    const body = c.body as { key: string; value?: string; description?: string | null; enable_interpolation_in_file?: boolean | null };
    if (s.scope === 'BUILT_IN') return this.error(400, "You can't edit a BUILT_IN secret");
    if (qoveryEntryKind(s) === 'override' && body.key !== s.key) return this.error(400, "For an override, you can't edit the key");
    if (qoveryEntryKind(s) === 'alias' && body.value !== undefined) return this.error(400, "For an alias, you can't edit the value");
    const clash = body.key !== s.key ? this.projectKey(project.id, body.key) : undefined;
    if (clash) return this.error(400, `The key ${body.key} already exists in this project`);
    s.key = body.key;
    if (body.value !== undefined) s.value = body.value;
    if (body.description !== undefined) s.description = body.description;
    if (body.enable_interpolation_in_file !== undefined) s.enable_interpolation_in_file = body.enable_interpolation_in_file;
    s.updated_at = this.tick();
    return { status: 200, body: this.view(s) };
  }

  private remove(s: StoredSecret): Reply {
    if (s.scope === 'BUILT_IN') return this.error(400, "You can't delete a BUILT_IN secret");
    // "If you delete a secret having override or alias, the associated override/alias will be deleted as well."
    for (const other of [...this.secrets.values()]) if (other.aliasedId === s.id || other.overriddenId === s.id) this.secrets.delete(other.id);
    this.secrets.delete(s.id);
    return { status: 204 };
  }

  private alias(c: RouteContext, project: QoveryProjectFixture, target: StoredSecret): Reply {
    const bad = this.invalid(this.validators.alias, c.body);
    if (bad) return bad;
    const body = c.body as { key: string; description?: string | null; enable_interpolation_in_file?: boolean | null };
    if (qoveryEntryKind(target) === 'alias') return this.error(400, ALIAS_OF_ALIAS_MESSAGE);
    if (scopeRank(target.scope) > scopeRank('PROJECT')) return this.error(400, ALIAS_SCOPE_MESSAGE);
    if (this.projectKey(project.id, body.key)) return this.error(400, `The key ${body.key} already exists in this project`);
    const now = this.tick();
    const stored: StoredSecret = {
      id: randomUUID(), projectId: project.id, key: body.key, scope: 'PROJECT', variable_type: 'ALIAS', aliasedId: target.id,
      description: body.description ?? null, enable_interpolation_in_file: body.enable_interpolation_in_file ?? null, created_at: now, updated_at: now,
    };
    this.secrets.set(stored.id, stored);
    return { status: 201, body: this.view(stored) };
  }

  private override(c: RouteContext, project: QoveryProjectFixture, target: StoredSecret): Reply {
    const bad = this.invalid(this.validators.override, c.body);
    if (bad) return bad;
    const body = c.body as { value?: string; description?: string | null; enable_interpolation_in_file?: boolean | null };
    if (scopeRank(target.scope) >= scopeRank('PROJECT')) return this.error(400, OVERRIDE_SCOPE_MESSAGE);
    if (this.projectKey(project.id, target.key)) return this.error(400, `The key ${target.key} already exists in this project`);
    const now = this.tick();
    const stored: StoredSecret = {
      id: randomUUID(), projectId: project.id, key: target.key, value: body.value, scope: 'PROJECT', variable_type: 'OVERRIDE', overriddenId: target.id,
      mount_path: target.mount_path, description: body.description ?? null, enable_interpolation_in_file: body.enable_interpolation_in_file ?? null, created_at: now, updated_at: now,
    };
    this.secrets.set(stored.id, stored);
    return { status: 201, body: this.view(stored) };
  }
}

function statusText(status: number): string {
  return ({ 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' } as Record<number, string>)[status] ?? 'Error';
}
