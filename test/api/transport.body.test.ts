/**
 * One attempt of the transport, on fake fetches and hand-made bodies: the size caps (at the cap and one byte over,
 * for answers and error answers, with and without `accept`), decoding across chunks, redirects, what is sent,
 * cancellation and the time limit (fired by hand with captured timers), and the network cause it reports.
 */
import { expect } from 'chai';
import { Deadline } from '../../api/deadline';
import { ApiError } from '../../api/errors';
import { Transport, type FetchLike, type TransportOptions } from '../../api/transport';
import { captureTimers, FakeClock, requestLog } from '../helpers/fakes';

const TOKEN = 'tok-BODY-9876543210';
const BASE = 'https://api.example.test';
const enc = new TextEncoder();
type Payload = ConstructorParameters<typeof Response>[0];

/** A body served chunk by chunk; `hangAfter` chunks, it stops sending. Records whether it was cancelled. */
function stream(chunks: Uint8Array[], hangAfter = Number.POSITIVE_INFINITY) {
  const state = { cancelled: false, pulls: 0 };
  let waiting!: () => void;
  const hung = new Promise<void>((resolve) => (waiting = resolve));
  const queue = [...chunks];
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      state.pulls++;
      if (state.pulls > hangAfter) {
        waiting();
        return new Promise<void>(() => undefined);
      }
      const next = queue.shift();
      if (next) controller.enqueue(next);
      else controller.close();
      return undefined;
    },
    cancel() {
      state.cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { body, state, hung };
}

const bytes = (text: string) => enc.encode(text);
/** A JSON string of exactly n bytes. */
const jsonOf = (n: number) => `"${'a'.repeat(n - 2)}"`;

interface Call { url: string; init: RequestInit }

/** A fetch answering from functions, recording each call with its init (signal, redirect…). */
function fetchOf(answers: ((call: Call) => Promise<Response> | Response)[]) {
  const calls: Call[] = [];
  const fn: FetchLike = async (url, init) => {
    const call = { url, init };
    calls.push(call);
    const answer = answers.shift();
    if (!answer) throw new Error('no answer left');
    return answer(call);
  };
  return Object.assign(fn, { calls });
}

function make(fetch: FetchLike, options: Partial<TransportOptions> = {}) {
  const clock = new FakeClock();
  const log = requestLog();
  const seen: string[] = [];
  const t = new Transport({
    platform: 'northflank', baseUrl: BASE, token: TOKEN, authScheme: 'Bearer', fetch, sleep: clock.sleep, now: clock.now, random: () => 0.5,
    onRequest: log.onRequest,
    parseError: (_body, text) => {
      seen.push(text);
      return { message: `len ${text.length}` };
    },
    ...options,
  });
  return { t, clock, log, seen };
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const e = await promise.then(() => undefined, (x: unknown) => x);
  expect(e, 'expected an ApiError').to.be.instanceOf(ApiError);
  return e as ApiError;
}

const respond = (body: Payload, status = 200, headers?: Record<string, string>) => () => new Response(body, { status, headers });

