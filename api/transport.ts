/**
 * The HTTP transport of both API clients: a small layer over the global `fetch` (Node 20 and VS Code's extension
 * host both have it), instead of the official clients' runtimes, which add megabytes and handle no rate limit.
 *
 * - Base URL per platform (self-hosted, stand-ins in tests): https://, or http:// for a loopback address only.
 * - A time limit per attempt that covers connecting, the headers and the whole body; a time limit per command
 *   (`Deadline`) over all its requests, retries and pauses; cancellation with an AbortSignal (also during pauses).
 *   The body is read from the stream with every read raced against our own timer, because an aborted fetch does
 *   not always end a body read in Node 20 (after a garbage collection the abort no longer reaches the body:
 *   ../shared/notes/http-timeouts.md, nodejs/node#55428).
 * - Bodies are read up to a size cap (16 MB for an answer, 64 KB for an error) and never held whole beyond it.
 * - Redirects are never followed (the token would go with them): the error says where the server pointed.
 * - Retries with exponential backoff and jitter, only for idempotent requests (GET, PUT, DELETE), only on network
 *   errors, timeouts, 429 (honouring Retry-After) and 5xx. A POST is never sent twice: when it gets no answer,
 *   the error says it may have been applied.
 * - Rate-limit headers are read (Northflank documents `x-ratelimit-limit`, `x-ratelimit-remaining` and
 *   `x-ratelimit-reset`, the last in seconds until the reset: northflank.com/docs/v1/api/use-the-javascript-client);
 *   when the remaining count is 0, the next request waits for the reset (or fails at once if that is too long).
 *   A Retry-After of 0, a date in the past or a negative number still pauses `MIN_RETRY_AFTER_MS`.
 * - Whatever a server says is masked (every value and token the request carried, in every encoding), cleaned of
 *   control sequences and cut before it reaches an error (`showServerText`).
 * - A request log hook that sees the method, the path, the status, the duration and the attempt: never a header,
 *   a query string or a body, so it never sees a token or a value.
 * - The clock, the pause and the random source are injectable, so tests assert the timing without waiting.
 */
import { Deadline } from './deadline';
import { ApiError, formatDuration, hintForStatus, PLATFORM_TITLES, type ApiErrorInit, type Platform } from './errors';
import { SecretSet } from './redact';
import { showServerText } from './serverText';

type FailInit = Omit<ApiErrorInit, 'platform' | 'method' | 'path'>;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Methods that may be sent again without changing the outcome (RFC 9110 §9.2.2). PATCH and POST are not. */
export const IDEMPOTENT_METHODS: ReadonlySet<HttpMethod> = new Set(['GET', 'PUT', 'DELETE']);

