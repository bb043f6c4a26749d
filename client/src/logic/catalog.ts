import type { AddonLink, AddonSummary, JobSummary, ServiceSummary } from '../../../api/northflank';
import type { ProjectSecret } from '../../../api/qovery';
import { qoveryVariableType } from '../../../core/plan';
import type { CatalogSnapshot } from '../../../shared/protocol';

/** What the extension read from Northflank for one file, turned into the snapshot the language server gets. */
export interface NorthflankCatalogData {
  addons: AddonSummary[];
  services: ServiceSummary[];
  jobs: JobSummary[];
  /** Addon links of the file's secret group (or of a link file's binding), for the addons' available keys. */
  links: AddonLink[];
  linkAddonId?: string;
  target: string;
}

export function northflankSnapshot(data: NorthflankCatalogData): CatalogSnapshot {
  const keysOf = new Map(data.links.filter((l) => l.availableKeys).map((l) => [l.addonId, l.availableKeys as string[]]));
  const tags = new Set<string>();
  for (const r of [...data.services, ...data.jobs, ...data.addons]) for (const t of r.tags ?? []) tags.add(t);
  return {
    platform: 'northflank',
    status: 'live',
    target: data.target,
    addons: data.addons.map((a) => ({ id: a.id, name: a.name, type: a.type, ...(keysOf.has(a.id) ? { keys: keysOf.get(a.id) } : {}) })),
    restrictionTargets: [
      ...data.services.map((s) => ({ id: s.id, type: 'service' as const, name: s.name })),
      ...data.jobs.map((j) => ({ id: j.id, type: 'job' as const, name: j.name })),
    ],
    tags: [...tags].sort(),
    ...(data.linkAddonId ? { linkAddonId: data.linkAddonId } : {}),
  };
}

export function qoverySnapshot(secrets: ProjectSecret[], target: string): CatalogSnapshot {
  return {
    platform: 'qovery',
    status: 'live',
    target,
    qoverySecrets: secrets.map((s) => ({
      key: s.key,
      scope: s.scope,
      variableType: qoveryVariableType(s),
      ...(s.aliased_secret ? { aliasOf: s.aliased_secret.key } : {}),
    })),
  };
}

export function unknownSnapshot(platform: 'northflank' | 'qovery', reason: string): CatalogSnapshot {
  return { platform, status: 'unknown', reason };
}

/** A small cache with a time to live, for catalog requests (one per project and file binding). */
export class TtlCache<T> {
  private readonly entries = new Map<string, { expires: number; value: Promise<T> }>();

  constructor(private readonly ttlMs: () => number, private readonly now: () => number = Date.now) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > this.now()) return hit.value;
    const value = load();
    this.entries.set(key, { expires: this.now() + this.ttlMs(), value });
    // A failed load is not cached: the next request tries again.
    value.catch(() => this.entries.delete(key));
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * Where a project's addon pages are in Northflank's web app, for document links (an addon id is appended): the app
 * lives beside the API (`https://api.northflank.com` → `https://app.northflank.com`; another API address, such as
 * a self-hosted one, is taken as it is), at `/t/TEAM/project/PROJECT/addons/` for a team's project and at
 * `/project/PROJECT/addons/` otherwise. The API docs do not give the app's paths: this is the one place to change.
 */
export function northflankAddonPageBase(apiUrl: string, target: { project: string; team?: string }): string {
  const url = new URL(apiUrl);
  if (url.hostname.startsWith('api.')) url.hostname = `app.${url.hostname.slice('api.'.length)}`;
  const base = url.origin + url.pathname.replace(/\/+$/, '');
  const team = target.team ? `/t/${encodeURIComponent(target.team)}` : '';
  return `${base}${team}/project/${encodeURIComponent(target.project)}/addons/`;
}
