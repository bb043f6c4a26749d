/**
 * What the verbs that talk to a platform share: tokens (from the environment or stdin, never a flag), base URLs,
 * clients, the request log of --verbose, confirmation, and error reports that name the file, the platform's
 * status and message, and the next step. Nothing here prints a token or a value.
 */
import { promises as fs } from 'node:fs';
import { ApiError, formatDuration, PLATFORM_TITLES, TOKEN_ENV, type Platform } from '../../api/errors';
import { NorthflankClient, NORTHFLANK_DEFAULT_URL } from '../../api/northflank';
import { QoveryClient, QOVERY_DEFAULT_URL } from '../../api/qovery';
import type { RequestLogEntry } from '../../api/transport';
import { definitionBody, parseDefinition, validateDocument, type FileKind } from '../../core';
import type { Io } from './io';
import { formatText, type FileDiagnostic } from './output';
import { UsageError } from './usage';

declare const SECRETDEF_VERSION: string | undefined;

export const URL_ENV: Record<Platform, string> = { northflank: 'NORTHFLANK_API_URL', qovery: 'QOVERY_API_URL' };
export const DEFAULT_URL: Record<Platform, string> = { northflank: NORTHFLANK_DEFAULT_URL, qovery: QOVERY_DEFAULT_URL };

export const PLATFORM_OF: Record<FileKind, Platform> = { 'northflank-secret': 'northflank', 'northflank-link': 'northflank', 'qovery-secrets': 'qovery', 'northflank-template': 'northflank' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Refuses flags that would put a token or a value in the shell history, before parsing (without echoing them). */
export function refuseSecretFlags(args: readonly string[]): void {
  for (const arg of args) {
    if (/^--token(=|$)/.test(arg)) {
      throw new UsageError('Tokens are never taken from a flag (it would land in the shell history): set NORTHFLANK_API_TOKEN or QOVERY_API_TOKEN, or pass the token on stdin with --token-stdin.', false);
    }
    if (/^--value(=|$)/.test(arg)) {
      throw new UsageError('Values are never taken from a flag (it would land in the shell history): pass the value on stdin with --value-stdin.', false);
    }
  }
}

/** Reads stdin once, for --token-stdin or --value-stdin (never both). */
export class StdinReader {
  private text: Promise<string> | undefined;
  constructor(private readonly io: Io) {}

  read(what: string): Promise<string> {
    if (!this.io.readStdin) return Promise.reject(new UsageError(`${what} needs stdin, which is not available here.`, false));
    this.text ??= this.io.readStdin();
    return this.text;
  }
}

/** The token of a platform: from stdin with --token-stdin, else from its environment variable. */
export async function tokenFor(platform: Platform, io: Io, tokenStdin: boolean, stdin: StdinReader): Promise<string> {
  if (tokenStdin) {
    const token = (await stdin.read('--token-stdin')).replace(/\r?\n$/, '').trim();
    if (!token) throw new UsageError(`--token-stdin was given but stdin is empty: pipe the ${PLATFORM_TITLES[platform]} API token into secretdef.`, false);
    return token;
  }
  const token = io.env?.[TOKEN_ENV[platform]]?.trim();
  if (!token) {
    throw new UsageError(`${TOKEN_ENV[platform]} is not set: export the ${PLATFORM_TITLES[platform]} API token in it, or pass it on stdin with --token-stdin. Nothing was sent.`, false);
  }
  return token;
}

export function baseUrlFor(platform: Platform, io: Io, flag: string | undefined): string {
  const url = flag ?? io.env?.[URL_ENV[platform]] ?? DEFAULT_URL[platform];
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('protocol');
    if (parsed.username || parsed.password) throw new Error('credentials');
  } catch {
    throw new UsageError(`${flag !== undefined ? '--api-url' : URL_ENV[platform]} must be an http(s) URL without credentials (for example ${DEFAULT_URL[platform]}).`, false);
  }
  return url;
}

export interface ClientOptions {
  io: Io;
  apiUrl?: string;
  tokenStdin: boolean;
  verbose: boolean;
  stdin: StdinReader;
  /** Values the command knows (of its files, or from stdin): masked in every error, whatever the request. */
  secretValues?: readonly string[];
}

