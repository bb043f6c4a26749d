// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', 'out/**', '**/*.vsix'] },
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
    // The API clients are shared by the extension, the language server's catalogs and the CLI: no editor code.
    files: ['api/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['vscode', 'vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageclient', 'vscode-languageclient/*'], message: 'api/ is shared by the extension and the CLI: no VS Code imports.' },
        ],
      }],
    },
  },
  {
    // The pure core must stay free of VS Code, LSP transport and network code: one rule, enforced here.
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['vscode', 'vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageclient', 'vscode-languageclient/*'], message: 'The core is editor-agnostic: adapt it in server/src/lsp or client/.' },
          { group: ['http', 'https', 'net', 'node:http', 'node:https', 'node:net', 'undici'], message: 'The core never talks to the network.' },
        ],
      }],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'The core never talks to the network.' }],
    },
  },
);