export interface RetryPolicy {
  /** Retries after the first attempt (idempotent requests only). */
  maxRetries: number;
  /** The pause before the first retry; doubled for each further one. */
  baseDelayMs: number;
  /** The longest computed pause. */
  maxDelayMs: number;
  /** The longest pause a Retry-After (or an exhausted rate limit) may ask for; beyond it we fail at once. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };
/** The time limit of one attempt: connecting, the headers and the whole body. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** The largest answer read (a secret group with its files); a larger one is refused, not read. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
/** The most of an error answer read: enough for any message, however large the body. */
export const DEFAULT_MAX_ERROR_BODY_BYTES = 64 * 1024;
/** The shortest pause before retrying a 429, whatever its Retry-After says (0, a past date, a negative number). */
export const MIN_RETRY_AFTER_MS = 1000;

export type RequestOutcome = 'ok' | 'http-error' | 'network-error' | 'timeout' | 'cancelled' | 'bad-response' | 'rate-limited' | 'redirect';

/** One line of the request log: what was asked and how it went. Never a header, a query or a body. */
export interface RequestLogEntry {
  platform: Platform;
  method: HttpMethod;
  /** The path without the query string. */
  path: string;
  /** 1 for the first attempt. */
  attempt: number;
  status?: number;
  outcome: RequestOutcome;
  durationMs: number;
  /** The pause before the next attempt, when there is one. */
  retryInMs?: number;
}

export interface RateLimitState {
  limit?: number;
  remaining?: number;
  /** When the limit resets, in the transport's clock (ms). */
  resetAt?: number;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** What a platform's error body says: its message and request id, if it gives them. */
export interface ErrorDetails {
  message?: string;
  requestId?: string;
}

export interface TransportOptions {
  platform: Platform;
  baseUrl: string;
  /** The API token; sent as `Authorization: <authScheme> <token>`, masked in every error. */
  token: string;
  authScheme: 'Bearer' | 'Token';
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  fetch?: FetchLike;
  /** A pause; must reject when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Milliseconds, for durations, Retry-After dates and rate-limit resets. */
  now?: () => number;
  /** In [0, 1), for jitter. */
  random?: () => number;
  onRequest?: (entry: RequestLogEntry) => void;
  userAgent?: string;
  /** Reads the platform's error body. */
  parseError?: (body: unknown, text: string, headers: Headers) => ErrorDetails;
  /** Secret values to mask in every error, whatever the request (see also `addSecretValues`). */
  secretValues?: readonly string[];
  /**
   * Where the token, the values above and the values of every request go, to be masked. Share one set with the
   * program's output (the CLI's lines, the extension's output channel) so that it masks them too.
   */
  secrets?: SecretSet;
  /** The time limit of the whole command, shared by its clients (see Deadline). */
  deadline?: Deadline;
  /** How to raise `timeoutMs`, said when it fires ("--request-timeout", a setting). */
  timeoutHowToRaise?: string;
  /** The largest answer read (default DEFAULT_MAX_BODY_BYTES). */
  maxBodyBytes?: number;
  /** The most of an error answer read (default DEFAULT_MAX_ERROR_BODY_BYTES). */
  maxErrorBodyBytes?: number;
}

/** What a platform client takes: the transport's options but those the platform fixes (scheme, errors), with a default URL. */
export type ClientOptions = Omit<TransportOptions, 'platform' | 'baseUrl' | 'authScheme' | 'parseError'> & {
  /** Defaults to the platform's public API. */
  baseUrl?: string;
};

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  /** Secret values in the body: masked wherever a platform message quotes them. */
  secretValues?: readonly string[];
  /** Error statuses that are answers for this request (404 for "does it exist?"), returned instead of thrown. */
  accept?: readonly number[];
}

export interface TransportResponse {
  status: number;
  /** The parsed JSON body; undefined for an empty body. */
  body: unknown;
  headers: Headers;
  requestId?: string;
}

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The pause before retry number `retry` (1-based): exponential, capped, with "equal jitter" (half fixed, half random). */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}

/**
 * Retry-After: delay-seconds or an HTTP date (RFC 9110 §10.2.3), in ms from now; 0 for a negative number or a
 * past date (the caller applies its floor). Undefined when absent or unreadable. Only a text with a month or day
 * name is read as a date: `Date.parse("-1")` is the year -1.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^[+-]?\d+(\.\d+)?$/.test(trimmed)) return Math.max(0, Number(trimmed) * 1000);
  if (!/[A-Za-z]{3}/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const LOOPBACK_V4 = /^127(\.\d{1,3}){3}$/;

/** Whether a URL's host is this machine (where http:// sends nothing over a network). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || LOOPBACK_V4.test(host) || host === '[::1]';
}

/**
 * Why an API base URL must not be used, or undefined when it may: https://, or http:// for a loopback address
 * only (the token would otherwise cross the network in clear text), and no credentials in it.
 */
export function baseUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'The API address is not a URL: give one such as https://api.northflank.com.';
  }
  if (parsed.username || parsed.password) return 'The API address must not hold credentials (the token is sent in a header).';
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:') {
    return isLoopbackHost(parsed.hostname)
      ? undefined
      : `The API address ${parsed.origin} uses http://, which would send the token in clear text: http:// is allowed only for a loopback address (localhost, 127.0.0.1, [::1]). Use https://.`;
  }
  return `The API address must be an https:// URL (http:// only for a loopback address), not ${parsed.protocol}//.`;
}

