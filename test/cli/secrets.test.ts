/**
 * Keeping values out of git, end to end through `secretdef`: `${env:NAME}` references resolved from the environment
 * and --env-file, SOPS files decrypted in memory, and every refusal sends nothing (the stand-in records no request).
 * No output of these tests holds a plaintext value or the age secret key.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { DEMO_NORTHFLANK_TOKEN, DEMO_QOVERY_TOKEN, startStandins, type Standins } from '../../standins';
import { DEMO_QOVERY_IDS } from '../../standins/fixtures';
import { secretdefIn, type InProcessResult } from '../helpers/cliRun';

const DB_PASSWORD = 'db-pass-SECRETS-TEST-1';
const STRIPE = 'stripe-SECRETS-TEST-2';
const SOPS_VALUE = 'sops-value-SECRETS-TEST-3';

const GROUP = `name: web-secrets
secretType: environment
priority: 10
secrets:
  variables:
    NODE_ENV: production
    DB_PASSWORD: \${env:DB_PASSWORD}
    DATABASE_URL: postgres://app:\${env:DB_PASSWORD}@db:5432/app
    STRIPE_KEY: \${env:STRIPE_KEY}
`;

const SOPS_GROUP = `name: sops-secrets
secretType: environment
priority: 20
secrets:
  variables:
    SESSION_SECRET: ${SOPS_VALUE}
    FROM_ENV: \${env:DB_PASSWORD}
`;

describe('secretdef: values kept out of git (env references, SOPS)', () => {
  let standins: Standins;
  let dir: string;
  let env: Record<string, string>;
  let identity: string;
  let recipient: string;
  const outputs: InProcessResult[] = [];
  const PUT = '/v1/projects/default-project/secrets';

  before(async () => {
    identity = await generateIdentity();
    recipient = await identityToRecipient(identity);
  });
  beforeEach(async () => {
    standins = await startStandins();
    dir = mkdtempSync(path.join(tmpdir(), 'secretdef-secrets-'));
    // An empty config folder: the machine's own ~/.config/sops is never read by these tests.
    mkdirSync(path.join(dir, 'xdg'));
    env = { NORTHFLANK_API_TOKEN: DEMO_NORTHFLANK_TOKEN, NORTHFLANK_API_URL: standins.urls.northflank, XDG_CONFIG_HOME: path.join(dir, 'xdg') };
  });
  afterEach(() => standins.close());
  after(() => {
    for (const r of outputs) {
      for (const secret of [DB_PASSWORD, STRIPE, SOPS_VALUE, identity]) {
        assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), 'no output holds a value or the age secret key');
      }
    }
  });

  const cli = async (argv: string[], extraEnv: Record<string, string> = {}): Promise<InProcessResult> => {
    const r = await secretdefIn(argv, { env: { ...env, ...extraEnv } });
    outputs.push(r);
    return r;
  };
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('resolves references from the environment and --env-file files (the environment wins, a later file wins) and says where each value comes from', async () => {
    const file = write('web.northflank-secret.yaml', GROUP);
    const first = write('first.env', `# a comment\nDB_PASSWORD=from-first-file\nSTRIPE_KEY="${STRIPE}"\n`);
    const second = write('second.env', `DB_PASSWORD='${DB_PASSWORD}' # quoted, with a comment\n`);
    const r = await cli(['push', file, '--project', 'default-project', '--env-file', first, '--env-file', second, '--yes']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\+ variable DB_PASSWORD +create \(from env DB_PASSWORD\)/);
    assert.match(r.stdout, /\+ variable STRIPE_KEY +create \(from env STRIPE_KEY\)/);
    assert.match(r.stdout, /\+ variable NODE_ENV +create\n/);
    const puts = standins.northflank.requestsTo('PUT', PUT);
    assert.equal(puts.length, 1);
    const variables = (puts[0].body as { secrets: { variables: Record<string, string> } }).secrets.variables;
    assert.deepEqual(variables, { NODE_ENV: 'production', DB_PASSWORD, DATABASE_URL: `postgres://app:${DB_PASSWORD}@db:5432/app`, STRIPE_KEY: STRIPE });
    assert.ok(readFileSync(file, 'utf8').includes('${env:DB_PASSWORD}'), 'the file is never written');

    // A variable set in the environment wins over every file.
    const again = await cli(['diff', file, '--project', 'default-project', '--env-file', first], { DB_PASSWORD, STRIPE_KEY: STRIPE });
    assert.equal(again.code, 0, again.stdout + again.stderr);
  });

  it('a push or diff with unset references sends nothing and names every missing one in one message (exit 2)', async () => {
    const file = write('web.northflank-secret.yaml', GROUP);
    const other = write('other.qovery-secrets.yaml', `project: ${DEMO_QOVERY_IDS.storefront}\nsecrets:\n  - key: A\n    value: \${env:QOVERY_A}\n`);
    for (const verb of ['push', 'diff']) {
      const r = await cli([verb, file, '--project', 'default-project', '--yes'].filter((a) => verb === 'push' || a !== '--yes'));
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /These 2 environment variables are not set: DB_PASSWORD, STRIPE_KEY\..*Nothing was sent\./);
    }
    const both = await cli(['diff', file, other, '--project', 'default-project'], { QOVERY_API_TOKEN: DEMO_QOVERY_TOKEN });
    assert.equal(both.code, 2);
    assert.equal(both.stderr.split('\n').filter((l) => l.includes('not set')).length, 1, 'one message');
    assert.match(both.stderr, /DB_PASSWORD, STRIPE_KEY, QOVERY_A/);
    assert.equal(standins.northflank.requests.length, 0, 'not one request');
  });

  it('warns when an env file is tracked by git', async function () {
    try {
      execFileSync('git', ['init', '-q', dir]);
    } catch {
      this.skip();
    }
    const file = write('web.northflank-secret.yaml', GROUP);
    const envFile = write('.env', `DB_PASSWORD=${DB_PASSWORD}\nSTRIPE_KEY=${STRIPE}\n`);
    execFileSync('git', ['-C', dir, 'add', '.env']);
    const r = await cli(['diff', file, '--project', 'default-project', '--env-file', envFile]);
    assert.match(r.stderr, /warning: the env file .*\.env is tracked by git/);
  });

  it('validate warns of a literal secret in a file tracked by git only, and --no-literal-secrets turns it off', async function () {
    try {
      execFileSync('git', ['init', '-q', dir]);
    } catch {
      this.skip();
    }
    const token = ['xoxb', '1234567890', '1234567890123', 'abcdefghijklmnopqrstuvwx'].join('-');
    const file = write('slack.northflank-secret.yaml', `name: slack-secrets\nsecretType: environment\npriority: 10\nsecrets:\n  variables:\n    SLACK_TOKEN: ${token}\n`);
    const untracked = await cli(['validate', file]);
    assert.equal(untracked.code, 0);
    assert.doesNotMatch(untracked.stdout, /literal-secret/);
    execFileSync('git', ['-C', dir, 'add', path.basename(file)]);
    const tracked = await cli(['validate', file]);
    assert.equal(tracked.code, 0, 'a warning');
    assert.match(tracked.stdout, /slack\.northflank-secret\.yaml:6:18 warning The value of SLACK_TOKEN looks like a slack token, and this file is tracked by git.*\[literal-secret\]/);
    assert.ok(!tracked.stdout.includes(token));
    const off = await cli(['validate', '--no-literal-secrets', file]);
    assert.doesNotMatch(off.stdout, /literal-secret/);
  });

  describe('SOPS', () => {
    let keyFile: string;
    beforeEach(() => {
      keyFile = write('keys.txt', `# created for this test\n# public key: ${recipient}\n${identity}\n`);
    });

    const encrypted = async (text = SOPS_GROUP): Promise<string> => {
      const plain = write('sops.northflank-secret.yaml', text);
      const r = await cli(['encrypt', plain, '--age', recipient, '--in-place']);
      assert.equal(r.code, 0, r.stderr);
      const written = readFileSync(plain, 'utf8');
      assert.ok(!written.includes(SOPS_VALUE) && written.includes('sops:'));
      return plain;
    };

    it('push decrypts in memory with SOPS_AGE_KEY_FILE, shows "from SOPS", and sends the plaintext values', async () => {
      const file = await encrypted();
      const r = await cli(['push', file, '--project', 'default-project', '--yes'], { SOPS_AGE_KEY_FILE: keyFile, DB_PASSWORD });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /\+ variable SESSION_SECRET +create \(from SOPS\)/);
      assert.match(r.stdout, /\+ variable FROM_ENV +create \(from SOPS, env DB_PASSWORD\)/);
      const body = standins.northflank.requestsTo('PUT', PUT)[0].body as { name: string; priority: number; secrets: { variables: Record<string, string> } };
      assert.equal(body.name, 'sops-secrets');
      assert.equal(body.priority, 20);
      assert.deepEqual(body.secrets.variables, { SESSION_SECRET: SOPS_VALUE, FROM_ENV: DB_PASSWORD });
      assert.ok(!('sops' in body));
    });

    it('finds the key in SOPS_AGE_KEY and in $XDG_CONFIG_HOME/sops/age/keys.txt too', async () => {
      const file = await encrypted();
      const inline = await cli(['diff', file, '--project', 'default-project'], { SOPS_AGE_KEY: identity, DB_PASSWORD });
      assert.equal(inline.code, 1, inline.stderr);
      mkdirSync(path.join(dir, 'xdg', 'sops', 'age'), { recursive: true });
      writeFileSync(path.join(dir, 'xdg', 'sops', 'age', 'keys.txt'), `${identity}\n`);
      const xdg = await cli(['diff', file, '--project', 'default-project'], { DB_PASSWORD });
      assert.equal(xdg.code, 1, xdg.stderr);
      assert.match(xdg.stdout, /from SOPS/);
    });

    it('a tampered file (MAC) is refused and nothing is sent (exit 1)', async () => {
      const file = await encrypted();
      const text = readFileSync(file, 'utf8');
      // Swap two encrypted values of the same list... here: restore an old lastmodified, which the MAC binds.
      writeFileSync(file, text.replace(/lastmodified: "([^"]+)"/, 'lastmodified: "2020-01-01T00:00:00Z"'));
      const r = await cli(['push', file, '--project', 'default-project', '--yes'], { SOPS_AGE_KEY_FILE: keyFile, DB_PASSWORD });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /MAC of this file does not match its values: it was edited outside sops, or tampered with/);
      assert.match(r.stderr, /nothing was sent/);
      assert.equal(standins.northflank.requests.length, 0, 'not one request');
    });

    it('no key that fits: names the recipients and where it looked; nothing is sent (exit 2)', async () => {
      const file = await encrypted();
      const other = await generateIdentity();
      const r = await cli(['push', file, '--project', 'default-project', '--yes'], { SOPS_AGE_KEY: other, DB_PASSWORD });
      assert.equal(r.code, 2);
      assert.ok(r.stderr.includes(recipient), r.stderr);
      assert.match(r.stderr, /looked in SOPS_AGE_KEY, .*keys\.txt/);
      assert.ok(!r.stderr.includes(other));
      assert.equal(standins.northflank.requests.length, 0, 'not one request');
    });

    it('encrypt with an --age value that is not an age recipient is a usage error (exit 2), and writes nothing', async () => {
      const plain = write('bad-recipient.northflank-secret.yaml', SOPS_GROUP);
      const r = await cli(['encrypt', plain, '--age', 'notakey', '--in-place']);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /An age recipient is not valid \(recipient 1 of 1: .*\): a recipient looks like age1.* The recipients came from --age\./);
      assert.ok(!r.stderr.includes('notakey'), 'the text given is not repeated');
      assert.equal(readFileSync(plain, 'utf8'), SOPS_GROUP, 'the file is as it was');
      // An age secret key given as a recipient (a common slip): said so, never echoed.
      const identity = await generateIdentity();
      const slip = await cli(['encrypt', plain, '--age', `${recipient},${identity}`]);
      assert.equal(slip.code, 2, slip.stderr);
      assert.match(slip.stderr, /Age recipient 2 of 2 is an age secret key, not a recipient: give its public key/);
      assert.ok(!slip.stderr.includes(identity) && !slip.stdout.includes(identity));
    });

    it('encrypt uses the matching .sops.yaml creation rule; decrypt --stdout prints the plaintext, and only with --stdout', async () => {
      write('.sops.yaml', `creation_rules:\n  - path_regex: other/.*\n    age: age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq\n  - path_regex: \\.northflank-secret\\.yaml$\n    encrypted_regex: ^(variables)$\n    age: ${recipient}\n`);
      const plain = write('rule.northflank-secret.yaml', SOPS_GROUP);
      const r = await cli(['encrypt', plain]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^name: sops-secrets$/m, 'values outside the regex stay in clear');
      assert.match(r.stdout, /SESSION_SECRET: ENC\[AES256_GCM,/);
      assert.match(r.stdout, /encrypted_regex: "\^\(variables\)\$"/);
      writeFileSync(plain, `${r.stdout}\n`);
      const refused = await cli(['decrypt', plain], { SOPS_AGE_KEY_FILE: keyFile });
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /add --stdout/);
      // The plaintext goes to stdout (where a person asked for it); this test then never prints it.
      const out = await secretdefIn(['decrypt', '--stdout', plain], { env: { ...env, SOPS_AGE_KEY_FILE: keyFile } });
      assert.equal(out.code, 0, out.stderr);
      assert.ok(`${out.stdout}\n` === SOPS_GROUP, 'decrypt --stdout prints the file as it was before encrypt (not shown: it holds the value)');
      assert.equal(out.stderr, '');
    });
  });
});
