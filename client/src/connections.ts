import * as vscode from 'vscode';
import { Deadline, DEFAULT_COMMAND_TIMEOUT_MS } from '../../api/deadline';
import { ApiError, PLATFORM_TITLES, TOKEN_ENV } from '../../api/errors';
import { NorthflankClient, NORTHFLANK_DEFAULT_URL } from '../../api/northflank';
import { QoveryClient, QOVERY_DEFAULT_URL } from '../../api/qovery';
import { DEFAULT_TIMEOUT_MS } from '../../api/transport';
import type { Log } from './log';
import type { Platform } from './logic/targets';

const SECRET_KEY: Record<Platform, string> = { northflank: 'secretDefinitions.token.northflank', qovery: 'secretDefinitions.token.qovery' };
const URL_ENV: Record<Platform, string> = { northflank: 'NORTHFLANK_API_URL', qovery: 'QOVERY_API_URL' };
const DEFAULT_URL: Record<Platform, string> = { northflank: NORTHFLANK_DEFAULT_URL, qovery: QOVERY_DEFAULT_URL };

export type ConnectionState =
  | { status: 'connected'; source: 'secret-storage' | 'environment' }
  | { status: 'signed-out' }
  | { status: 'untrusted' };

/** Why a platform cannot be asked right now, in words for a hint or a message. */
export function unavailableReason(platform: Platform, state: ConnectionState): string | undefined {
  if (state.status === 'untrusted') return 'the workspace is not trusted: nothing is sent to a platform';
  if (state.status === 'signed-out') return `not signed in to ${PLATFORM_TITLES[platform]}`;
  return undefined;
}

/**
 * Tokens and API clients. A token lives in VS Code's SecretStorage (or, for CI and tests, in the extension host's
 * NORTHFLANK_API_TOKEN / QOVERY_API_TOKEN environment variables) and nowhere else: not in settings, files or logs.
 * In an untrusted workspace no client is ever made, so nothing reaches a platform.
 */
export class Connections implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Platform | undefined>();
  /** Fires when a token or an API URL changes, or the workspace becomes trusted. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly secrets: vscode.SecretStorage, private readonly log: Log) {
    this.disposables.push(
      secrets.onDidChange((e) => {
        for (const p of ['northflank', 'qovery'] as const) if (e.key === SECRET_KEY[p]) this.changed.fire(p);
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire(undefined)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('secretDefinitions.northflank.apiUrl')) this.changed.fire('northflank');
        if (e.affectsConfiguration('secretDefinitions.qovery.apiUrl')) this.changed.fire('qovery');
      }),
    );
    for (const p of ['northflank', 'qovery'] as const) this.log.redactor.add(process.env[TOKEN_ENV[p]]);
  }

  get trusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  async state(platform: Platform): Promise<ConnectionState> {
    if (!this.trusted) return { status: 'untrusted' };
    if (await this.secrets.get(SECRET_KEY[platform])) return { status: 'connected', source: 'secret-storage' };
    if (process.env[TOKEN_ENV[platform]]) return { status: 'connected', source: 'environment' };
    return { status: 'signed-out' };
  }

  /** Whether VS Code's secret storage holds a token for the platform, trusted or not (for tests: a refused sign-in stores nothing). */
  async hasStoredToken(platform: Platform): Promise<boolean> {
    return !!(await this.secrets.get(SECRET_KEY[platform]));
  }

  /** The API URL: a user (not workspace) setting, else the environment, else the platform's own. */
  baseUrl(platform: Platform): string {
    const configured = vscode.workspace.getConfiguration('secretDefinitions').inspect<string>(`${platform}.apiUrl`);
    const set = configured?.globalValue;
    return (set && set.trim()) || process.env[URL_ENV[platform]] || DEFAULT_URL[platform];
  }

  private async token(platform: Platform): Promise<string | undefined> {
    if (!this.trusted) return undefined;
    const token = (await this.secrets.get(SECRET_KEY[platform])) ?? process.env[TOKEN_ENV[platform]];
    this.log.redactor.add(token);
    return token || undefined;
  }

  /**
   * The options of a client, made for one command: its time limits come from the settings, and it shares the
   * output channel's redactor, so that every value it sends or receives is masked in its errors and in the log.
   */
  private options(platform: Platform, token: string) {
    const http = vscode.workspace.getConfiguration('secretDefinitions.http');
    const seconds = (key: string, fallback: number) => {
      const value = http.get<number>(key);
      return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.min(value, 86_400) * 1000 : fallback;
    };
    return {
      token, baseUrl: this.baseUrl(platform), onRequest: (e: Parameters<Log['request']>[0]) => this.log.request(e), userAgent: 'secret-definitions-vscode',
      secrets: this.log.redactor,
      timeoutMs: seconds('requestTimeoutSeconds', DEFAULT_TIMEOUT_MS),
      timeoutHowToRaise: 'Raise the setting secretDefinitions.http.requestTimeoutSeconds if the platform is just slow.',
      deadline: new Deadline(seconds('commandTimeoutSeconds', DEFAULT_COMMAND_TIMEOUT_MS), { howToRaise: 'Raise the setting secretDefinitions.http.commandTimeoutSeconds if the platform is just slow.' }),
    };
  }

  /** A Northflank client, or undefined when signed out or untrusted. */
  async northflank(): Promise<NorthflankClient | undefined> {
    const token = await this.token('northflank');
    return token ? new NorthflankClient(this.options('northflank', token)) : undefined;
  }

  async qovery(): Promise<QoveryClient | undefined> {
    const token = await this.token('qovery');
    return token ? new QoveryClient(this.options('qovery', token)) : undefined;
  }

  /**
   * Checks a token with a cheap request and stores it. Resolves with an error message when the platform refuses
   * it; the token is then not kept.
   */
  async signIn(platform: Platform, token: string): Promise<string | undefined> {
    if (!this.trusted) return 'This workspace is not trusted: sign-in is disabled, and nothing is sent to a platform.';
    this.log.redactor.add(token);
    try {
      if (platform === 'northflank') await new NorthflankClient(this.options(platform, token)).projects.list();
      else await new QoveryClient(this.options(platform, token)).organizations.list();
    } catch (e) {
      this.log.warn(`Sign-in to ${PLATFORM_TITLES[platform]} failed: ${e instanceof Error ? e.message : String(e)}`);
      return e instanceof ApiError ? e.message : `The token could not be checked: ${e instanceof Error ? e.message : String(e)}`;
    }
    await this.secrets.store(SECRET_KEY[platform], token);
    this.log.info(`Signed in to ${PLATFORM_TITLES[platform]} (${this.baseUrl(platform)}).`);
    return undefined;
  }

  /** Forgets the stored token (the redactor keeps masking it: earlier log lines may still be on screen). */
  async signOut(platform: Platform): Promise<void> {
    await this.secrets.delete(SECRET_KEY[platform]);
    this.log.info(`Signed out of ${PLATFORM_TITLES[platform]}; the token was removed from the secret storage.`);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
