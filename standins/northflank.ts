/**
 * A stand-in of the Northflank API endpoints the clients use, in memory, faithful to the documented envelopes
 * (`{data}`, `{error: {status, message}}`, `pagination: {hasNextPage, cursor, count}` with no cursor on the last
 * page), status codes (404 unknown, 409 on create of an existing derived id) and validation (request bodies
 * against the bundled schemas; the create endpoint's stricter name, tag and addon-key rules as errors).
 * Team-scoped routes live under /v1/teams/{teamId}/…. Every route answers with x-ratelimit-* headers when a rate
 * limit is set.
 */
import { deriveSecretGroupId } from '../core/plan/ids';
import { StandinServer, type Reply, type Route, type RouteContext } from './server';
import { bodyErrors } from './validate';

export interface NfKeyLink {
  keyName: string;
  aliases?: string[];
}

export interface NfAddonDependency {
  addonId: string;
  keys?: NfKeyLink[];
}

export interface NfSecretGroupFixture {
  name: string;
  description?: string;
  stageId?: string;
  tags?: string[];
  type?: 'secret' | 'config';
  secretType: 'environment-arguments' | 'environment' | 'arguments';
  priority: number;
  restrictions?: { restricted?: boolean; nfObjects?: { id: string; type: 'service' | 'job' }[]; tags?: string[]; tagMatchCondition?: 'and' | 'or' };
  addonDependencies?: NfAddonDependency[];
  externalAddonDependencies?: NfAddonDependency[];
  secrets?: { variables?: Record<string, string>; files?: Record<string, { data: string; encoding?: string }>; dockerSecretMounts?: Record<string, { data: string; encoding?: string }> };
}

export interface NfAddonFixture {
  id: string;
  name?: string;
  type?: string;
  availableKeys: string[];
  tags?: string[];
  /** Values of the addon's keys, returned by GET secret with show=inherited|all. */
  values?: Record<string, string>;
}

export interface NfProjectFixture {
  id: string;
  name?: string;
  description?: string;
  teamId?: string;
  services?: { id: string; name?: string; serviceType?: 'combined' | 'build' | 'deployment'; tags?: string[] }[];
  jobs?: { id: string; name?: string; jobType?: 'manual' | 'cron'; tags?: string[] }[];
  addons?: NfAddonFixture[];
  secretGroups?: NfSecretGroupFixture[];
}

export interface NorthflankFixture {
  /** Accepted API tokens (sent as `Bearer <token>`). */
  tokens: string[];
  projects: NfProjectFixture[];
}

interface StoredGroup {
  id: string;
  body: NfSecretGroupFixture;
  createdAt: string;
  updatedAt: string;
}

interface StoredProject {
  fixture: NfProjectFixture;
  groups: Map<string, StoredGroup>;
}

export const NF_DEFAULT_PAGE_SIZE = 50;
const NF_MAX_PAGE_SIZE = 100;
/** The create endpoint's stricter rules (seed 002), reported as warnings by the bundled schema. */
const CREATE_RULES = ['nf-create-name', 'nf-create-tag', 'nf-create-addon-keys'];

export class NorthflankStandin {
  readonly server: StandinServer;
  private readonly projects = new Map<string, StoredProject>();
  /** When set, every answer carries x-ratelimit-* headers with these numbers (reset in seconds, as Northflank sends it). */
  rateLimit: { limit: number; remaining: number; resetSeconds: number } | undefined;
  private clock = Date.parse('2026-01-01T00:00:00.000Z');

