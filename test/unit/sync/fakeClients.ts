/**
 * In-process stand-ins for the API clients of sync/: each call is recorded (method, arguments, signal) in order, and
 * a test decides per call what it answers or throws. Not a test file (mocha runs `*.test.ts` only).
 */
import { ApiError } from '../../../api/errors';
import type { NorthflankClient } from '../../../api/northflank';
import type { ProjectSecret, QoveryClient } from '../../../api/qovery';

export interface Call {
  method: string;
  args: unknown[];
  signal?: AbortSignal;
}

/** Throws from a call when `fail` returns an error for it. */
export type Failure = (call: Call) => unknown;

export function projectSecret(id: string, key: string, extra: Partial<ProjectSecret> = {}): ProjectSecret {
  return { id, key, created_at: '', scope: 'PROJECT', variable_type: 'VALUE', description: null, enable_interpolation_in_file: null, ...extra };
}

export function qoveryError(status: number, method = 'POST', path = '/project/p/secret', extra: { mayHaveBeenApplied?: boolean; hint?: string } = {}): ApiError {
  return new ApiError({ platform: 'qovery', kind: 'http', method, path, status, platformMessage: `refused with ${status}`, hint: extra.hint ?? 'Do this.', mayHaveBeenApplied: extra.mayHaveBeenApplied });
}

export interface FakeQovery {
  client: QoveryClient;
  calls: Call[];
  /** The secrets `list` answers. */
  secrets: ProjectSecret[];
}

export function fakeQovery(secrets: ProjectSecret[] = [], fail: Failure = () => undefined): FakeQovery {
  const calls: Call[] = [];
  let next = 0;
  const record = (method: string, args: unknown[], options?: { signal?: AbortSignal }) => {
    const call: Call = { method, args, signal: options?.signal };
    calls.push(call);
    const error = fail(call);
    if (error) throw error;
  };
  const saved = (key: string) => projectSecret(`new-${++next}`, key);
  const projectSecrets = {
    list: async (projectId: string, options?: { signal?: AbortSignal }) => {
      record('list', [projectId], options);
      return fake.secrets;
    },
    create: async (projectId: string, body: { key: string }, options?: { signal?: AbortSignal }) => {
      record('create', [projectId, body], options);
      return saved(body.key);
    },
    edit: async (projectId: string, secretId: string, body: { key: string }, options?: { signal?: AbortSignal }) => {
      record('edit', [projectId, secretId, body], options);
      return projectSecret(secretId, body.key);
    },
    delete: async (projectId: string, secretId: string, options?: { signal?: AbortSignal }) => {
      record('delete', [projectId, secretId], options);
    },
    createAlias: async (projectId: string, secretId: string, body: { key: string }, options?: { signal?: AbortSignal }) => {
      record('createAlias', [projectId, secretId, body], options);
      return saved(body.key);
    },
    createOverride: async (projectId: string, secretId: string, body: object, options?: { signal?: AbortSignal }) => {
      record('createOverride', [projectId, secretId, body], options);
      return saved('override');
    },
  };
  const fake: FakeQovery = { client: { projectSecrets } as unknown as QoveryClient, calls, secrets };
  return fake;
}

export interface FakeNorthflank {
  client: NorthflankClient;
  calls: Call[];
  /** What the transport was told to mask. */
  masked: string[][];
}

export interface NorthflankAnswers {
  find?: unknown;
  /** The answer (or the error to throw) of each addon link GET, by addon id. */
  links?: Record<string, unknown>;
  put?: unknown;
  update?: unknown;
}

export function fakeNorthflank(answers: NorthflankAnswers): FakeNorthflank {
  const calls: Call[] = [];
  const masked: string[][] = [];
  const answer = (method: string, args: unknown[], options: { signal?: AbortSignal } | undefined, value: unknown) => {
    calls.push({ method, args, signal: options?.signal });
    if (value instanceof Error) throw value;
    return value;
  };
  const client = {
    http: { transport: { addSecretValues: (values: string[]) => masked.push(values) } },
    secrets: {
      find: async (scope: unknown, id: string, options?: { signal?: AbortSignal }) => answer('secrets.find', [scope, id], options, answers.find),
      put: async (scope: unknown, body: unknown, options?: { signal?: AbortSignal }) => answer('secrets.put', [scope, body], options, answers.put),
    },
    addonLinks: {
      get: async (scope: unknown, secretId: string, addonId: string, options?: { signal?: AbortSignal }) => answer('addonLinks.get', [scope, secretId, addonId], options, answers.links?.[addonId]),
      update: async (scope: unknown, secretId: string, addonId: string, body: unknown, options?: { signal?: AbortSignal }) => answer('addonLinks.update', [scope, secretId, addonId, body], options, answers.update),
    },
  };
  return { client: client as unknown as NorthflankClient, calls, masked };
}
