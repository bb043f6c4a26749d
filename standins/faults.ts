/**
 * Fault injection for the stand-ins, per route: a status (429 with Retry-After, 5xx), a hang (the client's time
 * limit fires), a connection reset, a 200 whose body is not JSON, and hostile servers: an error that echoes the
 * request's values and token in many encodings, a body trickled byte by byte, a huge body, a redirect. A fault applies before the route runs (the
 * request changes nothing) or after it (the change is made, then the answer is lost or replaced: "applied, but the
 * client does not know").
 */

/** How a hostile server may echo a value of the request (or the token) back in its error message. */
export type EchoEncoding =
  /** As it is. */
  | 'raw'
  /** JSON.stringify'd, quotes included (a value with a quote, a backslash or a newline comes back escaped). */
  | 'json'
  | 'base64'
  | 'base64url'
  /** encodeURIComponent. */
  | 'url'
  /** application/x-www-form-urlencoded (spaces as +). */
  | 'form'
  /** The first half of the value, then an ellipsis: a server that cuts what it quotes. */
  | 'prefix'
  /** The whole request body, base64-encoded: each value sits at some byte offset inside it. */
  | 'body-base64'
  /** The value with an ESC sequence in its middle, which a terminal would not show. */
  | 'split-control';

export type Fault =
  | { type: 'status'; status: number; retryAfter?: string; message?: string }
  | { type: 'hang' }
  | { type: 'reset' }
  | { type: 'malformed-json' }
  /**
   * An error whose message quotes every string of the request body (and, with `token`, the token of the
   * Authorization header) in each of `encodings` (default: all).
   */
  | { type: 'echo'; status?: number; encodings?: EchoEncoding[]; token?: boolean }
  /** A 200 whose body comes one byte every `intervalMs` (default 1000), for ever, until the client goes. */
  | { type: 'trickle'; intervalMs?: number }
  /** A 200 (or `status`) with a body of `bytes` bytes (default 100 MB), written as fast as the client reads. */
  | { type: 'huge'; bytes?: number; status?: number }
  /** A redirect (default 302) to `location`. */
  | { type: 'redirect'; location: string; status?: number };

export interface FaultMatch {
  method?: string;
  /** An exact path (without query), or a pattern. */
  path?: string | RegExp;
}

export interface FaultOptions {
  /** How many matching requests get the fault (default 1). */
  times?: number;
  /** Apply the fault after the route has run (the change is made). Default: before. */
  after?: boolean;
  /** Let this many matching requests through first (fail the third create: skip 2). */
  skip?: number;
}

interface Rule {
  match: FaultMatch;
  fault: Fault;
  remaining: number;
  skip: number;
  after: boolean;
}

export class Faults {
  private rules: Rule[] = [];

  inject(match: FaultMatch, fault: Fault, options: FaultOptions = {}): this {
    this.rules.push({ match, fault, remaining: options.times ?? 1, skip: options.skip ?? 0, after: options.after ?? false });
    return this;
  }

  /** The next fault for a request in a phase, consumed. */
  take(method: string, path: string, phase: 'before' | 'after'): Fault | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && r.after === (phase === 'after') && matches(r.match, method, path));
    if (!rule) return undefined;
    if (rule.skip > 0) {
      rule.skip--;
      return undefined;
    }
    rule.remaining--;
    return rule.fault;
  }

  /** Faults injected but not yet triggered. */
  get pending(): number {
    return this.rules.reduce((n, r) => n + r.remaining, 0);
  }

  clear(): void {
    this.rules = [];
  }
}

function matches(match: FaultMatch, method: string, path: string): boolean {
  if (match.method && match.method.toUpperCase() !== method) return false;
  if (match.path === undefined) return true;
  return typeof match.path === 'string' ? match.path === path : match.path.test(path);
}
