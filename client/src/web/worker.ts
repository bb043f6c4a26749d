import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions } from 'vscode-languageclient/browser';
import type { ServerStarter } from '../languageClient';

/** The browser's Worker; the project's TypeScript library has no DOM types. */
type BrowserWorker = ConstructorParameters<typeof LanguageClient>[2] & { addEventListener(type: 'message', listener: () => void, options: { once: boolean }): void };
type WorkerConstructor = new (url: string, options?: { name?: string }) => BrowserWorker;

/** The worker bundle of the language server (server/src/browserMain.ts, built by scripts/build.mjs). */
export const WORKER_SCRIPT = ['dist', 'web', 'server.js'] as const;

/**
 * In the browser: the language server in a Web Worker. vscode.dev serves the extension over https, and a worker
 * starts from the script's address. A VS Code server (code-server, a remote) serves it as vscode-remote://, from
 * which the web extension host refuses to start a worker ("Creating workers from remote extensions is currently
 * not supported"); there the script is read through the workspace file system and started from a blob: address.
 */
export function workerServer(context: vscode.ExtensionContext): ServerStarter {
  return async (clientOptions: LanguageClientOptions) => {
    const worker = await startWorker(vscode.Uri.joinPath(context.extensionUri, ...WORKER_SCRIPT));
    return new LanguageClient('secretDefinitions', 'Secret Definitions', worker, clientOptions);
  };
}

async function startWorker(script: vscode.Uri): Promise<BrowserWorker> {
  const Worker = (globalThis as unknown as { Worker: WorkerConstructor }).Worker;
  const options = { name: 'Secret Definitions language server' };
  try {
    return new Worker(script.toString(true), options);
  } catch {
    const code = await vscode.workspace.fs.readFile(script);
    const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
    const worker = new Worker(url, options);
    // The worker loads its script asynchronously; once it speaks, the script is loaded and its address can go.
    worker.addEventListener('message', () => URL.revokeObjectURL(url), { once: true });
    return worker;
  }
}
