import * as vscode from 'vscode';
import { PLATFORM_TITLES } from '../../api/errors';
import type { AddonLink, AddonSummary, JobSummary, ServiceSummary } from '../../api/northflank';
import type { ProjectSecret } from '../../api/qovery';
import { deriveSecretGroupId } from '../../core/plan';
import { getProperty, isFileKind, platformOf } from '../../core';
import { addonIdsOf } from '../../core/rules/northflank';
import type { CatalogParams, CatalogSnapshot } from '../../shared/protocol';
import { unavailableReason, type Connections } from './connections';
import type { Log } from './log';
import { northflankSnapshot, qoverySnapshot, TtlCache, unknownSnapshot } from './logic/catalog';
import { definitionOf, targetOf } from './targets';

/**
 * Answers the language server's catalog requests: what the platform knows about a file's target. Cached per
 * target for `secretDefinitions.catalog.ttlSeconds`; "Refresh Catalogs" clears the cache. Whatever cannot be
 * read (signed out, untrusted, not bound, no permission, offline) is answered as unknown, with the reason.
 */
export class CatalogProvider {
  private readonly ttlMs = (): number => 1000 * vscode.workspace.getConfiguration('secretDefinitions').get<number>('catalog.ttlSeconds', 300);
  /** What a project has (addons, services, jobs), one entry per project. */
  private readonly projects = new TtlCache<{ addons: AddonSummary[]; services: ServiceSummary[]; jobs: JobSummary[] }>(this.ttlMs);
  /** Addon links (their available keys), one entry per group and addon; a group that does not exist answers undefined. */
  private readonly links = new TtlCache<AddonLink | undefined>(this.ttlMs);
  private readonly qovery = new TtlCache<ProjectSecret[]>(this.ttlMs);

  constructor(private readonly connections: Connections, private readonly log: Log) {}

  clear(): void {
    this.projects.clear();
    this.links.clear();
    this.qovery.clear();
  }

  async snapshot(params: CatalogParams): Promise<CatalogSnapshot> {
    const answer = await this.read(params);
    return { ...answer, ttlMs: this.ttlMs() };
  }

  private async read(params: CatalogParams): Promise<CatalogSnapshot> {
    if (!isFileKind(params.kind)) return unknownSnapshot('northflank', 'not a secret definition');
    const platform = platformOf(params.kind);
    const state = await this.connections.state(platform);
    const unavailable = unavailableReason(platform, state);
    if (unavailable) return unknownSnapshot(platform, unavailable);
    const uri = vscode.Uri.parse(params.uri);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === params.uri);
    const doc = document ? definitionOf(document) : undefined;
    const target = targetOf(uri, params.kind, doc);
    if (!target) return unknownSnapshot(platform, 'no project bound to this file yet (push it once, or set secretDefinitions.targets)');
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
      // The addons' real keys come from the links of the file's secret group (or of the link file's binding).
      const groupName = params.kind === 'northflank-secret' ? getProperty(doc?.root, 'name')?.value : undefined;
      const groupId = params.kind === 'northflank-link' ? target.secret : groupName?.type === 'string' ? deriveSecretGroupId(String(groupName.value)) : undefined;
      const addonIds = params.kind === 'northflank-link' ? (target.addon ? [target.addon] : []) : addonIdsOf(doc?.root);
      const links: AddonLink[] = [];
      if (groupId) {
        for (const addonId of addonIds.filter((id) => addons.some((a) => a.id === id))) {
          // A group that does not exist yet has no links: its addons' keys stay unknown (offline defaults).
          const link = await this.links.get(`${where}|${groupId}|${addonId}`, () => client.addonLinks.get(scope, groupId, addonId).catch(() => undefined));
          if (link) links.push(link);
        }
      }
      return northflankSnapshot({ addons, services, jobs, links, linkAddonId: params.kind === 'northflank-link' ? target.addon : undefined, target: `Northflank project ${target.projectName ?? target.project}` });
    } catch (e) {
      return this.failed(platform, e);
    }
  }

  private failed(platform: 'northflank' | 'qovery', e: unknown): CatalogSnapshot {
    const message = e instanceof Error ? e.message : String(e);
    this.log.warn(`The ${PLATFORM_TITLES[platform]} catalog could not be read: ${message}`);
    return unknownSnapshot(platform, `${PLATFORM_TITLES[platform]} could not be read (${message})`);
  }
}

