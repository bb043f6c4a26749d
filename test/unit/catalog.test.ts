import * as assert from 'node:assert/strict';
import { complete, OFFLINE_CATALOG, parseDefinition, quickFixes, validateDocument, type Catalog, type DefinitionDocument, type Known } from '../../core';
import { caret } from '../helpers/markers';

const live = <T>(items: T[]): Known<T> => ({ status: 'live', items });

/** A catalog as the extension hands it over when signed in. */
const LIVE: Catalog = {
  addons: () => live([{ id: 'postgres', type: 'postgresql', name: 'Postgres' }, { id: 'cache', type: 'redis' }]),
  addonKeys: (id) => (id === 'postgres' ? live([{ keyName: 'HOST' }, { keyName: 'POSTGRES_URI' }, { keyName: 'USERNAME' }]) : id === 'cache' ? live([{ keyName: 'REDIS_MASTER_URL' }]) : { status: 'unknown', reason: 'no such addon' }),
  restrictionTargets: () => live([{ id: 'api', type: 'service' as const }, { id: 'migrate', type: 'job' as const }]),
  tags: () => live(['frontend', 'backend']),
  qoverySecrets: () => live([
    { key: 'QOVERY_DATABASE_PSQL_NAME', scope: 'BUILT_IN', variableType: 'BUILT_IN' },
    { key: 'SHARED_TOKEN', scope: 'PROJECT', variableType: 'VALUE' },
    { key: 'APP_ONLY', scope: 'APPLICATION', variableType: 'VALUE' },
    { key: 'OLD_ALIAS', scope: 'PROJECT', variableType: 'ALIAS', aliasOf: 'SHARED_TOKEN' },
  ]),
};

function doc(name: string, text: string): DefinitionDocument {
  const d = parseDefinition(`/w/${name}`, text);
  assert.ok(d);
  return d;
}

const codes = (d: DefinitionDocument, catalog: Catalog) => validateDocument(d, catalog).map((x) => `${x.code}:${x.range.start.line}`);

const GROUP = `name: api-secrets
secretType: environment
priority: 10
restrictions:
  restricted: true
  nfObjects:
    - id: apii
      type: service
    - id: migrate
      type: service
addonDependencies:
  - addonId: postgress
    keys:
      - keyName: HOST
  - addonId: postgres
    keys:
      - keyName: POSTGRES_URL
`;

const QOVERY = `aliases:
  - key: DB
    target: QOVERY_DATABASE_PSQL_NAME
  - key: X
    target: OLD_ALIAS
  - key: Y
    target: APP_ONLY
  - key: Z
    target: NOPE
overrides:
  - target: QOVERY_DATABASE_PSQL_NAME
    value: v
  - target: SHARED_TOKEN
    value: v
`;

describe('live catalogs', () => {
  it('with a live catalog, reports addons, keys and restriction targets the project does not have', () => {
    const d = doc('a.northflank-secret.yaml', GROUP);
    assert.deepEqual(codes(d, LIVE), [
      'nf-unknown-restriction-target:6',
      'nf-unknown-restriction-target:9',
      'nf-unknown-addon:11',
      'nf-unknown-addon-key:16',
    ]);
    const messages = validateDocument(d, LIVE).map((x) => x.message);
    assert.ok(messages.includes('The project has no addon "postgress". Did you mean "postgres"?'));
    assert.ok(messages.includes('The addon "postgres" has no key "POSTGRES_URL". Did you mean "POSTGRES_URI"?'));
    assert.ok(messages.includes('"migrate" is a job, not a service.'));
  });

  it('offline, signed out or unknown, those checks stay silent', () => {
    const d = doc('a.northflank-secret.yaml', GROUP);
    assert.deepEqual(codes(d, OFFLINE_CATALOG), []);
    const unknown: Catalog = { ...OFFLINE_CATALOG, addonKeys: () => ({ status: 'unknown', reason: 'no permission' }) };
    assert.deepEqual(codes(d, unknown), []);
    assert.deepEqual(codes(doc('q.qovery-secrets.yaml', QOVERY), OFFLINE_CATALOG), []);
  });

  it('with a live catalog, reports Qovery targets that do not exist, are aliases, or sit at the wrong scope', () => {
    assert.deepEqual(codes(doc('q.qovery-secrets.yaml', QOVERY), LIVE), [
      'qovery-alias-of-alias:4',
      'qovery-target-scope:6',
      'qovery-unknown-target:8',
      'qovery-target-scope:12',
    ]);
  });

  it('offers quick fixes from the live suggestions', () => {
    const d = doc('a.northflank-secret.yaml', GROUP);
    const diagnostics = validateDocument(d, LIVE).map((x) => ({ code: x.code, offset: d.lines.offsetAt(x.range.start), length: d.lines.offsetAt(x.range.end) - d.lines.offsetAt(x.range.start), data: x.data }));
    const titles = quickFixes(d, diagnostics).filter((f) => f.preferred).map((f) => f.title);
    assert.deepEqual(titles, ['Change to "api"', 'Change to "job"', 'Change to "postgres"', 'Change to "POSTGRES_URI"']);
  });

  it('completes live addon ids, their real keys, services and jobs (with their type), tags and Qovery targets', () => {
    const at = (name: string, textWithCaret: string) => {
      const { text, offset } = caret(textWithCaret);
      return complete(doc(name, text), offset, LIVE);
    };
    assert.deepEqual(at('a.northflank-secret.yaml', 'name: x\naddonDependencies:\n  - addonId: |').map((c) => c.label), ['postgres', 'cache']);
    assert.deepEqual(at('a.northflank-secret.yaml', 'name: x\naddonDependencies:\n  - addonId: cache\n    keys:\n      - keyName: |').map((c) => c.label), ['REDIS_MASTER_URL']);
    const targets = at('a.northflank-secret.yaml', 'name: x\nrestrictions:\n  nfObjects:\n    - id: |');
    assert.deepEqual(targets.map((c) => [c.label, c.detail]), [['api', 'service'], ['migrate', 'job']]);
    assert.deepEqual(targets[1].additionalEdits?.map((e) => e.newText), ['\n      type: job']);
    assert.deepEqual(at('a.northflank-secret.yaml', 'name: x\ntags:\n  - |').map((c) => c.label), ['frontend', 'backend']);
    const aliasTargets = at('q.qovery-secrets.yaml', 'secrets:\n  - key: MINE\naliases:\n  - key: A\n    target: |').map((c) => `${c.label} ${c.detail ?? ''}`);
    // Not APP_ONLY: an alias at project level of an APPLICATION secret is what validation rejects (qovery-target-scope).
    assert.deepEqual(aliasTargets, ['MINE PROJECT · in this file', 'QOVERY_DATABASE_PSQL_NAME BUILT_IN · BUILT_IN', 'SHARED_TOKEN PROJECT · VALUE']);
    const overrideTargets = at('q.qovery-secrets.yaml', 'overrides:\n  - target: |').map((c) => c.label);
    assert.deepEqual(overrideTargets, ['QOVERY_DATABASE_PSQL_NAME']);
  });
});
