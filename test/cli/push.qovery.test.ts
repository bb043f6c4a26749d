import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEMO_QOVERY_IDS as IDS, DEMO_QOVERY_TOKEN, startStandins, type Standins } from '../../standins';
import { waitFor } from '../helpers/fakes';
import { secretdefIn } from '../helpers/cliRun';

const FILE = `project: ${IDS.project}
secrets:
  - key: STRIPE_API_KEY
    value: sk_live_NEW-VALUE
    description: Stripe key
  - key: SENTRY_DSN
    value: https://dsn-VALUE@sentry.example/1
  - key: TLS_CERT
    value: "-----BEGIN CERTIFICATE----- cert-VALUE"
    mount_path: /etc/tls/cert.pem
aliases:
  - key: DB_NAME
    target: QOVERY_DATABASE_PSQL_NAME
  - key: SENTRY
    target: SENTRY_DSN
overrides:
  - target: QOVERY_SOME_BUILT_IN
    value: override-VALUE
`;

const VALUES = ['sk_live_NEW-VALUE', 'dsn-VALUE', 'cert-VALUE', 'override-VALUE'];

describe('secretdef push / diff: Qovery project secrets', () => {
  let standins: Standins;
  let file: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    standins = await startStandins();
    file = path.join(mkdtempSync(path.join(tmpdir(), 'secretdef-qovery-')), 'shop.qovery-secrets.yaml');
    writeFileSync(file, FILE);
    env = { QOVERY_API_TOKEN: DEMO_QOVERY_TOKEN, QOVERY_API_URL: standins.urls.qovery };
  });
  afterEach(() => standins.close());

  const push = (...extra: string[]) => secretdefIn(['push', file, '--yes', ...extra], { env });
  const projectKeys = () => standins.qovery.projectSecrets(IDS.project).map((s) => `${s.variable_type} ${s.key}`).sort();
  const noValues = (...texts: string[]) => {
    for (const t of texts) for (const v of VALUES) assert.ok(!t.includes(v), `a value leaked: ${v}`);
  };

  it('creates missing secrets, writes existing ones, creates aliases and overrides; the project comes from the file', async () => {
    const r = await push();
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /shop\.qovery-secrets\.yaml: Qovery project 3c90c3cc-0d44-4b50-8888-8dd25736052a/);
    assert.match(r.stdout, /\? secret STRIPE_API_KEY +write: cannot compare: Qovery never returns values, will be written/);
    assert.match(r.stdout, /\+ secret TLS_CERT +create: file at \/etc\/tls\/cert\.pem/);
    assert.match(r.stdout, /\+ alias SENTRY → SENTRY_DSN +create: alias of a PROJECT secret/);
    assert.match(r.stdout, /! alias STRIPE_KEY → STRIPE_API_KEY +keep: only in Qovery: kept \(run with --prune to delete it\)/);
    assert.match(r.stdout, /applied 6 changes to Qovery project/);
    noValues(r.stdout, r.stderr);
    assert.equal(standins.qovery.secretByKey(IDS.project, 'STRIPE_API_KEY')?.value, 'sk_live_NEW-VALUE');
    assert.equal(standins.qovery.secretByKey(IDS.project, 'TLS_CERT')?.mount_path, '/etc/tls/cert.pem');
    assert.equal(standins.qovery.secretByKey(IDS.project, 'SENTRY')?.aliasedKey, 'SENTRY_DSN');
    assert.equal(standins.qovery.secretByKey(IDS.project, 'DB_NAME')?.aliasedKey, 'QOVERY_DATABASE_PSQL_NAME');
    assert.equal(standins.qovery.secretByKey(IDS.project, 'QOVERY_SOME_BUILT_IN')?.value, 'override-VALUE');
    assert.deepEqual(projectKeys(), ['ALIAS DB_NAME', 'ALIAS SENTRY', 'ALIAS STRIPE_KEY', 'FILE TLS_CERT', 'OVERRIDE QOVERY_SOME_BUILT_IN', 'VALUE SENTRY_DSN', 'VALUE STRIPE_API_KEY']);
  });

  it('running it again converges: nothing created twice, values written again', async () => {
    await push();
    const before = projectKeys();
    const again = await push();
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(projectKeys(), before);
    assert.match(again.stdout, /1 only in Qovery \(kept\), 2 unchanged; 4 values cannot be compared \(Qovery never returns them\) and will be written\./);
    assert.equal(standins.qovery.requestsTo('POST', /\/(alias|override)$/).length, 3, 'two aliases and one override, each created once');
  });

  it('diff: values that cannot be compared are not differences; remote-only keys are', async () => {
    const before = await secretdefIn(['diff', file], { env });
    assert.equal(before.code, 1);
    await push();
    writeFileSync(file, `${FILE}  - target: QOVERY_DATABASE_PSQL_NAME\n    value: x-VALUE\n`.replace('overrides:\n  - target: QOVERY_SOME_BUILT_IN\n    value: override-VALUE\n  - target', 'overrides:\n  - target: QOVERY_SOME_BUILT_IN\n    value: override-VALUE\n  - target'));
    const r = await secretdefIn(['diff', file], { env });
    assert.equal(r.code, 1, 'a new override and the remote-only alias STRIPE_KEY differ');
    writeFileSync(file, FILE.replace('aliases:\n', 'aliases:\n  - key: STRIPE_KEY\n    target: STRIPE_API_KEY\n'));
    const same = await secretdefIn(['diff', file], { env });
    assert.equal(same.code, 0, same.stdout);
    assert.match(same.stdout, /^Keys and settings match; 4 values cannot be compared \(Qovery never returns them\) and will be written\.$/m);
    noValues(before.stdout, r.stdout, same.stdout);
  });

  it('--prune deletes what the file does not declare (aliases before their secrets); without it they are kept', async () => {
    writeFileSync(file, `project: ${IDS.project}\nsecrets:\n  - key: ONLY\n    value: only-VALUE\n`);
    const kept = await push();
    assert.equal(kept.code, 0);
    assert.ok(projectKeys().includes('VALUE STRIPE_API_KEY'));
    const pruned = await push('--prune');
    assert.equal(pruned.code, 0, pruned.stderr);
    assert.match(pruned.stdout, /- alias STRIPE_KEY → STRIPE_API_KEY +remove: not in the file \(--prune\)/);
    assert.deepEqual(projectKeys(), ['VALUE ONLY']);
    const deletes = standins.qovery.requestsTo('DELETE', /\/secret\//).map((r) => r.path);
    assert.deepEqual(deletes, [`/project/${IDS.project}/secret/${IDS.projectAlias}`, `/project/${IDS.project}/secret/${IDS.projectStripe}`]);
  });

  it('a partly applied push reports exactly what was and was not applied, and a rerun converges without duplicates', async () => {
    standins.qovery.faults.inject({ method: 'POST', path: /\/alias$/ }, { type: 'status', status: 400, message: 'Alias creation is temporarily disabled' });
    const failed = await push();
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /shop\.qovery-secrets\.yaml: the Qovery push stopped at step 4 of 6; 3 applied, 2 not applied\./);
    assert.match(failed.stderr, /applied: +create secret SENTRY_DSN\n {2}applied: +create secret TLS_CERT\n {2}applied: +write secret STRIPE_API_KEY\n {2}failed: +create alias DB_NAME → QOVERY_DATABASE_PSQL_NAME\n +Qovery answered 400 Bad Request to POST \/project\/.+\/alias: Alias creation is temporarily disabled\.\n {2}not applied: create alias SENTRY → SENTRY_DSN\n {2}not applied: create override of QOVERY_SOME_BUILT_IN/);
    assert.match(failed.stderr, /What to do: Correct the request as Qovery's message says, then run it again\. Then run the same push again: it reads what Qovery has now, so what was applied is not created twice\./);
    assert.match(failed.stderr, /no local file was changed/);
    noValues(failed.stdout, failed.stderr);
    const rerun = await push();
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.deepEqual(projectKeys(), ['ALIAS DB_NAME', 'ALIAS SENTRY', 'ALIAS STRIPE_KEY', 'FILE TLS_CERT', 'OVERRIDE QOVERY_SOME_BUILT_IN', 'VALUE SENTRY_DSN', 'VALUE STRIPE_API_KEY']);
  });

  it('a create whose answer was lost (applied, then the connection reset) is found on the rerun, not duplicated', async () => {
    standins.qovery.faults.inject({ method: 'POST', path: `/project/${IDS.project}/secret` }, { type: 'reset' }, { after: true });
    const failed = await push();
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /failed: +create secret SENTRY_DSN \(it may have been applied: its answer was lost\)/);
    assert.equal(standins.qovery.requestsTo('POST', `/project/${IDS.project}/secret`).length, 1, 'a POST is never sent twice');
    const rerun = await push();
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.match(rerun.stdout, /\? secret SENTRY_DSN +write/);
    assert.equal(projectKeys().filter((k) => k.endsWith(' SENTRY_DSN')).length, 1);
  });

  it('Ctrl-C (an aborted signal) during the push stops it and reports what was applied and what was not', async () => {
    standins.qovery.faults.inject({ method: 'POST', path: /\/alias$/ }, { type: 'hang' });
    const cancel = new AbortController();
    const pending = secretdefIn(['push', file, '--yes'], { env, api: { signal: cancel.signal, timeoutMs: 10_000 } });
    await waitFor(() => standins.qovery.requestsTo('POST', /\/alias$/).length === 1);
    cancel.abort();
    const r = await pending;
    assert.equal(r.code, 1);
    assert.match(r.stderr, /failed: +create alias DB_NAME → QOVERY_DATABASE_PSQL_NAME \(it may have been applied: its answer was lost\)\n +POST \/project\/.+\/alias to Qovery was cancelled\./);
    assert.match(r.stderr, /not applied: create alias SENTRY → SENTRY_DSN\n {2}not applied: create override of QOVERY_SOME_BUILT_IN/);
  });

  it('retries GET and PUT on 429 and 5xx (Retry-After honoured), never a POST', async () => {
    standins.qovery.faults
      .inject({ method: 'GET' }, { type: 'status', status: 429, retryAfter: '5' })
      .inject({ method: 'PUT' }, { type: 'status', status: 500 });
    const r = await push();
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.clock.sleeps, [5000, 375]);
    standins.qovery.faults.inject({ method: 'POST' }, { type: 'status', status: 502 });
    writeFileSync(file, `project: ${IDS.project}\nsecrets:\n  - key: BRAND_NEW\n    value: v\n`);
    const post = await push();
    assert.equal(post.code, 1);
    assert.equal(standins.qovery.requestsTo('POST', `/project/${IDS.project}/secret`).filter((x) => (x.body as { key?: string }).key === 'BRAND_NEW').length, 1);
  });

  it('a hung list, a malformed answer: clear failures, nothing sent', async () => {
    standins.qovery.faults.inject({ method: 'GET' }, { type: 'hang' }, { times: 4 });
    const hung = await secretdefIn(['push', file, '--yes'], { env, api: { timeoutMs: 50 } });
    assert.equal(hung.code, 1);
    assert.match(hung.stderr, /Qovery did not answer GET \/project\/.+\/secret in time after 4 attempts/);
    standins.qovery.faults.inject({ method: 'GET' }, { type: 'malformed-json' });
    const bad = await push();
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /the remote state could not be read: nothing was sent/);
    assert.equal(standins.qovery.requests.filter((x) => x.method !== 'GET').length, 0);
  });

  it('blocks what Qovery would refuse, before sending anything', async () => {
    writeFileSync(file, `project: ${IDS.project}\naliases:\n  - key: X\n    target: STRIPE_KEY\noverrides:\n  - target: STRIPE_API_KEY\n    value: v\n`);
    const r = await push();
    assert.equal(r.code, 1);
    assert.match(r.stdout, /x alias X → STRIPE_KEY +blocked: "STRIPE_KEY" is itself an alias, and Qovery allows no alias of an alias/);
    assert.match(r.stdout, /x override STRIPE_API_KEY +blocked: "STRIPE_API_KEY" has the scope PROJECT/);
    assert.equal(standins.qovery.requests.filter((x) => x.method !== 'GET').length, 0);
  });

  it('--project: optional when the file names it, must agree with it, must be a UUID', async () => {
    assert.equal((await secretdefIn(['push', file, '--yes', '--project', IDS.otherProject], { env })).code, 2);
    writeFileSync(file, 'secrets:\n  - key: A\n    value: v\n');
    const none = await push();
    assert.equal(none.code, 2);
    assert.match(none.stderr, /names no project: add "project: <uuid>" to it or pass --project/);
    assert.equal((await secretdefIn(['push', file, '--yes', '--project', 'not-a-uuid'], { env })).code, 2);
    const ok = await secretdefIn(['push', file, '--yes', '--project', IDS.otherProject], { env });
    assert.equal(ok.code, 0, ok.stderr);
  });

  it('files of both platforms: --project applies to every file, so differing projects are a usage error', async () => {
    const nf = path.join(path.dirname(file), 'x.northflank-secret.yaml');
    writeFileSync(nf, 'name: both\nsecretType: environment\npriority: 1\n');
    const r = await secretdefIn(['push', nf, file, '--project', 'default-project', '--yes'], {
      env: { ...env, NORTHFLANK_API_TOKEN: 'nf-demo-token', NORTHFLANK_API_URL: standins.urls.northflank },
    });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /names the project .+, but --project is default-project \(--project applies to every file: push the Northflank and the Qovery files separately\)/);
    assert.equal(standins.northflank.requests.length + standins.qovery.requests.length, 0);
  });
});
