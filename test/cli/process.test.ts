/** The built `secretdef` (dist/cli.js) as a user runs it: a real process, real stdin and environment. */
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEMO_NORTHFLANK_TOKEN, startStandins, type Standins } from '../../standins';
import { secretdefProcess } from '../helpers/cliRun';
import * as esbuild from 'esbuild';
import { ROOT } from '../helpers/paths';

describe('secretdef as a process', () => {
  let standins: Standins;
  let file: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    standins = await startStandins();
    file = path.join(mkdtempSync(path.join(tmpdir(), 'secretdef-process-')), 'p.northflank-secret.yaml');
    writeFileSync(file, 'name: process-group\nsecretType: environment\npriority: 3\nsecrets:\n  variables:\n    A: b\n');
    env = { NORTHFLANK_API_URL: standins.urls.northflank, NORTHFLANK_API_TOKEN: DEMO_NORTHFLANK_TOKEN };
  });
  after(() => standins.close());

  it('refuses to ask for confirmation on a piped stdin (exit 2): nothing sent', async () => {
    const r = await secretdefProcess(['push', file, '--project', 'default-project'], { env });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stdout, /\+ variable A +create/);
    assert.match(r.stderr, /stdin is not a terminal/);
    assert.equal(standins.northflank.requestsTo('PUT', '/v1/projects/default-project/secrets').length, 0);
  });

  it('reads the token from stdin with --token-stdin, and pushes with --yes (exit 0); diff then exits 0', async () => {
    const r = await secretdefProcess(['push', file, '--project', 'default-project', '--yes', '--token-stdin'], { env: { NORTHFLANK_API_URL: standins.urls.northflank }, input: `${DEMO_NORTHFLANK_TOKEN}\n` });
    assert.equal(r.code, 0, r.stderr);
    const d = await secretdefProcess(['diff', file, '--project', 'default-project'], { env });
    assert.equal(d.code, 0, d.stdout + d.stderr);
  });

  it('documents every verb in --help', async () => {
    const r = await secretdefProcess(['--help']);
    assert.equal(r.code, 0);
    for (const verb of ['validate', 'diff', 'push', 'list', 'link', 'alias', 'override']) assert.match(r.stdout, new RegExp(`^ {2}${verb} `, 'm'));
  });

  it('the bundles hold no code of the type-only API packages (read from esbuild\'s metafile, minified or not)', async () => {
    // What goes into each bundle, as esbuild resolves it with the build's options: not the bundle's text, whose
    // "// node_modules/…" comments only a non-minified build has (a production bundle passed any check on them).
    const entries = { 'cli.js': 'cli/src/main.ts', 'extension.js': 'client/src/extension.ts', 'server.js': 'server/src/main.ts' };
    for (const [bundle, entry] of Object.entries(entries)) {
      const result = await esbuild.build({
        absWorkingDir: ROOT, entryPoints: [entry], bundle: true, platform: 'node', target: 'node20', format: 'cjs',
        mainFields: ['module', 'main'], external: ['vscode'], define: { SECRETDEF_VERSION: '"test"' },
        minify: true, write: false, metafile: true, logLevel: 'silent',
      });
      const inputs = Object.keys(result.metafile.inputs);
      // The check can see packages: each bundle holds the YAML parser or the LSP library.
      assert.ok(inputs.some((i) => /node_modules\/(yaml|vscode-languageserver|vscode-languageclient)\//.test(i)), `${bundle}: no package among its inputs`);
      for (const pkg of ['node_modules/axios/', 'node_modules/qovery-typescript-axios/', 'node_modules/@northflank/js-client/']) {
        assert.deepEqual(inputs.filter((i) => i.includes(pkg)), [], `${bundle} bundles ${pkg}`);
      }
    }
  });
});
