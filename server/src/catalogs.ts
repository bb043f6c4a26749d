import type { Connection } from 'vscode-languageserver/node';
import { OFFLINE_CATALOG, offlineAddonKeysFor, type Catalog, type Known } from '../../core';
import { CatalogRequest, type CatalogParams, type CatalogSnapshot } from '../../shared/protocol';

/** The catalog of a snapshot: live answers where the snapshot has them, offline defaults otherwise. */
export function catalogOf(snapshot: CatalogSnapshot | null | undefined): Catalog {
  if (!snapshot || snapshot.status !== 'live') {
    if (!snapshot?.reason) return OFFLINE_CATALOG;
    const unknown = { status: 'unknown' as const, reason: snapshot.reason };
    return { ...OFFLINE_CATALOG, addons: () => unknown, restrictionTargets: () => unknown, tags: () => unknown, qoverySecrets: () => unknown };
  }
  const live = <T>(items: T[] | undefined): Known<T> => (items ? { status: 'live', items } : { status: 'unknown', reason: 'not provided' });
  const addons = snapshot.addons;
  return {
    addons: () => live(addons?.map(({ id, name, type }) => ({ id, name, type }))),
    addonKeys: (addonId) => {
      const addon = addons?.find((a) => a.id === (addonId || snapshot.linkAddonId));
      // An addon whose keys could not be read still gets the offline key names for completion, never errors.
      return addon?.keys ? { status: 'live', items: addon.keys.map((keyName) => ({ keyName, detail: `${addon.name ?? addon.id}${addon.type ? ` (${addon.type})` : ''}` })) } : offlineAddonKeysFor(addon?.type);
    },
    restrictionTargets: () => live(snapshot.restrictionTargets),
    tags: () => live(snapshot.tags),
    qoverySecrets: () => live(snapshot.qoverySecrets),
    linkAddonId: () => snapshot.linkAddonId,
  };
}

/** How long an answer is kept when the client does not say (it says, from secretDefinitions.catalog.ttlSeconds). */
const DEFAULT_TTL_MS = 5 * 60_000;
/** After a failed request, how long before asking again. */
const RETRY_MS = 30_000;

interface Entry {
  /** What the catalog was asked for (kind, project, and what in the file changes the answer). */
  key: string;
  /** The id of the latest request: an older answer that arrives late is dropped. */
  request: number;
  pending: boolean;
  snapshot: CatalogSnapshot | null | undefined;
  expires: number;
}

/**
 * Catalogs per document, asked of the client when a document is validated and what it is asked for changed, or the
 * answer expired, or the client said catalogs changed. Answers arrive asynchronously; until the first one a
 * document validates with the offline catalog (which reports nothing it cannot know), and `onLoaded` revalidates
 * it when the answer comes. Only the answer to the latest request of a document is kept.
 */
export class Catalogs {
  private readonly entries = new Map<string, Entry>();
  private requests = 0;
  enabled = false;

  constructor(private readonly connection: Connection, private readonly onLoaded: (uri: string) => void, private readonly now: () => number = Date.now) {}

  get(uri: string): Catalog {
    return catalogOf(this.entries.get(uri)?.snapshot);
  }

  /**
   * Asks the client for a document's catalog unless an answer for the same question is fresh or on its way.
   * `detail` is what else in the file changes the answer (a group's name and addons: their real keys).
   */
  ensure(params: CatalogParams, detail = ''): void {
    if (!this.enabled) return;
    const key = JSON.stringify([params.kind, params.project ?? '', detail]);
    const current = this.entries.get(params.uri);
    if (current && current.key === key && (current.pending || current.expires > this.now())) return;
    const request = ++this.requests;
    // A refresh of the same question keeps the old answer until the new one arrives; a new question starts unknown.
    const snapshot = current && current.key === key ? current.snapshot : undefined;
    this.entries.set(params.uri, { key, request, pending: true, snapshot, expires: Number.POSITIVE_INFINITY });
    const settle = (answer: CatalogSnapshot | null, ttl: number): void => {
      const entry = this.entries.get(params.uri);
      if (!entry || entry.request !== request) return;
      this.entries.set(params.uri, { ...entry, pending: false, snapshot: answer, expires: this.now() + ttl });
      this.onLoaded(params.uri);
    };
    this.connection.sendRequest(CatalogRequest, params).then(
      (answer) => settle(answer, answer?.ttlMs ?? DEFAULT_TTL_MS),
      () => settle(null, RETRY_MS),
    );
  }

  /** Forgets catalogs (of some documents, or all) so they are asked again. */
  invalidate(uris?: string[]): void {
    if (uris) for (const uri of uris) this.entries.delete(uri);
    else this.entries.clear();
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}
