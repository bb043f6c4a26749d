import * as assert from 'node:assert/strict';
import { ApiError } from '../../api/errors';
import { QoveryClient } from '../../api/qovery';
import { applyQoveryPlan } from '../../sync/qoveryApply';
import { parseQoveryError } from '../../api/qovery/http';
import { describeStep, planQovery } from '../../core/plan';
import { DEMO_QOVERY, DEMO_QOVERY_IDS as IDS, DEMO_QOVERY_TOKEN } from '../../standins/fixtures';
import { QoveryStandin } from '../../standins/qovery';
import { FakeClock, scriptedFetch } from '../helpers/fakes';

describe('Qovery client against the stand-in', () => {
  let standin: QoveryStandin;
  let client: QoveryClient;
  let clock: FakeClock;

  beforeEach(async () => {
    standin = new QoveryStandin(DEMO_QOVERY);
    clock = new FakeClock();
    client = new QoveryClient({ token: DEMO_QOVERY_TOKEN, baseUrl: await standin.start(), sleep: clock.sleep, now: clock.now, random: () => 0.5, timeoutMs: 5000 });
  });
  afterEach(() => standin.close());

  it('lists the project’s secrets (PROJECT and BUILT_IN, aliases with their target), never a value, with a Token header', async () => {
    const secrets = await client.projectSecrets.list(IDS.project);
    assert.deepEqual(secrets.map((s) => [s.key, s.scope, s.variable_type, s.aliased_secret?.key]).sort(), [
      ['QOVERY_DATABASE_PSQL_NAME', 'BUILT_IN', 'BUILT_IN', undefined],
      ['QOVERY_SOME_BUILT_IN', 'BUILT_IN', 'BUILT_IN', undefined],
      ['STRIPE_API_KEY', 'PROJECT', 'VALUE', undefined],
      ['STRIPE_KEY', 'PROJECT', 'ALIAS', 'STRIPE_API_KEY'],
    ]);
    assert.ok(!JSON.stringify(secrets).includes('sk_test_placeholder'));
    assert.equal(standin.requests[0].authScheme, 'Token');
  });

  it('creates a secret (201), replaces one of the same key, edits (key required) and deletes it', async () => {
    const created = await client.projectSecrets.create(IDS.project, { key: 'NEW_KEY', value: 'v1', description: 'd' });
    assert.equal(created.scope, 'PROJECT');
    const again = await client.projectSecrets.create(IDS.project, { key: 'NEW_KEY', value: 'v2' });
    assert.equal(again.id, created.id);
    assert.equal(standin.secretByKey(IDS.project, 'NEW_KEY')?.value, 'v2');
    await client.projectSecrets.edit(IDS.project, created.id, { key: 'NEW_KEY', value: 'v3' });
    assert.equal(standin.secretByKey(IDS.project, 'NEW_KEY')?.value, 'v3');
    await client.projectSecrets.delete(IDS.project, created.id);
    assert.equal(standin.secretByKey(IDS.project, 'NEW_KEY'), undefined);
  });

  it('creates a file secret with a mount path, and rejects a relative one with the stand-in’s 400', async () => {
    const file = await client.projectSecrets.create(IDS.project, { key: 'TLS', value: 'PEM', mount_path: '/etc/tls.pem' });
    assert.equal(file.variable_type, 'FILE');
    const e = await rejectsApi(client.projectSecrets.create(IDS.project, { key: 'TLS2', value: 'PEM', mount_path: 'etc/tls.pem' }));
    assert.equal(e.status, 400);
  });

  it('creates an alias and an override of BUILT_IN secrets', async () => {
    const alias = await client.projectSecrets.createAlias(IDS.project, IDS.builtInDatabaseName, { key: 'DB_NAME' });
    assert.equal(alias.variable_type, 'ALIAS');
    assert.equal(alias.aliased_secret?.key, 'QOVERY_DATABASE_PSQL_NAME');
    const override = await client.projectSecrets.createOverride(IDS.project, IDS.builtInSome, { value: 'other-value' });
    assert.equal(override.key, 'QOVERY_SOME_BUILT_IN');
    assert.equal(override.overridden_secret?.scope, 'BUILT_IN');
    assert.equal(standin.secretByKey(IDS.project, 'QOVERY_SOME_BUILT_IN')?.value, 'other-value');
  });

  it('passes Qovery’s 400 texts on verbatim: alias of an alias, alias or override of a lower or equal scope, BUILT_IN edits', async () => {
    const aliasOfAlias = await rejectsApi(client.projectSecrets.createAlias(IDS.project, IDS.projectAlias, { key: 'X' }));
    assert.equal(aliasOfAlias.platformMessage, "You can't create an alias on an alias");
    const lower = await rejectsApi(client.projectSecrets.createAlias(IDS.project, IDS.environmentSecret, { key: 'X' }));
    assert.equal(lower.platformMessage, "Can't create an alias on a higher scope. Aliases can only be created from one scope to a lower scope. Scope hierarchy is BUILT_IN > PROJECT > ENVIRONMENT > APPLICATION");
    const sameScope = await rejectsApi(client.projectSecrets.createOverride(IDS.project, IDS.projectStripe, { value: 'x' }));
    assert.match(sameScope.platformMessage ?? '', /^Can't create an override on a higher scope\./);
    const builtIn = await rejectsApi(client.projectSecrets.edit(IDS.project, IDS.builtInSome, { key: 'QOVERY_SOME_BUILT_IN', value: 'x' }));
    assert.equal(builtIn.platformMessage, "You can't edit a BUILT_IN secret");
    assert.match(builtIn.message, /^Qovery answered 400 Bad Request to PUT \/project\/.+\/secret\/.+: You can't edit a BUILT_IN secret\.$/);
  });

  it('deleting a secret deletes its aliases (Qovery’s rule)', async () => {
    await client.projectSecrets.delete(IDS.project, IDS.projectStripe);
    const keys = (await client.projectSecrets.list(IDS.project)).map((s) => s.key);
    assert.ok(!keys.includes('STRIPE_KEY'));
  });

  it('lists organizations, projects and environments', async () => {
    assert.deepEqual((await client.organizations.list()).map((o) => o.name), ['Demo Org']);
    assert.deepEqual((await client.projects.list(IDS.organization)).map((p) => p.name), ['Shop', 'Empty', 'Storefront']);
    assert.deepEqual((await client.environments.list(IDS.project)).map((e) => [e.name, e.mode]), [['production', 'PRODUCTION'], ['staging', 'STAGING']]);
  });

  it('retries a GET on 5xx and 429, never a POST; a lost POST answer may have been applied', async () => {
    standin.faults.inject({ method: 'GET' }, { type: 'status', status: 502 }).inject({ method: 'GET' }, { type: 'status', status: 429, retryAfter: '3' });
    await client.organizations.list();
    assert.deepEqual(clock.sleeps, [375, 3000]);
    standin.faults.inject({ method: 'POST' }, { type: 'status', status: 503 }, { after: true });
    const e = await rejectsApi(client.projectSecrets.create(IDS.project, { key: 'MAYBE', value: 'v' }));
    assert.equal(e.status, 503);
    assert.equal(e.mayHaveBeenApplied, true);
    assert.match(e.hint, /may or may not have been applied/);
    assert.equal(standin.requestsTo('POST', `/project/${IDS.project}/secret`).length, 1);
    assert.ok(standin.secretByKey(IDS.project, 'MAYBE'), 'the stand-in applied it before failing');
  });

  it('applies a plan step by step and reports exactly what was not applied', async () => {
    const local = { secrets: [{ key: 'ONE', value: 'v1' }, { key: 'TWO', value: 'v2' }], aliases: [{ key: 'ONE_ALIAS', target: 'ONE' }] };
    const plan = planQovery(local, await client.projectSecrets.list(IDS.project), { projectId: IDS.project });
    standin.faults.inject({ method: 'POST', path: `/project/${IDS.project}/secret` }, { type: 'status', status: 400, message: 'refused TWO' }, { skip: 1 });
    const result = await applyQoveryPlan(client, IDS.project, plan, local);
    assert.deepEqual(result.applied.map(describeStep), ['create secret ONE']);
    assert.equal(result.failed && describeStep(result.failed.step), 'create secret TWO');
    assert.equal(result.failed?.error.status, 400);
    assert.deepEqual(result.notApplied.map(describeStep), ['create alias ONE_ALIAS → ONE']);
    const again = planQovery(local, await client.projectSecrets.list(IDS.project), { projectId: IDS.project });
    const done = await applyQoveryPlan(client, IDS.project, again, local);
    assert.deepEqual(done.applied.map(describeStep), ['create secret TWO', 'write secret ONE', 'create alias ONE_ALIAS → ONE']);
    assert.equal(standin.secretByKey(IDS.project, 'ONE_ALIAS')?.aliasedKey, 'ONE', 'the alias found the id of the secret created in the same push');
  });

  it('a wrong token is a 401 that names QOVERY_API_TOKEN', async () => {
    const wrong = new QoveryClient({ token: 'nope', baseUrl: standin.server.baseUrl });
    const e = await rejectsApi(wrong.organizations.list());
    assert.equal(e.status, 401);
    assert.match(e.hint, /QOVERY_API_TOKEN/);
  });
});

describe('Qovery error bodies', () => {
  it('reads a JSON message, or takes a plain-text body verbatim', async () => {
    assert.deepEqual(parseQoveryError({ message: 'Bad key' }, ''), { message: 'Bad key' });
    assert.deepEqual(parseQoveryError(undefined, 'Key must not be empty\n'), { message: 'Key must not be empty' });
    assert.deepEqual(parseQoveryError(undefined, '<html><body>502</body></html>'), {});
    const client = new QoveryClient({ token: 't', baseUrl: 'https://q.test', fetch: scriptedFetch([{ status: 400, text: 'Secret value must not contain "hunter2-secret" twice' }]) });
    const e = await rejectsApi(client.projectSecrets.create(IDS.project, { key: 'K', value: 'hunter2-secret' }));
    assert.equal(e.platformMessage, 'Secret value must not contain "********" twice');
  });
});

async function rejectsApi(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof ApiError, `expected an ApiError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected an ApiError');
}

