import type * as vscode from 'vscode';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { SERVER_EXEC_ARGV, serverEnvironment } from '../../shared/serverProcess';
import type { ServerStarter } from './languageClient';

/** On the desktop: the language server in its own Node process, over IPC. */
export function nodeServer(context: vscode.ExtensionContext): ServerStarter {
  return async (clientOptions: LanguageClientOptions) => {
    // Loaded when the first definition document opens, not at activation: the library costs ~40 ms to load.
    const { LanguageClient, TransportKind } = await import('vscode-languageclient/node');
    const serverModule = context.asAbsolutePath('dist/server.js');
    // The server starts with its memory flags and without the extension host's tokens: it never needs them.
    const env = serverEnvironment(process.env);
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.ipc, options: { env, execArgv: [...SERVER_EXEC_ARGV] } },
      debug: { module: serverModule, transport: TransportKind.ipc, options: { env, execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6010'] } },
    };
    return new LanguageClient('secretDefinitions', 'Secret Definitions', serverOptions, clientOptions);
  };
}
