import * as assert from 'node:assert/strict';
import {
  aliasProblem,
  changedValueNames,
  hasDifferences,
  headline,
  summarizePlan,
  hasWork,
  isBlocked,
  MASK,
  MASK_CHANGED,
  northflankRemoteAsDefinition,
  overrideProblem,
  planNorthflankLink,
  planNorthflankSecret,
  planQovery,
  qoveryRemoteAsDefinition,
  redactDefinition,
  renderPlan,
  renderRedacted,
  withoutOmittedDefaults,
  secretValuesIn,
  type NfRemoteGroup,
  type NfSecretDefinition,
  type Plan,
  type QoveryRemoteSecret,
} from '../../core/plan';
import { deriveSecretGroupId } from '../../core/plan/ids';

const TARGET = { projectId: 'p' };
const VALUES = ['v-new-RECOGNISABLE', 'v-old-RECOGNISABLE', 'v-same-RECOGNISABLE', 'file-data-RECOGNISABLE', 'qovery-value-RECOGNISABLE', 'override-value-RECOGNISABLE'];

const item = (plan: Plan, subject: string, name: string) => plan.items.find((i) => i.subject === subject && i.name === name);
const changes = (plan: Plan) => plan.items.map((i) => `${i.change} ${i.subject} ${i.name}`);

