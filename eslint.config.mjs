// @ts-check
import js from '@eslint/js';
import { isBuiltin } from 'node:module';
import tseslint from 'typescript-eslint';
import { browserSources } from './scripts/browser-bundles.mjs';

// The arrows between the parts (ARCHITECTURE.md). Each part lists what it may not import; lint fails otherwise, and
// test/unit/architecture.test.ts checks that every rule below still fires.
const vscodeModules = ['vscode', 'vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageclient', 'vscode-languageclient/*', 'vscode-jsonrpc', 'vscode-jsonrpc/*'];
const network = ['http', 'https', 'net', 'tls', 'dgram', 'undici', 'node:http', 'node:https', 'node:net', 'node:tls', 'node:dgram'];
const nodeOnly = ['fs', 'fs/*', 'node:*', 'child_process', 'os', 'path', 'url', 'v8', 'worker_threads', 'crypto', ...network];
/** A relative import that reaches into one of our top-level parts. */
const part = (...names) => ({ regex: `^(\\.\\.?/)+(${names.join('|')})(/|$)`, message: '' });
const rule = (message, groups, parts = []) => ({
  'no-restricted-imports': ['error', {
    patterns: [
      ...(groups.length ? [{ group: groups, message }] : []),
      ...(parts.length ? [{ ...part(...parts), message }] : []),
    ],
  }],
});

// What runs in the browser (vscode.dev, github.dev) has no Node: every file of ours in the browser bundles
// (scripts/browser-bundles.mjs finds them by bundling) is checked for Node modules and Node globals, whatever part
// it belongs to. A rule of its own, so it adds to the parts' import rules instead of replacing them.
const NODE_GLOBALS = new Set(['process', 'Buffer', 'setImmediate', 'clearImmediate', '__dirname', '__filename', 'global']);
/** The Node entry points of packages that also have a browser one. */
const NODE_ENTRY = /^vscode-(languageclient|languageserver|languageserver-protocol|jsonrpc)\/node$/;
const browserSafe = {
  meta: {
    type: 'problem',
    schema: [],
    messages: {
      module: 'This file is in a browser bundle (vscode.dev): "{{name}}" is Node only. Use a browser-safe API, or keep it in the desktop entry.',
      global: 'This file is in a browser bundle (vscode.dev), where "{{name}}" does not exist. Take it as a parameter, or read it from globalThis after a typeof check.',
    },
  },
  create(context) {
    const checkModule = (node) => {
      if (node?.type === 'Literal' && typeof node.value === 'string' && (isBuiltin(node.value) || NODE_ENTRY.test(node.value))) context.report({ node, messageId: 'module', data: { name: node.value } });
    };
    return {
      ImportDeclaration: (node) => node.importKind !== 'type' && checkModule(node.source),
      ExportNamedDeclaration: (node) => node.exportKind !== 'type' && checkModule(node.source),
      ExportAllDeclaration: (node) => node.exportKind !== 'type' && checkModule(node.source),
      ImportExpression: (node) => checkModule(node.source),
      CallExpression: (node) => node.callee.type === 'Identifier' && node.callee.name === 'require' && checkModule(node.arguments[0]),
      'Program:exit': () => {
        const globalScope = context.sourceCode.scopeManager.globalScope;
        // Globals declared in languageOptions resolve to a variable of the global scope; undeclared ones fall through.
        const declared = [...NODE_GLOBALS].flatMap((name) => globalScope.set.get(name)?.references ?? []);
        for (const ref of [...declared, ...globalScope.through]) {
          const id = ref.identifier;
          // `typeof process` is the guard itself; types (NodeJS.Timeout) are erased.
          if (!NODE_GLOBALS.has(id.name) || ref.isTypeReference || (id.parent?.type === 'UnaryExpression' && id.parent.operator === 'typeof')) continue;
          context.report({ node: id, messageId: 'global', data: { name: id.name } });
        }
      },
    };
  },
};
/**
 * Files of the browser bundles, and the parts that are browser-safe by design (so that a new file there is checked
 * before anything imports it). The server's Node entry point, and what only it imports (server/src/node/), are the
 * exceptions.
 */
