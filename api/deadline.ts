/**
 * The time limit of a whole command (a push, a list, a tree load in the editor), on top of each request's own.
 *
 * It counts the time spent waiting for the platforms: while at least one request of the command is in flight or
 * pausing before a retry. Time at a confirmation prompt, or reading files, does not count, so a person who takes
 * a minute to answer "Push?" does not use up the command's time. Concurrent requests count once.
 */
export const DEFAULT_COMMAND_TIMEOUT_MS = 300_000;

export interface DeadlineOptions {
  /** Milliseconds (the transport's clock: tests give a fake one). */
  now?: () => number;
  /** How to raise the limit, for the error that says it ran out ("raise it with --command-timeout"). */
  howToRaise?: string;
}

export class Deadline {
  readonly totalMs: number;
  readonly howToRaise: string;
  readonly #now: () => number;
  #spentMs = 0;
  #active = 0;
  #since = 0;

  constructor(totalMs: number, options: DeadlineOptions = {}) {
    this.totalMs = totalMs;
    this.#now = options.now ?? (() => Date.now());
    this.howToRaise = options.howToRaise ?? '';
  }

  /** A request starts waiting for a platform. */
  begin(): void {
    if (this.#active++ === 0) this.#since = this.#now();
  }

  /** It stops. Every begin() has one end(). */
  end(): void {
    if (this.#active === 0) return;
    if (--this.#active === 0) this.#spentMs += Math.max(0, this.#now() - this.#since);
  }

  get spentMs(): number {
    return this.#spentMs + (this.#active > 0 ? Math.max(0, this.#now() - this.#since) : 0);
  }

  remainingMs(): number {
    return this.totalMs - this.spentMs;
  }
}
