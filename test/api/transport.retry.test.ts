/**
 * The transport's retries, pauses, rate limits and the command's time limit, on a fake clock: which statuses and
 * errors are retried and how often, the exact pause before each retry, the request log line by line, and the
 * exact message and "what to do" sentence of each way a request ends.
 */
import { expect } from 'chai';
import { Deadline } from '../../api/deadline';
import { ApiError, MASK } from '../../api/errors';
import { SecretSet } from '../../api/redact';
import { Transport, type FetchLike, type HttpMethod, type TransportOptions } from '../../api/transport';
import { FakeClock, requestLog, scriptedFetch, type ScriptedReply } from '../helpers/fakes';

const TOKEN = 'tok-RETRY-0123456789';
const NETWORK_HINT = 'Check the network and the API address (https://api.example.test; set it with --api-url).';

const ok: ScriptedReply = { status: 200, body: { ok: true } };
const err = (status: number, headers?: Record<string, string>): ScriptedReply => ({ status, body: { message: `failure ${status}` }, headers });
const reset: ScriptedReply = { networkError: 'ECONNRESET' };

/** A transport on a fake clock; each fetch takes `takes[i]` ms of the clock (0 when not given). */
function make(replies: ScriptedReply[], options: Partial<TransportOptions> = {}, takes: number[] = []) {
  const clock = new FakeClock();
  const scripted = scriptedFetch(replies);
  const fetch: FetchLike = async (url, init) => {
    clock.time += takes.shift() ?? 0;
    return scripted(url, init);
  };
  const log = requestLog();
  const t = new Transport({
    platform: 'northflank', baseUrl: 'https://api.example.test', token: TOKEN, authScheme: 'Bearer',
    fetch, sleep: clock.sleep, now: clock.now, random: () => 0.5, onRequest: log.onRequest,
    parseError: (body) => ({ message: (body as { message?: string } | undefined)?.message }),
    ...options,
  });
  return { t, clock, sent: scripted.sent, log };
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const e = await promise.then(() => undefined, (x: unknown) => x);
  expect(e, 'expected an ApiError').to.be.instanceOf(ApiError);
  return e as ApiError;
}


describe('transport: which answers are retried', () => {
  for (const status of [500, 501, 502, 503, 504, 599, 429]) {
    it(`${status} on a GET: retried three times`, async () => {
      const { t, clock, sent } = make([err(status), err(status), err(status), err(status)]);
      const e = await failure(t.request('GET', '/v1/x'));
      expect(sent).to.have.length(4);
      expect(clock.sleeps).to.deep.equal([375, 750, 1500]);
      expect(e.attempts).to.equal(4);
      expect(e.status).to.equal(status);
    });
  }

  for (const status of [400, 401, 403, 404, 409, 422, 428, 430, 451, 499]) {
    it(`${status} on a GET: not retried`, async () => {
      const { t, clock, sent } = make([err(status), ok]);
      const e = await failure(t.request('GET', '/v1/x'));
      expect(sent).to.have.length(1);
      expect(clock.sleeps).to.deep.equal([]);
      expect(e.attempts).to.equal(1);
    });
  }

  for (const method of ['POST', 'PATCH'] as HttpMethod[]) {
    it(`a ${method} is sent once, whatever the answer`, async () => {
      for (const reply of [err(500), err(503), err(429, { 'retry-after': '1' }), reset, { networkError: 'ECONNREFUSED' }]) {
        const { t, clock, sent } = make([reply, ok]);
        await failure(t.request(method, '/v1/x', { body: {} }));
        expect(sent, JSON.stringify(reply)).to.have.length(1);
        expect(clock.sleeps).to.deep.equal([]);
      }
    });
  }

  it('an error status given as `accept` is an answer, never retried', async () => {
    const { t, sent } = make([err(503), ok]);
    const r = await t.request('GET', '/v1/x', { accept: [503] });
    expect(r).to.deep.include({ status: 503, body: { message: 'failure 503' } });
    expect(sent).to.have.length(1);
  });

  it('maxRetries 0: one attempt; maxRetries 5: six', async () => {
    const none = make([err(503), ok], { retry: { maxRetries: 0 } });
    expect((await failure(none.t.request('GET', '/v1/x'))).attempts).to.equal(1);
    expect(none.clock.sleeps).to.deep.equal([]);
    const many = make(Array.from({ length: 7 }, () => err(503)), { retry: { maxRetries: 5 } });
    expect((await failure(many.t.request('PUT', '/v1/x', { body: {} }))).attempts).to.equal(6);
    expect(many.clock.sleeps).to.deep.equal([375, 750, 1500, 3000, 6000]);
  });
});

