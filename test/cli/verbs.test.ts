import * as assert from 'node:assert/strict';
import { NorthflankClient } from '../../api/northflank';
import { DEMO_NORTHFLANK_TOKEN, DEMO_QOVERY_IDS as IDS, startStandins, type Standins } from '../../standins';
import { secretdefIn, standinsEnv } from '../helpers/cliRun';

describe('secretdef list, link, alias, override', () => {
  let standins: Standins;
  let env: Record<string, string>;
  beforeEach(async () => {
    standins = await startStandins();
    env = standinsEnv(standins);
  });
  afterEach(() => standins.close());

  describe('list', () => {
    it('lists Northflank secret groups (all pages) as a table or JSON', async () => {
      const client = new NorthflankClient({ token: DEMO_NORTHFLANK_TOKEN, baseUrl: standins.urls.northflank });
      for (let i = 0; i < 120; i++) await client.secrets.put({ projectId: 'default-project' }, { name: `group ${i}`, secretType: 'arguments', priority: 1 });
      const r = await secretdefIn(['list', '--provider', 'northflank', '--project', 'default-project'], { env });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^ID +NAME +TYPE +SECRET TYPE +PRIORITY +RESTRICTED TO$/m);
      assert.match(r.stdout, /^api-secrets +api-secrets +secret +environment +10 +service api$/m);
      assert.match(r.stdout, /^group-119 +group 119 +secret +arguments +1 +-$/m);
      assert.match(r.stdout, /121 secret groups in Northflank project "default-project"\./);
      assert.equal(standins.northflank.requestsTo('GET', '/v1/projects/default-project/secrets').length, 2, 'two pages of 100');
      const json = await secretdefIn(['list', '--provider', 'northflank', '--project', 'default-project', '--format', 'json'], { env });
      assert.equal((JSON.parse(json.stdout) as { id: string }[]).length, 121);
      assert.ok(!json.stdout.includes('production'), 'a list has no values');
    });

    it('lists the secrets a Qovery project sees, with scopes, targets and ids, never values', async () => {
      const r = await secretdefIn(['list', '--provider', 'qovery', '--project', IDS.project], { env });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^STRIPE_KEY +PROJECT +ALIAS +STRIPE_API_KEY \(PROJECT\) +55555555-5555-4555-8555-555555555555$/m);
      assert.match(r.stdout, /^QOVERY_DATABASE_PSQL_NAME +BUILT_IN +BUILT_IN +11111111/m);
      assert.match(r.stdout, /4 secrets in Qovery project .+ \(values are never returned by Qovery\)\./);
      assert.ok(!r.stdout.includes('sk_test_placeholder'));
    });

    it('usage errors (exit 2) and API errors (exit 1)', async () => {
      for (const args of [['list'], ['list', '--provider', 'aws', '--project', 'p'], ['list', '--provider', 'qovery', '--project', 'p'], ['list', '--provider', 'northflank']]) {
        assert.equal((await secretdefIn(args, { env })).code, 2, args.join(' '));
      }
      const missing = await secretdefIn(['list', '--provider', 'northflank', '--project', 'nope'], { env });
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /Northflank answered 404 Not Found to GET \/v1\/projects\/nope\/secrets: Project "nope" not found\./);
      assert.match(missing.stderr, /What to do: Check the ids/);
    });

    it('retries a 5xx on a list page', async () => {
      standins.northflank.faults.inject({ method: 'GET' }, { type: 'status', status: 500 });
      const r = await secretdefIn(['list', '--provider', 'northflank', '--project', 'default-project'], { env });
      assert.equal(r.code, 0);
      assert.deepEqual(r.clock.sleeps, [375]);
    });
  });

  describe('link', () => {
    const base = ['link', '--project', 'default-project', '--secret', 'api-secrets', '--addon', 'postgres'];

    it('without --key shows the link and the keys the addon offers (availableKeys)', async () => {
      const r = await secretdefIn(base, { env });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Addon "postgres" \(postgresql\) is linked to secret group "api-secrets"\./);
      assert.match(r.stdout, /linked: POSTGRES_URI as NF_POSTGRES_POSTGRES_URI, DATABASE_URL/);
      assert.match(r.stdout, /available keys: HOST, PORT, DATABASE, USERNAME, PASSWORD, POSTGRES_URI/);
    });

    it('--key sets the linked keys with aliases (POST) after a plan; a key the addon lacks is blocked', async () => {
      const r = await secretdefIn([...base, '--key', 'HOST', '--key', 'PASSWORD:PGPASSWORD,DB_PASSWORD', '--yes'], { env });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /\+ key PASSWORD +create: aliases DB_PASSWORD, PGPASSWORD/);
      assert.match(r.stdout, /- key POSTGRES_URI +remove/);
      assert.deepEqual(standins.northflank.group('default-project', 'api-secrets')?.addonDependencies, [{ addonId: 'postgres', keys: [{ keyName: 'HOST' }, { keyName: 'PASSWORD', aliases: ['PGPASSWORD', 'DB_PASSWORD'] }] }]);
      const blocked = await secretdefIn([...base, '--key', 'NOPE', '--yes'], { env });
      assert.equal(blocked.code, 1);
      assert.match(blocked.stdout, /x key NOPE +blocked: the addon has no such key/);
      const bad = await secretdefIn([...base, '--key', 'HOST:not valid!'], { env });
      assert.equal(bad.code, 2);
    });

    it('--unlink removes the link after confirmation; asks on a terminal', async () => {
      const no = await secretdefIn([...base, '--unlink'], { env, tty: true, answers: ['no'] });
      assert.equal(no.code, 1);
      assert.deepEqual(no.prompts, ['Remove this link? [y/N] ']);
      const r = await secretdefIn([...base, '--unlink', '--yes'], { env });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(standins.northflank.group('default-project', 'api-secrets')?.addonDependencies?.length, 0);
      const again = await secretdefIn([...base, '--unlink', '--yes'], { env });
      assert.match(again.stdout, /is not linked .*: nothing to do/);
    });

    it('a lost answer to the link POST is reported, not retried', async () => {
      standins.northflank.faults.inject({ method: 'POST' }, { type: 'reset' });
      const r = await secretdefIn([...base, '--key', 'HOST', '--yes'], { env });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /Northflank could not be reached for POST .* \(ECONNRESET\)\./);
      assert.match(r.stderr, /it may have been applied/);
      assert.equal(standins.northflank.requestsTo('POST', /addons\/postgres$/).length, 1);
    });
  });

  describe('alias', () => {
    const base = ['alias', '--provider', 'qovery', '--project', IDS.project];

    it('creates an alias of a BUILT_IN secret; a second run finds it and does nothing', async () => {
      const r = await secretdefIn([...base, '--secret', IDS.builtInDatabaseName, '--key', 'DB_NAME', '--yes'], { env });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /\+ alias DB_NAME → QOVERY_DATABASE_PSQL_NAME \(BUILT_IN\) +create/);
      assert.equal(standins.qovery.secretByKey(IDS.project, 'DB_NAME')?.aliasedKey, 'QOVERY_DATABASE_PSQL_NAME');
      const again = await secretdefIn([...base, '--secret', IDS.builtInDatabaseName, '--key', 'DB_NAME', '--yes'], { env });
      assert.equal(again.code, 0);
      assert.match(again.stdout, /already exists .*: nothing to do/);
      assert.equal(standins.qovery.requestsTo('POST', /\/alias$/).length, 1);
    });

    it('refuses an alias of an alias before sending anything (Qovery’s rule)', async () => {
      const r = await secretdefIn([...base, '--secret', IDS.projectAlias, '--key', 'X', '--yes'], { env });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /"STRIPE_KEY" is itself an alias, and Qovery allows no alias of an alias: alias the secret it points to instead\. Nothing was sent\./);
      assert.equal(standins.qovery.requestsTo('POST', /\/alias$/).length, 0);
    });

    it('an alias of a lower-scope secret: Qovery’s 400 reaches the user verbatim', async () => {
      const r = await secretdefIn([...base, '--secret', IDS.environmentSecret, '--key', 'X', '--yes'], { env });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /is not among project .+'s secrets .*Qovery will check the scope rules/);
      assert.match(r.stderr, /Qovery answered 400 Bad Request to POST .+\/alias: Can't create an alias on a higher scope\. Aliases can only be created from one scope to a lower scope\. Scope hierarchy is BUILT_IN > PROJECT > ENVIRONMENT > APPLICATION\./);
    });

    it('usage: --provider northflank points at link; ids must be UUIDs; --key is required', async () => {
      const nf = await secretdefIn(['alias', '--provider', 'northflank', '--project', 'p', '--secret', 's', '--key', 'K'], { env });
      assert.equal(nf.code, 2);
      assert.match(nf.stderr, /secretdef link --key KEY:ALIAS/);
      assert.equal((await secretdefIn([...base, '--secret', 'x', '--key', 'K'], { env })).code, 2);
      assert.equal((await secretdefIn([...base, '--secret', IDS.builtInSome], { env })).code, 2);
      assert.equal((await secretdefIn([...base, '--secret', IDS.builtInSome, '--key', 'K'], { env })).code, 2, 'no terminal and no --yes');
      assert.equal(standins.qovery.requests.filter((x) => x.method === 'POST').length, 0);
    });
  });

  describe('override', () => {
    const base = ['override', '--provider', 'qovery', '--project', IDS.project];

    it('creates an override of a BUILT_IN secret with the value from stdin, then writes it again (PUT) on a rerun', async () => {
      const r = await secretdefIn([...base, '--secret', IDS.builtInDatabaseName, '--value-stdin', '--yes'], { env, stdin: 'over-VALUE-1\n' });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /\+ override QOVERY_DATABASE_PSQL_NAME \(of a BUILT_IN secret\) +create/);
      assert.equal(standins.qovery.secretByKey(IDS.project, 'QOVERY_DATABASE_PSQL_NAME')?.value, 'over-VALUE-1', 'one trailing newline dropped');
      const again = await secretdefIn([...base, '--secret', IDS.builtInDatabaseName, '--value-stdin', '--yes'], { env, stdin: 'over-VALUE-2' });
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /\? override QOVERY_DATABASE_PSQL_NAME +write: cannot compare/);
      assert.equal(standins.qovery.secretByKey(IDS.project, 'QOVERY_DATABASE_PSQL_NAME')?.value, 'over-VALUE-2');
      for (const text of [r.stdout, r.stderr, again.stdout, again.stderr]) assert.ok(!/over-VALUE/.test(text));
    });

    it('refuses an override of a PROJECT secret (same scope) before sending anything', async () => {
      const r = await secretdefIn([...base, '--secret', IDS.projectStripe, '--value-stdin', '--yes'], { env, stdin: 'v' });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /"STRIPE_API_KEY" has the scope PROJECT: Qovery creates overrides only from a higher scope to a lower one .* change its value instead\. Nothing was sent\./);
    });

    it('the value never comes from a flag; --value-stdin is required; one stdin', async () => {
      const flag = await secretdefIn([...base, '--secret', IDS.builtInSome, '--value=hunter2-VALUE'], { env });
      assert.equal(flag.code, 2);
      assert.ok(!flag.stderr.includes('hunter2-VALUE'));
      assert.equal((await secretdefIn([...base, '--secret', IDS.builtInSome], { env })).code, 2);
      assert.equal((await secretdefIn([...base, '--secret', IDS.builtInSome, '--value-stdin', '--token-stdin'], { env })).code, 2);
      assert.equal((await secretdefIn(['override', '--provider', 'northflank', '--project', 'p', '--secret', 's', '--value-stdin'], { env })).code, 2);
    });

    it('a 5xx on the override POST is not retried and is reported with what to do', async () => {
      standins.qovery.faults.inject({ method: 'POST' }, { type: 'status', status: 500 });
      const r = await secretdefIn([...base, '--secret', IDS.builtInSome, '--value-stdin', '--yes'], { env, stdin: 'v' });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /override of secret 22222222-2222-4222-8222-222222222222: Qovery answered 500 Internal Server Error/);
      assert.match(r.stderr, /may or may not have been applied/);
      assert.equal(standins.qovery.requestsTo('POST', /\/override$/).length, 1);
    });
  });
});