describe('transport: the size cap of an answer', () => {
  it('reads an answer of exactly the cap, in one chunk or several', async () => {
    for (const chunks of [[bytes(jsonOf(2048))], [bytes(jsonOf(2048).slice(0, 1024)), bytes(jsonOf(2048).slice(1024))]]) {
      const s = stream(chunks);
      const fetch = fetchOf([() => new Response(s.body)]);
      const r = await make(fetch, { maxBodyBytes: 2048 }).t.request('GET', '/v1/x');
      expect(r.body).to.equal('a'.repeat(2046));
      expect(fetch.calls[0].init.signal?.aborted).to.equal(false);
      expect(s.state.cancelled).to.equal(false);
    }
  });

  it('refuses one byte more, in one chunk or across chunks, and stops reading', async () => {
    const over = jsonOf(2049);
    for (const chunks of [[bytes(over)], [bytes(over.slice(0, 1024)), bytes(over.slice(1024)), bytes('never read')], [bytes(over.slice(0, 1500)), bytes(over.slice(1500))]]) {
      const s = stream(chunks);
      const fetch = fetchOf([() => new Response(s.body), respond('{}')]);
      const { t, log } = make(fetch, { maxBodyBytes: 2048 });
      const e = await failure(t.request('GET', '/v1/x'));
      expect(e.message).to.equal('Northflank sent an answer to GET /v1/x that cannot be read (the answer is larger than 2 KB, the most that is read).');
      expect(e.hint).to.equal("Check the API address (https://api.example.test): no answer of Northflank's API is that large.");
      expect(e).to.deep.include({ kind: 'bad-response', status: 200, attempts: 1, mayHaveBeenApplied: false });
      expect(fetch.calls).to.have.length(1, 'not retried');
      expect(log.entries.map((x) => [x.status, x.outcome])).to.deep.equal([[200, 'bad-response']]);
      expect(s.state.cancelled).to.equal(true);
      expect(fetch.calls[0].init.signal?.aborted).to.equal(true);
      expect(s.state.pulls).to.be.at.most(3);
    }
  });

  it('a change whose answer is too large has probably been applied', async () => {
    const e = await failure(make(fetchOf([respond(jsonOf(11))]), { maxBodyBytes: 10 }).t.request('PUT', '/v1/x', { body: {} }));
    expect(e.hint).to.equal('The request was accepted, so it has probably been applied: check the state before running it again.');
    expect(e.mayHaveBeenApplied).to.equal(true);
  });

  it('names the cap in KB or MB, rounded', async () => {
    for (const [cap, shown] of [[1024 * 1024, '1 MB'], [1024 * 1024 - 1, '1024 KB'], [1536, '2 KB'], [1535, '1 KB'], [3.5 * 1024 * 1024, '4 MB']] as const) {
      const e = await failure(make(fetchOf([respond(new Uint8Array(cap + 1))]), { maxBodyBytes: cap }).t.request('GET', '/v1/x'));
      expect(e.platformMessage, String(cap)).to.equal(`the answer is larger than ${shown}, the most that is read`);
    }
  });

  it('an accepted error status is read up to the answer cap, not the error cap', async () => {
    const text = JSON.stringify({ message: 'x'.repeat(100) });
    const r = await make(fetchOf([respond(text, 404)]), { maxBodyBytes: 2048, maxErrorBodyBytes: 16 }).t.request('GET', '/v1/x', { accept: [404] });
    expect(r).to.deep.include({ status: 404, body: { message: 'x'.repeat(100) } });
    const e = await failure(make(fetchOf([respond(jsonOf(2049), 404)]), { maxBodyBytes: 2048, maxErrorBodyBytes: 4096 }).t.request('GET', '/v1/x', { accept: [404] }));
    expect(e).to.deep.include({ kind: 'bad-response', status: 404 });
    expect(e.platformMessage).to.equal('the answer is larger than 2 KB, the most that is read');
  });
});

