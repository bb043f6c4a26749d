/**
 * The transport's small functions, each boundary and each message: backoff, Retry-After, rate-limit headers, the
 * loopback and base URL rules, the default pause, and what the constructor makes of its options.
 */
import { expect } from 'chai';
import { getEventListeners } from 'node:events';
import { inspect } from 'node:util';
import {
  backoffDelay, baseUrlProblem, defaultSleep, isLoopbackHost, parseRateLimit, parseRetryAfter, Transport, type RetryPolicy, type TransportOptions,
} from '../../api/transport';
import { captureTimers, scriptedFetch } from '../helpers/fakes';

const TOKEN = 'tok-PARSE-abcdef123456';
const POLICY: RetryPolicy = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 60_000 };

describe('transport: backoffDelay (exponential, capped, equal jitter)', () => {
  it('doubles from the base for each retry: half fixed, half random', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, POLICY, () => 0))).to.deep.equal([50, 100, 200, 400]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, POLICY, () => 0.5))).to.deep.equal([75, 150, 300, 600]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, POLICY, () => 1))).to.deep.equal([100, 200, 400, 800]);
  });

  it('caps the exponential part at maxDelayMs before the jitter', () => {
    expect(backoffDelay(5, POLICY, () => 0)).to.equal(500);
    expect(backoffDelay(5, POLICY, () => 1)).to.equal(1000);
    expect(backoffDelay(20, POLICY, () => 0.5)).to.equal(750);
  });

  it('rounds to whole milliseconds', () => {
    expect(backoffDelay(1, { ...POLICY, baseDelayMs: 3 }, () => 0)).to.equal(2);
    expect(backoffDelay(1, { ...POLICY, baseDelayMs: 100 }, () => 0.123)).to.equal(56);
  });
});

describe('transport: parseRetryAfter', () => {
  const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');

  it('reads delay-seconds, signed or with a fraction, trimmed', () => {
    expect(parseRetryAfter('12', now)).to.equal(12_000);
    expect(parseRetryAfter('+5', now)).to.equal(5_000);
    expect(parseRetryAfter(' 7 ', now)).to.equal(7_000);
    expect(parseRetryAfter('0.25', now)).to.equal(250);
    expect(parseRetryAfter('0', now)).to.equal(0);
    expect(parseRetryAfter('-3', now)).to.equal(0);
  });

  it('reads an HTTP date as the time from now, and a past date as 0', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', now)).to.equal(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now)).to.equal(0);
  });

  it('is undefined when absent, when not a number and not a date with a month or day name', () => {
    expect(parseRetryAfter(null, now)).to.equal(undefined);
    expect(parseRetryAfter('', now)).to.equal(undefined);
    expect(parseRetryAfter('1.', now)).to.equal(undefined);
    expect(parseRetryAfter('.5', now)).to.equal(undefined);
    expect(parseRetryAfter('1.5.2', now)).to.equal(undefined);
    expect(parseRetryAfter('++5', now)).to.equal(undefined);
    // Dates without a month or day name are not dates here, even when Date.parse reads them.
    expect(parseRetryAfter('2015-10-21T07:28:30Z', now)).to.equal(undefined);
    expect(parseRetryAfter('2015/10/21', now)).to.equal(undefined);
    // Letters around a number: neither a number nor a date.
    expect(parseRetryAfter('abc5', now)).to.equal(undefined);
    expect(parseRetryAfter('5abc', now)).to.equal(undefined);
    expect(parseRetryAfter('in 5 seconds', now)).to.equal(undefined);
    expect(parseRetryAfter('1x5', now)).to.equal(undefined);
  });
});

