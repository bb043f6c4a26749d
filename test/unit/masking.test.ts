/**
 * Masking and the words of API errors (api/errors.ts, client/src/logic/redactor.ts): what a person reads when a
 * platform refuses something, and the masks that keep tokens and values out of it. Written against the mutants
 * StrykerJS left alive (npm run mutate): each assertion names a behaviour a small change would break.
 */
import * as assert from 'node:assert/strict';
import { ApiError, formatDuration, hintForStatus, MASK, redact, type ApiErrorInit } from '../../api/errors';
import { MIN_MASKED_LENGTH } from '../../api/redact';
import { enabled, LOG_LEVELS, Redactor } from '../../client/src/logic/redactor';

const base: ApiErrorInit = { platform: 'northflank', kind: 'http', method: 'PUT', path: '/v1/projects/p/secrets', hint: 'Do this.' };

describe('masking: redact', () => {
  it('masks every occurrence with eight stars by default, or the mask given', () => {
    assert.equal(MASK, '********');
    assert.equal(redact('a s3cret b s3cret', ['s3cret']), 'a ******** b ********');
    assert.equal(redact('a s3cret', ['s3cret'], { mask: '••' }), 'a ••');
  });

  it(`masks secrets of ${MIN_MASKED_LENGTH} characters or more, not shorter ones (they would mask ordinary words)`, () => {
    assert.equal(MIN_MASKED_LENGTH, 4);
    assert.equal(redact('ab abc abcd', ['abc']), 'ab abc abcd');
    assert.equal(redact('x abcd y', ['abcd']), 'x ******** y');
  });

  it('masks the longest secret first, so a secret holding another is masked whole', () => {
    assert.equal(redact('key=super-secret-value', ['secret', 'super-secret-value']), 'key=********');
    assert.equal(redact('key=super-secret-value', ['super-secret-value', 'secret']), 'key=********');
  });

  it('takes any iterable, repeated secrets included, and leaves a text without secrets as it is', () => {
    assert.equal(redact('one three', new Set(['three', 'three'])), 'one ********');
    assert.equal(redact('nothing here', []), 'nothing here');
  });
});

describe('masking: the output channel\'s redactor', () => {
  it('masks values of 4 characters or more (not 3: masking every short word garbles the log), and ignores undefined', () => {
    const r = new Redactor();
    r.add('abc', 'abcd', undefined, '');
    assert.equal(r.redact('abc abcd'), `abc ${MASK}`);
  });

  it('masks the longest registered value first, and forgets a deleted one', () => {
    const r = new Redactor();
    r.add('pass', 'password-123');
    assert.equal(r.redact('password-123 pass'), `${MASK} ${MASK}`);
    r.delete('password-123');
    r.delete(undefined);
    assert.equal(r.redact('password-123'), `${MASK}word-123`);
  });

  it('shows a line of several lines as several lines, without its control sequences (mutation: multiline: true → false)', () => {
    const r = new Redactor();
    r.add('hunter22');
    assert.equal(r.show('first hunter22\nsecond \u001b[31mred\u001b[0m'), `first ${MASK}\nsecond red`);
  });

  it('masks a Bearer or Token credential of 8 characters or more even when it was never registered', () => {
    const r = new Redactor();
    assert.equal(r.redact('Authorization: Bearer abcdefgh'), `Authorization: Bearer ${MASK}`);
    assert.equal(r.redact('Authorization: Token  a.b~c+d/e=f-g_'), `Authorization: Token ${MASK}`);
    assert.equal(r.redact('Bearer abcdefg'), 'Bearer abcdefg', 'seven characters are no credential');
    assert.equal(r.redact('a bearer abcdefghij'), 'a bearer abcdefghij', 'the scheme is case-sensitive, as the header writes it');
  });

  it('filters by log level: each level shows itself and the more severe ones; off shows nothing', () => {
    assert.deepEqual(LOG_LEVELS, ['off', 'error', 'warn', 'info', 'debug']);
    const shown = (level: (typeof LOG_LEVELS)[number]) => (['error', 'warn', 'info', 'debug'] as const).filter((m) => enabled(level, m));
    assert.deepEqual(shown('off'), []);
    assert.deepEqual(shown('error'), ['error']);
    assert.deepEqual(shown('warn'), ['error', 'warn']);
    assert.deepEqual(shown('info'), ['error', 'warn', 'info']);
    assert.deepEqual(shown('debug'), ['error', 'warn', 'info', 'debug']);
  });
});

