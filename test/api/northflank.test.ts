import * as assert from 'node:assert/strict';
import { ApiError } from '../../api/errors';
import { NorthflankClient, type SecretGroupBody } from '../../api/northflank';
import type { FetchLike } from '../../api/transport';
import { NorthflankStandin, type NorthflankFixture } from '../../standins/northflank';
import { NEWER_THAN_CLI_SCHEMAS, NORTHFLANK_CLI_SCHEMAS, northflankCliValidators, withoutNewerFields } from '../helpers/contracts';
import { FakeClock, requestLog, scriptedFetch } from '../helpers/fakes';

const TOKEN = 'nf-test-token';
const SCOPE = { projectId: 'p' };

function fixture(): NorthflankFixture {
  return {
    tokens: [TOKEN],
    projects: [
      {
        id: 'p',
        services: [{ id: 'api' }, { id: 'web', serviceType: 'deployment' }],
        jobs: [{ id: 'migrate', jobType: 'cron' }],
        addons: [{ id: 'postgres', type: 'postgresql', availableKeys: ['HOST', 'USERNAME', 'PASSWORD', 'POSTGRES_URI'] }],
        secretGroups: [{ name: 'existing group', secretType: 'environment', priority: 5, secrets: { variables: { A: 'a-value' } } }],
      },
      { id: 'tp', teamId: 'acme', addons: [], secretGroups: [{ name: 'team-secrets', secretType: 'arguments', priority: 1 }] },
    ],
  };
}

const BODY: SecretGroupBody = {
  name: 'Example Secret',
  description: 'A description',
  type: 'secret',
  secretType: 'environment',
  priority: 10,
  restrictions: { restricted: true, nfObjects: [{ id: 'api', type: 'service' }], tagMatchCondition: 'or' },
  addonDependencies: [{ addonId: 'postgres', keys: [{ keyName: 'USERNAME', aliases: ['MONGO_USERNAME'] }] }],
  secrets: { variables: { NODE_ENV: 'production' }, files: { '/dir/fileName': { data: 'VGhpcw==', encoding: 'utf-8' } } },
};