describe('transport: the pause before each retry', () => {
  it('429: Retry-After seconds, at least 1 s; backoff when absent or unreadable', async () => {
    const { t, clock } = make([err(429, { 'retry-after': '2' }), err(429, { 'retry-after': '0.5' }), err(429, { 'retry-after': 'later' }), ok]);
    await t.request('GET', '/v1/x');
    expect(clock.sleeps).to.deep.equal([2000, 1000, 1500]);
  });

  it('5xx: backoff, whatever its Retry-After says', async () => {
    const { t, clock } = make([err(503, { 'retry-after': '7' }), err(500, { 'retry-after': '0' }), ok]);
    await t.request('GET', '/v1/x');
    expect(clock.sleeps).to.deep.equal([375, 750]);
  });

  it('network errors: backoff', async () => {
    const { t, clock } = make([reset, { networkError: 'ETIMEDOUT' }, reset, ok]);
    await t.request('DELETE', '/v1/x');
    expect(clock.sleeps).to.deep.equal([375, 750, 1500]);
  });

  it('a pause longer than maxRetryAfterMs is not taken, a backoff as much as a Retry-After', async () => {
    const short = make([err(503), ok], { retry: { maxRetryAfterMs: 374 } });
    expect((await failure(short.t.request('GET', '/v1/x'))).attempts).to.equal(1);
    expect(short.clock.sleeps).to.deep.equal([]);
    const enough = make([err(503), ok], { retry: { maxRetryAfterMs: 375 } });
    await enough.t.request('GET', '/v1/x');
    expect(enough.clock.sleeps).to.deep.equal([375]);
  });

  it('random jitter by default: the first pause is between 250 and 500 ms', async () => {
    const clock = new FakeClock();
    const t = new Transport({ platform: 'northflank', baseUrl: 'https://api.example.test', token: TOKEN, authScheme: 'Bearer', fetch: scriptedFetch([err(503), ok]), sleep: clock.sleep, now: clock.now });
    await t.request('GET', '/v1/x');
    expect(clock.sleeps).to.have.length(1);
    expect(clock.sleeps[0]).to.be.within(250, 500);
  });

  it('logs each attempt with its status, outcome, duration and the pause after it', async () => {
    const { t, log } = make([err(503), reset, err(429, { 'retry-after': '3' }), ok], {}, [40, 7, 12, 5]);
    await t.request('PUT', '/v1/x?show=1', { body: {} });
    expect(log.entries).to.deep.equal([
      { platform: 'northflank', method: 'PUT', path: '/v1/x?show=1', attempt: 1, durationMs: 40, status: 503, outcome: 'http-error', retryInMs: 375 },
      { platform: 'northflank', method: 'PUT', path: '/v1/x?show=1', attempt: 2, durationMs: 7, outcome: 'network-error', retryInMs: 750 },
      { platform: 'northflank', method: 'PUT', path: '/v1/x?show=1', attempt: 3, durationMs: 12, status: 429, outcome: 'http-error', retryInMs: 3000 },
      { platform: 'northflank', method: 'PUT', path: '/v1/x?show=1', attempt: 4, durationMs: 5, status: 200, outcome: 'ok' },
    ]);
  });

  it('logs the last failure without a pause, and a duration never below 0 (a clock set back)', async () => {
    const { t, log } = make([err(400)], {}, [-500]);
    await failure(t.request('GET', '/v1/x'));
    expect(log.entries).to.deep.equal([{ platform: 'northflank', method: 'GET', path: '/v1/x', attempt: 1, durationMs: 0, status: 400, outcome: 'http-error', retryInMs: undefined }]);
  });

  it('measures durations with the real clock by default', async () => {
    const log = requestLog();
    const t = new Transport({ platform: 'northflank', baseUrl: 'https://api.example.test', token: TOKEN, authScheme: 'Bearer', fetch: scriptedFetch([ok]), onRequest: log.onRequest });
    await t.request('GET', '/v1/x');
    expect(Number.isFinite(log.entries[0].durationMs)).to.equal(true);
    expect(log.entries[0].durationMs).to.be.at.least(0);
  });
});