describe('plan: Northflank secret group', () => {
  const local: NfSecretDefinition = {
    name: 'Api Secrets',
    secretType: 'environment',
    priority: 20,
    tags: ['backend'],
    restrictions: { restricted: true, nfObjects: [{ id: 'api', type: 'service' }, { id: 'migrate', type: 'job' }] },
    addonDependencies: [{ addonId: 'postgres', keys: [{ keyName: 'POSTGRES_URI', aliases: ['DATABASE_URL', 'DB_URL'] }] }, { addonId: 'redis', keys: [{ keyName: 'HOST' }] }],
    secrets: { variables: { NEW: 'v-new-RECOGNISABLE', CHANGED: 'v-new-RECOGNISABLE', SAME: 'v-same-RECOGNISABLE' }, files: { '/etc/a': { data: 'file-data-RECOGNISABLE' } } },
  };
  const remote: NfRemoteGroup = {
    id: 'api-secrets',
    name: 'Api Secrets',
    secretType: 'environment',
    priority: 10,
    tags: ['backend'],
    restrictions: { restricted: true, nfObjects: [{ id: 'api', type: 'service' }, { id: 'web', type: 'service' }] },
    secrets: { variables: { CHANGED: 'v-old-RECOGNISABLE', SAME: 'v-same-RECOGNISABLE', GONE: 'v-old-RECOGNISABLE' }, files: { '/etc/a': { data: 'file-data-RECOGNISABLE', encoding: 'utf-8' } } },
  };
  const links = [
    { addonId: 'postgres', linked: true, linkedKeys: [{ keyName: 'POSTGRES_URI', aliases: ['DATABASE_URL'] }], availableKeys: ['POSTGRES_URI', 'HOST'] },
    { addonId: 'redis', linked: false, linkedKeys: [], availableKeys: ['HOST'] },
  ];

  it('derives the id from the name as Northflank does', () => {
    assert.equal(deriveSecretGroupId('Example Secret'), 'example-secret');
    assert.equal(deriveSecretGroupId('api-secrets'), 'api-secrets');
  });

  it('a new group: everything is created', () => {
    const plan = planNorthflankSecret(local, undefined, [], TARGET);
    assert.equal(plan.target, 'secret group "Api Secrets" (id api-secrets) in project "p"');
    assert.ok(plan.items.every((i) => i.change === 'create'), changes(plan).join('\n'));
    assert.ok(hasDifferences(plan) && hasWork(plan) && !isBlocked(plan));
  });

  it('an existing group: variables created, changed, removed (PUT replaces) or unchanged; fields and links compared', () => {
    const plan = planNorthflankSecret(local, remote, links, TARGET);
    assert.equal(item(plan, 'variable', 'NEW')?.change, 'create');
    assert.equal(item(plan, 'variable', 'CHANGED')?.change, 'update');
    assert.equal(item(plan, 'variable', 'SAME')?.change, 'unchanged');
    assert.deepEqual(item(plan, 'variable', 'GONE'), { subject: 'variable', name: 'GONE', change: 'delete', detail: 'not in the file: PUT replaces the group' });
    assert.equal(item(plan, 'file', '/etc/a')?.change, 'unchanged', 'utf-8 is the default encoding');
    assert.deepEqual(item(plan, 'field', 'priority'), { subject: 'field', name: 'priority', change: 'update', detail: '10 → 20' });
    assert.equal(item(plan, 'field', 'tags')?.change, 'unchanged');
    assert.deepEqual(item(plan, 'field', 'restrictions')?.detail, 'nfObjects: +job migrate, -service web');
    assert.deepEqual(item(plan, 'addon-dependency', 'postgres'), { subject: 'addon-dependency', name: 'postgres', change: 'update', detail: '~POSTGRES_URI (aliases DATABASE_URL → DATABASE_URL, DB_URL)' });
    assert.equal(item(plan, 'addon-dependency', 'redis')?.change, 'create');
  });

  it('an unchanged group has no differences and no work', () => {
    const same: NfSecretDefinition = { name: 'Api Secrets', secretType: 'environment', priority: 10, tags: ['backend'], restrictions: remote.restrictions, secrets: remote.secrets };
    const plan = planNorthflankSecret(same, remote, [], TARGET);
    assert.ok(!hasDifferences(plan) && !hasWork(plan), changes(plan).join('\n'));
    assert.deepEqual(renderPlan(plan), ['  Up to date (12 unchanged).']);
  });

  it('what GET does not return is written, not compared; a key the addon lacks is blocked', () => {
    const plan = planNorthflankSecret({
      ...local, stageId: 'stage-1',
      externalAddonDependencies: [{ addonId: 'ext', keys: [{ keyName: 'USERNAME' }] }],
      addonDependencies: [{ addonId: 'postgres', keys: [{ keyName: 'NOPE' }] }],
      secrets: { dockerSecretMounts: { m: { data: 'file-data-RECOGNISABLE' } } },
    }, remote, links, TARGET);
    assert.equal(item(plan, 'field', 'stageId')?.change, 'write');
    assert.equal(item(plan, 'external-addon-dependency', 'ext')?.change, 'write');
    assert.equal(item(plan, 'docker-secret-mount', 'm')?.change, 'write');
    assert.deepEqual(item(plan, 'addon-dependency', 'postgres'), { subject: 'addon-dependency', name: 'postgres', change: 'blocked', detail: 'the addon has no key NOPE (available: POSTGRES_URI, HOST)' });
    assert.ok(isBlocked(plan));
  });

  it('blocks an addon that does not exist in the project', () => {
    const plan = planNorthflankSecret({ ...local, addonDependencies: [{ addonId: 'ghost', keys: [{ keyName: 'HOST' }] }] }, remote, [{ addonId: 'ghost', missing: true, linked: false, linkedKeys: [] }], TARGET);
    assert.match(item(plan, 'addon-dependency', 'ghost')?.detail ?? '', /there is no addon "ghost" in the project/);
  });

  it('renders masked: names and verdicts, never a value', () => {
    const text = renderPlan(planNorthflankSecret(local, remote, links, TARGET), { showUnchanged: true }).join('\n');
    for (const v of VALUES) assert.ok(!text.includes(v), v);
    assert.match(text, /^ {2}\+ variable NEW +create$/m);
    assert.match(text, /^ {2}~ variable CHANGED +change: value differs$/m);
    assert.match(text, /^ {2}- variable GONE +remove: not in the file: PUT replaces the group$/m);
    assert.match(text, /^ {2}= variable SAME +unchanged$/m);
    assert.match(text, /2 to create, 4 to change, 1 to remove, \d+ unchanged\.$/);
  });
});