describe('transport: the size cap of an error answer', () => {
  it('reads an error of exactly the cap whole', async () => {
    const s = stream([bytes('x'.repeat(1000)), bytes('y'.repeat(1048))]);
    const fetch = fetchOf([() => new Response(s.body, { status: 400 })]);
    const { t, seen } = make(fetch, { maxErrorBodyBytes: 2048 });
    const e = await failure(t.request('GET', '/v1/x'));
    expect(seen).to.deep.equal(['x'.repeat(1000) + 'y'.repeat(1048)]);
    expect(e.message).to.equal('Northflank answered 400 Bad Request to GET /v1/x: len 2048.');
    expect(fetch.calls[0].init.signal?.aborted).to.equal(false);
  });

  it('cuts one byte more at the cap, says so, stops reading and drops the connection', async () => {
    const s = stream([bytes('x'.repeat(1000)), bytes('y'.repeat(1000)), bytes('z'.repeat(49)), bytes('never read')]);
    const fetch = fetchOf([() => new Response(s.body, { status: 400 })]);
    const { t, seen } = make(fetch, { maxErrorBodyBytes: 2048 });
    const e = await failure(t.request('GET', '/v1/x'));
    expect(seen).to.deep.equal(['x'.repeat(1000) + 'y'.repeat(1000) + 'z'.repeat(48)]);
    expect(e.message).to.equal('Northflank answered 400 Bad Request to GET /v1/x: len 2048 (the answer was longer than 2 KB and was not read to its end).');
    expect(s.state.cancelled).to.equal(true);
    expect(fetch.calls[0].init.signal?.aborted).to.equal(true);
  });

  it('the error cap applies without `accept`, and to a status not in it', async () => {
    const { t, seen } = make(fetchOf([respond('x'.repeat(20), 404)]), { maxErrorBodyBytes: 16, maxBodyBytes: 1000 });
    await failure(t.request('GET', '/v1/x', { accept: [409] }));
    expect(seen).to.deep.equal(['x'.repeat(16)]);
  });

  it('an error without a body is read as an empty text, not cut', async () => {
    const { t, seen } = make(fetchOf([respond(null, 404)]));
    const e = await failure(t.request('GET', '/v1/x'));
    expect(seen).to.deep.equal(['']);
    expect(e.message).to.equal('Northflank answered 404 Not Found to GET /v1/x: len 0.');
  });

  it('a cut error without a platform message says nothing of the cut', async () => {
    const e = await failure(make(fetchOf([respond('x'.repeat(20), 400)]), { maxErrorBodyBytes: 16, parseError: () => ({}) }).t.request('GET', '/v1/x'));
    expect(e.message).to.equal('Northflank answered 400 Bad Request to GET /v1/x.');
  });

  it('a cut error of a GET is still retried, and the last one says it was cut', async () => {
    const fetch = fetchOf([respond('x'.repeat(20), 503), respond('y'.repeat(20), 503)]);
    const { t, clock, seen } = make(fetch, { maxErrorBodyBytes: 16, retry: { maxRetries: 1 } });
    const e = await failure(t.request('GET', '/v1/x'));
    expect(clock.sleeps).to.deep.equal([375]);
    expect(seen).to.deep.equal(['x'.repeat(16), 'y'.repeat(16)]);
    expect(e.message).to.equal('Northflank answered 503 Service Unavailable to GET /v1/x after 2 attempts: len 16 (the answer was longer than 0 KB and was not read to its end).');
  });
});

describe('transport: reading the body', () => {
  it('decodes a character split across chunks', async () => {
    const e9 = enc.encode('"é€"');
    const s = stream([e9.slice(0, 2), e9.slice(2, 5), e9.slice(5)]);
    expect((await make(fetchOf([() => new Response(s.body)])).t.request('GET', '/v1/x')).body).to.equal('é€');
  });

  it('ends a body cut in the middle of a character with a replacement character', async () => {
    const { t, seen } = make(fetchOf([() => new Response(stream([bytes('ab'), new Uint8Array([0xc3])]).body, { status: 400 })]));
    await failure(t.request('GET', '/v1/x'));
    expect(seen).to.deep.equal(['ab\ufffd']);
  });

  it('an empty or blank answer is no body; so is a 204', async () => {
    for (const [text, status] of [['', 200], [' \n\t ', 200], [null, 204]] as const) {
      const r = await make(fetchOf([respond(text, status)])).t.request('DELETE', '/v1/x');
      expect(r.status).to.equal(status);
      expect(r.body).to.equal(undefined);
    }
  });

  it('an answer that is not JSON: cannot be read, with its request id; not retried', async () => {
    const fetch = fetchOf([respond('{"a":', 200, { 'x-request-id': 'r-9' }), respond('{}')]);
    const { t, log } = make(fetch);
    const e = await failure(t.request('GET', '/v1/x'));
    expect(e.message).to.equal('Northflank sent an answer to GET /v1/x that cannot be read (the body is not valid JSON) (request id r-9).');
    expect(e.hint).to.equal('Try again; if it persists, check --api-url (it may point at something that is not the API).');
    expect(e).to.deep.include({ kind: 'bad-response', status: 200, attempts: 1, mayHaveBeenApplied: false, requestId: 'r-9' });
    expect(fetch.calls).to.have.length(1);
    expect(log.entries.map((x) => [x.status, x.outcome])).to.deep.equal([[200, 'bad-response']]);
    const post = await failure(make(fetchOf([respond('<html>', 201)])).t.request('POST', '/v1/x', { body: {} }));
    expect(post.hint).to.equal('The request was accepted, so it has probably been applied: check the state before running it again.');
    expect(post).to.deep.include({ status: 201, mayHaveBeenApplied: true });
  });

  it('every 2xx is an answer; below 200 and from 400 is not', async () => {
    const r = await make(fetchOf([respond('{"n":1}', 299)])).t.request('GET', '/v1/x');
    expect(r).to.deep.include({ status: 299, body: { n: 1 } });
    const informational = () => Object.defineProperty(new Response('{}', { status: 200 }), 'status', { value: 199 });
    const e = await failure(make(fetchOf([informational])).t.request('GET', '/v1/x'));
    expect(e.message).to.equal('Northflank answered 199 to GET /v1/x: len 2.');
    const long = () => Object.defineProperty(new Response('x'.repeat(20), { status: 200 }), 'status', { value: 199 });
    const { t, seen } = make(fetchOf([long]), { maxErrorBodyBytes: 16 });
    await failure(t.request('GET', '/v1/x'));
    expect(seen).to.deep.equal(['x'.repeat(16)], 'read up to the error cap');
  });

  it('a body that fails while read is a network error, retried for a GET', async () => {
    const broken = () => new Response(new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
      },
    }));
    const fetch = fetchOf([broken, respond('{"ok":1}')]);
    const { t, clock, log } = make(fetch);
    expect((await t.request('GET', '/v1/x')).body).to.deep.equal({ ok: 1 });
    expect(clock.sleeps).to.deep.equal([375]);
    expect(log.entries.map((x) => x.outcome)).to.deep.equal(['network-error', 'ok']);
  });
});