describe('Northflank client against the stand-in', () => {
  let standin: NorthflankStandin;
  let client: NorthflankClient;
  let clock: FakeClock;
  const cli = northflankCliValidators();
  /** Accepted request bodies that break Northflank's CLI schemas (after the accounted-for newer fields are taken out). */
  let contractViolations: string[];

  beforeEach(async () => {
    standin = new NorthflankStandin(fixture());
    const baseUrl = await standin.start();
    clock = new FakeClock();
    contractViolations = [];
    // Every body the client sends is also checked against Northflank's CLI schemas. A body they reject must be
    // one the stand-in rejects too (a test sending a bad body on purpose); an accepted body must pass them.
    const checking: FetchLike = async (url, init) => {
      const method = init.method ?? 'GET';
      let violation: string | undefined;
      if (cli && typeof init.body === 'string') {
        const path = new URL(url).pathname;
        const body: unknown = JSON.parse(init.body);
        if (/\/secrets$/.test(path)) {
          const { body: older, stripped } = withoutNewerFields(body);
          for (const f of stripped) assert.ok((NEWER_THAN_CLI_SCHEMAS as readonly string[]).includes(f));
          if (!cli.secret(older)) violation = `${method} ${path}: ${JSON.stringify(cli.secret.errors)}`;
        } else if (/\/addons\/[^/]+$/.test(path)) {
          if (!cli.secretLink(body)) violation = `${method} ${path}: ${JSON.stringify(cli.secretLink.errors)}`;
        }
      }
      const response = await fetch(url, init);
      if (violation && response.status < 300) contractViolations.push(`${violation} (accepted with ${response.status})`);
      return response;
    };
    client = new NorthflankClient({ token: TOKEN, baseUrl, sleep: clock.sleep, now: clock.now, random: () => 0.5, timeoutMs: 5000, fetch: checking });
  });

  afterEach(async () => {
    await standin.close();
    assert.deepEqual(contractViolations, [], 'request bodies must follow the Northflank CLI schemas');
  });

  it('puts a secret group (create, then update under the same derived id), sending exactly the body with a Bearer token', async () => {
    const created = await client.secrets.put(SCOPE, BODY);
    assert.equal(created.id, 'example-secret');
    const [put] = standin.requestsTo('PUT', '/v1/projects/p/secrets');
    assert.deepEqual(put.body, BODY);
    assert.equal(put.authScheme, 'Bearer');
    assert.equal(put.contentType, 'application/json');
    const updated = await client.secrets.put(SCOPE, { ...BODY, priority: 20 });
    assert.equal(updated.priority, 20);
    assert.equal((await client.secrets.list(SCOPE)).length, 2);
  });

  it('the stand-in validates bodies: a $schema property or a bad priority is a 400 with the platform message', async () => {
    const e = await rejectsApi(client.secrets.put(SCOPE, { ...BODY, $schema: 'x' } as SecretGroupBody));
    assert.equal(e.status, 400);
    assert.match(e.message, /Northflank answered 400 Bad Request to PUT \/v1\/projects\/p\/secrets: Invalid request body: body has an unknown property "\$schema"/);
    const bad = await rejectsApi(client.secrets.put(SCOPE, { ...BODY, priority: 101 }));
    assert.match(bad.platformMessage ?? '', /body\.priority must be <= 100/);
    assert.match(bad.hint, /Correct the request/);
  });

  it('creates with POST; a 409 says the derived id exists and points at put', async () => {
    await client.secrets.create(SCOPE, { ...BODY, name: 'New Group' });
    const e = await rejectsApi(client.secrets.create(SCOPE, { ...BODY, name: 'Existing Group' }));
    assert.equal(e.status, 409);
    assert.match(e.message, /There is already a secret with the same derived identifier/);
    assert.match(e.hint, /id derives from the name "Existing Group" already exists in project "p": update it with put/);
    assert.equal(standin.requestsTo('POST', '/v1/projects/p/secrets').length, 2, 'a POST is never retried');
  });

  it('create enforces the create endpoint’s stricter name rule (a name starting with a digit)', async () => {
    const e = await rejectsApi(client.secrets.create(SCOPE, { ...BODY, name: '1st group' }));
    assert.equal(e.status, 400);
    await client.secrets.put(SCOPE, { ...BODY, name: '1st group' });
  });

  it('gets a group with its own contents (show=this); find answers undefined for an unknown id; get throws 404', async () => {
    const group = await client.secrets.get(SCOPE, 'existing-group');
    assert.deepEqual(group.secrets, { variables: { A: 'a-value' } });
    assert.equal(standin.requestsTo('GET', '/v1/projects/p/secrets/existing-group')[0].query.show, 'this');
    assert.equal(await client.secrets.find(SCOPE, 'nope'), undefined);
    const e = await rejectsApi(client.secrets.get(SCOPE, 'nope'));
    assert.equal(e.status, 404);
    assert.match(e.hint, /Check the ids/);
  });

  it('deletes a group', async () => {
    await client.secrets.delete(SCOPE, 'existing-group');
    assert.equal(await client.secrets.find(SCOPE, 'existing-group'), undefined);
  });

  it('lists every page: follows pagination.cursor while hasNextPage, 100 per page', async () => {
    for (let i = 0; i < 229; i++) await client.secrets.put(SCOPE, { name: `group ${String(i).padStart(3, '0')}`, secretType: 'environment', priority: 1 });
    const all = await client.secrets.list(SCOPE);
    assert.equal(all.length, 230);
    assert.equal(new Set(all.map((g) => g.id)).size, 230);
    const gets = standin.requestsTo('GET', '/v1/projects/p/secrets');
    assert.equal(gets.length, 3);
    assert.deepEqual(gets.map((r) => r.query.per_page), ['100', '100', '100']);
    assert.equal(gets[0].query.cursor, undefined);
    assert.ok(gets[1].query.cursor && gets[2].query.cursor);
  });

  it('refuses a page that says hasNextPage without a cursor, or repeats a cursor', async () => {
    const page = (pagination: unknown) => ({ status: 200, body: { data: { secrets: [] }, pagination } });
    for (const replies of [[page({ hasNextPage: true, count: 0 })], [page({ hasNextPage: true, cursor: 'a', count: 0 }), page({ hasNextPage: true, cursor: 'a', count: 0 })]]) {
      const c = new NorthflankClient({ token: TOKEN, baseUrl: 'https://x.test', fetch: scriptedFetch(replies) });
      const e = await rejectsApi(c.secrets.list(SCOPE));
      assert.equal(e.kind, 'bad-response');
    }
  });

  it('gets, updates and deletes an addon link (the GET answers availableKeys)', async () => {
    await client.secrets.put(SCOPE, BODY);
    const link = await client.addonLinks.get(SCOPE, 'example-secret', 'postgres');
    assert.equal(link.linked, true);
    assert.deepEqual(link.availableKeys, ['HOST', 'USERNAME', 'PASSWORD', 'POSTGRES_URI']);
    assert.deepEqual(link.linkedKeys, [{ keyName: 'USERNAME', aliases: ['MONGO_USERNAME'], defaultKey: 'NF_POSTGRES_USERNAME' }]);
    const saved = await client.addonLinks.update(SCOPE, 'example-secret', 'postgres', { keys: [{ keyName: 'POSTGRES_URI', aliases: ['DATABASE_URL'] }] });
    assert.deepEqual(saved.keys, [{ keyName: 'POSTGRES_URI', aliases: ['DATABASE_URL'], defaultKey: 'NF_POSTGRES_POSTGRES_URI' }]);
    const bad = await rejectsApi(client.addonLinks.update(SCOPE, 'example-secret', 'postgres', { keys: [{ keyName: 'NOPE' }] }));
    assert.match(bad.message, /Addon "postgres" has no key "NOPE"/);
    await client.addonLinks.delete(SCOPE, 'example-secret', 'postgres');
    assert.equal((await client.addonLinks.get(SCOPE, 'example-secret', 'postgres')).linked, false);
  });

  it('lists services, jobs, addons and projects', async () => {
    assert.deepEqual((await client.services.list(SCOPE)).map((s) => [s.id, s.serviceType]), [['api', 'combined'], ['web', 'deployment']]);
    assert.deepEqual((await client.jobs.list(SCOPE)).map((j) => [j.id, j.jobType]), [['migrate', 'cron']]);
    assert.deepEqual((await client.addons.list(SCOPE)).map((a) => [a.id, a.type]), [['postgres', 'postgresql']]);
    assert.deepEqual((await client.projects.list()).map((p) => p.id), ['p', 'tp']);
    assert.deepEqual((await client.projects.list({ teamId: 'acme' })).map((p) => p.id), ['tp']);
  });

  it('uses the team-scoped routes when a team is given', async () => {
    const team = { projectId: 'tp', teamId: 'acme' };
    assert.deepEqual((await client.secrets.list(team)).map((g) => g.id), ['team-secrets']);
    await client.secrets.put(team, { name: 'more', secretType: 'environment', priority: 2 });
    assert.equal(standin.requestsTo('PUT', '/v1/teams/acme/projects/tp/secrets').length, 1);
    const wrongTeam = await rejectsApi(client.secrets.list({ projectId: 'tp', teamId: 'other' }));
    assert.equal(wrongTeam.status, 404);
  });

  it('retries a 429 on a GET after Retry-After, and a 503 on a PUT, with backoff', async () => {
    standin.faults.inject({ method: 'GET', path: '/v1/projects/p/services' }, { type: 'status', status: 429, retryAfter: '2' });
    assert.equal((await client.services.list(SCOPE)).length, 2);
    standin.faults.inject({ method: 'PUT' }, { type: 'status', status: 503 }, { times: 2 });
    await client.secrets.put(SCOPE, BODY);
    assert.deepEqual(clock.sleeps, [2000, 375, 750]);
    assert.equal(standin.requestsTo('PUT', '/v1/projects/p/secrets').length, 3);
  });

  it('reports a malformed answer, a reset POST and a hung request clearly', async () => {
    standin.faults.inject({ path: '/v1/projects/p/secrets/existing-group' }, { type: 'malformed-json' });
    assert.equal((await rejectsApi(client.secrets.get(SCOPE, 'existing-group'))).kind, 'bad-response');
    await client.secrets.put(SCOPE, BODY);
    standin.faults.inject({ method: 'POST' }, { type: 'reset' }, { after: true });
    const reset = await rejectsApi(client.addonLinks.update(SCOPE, 'example-secret', 'postgres', { keys: [{ keyName: 'HOST' }] }));
    assert.equal(reset.mayHaveBeenApplied, true);
    assert.deepEqual(standin.group('p', 'example-secret')?.addonDependencies?.[0].keys, [{ keyName: 'HOST' }], 'applied before the connection was reset');
    standin.faults.inject({ method: 'GET' }, { type: 'hang' }, { times: 4 });
    const impatient = new NorthflankClient({ token: TOKEN, baseUrl: standin.server.baseUrl, sleep: clock.sleep, timeoutMs: 100 });
    const hung = await rejectsApi(impatient.jobs.list(SCOPE));
    assert.equal(hung.kind, 'timeout');
    assert.equal(hung.attempts, 4);
  });

  it('a wrong token is a 401 that names NORTHFLANK_API_TOKEN, and never shows the token', async () => {
    const wrong = new NorthflankClient({ token: 'wrong-token-RECOGNISABLE', baseUrl: standin.server.baseUrl });
    const e = await rejectsApi(wrong.projects.list());
    assert.equal(e.status, 401);
    assert.match(e.hint, /NORTHFLANK_API_TOKEN/);
    assert.ok(!e.fullMessage.includes('wrong-token-RECOGNISABLE'));
  });

  it('logs requests through the hook without tokens or values', async () => {
    const log = requestLog();
    const logged = new NorthflankClient({ token: TOKEN, baseUrl: standin.server.baseUrl, onRequest: log.onRequest });
    await logged.secrets.put(SCOPE, BODY);
    assert.deepEqual(log.entries.map((e) => `${e.method} ${e.path} ${e.status}`), ['PUT /v1/projects/p/secrets 200']);
    const text = JSON.stringify(log.entries);
    assert.ok(!text.includes(TOKEN) && !text.includes('production'));
  });
});

describe('Northflank CLI schemas (an older API)', function () {
  const cli = northflankCliValidators();
  before(function () {
    if (!cli) {
      console.log(`      (skipped, and request bodies of the client tests are not checked against them: Northflank's CLI schemas are not in ${NORTHFLANK_CLI_SCHEMAS}; set SECRETDEF_NORTHFLANK_CLI_SCHEMAS)`);
      this.skip();
    }
  });

  it('lack stageId, externalAddonDependencies and dockerSecretMounts: a body with them fails until exactly those are taken out', () => {
    if (!cli) return;
    const body = {
      ...BODY,
      stageId: 'stage-1',
      externalAddonDependencies: [{ addonId: 'ext', keys: [{ keyName: 'USERNAME' }] }],
      secrets: { ...BODY.secrets, dockerSecretMounts: { 'mount-1': { data: 'eA==', encoding: 'utf-8' } } },
    };
    assert.equal(cli.secret(body), false);
    const { body: older, stripped } = withoutNewerFields(body);
    assert.deepEqual(stripped, ['stageId', 'externalAddonDependencies', 'secrets.dockerSecretMounts']);
    assert.equal(cli.secret(older), true, JSON.stringify(cli.secret.errors));
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