describe('API errors: the message a person reads', () => {
  it('http: platform, status with its text, request, attempts, message and request id', () => {
    const e = new ApiError({ ...base, status: 503, attempts: 4, platformMessage: 'Maintenance', requestId: 'req-1' });
    assert.equal(e.message, 'Northflank answered 503 Service Unavailable to PUT /v1/projects/p/secrets after 4 attempts: Maintenance (request id req-1).');
    assert.equal(e.name, 'ApiError');
    assert.ok(e instanceof Error);
    assert.equal(e.fullMessage, `${e.message} Do this.`);
  });

  it('http: an unknown status has no text, a missing one is "?", one attempt is not counted, a final dot is not doubled', () => {
    assert.equal(new ApiError({ ...base, status: 418 }).message, 'Northflank answered 418 to PUT /v1/projects/p/secrets.');
    assert.equal(new ApiError({ ...base }).message, 'Northflank answered ? to PUT /v1/projects/p/secrets.');
    assert.equal(new ApiError({ ...base, status: 400, attempts: 1, platformMessage: 'Bad name.' }).message, 'Northflank answered 400 Bad Request to PUT /v1/projects/p/secrets: Bad name.');
    assert.equal(new ApiError({ ...base, platform: 'qovery', status: 409 }).message, 'Qovery answered 409 Conflict to PUT /v1/projects/p/secrets.');
    // Only the dot at the very end is collapsed: the platform's own ".." inside its message stays as it wrote it.
    assert.equal(new ApiError({ ...base, status: 400, platformMessage: 'Use a name of a..z only.' }).message, 'Northflank answered 400 Bad Request to PUT /v1/projects/p/secrets: Use a name of a..z only.');
  });

  it('network, timeout, cancelled, bad-response and rate-limited each say what happened', () => {
    assert.equal(new ApiError({ ...base, kind: 'network', cause: 'ECONNRESET', attempts: 2 }).message, 'Northflank could not be reached for PUT /v1/projects/p/secrets after 2 attempts (ECONNRESET).');
    assert.equal(new ApiError({ ...base, kind: 'network' }).message, 'Northflank could not be reached for PUT /v1/projects/p/secrets.');
    assert.equal(new ApiError({ ...base, kind: 'timeout', attempts: 4 }).message, 'Northflank did not answer PUT /v1/projects/p/secrets in time after 4 attempts.');
    assert.equal(new ApiError({ ...base, kind: 'cancelled' }).message, 'PUT /v1/projects/p/secrets to Northflank was cancelled.');
    assert.equal(new ApiError({ ...base, kind: 'bad-response', platformMessage: 'not JSON', requestId: 'r' }).message, 'Northflank sent an answer to PUT /v1/projects/p/secrets that cannot be read (not JSON) (request id r).');
    assert.equal(new ApiError({ ...base, kind: 'bad-response' }).message, 'Northflank sent an answer to PUT /v1/projects/p/secrets that cannot be read.');
    assert.equal(new ApiError({ ...base, kind: 'rate-limited', platformMessage: 'it resets in about 2 min' }).message, 'Northflank\'s rate limit is used up; PUT /v1/projects/p/secrets was not sent (it resets in about 2 min).');
    assert.equal(new ApiError({ ...base, kind: 'rate-limited' }).message, 'Northflank\'s rate limit is used up; PUT /v1/projects/p/secrets was not sent.');
  });

  it('keeps every field, with defaults (one attempt, not applied), and withHint changes the hint only', () => {
    const e = new ApiError({ ...base, status: 500, platformMessage: 'm', requestId: 'r', attempts: 3, retryAfterMs: 7, mayHaveBeenApplied: true, cause: 'ECONNRESET' });
    const copy = e.withHint('Another sentence.');
    for (const error of [e, copy]) {
      assert.deepEqual([error.platform, error.kind, error.method, error.path, error.status, error.platformMessage, error.requestId, error.attempts, error.retryAfterMs, error.mayHaveBeenApplied, error.causeCode],
        ['northflank', 'http', 'PUT', '/v1/projects/p/secrets', 500, 'm', 'r', 3, 7, true, 'ECONNRESET']);
    }
    assert.equal(e.hint, 'Do this.');
    assert.equal(copy.hint, 'Another sentence.');
    assert.equal(copy.message, e.message);
    const plain = new ApiError(base);
    assert.equal(plain.attempts, 1);
    assert.equal(plain.mayHaveBeenApplied, false);
  });
});

describe('API errors: what to do, per status', () => {
  it('names the token variable on 401, the permission on 403, the ids on 404, update on 409', () => {
    assert.equal(hintForStatus('northflank', 400, 'PUT'), 'Correct the request as Northflank\'s message says, then run it again.');
    assert.equal(hintForStatus('qovery', 422, 'POST'), 'Correct the request as Qovery\'s message says, then run it again.');
    assert.equal(hintForStatus('northflank', 401, 'GET'), 'Check that NORTHFLANK_API_TOKEN holds a valid Northflank API token (or pass one with --token-stdin).');
    assert.equal(hintForStatus('qovery', 401, 'GET'), 'Check that QOVERY_API_TOKEN holds a valid Qovery API token (or pass one with --token-stdin).');
    assert.match(hintForStatus('qovery', 403, 'GET'), /lacks the permission/);
    assert.match(hintForStatus('northflank', 404, 'GET'), /project, team, secret group, addon/);
    assert.match(hintForStatus('qovery', 404, 'GET'), /organization, project, secret/);
    assert.equal(hintForStatus('qovery', 409, 'POST'), 'It already exists in Qovery: update it instead of creating it.');
  });

  it('429 says how long to wait when the platform said so; 5xx says whether a POST may have been applied', () => {
    assert.equal(hintForStatus('northflank', 429, 'GET', 90_000), 'Northflank is rate limiting this token: wait 90 s, then run it again.');
    assert.equal(hintForStatus('northflank', 429, 'GET'), 'Northflank is rate limiting this token: wait a little, then run it again.');
    assert.equal(hintForStatus('qovery', 500, 'POST'), 'Qovery failed on its side. The request may or may not have been applied: look before running it again.');
    assert.equal(hintForStatus('qovery', 599, 'PUT'), 'Qovery failed on its side; try again later.');
    assert.equal(hintForStatus('qovery', 499, 'PUT'), 'Run it again; if it keeps failing, quote the request id to Qovery\'s support.');
  });

  it('formats durations in ms below a second, in s below two minutes, in min from there', () => {
    assert.deepEqual([0, -5, 999.4, 999.6, 1000, 1499, 1500, 119_499, 119_500, 150_000].map(formatDuration), ['0 ms', '0 ms', '999 ms', '1000 ms', '1 s', '1 s', '2 s', '119 s', '2 min', '3 min']);
  });
});
