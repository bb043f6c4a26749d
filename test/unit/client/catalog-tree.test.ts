import * as assert from 'node:assert/strict';
import { northflankSnapshot, qoverySnapshot, TtlCache, northflankAddonPageBase } from '../../../client/src/logic/catalog';
import { groupDescription, qoveryDescription, qoveryKind, restrictionSummary, sortQoverySecrets, withoutControls } from '../../../client/src/logic/tree';
import { catalogOf } from '../../../server/src/catalogs';
import type { ProjectSecret } from '../../../api/qovery';

const secret = (s: Partial<ProjectSecret> & Pick<ProjectSecret, 'key' | 'scope'>): ProjectSecret => ({ id: s.key, created_at: '2026-01-01T00:00:00Z', ...s }) as ProjectSecret;

describe('client logic: catalogs', () => {
  it('turns what Northflank answered into the snapshot the server gets: real keys where links tell them, tags in use', () => {
    const snapshot = northflankSnapshot({
      addons: [{ id: 'postgres', name: 'Postgres', type: 'postgresql', status: 'running', tags: ['db'] }, { id: 'cache', name: 'Cache', type: 'redis', status: 'running', tags: [] }] as never,
      services: [{ id: 'api', name: 'API', serviceType: 'combined', tags: ['backend'] }] as never,
      jobs: [{ id: 'migrate', name: 'Migrate', jobType: 'manual', tags: ['backend', 'ops'] }] as never,
      links: [{ secretId: 'g', addonId: 'postgres', linked: true, availableKeys: ['HOST', 'POSTGRES_URI'], linkedKeys: [] }] as never,
      target: 'Northflank project p',
    });
    assert.deepEqual(snapshot.addons, [{ id: 'postgres', name: 'Postgres', type: 'postgresql', keys: ['HOST', 'POSTGRES_URI'] }, { id: 'cache', name: 'Cache', type: 'redis' }]);
    assert.deepEqual(snapshot.restrictionTargets, [{ id: 'api', type: 'service', name: 'API' }, { id: 'migrate', type: 'job', name: 'Migrate' }]);
    assert.deepEqual(snapshot.tags, ['backend', 'db', 'ops']);
    // On the server: live keys for postgres; for the redis addon whose keys are unknown, its kind's offline names.
    const catalog = catalogOf(snapshot);
    assert.deepEqual(catalog.addonKeys('postgres'), { status: 'live', items: [{ keyName: 'HOST', detail: 'Postgres (postgresql)' }, { keyName: 'POSTGRES_URI', detail: 'Postgres (postgresql)' }] });
    const redis = catalog.addonKeys('cache');
    assert.equal(redis.status, 'offline');
    assert.deepEqual(redis.status === 'offline' ? redis.items.map((k) => k.keyName) : [], ['REDIS_MASTER_URL']);
  });

  it('turns Qovery secrets into scoped targets, aliases knowing what they alias', () => {
    const snapshot = qoverySnapshot([secret({ key: 'QOVERY_DB', scope: 'BUILT_IN', variable_type: 'BUILT_IN' }), secret({ key: 'KEY', scope: 'PROJECT', variable_type: 'ALIAS', aliased_secret: { id: 'x', key: 'STRIPE', scope: 'PROJECT' } })], 'Qovery project Shop');
    assert.deepEqual(snapshot.qoverySecrets, [{ key: 'QOVERY_DB', scope: 'BUILT_IN', variableType: 'BUILT_IN' }, { key: 'KEY', scope: 'PROJECT', variableType: 'ALIAS', aliasOf: 'STRIPE' }]);
  });

  it('an unknown snapshot keeps every live check silent', () => {
    const catalog = catalogOf({ platform: 'northflank', status: 'unknown', reason: 'signed out' });
    assert.equal(catalog.addons().status, 'unknown');
    assert.equal(catalog.restrictionTargets().status, 'unknown');
    assert.equal(catalog.addonKeys('x').status, 'offline');
  });

  it('caches for the time to live, and forgets a failed load', async () => {
    let now = 0;
    let loads = 0;
    const cache = new TtlCache<number>(() => 1000, () => now);
    const load = async () => ++loads;
    assert.equal(await cache.get('k', load), 1);
    assert.equal(await cache.get('k', load), 1);
    now = 1001;
    assert.equal(await cache.get('k', load), 2);
    await assert.rejects(cache.get('bad', () => Promise.reject(new Error('offline'))));
    assert.equal(await cache.get('bad', load), 3);
    cache.clear();
    assert.equal(await cache.get('k', load), 4);
  });
});

