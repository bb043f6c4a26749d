/**
 * Fault injection for the stand-ins, per route: a status (429 with Retry-After, 5xx), a hang (the client's time
 * limit fires), a connection reset, or a 200 whose body is not JSON. A fault applies before the route runs (the
 * request changes nothing) or after it (the change is made, then the answer is lost or replaced: "applied, but the
 * client does not know").
 */

export type Fault =
  | { type: 'status'; status: number; retryAfter?: string; message?: string }
  | { type: 'hang' }
  | { type: 'reset' }
  | { type: 'malformed-json' };

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
