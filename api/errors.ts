/**
 * The one error type of the API clients. It carries what a person needs to act: the platform's status and
 * message, a request id to quote to support, and a sentence saying what to do next. It never carries a token or
 * a secret value: the transport masks both in everything it puts here (`showServerText`), and the constructor
 * removes control sequences from whatever a server said, whoever builds the error.
 */
import { stripControls } from './serverText';

export type Platform = 'northflank' | 'qovery';

export const PLATFORM_TITLES: Record<Platform, string> = { northflank: 'Northflank', qovery: 'Qovery' };

/** Where the token of each platform comes from: named in "what to do" sentences. */
export const TOKEN_ENV: Record<Platform, string> = { northflank: 'NORTHFLANK_API_TOKEN', qovery: 'QOVERY_API_TOKEN' };

export type ApiErrorKind =
  /** The platform answered with an error status. */
  | 'http'
  /** No answer: connection refused or reset, DNS failure. */
  | 'network'
  /** No answer within the time limit. */
  | 'timeout'
  /** The caller cancelled (AbortSignal). */
  | 'cancelled'
  /** An answer that is not what the platform documents (not JSON, wrong shape). */
  | 'bad-response'
  /** The rate limit is used up for longer than we are willing to wait. */
  | 'rate-limited'
  /** The server answered with a redirect, which is never followed (the token would go with it). */
  | 'redirect';

export interface ApiErrorInit {
  platform: Platform;
  kind: ApiErrorKind;
  method: string;
  /** The request path, without query string or host. */
  path: string;
  status?: number;
  /** The platform's own message, verbatim except for masked secrets. */
  platformMessage?: string;
  requestId?: string;
  /** What to do next: one sentence. */
  hint: string;
  /** How many times the request was sent. */
  attempts?: number;
  /** For 429: how long the platform asked us to wait. */
  retryAfterMs?: number;
  /** The request may have reached the platform and changed something (a POST that got no answer). */
  mayHaveBeenApplied?: boolean;
  /** A technical cause for logs (an errno code such as ECONNRESET); never a value. */
  cause?: string;
  /** For a redirect: where the server pointed (masked and cleaned). */
  location?: string;
  /** For a time-out: the limit that ran out, one request's or the whole command's. */
  timeLimit?: { ms: number; scope: 'request' | 'command' };
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 422: 'Unprocessable Entity',
  429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly platform: Platform;
  readonly kind: ApiErrorKind;
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  readonly platformMessage?: string;
  readonly requestId?: string;
  readonly hint: string;
  readonly attempts: number;
  readonly retryAfterMs?: number;
  readonly mayHaveBeenApplied: boolean;
  readonly causeCode?: string;
  readonly location?: string;
  readonly timeLimit?: { ms: number; scope: 'request' | 'command' };

  constructor(given: ApiErrorInit) {
    const clean = (text: string | undefined) => (text === undefined ? undefined : stripControls(text));
    const init = { ...given, platformMessage: clean(given.platformMessage), requestId: clean(given.requestId), location: clean(given.location), cause: clean(given.cause) };
    super(describe(init));
    this.platform = init.platform;
    this.kind = init.kind;
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.platformMessage = init.platformMessage;
    this.requestId = init.requestId;
    this.hint = init.hint;
    this.attempts = init.attempts ?? 1;
    this.retryAfterMs = init.retryAfterMs;
    this.mayHaveBeenApplied = init.mayHaveBeenApplied ?? false;
    this.causeCode = init.cause;
    this.location = init.location;
    this.timeLimit = init.timeLimit;
  }

  /** A copy with another "what to do" sentence, for callers that know better (409 on create: "use put"). */
  withHint(hint: string): ApiError {
    return new ApiError({ ...this.init(), hint });
  }

