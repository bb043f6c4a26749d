// One esbuild script for the entry points: client, language server and CLI for Node, and the client and language
// server for the browser (scripts/browser-bundles.mjs).
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { browserCommon, browserEntries, oneMinimatch } from './browser-bundles.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // jsonc-parser's UMD entry hides its requires from the bundler; its ES module entry bundles cleanly.
  mainFields: ['module', 'main'],
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
  legalComments: 'none',
  plugins: [oneMinimatch],
  define: { SECRETDEF_VERSION: JSON.stringify(pkg.version) },
};

const entries = [
  // The banner records when the bundle starts to run, so activation time includes loading the extension's code.
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], banner: { js: 'globalThis.__secretdefLoadStart = performance.now();' } },
  { entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['cli/src/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // Built for the browser: a Node module there fails the build.
  ...browserEntries.map((e) => ({ ...browserCommon, ...e })),
];

const contexts = await Promise.all(entries.map((e) => esbuild.context({ ...common, ...e })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
