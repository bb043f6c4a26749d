/**
 * What the verbs that talk to a platform share: tokens (from the environment or stdin, never a flag), base URLs,
 * clients, the request log of --verbose, confirmation, and error reports that name the file, the platform's
 * status and message, and the next step. Nothing here prints a token or a value.
 */
import { ApiError, formatDuration, PLATFORM_TITLES, TOKEN_ENV, type Platform } from '../../api/errors';
import { NorthflankClient, NORTHFLANK_DEFAULT_URL } from '../../api/northflank';
import { QoveryClient, QOVERY_DEFAULT_URL } from '../../api/qovery';
import { baseUrlProblem, type RequestLogEntry } from '../../api/transport';
import { definitionBody, type DefinitionDocument, type FileKind } from '../../core';
import { missingReferencesMessage } from '../../core/env/values';
import { resolveForPush, type ResolveContext, type ResolveOptions } from '../../sync/resolve';
import { readDefinition } from './definitions';
import type { Io } from './io';
import { formatText, type FileDiagnostic } from './output';
import { UsageError } from './usage';

declare const SECRETDEF_VERSION: string | undefined;

export const URL_ENV: Record<Platform, string> = { northflank: 'NORTHFLANK_API_URL', qovery: 'QOVERY_API_URL' };
export const DEFAULT_URL: Record<Platform, string> = { northflank: NORTHFLANK_DEFAULT_URL, qovery: QOVERY_DEFAULT_URL };


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
  // The transport refuses the same addresses; checked here too, so that the command stops before reading anything.
  const problem = baseUrlProblem(url);
  if (problem) throw new UsageError(`${flag !== undefined ? '--api-url' : URL_ENV[platform]}: ${problem} Nothing was sent.`, false);
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
  /** The file's value without `$schema`: what is sent (decrypted and with references replaced when resolved). */
  value: Record<string, unknown>;
  warnings: FileDiagnostic[];
  /** The parsed file (drift --remote places its findings in it). */
  doc: DefinitionDocument;
  /** Plan item → where its value comes from (`from env DB_PASSWORD`, `from SOPS`), when resolved. */
  sources?: Map<string, string>;
  /** Every value the file holds once resolved (decrypted ones and those from the environment included). */
  secretValues?: string[];
  /** Plan item → why its value is unknown here (only with `unknownAllowed`: then nothing may be sent). */
  unknown?: Map<string, string>;
}

/**
 * Reads and validates definition files, each once (cli/src/definitions.ts), and with `resolve` decrypts SOPS files
 * and replaces `${env:NAME}` references (sync/resolve.ts); with `unknownAllowed` (drift --remote), values this machine
 * cannot know are kept as unknown instead (sync/resolve.ts `unknown`). Any error (unreadable, unknown kind, a diagnostic of
 * severity error, a tampered file) is printed and the whole command stops before anything is sent (resolves
 * undefined: exit 1). Missing environment variables (all of them, in one message) and a SOPS file no identity opens
 * are usage errors (exit 2): the command's environment is not set up.
 */
export async function loadDefinitions(files: readonly string[], io: Io, resolve?: ResolveContext, options: ResolveOptions = {}): Promise<LoadedDefinition[] | undefined> {
  const loaded: LoadedDefinition[] = [];
  const problems: FileDiagnostic[] = [];
  const missing: string[] = [];
  const setup: string[] = [];
  const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  for (const file of files) {
    const { doc, diagnostics } = await readDefinition(file);
    const errors = diagnostics.filter((d) => d.severity === 'error').map((d) => ({ file, ...d }));
    if (!doc || errors.length) {
      for (const e of errors) problems.push(e);
      continue;
    }
    // No error here: the rest are warnings and, past 1,000 problems, the note that says how many are not shown.
    const warnings = diagnostics.map((d) => ({ file, ...d }));
    if (!resolve) {
      loaded.push({ file, kind: doc.kind, doc, value: definitionBody(doc), warnings });
      continue;
    }
    const r = await resolveForPush(doc, resolve, options);
    if (r.ok) {
      loaded.push({ file, kind: doc.kind, doc, value: r.body, warnings, sources: r.sources, secretValues: r.secretValues, unknown: r.unknown });
    } else if (r.reason === 'missing') {
      for (const name of r.missing) if (!missing.includes(name)) missing.push(name);
    } else if (r.reason === 'invalid') {
      for (const d of r.diagnostics) problems.push({ file, ...d });
    } else if (r.error.code === 'no-key' || r.error.code === 'unsupported-key-source') {
      setup.push(`${file}: ${r.error.message}`);
    } else {
      problems.push({ file, range: zero, severity: 'error', code: 'file-unreadable', message: r.error.message });
    }
  }
  if (!problems.length && (missing.length || setup.length)) {
    for (const line of setup) io.stderr(`secretdef: ${line}`);
    throw new UsageError([...(missing.length ? [missingReferencesMessage(missing)] : []), ...(setup.length && !missing.length ? ['Nothing was sent.'] : [])].join(' ') || 'Nothing was sent.', false);
  }
  if (problems.length) {
    io.stderr(formatText(problems));
    const files = new Set(problems.map((p) => p.file));
    io.stderr(`secretdef: ${files.size} file${files.size === 1 ? '' : 's'} with errors: nothing was sent. Fix ${files.size === 1 ? 'it' : 'them'} (secretdef validate shows the same), then run again.`);
    return undefined;
  }
  return loaded;
}
