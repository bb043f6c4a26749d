import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  CompletionRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  TextDocumentSyncKind,
  UnregistrationRequest,
  WorkDoneProgressCreateRequest,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type Range,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { LineIndex, PieceText, type TextSource } from '../core/text';

/** From this length on, the bench client holds a text in pieces (as the server does: server/src/document.ts). */
const LARGE = 64 * 1024;

/** One `textDocument/publishDiagnostics`, with the time (performance.now()) it was read off the pipe. */
export interface Publication {
  uri: string;
  version: number | undefined;
  diagnostics: Diagnostic[];
  at: number;
  /** Position in the order of all publications of this session. */
  index: number;
}

export interface ServerSpec {
  label: string;
  command: string;
  args: string[];
  languageId: string;
  /** Settings answered to `workspace/configuration`, by section (dotted sections are looked up inside). */
  settings: Record<string, unknown>;
}

/** Memory of a process as the kernel reports it, in bytes. */
export interface Memory {
  rss: number;
  hwm: number;
}

/**
 * A minimal LSP client over stdio for any server: answers `workspace/configuration` from the given settings,
 * accepts registrations, and records every `publishDiagnostics` with its arrival time.
 */
export class BenchClient {
  readonly connection: ProtocolConnection;
  private readonly process: ChildProcessWithoutNullStreams;
  private readonly publications: Publication[] = [];
  private waiters: { from: number; uri: string; accept: (p: Publication) => boolean; resolve: (p: Publication) => void }[] = [];
  private readonly versions = new Map<string, number>();
  /**
   * The text of each open document as the editor holds it. A large one is kept in pieces with its line index, as VS
   * Code keeps a piece tree: a timed edit must not make this process copy and later collect the whole text, whose
   * garbage collection would then run while the server's answer is awaited and count in the server's time.
   */
  private readonly texts = new Map<string, { text: TextSource; lines: LineIndex }>();
  stderr = '';
  log: string[] = [];
  initializeResult?: InitializeResult;

  constructor(readonly spec: ServerSpec) {
    this.process = spawn(spec.command, spec.args, { stdio: 'pipe' });
    this.process.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout), new StreamMessageWriter(this.process.stdin));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      const publication: Publication = { uri: p.uri, version: p.version, diagnostics: p.diagnostics, at: performance.now(), index: this.publications.length };
      this.publications.push(publication);
      const ready = this.waiters.filter((w) => w.uri === p.uri && publication.index >= w.from && w.accept(publication));
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(publication);
    });
    this.connection.onNotification(LogMessageNotification.type, (p) => {
      this.log.push(p.message);
    });
    this.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => lookup(spec.settings, item.section)));
    this.connection.onRequest(RegistrationRequest.type, () => undefined);
    this.connection.onRequest(UnregistrationRequest.type, () => undefined);
    this.connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    this.connection.listen();
  }

  get pid(): number {
    if (this.process.pid === undefined) throw new Error(`${this.spec.label} did not start`);
    return this.process.pid;
  }

  get exited(): boolean {
    return this.process.exitCode !== null || this.process.signalCode !== null;
  }

  /** How many publications have arrived so far: wait for the ones after this mark. */
  get mark(): number {
    return this.publications.length;
  }

  async initialize(): Promise<InitializeResult> {
    this.initializeResult = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: false },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          publishDiagnostics: { versionSupport: true, relatedInformation: true },
        },
      },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    // Servers that pull their settings do so on this notification; servers that are pushed settings read them here.
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: this.spec.settings });
    return this.initializeResult;
  }

  get incremental(): boolean {
    const sync = this.initializeResult?.capabilities.textDocumentSync;
    const kind = typeof sync === 'number' ? sync : sync?.change;
    return kind === TextDocumentSyncKind.Incremental;
  }

  get completes(): boolean {
    return this.initializeResult?.capabilities.completionProvider !== undefined;
  }

  /** Resolves with the first publication for the URI, from `from` on, that `accept` takes. Rejects after `timeoutMs`. */
  waitFor(uri: string, from: number, accept: (p: Publication) => boolean, timeoutMs: number, what: string): Promise<Publication> {
    const found = this.publications.find((p) => p.index >= from && p.uri === uri && accept(p));
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        const seen = this.publications.filter((p) => p.index >= from && p.uri === uri).map((p) => `v${String(p.version)}: ${p.diagnostics.length} diagnostic(s)`);
        reject(new Error(`${this.spec.label}: no publication for ${what} within ${timeoutMs} ms (seen: ${seen.join('; ') || 'none'}). stderr: ${this.stderr.slice(-500)}`));
      }, timeoutMs);
      const done = (p: Publication): void => {
        clearTimeout(timer);
        resolve(p);
      };
      this.waiters.push({ from, uri, accept, resolve: done });
    });
  }

  text(uri: string): string {
    const t = this.texts.get(uri);
    if (t === undefined) throw new Error(`${uri} is not open`);
    return t.text.toString();
  }

  version(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    this.texts.set(uri, { text: text.length >= LARGE ? PieceText.from(text) : text, lines: new LineIndex(text) });
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: this.spec.languageId, version: 1, text } });
  }

  /**
   * Replaces `range` with `newText` (a ranged change when the server syncs incrementally, the whole text otherwise).
   * Returns the new version and the time just before the notification was written.
   */
  async edit(uri: string, range: Range, newText: string): Promise<{ version: number; sentAt: number }> {
    const before = this.texts.get(uri);
    if (before === undefined) throw new Error(`${uri} is not open`);
    const offset = before.lines.offsetAt(range.start);
    const oldLength = Math.max(offset, before.lines.offsetAt(range.end)) - offset;
    const text = before.text instanceof PieceText ? before.text.edit(offset, oldLength, newText) : before.text.slice(0, offset) + newText + before.text.slice(offset + oldLength);
    const lines = LineIndex.afterEdit(before.lines, text, { offset, oldLength, newLength: newText.length });
    const version = this.version(uri) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, { text, lines });
    const change: TextDocumentContentChangeEvent = this.incremental ? { range, text: newText } : { text: text.toString() };
    const sentAt = performance.now();
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
    return { version, sentAt };
  }

  /** Times one completion request; returns the duration and the number of items. */
  async completion(uri: string, position: { line: number; character: number }): Promise<{ ms: number; items: number }> {
    const start = performance.now();
    const result = await this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
    const ms = performance.now() - start;
    const items = result === null ? 0 : Array.isArray(result) ? result.length : result.items.length;
    return { ms, items };
  }

  /** Resident memory of the server process now, and its peak, from /proc (Linux). */
  memory(): Memory {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  }

  async dispose(): Promise<void> {
    if (!this.exited) {
      const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
      const kill = setTimeout(() => this.process.kill(), 5000);
      try {
        await this.connection.sendRequest(ShutdownRequest.type);
        await this.connection.sendNotification(ExitNotification.type);
      } catch {
        this.process.kill();
      }
      await exited;
      clearTimeout(kill);
    }
    this.connection.dispose();
  }
}

function lookup(settings: Record<string, unknown>, section: string | undefined): unknown {
  if (!section) return settings;
  let value: unknown = settings;
  for (const part of section.split('.')) {
    if (value === null || typeof value !== 'object') return null;
    value = (value as Record<string, unknown>)[part];
  }
  return value ?? null;
}
