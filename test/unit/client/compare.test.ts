/**
 * "Compare with…" outside VS Code (client/src/logic/compare.ts): the drift report of two files and the masked
 * renderings for the side-by-side view, a differing value marked, no value anywhere.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { compareFiles, type CompareResult } from '../../../client/src/logic/compare';
import { layerOf } from '../../../core/env/references';
import { knownValues } from '../../../sync/resolve';

const sha = (v: string) => createHash('sha256').update(v).digest('hex');
const STAGING = 'name: api-staging\nsecretType: environment\npriority: 10\nsecrets:\n  variables:\n    DB_PASSWORD: staging-secret-111\n    SHARED: same-secret-222\n    ONLY_STAGING: only-secret-333\n';
const PRODUCTION = 'name: api-production\nsecretType: environment\npriority: 20\nsecrets:\n  variables:\n    DB_PASSWORD: production-secret-444\n    SHARED: same-secret-222\n';

describe('Compare with… (the logic)', () => {
  let result: CompareResult;
  before(async () => {
    result = await compareFiles(
      { label: 'deploy/staging.northflank-secret.yaml', path: '/w/deploy/staging.northflank-secret.yaml', text: STAGING },
      { label: 'deploy/production.northflank-secret.yaml', path: '/w/deploy/production.northflank-secret.yaml', text: PRODUCTION },
      sha,
    );
  });

  it('reports the drift: a missing key, a setting, a value', () => {
    assert.ok(result.ok);
    if (!result.ok) return;
    assert.deepEqual(result.report.rows.map((r) => [r.code, r.entry]), [
      ['drift-setting', 'field priority'],
      ['drift-value', 'variable DB_PASSWORD'],
      ['drift-missing', 'variable ONLY_STAGING'],
    ]);
    assert.equal(result.summary, '3 differences (1 missing, 1 setting, 1 value), 4 the same.');
    assert.match(result.table.join('\n'), /≠ variable DB_PASSWORD\s+value A\s+value B/);
  });

  it('renders both sides masked, the differing value marked, the equal one not', () => {
    assert.ok(result.ok);
    if (!result.ok) return;
    assert.match(result.left, /^ {4}DB_PASSWORD: "?\*{8} \(differs\)"?$/m);
    assert.match(result.right, /^ {4}DB_PASSWORD: "?\*{8} \(differs\)"?$/m);
    assert.match(result.left, /^ {4}SHARED: "?\*{8}"?$/m);
    assert.match(result.left, /^ {4}ONLY_STAGING:/m);
    assert.doesNotMatch(result.right, /ONLY_STAGING/);
    const everything = JSON.stringify(result);
    for (const v of ['staging-secret-111', 'same-secret-222', 'only-secret-333', 'production-secret-444']) {
      assert.ok(!everything.includes(v), v);
      assert.ok(!everything.includes(sha(v)), `the hash of ${v}`);
    }
  });

  it('refuses files of two kinds', async () => {
    const r = await compareFiles({ label: 'a.northflank-secret.yaml', path: '/a.northflank-secret.yaml', text: STAGING }, { label: 'b.qovery-secrets.yaml', path: '/b.qovery-secrets.yaml', text: 'secrets: []\n' }, sha);
    assert.deepEqual(r, { ok: false, message: 'Only files of one kind can be compared: a.northflank-secret.yaml is a Northflank secret group file, b.qovery-secrets.yaml a Qovery project secrets file.' });
  });

  it('knows values as secretdef drift does: references unknown as written, compared once resolved (the same knownValues)', async () => {
    const withRef = (name: string, ref: string) => ({ label: `${name}.northflank-secret.yaml`, path: `/w/${name}.northflank-secret.yaml`, text: STAGING.replace('staging-secret-111', ref) });
    const a = withRef('a', '${env:A_DB}');
    const b = withRef('b', '${env:B_DB}');
    const unknown = await compareFiles(a, b, sha);
    assert.ok(unknown.ok);
    assert.deepEqual(unknown.report.rows.map((r) => [r.code, r.entry, ...Object.values(r.cells)]), [['drift-not-compared', 'variable DB_PASSWORD', 'not known: an env reference, not resolved', 'not known: an env reference, not resolved']]);
    for (const [env, code] of [[{ A_DB: 'same-1', B_DB: 'same-1' }, undefined], [{ A_DB: 'one-1', B_DB: 'two-2' }, 'drift-value']] as const) {
      const layers = [layerOf('the test', env)];
      const r = await compareFiles(a, b, sha, (doc) => knownValues(doc, { env: layers, identities: async () => ({ identities: [], lookedAt: 'test', problems: [] }) }));
      assert.ok(r.ok);
      assert.deepEqual(r.report.rows.map((x) => x.code), code ? [code] : []);
      for (const v of Object.values(env)) assert.ok(!JSON.stringify(r).includes(v), v);
    }
  });
});