describe('transport: what is sent', () => {
  it('GET: the token, JSON accepted, the user agent; no body, no content type; redirects not followed', async () => {
    const fetch = fetchOf([respond('{}')]);
    await make(fetch).t.request('GET', '/v1/x', { query: { page: 2, cursor: undefined, q: 'a b' } });
    const { url, init } = fetch.calls[0];
    expect(url).to.equal('https://api.example.test/v1/x?page=2&q=a+b');
    expect(init.method).to.equal('GET');
    expect(init.headers).to.deep.equal({ Authorization: `Bearer ${TOKEN}`, Accept: 'application/json', 'User-Agent': 'secretdef' });
    expect(init.body).to.equal(undefined);
    expect(init.redirect).to.equal('manual');
    expect(init.signal).to.be.instanceOf(AbortSignal);
  });

  it('a body is sent as JSON, null included', async () => {
    const fetch = fetchOf([respond('{}'), respond('{}')]);
    const { t } = make(fetch);
    await t.request('POST', '/v1/x', { body: { a: [1, 'b'] } });
    await t.request('PUT', '/v1/x', { body: null });
    expect(fetch.calls.map((c) => c.init.body)).to.deep.equal(['{"a":[1,"b"]}', 'null']);
    for (const c of fetch.calls) expect(c.init.headers).to.deep.equal({ Authorization: `Bearer ${TOKEN}`, Accept: 'application/json', 'User-Agent': 'secretdef', 'Content-Type': 'application/json' });
  });
});

