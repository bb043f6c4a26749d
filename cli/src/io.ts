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
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  random?: () => number;
  fetch?: FetchLike;
  signal?: AbortSignal;
}