describe('transport: parseRateLimit', () => {
  const now = 5_000_000;
  const headers = (h: Record<string, string>) => new Headers(h);

  it('reads each header alone', () => {
    expect(parseRateLimit(headers({ 'x-ratelimit-limit': '100' }), now)).to.deep.equal({ limit: 100, remaining: undefined, resetAt: undefined });
    expect(parseRateLimit(headers({ 'x-ratelimit-remaining': '0' }), now)).to.deep.equal({ limit: undefined, remaining: 0, resetAt: undefined });
    expect(parseRateLimit(headers({ 'x-ratelimit-reset': '30' }), now)).to.deep.equal({ limit: undefined, remaining: undefined, resetAt: now + 30_000 });
  });

  it('reads the IETF draft names when the x- names are absent or unreadable, the x- names first', () => {
    expect(parseRateLimit(headers({ 'ratelimit-limit': '10', 'ratelimit-remaining': '4', 'ratelimit-reset': '2' }), now)).to.deep.equal({ limit: 10, remaining: 4, resetAt: now + 2_000 });
    expect(parseRateLimit(headers({ 'x-ratelimit-limit': '50', 'ratelimit-limit': '10' }), now)).to.deep.equal({ limit: 50, remaining: undefined, resetAt: undefined });
    expect(parseRateLimit(headers({ 'x-ratelimit-limit': 'many', 'ratelimit-limit': '10' }), now)).to.deep.equal({ limit: 10, remaining: undefined, resetAt: undefined });
  });

  it('takes numbers only, padded or with a fraction: not signs, words or numbers with letters', () => {
    expect(parseRateLimit(headers({ 'x-ratelimit-reset': ' 1.5 ' }), now)?.resetAt).to.equal(now + 1_500);
    expect(parseRateLimit(headers({ 'x-ratelimit-limit': '12' }), now)?.limit).to.equal(12);
    expect(parseRateLimit(headers({ 'x-ratelimit-reset': '2.25' }), now)?.resetAt).to.equal(now + 2_250);
    for (const bad of ['-1', 'x5', '5x', '1.', '.5', '1.2.3', 'ten']) {
      expect(parseRateLimit(headers({ 'x-ratelimit-limit': bad }), now), bad).to.equal(undefined);
    }
  });

  it('reads a reset above 10^9 as epoch seconds, and up to 10^9 as seconds from now', () => {
    expect(parseRateLimit(headers({ 'x-ratelimit-reset': '1000000000' }), now)?.resetAt).to.equal(now + 1e12);
    expect(parseRateLimit(headers({ 'x-ratelimit-reset': '1000000001' }), now)?.resetAt).to.equal(1_000_000_001_000);
  });

  it('is undefined without any of them', () => {
    expect(parseRateLimit(headers({ 'retry-after': '5' }), now)).to.equal(undefined);
  });
});

describe('transport: the API address', () => {
  it('loopback hosts, in any case', () => {
    for (const host of ['localhost', 'LocalHost', '127.0.0.1', '127.255.0.9', '[::1]']) expect(isLoopbackHost(host), host).to.equal(true);
    for (const host of ['localhost.example', '128.0.0.1', '127.0.0', '::1', '[::2]', 'example.com']) expect(isLoopbackHost(host), host).to.equal(false);
  });

  it('says why an address must not be used, word for word', () => {
    expect(baseUrlProblem('not a url')).to.equal('The API address is not a URL: give one such as https://api.northflank.com.');
    expect(baseUrlProblem('https://user@api.example')).to.equal('The API address must not hold credentials (the token is sent in a header).');
    expect(baseUrlProblem('https://:pw@api.example')).to.equal('The API address must not hold credentials (the token is sent in a header).');
    expect(baseUrlProblem('http://api.example:8080/x')).to.equal('The API address http://api.example:8080 uses http://, which would send the token in clear text: http:// is allowed only for a loopback address (localhost, 127.0.0.1, [::1]). Use https://.');
    expect(baseUrlProblem('ftp://api.example')).to.equal('The API address must be an https:// URL (http:// only for a loopback address), not ftp://.');
    expect(baseUrlProblem('https://api.example')).to.equal(undefined);
    expect(baseUrlProblem('http://localhost:3000')).to.equal(undefined);
  });

  it('refuses to send to an address with credentials, naming the request', async () => {
    const fetch = scriptedFetch([{ status: 200, body: {} }]);
    const t = new Transport({ platform: 'northflank', baseUrl: 'https://u:p@api.example', token: TOKEN, authScheme: 'Bearer', fetch });
    let message = '';
    await t.request('DELETE', '/v1/x').catch((e: Error) => (message = e.message));
    expect(message).to.equal('Refusing to send DELETE /v1/x to Northflank: The API address must not hold credentials (the token is sent in a header).');
    expect(fetch.sent).to.have.length(0);
  });
});

describe('transport: paths with "." or ".." ids', () => {
  function make() {
    const fetch = scriptedFetch(Array.from({ length: 10 }, () => ({ status: 200, body: {} })));
    return { fetch, t: new Transport({ platform: 'qovery', baseUrl: 'https://api.example', token: TOKEN, authScheme: 'Token', fetch }) };
  }

  it('refuses them before a query or a fragment too, with the whole message', async () => {
    const { t, fetch } = make();
    for (const path of ['/project/..?x=1', '/project/.#top', '/project/%2e?x', '/project/.%2E/x']) {
      let message = '';
      await t.request('PUT', path).catch((e: Error) => (message = e.message));
      expect(message, path).to.equal(`Refusing to send PUT ${path} to Qovery: an id in it is "." or "..". Check the ids in the file's target (secretDefinitions.targets) or on the command line.`);
    }
    expect(fetch.sent).to.have.length(0);
  });

  it('sends ids that only contain dots, or three of them', async () => {
    const { t, fetch } = make();
    for (const path of ['/project/x..', '/project/.x.', '/project/a.', '/project/...', '/project/%2e%2e%2e']) await t.request('GET', path);
    expect(fetch.sent.map((s) => s.url)).to.deep.equal([
      'https://api.example/project/x..', 'https://api.example/project/.x.', 'https://api.example/project/a.', 'https://api.example/project/...', 'https://api.example/project/%2e%2e%2e',
    ]);
  });
});