describe('transport: redirects', () => {
  const redirect = (status: number, location?: string, body: Payload = null) => () => new Response(body, { status, headers: location === undefined ? {} : { location } });

  it('names where it pointed, resolved against the request, and is never retried', async () => {
    const fetch = fetchOf([redirect(302, 'other?a=1'), respond('{}')]);
    const { t, log } = make(fetch);
    const e = await failure(t.request('GET', '/v1/x'));
    expect(e.message).to.equal('Northflank answered 302 to GET /v1/x with a redirect to https://api.example.test/v1/other?a=1, not followed.');
    expect(e.hint).to.equal('Check the API address (https://api.example.test): it must be the API itself, not an address that redirects. Redirects are never followed, so the token was not sent there; nothing was retried.');
    expect(e).to.deep.include({ kind: 'redirect', status: 302, attempts: 1, location: 'https://api.example.test/v1/other?a=1', mayHaveBeenApplied: false });
    expect(fetch.calls).to.have.length(1);
    expect(log.entries.map((x) => [x.status, x.outcome])).to.deep.equal([[302, 'redirect']]);
  });

  it('every 3xx is a redirect, from 300 to 399', async () => {
    for (const status of [300, 304, 399]) {
      const e = await failure(make(fetchOf([redirect(status, 'https://elsewhere.test/')])).t.request('GET', '/v1/x'));
      expect(e.kind, String(status)).to.equal('redirect');
      expect(e.status).to.equal(status);
    }
  });

  it('without a location, or one that is not a URL', async () => {
    const none = await failure(make(fetchOf([redirect(301)])).t.request('GET', '/v1/x'));
    expect(none.message).to.equal('Northflank answered 301 to GET /v1/x with a redirect to (no location), not followed.');
    const bad = await failure(make(fetchOf([redirect(307, 'http://[oops')])).t.request('GET', '/v1/x'));
    expect(bad.location).to.equal('http://[oops');
  });

  it('masks the token in the location, and cuts it at 300 characters', async () => {
    const e = await failure(make(fetchOf([redirect(308, `https://elsewhere.test/${'p'.repeat(300)}?t=${TOKEN}`)])).t.request('GET', '/v1/x'));
    const shown = `https://elsewhere.test/${'p'.repeat(300)}?t=********`;
    expect(e.location).to.equal(`${shown.slice(0, 300)}… (cut: ${shown.length - 300} more characters)`);
  });

  it('an opaque redirect (no status) is "3xx"', async () => {
    const opaque = () => {
      const r = new Response(null, { status: 200 });
      Object.defineProperty(r, 'type', { value: 'opaqueredirect' });
      return Object.defineProperty(r, 'status', { value: 0 });
    };
    const e = await failure(make(fetchOf([opaque])).t.request('GET', '/v1/x'));
    expect(e.message).to.equal('Northflank answered 3xx to GET /v1/x with a redirect to (no location), not followed.');
    expect(e.status).to.equal(undefined);
  });

  it('a 303 to a change may have been applied; to a GET, or another redirect of a change, not', async () => {
    expect((await failure(make(fetchOf([redirect(303, '/a')])).t.request('POST', '/v1/x', { body: {} }))).mayHaveBeenApplied).to.equal(true);
    expect((await failure(make(fetchOf([redirect(303, '/a')])).t.request('GET', '/v1/x'))).mayHaveBeenApplied).to.equal(false);
    expect((await failure(make(fetchOf([redirect(302, '/a')])).t.request('PUT', '/v1/x', { body: {} }))).mayHaveBeenApplied).to.equal(false);
  });

  it('the body of a redirect is not read', async () => {
    const s = stream([bytes('moved')]);
    await failure(make(fetchOf([() => new Response(s.body, { status: 302, headers: { location: '/a' } })])).t.request('GET', '/v1/x'));
    expect(s.state.cancelled).to.equal(true);
  });
});

