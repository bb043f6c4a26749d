import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEMO_NORTHFLANK_TOKEN, startStandins, type Standins } from '../../standins';
import { secretdefIn } from '../helpers/cliRun';

const GROUP = `# yaml-language-server: $schema=../schemas/northflank-secret.schema.json
$schema: https://secretdef.dev/schemas/northflank-secret.schema.json
name: web-secrets
secretType: environment
priority: 10
restrictions:
  restricted: true
  nfObjects:
    - id: web
      type: service
addonDependencies:
  - addonId: postgres
    keys:
      - keyName: POSTGRES_URI
        aliases: [DATABASE_URL]
secrets:
  variables:
    NODE_ENV: production
    SESSION_SECRET: s3ss10n-VALUE
  files:
    /etc/app/config.json:
      data: eyJkZWJ1ZyI6IGZhbHNlfQ==
      encoding: utf-8
`;

const EXPECTED_BODY = {
  name: 'web-secrets',
  secretType: 'environment',
  priority: 10,
  restrictions: { restricted: true, nfObjects: [{ id: 'web', type: 'service' }] },
  addonDependencies: [{ addonId: 'postgres', keys: [{ keyName: 'POSTGRES_URI', aliases: ['DATABASE_URL'] }] }],
  secrets: { variables: { NODE_ENV: 'production', SESSION_SECRET: 's3ss10n-VALUE' }, files: { '/etc/app/config.json': { data: 'eyJkZWJ1ZyI6IGZhbHNlfQ==', encoding: 'utf-8' } } },
};

