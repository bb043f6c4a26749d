import * as vscode from 'vscode';
import type { RequestLogEntry } from '../../api/transport';
import { enabled, Redactor, type LogLevel } from './logic/redactor';

/**
 * The "Secret Definitions" output channel. Every line passes through the redactor, which knows every token and
 * secret value the extension has handled (in every encoding) and removes control sequences a server may have put
 * in a message; requests are logged as method, path, status and duration only.
 */
export class Log implements vscode.Disposable {
  readonly redactor = new Redactor();
  private readonly channel = vscode.window.createOutputChannel('Secret Definitions');
  private level: LogLevel = 'info';
  private readonly listener: vscode.Disposable;
  private readonly wrote = new vscode.EventEmitter<string>();
  /**
   * Fires with every line as the output channel shows it (already redacted). For the end-to-end tests, which
   * check that no token or secret value ever reaches the channel; nothing in the extension listens to it.
   */
  readonly onDidWrite = this.wrote.event;

  constructor() {
    this.readLevel();
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('secretDefinitions.logLevel')) this.readLevel();
    });
  }

  private readLevel(): void {
    this.level = vscode.workspace.getConfiguration('secretDefinitions').get<LogLevel>('logLevel', 'info');
  }

  error(message: string): void {
    this.write('error', message);
  }
  warn(message: string): void {
    this.write('warn', message);
  }
  info(message: string): void {
    this.write('info', message);
  }
  debug(message: string): void {
    this.write('debug', message);
  }

  /** One line per HTTP request: what the transport reports, never headers or bodies. */
  request(entry: RequestLogEntry): void {
    const status = entry.status !== undefined ? String(entry.status) : entry.outcome;
    const retry = entry.attempt > 1 ? ` (attempt ${entry.attempt})` : '';
    this.write(entry.outcome === 'ok' ? 'info' : 'warn', `${entry.platform} ${entry.method} ${entry.path} → ${status} in ${Math.round(entry.durationMs)} ms${retry}`);
  }

  show(): void {
    this.channel.show(true);
  }

  private write(level: Exclude<LogLevel, 'off'>, message: string): void {
    if (!enabled(this.level, level)) return;
    const line = `${new Date().toISOString()} [${level}] ${this.redactor.show(message)}`;
    this.channel.appendLine(line);
    this.wrote.fire(line);
  }

  dispose(): void {
    this.listener.dispose();
    this.wrote.dispose();
    this.channel.dispose();
  }
}
