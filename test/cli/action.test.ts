/**
 * The GitHub Action (action.yml) run step by step on this machine, with the inputs, files and variables the runner
 * gives a composite action (test/helpers/action.ts): annotations, SARIF for code scanning, the masked diff in the
 * job summary, and the job's result. Its own checkout is this repository, built by `npm test` beforehand.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Log } from 'sarif';
import { DEMO_NORTHFLANK, DEMO_NORTHFLANK_TOKEN, DEMO_QOVERY, startStandins, type Standins } from '../../standins';
import { readAction, runAction } from '../helpers/action';
import { ROOT } from '../helpers/paths';

const VALID = 'name: api-secrets\nsecretType: environment\npriority: 10\nsecrets:\n  variables:\n    API_TOKEN: action-test-value-9876\n';
const INVALID = 'name: api-secrets\nsecretType: enviroment\npriority: 10\n';

function repository(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'secretdef-workspace-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('the GitHub Action (action.yml)', function () {
  // Each test runs secretdef as a process, several times: slow on a busy machine.
  this.timeout(120_000);
  it('never pastes an expression into a script: inputs reach the steps as environment variables', () => {
    const action = readAction(path.join(ROOT, 'action.yml'));
    for (const step of action.runs.steps) {
      if (step.run) assert.doesNotMatch(step.run, /\$\{\{/, step.name);
    }
  });

  it('validates the whole repository by default, passes when there are no errors, uploads nothing', async () => {
    const workspace = repository({ 'deploy/api.northflank-secret.yaml': VALID, 'README.md': '# app\n' });
    const run = await runAction(ROOT, { workspace });
    assert.ok(run.ok, run.log);
    assert.equal(run.outputs.errors, 'false');
    assert.deepEqual(run.steps.map((s) => [s.name, s.outcome]), [
      ['Set up Node 20', 'not-run-here'],
      ['Build secretdef', 'success'],
      ['Validate', 'success'],
      ['Upload SARIF', 'skipped'],
      ['Diff against the platform', 'skipped'],
      ['Result', 'success'],
    ]);
    assert.match(run.log, /No problems in 1 file\./);
  });

  it('annotates the problems, writes and uploads SARIF when asked, then fails the job', async () => {
    const workspace = repository({ 'deploy/bad.northflank-secret.yaml': INVALID, 'deploy/ok.northflank-secret.yaml': VALID, 'other/skip.northflank-secret.yaml': INVALID });
    const run = await runAction(ROOT, { workspace, inputs: { paths: 'deploy\n', 'upload-sarif': 'true', 'sarif-file': 'results/secretdef.sarif' } });
    assert.equal(run.ok, false);
    assert.match(run.log, /^::error file=deploy\/bad\.northflank-secret\.yaml,line=2,col=13,endLine=2,endColumn=22,title=secretdef invalid-value::"enviroment" is not an allowed value/m);
    assert.doesNotMatch(run.log, /other\/skip/);
    assert.equal(run.outputs.errors, 'true');
    assert.equal(run.outputs['sarif-file'], 'results/secretdef.sarif');
    const upload = run.steps.find((s) => s.name === 'Upload SARIF');
    assert.equal(upload?.outcome, 'not-run-here');
    assert.equal(upload?.uses, 'github/codeql-action/upload-sarif@v3');
    assert.deepEqual(upload?.with, { sarif_file: 'results/secretdef.sarif', category: 'secretdef' });
    // Its folder did not exist: --output made it.
    const sarif = JSON.parse(readFileSync(path.join(workspace, 'results/secretdef.sarif'), 'utf8')) as Log;
    assert.equal(sarif.runs[0].results?.[0]?.locations?.[0]?.physicalLocation?.artifactLocation?.uri, 'deploy/bad.northflank-secret.yaml');
    assert.equal(sarif.runs[0].tool.driver.rules?.find((r) => r.id === 'invalid-value')?.helpUri, 'https://github.com/secretdef/secret-definitions/blob/v1/README.md#diagnostic-codes');
    assert.deepEqual(run.steps.slice(-1).map((s) => [s.name, s.outcome]), [['Result', 'failure']]);
    assert.match(run.log, /::error title=secretdef::The definition files have errors/);
    assert.ok(!run.log.includes('action-test-value-9876'));
  });

  it('takes several paths, one per line, with spaces in names', async () => {
    const workspace = repository({ 'a dir/x.northflank-secret.yaml': VALID, 'b/y.northflank-secret.yaml': VALID });
    const run = await runAction(ROOT, { workspace, inputs: { paths: '  a dir/x.northflank-secret.yaml\n\nb\n' } });
    assert.ok(run.ok, run.log);
    assert.match(run.log, /No problems in 2 files\./);
  });

  describe('diff against a project', () => {
    let standins: Standins;
    before(async () => {
      standins = await startStandins({ northflank: DEMO_NORTHFLANK, qovery: DEMO_QOVERY });
    });
    after(() => standins.close());
    // The example's ${env:NAME} values, as a workflow sets them from its secrets (env: in the step).
    const VALUES = { JWT_SIGNING_KEY: 'action-jwt-value-5150', STRIPE_SECRET_KEY: 'action-stripe-value-6160', SENTRY_KEY: 'action-sentry-value-7170' };

    it('prints the masked plan into the job summary, with the token from the secrets, and fails on differences when asked', async () => {
      const example = readFileSync(path.join(ROOT, 'examples', 'storefront-api.northflank-secret.yaml'), 'utf8').replace('NODE_ENV: production', 'NODE_ENV: production\n    NEW_KEY: a-new-secret-value-1234');
      const workspace = repository({ 'deploy/storefront-api.northflank-secret.yaml': example });
      const run = await runAction(ROOT, {
        workspace,
        inputs: { diff: 'deploy/storefront-api.northflank-secret.yaml', project: 'storefront', 'northflank-token': DEMO_NORTHFLANK_TOKEN, 'fail-on-diff': 'true' },
        env: { NORTHFLANK_API_URL: standins.urls.northflank, ...VALUES },
      });
      assert.equal(run.ok, false, run.log);
      assert.equal(run.outputs.differences, 'true');
      assert.match(run.summary, /^### secretdef diff$/m);
      assert.match(run.summary, /Differences with the platform/);
      assert.match(run.summary, /^ {2}\+ variable NEW_KEY\s+create$/m);
      assert.match(run.summary, /```text\n[\s\S]*```/);
      for (const text of [run.summary, run.log]) {
        assert.ok(!text.includes(DEMO_NORTHFLANK_TOKEN), 'the token');
        assert.ok(!text.includes('a-new-secret-value-1234'), 'a value');
        for (const value of Object.values(VALUES)) assert.ok(!text.includes(value), 'a value from the environment');
      }
      assert.match(run.log, /::error title=secretdef::The definition files differ from the platform/);
      assert.deepEqual(standins.northflank.requests.filter((r) => r.method !== 'GET'), []);
    });

    it('passes when the file matches the platform', async () => {
      const workspace = repository({ 'storefront-api.northflank-secret.yaml': readFileSync(path.join(ROOT, 'examples', 'storefront-api.northflank-secret.yaml'), 'utf8') });
      // The demo group differs from the example in a few keys: diff them anyway, without failing on it.
      const run = await runAction(ROOT, { workspace, inputs: { diff: 'storefront-api.northflank-secret.yaml', project: 'storefront', 'northflank-token': DEMO_NORTHFLANK_TOKEN }, env: { NORTHFLANK_API_URL: standins.urls.northflank, ...VALUES } });
      assert.ok(run.ok, run.log);
      assert.match(run.summary, /### secretdef diff/);
    });

    it('fails the step (exit 2) without a token, and says so in the summary', async () => {
      const workspace = repository({ 'storefront-api.northflank-secret.yaml': VALID });
      const run = await runAction(ROOT, { workspace, inputs: { diff: 'storefront-api.northflank-secret.yaml', project: 'storefront' }, env: { NORTHFLANK_API_URL: standins.urls.northflank } });
      assert.equal(run.ok, false);
      assert.equal(run.steps.find((s) => s.name === 'Diff against the platform')?.outcome, 'failure');
      assert.match(run.summary, /secretdef diff could not run \(exit code 2\)/);
      assert.match(run.summary, /NORTHFLANK_API_TOKEN is not set/);
      assert.ok(existsSync(path.join(workspace, 'storefront-api.northflank-secret.yaml')));
    });
  });
});