describe('transport: cancellation', () => {
  /** A fetch that never answers by itself; it rejects when its signal aborts, and says when it was called. */
  function hanging() {
    let called!: () => void;
    const started = new Promise<void>((resolve) => (called = resolve));
    const fetch = fetchOf([(call) => new Promise<Response>((_resolve, reject) => {
      call.init.signal?.addEventListener('abort', () => reject(call.init.signal?.reason));
      called();
    }), respond('{}')]);
    return { fetch, started };
  }

  it('before it is sent: nothing is sent, whatever the method, and nothing was applied', async () => {
    for (const method of ['GET', 'PUT', 'POST', 'PATCH', 'DELETE'] as const) {
      const fetch = fetchOf([respond('{}')]);
      const { t, log } = make(fetch);
      const e = await failure(t.request(method, '/v1/x', { body: {}, signal: AbortSignal.abort() }));
      expect(fetch.calls, method).to.have.length(0);
      expect(e.message).to.equal(`${method} /v1/x to Northflank was cancelled.`);
      expect(e).to.deep.include({ kind: 'cancelled', attempts: 1, hint: 'Nothing more will be sent.', mayHaveBeenApplied: false });
      expect(log.entries).to.deep.equal([{ platform: 'northflank', method, path: '/v1/x', attempt: 1, durationMs: 0, outcome: 'cancelled' }]);
    }
  });

  for (const [method, applied] of [['GET', false], ['PUT', true], ['POST', true], ['DELETE', true]] as const) {
    it(`a ${method} waiting for its answer: the request is aborted with the caller's reason${applied ? ', and it may have been applied' : ''}`, async () => {
      const { fetch, started } = hanging();
      const controller = new AbortController();
      const pending = failure(make(fetch).t.request(method, '/v1/x', { signal: controller.signal }));
      await started;
      const reason = new Error('ctrl-c');
      controller.abort(reason);
      const e = await pending;
      expect(fetch.calls[0].init.signal?.reason).to.equal(reason);
      expect(fetch.calls).to.have.length(1);
      expect(e).to.deep.include({ kind: 'cancelled', attempts: 1, mayHaveBeenApplied: applied });
      expect(e.hint).to.equal(applied
        ? `Nothing more will be sent. It was cancelled after it was sent, so the ${method} may have been applied: a rerun, or \`secretdef diff\`, will tell.`
        : 'Nothing more will be sent.');
    });
  }

  it('while the body is read: the read is cancelled and the request aborted', async () => {
    const s = stream([bytes('{"a":')], 1);
    const fetch = fetchOf([() => new Response(s.body)]);
    const controller = new AbortController();
    const pending = failure(make(fetch).t.request('GET', '/v1/x', { signal: controller.signal }));
    await s.hung;
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    const e = await pending;
    expect(e.kind).to.equal('cancelled');
    expect(s.state.cancelled).to.equal(true);
    expect(fetch.calls[0].init.signal?.aborted).to.equal(true);
  });

  it('a PUT whose earlier answer was lost, cancelled after it was sent again: it may have been applied, and why', async () => {
    const controller = new AbortController();
    const lost = () => Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }));
    const fetch = fetchOf([lost, () => {
      controller.abort();
      return new Response('{}');
    }]);
    const e = await failure(make(fetch).t.request('PUT', '/v1/x', { body: {}, signal: controller.signal }));
    expect(fetch.calls).to.have.length(2);
    expect(e.hint).to.equal('Its answer was lost, so the PUT may have been applied: a rerun, or `secretdef diff`, will tell. Nothing more will be sent.');
    expect(e).to.deep.include({ kind: 'cancelled', attempts: 2, mayHaveBeenApplied: true });
  });

  it('cancelled by the fetch itself before its answer is taken: cancelled, the answer unread', async () => {
    const controller = new AbortController();
    const fetch = fetchOf([() => {
      controller.abort();
      return new Response('{"a":1}');
    }]);
    const e = await failure(make(fetch).t.request('GET', '/v1/x', { signal: controller.signal }));
    expect(e.kind).to.equal('cancelled');
  });

  it('cancelled while the body is opened, which then fails: cancelled, not a network error', async () => {
    const controller = new AbortController();
    const fetch = fetchOf([() => {
      const r = new Response('{}');
      return Object.defineProperty(r, 'body', {
        get() {
          controller.abort();
          throw new TypeError('body unusable');
        },
      });
    }]);
    const e = await failure(make(fetch).t.request('POST', '/v1/x', { body: {}, signal: controller.signal }));
    expect(e).to.deep.include({ kind: 'cancelled', attempts: 1, mayHaveBeenApplied: true });
  });

  it('cancelled while the body is opened, which still gives data: cancelled, the data unread', async () => {
    const controller = new AbortController();
    const fetch = fetchOf([() => {
      const body = new Response('{"a":1}').body;
      return Object.defineProperty(new Response('{}'), 'body', {
        get() {
          controller.abort();
          return body;
        },
      });
    }]);
    expect((await failure(make(fetch).t.request('GET', '/v1/x', { signal: controller.signal }))).kind).to.equal('cancelled');
  });

  it('once answered, a later abort of the caller\'s signal no longer reaches the request', async () => {
    const controller = new AbortController();
    const fetch = fetchOf([respond('{"a":1}')]);
    await make(fetch).t.request('GET', '/v1/x', { signal: controller.signal });
    controller.abort();
    expect(fetch.calls[0].init.signal?.aborted).to.equal(false);
  });
});

