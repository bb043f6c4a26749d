/**
 * A small in-process HTTP server for the platform stand-ins: node:http on 127.0.0.1, port 0, a route table,
 * JSON bodies, a recorded request log for assertions, and fault injection per route. It prints nothing.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Faults, type EchoEncoding, type Fault } from './faults';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteContext {
  method: string;
  path: string;
  params: string[];
  query: URLSearchParams;
  /** Captured groups of the route's pattern, decoded; '' for a group that did not take part. */
  /** The parsed JSON body (undefined when there was none). */
  body: unknown;
}

export interface Route {
  method: string;
  pattern: RegExp;
  handler: (context: RouteContext) => Reply;
}

/** One request as the stand-in saw it. The Authorization header is reduced to whether it was accepted. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** The scheme of the Authorization header ("Bearer", "Token"), never the token. */
  authScheme?: string;
  authorized: boolean;
  contentType?: string;
  status?: number;
  fault?: Fault['type'];
  /** Body bytes written by a trickle or huge fault so far: a signal for tests to wait on. */
  bytesSent?: number;
  /** The client closed the connection before a trickle or huge body ended. */
  closedEarly?: boolean;
}

export interface StandinOptions {
  routes: Route[];
  /** Whether an Authorization header is accepted. */
  authorize: (authorization: string | undefined) => boolean;
  /** The platform's error envelope. */
  error: (status: number, message: string) => unknown;
  /** Headers added to every answer (rate-limit headers). */
  extraHeaders?: () => Record<string, string>;
}

const MAX_BODY = 5 * 1024 * 1024;

export class StandinServer {
  readonly faults = new Faults();
  readonly requests: RecordedRequest[] = [];
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private url: string | undefined;

  constructor(private readonly options: StandinOptions) {}

  get baseUrl(): string {
    if (!this.url) throw new Error('The stand-in is not started.');
    return this.url;
  }

  /** Starts listening on 127.0.0.1 on a free port; resolves with the base URL once it listens. */
  async start(): Promise<string> {
    if (this.url) return this.url;
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('The stand-in has no TCP address.');
    this.server = server;
    this.url = `http://127.0.0.1:${address.port}`;
    return this.url;
  }

  /** Stops the server and drops every open connection (including hung requests). */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.url = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Requests of a method and a path pattern, for assertions. */
  requestsTo(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://standin');
    const path = url.pathname;
    const authorization = req.headers.authorization;
    const record: RecordedRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      authScheme: authorization?.split(' ')[0],
      authorized: this.options.authorize(authorization),
      contentType: req.headers['content-type'],
    };
    this.requests.push(record);

    let text: string;
    try {
      text = await readBody(req);
    } catch {
      res.destroy();
      return;
    }

