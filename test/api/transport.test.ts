import * as assert from 'node:assert/strict';
import { ApiError } from '../../api/errors';
import { backoffDelay, DEFAULT_RETRY_POLICY, DEFAULT_TIMEOUT_MS, parseRateLimit, parseRetryAfter, Transport, type HttpMethod, type TransportOptions } from '../../api/transport';
import { NorthflankStandin } from '../../standins/northflank';
import { captureTimers, FakeClock, requestLog, scriptedFetch, waitFor, type ScriptedReply } from '../helpers/fakes';

const TOKEN = 'tok-RECOGNISABLE-123456';

function transport(replies: ScriptedReply[], options: Partial<TransportOptions> = {}) {
  const clock = new FakeClock();
  const fetch = scriptedFetch(replies);
  const log = requestLog();
  const t = new Transport({
    platform: 'northflank', baseUrl: 'https://api.example.test', token: TOKEN, authScheme: 'Bearer',
    fetch, sleep: clock.sleep, now: clock.now, random: () => 0.5, onRequest: log.onRequest,
    parseError: (body) => ({ message: (body as { error?: { message?: string } } | undefined)?.error?.message }),
    ...options,
  });
  return { t, clock, fetch, log };
}

async function rejects(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof ApiError, `expected an ApiError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the request to fail');
}

const err = (status: number, headers?: Record<string, string>): ScriptedReply => ({ status, body: { error: { status, message: `failure ${status}` } }, headers });
const ok: ScriptedReply = { status: 200, body: { data: { ok: true } } };

describe('transport: retry policy', () => {
  it('computes backoff as exponential with equal jitter, capped', () => {
    const policy = DEFAULT_RETRY_POLICY;
    assert.equal(backoffDelay(1, policy, () => 0), 250);
    assert.equal(backoffDelay(1, policy, () => 0.999999), 500);
    assert.equal(backoffDelay(2, policy, () => 0.5), 750);
    assert.equal(backoffDelay(3, policy, () => 0.5), 1500);
    assert.equal(backoffDelay(10, policy, () => 1), 8000, 'the default backoff cap is 8 s');
    assert.equal(backoffDelay(30, { ...policy, maxDelayMs: 2000 }, () => 1), 2000, 'a configured cap is honoured');
  });

  for (const method of ['GET', 'PUT', 'DELETE'] as HttpMethod[]) {
    it(`retries a ${method} on 5xx three times, pausing 375, 750 and 1500 ms (random 0.5), then fails with the last status`, async () => {
      const { t, clock, fetch } = transport([err(503), err(500), err(502), err(503)]);
      const e = await rejects(t.request(method, '/v1/x', method === 'PUT' ? { body: { a: 1 } } : {}));
      assert.equal(fetch.sent.length, 4);
      assert.deepEqual(clock.sleeps, [375, 750, 1500]);
      assert.equal(e.kind, 'http');
      assert.equal(e.status, 503);
      assert.equal(e.attempts, 4);
      assert.match(e.message, /Northflank answered 503 Service Unavailable to .* after 4 attempts: failure 503/);
    });
  }

  it('succeeds when a retry succeeds', async () => {
    const { t, clock, fetch } = transport([err(500), { networkError: 'ECONNRESET' }, ok]);
    const r = await t.request('GET', '/v1/x');
    assert.deepEqual(r.body, { data: { ok: true } });
    assert.equal(fetch.sent.length, 3);
    assert.deepEqual(clock.sleeps, [375, 750]);
  });

  it('honours Retry-After in seconds on 429 (no jitter), and as an HTTP date', async () => {
    const { t, clock } = transport([err(429, { 'retry-after': '7' }), err(429, { 'retry-after': new Date(1_700_000_000_000 + 7000 + 12_000).toUTCString() }), ok]);
    await t.request('GET', '/v1/x');
    assert.equal(clock.sleeps[0], 7000);
    // The date is 12 s after the clock's time once the first pause (7 s) has passed; HTTP dates have 1 s resolution.
    assert.ok(Math.abs(clock.sleeps[1] - 12_000) < 1000, String(clock.sleeps[1]));
  });

  it('uses backoff for a 429 without Retry-After', async () => {
    const { t, clock } = transport([err(429), ok]);
    await t.request('GET', '/v1/x');
    assert.deepEqual(clock.sleeps, [375]);
  });

  it('does not wait longer than maxRetryAfterMs: a long Retry-After fails at once and says how long to wait', async () => {
    const { t, clock, fetch } = transport([err(429, { 'retry-after': '3600' })]);
    const e = await rejects(t.request('GET', '/v1/x'));
    assert.equal(fetch.sent.length, 1);
    assert.deepEqual(clock.sleeps, []);
    assert.equal(e.status, 429);
    assert.equal(e.retryAfterMs, 3_600_000);
    assert.match(e.hint, /wait 60 min/);
  });

  it('never retries a POST: not on 5xx, 429, a reset connection or a timeout', async () => {
    for (const reply of [err(503), err(429, { 'retry-after': '1' }), { networkError: 'ECONNRESET' }] as ScriptedReply[]) {
      const { t, clock, fetch } = transport([reply, ok]);
      const e = await rejects(t.request('POST', '/v1/x', { body: { a: 1 } }));
      assert.equal(fetch.sent.length, 1, JSON.stringify(reply));
      assert.deepEqual(clock.sleeps, []);
      assert.equal(e.attempts, 1);
    }
  });

  it('says a POST may have been applied when its answer was lost, and not when the connection was refused', async () => {
    const reset = await rejects(transport([{ networkError: 'ECONNRESET' }]).t.request('POST', '/v1/x', { body: {} }));
    assert.equal(reset.mayHaveBeenApplied, true);
    assert.match(reset.hint, /never sent twice: it may have been applied/);
    const failed = await rejects(transport([err(500)]).t.request('POST', '/v1/x', { body: {} }));
    assert.equal(failed.mayHaveBeenApplied, true);
    const refused = await rejects(transport([{ networkError: 'ECONNREFUSED' }]).t.request('POST', '/v1/x', { body: {} }));
    assert.equal(refused.mayHaveBeenApplied, false);
    assert.equal(refused.causeCode, 'ECONNREFUSED');
  });

  it('does not retry a PATCH (not idempotent)', async () => {
    const { t, fetch } = transport([err(503), ok]);
    await rejects(t.request('PATCH', '/v1/x', { body: {} }));
    assert.equal(fetch.sent.length, 1);
  });

  it('never retries a client error (400, 401, 403, 404, 409)', async () => {
    for (const status of [400, 401, 403, 404, 409]) {
      const { t, fetch } = transport([err(status), ok]);
      const e = await rejects(t.request('GET', '/v1/x'));
      assert.equal(fetch.sent.length, 1);
      assert.equal(e.status, status);
    }
  });

  it('retries network errors of idempotent requests up to the limit', async () => {
    const { t, fetch, clock } = transport([{ networkError: 'ECONNRESET' }, { networkError: 'ECONNRESET' }, { networkError: 'ECONNRESET' }, { networkError: 'ECONNRESET' }]);
    const e = await rejects(t.request('DELETE', '/v1/x'));
    assert.equal(fetch.sent.length, 4);
    assert.equal(clock.sleeps.length, 3);
    assert.equal(e.kind, 'network');
    assert.equal(e.causeCode, 'ECONNRESET');
    assert.match(e.hint, /--api-url/);
  });

  it('a retry policy can be configured (maxRetries 1)', async () => {
    const { t, fetch } = transport([err(500), err(500), ok], { retry: { maxRetries: 1 } });
    await rejects(t.request('GET', '/v1/x'));
    assert.equal(fetch.sent.length, 2);
  });

  it('returns accepted error statuses as answers (404 for "does it exist?")', async () => {
    const { t } = transport([err(404)]);
    const r = await t.request('GET', '/v1/x', { accept: [404] });
    assert.equal(r.status, 404);
  });
});

describe('transport: headers, rate limits, log and secrets', () => {
  it('sends the token in the Authorization header with the platform scheme, and JSON bodies', async () => {
    const { t, fetch } = transport([ok]);
    await t.request('PUT', '/v1/x', { body: { a: 1 }, query: { show: 'this', cursor: undefined } });
    assert.equal(fetch.sent[0].headers.Authorization, `Bearer ${TOKEN}`);
    assert.equal(fetch.sent[0].headers['Content-Type'], 'application/json');
    assert.equal(fetch.sent[0].body, '{"a":1}');
    assert.equal(fetch.sent[0].url, 'https://api.example.test/v1/x?show=this');
    const q = transport([ok], { authScheme: 'Token', platform: 'qovery' });
    await q.t.request('GET', '/organization');
    assert.equal(q.fetch.sent[0].headers.Authorization, `Token ${TOKEN}`);
  });

  it('reads Northflank rate-limit headers (reset in seconds) and epoch resets', () => {
    const now = 1_000_000;
    assert.deepEqual(parseRateLimit(new Headers({ 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '998', 'x-ratelimit-reset': '3500' }), now), { limit: 1000, remaining: 998, resetAt: now + 3_500_000 });
    assert.deepEqual(parseRateLimit(new Headers({ 'x-ratelimit-reset': '1700000100' }), now), { limit: undefined, remaining: undefined, resetAt: 1_700_000_100_000 });
    assert.equal(parseRateLimit(new Headers(), now), undefined);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
  });

  it('waits for the reset before the next request when the rate limit is used up', async () => {
    const { t, clock, fetch, log } = transport([{ ...ok, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '20' } }, ok]);
    await t.request('GET', '/v1/a');
    assert.equal(t.rateLimit?.remaining, 0);
    await t.request('GET', '/v1/b');
    assert.deepEqual(clock.sleeps, [20_000]);
    assert.equal(fetch.sent.length, 2);
    assert.ok(log.entries.some((e) => e.outcome === 'rate-limited' && e.retryInMs === 20_000));
  });

  it('fails without sending when the rate limit resets later than it is willing to wait', async () => {
    const { t, fetch } = transport([{ ...ok, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1800' } }, ok]);
    await t.request('GET', '/v1/a');
    const e = await rejects(t.request('GET', '/v1/b'));
    assert.equal(e.kind, 'rate-limited');
    assert.equal(fetch.sent.length, 1);
    assert.match(e.message, /rate limit is used up; GET \/v1\/b was not sent \(it resets in about 30 min\)/);
  });

  it('logs method, path (no query), status, outcome, attempt and duration: never a header or a body', async () => {
    const { t, log } = transport([err(500), ok]);
    await t.request('PUT', '/v1/x', { body: { secret: 'value-RECOGNISABLE' }, query: { show: 'this' } });
    assert.deepEqual(log.entries.map((e) => [e.method, e.path, e.status, e.outcome, e.attempt, e.retryInMs]), [
      ['PUT', '/v1/x', 500, 'http-error', 1, 375],
      ['PUT', '/v1/x', 200, 'ok', 2, undefined],
    ]);
    const text = JSON.stringify(log.entries);
    assert.ok(!text.includes(TOKEN) && !text.includes('value-RECOGNISABLE') && !text.includes('show'));
    for (const e of log.entries) assert.equal(typeof e.durationMs, 'number');
  });

  it('masks the token and the secret values a platform message quotes', async () => {
    const { t } = transport([{ status: 400, body: { error: { message: `token ${TOKEN} cannot set "s3cr3t-VALUE" here` } } }]);
    const e = await rejects(t.request('PUT', '/v1/x', { body: { v: 's3cr3t-VALUE' }, secretValues: ['s3cr3t-VALUE'] }));
    assert.equal(e.platformMessage, 'token ******** cannot set "********" here');
    assert.ok(!e.message.includes(TOKEN) && !e.message.includes('s3cr3t-VALUE'));
    assert.ok(!JSON.stringify(t).includes(TOKEN));
    assert.ok(!JSON.stringify(e).includes(TOKEN));
  });

  it('masks values the caller registered, in answers to requests that did not send them', async () => {
    const { t } = transport([{ status: 404, body: { error: { message: 'no group holding known-VALUE-1 or known-VALUE-2' } } }], { secretValues: ['known-VALUE-1'] });
    t.addSecretValues(['known-VALUE-2']);
    const e = await rejects(t.request('GET', '/v1/x'));
    assert.equal(e.platformMessage, 'no group holding ******** or ********');
  });

  it('reports an answer that is not JSON as bad-response, without retrying it', async () => {
    const { t, fetch } = transport([{ status: 200, text: '{"data": {' }, ok]);
    const e = await rejects(t.request('GET', '/v1/x'));
    assert.equal(e.kind, 'bad-response');
    assert.equal(fetch.sent.length, 1);
    const put = await rejects(transport([{ status: 200, text: '<html>' }]).t.request('PUT', '/v1/x', { body: {} }));
    assert.equal(put.mayHaveBeenApplied, true);
    assert.match(put.hint, /probably been applied/);
  });
});

describe('transport against a stand-in: real sockets', () => {
  let standin: NorthflankStandin;
  let baseUrl: string;
  const path = '/v1/projects/p/services';
  beforeEach(async () => {
    standin = new NorthflankStandin({ tokens: [TOKEN], projects: [{ id: 'p', services: [{ id: 'api' }] }] });
    baseUrl = await standin.start();
  });
  afterEach(() => standin.close());

  function real(options: Partial<TransportOptions> = {}) {
    const clock = new FakeClock();
    const t = new Transport({ platform: 'northflank', baseUrl, token: TOKEN, authScheme: 'Bearer', sleep: clock.sleep, random: () => 0.5, timeoutMs: 5000, ...options });
    return { t, clock };
  }

  it('times out a hung request and retries it (GET)', async () => {
    standin.faults.inject({ path }, { type: 'hang' });
    const { t, clock } = real({ timeoutMs: 200 });
    const r = await t.request('GET', path);
    assert.equal(r.status, 200);
    assert.deepEqual(clock.sleeps, [375]);
    assert.equal(standin.requestsTo('GET', path).length, 2);
  });

  it('gives up after the retries with a timeout error', async () => {
    standin.faults.inject({ path }, { type: 'hang' }, { times: 2 });
    const { t } = real({ retry: { maxRetries: 1 }, timeoutMs: 200 });
    const e = await rejects(t.request('GET', path));
    assert.equal(e.kind, 'timeout');
    assert.equal(e.attempts, 2);
    assert.match(e.message, /did not answer GET \/v1\/projects\/p\/services in time after 2 attempts/);
  });

  it('retries a reset connection (GET) and reports one on a POST as maybe applied', async () => {
    standin.faults.inject({ path }, { type: 'reset' });
    const { t } = real();
    assert.equal((await t.request('GET', path)).status, 200);
    standin.faults.inject({ method: 'POST' }, { type: 'reset' });
    const e = await rejects(t.request('POST', '/v1/projects/p/secrets', { body: {} }));
    assert.equal(e.kind, 'network');
    assert.equal(e.mayHaveBeenApplied, true);
  });

  it('does not retry a POST that timed out, and says it may have been applied', async () => {
    standin.faults.inject({ method: 'POST' }, { type: 'hang' });
    const { t, clock } = real({ timeoutMs: 200 });
    const e = await rejects(t.request('POST', '/v1/projects/p/secrets', { body: {} }));
    assert.equal(e.kind, 'timeout');
    assert.equal(e.mayHaveBeenApplied, true);
    assert.deepEqual(clock.sleeps, []);
    assert.equal(standin.requestsTo('POST', '/v1/projects/p/secrets').length, 1);
  });

  it('reads a malformed JSON answer as bad-response', async () => {
    standin.faults.inject({ path }, { type: 'malformed-json' });
    const e = await rejects(real().t.request('GET', path));
    assert.equal(e.kind, 'bad-response');
  });

  it('cancels a hung request when the caller aborts, without retrying', async () => {
    standin.faults.inject({ path }, { type: 'hang' }, { times: 5 });
    const { t } = real({ timeoutMs: 30_000 });
    const controller = new AbortController();
    const pending = t.request('GET', path, { signal: controller.signal });
    // Abort once the stand-in has the request: a readiness signal, not a fixed sleep.
    await waitFor(() => standin.requestsTo('GET', path).length === 1);
    controller.abort();
    const e = await rejects(pending);
    assert.equal(e.kind, 'cancelled');
    assert.equal(standin.requestsTo('GET', path).length, 1);
  });

  it('cancels during the pause between retries', async () => {
    standin.faults.inject({ path }, { type: 'status', status: 503 });
    const controller = new AbortController();
    const t = new Transport({
      platform: 'northflank', baseUrl, token: TOKEN, authScheme: 'Bearer',
      sleep: async (_ms, signal) => {
        controller.abort();
        if (signal?.aborted) throw signal.reason;
      },
    });
    const e = await rejects(t.request('GET', path, { signal: controller.signal }));
    assert.equal(e.kind, 'cancelled');
    assert.equal(standin.requestsTo('GET', path).length, 1);
  });
});


describe('transport: ids that would climb out of their path', () => {
  it('refuses a path with a "." or ".." segment, plain or percent-encoded, and sends nothing', async () => {
    let sent = 0;
    const transport = new Transport({ platform: 'northflank', baseUrl: 'https://api.example', token: 't0ken-for-test', authScheme: 'Bearer', fetch: async () => (sent++, new Response('{}')) });
    for (const path of ['/v1/projects/p/secrets/../addons/x', '/v1/projects/./secrets', '/v1/projects/%2E%2e/secrets', '/v1/projects/p/secrets/..']) {
      await assert.rejects(transport.request('GET', path), /an id in it is "\." or "\.\."/, path);
    }
    assert.equal(sent, 0);
    await transport.request('GET', '/v1/projects/a.b/secrets/..x');
    assert.equal(sent, 1);
  });
});


/**
 * The defaults and caps the README promises, pinned by value and by behaviour: each was raised tenfold by hand
 * (30 s → 300 s, 8 s → 80 s, 60 s → 600 s) and every other test still passed, because they all pass their own
 * limits or compare a cap with itself. Here the transport runs with its defaults.
 */
describe('transport: the defaults and caps (pinned)', () => {
  function defaults(replies: ScriptedReply[], options: Partial<TransportOptions> = {}) {
    const clock = new FakeClock();
    const fetch = scriptedFetch(replies);
    const t = new Transport({ platform: 'northflank', baseUrl: 'https://api.example.test', token: TOKEN, authScheme: 'Bearer', fetch, sleep: clock.sleep, now: clock.now, random: () => 1, ...options });
    return { t, clock, fetch };
  }

  it('the exported defaults: 30 s per attempt, 3 retries from 500 ms, backoff capped at 8 s, Retry-After at 60 s', () => {
    assert.equal(DEFAULT_TIMEOUT_MS, 30_000);
    assert.deepEqual(DEFAULT_RETRY_POLICY, { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 });
    const { t } = defaults([]);
    assert.equal(t.timeoutMs, 30_000);
    assert.deepEqual(t.policy, DEFAULT_RETRY_POLICY);
  });

  it('times an attempt out after 30 s by default, not a millisecond before (mutation: 30 s → 300 s)', async () => {
    const captured = captureTimers();
    try {
      let aborted = false;
      let called!: () => void;
      const fetching = new Promise<void>((resolve) => (called = resolve));
      const hanging = (_url: string, init: RequestInit) => new Promise<Response>((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => {
          aborted = true;
          reject(init.signal?.reason);
        });
        called();
      });
      const t = new Transport({ platform: 'qovery', baseUrl: 'https://api.example.test', token: TOKEN, authScheme: 'Token', fetch: hanging, retry: { maxRetries: 0 } });
      const pending = rejects(t.request('GET', '/organization'));
      await fetching;
      const limits = captured.timers.filter((x) => !x.cleared);
      assert.deepEqual(limits.map((x) => x.ms), [30_000], 'one time limit per attempt, of 30 s');
      assert.equal(aborted, false);
      limits[0].fire();
      const e = await pending;
      assert.equal(aborted, true);
      assert.equal(e.kind, 'timeout');
      assert.match(e.message, /\b30 s\b/, 'the message names the time limit');
    } finally {
      captured.restore();
    }
  });

  it('the time limit of an attempt is cleared once it is answered (no timer left behind)', async () => {
    const captured = captureTimers();
    try {
      const { t } = defaults([ok]);
      await t.request('GET', '/v1/x');
      assert.deepEqual(captured.timers.map((x) => [x.ms, x.cleared]), [[30_000, true]]);
    } finally {
      captured.restore();
    }
  });

  it('caps the backoff at 8 s: 500, 1000, 2000, 4000, 8000, 8000 ms with the most jitter (mutation: 8 s → 80 s)', async () => {
    const { t, clock } = defaults([err(503), err(503), err(503), err(503), err(503), err(503), ok], { retry: { maxRetries: 6 } });
    await t.request('GET', '/v1/x');
    assert.deepEqual(clock.sleeps, [500, 1000, 2000, 4000, 8000, 8000]);
  });

  it('retries three times by default, then fails (four attempts)', async () => {
    const { t, fetch } = defaults([err(503), err(503), err(503), err(503), ok]);
    const e = await rejects(t.request('GET', '/v1/x'));
    assert.equal(fetch.sent.length, 4);
    assert.equal(e.attempts, 4);
  });

  it('waits a Retry-After of exactly 60 s, and fails at once on 61 s (mutation: 60 s → 600 s)', async () => {
    const at = defaults([err(429, { 'retry-after': '60' }), ok]);
    await at.t.request('GET', '/v1/x');
    assert.deepEqual(at.clock.sleeps, [60_000]);
    const past = defaults([err(429, { 'retry-after': '61' }), ok]);
    const e = await rejects(past.t.request('GET', '/v1/x'));
    assert.deepEqual(past.clock.sleeps, []);
    assert.equal(past.fetch.sent.length, 1);
    assert.equal(e.retryAfterMs, 61_000);
  });

  it('waits for a used-up rate limit that resets in 60 s, and refuses to send when it resets in 61 s', async () => {
    const at = defaults([{ ...ok, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '60' } }, ok]);
    await at.t.request('GET', '/v1/a');
    await at.t.request('GET', '/v1/b');
    assert.deepEqual(at.clock.sleeps, [60_000]);
    const past = defaults([{ ...ok, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '61' } }, ok]);
    await past.t.request('GET', '/v1/a');
    const e = await rejects(past.t.request('GET', '/v1/b'));
    assert.equal(e.kind, 'rate-limited');
    assert.equal(past.fetch.sent.length, 1);
    assert.match(e.message, /it resets in about 2 min/);
  });
});
