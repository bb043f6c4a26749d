import { setFlagsFromString } from 'node:v8';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

// Memory: by default V8 lets the young generation grow to 16 MB semi-spaces and the old generation grow well past
// what is live before collecting it. Building the tree of a large file makes many short-lived objects, so the server
// kept 130-170 MB resident on a 260 kB file where 15 MB are live (npm run bench measures it). Keeping the young
// generation at its initial 1 MB semi-spaces and growing the old one by 30 % over what is live after a collection
// keeps it under 100 MB, for a few more (short) collections. Both flags are read whenever V8 sizes its heap, so
// setting them here, before any document arrives, works; a runtime that refuses them only uses more memory.
try {
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--heap-growing-percent=30');
} catch {
  // Not fatal: only memory use is at stake.
}

// createConnection picks the transport from the command line: --stdio, --node-ipc or --socket=PORT.
startServer(createConnection(ProposedFeatures.all));