describe('transport: the error after the last attempt', () => {
  it('5xx on a GET: the platform message, the attempts and "try again later"', async () => {
    const { t } = make([err(503), err(503), err(502), err(500, { 'x-request-id': 'req-1' })]);
    const e = await failure(t.request('GET', '/v1/x'));
    expect(e.message).to.equal('Northflank answered 500 Internal Server Error to GET /v1/x after 4 attempts: failure 500 (request id req-1).');
    expect(e.hint).to.equal('Northflank failed on its side; try again later.');
    expect(e).to.deep.include({ kind: 'http', status: 500, attempts: 4, requestId: 'req-1', mayHaveBeenApplied: false, retryAfterMs: undefined });
  });

  it('429 every time: how long it asked to wait', async () => {
    const { t, clock } = make([err(429, { 'retry-after': '1' }), err(429, { 'retry-after': '1' }), err(429, { 'retry-after': '1' }), err(429, { 'retry-after': '90' })]);
    const e = await failure(t.request('GET', '/v1/x'));
    expect(clock.sleeps).to.deep.equal([1000, 1000, 1000]);
    expect(e.message).to.equal('Northflank answered 429 Too Many Requests to GET /v1/x after 4 attempts: failure 429.');
    expect(e.hint).to.equal('Northflank is rate limiting this token: wait 90 s, then run it again.');
    expect(e.retryAfterMs).to.equal(90_000);
  });

  it('a 5xx keeps its Retry-After in the error', async () => {
    const { t } = make([err(503, { 'retry-after': '5' })], { retry: { maxRetries: 0 } });
    expect((await failure(t.request('GET', '/v1/x'))).retryAfterMs).to.equal(5000);
  });

  it('a 4xx is not retried and says what to do', async () => {
    const { t } = make([err(499)]);
    const e = await failure(t.request('GET', '/v1/x'));
    expect(e.message).to.equal('Northflank answered 499 to GET /v1/x: failure 499.');
    expect(e.hint).to.equal("Run it again; if it keeps failing, quote the request id to Northflank's support.");
  });

  it('a 5xx to a POST or a PATCH may have been applied; a 4xx may not, nor a 5xx to a PUT', async () => {
    const post = await failure(make([err(500)]).t.request('POST', '/v1/x', { body: {} }));
    expect(post.mayHaveBeenApplied).to.equal(true);
    expect(post.hint).to.equal('Northflank failed on its side. The request may or may not have been applied: look before running it again.');
    expect((await failure(make([err(502)]).t.request('PATCH', '/v1/x', { body: {} }))).mayHaveBeenApplied).to.equal(true);
    expect((await failure(make([err(499)]).t.request('POST', '/v1/x', { body: {} }))).mayHaveBeenApplied).to.equal(false);
    expect((await failure(make([err(500)], { retry: { maxRetries: 0 } }).t.request('PUT', '/v1/x', { body: {} }))).mayHaveBeenApplied).to.equal(false);
  });

  it('the platform\'s request id comes first, the headers\' next, in their order', async () => {
    const parseError = (b: unknown) => ({ message: 'm', requestId: (b as { id?: string } | undefined)?.id });
    const fromBody = await failure(make([{ status: 400, body: { id: 'body-id' }, headers: { 'x-request-id': 'header-id' } }], { parseError }).t.request('GET', '/v1/x'));
    expect(fromBody.requestId).to.equal('body-id');
    for (const [headers, id] of [
      [{ 'x-request-id': 'a', 'request-id': 'b' }, 'a'],
      [{ 'request-id': 'b', 'x-amzn-requestid': 'c' }, 'b'],
      [{ 'x-amzn-requestid': 'c', 'x-correlation-id': 'd' }, 'c'],
      [{ 'x-correlation-id': 'd' }, 'd'],
      [{ 'x-request-id': '', 'x-correlation-id': 'd' }, 'd'],
    ] as [Record<string, string>, string][]) {
      const e = await failure(make([{ status: 400, body: {}, headers }], { parseError }).t.request('GET', '/v1/x'));
      expect(e.requestId, JSON.stringify(headers)).to.equal(id);
      expect(e.message).to.equal(`Northflank answered 400 Bad Request to GET /v1/x: m (request id ${id}).`);
    }
    const none = await failure(make([{ status: 400, body: {} }], { parseError }).t.request('GET', '/v1/x'));
    expect(none.requestId).to.equal(undefined);
    expect(none.message).to.equal('Northflank answered 400 Bad Request to GET /v1/x: m.');
  });

  it('an answer\'s request id is returned with it', async () => {
    const r = await make([{ ...ok, headers: { 'x-amzn-requestid': 'amz-1' } }]).t.request('GET', '/v1/x');
    expect(r.requestId).to.equal('amz-1');
    expect((await make([ok]).t.request('GET', '/v1/x')).requestId).to.equal(undefined);
  });

  it('a request id is masked and cut at 200 characters', async () => {
    const long = `${TOKEN}-${'r'.repeat(250)}`;
    const e = await failure(make([{ status: 400, body: {}, headers: { 'x-request-id': long } }]).t.request('GET', '/v1/x'));
    const masked = `${MASK}-${'r'.repeat(250)}`;
    expect(e.requestId).to.equal(`${masked.slice(0, 200)}… (cut: ${masked.length - 200} more characters)`);
  });

  it('reads the error body it is given: JSON, text, or nothing', async () => {
    const seen: [unknown, string][] = [];
    const parseError = (b: unknown, text: string, headers: Headers) => {
      seen.push([b, `${text}|${headers.get('x-test') ?? ''}`]);
      return {};
    };
    const { t } = make([{ status: 400, text: '{"a":1}', headers: { 'x-test': 'h' } }, { status: 400, text: 'not json' }, { status: 400, text: ' \n ' }], { parseError });
    for (let i = 0; i < 3; i++) await failure(t.request('GET', '/v1/x'));
    expect(seen).to.deep.equal([[{ a: 1 }, '{"a":1}|h'], [undefined, 'not json|'], [undefined, ' \n |']]);
  });

  it('without a parseError, the error has no platform message', async () => {
    const fetch = scriptedFetch([err(400)]);
    const t = new Transport({ platform: 'qovery', baseUrl: 'https://api.example.test', token: TOKEN, authScheme: 'Token', fetch });
    const e = await failure(t.request('GET', '/organization'));
    expect(e.message).to.equal('Qovery answered 400 Bad Request to GET /organization.');
    expect(e.platformMessage).to.equal(undefined);
  });

  it('masks the token even when the caller shares its own set, and values given at construction', async () => {
    const e = await failure(make([{ status: 400, body: { message: `${TOKEN} / constructed-VALUE / request-VALUE` } }], { secretValues: ['constructed-VALUE'] })
      .t.request('PUT', '/v1/x', { body: {}, secretValues: ['request-VALUE'] }));
    expect(e.platformMessage).to.equal(`${MASK} / ${MASK} / ${MASK}`);
  });

  it('adds to a shared set the token and exactly the values it is given, nothing of its own', async () => {
    // mutants: `options.secretValues ?? []` → `?? ["Stryker was here"]`, in the constructor and in `request`.
    const secrets = new SecretSet();
    const { t } = make([ok, ok], { secrets });
    expect([...secrets.values()]).to.deep.equal([TOKEN]);
    await t.request('GET', '/v1/x');
    expect([...secrets.values()]).to.deep.equal([TOKEN]);
    await t.request('PUT', '/v1/x', { body: {}, secretValues: ['request-VALUE'] });
    expect([...secrets.values()]).to.deep.equal([TOKEN, 'request-VALUE']);
  });
});