describe('transport: the time limit of an attempt (timers fired by hand)', () => {
  let captured: ReturnType<typeof captureTimers>;
  beforeEach(() => (captured = captureTimers()));
  afterEach(() => captured.restore());

  function hangingThenOk() {
    let called!: () => void;
    const started = new Promise<void>((resolve) => (called = resolve));
    const fetch = fetchOf([(call) => new Promise<Response>((_resolve, reject) => {
      call.init.signal?.addEventListener('abort', () => reject(new Error('aborted')));
      called();
    }), respond('{"ok":1}')]);
    return { fetch, started };
  }
  const live = () => captured.timers.filter((x) => !x.cleared);

  it('fires after timeoutMs, aborts the request, and a GET is retried', async () => {
    const { fetch, started } = hangingThenOk();
    const { t, clock, log } = make(fetch, { timeoutMs: 1234 });
    const pending = t.request('GET', '/v1/x');
    await started;
    expect(live().map((x) => x.ms)).to.deep.equal([1234]);
    live()[0].fire();
    expect((await pending).body).to.deep.equal({ ok: 1 });
    const reason: unknown = fetch.calls[0].init.signal?.reason;
    expect(reason).to.be.instanceOf(Error);
    expect((reason as Error).message).to.equal('timeout');
    expect(clock.sleeps).to.deep.equal([375]);
    expect(log.entries.map((x) => [x.outcome, x.retryInMs])).to.deep.equal([['timeout', 375], ['ok', undefined]]);
    expect(captured.timers.map((x) => x.cleared)).to.deep.equal([true, true]);
  });

  it('the last time-out: the limit per request and how to raise it', async () => {
    const { fetch, started } = hangingThenOk();
    const pending = failure(make(fetch, { timeoutMs: 1500, retry: { maxRetries: 0 }, timeoutHowToRaise: 'Raise it with --request-timeout.' }).t.request('GET', '/v1/x'));
    await started;
    live()[0].fire();
    const e = await pending;
    expect(e.message).to.equal('Northflank did not answer GET /v1/x in time (2 s per request, body included).');
    expect(e.hint).to.equal("Check the network and Northflank's status. Raise it with --request-timeout.");
    expect(e).to.deep.include({ kind: 'timeout', attempts: 1, mayHaveBeenApplied: false });
    expect(e.timeLimit).to.deep.equal({ ms: 1500, scope: 'request' });
  });

  it('a PUT that timed out on every attempt may have been applied', async () => {
    const { fetch, started } = hangingThenOk();
    const pending = failure(make(fetch, { retry: { maxRetries: 0 } }).t.request('PUT', '/v1/x', { body: {} }));
    await started;
    live()[0].fire();
    const e = await pending;
    expect(e.hint).to.equal("Its answer was lost, so the PUT may have been applied: a rerun, or `secretdef diff`, will tell. Check the network and Northflank's status.");
    expect(e.mayHaveBeenApplied).to.equal(true);
  });

  it('a body that stops coming is ended by the same limit', async () => {
    const s = stream([bytes('{"a":')], 1);
    const fetch = fetchOf([() => new Response(s.body)]);
    const pending = failure(make(fetch, { timeoutMs: 700, retry: { maxRetries: 0 } }).t.request('GET', '/v1/x'));
    await s.hung;
    await new Promise((resolve) => setImmediate(resolve));
    expect(live().map((x) => x.ms)).to.deep.equal([700]);
    live()[0].fire();
    const e = await pending;
    expect(e.kind).to.equal('timeout');
    expect(s.state.cancelled).to.equal(true);
    expect(fetch.calls[0].init.signal?.aborted).to.equal(true);
  });

  it('the first reason to stop wins: a time-out that makes the caller cancel is still a time-out', async () => {
    const controller = new AbortController();
    let called!: () => void;
    const started = new Promise<void>((resolve) => (called = resolve));
    const fetch = fetchOf([(call) => new Promise<Response>((_resolve, reject) => {
      call.init.signal?.addEventListener('abort', () => {
        controller.abort();
        reject(new Error('aborted'));
      });
      called();
    })]);
    const pending = failure(make(fetch, { retry: { maxRetries: 0 } }).t.request('GET', '/v1/x', { signal: controller.signal }));
    await started;
    live()[0].fire();
    expect((await pending).kind).to.equal('timeout');
  });

  it('the command\'s time limit shortens an attempt when less of it is left', async () => {
    const { fetch, started } = hangingThenOk();
    const clock = new FakeClock();
    const deadline = new Deadline(5_000, { now: clock.now, howToRaise: 'Raise it with --command-timeout.' });
    deadline.begin();
    clock.time += 1_000;
    deadline.end();
    const t = new Transport({
      platform: 'northflank', baseUrl: BASE, token: TOKEN, authScheme: 'Bearer', fetch, sleep: clock.sleep, now: clock.now, deadline,
      timeoutMs: 30_000, retry: { maxRetries: 0 }, timeoutHowToRaise: 'Raise it with --request-timeout.',
    });
    const pending = failure(t.request('GET', '/v1/x'));
    await started;
    expect(live().map((x) => x.ms)).to.deep.equal([4_000]);
    live()[0].fire();
    const e = await pending;
    expect(e.message).to.equal("Northflank did not answer GET /v1/x in time (the command's time limit of 5 s ran out).");
    expect(e.hint).to.equal("Check the network and Northflank's status. Raise it with --command-timeout.");
    expect(e.timeLimit).to.deep.equal({ ms: 5_000, scope: 'command' });
  });

  it('when exactly the request\'s own limit is left, it is the request\'s limit that runs out', async () => {
    const { fetch, started } = hangingThenOk();
    const clock = new FakeClock();
    const t = new Transport({
      platform: 'northflank', baseUrl: BASE, token: TOKEN, authScheme: 'Bearer', fetch, sleep: clock.sleep, now: clock.now,
      deadline: new Deadline(2_000, { now: clock.now, howToRaise: 'Raise it with --command-timeout.' }), timeoutMs: 2_000, retry: { maxRetries: 0 },
    });
    const pending = failure(t.request('GET', '/v1/x'));
    await started;
    expect(live().map((x) => x.ms)).to.deep.equal([2_000]);
    live()[0].fire();
    const e = await pending;
    expect(e.timeLimit).to.deep.equal({ ms: 2_000, scope: 'request' });
    expect(e.hint).to.equal("Check the network and Northflank's status.");
  });
});

