import type { Deadline } from '../../api/deadline';
import type { SecretSet } from '../../api/redact';
import type { FetchLike, RetryPolicy } from '../../api/transport';

/**
 * Where a command reads and writes: the real terminal in main.ts, buffers in tests. Everything but stdout and
 * stderr is optional, so that a command runs in-process in tests with exactly what it needs.
 */
export interface Io {
  stdout(line: string): void;
  stderr(line: string): void;
  /** Environment variables (API tokens, API URLs). Default: none. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Whether stdin is a terminal, where a confirmation can be asked. Default: false. */
  stdinIsTTY?: boolean;
  /** Asks a question on the terminal; resolves with the line typed. */
  prompt?(question: string): Promise<string>;
  /** All of stdin, for --token-stdin and --value-stdin. */
  readStdin?(): Promise<string>;
  /** Options of the API clients: tests give a fake clock and short time limits. */
  api?: ApiOptions;
}

export interface ApiOptions {
  /** One request's time limit (run() sets it from --request-timeout, SECRETDEF_REQUEST_TIMEOUT, or this default). */
  timeoutMs?: number;
  /** The command's time limit before run() turns it into `deadline` (same sources as timeoutMs). */
  commandTimeoutMs?: number;
  /** Made by run() for each command: shared by its clients. */
  deadline?: Deadline;
  /** How to raise timeoutMs, said when it fires (set by run()). */
  timeoutHowToRaise?: string;
  /**
   * The secrets the command has handled (tokens, values): the clients add to it, and run() masks every line the
   * command prints with it. Made by run() unless given.
   */
  secrets?: SecretSet;
  maxBodyBytes?: number;
  maxErrorBodyBytes?: number;
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  random?: () => number;
  fetch?: FetchLike;
  signal?: AbortSignal;
}
