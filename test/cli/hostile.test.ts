/**
 * `secretdef` against hostile servers: echoes of values and tokens in every encoding, control sequences in what a
 * server says (errors, and names it returns), redirects, a write whose answer was lost, and the time limits with
 * their flags and environment variables. The CLI prints every line through the same masking as the API errors.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEFAULT_COMMAND_TIMEOUT_MS } from '../../api/deadline';
import { SecretSet } from '../../api/redact';
import { DEFAULT_TIMEOUT_MS } from '../../api/transport';
import { commandApiOptions } from '../../cli/src/run';
import { DEMO_NORTHFLANK, DEMO_QOVERY, DEMO_QOVERY_IDS as IDS, startStandins, type Standins } from '../../standins';
import { secretdefIn } from '../helpers/cliRun';

const TOKEN = 'tok_CLIHOSTILE_0a1b2c3d4e5f';
/** A quote, a backslash, a slash, spaces and non-ASCII: each encoding differs from the value. */
const VALUE = 'cli"val\\ue/HOSTILE 42 é€';
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/; // eslint-disable-line no-control-regex

/** Pieces of 8 characters of every shape of the secret found in the text. */
function leaks(text: string, secret: string): string[] {
  const bytes = Buffer.from(secret);
  const shapes = [secret, JSON.stringify(secret).slice(1, -1), bytes.toString('base64').replace(/=+$/, ''), bytes.toString('base64url'), encodeURIComponent(secret), new URLSearchParams({ v: secret }).toString().slice(2)];
  const found: string[] = [];
  for (const shape of shapes) for (let i = 0; i + 8 <= shape.length; i += 4) if (text.includes(shape.slice(i, i + 8))) found.push(shape.slice(i, i + 8));
  return found;
}

describe('secretdef against hostile servers', () => {
  let standins: Standins;
  let dir: string;
  let env: Record<string, string>;
  let nfFile: string;
  let qFile: string;
  const evilName = `evil\u001b]0;pwned\u0007\u001b[2J group ${TOKEN}`;
  beforeEach(async () => {
    standins = await startStandins({
      northflank: { ...DEMO_NORTHFLANK, tokens: [TOKEN], projects: [...DEMO_NORTHFLANK.projects, { id: 'evil', secretGroups: [{ name: evilName, secretType: 'environment', priority: 1 }] }] },
      qovery: { ...DEMO_QOVERY, tokens: [TOKEN] },
    });
    dir = mkdtempSync(path.join(tmpdir(), 'secretdef-hostile-'));
    env = { NORTHFLANK_API_TOKEN: TOKEN, NORTHFLANK_API_URL: standins.urls.northflank, QOVERY_API_TOKEN: TOKEN, QOVERY_API_URL: standins.urls.qovery };
    nfFile = path.join(dir, 'h.northflank-secret.yaml');
    writeFileSync(nfFile, `name: hostile-group\nsecretType: environment\npriority: 1\nsecrets:\n  variables:\n    A: ${JSON.stringify(VALUE)}\n`);
    qFile = path.join(dir, 'h.qovery-secrets.yaml');
    writeFileSync(qFile, `project: ${IDS.project}\nsecrets:\n  - key: HOSTILE\n    value: ${JSON.stringify(VALUE)}\n`);
  });
  afterEach(() => standins.close());

  it('push (Northflank and Qovery): an echo of the values and the token in every encoding shows none of them', async () => {
    standins.northflank.faults.inject({ method: 'PUT' }, { type: 'echo', token: true });
    const nf = await secretdefIn(['push', nfFile, '--project', 'default-project', '--yes', '--verbose'], { env });
    standins.qovery.faults.inject({ method: 'POST' }, { type: 'echo', token: true });
    const q = await secretdefIn(['push', qFile, '--yes'], { env });
    for (const r of [nf, q]) {
      assert.equal(r.code, 1);
      const all = `${r.stdout}\n${r.stderr}`;
      assert.match(all, /Rejected: .*raw \*{8}/);
      assert.deepEqual([...leaks(all, VALUE), ...leaks(all, TOKEN)], [], all);
      assert.doesNotMatch(all, CONTROL);
    }
  });

  it('list: a name the server returns is printed without its control sequences, and with the token masked', async () => {
    const r = await secretdefIn(['list', '--provider', 'northflank', '--project', 'evil'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, CONTROL);
    assert.ok(!r.stdout.includes(TOKEN));
    assert.match(r.stdout, /evil\s+group \*{8}/);
  });

  it('a redirect is reported with its target, not followed and not retried', async () => {
    standins.northflank.faults.inject({}, { type: 'redirect', location: 'https://elsewhere.example/v1/projects' }, { times: 5 });
    const r = await secretdefIn(['list', '--provider', 'northflank', '--project', 'default-project'], { env });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Northflank answered 302 to GET \/v1\/projects\/default-project\/secrets with a redirect to https:\/\/elsewhere\.example\/v1\/projects, not followed\./);
    assert.equal(standins.northflank.requests.length, 1);
    assert.deepEqual(r.clock.sleeps, []);
  });

  it('a PUT whose answer was lost every time: "may have been applied", and diff then tells', async () => {
    standins.northflank.faults.inject({ method: 'PUT' }, { type: 'reset' }, { after: true, times: 4 });
    const r = await secretdefIn(['push', nfFile, '--project', 'default-project', '--yes'], { env });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /What to do: Its answer was lost, so the PUT may have been applied: a rerun, or `secretdef diff`, will tell\./);
    const d = await secretdefIn(['diff', nfFile, '--project', 'default-project'], { env });
    assert.equal(d.code, 0, d.stdout);
  });

  it('--api-url with http:// for a remote host: refused before anything is read (exit 2); loopback is fine', async () => {
    const r = await secretdefIn(['list', '--provider', 'northflank', '--project', 'p', '--api-url', 'http://api.northflank.com'], { env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--api-url: The API address http:\/\/api\.northflank\.com uses http:\/\/, which would send the token in clear text/);
    const remote = await secretdefIn(['list', '--provider', 'qovery', '--project', IDS.project], { env: { ...env, QOVERY_API_URL: 'http://qovery.example' } });
    assert.equal(remote.code, 2);
    assert.match(remote.stderr, /QOVERY_API_URL: The API address/);
    assert.equal((await secretdefIn(['list', '--provider', 'northflank', '--project', 'default-project'], { env })).code, 0);
  });
});