describe('transport: answers lost (no answer to a change)', () => {
  it('a POST reset: it may have been applied and is never sent twice', async () => {
    const { t } = make([reset]);
    const e = await failure(t.request('POST', '/v1/x', { body: {} }));
    expect(e.message).to.equal('Northflank could not be reached for POST /v1/x (ECONNRESET).');
    expect(e.hint).to.equal(`It was a POST, which is never sent twice: it may have been applied, so look at Northflank before running it again. ${NETWORK_HINT}`);
    expect(e.mayHaveBeenApplied).to.equal(true);
  });

  it('a PATCH reset: the same, naming the PATCH', async () => {
    const e = await failure(make([reset]).t.request('PATCH', '/v1/x', { body: {} }));
    expect(e.hint).to.equal(`It was a PATCH, which is never sent twice: it may have been applied, so look at Northflank before running it again. ${NETWORK_HINT}`);
  });

  it('a PUT reset, then a client error: "may have been applied" comes first', async () => {
    const { t } = make([reset, err(400)]);
    const e = await failure(t.request('PUT', '/v1/x', { body: {} }));
    expect(e.hint).to.equal("Its answer was lost, so the PUT may have been applied: a rerun, or `secretdef diff`, will tell. Correct the request as Northflank's message says, then run it again.");
    expect(e.mayHaveBeenApplied).to.equal(true);
    expect(e.attempts).to.equal(2);
  });

  it('a DELETE reset on every attempt', async () => {
    const e = await failure(make([reset, reset, reset, reset]).t.request('DELETE', '/v1/x'));
    expect(e.message).to.equal('Northflank could not be reached for DELETE /v1/x after 4 attempts (ECONNRESET).');
    expect(e.hint).to.equal(`Its answer was lost, so the DELETE may have been applied: a rerun, or \`secretdef diff\`, will tell. ${NETWORK_HINT}`);
    expect(e.mayHaveBeenApplied).to.equal(true);
  });

  it('a GET reset is never "applied"', async () => {
    const e = await failure(make([reset, err(400)]).t.request('GET', '/v1/x'));
    expect(e.hint).to.equal("Correct the request as Northflank's message says, then run it again.");
    expect(e.mayHaveBeenApplied).to.equal(false);
  });

  for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']) {
    it(`${code}: the request never left, so a PUT was not applied`, async () => {
      const { t, clock } = make([{ networkError: code }, { networkError: code }, { networkError: code }, { networkError: code }]);
      const e = await failure(t.request('PUT', '/v1/x', { body: {} }));
      expect(clock.sleeps).to.deep.equal([375, 750, 1500]);
      expect(e.message).to.equal(`Northflank could not be reached for PUT /v1/x after 4 attempts (${code}).`);
      expect(e.hint).to.equal(NETWORK_HINT);
      expect(e).to.deep.include({ kind: 'network', causeCode: code, mayHaveBeenApplied: false });
    });
  }

  it('a PUT reset, then an answer that is not JSON: "probably applied", said once', async () => {
    const e = await failure(make([reset, { status: 200, text: '<html>' }]).t.request('PUT', '/v1/x', { body: {} }));
    expect(e.hint).to.equal('The request was accepted, so it has probably been applied: check the state before running it again.');
    expect(e.mayHaveBeenApplied).to.equal(true);
  });

  it('a PUT refused, then a 503: not applied', async () => {
    const e = await failure(make([{ networkError: 'ECONNREFUSED' }, err(503)], { retry: { maxRetries: 1 } }).t.request('PUT', '/v1/x', { body: {} }));
    expect(e.hint).to.equal('Northflank failed on its side; try again later.');
    expect(e.mayHaveBeenApplied).to.equal(false);
  });
});

