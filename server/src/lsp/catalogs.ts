import type { Connection } from 'vscode-languageserver/node';
import { OFFLINE_CATALOG, offlineAddonKeysFor, type Catalog, type Known } from '../core';
import { CATALOG_REQUEST, type CatalogParams, type CatalogSnapshot } from '../protocol';

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

/**
 * Catalogs per document, asked of the client when a document opens or the client says they changed. Answers
 * arrive asynchronously; until then a document validates with the offline catalog (which reports nothing it
 * cannot know), and `onLoaded` revalidates it when the answer comes.
 */
export class Catalogs {
  private readonly snapshots = new Map<string, CatalogSnapshot | null>();
  /** What each document's catalog was asked for: a Qovery file that names another project needs a new one. */
  private readonly askedFor = new Map<string, string>();
  private readonly inFlight = new Map<string, number>();
  private generation = 0;
  enabled = false;

  constructor(private readonly connection: Connection, private readonly onLoaded: (uri: string) => void) {}

  get(uri: string): Catalog {
    return catalogOf(this.snapshots.get(uri));
  }

  /** Asks the client for a document's catalog unless one is known or on its way. */
  ensure(params: CatalogParams): void {
    if (!this.enabled) return;
    const key = `${params.kind}|${params.project ?? ''}`;
    if (this.askedFor.get(params.uri) === key && (this.snapshots.has(params.uri) || this.inFlight.get(params.uri) === this.generation)) return;
    this.askedFor.set(params.uri, key);
    this.snapshots.delete(params.uri);
    const generation = this.generation;
    this.inFlight.set(params.uri, generation);
    this.connection.sendRequest<CatalogSnapshot | null>(CATALOG_REQUEST, params).then(
      (snapshot) => {
        if (this.inFlight.get(params.uri) !== generation || generation !== this.generation) return;
        this.inFlight.delete(params.uri);
        this.snapshots.set(params.uri, snapshot);
        this.onLoaded(params.uri);
      },
      () => {
        if (this.inFlight.get(params.uri) === generation) this.inFlight.delete(params.uri);
        this.snapshots.set(params.uri, null);
      },
    );
  }

  /** Forgets catalogs (of some documents, or all) so they are asked again. */
  invalidate(uris?: string[]): void {
    if (uris) {
      for (const uri of uris) this.forget(uri);
    } else {
      this.generation++;
      this.snapshots.clear();
      this.inFlight.clear();
      this.askedFor.clear();
    }
  }

  forget(uri: string): void {
    this.snapshots.delete(uri);
    this.inFlight.delete(uri);
    this.askedFor.delete(uri);
  }
}
