/**
 * Every verb, run with a recognisable token and a recognisable secret value, on the happy path and on error paths
 * whose platform messages quote both: neither may appear in stdout, stderr or the request log (--verbose), nor the
 * token in the stand-ins' request records.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEMO_NORTHFLANK, DEMO_QOVERY, DEMO_QOVERY_IDS as IDS, startStandins, type Standins } from '../../standins';
import { secretdefIn, secretdefProcess } from '../helpers/cliRun';

const TOKEN = 'tok_LEAKCHECK_9f8e7d6c5b4a';
const VALUE = 'val_LEAKCHECK_1a2b3c4d5e6f';
/** File data must be base64 (anything else is an error the push refuses): the same value, encoded. */
const DATA = Buffer.from(`file ${VALUE}`).toString('base64');

describe('no token and no secret value in any output or log', () => {
  let standins: Standins;
  let dir: string;
  let env: Record<string, string>;
  const outputs: { label: string; text: string }[] = [];

  before(async () => {
    standins = await startStandins({ northflank: { ...DEMO_NORTHFLANK, tokens: [TOKEN] }, qovery: { ...DEMO_QOVERY, tokens: [TOKEN] } });
    dir = mkdtempSync(path.join(tmpdir(), 'secretdef-leaks-'));
    env = { NORTHFLANK_API_TOKEN: TOKEN, NORTHFLANK_API_URL: standins.urls.northflank, QOVERY_API_TOKEN: TOKEN, QOVERY_API_URL: standins.urls.qovery };
  });
  after(() => standins.close());

  const file = (name: string, text: string): string => {
    const f = path.join(dir, name);
    writeFileSync(f, text);
    return f;
  };
  /** The echo of a platform that quotes what it was sent: the worst case for a leak. */
  const echo = `rejected token ${TOKEN} and value ${VALUE}`;
  /** For verbs that carry no value (link, alias): the platform can only quote the token. */
  const tokenEcho = `rejected token ${TOKEN}`;

  async function run(label: string, argv: string[], options: Parameters<typeof secretdefIn>[1] = {}): Promise<number> {
    const r = await secretdefIn(argv, { env, ...options });
    outputs.push({ label, text: `${r.stdout}\n${r.stderr}\n${r.prompts.join('\n')}` });
    return r.code;
  }

  it('runs every verb on happy and failing paths', async () => {
    const nf = file('leak.northflank-secret.yaml', `name: leak-group\nsecretType: environment\npriority: 1\nsecrets:\n  variables:\n    LEAK: ${VALUE}\n  files:\n    /etc/leak:\n      data: ${DATA}\n`);
    const nfBad = file('bad.northflank-secret.yaml', `name: bad-group\nsecretType: environment\npriority: "${VALUE}"\nsecrets:\n  variables:\n    LEAK: ${VALUE}\n`);
    const link = file('leak.northflank-link.yaml', 'keys:\n  - keyName: HOST\n');
    const q = file('leak.qovery-secrets.yaml', `project: ${IDS.project}\nsecrets:\n  - key: LEAK\n    value: ${VALUE}\n  - key: STRIPE_API_KEY\n    value: ${VALUE}\naliases:\n  - key: LEAK_ALIAS\n    target: LEAK\noverrides:\n  - target: QOVERY_SOME_BUILT_IN\n    value: ${VALUE}\n`);
    const nfArgs = ['--project', 'default-project', '--verbose'];

    assert.equal(await run('validate', ['validate', nf, nfBad]), 1);
    assert.equal(await run('diff nf (new)', ['diff', nf, ...nfArgs]), 1);
    assert.equal(await run('push nf refused (errors)', ['push', nfBad, ...nfArgs, '--yes']), 1);
    assert.equal(await run('push nf (no terminal)', ['push', nf, ...nfArgs]), 2);
    assert.equal(await run('push nf (dry run)', ['push', nf, ...nfArgs, '--dry-run']), 0);
    standins.northflank.faults.inject({ method: 'PUT' }, { type: 'status', status: 400, message: echo });
    assert.equal(await run('push nf (400 echo)', ['push', nf, ...nfArgs, '--yes']), 1);
    standins.northflank.faults.inject({ method: 'PUT' }, { type: 'status', status: 503, retryAfter: '1', message: echo }, { times: 4 });
    assert.equal(await run('push nf (503 echo, retried)', ['push', nf, ...nfArgs, '--yes']), 1);
    assert.equal(await run('push nf (terminal, yes)', ['push', nf, ...nfArgs], { tty: true, answers: ['y'] }), 0);
    assert.equal(await run('diff nf (pushed)', ['diff', nf, ...nfArgs]), 0);
    writeFileSync(nf, `name: leak-group\nsecretType: environment\npriority: 1\nsecrets:\n  variables:\n    LEAK: ${VALUE}-changed\n`);
    assert.equal(await run('diff nf (changed)', ['diff', nf, ...nfArgs]), 1);
    assert.equal(await run('push nf (token on stdin)', ['push', nf, ...nfArgs, '--yes', '--token-stdin'], { env: { NORTHFLANK_API_URL: env.NORTHFLANK_API_URL }, stdin: `${TOKEN}\n` }), 0);
    // Messages are masked with the values the command knows (sent, in its files, returned by Northflank): the
    // echo below quotes the file's value in the answer to a GET that did not send it.
    writeFileSync(nf, `name: leak-group\nsecretType: environment\npriority: 1\nsecrets:\n  variables:\n    LEAK: ${VALUE}\n`);
    standins.northflank.faults.inject({}, { type: 'status', status: 401, message: echo });
    assert.equal(await run('push nf (401 echo)', ['push', nf, ...nfArgs, '--yes']), 1);
    assert.equal(await run('push nf (wrong token)', ['push', nf, ...nfArgs, '--yes'], { env: { ...env, NORTHFLANK_API_TOKEN: `${TOKEN}x` } }), 1);
    assert.equal(await run('push nf (token flag)', ['push', nf, '--project', 'p', `--token=${TOKEN}`]), 2);

    assert.equal(await run('push link', ['push', link, ...nfArgs, '--secret', 'api-secrets', '--addon', 'postgres', '--yes']), 0);
    assert.equal(await run('link show', ['link', '--project', 'default-project', '--secret', 'api-secrets', '--addon', 'postgres', '--verbose']), 0);
    standins.northflank.faults.inject({ method: 'POST' }, { type: 'status', status: 400, message: tokenEcho });
    assert.equal(await run('link set (400 echo)', ['link', '--project', 'default-project', '--secret', 'api-secrets', '--addon', 'postgres', '--key', 'PORT', '--yes', '--verbose']), 1);
    assert.equal(await run('link unlink', ['link', '--project', 'default-project', '--secret', 'api-secrets', '--addon', 'postgres', '--unlink', '--yes', '--verbose']), 0);
    assert.equal(await run('list nf', ['list', '--provider', 'northflank', '--project', 'default-project', '--verbose']), 0);
    assert.equal(await run('list nf json', ['list', '--provider', 'northflank', '--project', 'default-project', '--format', 'json']), 0);

    const qArgs = ['--verbose'];
    assert.equal(await run('diff qovery', ['diff', q, ...qArgs]), 1);
    standins.qovery.faults.inject({ method: 'POST', path: /\/alias$/ }, { type: 'status', status: 400, message: echo });
    assert.equal(await run('push qovery (partial, 400 echo)', ['push', q, ...qArgs, '--yes']), 1);
    assert.equal(await run('push qovery (rerun)', ['push', q, ...qArgs, '--yes']), 0);
    standins.qovery.faults.inject({ method: 'PUT' }, { type: 'reset' }, { times: 4 });
    assert.equal(await run('push qovery (reset)', ['push', q, ...qArgs, '--yes']), 1);
    assert.equal(await run('push qovery (prune)', ['push', q, ...qArgs, '--yes', '--prune']), 0);
    assert.equal(await run('diff qovery (pushed)', ['diff', q, ...qArgs]), 0);
    assert.equal(await run('list qovery', ['list', '--provider', 'qovery', '--project', IDS.project, '--verbose']), 0);
    assert.equal(await run('alias', ['alias', '--provider', 'qovery', '--project', IDS.project, '--secret', IDS.builtInDatabaseName, '--key', 'DBN', '--yes', '--verbose']), 0);
    standins.qovery.faults.inject({ method: 'POST' }, { type: 'status', status: 400, message: tokenEcho });
    assert.equal(await run('alias (400 echo)', ['alias', '--provider', 'qovery', '--project', IDS.project, '--secret', IDS.builtInDatabaseName, '--key', 'DBN2', '--yes', '--verbose']), 1);
    assert.equal(await run('override', ['override', '--provider', 'qovery', '--project', IDS.project, '--secret', IDS.builtInDatabaseName, '--value-stdin', '--yes', '--verbose'], { stdin: VALUE }), 0);
    standins.qovery.faults.inject({ method: 'PUT' }, { type: 'status', status: 400, message: echo });
    assert.equal(await run('override (400 echo)', ['override', '--provider', 'qovery', '--project', IDS.project, '--secret', IDS.builtInDatabaseName, '--value-stdin', '--yes', '--verbose'], { stdin: VALUE }), 1);
    assert.equal(await run('override (value flag)', ['override', '--provider', 'qovery', '--project', IDS.project, '--secret', IDS.builtInDatabaseName, `--value=${VALUE}`]), 2);
    assert.equal(await run('override (token on stdin)', ['alias', '--provider', 'qovery', '--project', IDS.project, '--secret', IDS.builtInSome, '--key', 'K2', '--yes', '--token-stdin', '--verbose'], { env: { QOVERY_API_URL: env.QOVERY_API_URL }, stdin: TOKEN }), 0);

    // The built CLI as a user runs it: real process, real stdin, environment variables.
    const p = await secretdefProcess(['push', nf, ...nfArgs, '--yes'], { env: { ...env, PATH: process.env.PATH } });
    outputs.push({ label: 'process push nf', text: p.stdout + p.stderr });
    assert.equal(p.code, 0, p.stderr);
    const o = await secretdefProcess(['override', '--provider', 'qovery', '--project', IDS.project, '--secret', IDS.builtInSome, '--value-stdin', '--yes', '--verbose'], { env, input: VALUE });
    outputs.push({ label: 'process override', text: o.stdout + o.stderr });
    assert.equal(o.code, 0, o.stderr);
  });

  it('found neither the token nor the value anywhere', () => {
    assert.ok(outputs.length >= 30, `ran ${outputs.length} commands`);
    for (const { label, text } of outputs) {
      assert.ok(!text.includes(TOKEN), `the token leaked in "${label}":\n${text}`);
      assert.ok(!text.includes(VALUE), `the value leaked in "${label}":\n${text}`);
      assert.ok(!text.includes(DATA), `the file data leaked in "${label}":\n${text}`);
    }
    // The masked echo proves the error paths ran and were masked, not skipped.
    assert.ok(outputs.some(({ text }) => text.includes('rejected token ******** and value ********')));
    assert.ok(outputs.some(({ text }) => /→ \d{3} in \d+ ms/.test(text)), 'the request log (--verbose) ran');
    for (const standin of [standins.northflank, standins.qovery]) assert.ok(!JSON.stringify(standin.requests).includes(TOKEN), 'the stand-ins record no token');
  });
});