describe('transport: cancelled during a pause', () => {
  const cancelling = () => {
    const controller = new AbortController();
    const sleeps: number[] = [];
    const sleep = async (ms: number, signal?: AbortSignal) => {
      sleeps.push(ms);
      controller.abort();
      if (signal?.aborted) throw signal.reason;
    };
    return { controller, sleeps, sleep };
  };

  it('a GET between retries: cancelled, nothing more sent', async () => {
    const c = cancelling();
    const { t, sent, log } = make([err(503), ok], { sleep: c.sleep });
    const e = await failure(t.request('GET', '/v1/x', { signal: c.controller.signal }));
    expect(sent).to.have.length(1);
    expect(c.sleeps).to.deep.equal([375]);
    expect(e.message).to.equal('GET /v1/x to Northflank was cancelled.');
    expect(e).to.deep.include({ kind: 'cancelled', attempts: 1, hint: 'Nothing more will be sent.', mayHaveBeenApplied: false });
    expect(log.entries.map((x) => x.outcome)).to.deep.equal(['http-error']);
  });

  it('a PUT whose answer was lost: cancelled, and it may have been applied', async () => {
    const c = cancelling();
    const e = await failure(make([reset, ok], { sleep: c.sleep }).t.request('PUT', '/v1/x', { body: {}, signal: c.controller.signal }));
    expect(e.hint).to.equal('Its answer was lost, so the PUT may have been applied: a rerun, or `secretdef diff`, will tell. Nothing more will be sent.');
    expect(e.mayHaveBeenApplied).to.equal(true);
  });
});

