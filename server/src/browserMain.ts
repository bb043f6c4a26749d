import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser';
import { startServer } from './server';

/**
 * The entry point in the browser (vscode.dev, github.dev): the same server in a Web Worker, speaking LSP through the
 * worker's messages. The extension's web client starts it (client/src/web/worker.ts).
 */
// A worker's global scope is a message port; the project's TypeScript library has no WebWorker types.
const worker = globalThis as unknown as ConstructorParameters<typeof BrowserMessageReader>[0];
startServer(createConnection(ProposedFeatures.all, new BrowserMessageReader(worker), new BrowserMessageWriter(worker)), { web: true });