  constructor(fixture: NorthflankFixture) {
    for (const project of fixture.projects) {
      const groups = new Map<string, StoredGroup>();
      for (const g of project.secretGroups ?? []) {
        const id = deriveSecretGroupId(g.name);
        groups.set(id, { id, body: structuredClone(g), createdAt: this.tick(), updatedAt: this.tick() });
      }
      this.projects.set(project.id, { fixture: structuredClone(project), groups });
    }
    const tokens = new Set(fixture.tokens);
    this.server = new StandinServer({
      routes: this.routes(),
      authorize: (h) => !!h && h.startsWith('Bearer ') && tokens.has(h.slice('Bearer '.length)),
      error: (status, message) => ({ error: { status, message } }),
      extraHeaders: (): Record<string, string> => this.rateLimit
        ? { 'x-ratelimit-limit': String(this.rateLimit.limit), 'x-ratelimit-remaining': String(this.rateLimit.remaining), 'x-ratelimit-reset': String(this.rateLimit.resetSeconds) }
        : {},
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

  /** The stored group (for assertions), or undefined. */
  group(projectId: string, secretId: string): NfSecretGroupFixture | undefined {
    const g = this.projects.get(projectId)?.groups.get(secretId);
    return g ? structuredClone(g.body) : undefined;
  }

  private tick(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }

  private routes(): Route[] {
    // /v1/projects/{projectId}… or /v1/teams/{teamId}/projects/{projectId}…: params[0] is the team ('' when none).
    const scoped = (rest: string) => new RegExp(`^(?:/v1/teams/([^/]+)/projects|/v1/projects)/([^/]+)${rest}$`);
    const routes: Route[] = [
      { method: 'GET', pattern: /^(?:\/v1\/teams\/([^/]+)\/projects|\/v1\/projects)$/, handler: (c) => this.listProjects(c) },
      { method: 'GET', pattern: scoped('/secrets'), handler: (c) => this.withProject(c, (pr) => this.listGroups(c, pr)) },
      { method: 'PUT', pattern: scoped('/secrets'), handler: (c) => this.withProject(c, (pr) => this.putGroup(c, pr)) },
      { method: 'POST', pattern: scoped('/secrets'), handler: (c) => this.withProject(c, (pr) => this.createGroup(c, pr)) },
      { method: 'GET', pattern: scoped('/secrets/([^/]+)'), handler: (c) => this.withGroup(c, (pr, g) => this.getGroup(c, pr, g)) },
      { method: 'DELETE', pattern: scoped('/secrets/([^/]+)'), handler: (c) => this.withGroup(c, (pr, g) => this.deleteGroup(pr, g)) },
      { method: 'GET', pattern: scoped('/secrets/([^/]+)/addons/([^/]+)'), handler: (c) => this.withLink(c, (_pr, g, a) => this.getLink(g, a)) },
      { method: 'POST', pattern: scoped('/secrets/([^/]+)/addons/([^/]+)'), handler: (c) => this.withLink(c, (_pr, g, a) => this.updateLink(c, g, a)) },
      { method: 'DELETE', pattern: scoped('/secrets/([^/]+)/addons/([^/]+)'), handler: (c) => this.withLink(c, (_pr, g, a) => this.deleteLink(g, a)) },
      { method: 'GET', pattern: scoped('/services'), handler: (c) => this.withProject(c, (pr) => this.page(c, 'services', (pr.fixture.services ?? []).map((s) => ({
        id: s.id, appId: `/standin/${pr.fixture.id}/${s.id}`, projectId: pr.fixture.id, name: s.name ?? s.id, tags: s.tags ?? [],
        serviceType: s.serviceType ?? 'combined', disabledCI: false, disabledCD: false, status: {},
      })))) },
      { method: 'GET', pattern: scoped('/jobs'), handler: (c) => this.withProject(c, (pr) => this.page(c, 'jobs', (pr.fixture.jobs ?? []).map((j) => ({
        id: j.id, appId: `/standin/${pr.fixture.id}/${j.id}`, projectId: pr.fixture.id, name: j.name ?? j.id, tags: j.tags ?? [],
        jobType: j.jobType ?? 'manual', disabledCI: false, disabledCD: false,
      })))) },
      { method: 'GET', pattern: scoped('/addons'), handler: (c) => this.withProject(c, (pr) => this.page(c, 'addons', (pr.fixture.addons ?? []).map((a) => ({
        id: a.id, appId: `/standin/${pr.fixture.id}/${a.id}`, name: a.name ?? a.id, tags: a.tags ?? [], spec: { type: a.type ?? 'postgresql' }, status: 'running',
      })))) },
    ];
    return routes;
  }

  private error(status: number, message: string): Reply {
    return this.server.errorReply(status, message);
  }

  private listProjects(c: RouteContext): Reply {
    const teamId = c.params[0];
    const projects = [...this.projects.values()].filter((p) => !teamId || p.fixture.teamId === teamId);
    return this.page(c, 'projects', projects.map((p) => ({ id: p.fixture.id, name: p.fixture.name ?? p.fixture.id, ...(p.fixture.description ? { description: p.fixture.description } : {}) })));
  }

  private withProject(c: RouteContext, then: (project: StoredProject) => Reply): Reply {
    const [teamId, projectId] = c.params;
    const project = this.projects.get(projectId);
    if (!project || (teamId !== '' && project.fixture.teamId !== teamId)) return this.error(404, `Project "${projectId}" not found.`);
    return then(project);
  }

  private withGroup(c: RouteContext, then: (project: StoredProject, group: StoredGroup) => Reply): Reply {
    return this.withProject(c, (project) => {
      const secretId = c.params[2];
      const group = project.groups.get(secretId);
      if (!group) return this.error(404, `Secret "${secretId}" not found in project "${project.fixture.id}".`);
      return then(project, group);
    });
  }

  private withLink(c: RouteContext, then: (project: StoredProject, group: StoredGroup, addon: NfAddonFixture) => Reply): Reply {
    return this.withGroup(c, (project, group) => {
      const addonId = c.params[3];
      const addon = project.fixture.addons?.find((a) => a.id === addonId);
      if (!addon) return this.error(404, `Addon "${addonId}" not found in project "${project.fixture.id}".`);
      return then(project, group, addon);
    });
  }

  /** One page of a list: `per_page` (at most 100), an opaque `cursor`; the last page has no cursor. */
  private page(c: RouteContext, key: string, items: unknown[]): Reply {
    const perPageRaw = c.query.get('per_page');
    const perPage = perPageRaw === null ? NF_DEFAULT_PAGE_SIZE : Number(perPageRaw);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > NF_MAX_PAGE_SIZE) return this.error(400, `per_page must be an integer from 1 to ${NF_MAX_PAGE_SIZE}.`);
    const cursor = c.query.get('cursor');
    let offset = 0;
    if (cursor !== null) {
      const decoded = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
      if (!decoded) return this.error(400, 'Invalid cursor.');
      offset = Number(decoded[1]);
    }
    const slice = items.slice(offset, offset + perPage);
    const next = offset + perPage;
    const hasNextPage = next < items.length;
    return {
      status: 200,
      body: {
        data: { [key]: slice },
        pagination: { hasNextPage, count: slice.length, ...(hasNextPage ? { cursor: Buffer.from(`offset:${next}`).toString('base64url') } : {}) },
      },
    };
  }

  private summary(project: StoredProject, g: StoredGroup): Record<string, unknown> {
    const b = g.body;
    return {
      id: g.id, projectId: project.fixture.id, name: b.name, tags: b.tags ?? [], ...(b.description ? { description: b.description } : {}),
      type: b.type ?? 'secret', secretType: b.secretType, priority: b.priority, restrictions: b.restrictions ?? { restricted: false },
    };
  }

  private listGroups(c: RouteContext, project: StoredProject): Reply {
    return this.page(c, 'secrets', [...project.groups.values()].map((g) => this.summary(project, g)));
  }

  /** Checks the references of a body: addons and their keys, services and jobs of restrictions. */
  private referenceErrors(project: StoredProject, body: NfSecretGroupFixture): string[] {
    const out: string[] = [];
    for (const dep of body.addonDependencies ?? []) {
      const addon = project.fixture.addons?.find((a) => a.id === dep.addonId);
      if (!addon) {
        out.push(`addon "${dep.addonId}" does not exist in project "${project.fixture.id}"`);
        continue;
      }
      for (const key of dep.keys ?? []) if (!addon.availableKeys.includes(key.keyName)) out.push(`addon "${dep.addonId}" has no key "${key.keyName}" (available: ${addon.availableKeys.join(', ')})`);
    }
    for (const target of body.restrictions?.nfObjects ?? []) {
      const list = target.type === 'service' ? project.fixture.services : project.fixture.jobs;
      if (!list?.some((x) => x.id === target.id)) out.push(`restrictions.nfObjects: there is no ${target.type} "${target.id}" in project "${project.fixture.id}"`);
    }
    return out;
  }

  private save(project: StoredProject, body: NfSecretGroupFixture): StoredGroup {
    const id = deriveSecretGroupId(body.name);
    const existing = project.groups.get(id);
    const now = this.tick();
    const stored: StoredGroup = { id, body: structuredClone(body), createdAt: existing?.createdAt ?? now, updatedAt: now };
    project.groups.set(id, stored);
    return stored;
  }

  private saved(stored: StoredGroup): Reply {
    return { status: 200, body: { data: { ...structuredClone(stored.body), id: stored.id, createdAt: stored.createdAt, updatedAt: stored.updatedAt } } };
  }

  private putGroup(c: RouteContext, project: StoredProject): Reply {
    const errors = bodyErrors('northflank-secret', c.body);
    if (errors.length) return this.error(400, `Invalid request body: ${errors.join('; ')}`);
    const body = c.body as NfSecretGroupFixture;
    const references = this.referenceErrors(project, body);
    if (references.length) return this.error(400, `Invalid request body: ${references.join('; ')}`);
    return this.saved(this.save(project, body));
  }

  private createGroup(c: RouteContext, project: StoredProject): Reply {
    const errors = bodyErrors('northflank-secret', c.body, CREATE_RULES);
    if (errors.length) return this.error(400, `Invalid request body: ${errors.join('; ')}`);
    const body = c.body as NfSecretGroupFixture;
    if (project.groups.has(deriveSecretGroupId(body.name))) return this.error(409, 'There is already a secret with the same derived identifier');
    const references = this.referenceErrors(project, body);
    if (references.length) return this.error(400, `Invalid request body: ${references.join('; ')}`);
    return this.saved(this.save(project, body));
  }

  private inherited(project: StoredProject, g: StoredGroup): Record<string, string> {
    const out: Record<string, string> = {};
    for (const dep of g.body.addonDependencies ?? []) {
      const addon = project.fixture.addons?.find((a) => a.id === dep.addonId);
      for (const key of dep.keys ?? []) {
        const value = addon?.values?.[key.keyName] ?? '';
        out[defaultKey(dep.addonId, key.keyName)] = value;
        for (const alias of key.aliases ?? []) out[alias] = value;
      }
    }
    return out;
  }

  private getGroup(c: RouteContext, project: StoredProject, g: StoredGroup): Reply {
    const show = c.query.get('show') ?? 'all';
    const own = structuredClone(g.body.secrets ?? {});
    const inherited = this.inherited(project, g);
    const secrets = show === 'this' ? own : show === 'inherited' ? { variables: inherited } : { ...own, variables: { ...inherited, ...own.variables } };
    return { status: 200, body: { data: { ...this.summary(project, g), createdAt: g.createdAt, updatedAt: g.updatedAt, secrets } } };
  }

  private deleteGroup(project: StoredProject, g: StoredGroup): Reply {
    project.groups.delete(g.id);
    return { status: 200, body: { data: {} } };
  }

  private getLink(g: StoredGroup, addon: NfAddonFixture): Reply {
    const dep = g.body.addonDependencies?.find((d) => d.addonId === addon.id);
    return {
      status: 200,
      body: {
        data: {
          secretName: g.body.name, secretId: g.id, addonName: addon.name ?? addon.id, addonId: addon.id, addonType: addon.type ?? 'postgresql',
          linked: !!dep,
          linkedKeys: (dep?.keys ?? []).map((k) => ({ keyName: k.keyName, aliases: k.aliases ?? [], defaultKey: defaultKey(addon.id, k.keyName) })),
          availableKeys: addon.availableKeys,
        },
      },
    };
  }

  private updateLink(c: RouteContext, g: StoredGroup, addon: NfAddonFixture): Reply {
    const errors = bodyErrors('northflank-link', c.body);
    if (errors.length) return this.error(400, `Invalid request body: ${errors.join('; ')}`);
    const keys = (c.body as { keys: NfKeyLink[] }).keys;
    const missing = keys.filter((k) => !addon.availableKeys.includes(k.keyName)).map((k) => `"${k.keyName}"`);
    if (missing.length) return this.error(400, `Addon "${addon.id}" has no key ${missing.join(', ')} (available: ${addon.availableKeys.join(', ')}).`);
    const deps = (g.body.addonDependencies ?? []).filter((d) => d.addonId !== addon.id);
    deps.push({ addonId: addon.id, keys: structuredClone(keys) });
    g.body.addonDependencies = deps;
    g.updatedAt = this.tick();
    return { status: 200, body: { data: { keys: keys.map((k) => ({ keyName: k.keyName, aliases: k.aliases ?? [], defaultKey: defaultKey(addon.id, k.keyName) })) } } };
  }

  private deleteLink(g: StoredGroup, addon: NfAddonFixture): Reply {
    g.body.addonDependencies = (g.body.addonDependencies ?? []).filter((d) => d.addonId !== addon.id);
    g.updatedAt = this.tick();
    return { status: 200, body: { data: {} } };
  }
}

/** The variable name of a linked key, as seed 000's example answer shows it: NF_EXAMPLE-ADDON_USERNAME. */
export function defaultKey(addonId: string, keyName: string): string {
  return `NF_${addonId.toUpperCase()}_${keyName}`;
}
