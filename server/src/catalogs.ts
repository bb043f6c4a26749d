import type { Connection } from 'vscode-languageserver';
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

interface Entry {
  /** What the catalog was asked for (kind, project, and what in the file changes the answer). */
  key: string;
  /** The id of the latest request: an older answer that arrives late is dropped. */
  request: number;
  /** The client said catalogs changed since this was asked. */
  stale: boolean;
  snapshot: CatalogSnapshot | null | undefined;
}

/**
 * The answers of the client's catalog cache, per document. The server keeps no cache of its own and no clock: it
 * asks when a document is validated and what it is asked for changed (another project, group name or addon), or
 * when the client says catalogs changed (the client owns the cache, its time to live and every other reason to
 * read again: shared/protocol.ts). Until the first answer a document validates with the offline catalog (which
 * reports nothing it cannot know), and `onLoaded` revalidates it when the answer comes. Only the answer to the
 * latest request of a document is kept.
 */
export class Catalogs {
  private readonly entries = new Map<string, Entry>();
  /**
   * The catalog of each answer, made once: validation keeps what it computed with a catalog while the catalog is the
   * same object (core/validate-incremental.ts), so a new one per edit would check everything again.
   */
  private readonly catalogs = new WeakMap<CatalogSnapshot, Catalog>();
  private requests = 0;
  enabled = false;

  constructor(private readonly connection: Connection, private readonly onLoaded: (uri: string) => void) {}

  get(uri: string): Catalog {
    const snapshot = this.entries.get(uri)?.snapshot;
    if (!snapshot) return catalogOf(snapshot);
    let catalog = this.catalogs.get(snapshot);
    if (!catalog) this.catalogs.set(snapshot, (catalog = catalogOf(snapshot)));
    return catalog;
  }

  /** The latest answer for a document (its binding and link base), if any. */
  snapshot(uri: string): CatalogSnapshot | undefined {
    return this.entries.get(uri)?.snapshot ?? undefined;
  }

  /** Asks the client for a document's catalog unless the same question was asked already. */
  ensure(params: CatalogParams): void {
    if (!this.enabled) return;
    const key = JSON.stringify([params.kind, params.project ?? '', params.group ?? '', params.addons ?? []]);
    const current = this.entries.get(params.uri);
    if (current && current.key === key && !current.stale) return;
    const request = ++this.requests;
    // The same question asked again keeps the old answer until the new one arrives; a new question starts unknown.
    const snapshot = current && current.key === key ? current.snapshot : undefined;
    this.entries.set(params.uri, { key, request, stale: false, snapshot });
    const settle = (answer: CatalogSnapshot | null): void => {
      const entry = this.entries.get(params.uri);
      if (!entry || entry.request !== request) return;
      this.entries.set(params.uri, { ...entry, snapshot: answer });
      this.onLoaded(params.uri);
    };
    this.connection.sendRequest(CatalogRequest, params).then(settle, () => settle(null));
  }

  /**
   * The client said catalogs changed: ask again. The old answer stays in use until the new one arrives, so live
   * checks do not blink off and on.
   */
  invalidate(uris?: string[]): void {
    for (const [uri, entry] of this.entries) if (!uris || uris.includes(uri)) this.entries.set(uri, { ...entry, stale: true });
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}
