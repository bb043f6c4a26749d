import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** Documents the language server looks at; plain YAML/JSON files take part only when they name a bundled schema. */
export const DOCUMENT_SELECTOR = [
  { language: 'secretdef-yaml' },
  { language: 'secretdef-json' },
  { language: 'yaml' },
  { language: 'json' },
];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: { configurationSection: 'secretDefinitions' },
    outputChannelName: 'Secret Definitions Language Server',
  };
  client = new LanguageClient('secretDefinitions', 'Secret Definitions', serverOptions, clientOptions);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
