/**
 * `secretdef list --provider northflank|qovery --project ID`: the secret groups of a Northflank project (all
 * pages), or the secrets a Qovery project sees (its own and the BUILT_IN ones, with aliases and overrides and
 * their ids, for `alias` and `override`). Never a value: Northflank's list has none, Qovery never returns them.
 */
import { parseArgs } from 'node:util';
import { qoveryVariableType } from '../../../core/plan';
import type { Io } from '../io';
import { isUuid, northflankClient, qoveryClient, refuseSecretFlags, reportApiError, StdinReader } from '../remote';
import { UsageError } from '../usage';

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd());
}

export async function runList(args: string[], io: Io): Promise<number> {
  refuseSecretFlags(args);
  const { values } = parseArgs({
    args,
    options: {
      provider: { type: 'string' }, project: { type: 'string' }, team: { type: 'string' }, 'api-url': { type: 'string' },
      format: { type: 'string', default: 'text' }, 'token-stdin': { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false },
    },
    allowPositionals: false,
    strict: true,
  });
  const provider = values.provider;
  if (provider !== 'northflank' && provider !== 'qovery') throw new UsageError('--provider must be "northflank" or "qovery".');
  if (!values.project) throw new UsageError('--project is required.');
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be "text" or "json", not "${values.format}".`);
  if (provider === 'qovery' && !isUuid(values.project)) throw new UsageError(`A Qovery project is a UUID; "${values.project}" is not one.`);
  if (provider === 'qovery' && values.team) throw new UsageError('--team is for Northflank.');
  const clientOptions = { io, apiUrl: values['api-url'], tokenStdin: values['token-stdin'] === true, verbose: values.verbose === true, stdin: new StdinReader(io) };
  const signal = io.api?.signal;

  if (provider === 'northflank') {
    const client = await northflankClient(clientOptions);
    const scope = { projectId: values.project, teamId: values.team };
    let groups;
    try {
      groups = await client.secrets.list(scope, { signal });
    } catch (e) {
      reportApiError(io, `secretdef list (Northflank project "${values.project}")`, e);
      return 1;
    }
    if (values.format === 'json') {
      io.stdout(JSON.stringify(groups, null, 2));
      return 0;
    }
    if (groups.length) {
      const rows = [['ID', 'NAME', 'TYPE', 'SECRET TYPE', 'PRIORITY', 'RESTRICTED TO']];
      for (const g of groups) {
        const targets = g.restrictions.restricted ? [...(g.restrictions.nfObjects ?? []).map((o) => `${o.type} ${o.id}`), ...(g.restrictions.tags ?? []).map((t) => `tag ${t}`)].join(', ') || 'nothing' : '-';
        rows.push([g.id, g.name, g.type, g.secretType, String(g.priority), targets]);
      }
      for (const line of table(rows)) io.stdout(line);
    }
    io.stdout(`${groups.length} secret group${groups.length === 1 ? '' : 's'} in Northflank project "${values.project}".`);
    return 0;
  }

  const client = await qoveryClient(clientOptions);
  let secrets;
  try {
    secrets = await client.projectSecrets.list(values.project, { signal });
  } catch (e) {
    reportApiError(io, `secretdef list (Qovery project ${values.project})`, e);
    return 1;
  }
  if (values.format === 'json') {
    io.stdout(JSON.stringify(secrets, null, 2));
    return 0;
  }
  if (secrets.length) {
    const rows = [['KEY', 'SCOPE', 'TYPE', 'POINTS AT', 'ID']];
    for (const s of [...secrets].sort((a, b) => a.scope.localeCompare(b.scope) || a.key.localeCompare(b.key))) {
      const ref = s.aliased_secret ?? s.overridden_secret;
      rows.push([s.key, s.scope, qoveryVariableType(s), ref ? `${ref.key} (${ref.scope})` : '', s.id]);
    }
    for (const line of table(rows)) io.stdout(line);
  }
  io.stdout(`${secrets.length} secret${secrets.length === 1 ? '' : 's'} in Qovery project ${values.project} (values are never returned by Qovery).`);
  return 0;
}
