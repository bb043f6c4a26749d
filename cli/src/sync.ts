/**
 * The shared part of `secretdef diff` and `secretdef push`: read and validate the files, check the options, read
 * the remote state, compute each file's plan (core/plan), and know how to apply it.
 */
import { parseArgs } from 'node:util';
import { PLATFORM_TITLES, type Platform } from '../../api/errors';
import type { AddonLinkBody, NorthflankClient, SecretGroupBody } from '../../api/northflank';
import type { QoveryClient } from '../../api/qovery';
import { prepareNorthflankLink, prepareNorthflankSecret, prepareQovery, type ApplyOutcome, type PreparedPush } from '../../sync/index';
import { formatDiagnosticLine, platformOf, type DefinitionDocument } from '../../core';
import { secretValuesIn, type Plan, type QoveryDefinition } from '../../core/plan';
import type { EnvLayer } from '../../core/env/references';
import { withSources, withUnknownValues } from '../../core/env/values';
import { envLayers, findAgeIdentities, isTrackedByGit, readEnvFile } from '../../sync/local';
import type { ResolveContext } from '../../sync/resolve';
import type { Io } from './io';
import { isUuid, loadDefinitions, northflankClient, qoveryClient, refuseSecretFlags, reportApiError, StdinReader, type LoadedDefinition } from './remote';
import { UsageError } from './usage';

export const REMOTE_OPTIONS = {
  project: { type: 'string' },
  team: { type: 'string' },
  secret: { type: 'string' },
  addon: { type: 'string' },
  'api-url': { type: 'string' },
  'token-stdin': { type: 'boolean', default: false },
  verbose: { type: 'boolean', default: false },
  prune: { type: 'boolean', default: false },
  'env-file': { type: 'string', multiple: true },
} as const;

export interface SyncOptions {
  project?: string;
  team?: string;
  secret?: string;
  addon?: string;
  apiUrl?: string;
  tokenStdin: boolean;
  verbose: boolean;
  prune: boolean;
  /** `--env-file PATH` (repeatable): dotenv files for `${env:NAME}` references, a later one winning. */
  envFiles: string[];
}

export interface FilePlan {
  file: string;
  platform: Platform;
  plan: Plan;
  /** The parsed file the plan was made from. */
  doc: DefinitionDocument;
  /** Sends the changes; resolves with report lines, or rejects with the lines of a failure report. */
  apply(): Promise<ApplyOutcome>;
}

export type { ApplyOutcome };

/** Parses the arguments of diff and push. */
export function parseSyncArgs(args: string[], extra: { 'dry-run'?: { type: 'boolean'; default: boolean }; yes?: { type: 'boolean'; default: boolean } } = {}) {
  refuseSecretFlags(args);
  const { values, positionals } = parseArgs({ args, options: { ...REMOTE_OPTIONS, ...extra }, allowPositionals: true, strict: true });
  if (positionals.length === 0) throw new UsageError('Give at least one secret definition file.');
  return { files: positionals, options: syncOptionsOf(values), values: values as Record<string, unknown> };
}

/** The remote options of parsed arguments (of diff, push, or drift --remote). */
export function syncOptionsOf(values: { project?: string; team?: string; secret?: string; addon?: string; 'api-url'?: string; 'token-stdin'?: boolean; verbose?: boolean; prune?: boolean; 'env-file'?: string[] }): SyncOptions {
  return {
    project: values.project, team: values.team, secret: values.secret, addon: values.addon, apiUrl: values['api-url'],
    tokenStdin: values['token-stdin'] === true, verbose: values.verbose === true, prune: values.prune === true,
    envFiles: values['env-file'] ?? [],
  };
}

/** Checks that the options fit the files, before anything is read from a platform. */
function checkOptions(definitions: readonly LoadedDefinition[], options: SyncOptions): void {
  const templates = definitions.filter((d) => d.kind === 'northflank-template').map((d) => d.file);
  if (templates.length) throw new UsageError(`${templates.join(', ')}: Northflank runs templates itself (from Git with GitOps, or with "Run"); secretdef validates them but does not push them.`);
  const platforms = new Set(definitions.map((d) => platformOf(d.kind)));
  const kinds = new Set(definitions.map((d) => d.kind));
  if (platforms.size > 1 && options.tokenStdin) throw new UsageError('--token-stdin reads one token: push the Northflank and the Qovery files separately.');
  if (platforms.size > 1 && options.apiUrl) throw new UsageError('--api-url is one URL: push the Northflank and the Qovery files separately (or set NORTHFLANK_API_URL and QOVERY_API_URL).');
  if ((kinds.has('northflank-secret') || kinds.has('northflank-link')) && !options.project) {
    throw new UsageError(`--project is required for Northflank files (${definitions.filter((d) => platformOf(d.kind) === 'northflank').map((d) => d.file).join(', ')}).`);
  }
  if (kinds.has('northflank-link') && (!options.secret || !options.addon)) throw new UsageError('An addon link file needs --secret ID (the secret group) and --addon ID.');
  if (!kinds.has('northflank-link') && (options.secret || options.addon)) throw new UsageError('--secret and --addon are for addon link files (*.northflank-link.yaml).');
  if (options.team && !platforms.has('northflank')) throw new UsageError('--team is for Northflank files.');
  for (const d of definitions) {
    if (d.kind !== 'qovery-secrets') continue;
    const named = typeof d.value.project === 'string' ? d.value.project : undefined;
    if (named && options.project && named !== options.project) throw new UsageError(`${d.file} names the project ${named}, but --project is ${options.project}${platforms.size > 1 ? ' (--project applies to every file: push the Northflank and the Qovery files separately)' : ''}.`);
    const project = named ?? options.project;
    if (!project) throw new UsageError(`${d.file} names no project: add "project: <uuid>" to it or pass --project.`);
    if (!isUuid(project)) throw new UsageError(`A Qovery project is a UUID; "${project}" is not one.`);
  }
}

