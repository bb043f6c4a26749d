/**
 * The drift comparison of the core: keys missing somewhere, settings, values by digest only where known (the
 * "known / unknown" input that a resolver of env references or SOPS plugs into), ranges to annotate, and reports
 * that never hold a value or a digest.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { compareDefinitions, DRIFT_CODES, driftEntries, driftFromPlan, hasDrift, literalValue, parseDefinition, renderDriftTable, summarizeDrift, type DriftSide, type ValueKnowledge } from '../../core';
import { planNorthflankSecret, planQovery } from '../../core/plan';
import { ROOT } from '../helpers/paths';

/** A digest that shows nothing of the value but is equal for equal values (the tests' stand-in for a hash). */
const digests = new Map<string, string>();
const digest = (value: string) => {
  if (!digests.has(value)) digests.set(value, `d${digests.size}`);
  return digests.get(value) as string;
};

function side(label: string, text: string, value?: (raw: unknown) => ValueKnowledge): DriftSide {
  const doc = parseDefinition(label, text);
  if (!doc) throw new Error(`${label}: not a definition`);
  return { label, doc, value: (_entry, raw) => (value ?? ((r) => literalValue(r, digest)))(raw) };
}

const STAGING = `name: api-staging
secretType: environment
priority: 10
restrictions:
  restricted: true
  nfObjects:
    - id: api
      type: service
addonDependencies:
  - addonId: postgres
    keys:
      - keyName: POSTGRES_URI
        aliases: [DATABASE_URL]
  - addonId: redis
    keys:
      - keyName: REDIS_MASTER_URL
secrets:
  variables:
    NODE_ENV: production
    DB_PASSWORD: staging-password-1
    SENTRY_DSN: https://key@sentry.example/1
    API_KEY: \${env:API_KEY}
  files:
    /etc/app/config.json:
      data: eyJkZWJ1ZyI6IGZhbHNlfQ==
`;

const PRODUCTION = `name: api-production
description: other names and descriptions are not drift
secretType: environment
priority: 20
addonDependencies:
  - addonId: postgres
    keys:
      - keyName: POSTGRES_URI
secrets:
  variables:
    NODE_ENV: production
    DB_PASSWORD: production-password-2
    API_KEY: literal-api-key
  files:
    /etc/app/config.json:
      data: eyJkZWJ1ZyI6IGZhbHNlfQ==
      encoding: base64
`;