describe('transport: the command time limit', () => {
  function withDeadline(totalMs: number, replies: ScriptedReply[], howToRaise?: string, options: Partial<TransportOptions> = {}) {
    const clock = new FakeClock();
    const deadline = new Deadline(totalMs, { now: clock.now, howToRaise });
    const fetch = scriptedFetch(replies);
    const t = new Transport({
      platform: 'northflank', baseUrl: 'https://api.example.test', token: TOKEN, authScheme: 'Bearer', fetch, sleep: clock.sleep, now: clock.now,
      random: () => 0.5, deadline, parseError: (b) => ({ message: (b as { message?: string } | undefined)?.message }), ...options,
    });
    return { t, clock, deadline, sent: fetch.sent };
  }

  it('a pause must end before the limit: one that ends exactly at it is not taken', async () => {
    const { t, clock, sent } = withDeadline(1125, [err(503), err(503), err(503), ok]);
    const e = await failure(t.request('GET', '/v1/x'));
    expect(clock.sleeps).to.deep.equal([375]);
    expect(sent).to.have.length(2);
    expect(e.hint).to.equal("Northflank failed on its side; try again later. There was no time left to try again within the command's time limit (1 s).");
    const room = withDeadline(1126, [err(503), err(503), ok]);
    await room.t.request('GET', '/v1/x');
    expect(room.clock.sleeps).to.deep.equal([375, 750]);
  });

  it('the same for network errors', async () => {
    const { t, clock } = withDeadline(1125, [reset, reset, ok]);
    const e = await failure(t.request('PUT', '/v1/x', { body: {} }));
    expect(clock.sleeps).to.deep.equal([375]);
    expect(e.hint).to.equal(`Its answer was lost, so the PUT may have been applied: a rerun, or \`secretdef diff\`, will tell. ${NETWORK_HINT} There was no time left to try again within the command's time limit (1 s).`);
  });

  it('says nothing of the time limit when there was no retry to skip', async () => {
    const long = withDeadline(300_000, [err(429, { 'retry-after': '3600' })]);
    expect((await failure(long.t.request('GET', '/v1/x'))).hint).to.equal('Northflank is rate limiting this token: wait 60 min, then run it again.');
    const post = withDeadline(1, [reset]);
    expect((await failure(post.t.request('POST', '/v1/x', { body: {} }))).hint).to.equal(`It was a POST, which is never sent twice: it may have been applied, so look at Northflank before running it again. ${NETWORK_HINT}`);
    const last = withDeadline(300_000, [err(503)], undefined, { retry: { maxRetries: 0 } });
    expect((await failure(last.t.request('GET', '/v1/x'))).hint).to.equal('Northflank failed on its side; try again later.');
  });

  it('used up before the first attempt (exactly): nothing is sent', async () => {
    const { t, clock, deadline, sent } = withDeadline(2_000, [ok], 'Raise it with --command-timeout.');
    deadline.begin();
    clock.time += 2_000;
    deadline.end();
    const e = await failure(t.request('PUT', '/v1/x', { body: {} }));
    expect(sent).to.have.length(0);
    expect(e.message).to.equal("PUT /v1/x to Northflank was not sent: the command's time limit (2 s) is used up.");
    expect(e.hint).to.equal("Nothing was sent: check the network and Northflank's status, then run it again. Raise it with --command-timeout.");
    expect(e).to.deep.include({ kind: 'timeout', attempts: 0, mayHaveBeenApplied: false });
    expect(e.timeLimit).to.deep.equal({ ms: 2_000, scope: 'command' });
  });

  it('used up during a pause (another request of the command ran meanwhile): nothing more is sent', async () => {
    const clock = new FakeClock();
    const deadline = new Deadline(1_500, { now: clock.now });
    const sleeps: number[] = [];
    const fetch = scriptedFetch([err(503), ok]);
    const t = new Transport({
      platform: 'northflank', baseUrl: 'https://api.example.test', token: TOKEN, authScheme: 'Bearer', fetch, now: clock.now, random: () => 0.5, deadline,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock.time += ms + 2_000;
      },
    });
    const e = await failure(t.request('GET', '/v1/x'));
    expect(sleeps).to.deep.equal([375]);
    expect(fetch.sent).to.have.length(1);
    expect(e.message).to.equal("Northflank did not answer GET /v1/x in time (the command's time limit of 2 s ran out).");
    expect(e.hint).to.equal("Nothing more was sent: check the network and Northflank's status, then run it again.");
    expect(e).to.deep.include({ kind: 'timeout', attempts: 1 });
    expect(e.timeLimit).to.deep.equal({ ms: 1_500, scope: 'command' });
  });

  it('counts only the time of the request: once it ends, the clock no longer spends the limit', async () => {
    const { t, clock, deadline } = withDeadline(10_000, [err(503), ok]);
    await t.request('GET', '/v1/x');
    expect(deadline.remainingMs()).to.equal(10_000 - 375);
    clock.time += 60_000;
    expect(deadline.remainingMs()).to.equal(10_000 - 375);
    await failure(withDeadline(10_000, [err(400)]).t.request('GET', '/v1/x'));
  });

  it('the time limit counts a failed request too', async () => {
    const { t, clock, deadline } = withDeadline(10_000, [err(503), err(400)]);
    await failure(t.request('GET', '/v1/x'));
    clock.time += 60_000;
    expect(deadline.remainingMs()).to.equal(10_000 - 375);
  });
});

