/**
 * The HTTP transport of both API clients: a small layer over the global `fetch` (Node 20 and VS Code's extension
 * host both have it), instead of the official clients' runtimes, which add megabytes and handle no rate limit.
 *
 * - Base URL per platform (self-hosted, stand-ins in tests).
 * - A time limit per attempt, and cancellation with an AbortSignal (also during the pauses between retries).
 * - Retries with exponential backoff and jitter, only for idempotent requests (GET, PUT, DELETE), only on network
 *   errors, timeouts, 429 (honouring Retry-After) and 5xx. A POST is never sent twice: when it gets no answer,
 *   the error says it may have been applied.
 * - Rate-limit headers are read (Northflank documents `x-ratelimit-limit`, `x-ratelimit-remaining` and
 *   `x-ratelimit-reset`, the last in seconds until the reset: northflank.com/docs/v1/api/use-the-javascript-client);
 *   when the remaining count is 0, the next request waits for the reset (or fails at once if that is too long).
 * - A request log hook that sees the method, the path, the status, the duration and the attempt: never a header,
 *   a query string or a body, so it never sees a token or a value.
 * - The clock, the pause and the random source are injectable, so tests assert the timing without waiting.
 */
import { ApiError, hintForStatus, PLATFORM_TITLES, redact, type ApiErrorInit, type Platform } from './errors';

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
export const DEFAULT_TIMEOUT_MS = 30_000;

export type RequestOutcome = 'ok' | 'http-error' | 'network-error' | 'timeout' | 'cancelled' | 'bad-response' | 'rate-limited';

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