describe('drift between definition files', () => {
  const report = compareDefinitions([side('staging.northflank-secret.yaml', STAGING), side('production.northflank-secret.yaml', PRODUCTION)]);
  const row = (entry: string, aspect?: string) => report.rows.find((r) => r.entry === entry && (aspect === undefined || r.aspect === aspect));

  it('finds keys present in some files and missing in others, once per missing parent', () => {
    assert.deepEqual(row('variable SENTRY_DSN')?.cells, ['present', 'missing']);
    assert.equal(row('variable SENTRY_DSN')?.code, 'drift-missing');
    assert.equal(row('variable SENTRY_DSN')?.message, 'variable SENTRY_DSN: in staging.northflank-secret.yaml; missing in production.northflank-secret.yaml.');
    assert.equal(row('addon redis')?.code, 'drift-missing');
    // The redis addon is missing as a whole: its key is not listed again.
    assert.equal(row('addon key redis/REDIS_MASTER_URL'), undefined);
  });

  it('annotates a missing key where it belongs in the file that lacks it (its collection), not in the file that has it', () => {
    const missing = row('variable SENTRY_DSN');
    assert.equal(missing?.locations[0], null);
    // "variables:" of production, line 10 (0-based 9), column 3 (0-based 2).
    assert.deepEqual(missing?.locations[1], { start: { line: 9, character: 2 }, end: { line: 9, character: 11 } });
  });

  it('finds settings that differ: priority, restrictions, file encoding, addon key aliases; not the name or the description', () => {
    assert.deepEqual(row('field priority')?.cells, ['10', '20']);
    assert.deepEqual(row('field restrictions')?.cells, ['restricted: true; nfObjects: service api', 'restricted: false']);
    assert.deepEqual(row('file /etc/app/config.json', 'encoding')?.cells, ['utf-8', 'base64']);
    assert.deepEqual(row('addon key postgres/POSTGRES_URI', 'aliases')?.cells, ['DATABASE_URL', '(none)']);
    assert.equal(report.rows.some((r) => r.entry === 'field name' || r.entry === 'field description'), false);
    assert.equal(row('field secretType'), undefined);
  });

  it('compares values by digest where both are known, and names them A and B', () => {
    assert.equal(row('variable DB_PASSWORD')?.code, 'drift-value');
    assert.deepEqual(row('variable DB_PASSWORD')?.cells, ['value A', 'value B']);
    assert.equal(row('variable NODE_ENV'), undefined);
    assert.equal(row('file /etc/app/config.json', 'value'), undefined);
  });

  it('says what cannot be compared (an env reference) without counting it as drift', () => {
    assert.equal(row('variable API_KEY')?.code, 'drift-not-compared');
    assert.deepEqual(row('variable API_KEY')?.cells, ['not known: an env reference, not resolved', 'known']);
    const onlyUnknown = compareDefinitions([
      side('a.northflank-secret.yaml', 'name: a\nsecretType: environment\npriority: 1\nsecrets:\n  variables:\n    K: ${env:K}\n'),
      side('b.northflank-secret.yaml', 'name: b\nsecretType: environment\npriority: 1\nsecrets:\n  variables:\n    K: ENC[AES256_GCM,data:abc,iv:def,tag:ghi,type:str]\n'),
    ]);
    assert.equal(hasDrift(onlyUnknown), false);
    assert.deepEqual(onlyUnknown.rows.map((r) => r.cells), [['not known: an env reference, not resolved', 'not known: encrypted with SOPS']]);
  });

  it('takes what a resolver knows: a resolved reference compares like a literal', () => {
    // The resolver of issue 13 plugs in here: it says "known" with a digest of the resolved value.
    const resolved = (raw: unknown): ValueKnowledge => (raw === '${env:API_KEY}' ? { known: true, digest: digest('literal-api-key') } : literalValue(raw, digest));
    const r = compareDefinitions([side('s.northflank-secret.yaml', STAGING, resolved), side('p.northflank-secret.yaml', PRODUCTION, resolved)]);
    assert.equal(r.rows.find((x) => x.entry === 'variable API_KEY'), undefined);
  });

  it('compares keys and settings only when asked to leave values out', () => {
    const r = compareDefinitions([side('s.northflank-secret.yaml', STAGING), side('p.northflank-secret.yaml', PRODUCTION)], { values: false });
    assert.equal(r.rows.some((x) => x.aspect === 'value'), false);
    assert.ok(hasDrift(r));
  });

  it('compares three files and Qovery secrets, aliases and overrides', () => {
    const q = (label: string, text: string) => side(label, text);
    const r = compareDefinitions([
      q('dev.qovery-secrets.yaml', 'secrets:\n  - key: A\n    value: one\n  - key: CERT\n    value: x\n    mount_path: /etc/cert\naliases:\n  - key: DB\n    target: A\n'),
      q('staging.qovery-secrets.yaml', 'secrets:\n  - key: A\n    value: one\n  - key: CERT\n    value: x\n    mount_path: /etc/other\naliases:\n  - key: DB\n    target: B\n'),
      q('prod.qovery-secrets.yaml', 'secrets:\n  - key: A\n    value: two\n  - key: CERT\n    value: x\n    mount_path: /etc/cert\n'),
    ]);
    const byEntry = new Map(r.rows.map((x) => [`${x.entry}#${x.aspect}`, x.cells]));
    assert.deepEqual(byEntry.get('secret A#value'), ['value A', 'value A', 'value B']);
    assert.deepEqual(byEntry.get('secret CERT#kind'), ['file at /etc/cert', 'file at /etc/other', 'file at /etc/cert']);
    assert.deepEqual(byEntry.get('alias DB#presence'), ['present', 'present', 'missing']);
    // Among the files that have it, the alias's target differs too.
    assert.deepEqual(byEntry.get('alias DB#target'), ['A', 'B', 'missing']);
  });

  it('holds no value and no digest, in the rows or the table', () => {
    const everything = JSON.stringify(report) + renderDriftTable(report).join('\n');
    for (const value of ['staging-password-1', 'production-password-2', 'literal-api-key', 'https://key@sentry.example/1', 'eyJkZWJ1ZyI6IGZhbHNlfQ==', ...digests.values()].filter((v) => !/^d\d$/.test(v))) {
      assert.ok(!everything.includes(value), value);
    }
    assert.ok(!/"d\d+"/.test(JSON.stringify(report)), 'a digest');
  });

  it('renders a table with a column per file and a summary', () => {
    const lines = renderDriftTable(report);
    assert.match(lines[0], /^\s+staging\.northflank-secret\.yaml\s+production\.northflank-secret\.yaml$/);
    assert.ok(lines.some((l) => /^- variable SENTRY_DSN\s+present\s+missing$/.test(l)));
    assert.ok(lines.some((l) => /^≠ variable DB_PASSWORD\s+value A\s+value B$/.test(l)));
    assert.equal(lines[lines.length - 1], summarizeDrift(report));
    assert.match(summarizeDrift(report), /^7 differences \(2 missing, 4 settings, 1 value\), 1 not compared, 4 the same\.$/);
  });

  it('finds nothing between a file and itself', () => {
    const r = compareDefinitions([side('a.northflank-secret.yaml', STAGING), side('b.northflank-secret.yaml', STAGING)]);
    assert.deepEqual(r.rows.map((x) => x.code), ['drift-not-compared']);
    assert.equal(hasDrift(r), false);
    assert.equal(summarizeDrift(r), 'No drift, 1 not compared, 12 the same.');
  });

  it('lists the entries of each kind', () => {
    assert.deepEqual(driftEntries('northflank-link', { keys: [{ keyName: 'HOST' }, { keyName: 'HOST' }, { keyName: 'PORT', aliases: ['B', 'A'] }] }).map((e) => [e.id, e.settings.aliases]), [['key HOST', '(none)'], ['key PORT', 'A, B']]);
  });
});

