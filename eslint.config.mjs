// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', 'out/**', '**/*.vsix', 'reports/**', '.stryker-tmp/**'] },
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
);