describe('client logic: the remote tree\'s words', () => {
  it('summarises restrictions', () => {
    assert.equal(restrictionSummary(undefined), 'all resources of the project');
    assert.equal(restrictionSummary({ restricted: true, nfObjects: [{ id: 'api', type: 'service' }], tags: ['a', 'b'], tagMatchCondition: 'and' } as never), 'restricted to api (service), tags a and b');
    assert.equal(restrictionSummary({ restricted: true } as never), 'restricted to nothing (no resource can read it)');
    assert.equal(groupDescription({ type: 'secret', secretType: 'environment', priority: 10 } as never), 'secret · environment · priority 10');
  });

  it('labels Qovery secrets as VALUE, ALIAS, OVERRIDE or FILE with their scope and target, higher scopes first', () => {
    const alias = secret({ key: 'A', scope: 'PROJECT', aliased_secret: { id: '1', key: 'QOVERY_DB', scope: 'BUILT_IN' } });
    const override = secret({ key: 'QOVERY_X', scope: 'PROJECT', variable_type: 'OVERRIDE', overridden_secret: { id: '2', key: 'QOVERY_X', scope: 'BUILT_IN' } });
    const file = secret({ key: 'CERT', scope: 'PROJECT', variable_type: 'FILE' });
    const builtIn = secret({ key: 'QOVERY_DB', scope: 'BUILT_IN', variable_type: 'BUILT_IN' });
    assert.deepEqual([alias, override, file].map(qoveryKind), ['ALIAS', 'OVERRIDE', 'FILE']);
    assert.equal(qoveryDescription(alias), 'PROJECT · ALIAS → QOVERY_DB');
    assert.equal(qoveryDescription(override), 'PROJECT · OVERRIDE of QOVERY_X (BUILT_IN)');
    assert.deepEqual(sortQoverySecrets([file, alias, builtIn]).map((s) => s.key), ['QOVERY_DB', 'A', 'CERT']);
  });
});

describe('client logic: what the tree shows of a platform\'s text', () => {
  it('drops terminal escapes, bidi overrides and line breaks from labels, descriptions and tooltips', () => {
    const item = withoutControls({ label: 'api\u001b[31m-red\u001b[0m\u202e', description: 'line\nbreak\u0007', tooltip: 'two\nlines\u001b]8;;http://x\u0007' });
    assert.deepEqual(item, { label: 'api-red', description: 'line break', tooltip: 'two\nlines' });
    const highlighted = withoutControls({ label: { label: 'DB\u200b_URL\u009b2J' } });
    assert.deepEqual(highlighted.label, { label: 'DB_URL' });
    assert.deepEqual(withoutControls({ description: true }), { description: true });
  });
});

describe('client logic: addon pages for document links', () => {
  it('puts the app beside the API, with the team when the project has one', () => {
    assert.equal(northflankAddonPageBase('https://api.northflank.com', { project: 'default-project' }), 'https://app.northflank.com/project/default-project/addons/');
    assert.equal(northflankAddonPageBase('https://api.northflank.com/', { project: 'p 1', team: 'acme' }), 'https://app.northflank.com/t/acme/project/p%201/addons/');
    assert.equal(northflankAddonPageBase('http://127.0.0.1:4010', { project: 'p' }), 'http://127.0.0.1:4010/project/p/addons/');
  });
});