describe('secretdef push / diff: Northflank secret groups', () => {
  let standins: Standins;
  let dir: string;
  let file: string;
  let env: Record<string, string>;
  const PUT = '/v1/projects/default-project/secrets';

  beforeEach(async () => {
    standins = await startStandins();
    dir = mkdtempSync(path.join(tmpdir(), 'secretdef-push-'));
    file = path.join(dir, 'web.northflank-secret.yaml');
    writeFileSync(file, GROUP);
    env = { NORTHFLANK_API_TOKEN: DEMO_NORTHFLANK_TOKEN, NORTHFLANK_API_URL: standins.urls.northflank };
  });
  afterEach(() => standins.close());

  const push = (...extra: string[]) => secretdefIn(['push', file, '--project', 'default-project', ...extra], { env });

  it('validates, shows the masked plan and PUTs exactly the file minus $schema (--yes)', async () => {
    const r = await push('--yes');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /web\.northflank-secret\.yaml: Northflank secret group "web-secrets" \(id web-secrets\) in project "default-project"/);
    assert.match(r.stdout, /\+ variable SESSION_SECRET +create/);
    assert.match(r.stdout, /applied: PUT secret group "web-secrets" \(id web-secrets\)/);
    assert.ok(!r.stdout.includes('s3ss10n-VALUE') && !r.stderr.includes('s3ss10n-VALUE'));
    const puts = standins.northflank.requestsTo('PUT', PUT);
    assert.equal(puts.length, 1);
    assert.deepEqual(puts[0].body, EXPECTED_BODY);
    assert.equal(JSON.stringify(puts[0].body), JSON.stringify(EXPECTED_BODY), 'the keys keep the file’s order');
  });

  it('diff: exit 1 while they differ, 0 once pushed; values never printed', async () => {
    const before = await secretdefIn(['diff', file, '--project', 'default-project'], { env });
    assert.equal(before.code, 1);
    assert.match(before.stdout, /1 of 1 file differs from the platform\./);
    assert.equal((await push('--yes')).code, 0);
    const after = await secretdefIn(['diff', file, '--project', 'default-project'], { env });
    assert.equal(after.code, 0, after.stdout);
    assert.match(after.stdout, /Up to date \(\d+ unchanged\)\.\nNo differences in 1 file\./);
    writeFileSync(file, GROUP.replace('s3ss10n-VALUE', 'n3w-VALUE').replace('NODE_ENV: production\n', ''));
    const changed = await secretdefIn(['diff', file, '--project', 'default-project'], { env });
    assert.equal(changed.code, 1);
    assert.match(changed.stdout, /~ variable SESSION_SECRET +change: value differs/);
    assert.match(changed.stdout, /- variable NODE_ENV +remove: not in the file: PUT replaces the group/);
    for (const text of [before.stdout, after.stdout, changed.stdout, changed.stderr]) assert.ok(!/s3ss10n-VALUE|n3w-VALUE|production/.test(text));
  });

  it('compares the addon links of an existing group and sends nothing when up to date', async () => {
    await push('--yes');
    const again = await push('--yes');
    assert.equal(again.code, 0);
    assert.match(again.stdout, /Nothing to push/);
    assert.equal(standins.northflank.requestsTo('PUT', PUT).length, 1);
    assert.equal(standins.northflank.requestsTo('GET', '/v1/projects/default-project/secrets/web-secrets/addons/postgres').length, 1, 'links are read once the group exists');
  });

  it('refuses a file with errors: prints the diagnostics and sends nothing', async () => {
    writeFileSync(file, GROUP.replace('priority: 10', 'priority: 101'));
    const r = await push('--yes');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /web\.northflank-secret\.yaml:5:11 error "priority" must be from 0 to 100; 101 is out of range\. \[number-out-of-range\]/);
    assert.match(r.stderr, /1 file with errors: nothing was sent/);
    assert.equal(standins.northflank.requests.length, 0);
  });

  it('asks for confirmation on a terminal; "n" sends nothing, "y" applies', async () => {
    const no = await secretdefIn(['push', file, '--project', 'default-project'], { env, tty: true, answers: ['n'] });
    assert.equal(no.code, 1);
    assert.deepEqual(no.prompts, ['Push 1 file to Northflank? [y/N] ']);
    assert.match(no.stderr, /not confirmed: nothing was sent/);
    assert.equal(standins.northflank.requestsTo('PUT', PUT).length, 0);
    const yes = await secretdefIn(['push', file, '--project', 'default-project'], { env, tty: true, answers: ['y'] });
    assert.equal(yes.code, 0);
    assert.equal(standins.northflank.requestsTo('PUT', PUT).length, 1);
  });

  it('refuses to ask when stdin is not a terminal (exit 2), and --dry-run sends nothing', async () => {
    const r = await push();
    assert.equal(r.code, 2);
    assert.match(r.stderr, /stdin is not a terminal, so no confirmation can be asked, and nothing was changed\. .* run again with --yes/);
    const dry = await push('--dry-run');
    assert.equal(dry.code, 0);
    assert.match(dry.stdout, /Dry run: nothing was sent/);
    assert.equal(standins.northflank.requestsTo('PUT', PUT).length, 0);
  });

  it('takes the token from NORTHFLANK_API_TOKEN or --token-stdin, never a flag; says what to do without one', async () => {
    const none = await secretdefIn(['push', file, '--project', 'default-project', '--yes'], { env: { NORTHFLANK_API_URL: env.NORTHFLANK_API_URL } });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /NORTHFLANK_API_TOKEN is not set: export the Northflank API token in it, or pass it on stdin with --token-stdin\. Nothing was sent\./);
    const viaStdin = await secretdefIn(['push', file, '--project', 'default-project', '--yes', '--token-stdin'], { env: { NORTHFLANK_API_URL: env.NORTHFLANK_API_URL }, stdin: `${DEMO_NORTHFLANK_TOKEN}\n` });
    assert.equal(viaStdin.code, 0, viaStdin.stderr);
    const flag = await secretdefIn(['push', file, '--project', 'default-project', '--token=abc'], { env });
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /Tokens are never taken from a flag/);
    assert.ok(!flag.stderr.includes('abc'));
  });

  it('uses the team-scoped routes with --team and --api-url', async () => {
    writeFileSync(file, 'name: team-group\nsecretType: environment\npriority: 1\n');
    const r = await secretdefIn(['push', file, '--project', 'team-project', '--team', 'acme', '--yes', '--api-url', standins.urls.northflank], { env: { NORTHFLANK_API_TOKEN: DEMO_NORTHFLANK_TOKEN } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(standins.northflank.requestsTo('PUT', '/v1/teams/acme/projects/team-project/secrets').length, 1);
  });

  it('usage errors exit 2: no --project, link options without a link file, a bad --api-url', async () => {
    for (const args of [['push', file, '--yes'], ['push', file, '--project', 'p', '--secret', 's'], ['diff'], ['push', file, '--project', 'p', '--api-url', 'ftp://x']]) {
      const r = await secretdefIn(args, { env });
      assert.equal(r.code, 2, args.join(' '));
    }
    assert.equal(standins.northflank.requests.length, 0);
  });

  describe('faults', () => {
    it('429 with Retry-After on a GET: waits as told, then goes on', async () => {
      standins.northflank.faults.inject({ method: 'GET', path: '/v1/projects/default-project/secrets/web-secrets' }, { type: 'status', status: 429, retryAfter: '4' });
      const r = await push('--yes');
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(r.clock.sleeps, [4000]);
    });

    it('5xx on the PUT: retried (PUT is idempotent) and applied once', async () => {
      standins.northflank.faults.inject({ method: 'PUT' }, { type: 'status', status: 502 }, { times: 2 });
      const r = await push('--yes', '--verbose');
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(r.clock.sleeps, [375, 750]);
      assert.match(r.stderr, /Northflank PUT \/v1\/projects\/default-project\/secrets → 502 in \d+ ms, retrying in 375 ms/);
      assert.ok(standins.northflank.group('default-project', 'web-secrets'));
    });

    it('a persistent 5xx: exit 1, names the file, the status and message and the next step; the local file is untouched', async () => {
      standins.northflank.faults.inject({ method: 'PUT' }, { type: 'status', status: 503, message: 'Maintenance in progress' }, { times: 4 });
      const before = { text: readFileSync(file, 'utf8'), mtime: statSync(file).mtimeMs };
      const r = await push('--yes');
      assert.equal(r.code, 1);
      assert.match(r.stderr, /web\.northflank-secret\.yaml: Northflank answered 503 Service Unavailable to PUT \/v1\/projects\/default-project\/secrets after 4 attempts: Maintenance in progress\./);
      assert.match(r.stderr, /What to do: Northflank failed on its side; try again later\./);
      assert.match(r.stderr, /no local file was changed/);
      assert.deepEqual({ text: readFileSync(file, 'utf8'), mtime: statSync(file).mtimeMs }, before);
    });

    it('a hung PUT times out, is retried, and fails clearly', async () => {
      standins.northflank.faults.inject({ method: 'PUT' }, { type: 'hang' }, { times: 4 });
      const r = await secretdefIn(['push', file, '--project', 'default-project', '--yes'], { env, api: { timeoutMs: 100 } });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /Northflank did not answer PUT \/v1\/projects\/default-project\/secrets in time after 4 attempts \(100 ms per request, body included\)\./);
      // Each attempt may have reached Northflank before it hung: the PUT may have been applied.
      assert.match(r.stderr, /What to do: Its answer was lost, so the PUT may have been applied: a rerun, or `secretdef diff`, will tell\./);
    });

    it('a reset connection on the PUT is retried', async () => {
      standins.northflank.faults.inject({ method: 'PUT' }, { type: 'reset' });
      const r = await push('--yes');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(standins.northflank.requestsTo('PUT', PUT).length, 2);
    });

    it('a malformed answer to the PUT: exit 1, says it was probably applied', async () => {
      standins.northflank.faults.inject({ method: 'PUT' }, { type: 'malformed-json' });
      const r = await push('--yes');
      assert.equal(r.code, 1);
      assert.match(r.stderr, /cannot be read \(the body is not valid JSON\)/);
      assert.match(r.stderr, /probably been applied/);
    });

    it('a wrong token: exit 1 with the 401 and what to do; nothing changed', async () => {
      const r = await secretdefIn(['push', file, '--project', 'default-project', '--yes'], { env: { ...env, NORTHFLANK_API_TOKEN: 'wrong' } });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /Northflank answered 401 Unauthorized to GET \/v1\/projects\/default-project\/secrets\/web-secrets/);
      assert.match(r.stderr, /What to do: Check that NORTHFLANK_API_TOKEN holds a valid Northflank API token/);
      assert.match(r.stderr, /the remote state could not be read: nothing was sent/);
    });
  });

  it('blocks a key the addon does not offer: nothing sent', async () => {
    await push('--yes');
    writeFileSync(file, GROUP.replace('keyName: POSTGRES_URI', 'keyName: NOPE'));
    const r = await push('--yes');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /x addon postgres +blocked: the addon has no key NOPE \(available: HOST, PORT, DATABASE, USERNAME, PASSWORD, POSTGRES_URI\)/);
    assert.match(r.stderr, /blocked changes \(marked x above\): nothing was sent/);
    assert.equal(standins.northflank.requestsTo('PUT', PUT).length, 1);
  });
});

