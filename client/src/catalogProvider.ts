import * as vscode from 'vscode';
import type { AddonLink, AddonSummary, JobSummary, ServiceSummary } from '../../api/northflank';
import type { ProjectSecret } from '../../api/qovery';
import { deriveSecretGroupId } from '../../core/plan';
import { isFileKind, platformOf, PLATFORM_TITLES } from '../../core';
import type { CatalogParams, CatalogSnapshot } from '../../shared/protocol';
import { unavailableReason, type Connections } from './connections';
import type { Log } from './log';
import { northflankAddonPageBase, northflankSnapshot, qoverySnapshot, TtlCache, unknownSnapshot } from './logic/catalog';
import type { ResolvedTarget } from './logic/targets';
import { targetOf } from './targets';

/** After an answer that could not be read (offline, a 5xx), how long before the server is told to ask again. */
const RETRY_MS = 30_000;

/**
 * Answers the language server's catalog requests: what the platform knows about a file's target. This is the one
 * catalog cache (the server keeps only the latest answer per document), with one rule: an answer is good for
 * `secretDefinitions.catalog.ttlSeconds`, or until the platform or a binding changes (sign-in, sign-out, Refresh
 * Catalogs, a push, a new target), and either way the server is told (`onDidExpire`, `clear`) and asks again.
 * Whatever cannot be read (signed out, untrusted, not bound, no permission, offline) is answered as unknown, with
 * the reason.
 */
export class CatalogProvider implements vscode.Disposable {
  private readonly ttlMs = (): number => 1000 * vscode.workspace.getConfiguration('secretDefinitions').get<number>('catalog.ttlSeconds', 300);
  /** What a project has (addons, services, jobs), one entry per project. */
  private readonly projects = new TtlCache<{ addons: AddonSummary[]; services: ServiceSummary[]; jobs: JobSummary[] }>(this.ttlMs);
  /** Addon links (their available keys), one entry per group and addon; a group that does not exist answers undefined. */
  private readonly links = new TtlCache<AddonLink | undefined>(this.ttlMs);
  private readonly qovery = new TtlCache<ProjectSecret[]>(this.ttlMs);

  private readonly expired = new vscode.EventEmitter<string[]>();
  /** Documents whose answer expired: the language server is to ask again. */
  readonly onDidExpire = this.expired.event;
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly connections: Connections, private readonly log: Log) {}

  /** Forgets every answer (the caller tells the server, which asks again). */
  clear(): void {
    this.projects.clear();
    this.links.clear();
    this.qovery.clear();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  async snapshot(params: CatalogParams): Promise<CatalogSnapshot> {
    const answer = await this.read(params);
    // A live answer expires with the cache; one that could not be read is tried again sooner. An answer that says
    // why nothing can be known (signed out, not bound) changes only with what it names, which tells the server.
    const expiresIn = answer.status === 'live' ? this.ttlMs() : answer.failed ? Math.min(RETRY_MS, this.ttlMs()) : undefined;
    const previous = this.timers.get(params.uri);
    if (previous) clearTimeout(previous);
    this.timers.delete(params.uri);
    if (expiresIn !== undefined) {
      this.timers.set(params.uri, setTimeout(() => {
        this.timers.delete(params.uri);
        this.expired.fire([params.uri]);
      }, expiresIn));
    }
    const { failed: _failed, ...snapshot } = answer;
    return snapshot;
  }

  private async read(params: CatalogParams): Promise<CatalogSnapshot & { failed?: boolean }> {
    if (!isFileKind(params.kind)) return unknownSnapshot('northflank', 'not a secret definition');
    const platform = platformOf(params.kind);
    const uri = vscode.Uri.parse(params.uri);
    const target = targetOf(uri, params.kind, params.project);
    // The binding is known without signing in: the server names it in the CodeLens.
    const binding = target ? { binding: { project: target.project, ...(target.projectName ? { projectName: target.projectName } : {}) } } : {};
    const state = await this.connections.state(platform);
    const unavailable = unavailableReason(platform, state);
    if (unavailable) return { ...unknownSnapshot(platform, unavailable), ...binding };
    if (!target) return unknownSnapshot(platform, 'no project bound to this file yet (push it once, or set secretDefinitions.targets)');
    return { ...(await this.readTarget(params, platform, target)), ...binding };
  }

  private async readTarget(params: CatalogParams, platform: 'northflank' | 'qovery', target: ResolvedTarget): Promise<CatalogSnapshot & { failed?: boolean }> {
    try {
      if (platform === 'qovery') {
        const client = await this.connections.qovery();
        if (!client) return unknownSnapshot('qovery', 'not signed in to Qovery');
        const secrets = await this.qovery.get(target.project, () => client.projectSecrets.list(target.project));
        return qoverySnapshot(secrets, `Qovery project ${target.projectName ?? target.project}`);
      }
      const client = await this.connections.northflank();
      if (!client) return unknownSnapshot('northflank', 'not signed in to Northflank');
      const scope = { projectId: target.project, teamId: target.team };
      const where = `${target.team ?? ''}|${target.project}`;
      const { addons, services, jobs } = await this.projects.get(where, async () => {
        const [a, s, j] = await Promise.all([client.addons.list(scope), client.services.list(scope), client.jobs.list(scope)]);
        return { addons: a, services: s, jobs: j };
      });
      // The addons' real keys come from the links of the file's secret group (or of the link file's binding); the
      // server says which group and addons the file names.
      const groupId = params.kind === 'northflank-link' ? target.secret : params.group ? deriveSecretGroupId(params.group) : undefined;
      const addonIds = params.kind === 'northflank-link' ? (target.addon ? [target.addon] : []) : (params.addons ?? []);
      const links: AddonLink[] = [];
      if (groupId) {
        for (const addonId of addonIds.filter((id) => addons.some((a) => a.id === id))) {
          // A group that does not exist yet has no links: its addons' keys stay unknown (offline defaults).
          const link = await this.links.get(`${where}|${groupId}|${addonId}`, () => client.addonLinks.get(scope, groupId, addonId).catch(() => undefined));
          if (link) links.push(link);
        }
      }
      const snapshot = northflankSnapshot({ addons, services, jobs, links, linkAddonId: params.kind === 'northflank-link' ? target.addon : undefined, target: `Northflank project ${target.projectName ?? target.project}` });
      return { ...snapshot, addonPageBase: northflankAddonPageBase(this.connections.baseUrl('northflank'), target) };
    } catch (e) {
      return this.failed(platform, e);
    }
  }

  private failed(platform: 'northflank' | 'qovery', e: unknown): CatalogSnapshot & { failed: true } {
    const message = e instanceof Error ? e.message : String(e);
    this.log.warn(`The ${PLATFORM_TITLES[platform]} catalog could not be read: ${message}`);
    return { ...unknownSnapshot(platform, `${PLATFORM_TITLES[platform]} could not be read (${message})`), failed: true };
  }

  dispose(): void {
    this.clear();
    this.expired.dispose();
  }
}