const bundled = browserSources();
const desktopOnly = bundled.filter((f) => f === 'server/src/main.ts' || f.startsWith('server/src/node/'));
if (desktopOnly.length) throw new Error(`The browser bundles hold the desktop server's Node-only code: ${desktopOnly.join(', ')}. Only server/src/main.ts may import server/src/node/.`);
const browserFiles = [...bundled, 'core/**/*.ts', 'server/src/**/*.ts', 'client/src/web/**/*.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', 'out/**', '**/*.vsix', 'reports/**', '.stryker-tmp/**', 'core/schema/validators.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setImmediate: 'readonly', URL: 'readonly', Buffer: 'readonly', performance: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', fetch: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },
  {
    // The official API packages give us the platforms' request and response types only: their runtimes (axios,
    // node-fetch, ws, tar) add megabytes and must never reach the bundle. `import type` is erased by esbuild.
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [
          { name: '@northflank/js-client', allowTypeImports: true, message: 'Types only: use `import type` (the runtime is api/transport.ts).' },
          { name: 'qovery-typescript-axios', allowTypeImports: true, message: 'Types only: use `import type` (the runtime is api/transport.ts).' },
        ],
      }],
    },
  },
  {
    // The pure core: no editor, no network, no file system, nothing of Node (it runs in a browser worker too), and none
    // of the parts that use it.
    files: ['core/**/*.ts'],
    rules: {
      ...rule('The core is pure: no VS Code, no Node, no network; adapt it in server/, client/, cli/ or sync/.', [...vscodeModules, ...nodeOnly], ['api', 'sync', 'server', 'client', 'cli', 'standins', 'shared']),
      'no-restricted-globals': ['error', { name: 'fetch', message: 'The core never talks to the network.' }, { name: 'process', message: 'The core runs in a browser worker too: take what it needs as a parameter.' }],
    },
  },
  {
    // The API clients: a leaf. Shared by the extension, the CLI and sync/, they import nothing else of ours.
    files: ['api/**/*.ts'],
    rules: rule('api/ is a leaf: transport and one module per platform; no VS Code and nothing else of ours.', vscodeModules, ['core', 'sync', 'server', 'client', 'cli', 'standins', 'shared']),
  },
  {
    // Orchestration of a push (read, plan with core/plan, apply with api/): for the CLI and the extension alike.
    files: ['sync/**/*.ts'],
    rules: rule('sync/ is shared by the CLI and the extension: no VS Code, no adapters.', vscodeModules, ['server', 'client', 'cli', 'standins', 'shared']),
  },
  {
    // The messages between the extension and the language server: types and message names only.
    files: ['shared/**/*.ts'],
    rules: rule('shared/ holds only the protocol between client and server.', ['vscode', 'vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageclient', 'vscode-languageclient/*', ...nodeOnly], ['api', 'sync', 'server', 'client', 'cli', 'standins']),
  },
  {
    // The language server adapts the core to LSP. It never holds a token (no api/ or sync/), never imports the client
    // and, since it also runs in a browser worker, nothing of Node.
    files: ['server/**/*.ts'],
    rules: rule('server/ adapts the core to LSP: no API clients, no client code, no VS Code API, nothing of Node.', ['vscode', 'vscode-languageclient', 'vscode-languageclient/*', ...nodeOnly], ['api', 'sync', 'client', 'cli', 'standins']),
  },
  {
    // The CLI adapts the core to the terminal.
    files: ['cli/**/*.ts'],
    rules: rule('cli/ never imports VS Code or the editor adapters.', ['vscode', 'vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageclient', 'vscode-languageclient/*'], ['server', 'client', 'standins']),
  },
  {
    // The extension talks to the language server through shared/protocol.ts only.
    files: ['client/**/*.ts'],
    rules: rule('client/ talks to the language server through shared/protocol.ts, never its internals.', ['vscode-languageserver', 'vscode-languageserver/*'], ['server', 'cli', 'standins']),
  },
  {
    files: browserFiles,
    ignores: ['server/src/main.ts', 'server/src/node/**'],
    plugins: { secretdef: { rules: { 'browser-safe': browserSafe } } },
    rules: { 'secretdef/browser-safe': 'error' },
  },
);
