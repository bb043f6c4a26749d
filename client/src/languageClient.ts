import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { LANGUAGES } from './associations';

/** The documents the language server sees: only the two contributed languages. */
export const DOCUMENT_SELECTOR = [{ language: LANGUAGES.yaml }, { language: LANGUAGES.json }];

export function createLanguageClient(context: vscode.ExtensionContext): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: { configurationSection: 'secretDefinitions' },
    outputChannelName: 'Secret Definitions Language Server',
  };
  return new LanguageClient('secretDefinitions', 'Secret Definitions', serverOptions, clientOptions);
}