describe('transport: the cause of a network error (a code, never a message)', () => {
  const throwing = (thrown: unknown) => fetchOf([() => {
    throw thrown;
  }]);
  const cause = async (thrown: unknown) => {
    const e = await failure(make(throwing(thrown), { retry: { maxRetries: 0 } }).t.request('GET', '/v1/x'));
    expect(e.kind).to.equal('network');
    return e;
  };
  const nest = (depth: number, code: unknown): unknown => {
    let e: unknown = Object.assign(new TypeError('fetch failed'), { code });
    for (let i = 0; i < depth; i++) e = Object.assign(new TypeError(`level ${i}`), { cause: e });
    return e;
  };

  it('the first errno-like code along the causes, up to four deep', async () => {
    expect((await cause(nest(0, 'ECONNRESET'))).causeCode).to.equal('ECONNRESET');
    expect((await cause(nest(3, 'UND_ERR_SOCKET'))).causeCode).to.equal('UND_ERR_SOCKET');
    expect((await cause(nest(4, 'EPIPE'))).causeCode).to.equal('TypeError');
    const outer = Object.assign(new Error('x'), { code: 'lowercase', cause: Object.assign(new Error('y'), { code: 'EPIPE' }) });
    expect((await cause(outer)).causeCode).to.equal('EPIPE');
  });

  it('not a code: lower case, digits, other characters, a number', async () => {
    for (const code of ['econnreset', 'xRESET', 'RESETx', 'ERR-1', '', 42]) {
      expect((await cause(nest(0, code))).causeCode, String(code)).to.equal('TypeError');
    }
  });

  it('the error\'s name when there is no code, and "network error" when not an Error', async () => {
    const named = new Error(`failed to reach https://user:${TOKEN}@api.example.test`);
    named.name = 'FetchError';
    const e = await cause(named);
    expect(e.causeCode).to.equal('FetchError');
    expect(e.message).to.equal('Northflank could not be reached for GET /v1/x (FetchError).');
    expect((await cause('boom')).causeCode).to.equal('network error');
    expect((await cause(null)).causeCode).to.equal('network error');
    expect((await cause({ reason: 'x' })).causeCode).to.equal('network error');
  });
});
