/**
 * `secretdef link`: a Northflank addon link. Without --key it shows the link and the keys the addon offers
 * (`availableKeys`); with --key KEY[:ALIAS,...] (repeated) it sets the linked keys (POST, after a masked preview
 * and a confirmation); with --unlink it removes the link (DELETE).
 */
import { parseArgs } from 'node:util';
import { hasWork, isBlocked, planNorthflankLink, renderPlan, type NfKeyLink } from '../../../core/plan';
import { validatorFor } from '../../../core/schema/engine';
import type { Io } from '../io';
import { confirm, northflankClient, refuseSecretFlags, reportApiError, StdinReader } from '../remote';
import { UsageError } from '../usage';

function parseKey(spec: string): NfKeyLink {
  const [keyName, aliases] = spec.split(':', 2);
  const list = aliases === undefined ? [] : aliases.split(',').map((a) => a.trim()).filter((a) => a);
  return { keyName: keyName.trim(), ...(list.length ? { aliases: list } : {}) };
}

export async function runLink(args: string[], io: Io): Promise<number> {
  refuseSecretFlags(args);
  const { values } = parseArgs({
    args,
    options: {
      project: { type: 'string' }, team: { type: 'string' }, secret: { type: 'string' }, addon: { type: 'string' },
      key: { type: 'string', multiple: true }, unlink: { type: 'boolean', default: false },
      'api-url': { type: 'string' }, 'token-stdin': { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false }, yes: { type: 'boolean', default: false },
    },
    allowPositionals: false,
    strict: true,
  });
  if (!values.project || !values.secret || !values.addon) throw new UsageError('link needs --project, --secret (the secret group id) and --addon.');
  if (values.unlink && values.key?.length) throw new UsageError('--unlink and --key do not go together.');
  const keys = (values.key ?? []).map(parseKey);
  if (keys.length) {
    const validate = validatorFor('northflank-link');
    if (!validate({ keys })) {
      const reasons = [...new Set((validate.errors ?? []).filter((e) => e.keyword !== 'x-secretdef-warning').map((e) => `${e.instancePath || 'keys'} ${e.message ?? 'is invalid'}`))];
      if (reasons.length) throw new UsageError(`--key: ${reasons.join('; ')} (use --key KEY or --key KEY:ALIAS,ALIAS).`);
    }
  }
  const scope = { projectId: values.project, teamId: values.team };
  const subject = `addon "${values.addon}" and secret group "${values.secret}"`;
  const client = await northflankClient({ io, apiUrl: values['api-url'], tokenStdin: values['token-stdin'] === true, verbose: values.verbose === true, stdin: new StdinReader(io) });
  const signal = io.api?.signal;

  let link;
  try {
    link = await client.addonLinks.get(scope, values.secret, values.addon, { signal });
  } catch (e) {
    reportApiError(io, subject, e);
    return 1;
  }

  if (!keys.length && !values.unlink) {
    io.stdout(`Addon "${link.addonId}"${link.addonType ? ` (${link.addonType})` : ''} ${link.linked ? 'is' : 'is not'} linked to secret group "${link.secretId}".`);
    for (const k of link.linkedKeys) io.stdout(`  linked: ${k.keyName} as ${[k.defaultKey, ...(k.aliases ?? [])].filter((x) => x).join(', ')}`);
    io.stdout(`  available keys: ${link.availableKeys.join(', ') || '(none)'}`);
    return 0;
  }

  if (values.unlink) {
    if (!link.linked) {
      io.stdout(`Addon "${link.addonId}" is not linked to secret group "${link.secretId}": nothing to do.`);
      return 0;
    }
    io.stdout(`Northflank link of addon "${link.addonId}" to secret group "${link.secretId}" in project "${scope.projectId}"`);
    io.stdout(`  - addon link ${link.addonId}  remove: keys ${link.linkedKeys.map((k) => k.keyName).join(', ') || '(none)'}`);
    if (values['dry-run']) {
      io.stdout('Dry run: nothing was sent.');
      return 0;
    }
    if (!(await confirm(io, 'Remove this link?', values.yes === true))) {
      io.stderr('secretdef: not confirmed: nothing was sent.');
      return 1;
    }
    try {
      await client.addonLinks.delete(scope, values.secret, values.addon, { signal });
    } catch (e) {
      reportApiError(io, subject, e);
      return 1;
    }
    io.stdout(`Unlinked addon "${link.addonId}" from secret group "${link.secretId}".`);
    return 0;
  }

  const plan = planNorthflankLink({ keys }, link, { ...scope, secretId: values.secret });
  io.stdout(`Northflank ${plan.target}`);
  for (const line of renderPlan(plan)) io.stdout(line);
  if (isBlocked(plan)) {
    io.stderr('secretdef: blocked changes (marked x above): nothing was sent.');
    return 1;
  }
  if (!hasWork(plan)) {
    io.stdout('Nothing to change.');
    return 0;
  }
  if (values['dry-run']) {
    io.stdout('Dry run: nothing was sent.');
    return 0;
  }
  if (!(await confirm(io, 'Set these linked keys?', values.yes === true))) {
    io.stderr('secretdef: not confirmed: nothing was sent.');
    return 1;
  }
  try {
    const saved = await client.addonLinks.update(scope, values.secret, values.addon, { keys }, { signal });
    io.stdout(`Linked: ${saved.keys.map((k) => `${k.keyName}${k.defaultKey ? ` (${k.defaultKey})` : ''}`).join(', ')}.`);
    return 0;
  } catch (e) {
    reportApiError(io, subject, e);
    return 1;
  }
}