describe('plan: Northflank addon link', () => {
  it('compares keys and aliases, removes keys not in the file, and blocks keys the addon does not have', () => {
    const plan = planNorthflankLink({ keys: [{ keyName: 'USERNAME', aliases: ['MONGO_USERNAME'] }, { keyName: 'PASSWORD' }, { keyName: 'NOPE' }] }, {
      addonId: 'mongo', linked: true, linkedKeys: [{ keyName: 'USERNAME', aliases: ['MONGO_USERNAME'] }, { keyName: 'MONGO_SRV_ADMIN' }], availableKeys: ['USERNAME', 'PASSWORD', 'MONGO_SRV_ADMIN'],
    }, { projectId: 'p', secretId: 'g' });
    assert.deepEqual(changes(plan), ['unchanged link mongo', 'blocked link-key NOPE', 'unchanged link-key USERNAME', 'create link-key PASSWORD', 'delete link-key MONGO_SRV_ADMIN']);
    assert.equal(plan.target, 'link of addon "mongo" to secret group "g" in project "p"');
  });
});

describe('plan: Qovery project secrets', () => {
  const remote: QoveryRemoteSecret[] = [
    { id: 'b1', key: 'QOVERY_DATABASE_PSQL_NAME', scope: 'BUILT_IN', variable_type: 'BUILT_IN' },
    { id: 'b2', key: 'QOVERY_SOME_BUILT_IN', scope: 'BUILT_IN', variable_type: 'BUILT_IN' },
    { id: 's1', key: 'EXISTING', scope: 'PROJECT', variable_type: 'VALUE', description: 'old' },
    { id: 's2', key: 'EXTRA', scope: 'PROJECT', variable_type: 'VALUE' },
    { id: 'a1', key: 'EXTRA_ALIAS', scope: 'PROJECT', variable_type: 'ALIAS', aliased_secret: { id: 's2', key: 'EXTRA', scope: 'PROJECT' } },
    { id: 'a2', key: 'DB', scope: 'PROJECT', variable_type: 'ALIAS', aliased_secret: { id: 'b1', key: 'QOVERY_DATABASE_PSQL_NAME', scope: 'BUILT_IN' } },
    { id: 'o1', key: 'QOVERY_SOME_BUILT_IN', scope: 'PROJECT', variable_type: 'OVERRIDE', overridden_secret: { id: 'b2', key: 'QOVERY_SOME_BUILT_IN', scope: 'BUILT_IN' } },
  ];

  it('creates what is missing, writes what exists (values cannot be compared), and keeps remote-only keys without --prune', () => {
    const plan = planQovery({
      secrets: [{ key: 'NEW', value: 'qovery-value-RECOGNISABLE' }, { key: 'EXISTING', value: 'qovery-value-RECOGNISABLE' }],
      aliases: [{ key: 'DB', target: 'QOVERY_DATABASE_PSQL_NAME' }, { key: 'NEW_ALIAS', target: 'NEW' }],
      overrides: [{ target: 'QOVERY_SOME_BUILT_IN', value: 'override-value-RECOGNISABLE' }],
    }, remote, { projectId: 'P' });
    assert.deepEqual(changes(plan), [
      'create secret NEW',
      'write secret EXISTING',
      'unchanged alias DB → QOVERY_DATABASE_PSQL_NAME',
      'create alias NEW_ALIAS → NEW',
      'write override QOVERY_SOME_BUILT_IN',
      'keep secret EXTRA',
      'keep alias EXTRA_ALIAS → EXTRA',
    ]);
    assert.equal(item(plan, 'secret', 'EXISTING')?.detail, 'cannot compare: Qovery never returns values, will be written');
    assert.deepEqual(plan.steps, [
      { op: 'create-secret', key: 'NEW' },
      { op: 'edit-secret', key: 'EXISTING', secretId: 's1' },
      { op: 'create-alias', key: 'NEW_ALIAS', target: 'NEW', targetId: undefined },
      { op: 'edit-override', target: 'QOVERY_SOME_BUILT_IN', secretId: 'o1' },
    ]);
    const text = renderPlan(plan).join('\n');
    for (const v of VALUES) assert.ok(!text.includes(v));
    assert.match(text, /\? secret EXISTING +write: cannot compare: Qovery never returns values, will be written/);
    assert.match(text, /! secret EXTRA +keep: only in Qovery: kept \(run with --prune to delete it\)/);
  });

  it('with --prune deletes remote-only keys, aliases before the secrets they point at', () => {
    const plan = planQovery({ secrets: [{ key: 'EXISTING', description: 'new' }] }, remote, { projectId: 'P', prune: true });
    assert.deepEqual(plan.steps.filter((s) => s.op === 'delete').map((s) => s.op === 'delete' && `${s.what} ${s.key}`), ['alias EXTRA_ALIAS', 'alias DB', 'override QOVERY_SOME_BUILT_IN', 'secret EXTRA']);
    assert.equal(item(plan, 'secret', 'EXISTING')?.change, 'update', 'the description differs; no value in the file keeps the value');
  });

  it('a description the file leaves out is kept, not a difference (so a push can converge)', () => {
    const plan = planQovery({ secrets: [{ key: 'EXISTING' }], aliases: [{ key: 'DB', target: 'QOVERY_DATABASE_PSQL_NAME' }] }, remote, { projectId: 'P' });
    assert.equal(item(plan, 'secret', 'EXISTING')?.change, 'unchanged');
    const cleared = planQovery({ secrets: [{ key: 'EXISTING', description: '' }] }, remote, { projectId: 'P' });
    assert.equal(item(cleared, 'secret', 'EXISTING')?.change, 'update');
  });

  it('--prune never deletes the target of an alias the file keeps', () => {
    const plan = planQovery({ aliases: [{ key: 'EXTRA_ALIAS', target: 'EXTRA' }] }, remote, { projectId: 'P', prune: true });
    assert.match(item(plan, 'alias', 'EXTRA_ALIAS → EXTRA')?.detail ?? '', /--prune would delete it, and Qovery deletes its aliases with it/);
    assert.ok(isBlocked(plan));
  });

  it('blocks what Qovery refuses: an alias of an alias, an override of a PROJECT secret, a secret shadowing a BUILT_IN one', () => {
    const plan = planQovery({
      secrets: [{ key: 'QOVERY_DATABASE_PSQL_NAME', value: 'x' }],
      aliases: [{ key: 'A1', target: 'DB' }, { key: 'A2', target: 'A3' }, { key: 'A3', target: 'EXISTING' }, { key: 'A4', target: 'MISSING' }],
      overrides: [{ target: 'EXISTING', value: 'x' }, { target: 'NOWHERE', value: 'x' }],
    }, remote, { projectId: 'P' });
    assert.match(item(plan, 'secret', 'QOVERY_DATABASE_PSQL_NAME')?.detail ?? '', /is a BUILT_IN secret: declare it under overrides/);
    assert.match(item(plan, 'alias', 'A1 → DB')?.detail ?? '', /"DB" is itself an alias, and Qovery allows no alias of an alias/);
    assert.match(item(plan, 'alias', 'A2 → A3')?.detail ?? '', /"A3" is an alias in this file, and Qovery allows no alias of an alias/);
    assert.equal(item(plan, 'alias', 'A3 → EXISTING')?.change, 'create', 'an alias of a secret of the same scope is allowed');
    assert.match(item(plan, 'alias', 'A4 → MISSING')?.detail ?? '', /there is no secret "MISSING"/);
    assert.match(item(plan, 'override', 'EXISTING')?.detail ?? '', /has the scope PROJECT: Qovery creates overrides only from a higher scope to a lower one \(BUILT_IN > PROJECT > ENVIRONMENT > APPLICATION\)/);
    assert.match(item(plan, 'override', 'NOWHERE')?.detail ?? '', /no secret "NOWHERE" of a higher scope/);
  });

  it('blocks changes an edit cannot make and keys declared twice', () => {
    const plan = planQovery({
      secrets: [{ key: 'EXTRA_ALIAS', value: 'x' }, { key: 'EXTRA', value: 'x', mount_path: '/etc/x' }, { key: 'TWICE', value: 'x' }],
      aliases: [{ key: 'TWICE', target: 'EXTRA' }, { key: 'EXISTING', target: 'QOVERY_DATABASE_PSQL_NAME' }],
    }, remote, { projectId: 'P' });
    assert.match(item(plan, 'secret', 'EXTRA_ALIAS')?.detail ?? '', /is an alias of "EXTRA" in Qovery, not a secret/);
    assert.match(item(plan, 'secret', 'EXTRA')?.detail ?? '', /is a value secret in Qovery and a file here/);
    assert.match(item(plan, 'secret', 'TWICE')?.detail ?? '', /declared more than once/);
    assert.match(item(plan, 'alias', 'EXISTING → QOVERY_DATABASE_PSQL_NAME')?.detail ?? '', /"EXISTING" is already a secret in Qovery/);
  });

  it('a new mount path is planned as delete and create again (an edit cannot carry it), with the aliases Qovery deletes with it', () => {
    const files: QoveryRemoteSecret[] = [
      { id: 'f1', key: 'CERT', scope: 'PROJECT', variable_type: 'FILE', mount_path: '/etc/old.pem' },
      { id: 'f2', key: 'CERT_ALIAS', scope: 'PROJECT', variable_type: 'ALIAS', aliased_secret: { id: 'f1', key: 'CERT', scope: 'PROJECT' } },
      { id: 'f3', key: 'OTHER_ALIAS', scope: 'PROJECT', variable_type: 'ALIAS', aliased_secret: { id: 'f1', key: 'CERT', scope: 'PROJECT' } },
    ];
    const plan = planQovery({ secrets: [{ key: 'CERT', value: 'qovery-value-RECOGNISABLE', mount_path: '/etc/new.pem' }], aliases: [{ key: 'CERT_ALIAS', target: 'CERT' }] }, files, { projectId: 'P' });
    assert.deepEqual(changes(plan), ['replace secret CERT', 'create alias CERT_ALIAS → CERT', 'delete alias OTHER_ALIAS → CERT']);
    assert.match(item(plan, 'secret', 'CERT')?.detail ?? '', /mount path \/etc\/old\.pem → \/etc\/new\.pem: Qovery cannot edit a mount path, so the secret is deleted and created again/);
    assert.deepEqual(plan.steps, [
      { op: 'delete', key: 'CERT', secretId: 'f1', what: 'secret' },
      { op: 'create-secret', key: 'CERT' },
      { op: 'create-alias', key: 'CERT_ALIAS', target: 'CERT' },
    ]);
    assert.ok(hasDifferences(plan) && hasWork(plan));
    assert.match(renderPlan(plan).join('\n'), /± secret CERT +replace \(delete, then create\)/);
    assert.match(summarizePlan(plan), /1 to replace \(delete and create again\)/);
    // Without a value in the file the secret cannot be created again: blocked, never "unchanged".
    const noValue = planQovery({ secrets: [{ key: 'CERT', mount_path: '/etc/new.pem' }] }, files, { projectId: 'P' });
    assert.equal(item(noValue, 'secret', 'CERT')?.change, 'blocked');
    // A mount path Qovery did not return cannot be compared: said so, not called equal.
    const unknown = planQovery({ secrets: [{ key: 'CERT', mount_path: '/etc/new.pem' }] }, [{ id: 'f1', key: 'CERT', scope: 'PROJECT', variable_type: 'FILE' }], { projectId: 'P' });
    assert.equal(item(unknown, 'secret', 'CERT')?.uncompared, 'mount path');
    assert.equal(summarizePlan(unknown), 'Keys and settings match; 1 setting (a mount path Qovery did not return) cannot be compared.');
  });

  it('the headline says what was compared and what could not be (CLI diff and the editor preview alike)', () => {
    const same = planQovery({ secrets: [{ key: 'EXISTING', value: 'qovery-value-RECOGNISABLE' }, { key: 'EXTRA', value: 'x' }], aliases: [{ key: 'EXTRA_ALIAS', target: 'EXTRA' }, { key: 'DB', target: 'QOVERY_DATABASE_PSQL_NAME' }], overrides: [{ target: 'QOVERY_SOME_BUILT_IN', value: 'x' }] }, remote, { projectId: 'P' });
    assert.ok(!hasDifferences(same));
    assert.equal(summarizePlan(same), 'Keys and settings match; 3 values cannot be compared (Qovery never returns them) and will be written.');
    const more = planQovery({ secrets: [{ key: 'NEW', value: 'x' }, { key: 'EXISTING', value: 'x' }] }, remote, { projectId: 'P' });
    assert.equal(headline([more, same]), '1 to create, 4 only in Qovery (kept), 2 unchanged; 4 values cannot be compared (Qovery never returns them) and will be written.');
  });

  it('creates an override of a BUILT_IN secret and orders steps: secrets, aliases, overrides, deletes', () => {
    const plan = planQovery({ overrides: [{ target: 'QOVERY_DATABASE_PSQL_NAME', value: 'x' }], aliases: [{ key: 'X', target: 'QOVERY_SOME_BUILT_IN' }], secrets: [{ key: 'S', value: 'v' }] }, remote.filter((r) => r.scope === 'BUILT_IN'), { projectId: 'P' });
    assert.deepEqual(plan.steps.map((s) => s.op), ['create-secret', 'create-alias', 'create-override']);
  });

  it('the rules: alias scope and alias of alias; override only from a strictly higher scope', () => {
    assert.equal(aliasProblem({ key: 'B', scope: 'BUILT_IN' }), undefined);
    assert.equal(aliasProblem({ key: 'P', scope: 'PROJECT' }), undefined);
    assert.match(aliasProblem({ key: 'E', scope: 'ENVIRONMENT' }) ?? '', /lower than PROJECT/);
    assert.match(aliasProblem({ key: 'A', scope: 'BUILT_IN', variableType: 'ALIAS' }) ?? '', /no alias of an alias/);
    assert.equal(overrideProblem({ key: 'B', scope: 'BUILT_IN' }), undefined);
    assert.match(overrideProblem({ key: 'P', scope: 'PROJECT' }) ?? '', /change its value instead/);
    assert.match(overrideProblem({ key: 'A', scope: 'APPLICATION' }) ?? '', /higher scope to a lower one/);
  });
});