describe('secretdef push: Northflank addon link files', () => {
  let standins: Standins;
  let file: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    standins = await startStandins();
    file = path.join(mkdtempSync(path.join(tmpdir(), 'secretdef-link-')), 'pg.northflank-link.yaml');
    writeFileSync(file, '$schema: https://secretdef.dev/schemas/northflank-link.schema.json\nkeys:\n  - keyName: USERNAME\n    aliases: [PG_USER]\n  - keyName: PASSWORD\n');
    env = { NORTHFLANK_API_TOKEN: DEMO_NORTHFLANK_TOKEN, NORTHFLANK_API_URL: standins.urls.northflank };
  });
  afterEach(() => standins.close());

  it('needs --secret and --addon (exit 2)', async () => {
    const r = await secretdefIn(['push', file, '--project', 'default-project', '--yes'], { env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /An addon link file needs --secret ID \(the secret group\) and --addon ID/);
  });

  it('POSTs the file minus $schema to the link, after a plan of the keys', async () => {
    const r = await secretdefIn(['push', file, '--project', 'default-project', '--secret', 'api-secrets', '--addon', 'postgres', '--yes'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\+ key USERNAME +create: aliases PG_USER/);
    assert.match(r.stdout, /- key POSTGRES_URI +remove: linked now, not in the file/);
    const [post] = standins.northflank.requestsTo('POST', '/v1/projects/default-project/secrets/api-secrets/addons/postgres');
    assert.deepEqual(post.body, { keys: [{ keyName: 'USERNAME', aliases: ['PG_USER'] }, { keyName: 'PASSWORD' }] });
    const diff = await secretdefIn(['diff', file, '--project', 'default-project', '--secret', 'api-secrets', '--addon', 'postgres'], { env });
    assert.equal(diff.code, 0, diff.stdout);
  });

  it('a lost answer to the POST is not retried, and says so', async () => {
    standins.northflank.faults.inject({ method: 'POST' }, { type: 'status', status: 500 });
    const r = await secretdefIn(['push', file, '--project', 'default-project', '--secret', 'api-secrets', '--addon', 'postgres', '--yes'], { env });
    assert.equal(r.code, 1);
    assert.equal(standins.northflank.requestsTo('POST', /addons\/postgres$/).length, 1);
    assert.match(r.stderr, /The request may or may not have been applied: look before running it again/);
  });
});