describe('transport: defaultSleep', () => {
  it('waits the given time, then resolves (and lets go of the signal)', async () => {
    const captured = captureTimers();
    try {
      const controller = new AbortController();
      let done = false;
      const pause = defaultSleep(1234, controller.signal).then(() => (done = true));
      expect(captured.timers.map((x) => x.ms)).to.deep.equal([1234]);
      await Promise.resolve();
      expect(done).to.equal(false);
      captured.timers[0].fire();
      await pause;
      expect(done).to.equal(true);
      // The listener was removed: a later abort touches no timer.
      controller.abort();
      expect(captured.timers[0].cleared).to.equal(false);
    } finally {
      captured.restore();
    }
  });

  it('works without a signal', async () => {
    const captured = captureTimers();
    try {
      const pause = defaultSleep(5);
      captured.timers[0].fire();
      await pause;
      expect(captured.timers.map((x) => x.ms)).to.deep.equal([5]);
    } finally {
      captured.restore();
    }
  });

  it('rejects with the reason at once when already aborted, with no timer', async () => {
    const captured = captureTimers();
    try {
      const reason = new Error('stop');
      const result = await defaultSleep(1000, AbortSignal.abort(reason)).then(() => 'resolved', (e: unknown) => e);
      expect(result).to.equal(reason);
      expect(captured.timers).to.have.length(0);
    } finally {
      captured.restore();
    }
  });

  it('rejects with the reason when aborted during the pause, and clears its timer', async () => {
    const captured = captureTimers();
    try {
      const controller = new AbortController();
      const reason = new Error('cancel');
      const pending = defaultSleep(1000, controller.signal).then(() => 'resolved', (e: unknown) => e);
      controller.abort(reason);
      expect(await pending).to.equal(reason);
      expect(captured.timers[0].cleared).to.equal(true);
      // mutants: `{ once: true }` → `{}` and `{ once: false }`: the spent listener would stay on the caller's signal.
      expect(getEventListeners(controller.signal, 'abort')).to.have.length(0);
    } finally {
      captured.restore();
    }
  });
});

describe('transport: the constructor', () => {
  const base: TransportOptions = { platform: 'northflank', baseUrl: 'https://api.example.test', token: TOKEN, authScheme: 'Bearer' };

  it('keeps the options it is given', () => {
    const t = new Transport({ ...base, baseUrl: 'https://api.example.test/base//', timeoutMs: 1234, maxBodyBytes: 99, maxErrorBodyBytes: 7, retry: { maxRetries: 1 } });
    expect(t.baseUrl).to.equal('https://api.example.test/base');
    expect(t.timeoutMs).to.equal(1234);
    expect(t.maxBodyBytes).to.equal(99);
    expect(t.maxErrorBodyBytes).to.equal(7);
    expect(t.policy).to.deep.equal({ maxRetries: 1, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 });
    expect(t.rateLimit).to.equal(undefined);
  });

  it('sends to the address without its trailing slashes', async () => {
    const fetch = scriptedFetch([{ status: 200, body: {} }]);
    await new Transport({ ...base, baseUrl: 'https://api.example.test/', fetch }).request('GET', '/v1/x');
    expect(fetch.sent[0].url).to.equal('https://api.example.test/v1/x');
  });

  it('shows only the platform and the address when logged or inspected', () => {
    const t = new Transport(base);
    expect(JSON.parse(JSON.stringify(t))).to.deep.equal({ platform: 'northflank', baseUrl: 'https://api.example.test' });
    expect(inspect(t)).to.equal('Transport(northflank https://api.example.test)');
  });

  it('sends its user agent, "secretdef" by default', async () => {
    const fetch = scriptedFetch([{ status: 200, body: {} }, { status: 200, body: {} }]);
    await new Transport({ ...base, fetch }).request('GET', '/v1/x');
    await new Transport({ ...base, fetch, userAgent: 'secretdef-vscode/1.2' }).request('GET', '/v1/x');
    expect(fetch.sent.map((s) => s.headers['User-Agent'])).to.deep.equal(['secretdef', 'secretdef-vscode/1.2']);
  });
});
