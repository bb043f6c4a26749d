import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { DIST } from './paths';
import { SERVER_EXEC_ARGV } from '../../shared/serverProcess';

type Waiter = { uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void };

/** A real LSP client speaking to `node dist/server.js --stdio`, for protocol-level tests. */
export class LspClient {
  readonly connection: ProtocolConnection;
  private readonly process: ChildProcessWithoutNullStreams;
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private waiters: Waiter[] = [];
  private versions = new Map<string, number>();
  stderr = '';
  initializeResult?: InitializeResult;
  /** Every publication in order of arrival, for tests that check the whole sequence (not only the latest). */
  readonly published: PublishDiagnosticsParams[] = [];
  /** `window/logMessage` messages, once `collectLog()` was called. */
  readonly logMessages: string[] = [];

  constructor(args: string[] = []) {
    this.process = spawn(process.execPath, [...SERVER_EXEC_ARGV, path.join(DIST, 'server.js'), '--stdio', ...args], { stdio: 'pipe' });
    this.process.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout), new StreamMessageWriter(this.process.stdin));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      this.latest.set(p.uri, p);
      const ready = this.waiters.filter((w) => w.uri === p.uri && (w.version === undefined || p.version === w.version));
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(p);
    });
    this.connection.listen();
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  get exited(): boolean {
    return this.process.exitCode !== null || this.process.signalCode !== null;
  }

  /**
   * Initializes the server. With `settings`, the client also answers `workspace/configuration` from that map
   * (section → value), as VS Code answers from the user's settings.
   */
  async initialize(initializationOptions?: unknown, settings?: Record<string, unknown>): Promise<InitializeResult> {
    if (settings) {
      this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map((i) => (i.section !== undefined && i.section in settings ? settings[i.section] : null)));
    }
    this.initializeResult = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        ...(settings ? { workspace: { configuration: true } } : {}),
        textDocument: {
          completion: { completionItem: { snippetSupport: true } },
          publishDiagnostics: { versionSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
        },
      },
      initializationOptions,
      workspaceFolders: null,
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return this.initializeResult;
  }

  /** Resolves with the diagnostics published for this URI (and version, when given). Never a fixed sleep. */
  diagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams> {
    const latest = this.latest.get(uri);
    if (latest && (version === undefined || latest.version === version)) return Promise.resolve(latest);
    return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
  }

  /** Waits for the next publication for a URI, ignoring any that arrived before. */
  nextDiagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams> {
    this.latest.delete(uri);
    return this.diagnostics(uri, version);
  }

  async open(uri: string, text: string, languageId = 'secretdef-yaml'): Promise<number> {
    this.latest.delete(uri);
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return 1;
  }

  /** Replaces the whole text; returns the new version. */
  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** Applies a ranged edit; returns the new version. */
  async edit(uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** Starts collecting the server's `window/logMessage` messages into `logMessages`. */
  collectLog(): void {
    this.connection.onNotification(LogMessageNotification.type, (p) => {
      this.logMessages.push(p.message);
    });
  }

  /** Resolves with the process's exit code (or signal) once it has exited. */
  whenExited(): Promise<number | string | null> {
    if (this.exited) return Promise.resolve(this.process.exitCode ?? this.process.signalCode);
    return new Promise((resolve) => this.process.once('exit', (code, signal) => resolve(code ?? signal)));
  }

  async dispose(): Promise<void> {
    if (!this.exited) {
      const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
      try {
        await this.connection.sendRequest(ShutdownRequest.type);
        await this.connection.sendNotification(ExitNotification.type);
      } catch {
        this.process.kill();
      }
      await exited;
    }
    this.connection.dispose();
  }
}