/**
 * Loads the files, reads the remote state and plans each file. Prints the problems and resolves undefined
 * when it cannot go on (nothing has been sent then).
 */
export async function planFiles(files: readonly string[], options: SyncOptions, io: Io, mode: 'push' | 'compare' = 'push'): Promise<FilePlan[] | undefined> {
  const definitions = await loadDefinitions(files, io, await resolveContext(options, io), { unknownAllowed: mode === 'compare' });
  if (!definitions) return undefined;
  checkOptions(definitions, options);
  for (const d of definitions) for (const w of d.warnings) io.stderr(formatDiagnosticLine(w.file, w));

  const stdin = new StdinReader(io);
  const secretValues = definitions.flatMap((d) => d.secretValues ?? secretValuesIn(d.kind, d.value));
  const clientOptions = { io, apiUrl: options.apiUrl, tokenStdin: options.tokenStdin, verbose: options.verbose, stdin, secretValues };
  let nf: NorthflankClient | undefined;
  let q: QoveryClient | undefined;
  if (definitions.some((d) => platformOf(d.kind) === 'northflank')) nf = await northflankClient(clientOptions);
  if (definitions.some((d) => platformOf(d.kind) === 'qovery')) q = await qoveryClient(clientOptions);
  const signal = io.api?.signal;

  const plans: FilePlan[] = [];
  for (const d of definitions) {
    try {
      if (d.kind === 'northflank-secret' && nf) plans.push(await planNorthflankFile(nf, d, options, signal));
      else if (d.kind === 'northflank-link' && nf) plans.push(await planLinkFile(nf, d, options, signal));
      else if (d.kind === 'qovery-secrets' && q) plans.push(await planQoveryFile(q, d, options, signal));
    } catch (e) {
      reportApiError(io, d.file, e);
      io.stderr('secretdef: the remote state could not be read: nothing was sent.');
      return undefined;
    }
  }
  return plans;
}

async function planNorthflankFile(client: NorthflankClient, d: LoadedDefinition, options: SyncOptions, signal?: AbortSignal): Promise<FilePlan> {
  const scope = { projectId: options.project ?? '', teamId: options.team };
  // Validated against the bundled schema, which follows the PUT body: the file's value (minus $schema) is the body.
  return filePlan(d, await prepareNorthflankSecret(client, d.value as unknown as SecretGroupBody, scope, d.file, signal));
}

async function planLinkFile(client: NorthflankClient, d: LoadedDefinition, options: SyncOptions, signal?: AbortSignal): Promise<FilePlan> {
  const scope = { projectId: options.project ?? '', teamId: options.team, secretId: options.secret ?? '', addonId: options.addon ?? '' };
  return filePlan(d, await prepareNorthflankLink(client, d.value as unknown as AddonLinkBody, scope, d.file, signal));
}

async function planQoveryFile(client: QoveryClient, d: LoadedDefinition, options: SyncOptions, signal?: AbortSignal): Promise<FilePlan> {
  const local = d.value as unknown as QoveryDefinition;
  const projectId = local.project ?? options.project ?? '';
  return filePlan(d, await prepareQovery(client, local, projectId, options.prune, d.file, signal));
}

function filePlan(d: LoadedDefinition, prepared: PreparedPush): FilePlan {
  const plan = withUnknownValues(d.sources ? withSources(prepared.plan, d.sources) : prepared.plan, d.unknown ?? new Map());
  const unknown = d.unknown?.size ?? 0;
  const apply = (): Promise<ApplyOutcome> => {
    // A body with values unknown here holds the file's text where they belong: it is for comparing, never sent.
    if (unknown) return Promise.reject(new Error(`${d.file}: ${unknown} value${unknown === 1 ? ' is' : 's are'} unknown here; nothing was sent.`));
    return prepared.apply();
  };
  return { file: d.file, doc: d.doc, platform: prepared.platform, plan, apply };
}

/**
 * Where `${env:NAME}` and SOPS keys come from for this command: the process environment, the --env-file files
 * (each read with dotenv's parser; a warning when git tracks one), and the age identities as sops finds them.
 */
export async function resolveContext(options: Pick<SyncOptions, 'envFiles'>, io: Io): Promise<ResolveContext> {
  const files: EnvLayer[] = [];
  for (const file of options.envFiles) {
    try {
      files.push(await readEnvFile(file));
    } catch (e) {
      throw new UsageError(`${(e as Error).message} Nothing was sent.`, false);
    }
    if (await isTrackedByGit(file)) io.stderr(`secretdef: warning: the env file ${file} is tracked by git, so its values are in the repository: remove it from git (git rm --cached ${file}) and list it in .gitignore.`);
  }
  const env = io.env ?? {};
  return { env: envLayers(env, files), identities: () => findAgeIdentities(env) };
}

/** Prints the plans: a header per file, then its masked lines. */
export function printPlans(io: Io, plans: readonly FilePlan[], render: (plan: Plan) => string[]): void {
  for (const p of plans) {
    io.stdout(`${p.file}: ${PLATFORM_TITLES[p.platform]} ${p.plan.target}`);
    for (const line of render(p.plan)) io.stdout(line);
  }
}
