import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions, RequestParam, RequestType } from 'vscode-languageclient';
import { CatalogChangedNotification, CatalogRequest, EnvSourcesRequest, FileStatusRequest, type CatalogChangedParams, type CatalogParams, type EnvSourcesParams, type FileStatusParams, type InitializationOptions } from '../../shared/protocol';
import { LANGUAGES } from './associations';
import type { CatalogProvider } from './catalogProvider';
import type { LocalSecrets } from './localSecrets';
import { PREVIEW_SCHEME } from './preview';

/** The documents the language server sees: only the two contributed languages. */
export const DOCUMENT_SELECTOR = [{ language: LANGUAGES.yaml }, { language: LANGUAGES.json }];

/**
 * Starts the language server where the extension runs and returns its client: a Node process on the desktop
 * (nodeServer.ts), a Web Worker in the browser (web/worker.ts). Everything else about the client is the same.
 */
export type ServerStarter = (clientOptions: LanguageClientOptions) => Promise<BaseLanguageClient>;

/** What the desktop extension knows of local files (client/src/localSecrets.ts). */
export type LocalFiles = Pick<LocalSecrets, 'tracked' | 'sources'>;

/** Who answers the server's catalog requests: the platforms on the desktop, "unknown" in the browser. */
export type CatalogSource = Pick<CatalogProvider, 'snapshot'>;

/** The language server, answered for catalogs by the extension (which holds the tokens). */
export class SecretDefinitionsLanguageClient implements vscode.Disposable {
  private client: BaseLanguageClient | undefined;
  private starting: Promise<void> | undefined;

  /** `local` answers what only the desktop can know (git status, where `${env:NAME}` comes from); none in the browser. */
  constructor(private readonly catalogs: CatalogSource, private readonly startServer: ServerStarter, private readonly local?: LocalFiles) {}

  get running(): boolean {
    return !!this.client;
  }

  start(): Promise<void> {
    this.starting ??= this.doStart();
    return this.starting;
  }

  private async doStart(): Promise<void> {
    const initializationOptions: InitializationOptions = { catalogs: true, localFiles: !!this.local };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      synchronize: { configurationSection: 'secretDefinitions' },
      outputChannelName: 'Secret Definitions Language Server',
      initializationOptions,
      // A push preview (masked values, named like the file for its highlighting) is not a definition file: the
      // server never sees it, so it gets no problems (a mask is not base64) and asks for no catalog.
      middleware: { didOpen: (document, next) => (document.uri.scheme === PREVIEW_SCHEME ? Promise.resolve() : next(document)) },
    };
    const client = await this.startServer(clientOptions);
    client.onRequest(CatalogRequest, (params: CatalogParams) => this.catalogs.snapshot(params));
    // What only this side can know: whether git tracks a file, and where `${env:NAME}` comes from (never a value).
    const local = this.local;
    if (local) {
      client.onRequest(FileStatusRequest, async (params: FileStatusParams) => ({ tracked: await local.tracked(vscode.Uri.parse(params.uri)) }));
      client.onRequest(EnvSourcesRequest, async (params: EnvSourcesParams) => ({ sources: await local.sources(vscode.Uri.parse(params.uri), params.names) }));
    }
    await client.start();
    this.client = client;
  }

  /** Tells the server catalogs changed (sign-in, sign-out, refresh, a new binding): it asks again and revalidates. */
  catalogsChanged(uris?: string[]): void {
    const params: CatalogChangedParams = uris ? { uris } : {};
    void this.client?.sendNotification(CatalogChangedNotification, params);
  }

  /** Sends a custom request (shared/protocol.ts) to the server, starting it first. */
  async request<P, R>(type: RequestType<P, R, void>, params: RequestParam<P>): Promise<R> {
    await this.start();
    if (!this.client) throw new Error('The Secret Definitions language server is not running.');
    return this.client.sendRequest(type, params);
  }

  async stop(): Promise<void> {
    await this.client?.stop();
    this.client = undefined;
    this.starting = undefined;
  }

  dispose(): void {
    void this.stop();
  }
}