describe('drift against the platform, from a push plan', () => {
  it('turns a Northflank plan into rows: missing on either side, values differing, annotated in the file', () => {
    const text = 'name: api\nsecretType: environment\npriority: 10\nsecrets:\n  variables:\n    NEW: a\n    SAME: b\n    CHANGED: c\n';
    const doc = parseDefinition('api.northflank-secret.yaml', text);
    assert.ok(doc);
    const plan = planNorthflankSecret(
      { name: 'api', secretType: 'environment', priority: 10, secrets: { variables: { NEW: 'a', SAME: 'b', CHANGED: 'c' } } },
      { id: 'api', name: 'api', secretType: 'environment', priority: 20, secrets: { variables: { SAME: 'b', CHANGED: 'other', OLD: 'x' } } },
      [],
      { projectId: 'p' },
    );
    const report = driftFromPlan(plan, doc, 'api.northflank-secret.yaml', 'Northflank');
    const byEntry = new Map(report.rows.map((r) => [r.entry, r]));
    assert.deepEqual(byEntry.get('variable NEW')?.cells, ['present', 'missing']);
    assert.deepEqual(byEntry.get('variable NEW')?.locations[0], { start: { line: 5, character: 4 }, end: { line: 5, character: 7 } });
    assert.deepEqual(byEntry.get('variable OLD')?.cells, ['missing', 'present']);
    // Not in the file: annotated on its collection.
    assert.deepEqual(byEntry.get('variable OLD')?.locations[0], { start: { line: 4, character: 2 }, end: { line: 4, character: 11 } });
    assert.equal(byEntry.get('variable CHANGED')?.code, 'drift-value');
    assert.equal(byEntry.get('field priority')?.code, 'drift-setting');
    assert.match(byEntry.get('field priority')?.message ?? '', /20 → 10/);
    assert.ok(!JSON.stringify(report).includes('other'));
  });

  it('says what cannot be compared with Qovery (values are never returned) and what conflicts', () => {
    const text = 'secrets:\n  - key: A\n    value: x\n  - key: QOVERY_BUILT\n    value: y\n';
    const doc = parseDefinition('q.qovery-secrets.yaml', text);
    assert.ok(doc);
    const plan = planQovery({ secrets: [{ key: 'A', value: 'x' }, { key: 'QOVERY_BUILT', value: 'y' }] }, [
      { id: '1', key: 'A', scope: 'PROJECT' },
      { id: '2', key: 'QOVERY_BUILT', scope: 'BUILT_IN' },
      { id: '3', key: 'ONLY_REMOTE', scope: 'PROJECT' },
    ], { projectId: 'p' });
    const report = driftFromPlan(plan, doc, 'q.qovery-secrets.yaml', 'Qovery');
    assert.deepEqual(report.rows.map((r) => [r.code, r.entry]), [
      ['drift-not-compared', 'secret A'],
      ['drift-conflict', 'secret QOVERY_BUILT'],
      ['drift-missing', 'secret ONLY_REMOTE'],
    ]);
    assert.ok(hasDrift(report));
  });
});

describe('drift codes in the README', () => {
  it('lists every drift code with its meaning and level, and no other', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `(drift-[a-z-]+)` \| (.+) \| (error|warning|information) \|$/gm)].map((m) => [m[1], { severity: m[3], summary: m[2] }]);
    assert.deepEqual(Object.fromEntries(rows), DRIFT_CODES);
  });
});