  private init(): ApiErrorInit {
    return {
      platform: this.platform, kind: this.kind, method: this.method, path: this.path, status: this.status,
      platformMessage: this.platformMessage, requestId: this.requestId, hint: this.hint, attempts: this.attempts,
      retryAfterMs: this.retryAfterMs, mayHaveBeenApplied: this.mayHaveBeenApplied, cause: this.causeCode, location: this.location,
      timeLimit: this.timeLimit,
    };
  }

  /** The message and the sentence saying what to do, for a terminal or a notification. */
  get fullMessage(): string {
    return `${this.message} ${this.hint}`;
  }
}

function describe(init: ApiErrorInit): string {
  const platform = PLATFORM_TITLES[init.platform];
  const request = `${init.method} ${init.path}`;
  const tries = init.attempts && init.attempts > 1 ? ` after ${init.attempts} attempts` : '';
  const id = init.requestId ? ` (request id ${init.requestId})` : '';
  switch (init.kind) {
    case 'http': {
      const status = `${init.status ?? '?'}${init.status && STATUS_TEXT[init.status] ? ` ${STATUS_TEXT[init.status]}` : ''}`;
      const message = init.platformMessage ? `: ${init.platformMessage}` : '';
      return `${platform} answered ${status} to ${request}${tries}${message}${id}.`.replace(/\.\.$/, '.');
    }
    case 'network':
      return `${platform} could not be reached for ${request}${tries}${init.cause ? ` (${init.cause})` : ''}.`;
    case 'timeout': {
      const limit = init.timeLimit;
      if (limit?.scope === 'command' && init.attempts === 0) return `${request} to ${platform} was not sent: the command's time limit (${formatDuration(limit.ms)}) is used up.`;
      const which = !limit ? '' : limit.scope === 'command' ? ` (the command's time limit of ${formatDuration(limit.ms)} ran out)` : ` (${formatDuration(limit.ms)} per request, body included)`;
      return `${platform} did not answer ${request} in time${tries}${which}.`;
    }
    case 'cancelled':
      return `${request} to ${platform} was cancelled.`;
    case 'bad-response':
      return `${platform} sent an answer to ${request} that cannot be read${init.platformMessage ? ` (${init.platformMessage})` : ''}${id}.`;
    case 'rate-limited':
      return `${platform}'s rate limit is used up; ${request} was not sent${init.platformMessage ? ` (${init.platformMessage})` : ''}.`;
    case 'redirect':
      return `${platform} answered ${init.status ?? '3xx'} to ${request} with a redirect to ${init.location || '(no location)'}, not followed${id}.`;
  }
}

/** The default "what to do" sentence for an error status of a platform. */
export function hintForStatus(platform: Platform, status: number, method: string, retryAfterMs?: number): string {
  const title = PLATFORM_TITLES[platform];
  if (status === 400 || status === 422) return `Correct the request as ${title}'s message says, then run it again.`;
  if (status === 401) return `Check that ${TOKEN_ENV[platform]} holds a valid ${title} API token (or pass one with --token-stdin).`;
  if (status === 403) return `The token is valid but lacks the permission for this: give its API role the permission, or use another token.`;
  if (status === 404) {
    return platform === 'northflank'
      ? 'Check the ids (project, team, secret group, addon) and that the token’s team can see them.'
      : 'Check the ids (organization, project, secret) and that the token can see them.';
  }
  if (status === 409) return `It already exists in ${title}: update it instead of creating it.`;
  if (status === 429) {
    const wait = retryAfterMs !== undefined ? `wait ${formatDuration(retryAfterMs)}` : 'wait a little';
    return `${title} is rate limiting this token: ${wait}, then run it again.`;
  }
  if (status >= 500) {
    return method === 'POST'
      ? `${title} failed on its side. The request may or may not have been applied: look before running it again.`
      : `${title} failed on its side; try again later.`;
  }
  return `Run it again; if it keeps failing, quote the request id to ${title}'s support.`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  return `${Math.round(seconds / 60)} min`;
}

export { MASK, redact } from './redact';
