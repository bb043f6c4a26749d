import * as vscode from 'vscode';
import { isFileKind, platformOf } from '../../../core/kinds';
import type { CatalogParams, CatalogSnapshot } from '../../../shared/protocol';
import { LANGUAGES, registerLanguageAdoption } from '../associations';
import { newDefinitionFile, validateWorkspace } from '../commands/workspace';
import { SecretDefinitionsLanguageClient, type CatalogSource } from '../languageClient';
import { Log } from '../log';
import { unknownSnapshot } from '../logic/catalog';
import { registerDesktopOnlyCommands, WebStatus } from './desktopOnly';
import { workerServer } from './worker';

const isOurs = (d: vscode.TextDocument): boolean => d.languageId === LANGUAGES.yaml || d.languageId === LANGUAGES.json;

/** Why live catalogs are unknown in the browser (shown where the editor says a catalog is unknown). */
export const WEB_CATALOG_REASON = 'live catalogs are not read in the browser (use VS Code on your machine or the CLI)';

/** In the browser nothing is read from a platform: every catalog is unknown, with the reason. */
const webCatalogs: CatalogSource = {
  snapshot: (params: CatalogParams): Promise<CatalogSnapshot> => Promise.resolve(unknownSnapshot(isFileKind(params.kind) ? platformOf(params.kind) : 'northflank', WEB_CATALOG_REASON)),
};

/**
 * The extension in the browser (vscode.dev, github.dev): the same language server, in a Web Worker, for everything
 * that needs only the files; the commands that need a platform say where to run them. It holds no token.
 */
export class WebExtension {
  /** Which entry point is running (the desktop's exports have no such field). */
  readonly entryPoint = 'browser' as const;
  readonly log = new Log();
  readonly client: SecretDefinitionsLanguageClient;
  /** How long `activate()` took, in milliseconds (reported in the log, measured in BENCHMARKS.md). */
  activationMs = 0;
  /** From the first line of the bundle running to the end of `activate()`. */
  loadAndActivationMs = 0;
  /** From starting the language server's worker to its answer to `initialize`. */
  serverStartMs = 0;
  /** Settles once the language server has started (or failed to). */
  serverReady: Promise<void> | undefined;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.client = new SecretDefinitionsLanguageClient(webCatalogs, workerServer(context));
  }

  async activate(): Promise<void> {
    const started = performance.now();
    const { context } = this;
    context.subscriptions.push(this.log, this.client, new WebStatus());
    registerLanguageAdoption(context);
    registerDesktopOnlyCommands(context);
    const register = (id: string, run: () => unknown): void => {
      context.subscriptions.push(vscode.commands.registerCommand(id, async () => {
        try {
          return await run();
        } catch (e) {
          const message = this.log.redactor.redact(e instanceof Error ? e.message : String(e));
          this.log.error(`${id} failed: ${message}`);
          void vscode.window.showErrorMessage(message);
          return undefined;
        }
      }));
    };
    register('secretDefinitions.validateWorkspace', () => validateWorkspace(this.client));
    register('secretDefinitions.newFile', (kind?: string) => newDefinitionFile(context.extensionUri, kind));
    register('secretDefinitions.showLog', () => this.log.show());

    // The language server starts with the first secret definition document, as on the desktop, but activation does
    // not wait for it: its worker loads the server's bundle first, which in a browser takes a while.
    if (vscode.workspace.textDocuments.some(isOurs)) this.startServer();
    else {
      const listener = vscode.workspace.onDidOpenTextDocument((d) => {
        if (isOurs(d)) {
          listener.dispose();
          this.startServer();
        }
      });
      context.subscriptions.push(listener);
    }
    const ended = performance.now();
    this.activationMs = ended - started;
    const loadStart = (globalThis as { __secretdefLoadStart?: number }).__secretdefLoadStart;
    this.loadAndActivationMs = typeof loadStart === 'number' ? ended - loadStart : this.activationMs;
    this.log.info(`Activated in the browser in ${this.activationMs.toFixed(1)} ms (${this.loadAndActivationMs.toFixed(1)} ms with evaluating the code).`);
  }

  /** Starts the language server in its worker, and logs how long it took until it answered (BENCHMARKS.md). */
  private startServer(): void {
    const started = performance.now();
    this.serverReady = this.client.start().then(
      () => {
        this.serverStartMs = performance.now() - started;
        this.log.info(`The language server answered from its worker in ${this.serverStartMs.toFixed(0)} ms.`);
      },
      (e: unknown) => this.log.error(`The language server did not start: ${e instanceof Error ? e.message : String(e)}`),
    );
  }

  async deactivate(): Promise<void> {
    await this.client.stop();
  }
}
