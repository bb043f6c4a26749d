/**
 * The arrows between the parts (ARCHITECTURE.md) are lint rules (eslint.config.mjs). These tests break each rule on
 * purpose, through ESLint itself, so that a rule that stops firing (a renamed folder, a loosened pattern) fails here.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';
import { serverEnvironment } from '../../shared/serverProcess';
import { ROOT } from '../helpers/paths';

const eslint = new ESLint({ cwd: ROOT });

async function importErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const x = 1;\n`, { filePath: path.join(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals').map((m) => m.message);
}

const forbidden: [file: string, source: string][] = [
  ['core/rules/x.ts', "import * as vscode from 'vscode';"],
  ['core/rules/x.ts', "import { readFileSync } from 'node:fs';"],
  ['core/rules/x.ts', "import * as http from 'node:http';"],
  ['core/rules/x.ts', "import { NorthflankClient } from '../../api/northflank';"],
  ['core/x.ts', "import { prepare } from '../sync';"],
  ['core/x.ts', "import { startServer } from '../server/src/server';"],
  ['core/x.ts', 'export const env = process.env;'],
  ['core/x.ts', 'export const f = fetch;'],
  ['api/northflank/x.ts', "import { deriveSecretGroupId } from '../../core/plan/ids';"],
  ['api/x.ts', "import * as vscode from 'vscode';"],
  ['api/x.ts', "import { prepare } from '../sync';"],
  ['sync/x.ts', "import * as vscode from 'vscode';"],
  ['cli/src/x.ts', "import * as vscode from 'vscode';"],
  ['cli/src/commands/x.ts', "import { startServer } from '../../../server/src/server';"],
  ['server/src/x.ts', "import { NorthflankClient } from '../../api/northflank';"],
  ['server/src/x.ts', "import { prepare } from '../../sync';"],
  ['server/src/x.ts', "import { activate } from '../../client/src/extension';"],
  ['server/src/x.ts', "import { fileURLToPath } from 'node:url';"],
  ['server/src/x.ts', "import * as vscode from 'vscode';"],
  ['client/src/x.ts', "import { startServer } from '../../server/src/server';"],
  ['client/src/commands/x.ts', "import { catalogOf } from '../../../server/src/catalogs';"],
  ['shared/x.ts', "import { NorthflankClient } from '../api/northflank';"],
];

const allowed: [file: string, source: string][] = [
  ['client/src/x.ts', "import { CatalogRequest } from '../../shared/protocol';"],
  ['client/src/x.ts', "import { parseDefinition } from '../../core';"],
  ['server/src/x.ts', "import { parseDefinition } from '../../core';"],
  ['sync/x.ts', "import { planQovery } from '../core/plan';\nimport { ApiError } from '../api/errors';"],
  ['cli/src/x.ts', "import { prepare } from '../../sync';\nimport { readFileSync } from 'node:fs';"],
  ['core/x.ts', "import { parse } from 'yaml';"],
];

describe('architecture: the lint rules that keep the arrows between the parts', () => {
  for (const [file, source] of forbidden) {
    it(`refuses in ${file}: ${source}`, async () => {
      assert.notDeepEqual(await importErrors(file, source), [], 'the rule no longer fires');
    });
  }
  for (const [file, source] of allowed) {
    it(`allows in ${file}: ${source.split('\n')[0]}`, async () => {
      assert.deepEqual(await importErrors(file, source), []);
    });
  }
});

describe('the language server process environment', () => {
  it('keeps what Node needs and drops every variable that may hold a token or key', () => {
    const env = serverEnvironment({
      PATH: '/usr/bin', HOME: '/root', LANG: 'C.UTF-8', NODE_OPTIONS: '--max-old-space-size=200',
      NORTHFLANK_TOKEN: 'nf', NORTHFLANK_API_URL: 'http://x', QOVERY_TOKEN: 'q', SOPS_AGE_KEY: 'AGE-SECRET-KEY-1',
      GITHUB_TOKEN: 'g', AWS_SECRET_ACCESS_KEY: 'a', DB_PASSWORD: 'p', STRIPE_API_KEY: 's', npm_config_authtoken: 't',
      UNDEFINED: undefined,
    });
    assert.deepEqual(env, { PATH: '/usr/bin', HOME: '/root', LANG: 'C.UTF-8', NODE_OPTIONS: '--max-old-space-size=200' });
  });
});