describe('transport: the rate limit', () => {
  const limited = (reset: string, remaining = '0'): ScriptedReply => ({ ...ok, headers: { 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': remaining, 'x-ratelimit-reset': reset } });

  it('waits for the reset, logs the wait, then forgets the used-up state', async () => {
    const { t, clock, sent, log } = make([limited('20'), ok]);
    await t.request('GET', '/v1/a');
    const resetAt = clock.time + 20_000;
    expect(t.rateLimit).to.deep.equal({ limit: 100, remaining: 0, resetAt });
    await t.request('DELETE', '/v1/b');
    expect(clock.sleeps).to.deep.equal([20_000]);
    expect(sent).to.have.length(2);
    expect(log.entries[1]).to.deep.equal({ platform: 'northflank', method: 'DELETE', path: '/v1/b', attempt: 0, outcome: 'rate-limited', durationMs: 0, retryInMs: 20_000 });
    expect(t.rateLimit).to.deep.equal({ limit: 100, remaining: undefined, resetAt });
  });

  it('does not wait when requests remain, when no reset is given, or when the reset is now', async () => {
    for (const first of [limited('20', '1'), { ...ok, headers: { 'x-ratelimit-remaining': '0' } }, limited('0')]) {
      const { t, clock, log } = make([first, ok]);
      await t.request('GET', '/v1/a');
      await t.request('GET', '/v1/b');
      expect(clock.sleeps, JSON.stringify(first.headers)).to.deep.equal([]);
      expect(log.entries.map((e) => e.outcome)).to.deep.equal(['ok', 'ok']);
    }
  });

  it('keeps the last state an answer told when the next tells nothing', async () => {
    const { t, clock } = make([limited('30', '7'), ok]);
    await t.request('GET', '/v1/a');
    const state = { limit: 100, remaining: 7, resetAt: clock.time + 30_000 };
    await t.request('GET', '/v1/b');
    expect(t.rateLimit).to.deep.equal(state);
  });

  it('reads it from error answers too', async () => {
    const { t, clock } = make([{ ...err(400), headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '5' } }, ok]);
    await failure(t.request('GET', '/v1/a'));
    await t.request('GET', '/v1/b');
    expect(clock.sleeps).to.deep.equal([5_000]);
  });

  it('waits without a request log', async () => {
    const { t, clock } = make([limited('20'), ok], { onRequest: undefined });
    await t.request('GET', '/v1/a');
    await t.request('GET', '/v1/b');
    expect(clock.sleeps).to.deep.equal([20_000]);
  });

  it('waits for a reset of exactly maxRetryAfterMs', async () => {
    const { t, clock, sent } = make([limited('45'), ok], { retry: { maxRetryAfterMs: 45_000 } });
    await t.request('GET', '/v1/a');
    await t.request('GET', '/v1/b');
    expect(clock.sleeps).to.deep.equal([45_000]);
    expect(sent).to.have.length(2);
  });

  it('fails without sending when the reset is after maxRetryAfterMs, in whole minutes rounded up', async () => {
    for (const [seconds, minutes] of [[120, 2], [121, 3], [61, 2]] as const) {
      const { t, sent, log } = make([limited(String(seconds)), ok], { retry: { maxRetryAfterMs: 60_000 } });
      await t.request('GET', '/v1/a');
      const e = await failure(t.request('GET', '/v1/b'));
      expect(sent).to.have.length(1);
      expect(e.message).to.equal(`Northflank's rate limit is used up; GET /v1/b was not sent (it resets in about ${minutes} min).`);
      expect(e.hint).to.equal('Wait until the rate limit resets, then run it again (or ask Northflank for a higher limit).');
      expect(e).to.deep.include({ kind: 'rate-limited', retryAfterMs: seconds * 1000, attempts: 1, mayHaveBeenApplied: false });
      expect(log.entries).to.have.length(1);
    }
  });

  it('fails without sending when the reset is not before the end of the command\'s time limit', async () => {
    const clock = new FakeClock();
    const deadline = new Deadline(20_000, { now: clock.now });
    const run = async (reset: string) => {
      const fetch = scriptedFetch([limited(reset), ok]);
      const t = new Transport({ platform: 'qovery', baseUrl: 'https://api.example.test', token: TOKEN, authScheme: 'Token', fetch, sleep: clock.sleep, now: clock.now, deadline });
      await t.request('GET', '/a');
      return { result: await t.request('GET', '/b').then(() => undefined, (e: unknown) => e), fetch };
    };
    const at = await run('20');
    expect(at.result).to.be.instanceOf(ApiError);
    expect((at.result as ApiError).message).to.equal("Qovery's rate limit is used up; GET /b was not sent (it resets in about 1 min).");
    expect((at.result as ApiError).hint).to.equal('Wait until the rate limit resets, then run it again (or ask Qovery for a higher limit).');
    expect(at.fetch.sent).to.have.length(1);
    const before = await run('19.999');
    expect(before.result).to.equal(undefined);
    expect(clock.sleeps).to.deep.equal([19_999]);
  });

  it('cancelled during the wait: nothing sent, no attempt', async () => {
    const controller = new AbortController();
    const { t, sent } = make([limited('20'), ok], {
      sleep: async (_ms, signal) => {
        controller.abort();
        if (signal?.aborted) throw signal.reason;
      },
    });
    await t.request('GET', '/v1/a');
    const e = await failure(t.request('GET', '/v1/b', { signal: controller.signal }));
    expect(sent).to.have.length(1);
    expect(e.message).to.equal('GET /v1/b to Northflank was cancelled.');
    expect(e).to.deep.include({ kind: 'cancelled', attempts: 0, hint: 'Nothing more will be sent.', mayHaveBeenApplied: false });
  });
});
