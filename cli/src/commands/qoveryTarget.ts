/** What `alias` and `override` share: their options, and the target secret found among the project's secrets. */
import { parseArgs } from 'node:util';
import type { ProjectSecret, QoveryClient } from '../../../api/qovery';
import type { QoveryTargetCheck } from '../../../sync/index';
import type { Io } from '../io';
import { isUuid, qoveryClient, refuseSecretFlags, reportApiError, StdinReader } from '../remote';
import { UsageError } from '../usage';

export interface QoveryTargetArgs {
  projectId: string;
  secretId: string;
  key?: string;
  description?: string;
  dryRun: boolean;
  yes: boolean;
  valueStdin: boolean;
  tokenStdin: boolean;
  /** The client; `secretValues` (the value read from stdin) are masked in every error. */
  client: (secretValues?: readonly string[]) => Promise<QoveryClient>;
  stdin: StdinReader;
}

export function parseQoveryTargetArgs(verb: 'alias' | 'override', args: string[], io: Io): QoveryTargetArgs {
  refuseSecretFlags(args);
  const { values } = parseArgs({
    args,
    options: {
      provider: { type: 'string' }, project: { type: 'string' }, secret: { type: 'string' }, key: { type: 'string' }, description: { type: 'string' },
      'value-stdin': { type: 'boolean', default: false }, 'api-url': { type: 'string' }, 'token-stdin': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false }, 'dry-run': { type: 'boolean', default: false }, yes: { type: 'boolean', default: false },
    },
    allowPositionals: false,
    strict: true,
  });
  if (values.provider === 'northflank') {
    throw new UsageError(verb === 'alias'
      ? 'Northflank has no aliases of secrets: alias an addon key with `secretdef link --key KEY:ALIAS`, or edit the secret group file.'
      : 'Northflank has no overrides: change the value in the secret group file and push it.');
  }
  if (values.provider !== 'qovery') throw new UsageError(`${verb} needs --provider qovery.`);
  if (!values.project || !values.secret) throw new UsageError(`${verb} needs --project and --secret (the id of the secret to ${verb}; \`secretdef list --provider qovery\` shows the ids).`);
  if (!isUuid(values.project)) throw new UsageError(`A Qovery project is a UUID; "${values.project}" is not one.`);
  if (!isUuid(values.secret)) throw new UsageError(`A Qovery secret id is a UUID; "${values.secret}" is not one.`);
  if (verb === 'alias' && !values.key) throw new UsageError('alias needs --key NAME (the new key).');
  if (verb === 'override' && values.key) throw new UsageError('An override keeps the key of the secret it overrides: --key is for alias.');
  if (verb === 'override' && !values['value-stdin']) throw new UsageError('override needs --value-stdin: the value is read from stdin, never from a flag (it would land in the shell history).');
  if (verb === 'alias' && values['value-stdin']) throw new UsageError('An alias has the value of its target: --value-stdin is for override.');
  if (values['value-stdin'] && values['token-stdin']) throw new UsageError('stdin carries one thing: use QOVERY_API_TOKEN for the token when the value comes on stdin.');
  if (values.description !== undefined && values.description.length > 255) throw new UsageError('--description is at most 255 characters.');
  const stdin = new StdinReader(io);
  const tokenStdin = values['token-stdin'] === true;
  return {
    projectId: values.project, secretId: values.secret, key: values.key, description: values.description,
    dryRun: values['dry-run'] === true, yes: values.yes === true, valueStdin: values['value-stdin'] === true, tokenStdin, stdin,
    client: (secretValues?: readonly string[]) => qoveryClient({ io, apiUrl: values['api-url'], tokenStdin, verbose: values.verbose === true, stdin, secretValues }),
  };
}

/** The project's secrets and the target among them (undefined when it is not a project-level secret, e.g. of an environment). */
export async function findTarget(client: QoveryClient, projectId: string, secretId: string, signal?: AbortSignal): Promise<{ secrets: ProjectSecret[]; target?: ProjectSecret }> {
  const secrets = await client.projectSecrets.list(projectId, { signal });
  return { secrets, target: secrets.find((s) => s.id === secretId) };
}

/**
 * Runs a target check (sync/index.ts) and says what stops it. Resolves with the check, or with an exit code when it
 * has already said why it cannot go on (nothing has been sent then).
 */
export async function checkedTarget(a: QoveryTargetArgs, io: Io, subject: string, check: () => Promise<QoveryTargetCheck>): Promise<QoveryTargetCheck | number> {
  let result;
  try {
    result = await check();
  } catch (e) {
    reportApiError(io, subject, e);
    return 1;
  }
  if (result.problem) {
    io.stderr(`secretdef: ${result.problem} Nothing was sent.`);
    return 1;
  }
  if (!result.target) {
    io.stderr(`secretdef: secret ${a.secretId} is not among project ${a.projectId}'s secrets (it may belong to an environment or a service): Qovery will check the scope rules.`);
  }
  return result;
}
