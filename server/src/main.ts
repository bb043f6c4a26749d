import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { literalSecretDiagnostics } from '../../core/secrets/literal';
import { startServer } from './server';

// The desktop entry point. Memory flags are passed on the command line by whoever starts the server
// (shared/serverProcess.ts). createConnection picks the transport from the command line: --stdio, --node-ipc or
// --socket=PORT.
startServer(createConnection(ProposedFeatures.all), { literalSecrets: literalSecretDiagnostics });
