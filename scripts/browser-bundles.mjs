// The two bundles of the extension in the browser (vscode.dev, github.dev): the client, run by the web worker
// extension host, and the language server, run in a Web Worker the client starts. Used by scripts/build.mjs to build
// them and by eslint.config.mjs to find every file of ours they hold (those must not use Node).
import * as esbuild from 'esbuild';
import { builtinModules, createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const require = createRequire(import.meta.url);

/**
 * One copy of minimatch: vscode-languageclient `require`s its CommonJS build, and our `import` would add its ES module
 * build beside it (44 kB twice). Our imports get the CommonJS one too.
 */
export const oneMinimatch = {
  name: 'one-minimatch',
  setup(build) {
    build.onResolve({ filter: /^minimatch$/ }, (args) => (args.kind === 'import-statement' ? { path: require.resolve('minimatch') } : undefined));
  },
};

/** @type {esbuild.BuildOptions} */
export const browserCommon = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  // Packages' browser builds first (vscode-languageclient/browser, vscode-uri); jsonc-parser's ES module entry, as on
  // the desktop.
  mainFields: ['browser', 'module', 'main'],
  legalComments: 'none',
};

/** @type {esbuild.BuildOptions[]} */
export const browserEntries = [
  // A CommonJS module like the desktop entry: the web extension host loads it with its own require and `vscode`.
  { entryPoints: ['client/src/web/extension.ts'], outfile: 'dist/web/extension.js', format: 'cjs', external: ['vscode'], banner: { js: 'globalThis.__secretdefLoadStart = performance.now();' } },
  // A classic worker script.
  { entryPoints: ['server/src/browserMain.ts'], outfile: 'dist/web/server.js', format: 'iife' },
];

/**
 * The files of ours (relative paths) that the browser bundles hold, found by bundling them in memory. Node's modules
 * are left external here, so that a Node import is reported by lint on the line that makes it (the real build fails
 * on it too, with less to go on).
 */
export function browserSources() {
  const files = new Set();
  for (const entry of browserEntries) {
    const result = esbuild.buildSync({
      ...browserCommon,
      ...entry,
      absWorkingDir: ROOT,
      external: [...(entry.external ?? []), ...builtinModules, 'node:*'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    for (const input of Object.keys(result.metafile.inputs)) if (!input.includes('node_modules/') && /\.[cm]?[jt]s$/.test(input)) files.add(input);
  }
  return [...files].sort();
}
