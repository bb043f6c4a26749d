/** Where a command writes: the real terminal in main.ts, a buffer in tests. */
export interface Io {
  stdout(line: string): void;
  stderr(line: string): void;
}
