/** Work scheduled by `soon`, which a newer edit may cancel. */
export interface Scheduled {
  cancel(): void;
}

type Immediate = { setImmediate?: (work: () => void) => unknown; clearImmediate?: (handle: unknown) => void };

/**
 * Runs `work` once the messages that already arrived are handled, so that a burst of edits is validated once. Node
 * has setImmediate for that (it runs after pending I/O). A browser worker has none, and vscode-jsonrpc's stand-in
 * there is a microtask, which runs before the next message is read: the worker uses a zero timeout instead.
 */
export function soon(work: () => void): Scheduled {
  const { setImmediate, clearImmediate } = globalThis as Immediate;
  if (setImmediate && clearImmediate) {
    const handle = setImmediate(work);
    return { cancel: () => clearImmediate(handle) };
  }
  const handle = setTimeout(work, 0);
  return { cancel: () => clearTimeout(handle) };
}