/** Retry-After: delay-seconds or an HTTP date (RFC 9110 §10.2.3). Undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
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
  | { kind: 'response'; response: Response; text: string }
  | { kind: 'network'; cause: string }
  | { kind: 'timeout' }
  | { kind: 'cancelled' };

export class Transport {
  readonly platform: Platform;
  readonly baseUrl: string;
  readonly policy: RetryPolicy;
  readonly timeoutMs: number;
  /** The last rate-limit state the platform told us. */
  rateLimit: RateLimitState | undefined;
  readonly #authorization: string;
  readonly #token: string;
  readonly #fetch: FetchLike;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #onRequest?: (entry: RequestLogEntry) => void;
  readonly #userAgent: string;
  readonly #parseError: (body: unknown, text: string, headers: Headers) => ErrorDetails;
  readonly #secretValues = new Set<string>();

  constructor(options: TransportOptions) {
    this.platform = options.platform;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#token = options.token;
    this.#authorization = `${options.authScheme} ${options.token}`;
    this.#fetch = options.fetch ?? ((url, init) => fetch(url, init));
    this.#sleep = options.sleep ?? defaultSleep;
    this.#now = options.now ?? (() => Date.now());
    this.#random = options.random ?? Math.random;
    this.#onRequest = options.onRequest;
    this.#userAgent = options.userAgent ?? 'secretdef';
    this.#parseError = options.parseError ?? (() => ({}));
    this.addSecretValues(options.secretValues ?? []);
  }

  /**
   * Values to mask in every later error, whatever request it is about: a platform may quote a value in the
   * answer to a request that did not send it (the CLI adds every value of the files it reads, and the values
   * Northflank returns).
   */
  addSecretValues(values: Iterable<string>): void {
    for (const v of values) if (typeof v === 'string' && v) this.#secretValues.add(v);
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
    const idempotent = IDEMPOTENT_METHODS.has(method);
    const maxAttempts = idempotent ? 1 + this.policy.maxRetries : 1;
    const secrets = [this.#token, ...this.#secretValues, ...(options.secretValues ?? [])];
    const fail = (init: FailInit): ApiError =>
      new ApiError({
        platform: this.platform, method, path,
        ...init,
        platformMessage: init.platformMessage === undefined ? undefined : redact(init.platformMessage, secrets),
        requestId: init.requestId === undefined ? undefined : redact(init.requestId, secrets),
      });

    for (let attempt = 1; ; attempt++) {
      await this.#waitForRateLimit(method, path, options.signal, fail);
      const started = this.#now();
      const result = await this.#attempt(method, path, options);
      const durationMs = Math.max(0, this.#now() - started);
      const log = (entry: Omit<RequestLogEntry, 'platform' | 'method' | 'path' | 'attempt' | 'durationMs'>) =>
        this.#onRequest?.({ platform: this.platform, method, path, attempt, durationMs, ...entry });

      if (result.kind === 'cancelled') {
        log({ outcome: 'cancelled' });
        throw fail({ kind: 'cancelled', attempts: attempt, hint: 'Nothing more will be sent.', mayHaveBeenApplied: !idempotent });
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
          parsed = text.trim() === '' ? undefined : JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        const details = this.#parseError(parsed, text, response.headers);
        const requestId = details.requestId ?? headerRequestId;
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.#now());
        const retryable = idempotent && (response.status === 429 || response.status >= 500);
        let delay: number | undefined;
        if (retryable && attempt < maxAttempts) {
          delay = response.status === 429 && retryAfterMs !== undefined ? retryAfterMs : backoffDelay(attempt, this.policy, this.#random);
          if (delay > this.policy.maxRetryAfterMs) delay = undefined;
        }
        log({ status: response.status, outcome: 'http-error', retryInMs: delay });
        if (delay !== undefined) {
          await this.#pause(delay, options.signal, attempt, fail);
          continue;
        }
        throw fail({
          kind: 'http', status: response.status, attempts: attempt, requestId, retryAfterMs,
          platformMessage: details.message,
          hint: hintForStatus(this.platform, response.status, method, retryAfterMs),
          mayHaveBeenApplied: response.status >= 500 && !idempotent,
        });
      }

      // No answer: a network error or a timeout.
      const retryable = idempotent && attempt < maxAttempts;
      const delay = retryable ? backoffDelay(attempt, this.policy, this.#random) : undefined;
      log({ outcome: result.kind === 'timeout' ? 'timeout' : 'network-error', retryInMs: delay });
      if (delay !== undefined) {
        await this.#pause(delay, options.signal, attempt, fail);
        continue;
      }
      const title = PLATFORM_TITLES[this.platform];
      // A refused connection or an unknown host means the request never left: nothing can have been applied.
      const neverSent = result.kind === 'network' && NEVER_SENT.has(result.cause);
      const mayHaveBeenApplied = !idempotent && !neverSent;
      const applied = !mayHaveBeenApplied
        ? ''
        : ` It was a ${method}, which is never sent twice: it may have been applied, so look at ${title} before running it again.`;
      if (result.kind === 'timeout') {
        throw fail({
          kind: 'timeout', attempts: attempt, mayHaveBeenApplied,
          hint: `No answer within ${Math.round(this.timeoutMs / 1000)} s: check the network and ${title}'s status.${applied}`,
        });
      }
      throw fail({
        kind: 'network', attempts: attempt, cause: result.cause, mayHaveBeenApplied,
        hint: `Check the network and the API address (${this.baseUrl}; set it with --api-url).${applied}`,
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
    if (wait > this.policy.maxRetryAfterMs) {
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

  async #attempt(method: HttpMethod, path: string, options: RequestOptions): Promise<Attempt> {
    if (options.signal?.aborted) return { kind: 'cancelled' };
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new TimeoutSignal('timeout')), this.timeoutMs);
    const onAbort = () => controller.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const headers: Record<string, string> = {
      Authorization: this.#authorization,
      Accept: 'application/json',
      'User-Agent': this.#userAgent,
    };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      const response = await this.#fetch(this.#url(path, options.query), {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: controller.signal,
        redirect: 'error',
      });
      // The time limit covers the body too: a server may send headers and then hang.
      const text = await response.text();
      return { kind: 'response', response, text };
    } catch (e) {
      if (controller.signal.aborted) {
        return controller.signal.reason instanceof TimeoutSignal ? { kind: 'timeout' } : { kind: 'cancelled' };
      }
      return { kind: 'network', cause: networkCause(e) };
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  #url(path: string, query: RequestOptions['query']): string {
    const url = new URL(this.baseUrl + path);
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    return url.toString();
  }
}

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