function requestLogger(io: Io, verbose: boolean): ((entry: RequestLogEntry) => void) | undefined {
  if (!verbose) return undefined;
  return (e) => {
    const status = e.status !== undefined ? String(e.status) : e.outcome;
    const retry = e.retryInMs !== undefined ? `, retrying in ${formatDuration(e.retryInMs)}` : '';
    const attempt = e.attempt > 1 ? ` (attempt ${e.attempt})` : '';
    io.stderr(`secretdef: ${PLATFORM_TITLES[e.platform]} ${e.method} ${e.path} → ${status} in ${formatDuration(e.durationMs)}${attempt}${retry}`);
  };
}

const userAgent = `secretdef/${typeof SECRETDEF_VERSION === 'string' ? SECRETDEF_VERSION : 'development'}`;

export async function northflankClient(options: ClientOptions): Promise<NorthflankClient> {
  const { io } = options;
  const baseUrl = baseUrlFor('northflank', io, options.apiUrl);
  const token = await tokenFor('northflank', io, options.tokenStdin, options.stdin);
  return new NorthflankClient({ token, baseUrl, userAgent, onRequest: requestLogger(io, options.verbose), secretValues: options.secretValues, ...io.api });
}

export async function qoveryClient(options: ClientOptions): Promise<QoveryClient> {
  const { io } = options;
  const baseUrl = baseUrlFor('qovery', io, options.apiUrl);
  const token = await tokenFor('qovery', io, options.tokenStdin, options.stdin);
  return new QoveryClient({ token, baseUrl, userAgent, onRequest: requestLogger(io, options.verbose), secretValues: options.secretValues, ...io.api });
}

/** Asks before changing remote state: never where stdin is not a terminal (then --yes is needed). */
export async function confirm(io: Io, question: string, yes: boolean): Promise<boolean> {
  if (yes) return true;
  if (!io.stdinIsTTY || !io.prompt) {
    throw new UsageError('stdin is not a terminal, so no confirmation can be asked, and nothing was changed. Check the changes above (or with `secretdef diff`), then run again with --yes.', false);
  }
  const answer = await io.prompt(`${question} [y/N] `);
  return /^\s*y(es)?\s*$/i.test(answer);
}

/** An API error for a person: what failed, the platform's status and message, and what to do. */
export function reportApiError(io: Io, subject: string, error: unknown): void {
  if (error instanceof ApiError) {
    io.stderr(`${subject}: ${error.message}`);
    io.stderr(`  What to do: ${error.hint}`);
    return;
  }
  io.stderr(`${subject}: ${error instanceof Error ? error.message : String(error)}`);
}

export interface LoadedDefinition {
  file: string;
  kind: FileKind;
  /** The file's value without `$schema`: what is sent. */
  value: Record<string, unknown>;
  warnings: FileDiagnostic[];
}

/**
 * Reads and validates definition files. Any error (unreadable, unknown kind, a diagnostic of severity error)
 * is printed and the whole command stops before anything is sent.
 */
export async function loadDefinitions(files: readonly string[], io: Io): Promise<LoadedDefinition[] | undefined> {
  const loaded: LoadedDefinition[] = [];
  const problems: FileDiagnostic[] = [];
  const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  for (const file of files) {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      problems.push({ file, range: zero, severity: 'error', code: 'file-unreadable', message: `The file cannot be read (${(e as NodeJS.ErrnoException).code ?? 'unknown error'}).` });
      continue;
    }
    const doc = parseDefinition(file, text);
    if (!doc) {
      problems.push({ file, range: zero, severity: 'error', code: 'unknown-file-kind', message: 'Not a known kind of secret definition file: name it *.northflank-secret.yaml, *.northflank-link.yaml or *.qovery-secrets.yaml (or .yml/.json), or add a "$schema" that names a bundled schema.' });
      continue;
    }
    const diagnostics = validateDocument(doc).map((d) => ({ file, ...d }));
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) {
      problems.push(...errors);
      continue;
    }
    const value = definitionBody(doc);
    loaded.push({ file, kind: doc.kind, value, warnings: diagnostics.filter((d) => d.severity === 'warning') });
  }
  if (problems.length) {
    io.stderr(formatText(problems));
    const files = new Set(problems.map((p) => p.file));
    io.stderr(`secretdef: ${files.size} file${files.size === 1 ? '' : 's'} with errors: nothing was sent. Fix ${files.size === 1 ? 'it' : 'them'} (secretdef validate shows the same), then run again.`);
    return undefined;
  }
  return loaded;
}
