import * as vscode from 'vscode';
import type { LanguageClient, LanguageClientOptions, RequestParam, RequestType, ServerOptions } from 'vscode-languageclient/node';
import { CatalogChangedNotification, CatalogRequest, EnvSourcesRequest, FileStatusRequest, type CatalogChangedParams, type CatalogParams, type EnvSourcesParams, type FileStatusParams, type InitializationOptions } from '../../shared/protocol';
import { SERVER_EXEC_ARGV, serverEnvironment } from '../../shared/serverProcess';
import { LANGUAGES } from './associations';
import type { CatalogProvider } from './catalogProvider';
import type { LocalSecrets } from './localSecrets';
import { PREVIEW_SCHEME } from './preview';

/** The documents the language server sees: only the two contributed languages. */
export const DOCUMENT_SELECTOR = [{ language: LANGUAGES.yaml }, { language: LANGUAGES.json }];

/** The language server, started over node IPC, answered for catalogs by the extension (which holds the tokens). */
export class SecretDefinitionsLanguageClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<void> | undefined;

  constructor(private readonly context: vscode.ExtensionContext, private readonly catalogs: CatalogProvider, private readonly secrets: LocalSecrets) {}

  get running(): boolean {
    return !!this.client;
  }

  start(): Promise<void> {
    this.starting ??= this.doStart();
    return this.starting;
  }

  private async doStart(): Promise<void> {
    // Loaded when the first definition document opens, not at activation: the library costs ~40 ms to load.
    const { LanguageClient, TransportKind } = await import('vscode-languageclient/node');
    const serverModule = this.context.asAbsolutePath('dist/server.js');
    // The server starts with its memory flags and without the extension host's tokens: it never needs them.
    const env = serverEnvironment(process.env);
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.ipc, options: { env, execArgv: [...SERVER_EXEC_ARGV] } },
      debug: { module: serverModule, transport: TransportKind.ipc, options: { env, execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6010'] } },
    };
    const initializationOptions: InitializationOptions = { catalogs: true, localFiles: true };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      synchronize: { configurationSection: 'secretDefinitions' },
      outputChannelName: 'Secret Definitions Language Server',
      initializationOptions,
      // A push preview (masked values, named like the file for its highlighting) is not a definition file: the
      // server never sees it, so it gets no problems (a mask is not base64) and asks for no catalog.
      middleware: { didOpen: (document, next) => (document.uri.scheme === PREVIEW_SCHEME ? Promise.resolve() : next(document)) },
    };
    const client = new LanguageClient('secretDefinitions', 'Secret Definitions', serverOptions, clientOptions);
    client.onRequest(CatalogRequest, (params: CatalogParams) => this.catalogs.snapshot(params));
    // What only this side can know: whether git tracks a file, and where `${env:NAME}` comes from (never a value).
    client.onRequest(FileStatusRequest, async (params: FileStatusParams) => ({ tracked: await this.secrets.tracked(vscode.Uri.parse(params.uri)) }));
    client.onRequest(EnvSourcesRequest, async (params: EnvSourcesParams) => ({ sources: await this.secrets.sources(vscode.Uri.parse(params.uri), params.names) }));
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
