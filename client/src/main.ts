import * as vscode from 'vscode';
import { LANGUAGES, registerLanguageAdoption } from './associations';
import { CatalogProvider } from './catalogProvider';
import { signIn, signOut } from './commands/account';
import { compareWith } from './commands/compare';
import { PushCommands, type PushOptions } from './commands/push';
import { RemoteCommands } from './commands/remote';
import { changeTarget, newDefinitionFile, validateWorkspace } from './commands/workspace';
import { Connections } from './connections';
import { SecretDefinitionsLanguageClient } from './languageClient';
import { LocalSecrets } from './localSecrets';
import { DECRYPTED_SCHEME, DecryptedFileSystem, SecretsCommands } from './secretsCommands';
import { Log } from './log';
import { nodeServer } from './nodeServer';
import { PreviewDocuments } from './preview';
import { StatusBar } from './statusBar';
import type { Node } from './tree/nodes';
import { RemoteSecretsTree } from './tree/remoteTree';

const isOurs = (d: vscode.TextDocument): boolean => d.languageId === LANGUAGES.yaml || d.languageId === LANGUAGES.json;

/**
 * The extension, put together: one object per concern, created on activation. Activation is cheap — nothing is
 * read from a platform and the language server starts with the first secret definition document.
 */
export class SecretDefinitionsExtension {
  readonly log = new Log();
  readonly connections: Connections;
  readonly catalogs: CatalogProvider;
  readonly client: SecretDefinitionsLanguageClient;
  readonly tree: RemoteSecretsTree;
  readonly previews = new PreviewDocuments();
  readonly pushes: PushCommands;
  readonly remote: RemoteCommands;
  /** Values kept out of git: env references, SOPS identities, git status (issue 13). */
  readonly secrets: LocalSecrets;
  readonly secretsCommands: SecretsCommands;
  /** How long `activate()` took, in milliseconds (reported in the log, measured in BENCHMARKS.md). */
  activationMs = 0;
  /** From the first line of the bundle running to the end of `activate()`: evaluating the code, then activating. */
  loadAndActivationMs = 0;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.connections = new Connections(context.secrets, this.log);
    this.catalogs = new CatalogProvider(this.connections, this.log);
    this.secrets = new LocalSecrets(context, this.log);
    this.secretsCommands = new SecretsCommands(this.secrets, this.log);
    this.client = new SecretDefinitionsLanguageClient(this.catalogs, nodeServer(context), this.secrets);
    this.tree = new RemoteSecretsTree(this.connections, this.log);
    this.pushes = new PushCommands(this.connections, this.log, this.previews, this.client, this.secrets);
    this.remote = new RemoteCommands(this.connections, this.log, this.tree);
  }

  async activate(): Promise<void> {
    const started = performance.now();
    const { context } = this;
    context.subscriptions.push(this.log, this.connections, this.client, this.tree, this.previews, this.catalogs);
    // CodeLens comes from the language server (server/src/codeLens.ts), like everything that reads a document.
    registerLanguageAdoption(context);
    const decrypted = new DecryptedFileSystem(this.secrets, this.log);
    context.subscriptions.push(decrypted, vscode.workspace.registerFileSystemProvider(DECRYPTED_SCHEME, decrypted, { isCaseSensitive: true }));
    context.subscriptions.push(new StatusBar(this.connections, this.client));
    context.subscriptions.push(vscode.window.createTreeView('secretDefinitions.remote', { treeDataProvider: this.tree, showCollapseAll: true }));
    this.registerCommands();

    // Sign-in, sign-out, a new API URL or trust: catalogs are read again and the tree reloads.
    context.subscriptions.push(
      this.connections.onDidChange(() => {
        this.catalogs.clear();
        this.client.catalogsChanged();
        void this.updateContext();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('secretDefinitions.targets')) {
          this.catalogs.clear();
          this.client.catalogsChanged();
        }
      }),
      this.catalogs.onDidExpire((uris) => this.client.catalogsChanged(uris)),
    );
    void this.updateContext();

    // The language server starts with the first secret definition document, not with every YAML or JSON file.
    if (vscode.workspace.textDocuments.some(isOurs)) await this.client.start();
    else {
      const listener = vscode.workspace.onDidOpenTextDocument((d) => {
        if (isOurs(d)) {
          listener.dispose();
          void this.client.start();
        }
      });
      context.subscriptions.push(listener);
    }
    const ended = performance.now();
    this.activationMs = ended - started;
    const loadStart = (globalThis as { __secretdefLoadStart?: number }).__secretdefLoadStart;
    this.loadAndActivationMs = typeof loadStart === 'number' ? ended - loadStart : this.activationMs;
    this.log.info(`Activated in ${this.activationMs.toFixed(1)} ms (${this.loadAndActivationMs.toFixed(1)} ms with evaluating the code)${vscode.workspace.isTrusted ? '' : ' (untrusted workspace: nothing is sent to a platform)'}.`);
  }

  /** Context keys for menus and the welcome view. */
  private async updateContext(): Promise<void> {
    const nf = await this.connections.state('northflank');
    const q = await this.connections.state('qovery');
    await vscode.commands.executeCommand('setContext', 'secretDefinitions.northflank.signedIn', nf.status === 'connected');
    await vscode.commands.executeCommand('setContext', 'secretDefinitions.qovery.signedIn', q.status === 'connected');
    await vscode.commands.executeCommand('setContext', 'secretDefinitions.signedIn', nf.status === 'connected' || q.status === 'connected');
  }

  private registerCommands(): void {
    // Commands that change what a platform has: afterwards, catalogs and the tree are read again.
    const changesRemote = new Set(['secretDefinitions.push', 'secretDefinitions.createSecretGroup', 'secretDefinitions.linkAddon', 'secretDefinitions.createAlias', 'secretDefinitions.createOverride', 'secretDefinitions.deleteRemote']);
    const register = (id: string, run: (...args: never[]) => unknown): void => {
      this.context.subscriptions.push(vscode.commands.registerCommand(id, async (...args: never[]) => {
        try {
          const result = await run(...args);
          if (changesRemote.has(id)) this.remoteChanged();
          return result;
        } catch (e) {
          const message = this.log.redactor.redact(e instanceof Error ? e.message : String(e));
          this.log.error(`${id} failed: ${message}`);
          void vscode.window.showErrorMessage(message, 'Show Log').then((a) => a && this.log.show());
          return undefined;
        }
      }));
    };
    for (const platform of ['northflank', 'qovery'] as const) {
      register(`secretDefinitions.signIn.${platform}`, (args?: { token?: string }) => signIn(this.connections, platform, args));
      register(`secretDefinitions.signOut.${platform}`, () => signOut(this.connections, platform));
    }
    register('secretDefinitions.validateWorkspace', () => validateWorkspace(this.client));
    register('secretDefinitions.refreshCatalogs', () => this.remoteChanged());
    register('secretDefinitions.newFile', (kind?: string) => newDefinitionFile(this.context.extensionUri, kind));
    register('secretDefinitions.changeTarget', (uri?: vscode.Uri | string) => changeTarget(this.connections, this.client, uri));
    register('secretDefinitions.compareWith', (uri?: vscode.Uri, args?: { other?: vscode.Uri }) => compareWith(this.previews, this.log, this.secrets, uri, args));
    register('secretDefinitions.showLog', () => this.log.show());
    register('secretDefinitions.tree.refresh', () => this.tree.refresh());
    // A URI comes as a vscode.Uri from menus and tests, and as a string from the server's CodeLens.
    register('secretDefinitions.push', (uri?: vscode.Uri | string, options?: PushOptions) => this.pushes.push(uri, options));
    register('secretDefinitions.createSecretGroup', (uri?: vscode.Uri | string, options?: PushOptions) => this.pushes.create(uri, options));
    register('secretDefinitions.linkAddon', (uri?: vscode.Uri | string, addonId?: string, options?: PushOptions) => this.pushes.linkAddon(uri, addonId, options));
    register('secretDefinitions.createAlias', (node?: Extract<Node, { type: 'q-secret' }>, args?: { key?: string }) => this.remote.createAlias(node, args));
    register('secretDefinitions.createOverride', (node?: Extract<Node, { type: 'q-secret' }>, args?: { value?: string }) => this.remote.createOverride(node, args));
    register('secretDefinitions.deleteRemote', (node?: Node, args?: { yes?: boolean }) => this.remote.delete(node, args));
    register('secretDefinitions.pull', (node?: Node, args?: { includeValues?: boolean; folder?: vscode.Uri }) => this.remote.pull(node, args));
    register('secretDefinitions.tree.revealValue', (node?: Extract<Node, { type: 'nf-variable' }>) => this.remote.revealValue(node));
    register('secretDefinitions.tree.hideValue', (node?: Extract<Node, { type: 'nf-variable' }>) => this.remote.hideValue(node));
    register('secretDefinitions.tree.copyValue', (node?: Node) => this.remote.copyValue(node));
    register('secretDefinitions.tree.copyName', (node?: Node) => this.remote.copyName(node));
    register('secretDefinitions.tree.retry', () => this.tree.refresh());
    register('secretDefinitions.editDecrypted', (uri?: vscode.Uri) => this.secretsCommands.editDecrypted(uri));
    register('secretDefinitions.encryptFile', (uri?: vscode.Uri | string, args?: { recipients?: string[] }) => this.secretsCommands.encryptFile(uri, args));
    register('secretDefinitions.moveToEnvFile', (uri?: string, range?: unknown, name?: string) => this.secretsCommands.moveToEnvFile(uri, range, name));
    register('secretDefinitions.forgetRememberedValues', () => this.secretsCommands.forgetRemembered());
  }

  /** After a push, an alias, an override or a delete: what the platforms have changed. */
  private remoteChanged(): void {
    this.catalogs.clear();
    this.client.catalogsChanged();
    this.tree.refresh();
  }

  async deactivate(): Promise<void> {
    await this.client.stop();
  }
}