function headerNumber(headers: Headers, ...names: string[]): number | undefined {
  for (const name of names) {
    const raw = headers.get(name);
    if (raw !== null && /^\s*\d+(\.\d+)?\s*$/.test(raw)) return Number(raw);
  }
  return undefined;
}

/** Reads x-ratelimit-* (and the IETF draft's ratelimit-*). A reset above 10^9 is taken as epoch seconds, otherwise as seconds from now. */
export function parseRateLimit(headers: Headers, now: number): RateLimitState | undefined {
  const limit = headerNumber(headers, 'x-ratelimit-limit', 'ratelimit-limit');
  const remaining = headerNumber(headers, 'x-ratelimit-remaining', 'ratelimit-remaining');
  const reset = headerNumber(headers, 'x-ratelimit-reset', 'ratelimit-reset');
  if (limit === undefined && remaining === undefined && reset === undefined) return undefined;
  const resetAt = reset === undefined ? undefined : reset > 1e9 ? reset * 1000 : now + reset * 1000;
  return { limit, remaining, resetAt };
}

const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-amzn-requestid', 'x-correlation-id'];

class TimeoutSignal extends Error {}

const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

type Attempt =
  /** `cut`: an error body longer than the cap, read up to it. */
  | { kind: 'response'; response: Response; text: string; cut: boolean }
  | { kind: 'redirect'; status: number; location?: string }
  | { kind: 'too-large'; response: Response; limit: number }
  | { kind: 'network'; cause: string }
  | { kind: 'timeout'; limitMs: number; byCommand: boolean }
  /** `sent`: cancelled after the request left, so a change may have been applied. */
  | { kind: 'cancelled'; sent: boolean };

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}

function isRedirect(response: Response): boolean {
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);
}

export class Transport {
  readonly platform: Platform;
  readonly baseUrl: string;
  readonly policy: RetryPolicy;
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  readonly maxErrorBodyBytes: number;
  /** The last rate-limit state the platform told us. */
  rateLimit: RateLimitState | undefined;
  readonly #authorization: string;
  readonly #fetch: FetchLike;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #onRequest?: (entry: RequestLogEntry) => void;
  readonly #userAgent: string;
  readonly #parseError: (body: unknown, text: string, headers: Headers) => ErrorDetails;
  readonly #secrets: SecretSet;
  readonly #deadline?: Deadline;
  readonly #timeoutHowToRaise?: string;
  readonly #urlProblem?: string;

  constructor(options: TransportOptions) {
    this.platform = options.platform;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.maxErrorBodyBytes = options.maxErrorBodyBytes ?? DEFAULT_MAX_ERROR_BODY_BYTES;
    this.#authorization = `${options.authScheme} ${options.token}`;
    this.#fetch = options.fetch ?? ((url, init) => fetch(url, init));
    this.#sleep = options.sleep ?? defaultSleep;
    this.#now = options.now ?? (() => Date.now());
    this.#random = options.random ?? Math.random;
    this.#onRequest = options.onRequest;
    this.#userAgent = options.userAgent ?? 'secretdef';
    this.#parseError = options.parseError ?? (() => ({}));
    this.#secrets = options.secrets ?? new SecretSet();
    this.#secrets.add(options.token);
    this.#deadline = options.deadline;
    this.#timeoutHowToRaise = options.timeoutHowToRaise;
    this.#urlProblem = baseUrlProblem(this.baseUrl);
    this.addSecretValues(options.secretValues ?? []);
  }

  /**
   * Values to mask in every later error, whatever request it is about: a platform may quote a value in the
   * answer to a request that did not send it (the CLI adds every value of the files it reads, and the values
   * Northflank returns).
   */
  addSecretValues(values: Iterable<string>): void {
    this.#secrets.add(...values);
  }