describe('secretdef time limits: flags, environment variables, defaults', () => {
  let standins: Standins;
  let env: Record<string, string>;
  beforeEach(async () => {
    standins = await startStandins();
    env = { NORTHFLANK_API_TOKEN: DEMO_NORTHFLANK.tokens[0], NORTHFLANK_API_URL: standins.urls.northflank };
  });
  afterEach(() => standins.close());
  const list = ['list', '--provider', 'northflank', '--project', 'default-project'];

  it('--request-timeout (anywhere on the line) and SECRETDEF_REQUEST_TIMEOUT limit each request, body included', async () => {
    standins.northflank.faults.inject({}, { type: 'hang' }, { times: 8 });
    const flag = await secretdefIn([...list, '--request-timeout', '0.2'], { env, api: { retry: { maxRetries: 0 } } });
    assert.equal(flag.code, 1);
    assert.match(flag.stderr, /did not answer GET .* in time \(200 ms per request, body included\)\./);
    assert.match(flag.stderr, /Raise the limit with --request-timeout SECONDS \(or SECRETDEF_REQUEST_TIMEOUT\)/);
    const fromEnv = await secretdefIn(['list', '--request-timeout=0.3', '--provider', 'northflank', '--project', 'default-project'], { env, api: { retry: { maxRetries: 0 } } });
    assert.match(fromEnv.stderr, /\(300 ms per request/);
    const variable = await secretdefIn(list, { env: { ...env, SECRETDEF_REQUEST_TIMEOUT: '0.25' }, api: { retry: { maxRetries: 0 } } });
    assert.match(variable.stderr, /\(250 ms per request/);
  });

  it('--command-timeout bounds the retries and their pauses', async () => {
    standins.northflank.faults.inject({}, { type: 'status', status: 503 }, { times: 4 });
    const r = await secretdefIn([...list, '--command-timeout', '1'], { env });
    assert.equal(r.code, 1);
    assert.deepEqual(r.clock.sleeps, [375]);
    assert.match(r.stderr, /There was no time left to try again within the command's time limit \(1 s\)\./);
    const fromEnv = await secretdefIn(list, { env: { ...env, SECRETDEF_COMMAND_TIMEOUT: '1' } });
    assert.deepEqual(fromEnv.clock.sleeps, [375]);
  });

  it('refuses a limit that is not a positive number of seconds (exit 2)', async () => {
    for (const args of [[...list, '--request-timeout', 'abc'], [...list, '--command-timeout', '0'], [...list, '--request-timeout'], [...list, '--command-timeout=-1'], [...list, '--request-timeout', '100000']]) {
      const r = await secretdefIn(args, { env });
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /must be a number of seconds above 0 and at most 86400/);
    }
    const r = await secretdefIn(list, { env: { ...env, SECRETDEF_COMMAND_TIMEOUT: 'soon' } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /SECRETDEF_COMMAND_TIMEOUT must be a number of seconds/);
  });

  it('uses the real defaults when nothing is given: 30 s per request, 300 s per command', () => {
    const api = commandApiOptions({ stdout: () => undefined, stderr: () => undefined, env: {} }, {}, new SecretSet());
    assert.equal(api.timeoutMs, DEFAULT_TIMEOUT_MS);
    assert.equal(api.timeoutMs, 30_000);
    assert.equal(api.deadline?.totalMs, DEFAULT_COMMAND_TIMEOUT_MS);
    assert.equal(api.deadline?.totalMs, 300_000);
    const flags = commandApiOptions({ stdout: () => undefined, stderr: () => undefined, env: { SECRETDEF_REQUEST_TIMEOUT: '5' }, api: { timeoutMs: 1 } }, { '--command-timeout': 7000 }, new SecretSet());
    assert.equal(flags.timeoutMs, 5000, 'the environment wins over the built-in default');
    assert.equal(flags.deadline?.totalMs, 7000);
  });
});
