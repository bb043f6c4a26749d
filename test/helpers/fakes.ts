import type { FetchLike, RequestLogEntry } from '../../api/transport';

/** A clock whose pauses return at once and move time forward: retry timing is asserted without waiting. */
export class FakeClock {
  time = 1_700_000_000_000;
  readonly sleeps: number[] = [];
  readonly now = (): number => this.time;
  readonly sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) throw signal.reason;
    this.sleeps.push(ms);
    this.time += ms;
  };
}

export interface ScriptedReply {
  status?: number;
  body?: unknown;
  /** A raw body (not JSON-encoded). */
  text?: string;
  headers?: Record<string, string>;
  /** Throw like fetch does on a network failure, with this errno code. */
  networkError?: string;
}

export interface SentRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

/** A fetch that answers from a script, one reply per call, and records what was sent. */
export function scriptedFetch(replies: ScriptedReply[]): FetchLike & { sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const queue = [...replies];
  const fn = async (url: string, init: RequestInit): Promise<Response> => {
    sent.push({ url, method: init.method ?? 'GET', headers: { ...(init.headers as Record<string, string>) }, body: typeof init.body === 'string' ? init.body : undefined });
    const reply = queue.shift();
    if (!reply) throw new Error(`scriptedFetch: no reply left for ${init.method} ${url}`);
    if (reply.networkError) throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('socket'), { code: reply.networkError }) });
    const text = reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
    return new Response(reply.status === 204 ? null : text, { status: reply.status ?? 200, headers: reply.headers });
  };
  return Object.assign(fn, { sent });
}

/** Collects the transport's request log. */
export function requestLog(): { entries: RequestLogEntry[]; onRequest: (e: RequestLogEntry) => void } {
  const entries: RequestLogEntry[] = [];
  return { entries, onRequest: (e) => entries.push(e) };
}

/** Resolves once the condition holds, checking on each turn of the event loop: a readiness signal, not a fixed sleep. */
export async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('waitFor: condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export interface CapturedTimer {
  ms: number;
  cleared: boolean;
  /** Runs the callback now, as if the time had passed. */
  fire(): void;
}

/**
 * Replaces the global setTimeout and clearTimeout until `restore()`: every timer set meanwhile is recorded with its
 * delay and runs only when the test fires it. For code whose timers are not injectable (the transport's per-attempt
 * time limit): the test reads the delay it set and makes the time pass without waiting.
 */
export function captureTimers(): { timers: CapturedTimer[]; restore(): void } {
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  const timers: CapturedTimer[] = [];
  const handles = new Map<object, CapturedTimer>();
  const fakeSet = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const handle = { unref: () => handle, ref: () => handle, hasRef: () => false };
    const timer: CapturedTimer = { ms: ms ?? 0, cleared: false, fire: () => callback(...args) };
    timers.push(timer);
    handles.set(handle, timer);
    return handle;
  };
  const fakeClear = (handle: unknown) => {
    const timer = typeof handle === 'object' && handle !== null ? handles.get(handle) : undefined;
    if (timer) timer.cleared = true;
  };
  globalThis.setTimeout = fakeSet as unknown as typeof setTimeout;
  globalThis.clearTimeout = fakeClear as typeof clearTimeout;
  return {
    timers,
    restore: () => {
      globalThis.setTimeout = realSet;
      globalThis.clearTimeout = realClear;
    },
  };
}