describe('redacted renderings', () => {
  it('masks every Northflank value (variables, file and mount data) and marks the changed ones; drops $schema', () => {
    const value = { $schema: 'x', name: 'g', secretType: 'environment', priority: 1, secrets: { variables: { A: 'v-new-RECOGNISABLE', B: 'v-old-RECOGNISABLE' }, files: { '/f': { data: 'file-data-RECOGNISABLE', encoding: 'utf-8' } }, dockerSecretMounts: { m: { data: 'file-data-RECOGNISABLE' } } } };
    assert.deepEqual(redactDefinition('northflank-secret', value, new Set(['B'])), {
      name: 'g', secretType: 'environment', priority: 1,
      secrets: { variables: { A: MASK, B: MASK_CHANGED }, files: { '/f': { data: MASK, encoding: 'utf-8' } }, dockerSecretMounts: { m: { data: MASK } } },
    });
    for (const format of ['yaml', 'json'] as const) {
      const text = renderRedacted('northflank-secret', value, format);
      for (const v of VALUES) assert.ok(!text.includes(v));
      assert.ok(text.includes('priority'));
    }
  });

  it('masks Qovery secret and override values, and anything of an unexpected shape', () => {
    const value = { secrets: [{ key: 'K', value: 'qovery-value-RECOGNISABLE' }, { key: 'NOVALUE' }], overrides: [{ target: 'T', value: 'override-value-RECOGNISABLE' }], aliases: [{ key: 'A', target: 'K' }] };
    assert.deepEqual(redactDefinition('qovery-secrets', value, new Set(['T'])), { secrets: [{ key: 'K', value: MASK }, { key: 'NOVALUE' }], overrides: [{ target: 'T', value: MASK_CHANGED }], aliases: [{ key: 'A', target: 'K' }] });
    assert.deepEqual(redactDefinition('northflank-secret', { secrets: { variables: 'oops-RECOGNISABLE', other: 'x' } }), { secrets: { variables: MASK, other: MASK } });
  });

  it('renders the remote side in the shape of a file, for a side-by-side diff (values masked, Qovery values not returned)', () => {
    const remote: NfRemoteGroup = { id: 'g', name: 'g', secretType: 'environment', priority: 1, secrets: { variables: { A: 'v-old-RECOGNISABLE' } } };
    const text = renderRedacted('northflank-secret', northflankRemoteAsDefinition(remote, [{ addonId: 'pg', linked: true, linkedKeys: [{ keyName: 'HOST' }] }]));
    assert.ok(!text.includes('v-old-RECOGNISABLE'));
    assert.match(text, /addonId: pg/);
    const q = qoveryRemoteAsDefinition([{ id: '1', key: 'K', scope: 'PROJECT', variable_type: 'VALUE' }, { id: '2', key: 'A', scope: 'PROJECT', variable_type: 'ALIAS', aliased_secret: { id: '1', key: 'K', scope: 'PROJECT' } }], 'P');
    assert.deepEqual(q, { project: 'P', secrets: [{ key: 'K', value: '(not returned by the platform)' }], aliases: [{ key: 'A', target: 'K' }] });
  });

  it('gives a remote Northflank group exactly the fields a file would have: optional ones only when set, linked addons only', () => {
    const bare: NfRemoteGroup = { id: 'g', name: 'g', secretType: 'environment', priority: 1, tags: [], restrictions: {} as NfRemoteGroup['restrictions'], secrets: {} };
    assert.deepEqual(northflankRemoteAsDefinition(bare), { name: 'g', secretType: 'environment', priority: 1 });
    const full: NfRemoteGroup = { id: 'g', name: 'g', description: '', tags: ['web'], type: 'config', secretType: 'arguments', priority: 0, restrictions: { restricted: true, nfObjects: [{ id: 'api', type: 'service' }] }, secrets: { variables: { A: 'x' } } };
    const links = [
      { addonId: 'pg', linked: true, linkedKeys: [{ keyName: 'HOST', aliases: ['DB_HOST'] }, { keyName: 'PORT', aliases: [] }] },
      { addonId: 'cache', linked: false, linkedKeys: [{ keyName: 'URL' }] },
    ];
    assert.deepEqual(northflankRemoteAsDefinition(full, links), {
      name: 'g', description: '', tags: ['web'], type: 'config', secretType: 'arguments', priority: 0,
      restrictions: { restricted: true, nfObjects: [{ id: 'api', type: 'service' }] },
      addonDependencies: [{ addonId: 'pg', keys: [{ keyName: 'HOST', aliases: ['DB_HOST'] }, { keyName: 'PORT' }] }],
      secrets: { variables: { A: 'x' } },
    });
  });

  it("gives Qovery's project secrets the shape of a file: the project's own, by kind, descriptions and mount paths kept", () => {
    const ref = { id: '1', key: 'K', scope: 'PROJECT' };
    const q = qoveryRemoteAsDefinition([
      { id: '1', key: 'K', scope: 'PROJECT', variable_type: 'VALUE', description: 'the key', mount_path: '/etc/k' },
      { id: '2', key: 'A', scope: 'PROJECT', variable_type: 'ALIAS', aliased_secret: ref, description: 'an alias' },
      { id: '3', key: 'B', scope: 'PROJECT', variable_type: 'ALIAS', aliased_secret: ref },
      { id: '4', key: 'QOVERY_X', scope: 'PROJECT', variable_type: 'OVERRIDE', overridden_secret: { id: '9', key: 'QOVERY_X', scope: 'BUILT_IN' }, description: 'set here' },
      { id: '5', key: 'QOVERY_Y', scope: 'PROJECT', variable_type: 'OVERRIDE', overridden_secret: { id: '8', key: 'QOVERY_Y', scope: 'BUILT_IN' }, description: null },
      { id: '6', key: 'ENV_ONLY', scope: 'ENVIRONMENT', variable_type: 'VALUE' },
    ], 'P');
    assert.deepEqual(q, {
      project: 'P',
      secrets: [{ key: 'K', value: '(not returned by the platform)', description: 'the key', mount_path: '/etc/k' }],
      aliases: [{ key: 'A', target: 'K', description: 'an alias' }, { key: 'B', target: 'K' }],
      overrides: [{ target: 'QOVERY_X', value: '(not returned by the platform)', description: 'set here' }, { target: 'QOVERY_Y', value: '(not returned by the platform)' }],
    });
    assert.deepEqual(qoveryRemoteAsDefinition([], 'P'), { project: 'P' });
  });

  it('leaves out of the remote side the defaults the file omits (type secret, no restrictions), and only those', () => {
    const remote = { name: 'g', type: 'secret', secretType: 'environment', priority: 1, restrictions: { restricted: false } };
    assert.deepEqual(withoutOmittedDefaults('northflank-secret', remote, { name: 'g', secretType: 'environment', priority: 1 }), { name: 'g', secretType: 'environment', priority: 1 });
    assert.deepEqual(withoutOmittedDefaults('northflank-secret', remote, { name: 'g', type: 'secret', restrictions: { restricted: false } }), remote);
    const other = { ...remote, type: 'config', restrictions: { restricted: true, tags: ['web'] } };
    assert.deepEqual(withoutOmittedDefaults('northflank-secret', other, { name: 'g' }), other);
    assert.deepEqual(withoutOmittedDefaults('qovery-secrets', { type: 'secret' }, {}), { type: 'secret' });
    // Not restricted, yet listing targets: not the default, so the diff shows it.
    for (const restrictions of [{ restricted: false, nfObjects: [{ id: 'api', type: 'service' }] }, { restricted: false, tags: ['web'] }, { restricted: true }]) {
      assert.deepEqual(withoutOmittedDefaults('northflank-secret', { name: 'g', restrictions }, { name: 'g' }), { name: 'g', restrictions });
    }
    assert.deepEqual(withoutOmittedDefaults('northflank-secret', { name: 'g', restrictions: { restricted: false, nfObjects: [], tags: [] } }, { name: 'g' }), { name: 'g' });
    assert.deepEqual(withoutOmittedDefaults('northflank-secret', { name: 'g', type: 'config' }, { name: 'g' }), { name: 'g', type: 'config' });
  });

  it('lists every value of a definition (what messages must mask)', () => {
    assert.deepEqual(secretValuesIn('northflank-secret', { secrets: { variables: { A: 'a1', B: 'b1' }, files: { '/f': { data: 'f1' } }, dockerSecretMounts: { m: { data: 'm1' } } } }), ['a1', 'b1', 'f1', 'm1']);
    assert.deepEqual(secretValuesIn('qovery-secrets', { secrets: [{ key: 'K', value: 'q1' }, { key: 'N' }], overrides: [{ target: 'T', value: 'o1' }] }), ['q1', 'o1']);
    assert.deepEqual(secretValuesIn('northflank-link', { keys: [{ keyName: 'HOST' }] }), []);
  });

  it('lists the names of changed values for the marks', () => {
    const plan: Plan = { platform: 'northflank', kind: 'northflank-secret', target: 't', items: [{ subject: 'variable', name: 'A', change: 'update' }, { subject: 'variable', name: 'B', change: 'create' }, { subject: 'field', name: 'priority', change: 'update' }] };
    assert.deepEqual([...changedValueNames(plan)], ['A']);
  });
});