  /** Never shows the token, whatever logs or inspects the transport. */
  toJSON(): Record<string, unknown> {
    return { platform: this.platform, baseUrl: this.baseUrl };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Transport(${this.platform} ${this.baseUrl})`;
  }

  async request(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<TransportResponse> {
    // Ids come from files and workspace settings: an id of "." or ".." would make the URL climb to another path of
    // the API (with the token). encodeURIComponent leaves dots alone, and URLs resolve "%2e%2e" too.
    if (path.split(/[/?#]/).some((segment) => /^(\.|%2e){1,2}$/i.test(segment))) {
      throw new Error(`Refusing to send ${method} ${path} to ${PLATFORM_TITLES[this.platform]}: an id in it is "." or "..". Check the ids in the file's target (secretDefinitions.targets) or on the command line.`);
    }
    if (this.#urlProblem) throw new Error(`Refusing to send ${method} ${path} to ${PLATFORM_TITLES[this.platform]}: ${this.#urlProblem}`);
    this.addSecretValues(options.secretValues ?? []);
    this.#deadline?.begin();
    try {
      return await this.#request(method, path, options);
    } finally {
      this.#deadline?.end();
    }
  }

  async #request(method: HttpMethod, path: string, options: RequestOptions): Promise<TransportResponse> {
    const idempotent = IDEMPOTENT_METHODS.has(method);
    const maxAttempts = idempotent ? 1 + this.policy.maxRetries : 1;
    const title = PLATFORM_TITLES[this.platform];
    const deadline = this.#deadline;
    // A change whose answer was lost (no answer, after it may have left) may have been applied, even when a later
    // attempt fails otherwise.
    let lost = false;
    const lostSentence = () => (method === 'POST' || method === 'PATCH'
      ? ` It was a ${method}, which is never sent twice: it may have been applied, so look at ${title} before running it again.`
      : ` Its answer was lost, so the ${method} may have been applied: a rerun, or \`secretdef diff\`, will tell.`);
    const raise = (how: string | undefined) => (how ? ` ${how}` : '');
    const fail = (init: FailInit): ApiError => {
      const mayHaveBeenApplied = (init.mayHaveBeenApplied ?? false) || lost;
      // What may have happened comes first, then what to check.
      const hint = lost && !init.mayHaveBeenApplied ? `${lostSentence().trim()} ${init.hint}` : init.hint;
      return new ApiError({
        platform: this.platform, method, path,
        ...init,
        hint, mayHaveBeenApplied,
        platformMessage: init.platformMessage === undefined ? undefined : showServerText(init.platformMessage, this.#secrets),
        requestId: init.requestId === undefined ? undefined : showServerText(init.requestId, this.#secrets, 200),
        location: init.location === undefined ? undefined : showServerText(init.location, this.#secrets, 300),
      });
    };
    let outOfTime = '';
    /** A pause before the next attempt, unless it would not end within the command's time limit (the error then says so). */
    const fits = (delay: number | undefined): number | undefined => {
      if (delay === undefined || !deadline || delay < deadline.remainingMs()) return delay;
      outOfTime = ` There was no time left to try again within the command's time limit (${formatDuration(deadline.totalMs)}).`;
      return undefined;
    };

    for (let attempt = 1; ; attempt++) {
      await this.#waitForRateLimit(method, path, options.signal, fail);
      const remaining = deadline ? deadline.remainingMs() : Number.POSITIVE_INFINITY;
      if (remaining <= 0) {
        throw fail({
          kind: 'timeout', attempts: attempt - 1, timeLimit: { ms: deadline?.totalMs ?? 0, scope: 'command' },
          hint: `${attempt > 1 ? 'Nothing more was sent' : 'Nothing was sent'}: check the network and ${title}'s status, then run it again.${raise(deadline?.howToRaise)}`,
        });
      }
      const started = this.#now();
      const limitMs = Math.min(this.timeoutMs, remaining);
      const result = await this.#attempt(method, path, options, limitMs, remaining < this.timeoutMs);
      const durationMs = Math.max(0, this.#now() - started);
      const log = (entry: Omit<RequestLogEntry, 'platform' | 'method' | 'path' | 'attempt' | 'durationMs'>) =>
        this.#onRequest?.({ platform: this.platform, method, path, attempt, durationMs, ...entry });

      if (result.kind === 'cancelled') {
        log({ outcome: 'cancelled' });
        // Cancelled after it left: a change may have been applied. When an earlier attempt's answer was lost, fail()
        // says so (and why) instead. Cancelled before it left (`sent` false): nothing was sent, whatever the method.
        const maybe = method !== 'GET' && result.sent && !lost;
        throw fail({
          kind: 'cancelled', attempts: attempt, mayHaveBeenApplied: maybe,
          hint: maybe ? `Nothing more will be sent. It was cancelled after it was sent, so the ${method} may have been applied: a rerun, or \`secretdef diff\`, will tell.` : 'Nothing more will be sent.',
        });
      }

      if (result.kind === 'redirect') {
        log({ status: result.status, outcome: 'redirect' });
        let location = result.location;
        try {
          if (location !== undefined) location = new URL(location, this.#url(path, undefined)).href;
        } catch {
          // Shown as the server wrote it.
        }
        throw fail({
          kind: 'redirect', status: result.status || undefined, attempts: attempt, location: location ?? '',
          // 303 "See Other" answers a change that was made; the other redirects say "not here".
          mayHaveBeenApplied: result.status === 303 && method !== 'GET',
          hint: `Check the API address (${this.baseUrl}): it must be the API itself, not an address that redirects. Redirects are never followed, so the token was not sent there; nothing was retried.`,
        });
      }

      if (result.kind === 'too-large') {
        const { response } = result;
        log({ status: response.status, outcome: 'bad-response' });
        throw fail({
          kind: 'bad-response', status: response.status, attempts: attempt,
          platformMessage: `the answer is larger than ${formatBytes(result.limit)}, the most that is read`,
          mayHaveBeenApplied: method !== 'GET',
          hint: method === 'GET'
            ? `Check the API address (${this.baseUrl}): no answer of ${title}'s API is that large.`
            : 'The request was accepted, so it has probably been applied: check the state before running it again.',
        });
      }

      if (result.kind === 'response') {
        const { response, text } = result;
        const rate = parseRateLimit(response.headers, this.#now());
        if (rate) this.rateLimit = rate;
        const headerRequestId = REQUEST_ID_HEADERS.map((h) => response.headers.get(h)).find((v): v is string => !!v);
        const ok = (response.status >= 200 && response.status < 300) || (options.accept ?? []).includes(response.status);
        if (ok) {
          let body: unknown;
          try {
            body = text.trim() === '' ? undefined : JSON.parse(text);
          } catch {
            log({ status: response.status, outcome: 'bad-response' });
            throw fail({
              kind: 'bad-response', status: response.status, attempts: attempt, requestId: headerRequestId,
              platformMessage: 'the body is not valid JSON',
              mayHaveBeenApplied: method !== 'GET',
              hint: method === 'GET'
                ? 'Try again; if it persists, check --api-url (it may point at something that is not the API).'
                : 'The request was accepted, so it has probably been applied: check the state before running it again.',
            });
          }
          log({ status: response.status, outcome: 'ok' });
          return { status: response.status, body, headers: response.headers, requestId: headerRequestId };
        }

        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          // Empty, blank or not JSON: the platform's parser gets the text alone.
        }
        const details = this.#parseError(parsed, text, response.headers);
        const requestId = details.requestId ?? headerRequestId;
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.#now());
        const retryable = idempotent && (response.status === 429 || response.status >= 500);
        let delay: number | undefined;
        if (retryable && attempt < maxAttempts) {
          delay = response.status === 429 && retryAfterMs !== undefined ? Math.max(MIN_RETRY_AFTER_MS, retryAfterMs) : backoffDelay(attempt, this.policy, this.#random);
          if (delay > this.policy.maxRetryAfterMs) delay = undefined;
          delay = fits(delay);
        }
        log({ status: response.status, outcome: 'http-error', retryInMs: delay });
        if (delay !== undefined) {
          await this.#pause(delay, options.signal, attempt, fail);
          continue;
        }
        const message = details.message === undefined ? undefined : result.cut ? `${details.message} (the answer was longer than ${formatBytes(this.maxErrorBodyBytes)} and was not read to its end)` : details.message;
        throw fail({
          kind: 'http', status: response.status, attempts: attempt, requestId, retryAfterMs,
          platformMessage: message,
          hint: hintForStatus(this.platform, response.status, method, retryAfterMs) + outOfTime,
          mayHaveBeenApplied: response.status >= 500 && !idempotent,
        });
      }

      // No answer: a network error or a timeout. A refused connection or an unknown host means the request never
      // left; anything else (a reset, a time-out) may come after the platform has applied it.
      const neverSent = result.kind === 'network' && NEVER_SENT.has(result.cause);
      if (method !== 'GET' && !neverSent) lost = true;
      const delay = fits(idempotent && attempt < maxAttempts ? backoffDelay(attempt, this.policy, this.#random) : undefined);
      log({ outcome: result.kind === 'timeout' ? 'timeout' : 'network-error', retryInMs: delay });
      if (delay !== undefined) {
        await this.#pause(delay, options.signal, attempt, fail);
        continue;
      }
      if (result.kind === 'timeout') {
        const byCommand = result.byCommand;
        throw fail({
          kind: 'timeout', attempts: attempt,
          timeLimit: byCommand ? { ms: deadline?.totalMs ?? result.limitMs, scope: 'command' } : { ms: result.limitMs, scope: 'request' },
          hint: `Check the network and ${title}'s status.${outOfTime}${raise(byCommand ? deadline?.howToRaise : this.#timeoutHowToRaise)}`,
        });
      }
      throw fail({
        kind: 'network', attempts: attempt, cause: result.cause,
        hint: `Check the network and the API address (${this.baseUrl}; set it with --api-url).${outOfTime}`,
      });
    }
  }

  async #pause(ms: number, signal: AbortSignal | undefined, attempt: number, fail: (init: FailInit) => ApiError): Promise<void> {
    try {
      await this.#sleep(ms, signal);
    } catch {
      throw fail({ kind: 'cancelled', attempts: attempt, hint: 'Nothing more will be sent.' });
    }
  }

  async #waitForRateLimit(method: HttpMethod, path: string, signal: AbortSignal | undefined, fail: (init: FailInit) => ApiError): Promise<void> {
    const rate = this.rateLimit;
    if (!rate || rate.remaining !== 0 || rate.resetAt === undefined) return;
    const wait = rate.resetAt - this.#now();
    if (wait <= 0) return;
    const remaining = this.#deadline ? this.#deadline.remainingMs() : Number.POSITIVE_INFINITY;
    if (wait > this.policy.maxRetryAfterMs || wait >= remaining) {
      const minutes = Math.ceil(wait / 60_000);
      throw fail({
        kind: 'rate-limited', retryAfterMs: wait,
        platformMessage: `it resets in about ${minutes} min`,
        hint: `Wait until the rate limit resets, then run it again (or ask ${PLATFORM_TITLES[this.platform]} for a higher limit).`,
      });
    }
    this.#onRequest?.({ platform: this.platform, method, path, attempt: 0, outcome: 'rate-limited', durationMs: 0, retryInMs: wait });
    await this.#pause(wait, signal, 0, fail);
    // The window has reset: forget the exhausted state until the next answer tells us otherwise.
    this.rateLimit = { ...rate, remaining: undefined };
  }

  /**
   * One attempt: the request and its whole body within `limitMs`. Every wait (the fetch, each read of the body)
   * is raced against our own timer and the caller's signal; when either fires, the body reader is cancelled and
   * the request aborted, whatever the fetch implementation does with its own signal.
   */
  async #attempt(method: HttpMethod, path: string, options: RequestOptions, limitMs: number, byCommand: boolean): Promise<Attempt> {
    if (options.signal?.aborted) return { kind: 'cancelled', sent: false };
    const controller = new AbortController();
    let stopped: 'timeout' | 'cancelled' | undefined;
    let wake: (() => void) | undefined;
    const stop = (reason: 'timeout' | 'cancelled') => {
      if (stopped) return;
      stopped = reason;
      controller.abort(reason === 'timeout' ? new TimeoutSignal('timeout') : options.signal?.reason);
      wake?.();
    };
    const timer = setTimeout(() => stop('timeout'), limitMs);
    const onAbort = () => stop('cancelled');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const stoppedAttempt = (): Attempt => (stopped === 'timeout' ? { kind: 'timeout', limitMs, byCommand } : { kind: 'cancelled', sent: true });
    /** The promise's value, or STOPPED when the timer or the caller stops first (the promise is then left to settle on its own). */
    const race = <T>(promise: Promise<T>): Promise<T | typeof STOPPED> => new Promise<T | typeof STOPPED>((resolve, reject) => {
      wake = () => resolve(STOPPED);
      if (stopped) resolve(STOPPED);
      promise.then(resolve, reject);
    }).finally(() => {
      wake = undefined;
    });

    const headers: Record<string, string> = {
      Authorization: this.#authorization,
      Accept: 'application/json',
      'User-Agent': this.#userAgent,
    };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    try {
      const response = await race(this.#fetch(this.#url(path, options.query), {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: controller.signal,
        // Never followed: the token would go to wherever the server points.
        redirect: 'manual',
      }));
      if (response === STOPPED) return stoppedAttempt();
      if (isRedirect(response)) {
        void response.body?.cancel().catch(() => undefined);
        return { kind: 'redirect', status: response.status, location: response.headers.get('location') ?? undefined };
      }
      const ok = (response.status >= 200 && response.status < 300) || (options.accept ?? []).includes(response.status);
      const cap = ok ? this.maxBodyBytes : this.maxErrorBodyBytes;
      if (!response.body) return { kind: 'response', response, text: '', cut: false };
      reader = response.body.getReader();
      const decoder = new TextDecoder();
      const parts: string[] = [];
      let bytes = 0;
      for (;;) {
        const chunk = await race(reader.read());
        if (chunk === STOPPED) return stoppedAttempt();
        if (chunk.done) break;
        const room = cap - bytes;
        bytes += chunk.value.byteLength;
        if (chunk.value.byteLength > room) {
          if (ok) return { kind: 'too-large', response, limit: cap };
          parts.push(decoder.decode(chunk.value.subarray(0, room)));
          return { kind: 'response', response, text: parts.join(''), cut: true };
        }
        parts.push(decoder.decode(chunk.value, { stream: true }));
      }
      parts.push(decoder.decode());
      reader = undefined;
      return { kind: 'response', response, text: parts.join(''), cut: false };
    } catch (e) {
      if (stopped) return stoppedAttempt();
      return { kind: 'network', cause: networkCause(e) };
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      // A body not read to its end (stopped, too large, cut): cancel the reader and drop the connection.
      if (reader) {
        void reader.cancel().catch(() => undefined);
        controller.abort();
      }
    }
  }

  #url(path: string, query: RequestOptions['query']): string {
    const url = new URL(this.baseUrl + path);
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    return url.toString();
  }
}

const STOPPED = Symbol('stopped');

/** An errno-like code for a failed fetch (ECONNRESET, ECONNREFUSED, ENOTFOUND…), never the message (it may quote a URL with credentials). */
function networkCause(e: unknown): string {
  let current: unknown = e;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return e instanceof Error ? e.name : 'network error';
}