    let body: unknown;
    let badJson = false;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        badJson = true;
      }
    }
    record.body = body;

    const before = this.faults.take(method, path, 'before');
    if (before) {
      record.fault = before.type;
      this.applyFault(before, req, res, record, body);
      return;
    }

    let reply: Reply;
    if (!record.authorized) reply = this.errorReply(401, 'Unauthorized: missing or invalid API token.');
    else if (badJson) reply = this.errorReply(400, 'The request body is not valid JSON.');
    else reply = this.route(method, path, url.searchParams, body);

    const after = this.faults.take(method, path, 'after');
    if (after) {
      record.fault = after.type;
      this.applyFault(after, req, res, record, body);
      return;
    }
    this.send(res, reply, record);
  }

  private route(method: string, path: string, query: URLSearchParams, body: unknown): Reply {
    let pathMatched = false;
    for (const route of this.options.routes) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      try {
        return route.handler({ method, path, params: m.slice(1).map((x) => (x === undefined ? '' : decodeURIComponent(x))), query, body });
      } catch (e) {
        return this.errorReply(500, `The stand-in failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return pathMatched ? this.errorReply(405, `${method} is not allowed on ${path}.`) : this.errorReply(404, `No route for ${method} ${path}.`);
  }

  errorReply(status: number, message: string): Reply {
    return { status, body: this.options.error(status, message) };
  }

  private send(res: ServerResponse, reply: Reply, record: RecordedRequest): void {
    record.status = reply.status;
    const headers: Record<string, string> = { ...this.options.extraHeaders?.(), ...reply.headers };
    if (reply.body !== undefined) headers['content-type'] = 'application/json';
    res.writeHead(reply.status, headers);
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  }

  private applyFault(fault: Fault, req: IncomingMessage, res: ServerResponse, record: RecordedRequest, body: unknown): void {
    switch (fault.type) {
      case 'status': {
        const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {};
        this.send(res, { status: fault.status, body: this.options.error(fault.status, fault.message ?? defaultMessage(fault.status)), headers }, record);
        return;
      }
      case 'hang':
        // Never answer: the connection stays open until the client gives up or the stand-in closes.
        return;
      case 'reset': {
        const socket = req.socket as Socket & { resetAndDestroy?: () => void };
        if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
        else socket.destroy();
        return;
      }
      case 'malformed-json':
        record.status = 200;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"data": {"id": "trunc');
        return;
      case 'echo': {
        const status = fault.status ?? 400;
        const token = fault.token ? req.headers.authorization?.split(' ')[1] : undefined;
        const message = echoMessage([...stringsIn(body), ...(token ? [token] : [])], body, fault.encodings ?? ALL_ENCODINGS);
        this.send(res, { status, body: this.options.error(status, message) }, record);
        return;
      }
      case 'trickle': {
        record.status = 200;
        record.bytesSent = 0;
        res.writeHead(200, { 'content-type': 'application/json' });
        const timer = setInterval(() => {
          res.write(record.bytesSent === 0 ? '{' : ' ');
          record.bytesSent = (record.bytesSent ?? 0) + 1;
        }, fault.intervalMs ?? 1000);
        res.on('close', () => {
          clearInterval(timer);
          record.closedEarly = true;
        });
        return;
      }
      case 'huge': {
        const status = fault.status ?? 200;
        const total = fault.bytes ?? 100 * 1024 * 1024;
        record.status = status;
        record.bytesSent = 0;
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(total) });
        // Spaces are valid JSON whitespace: only the size is hostile. Written as the client reads (backpressure).
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        let finished = false;
        const pump = () => {
          while ((record.bytesSent ?? 0) < total) {
            const n = Math.min(chunk.length, total - (record.bytesSent ?? 0));
            record.bytesSent = (record.bytesSent ?? 0) + n;
            if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
              res.once('drain', pump);
              return;
            }
          }
          finished = true;
          res.end();
        };
        res.on('close', () => {
          if (!finished) record.closedEarly = true;
        });
        pump();
        return;
      }
      case 'redirect': {
        const status = fault.status ?? 302;
        record.status = status;
        res.writeHead(status, { location: fault.location, 'content-type': 'application/json' });
        res.end(JSON.stringify(this.options.error(status, 'Moved.')));
        return;
      }
    }
  }
}

const ALL_ENCODINGS: EchoEncoding[] = ['raw', 'json', 'base64', 'base64url', 'url', 'form', 'prefix', 'body-base64', 'split-control'];

/** Every string in a JSON value (keys of objects excluded): what a request carried. */
function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}

function echoMessage(values: readonly string[], body: unknown, encodings: readonly EchoEncoding[]): string {
  const parts: string[] = [];
  for (const value of values) {
    for (const encoding of encodings) {
      switch (encoding) {
        case 'raw': parts.push(`raw ${value}`); break;
        case 'json': parts.push(`json ${JSON.stringify(value)}`); break;
        case 'base64': parts.push(`base64 ${Buffer.from(value).toString('base64')}`); break;
        case 'base64url': parts.push(`base64url ${Buffer.from(value).toString('base64url')}`); break;
        case 'url': parts.push(`url ${encodeURIComponent(value)}`); break;
        case 'form': parts.push(`form ${new URLSearchParams({ v: value }).toString().slice(2)}`); break;
        case 'prefix': parts.push(`prefix ${value.slice(0, Math.ceil(value.length / 2))}…`); break;
        case 'split-control': parts.push(`split ${value.slice(0, value.length >> 1)}\u001b[0m${value.slice(value.length >> 1)}`); break;
        case 'body-base64': break;
      }
    }
  }
  if (encodings.includes('body-base64') && body !== undefined) parts.push(`body ${Buffer.from(JSON.stringify(body)).toString('base64')}`);
  return `Rejected: ${parts.join(' | ')}`;
}

function defaultMessage(status: number): string {
  if (status === 429) return 'Too many requests: rate limit exceeded.';
  if (status >= 500) return 'Internal error (injected).';
  return `Error ${status} (injected).`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
