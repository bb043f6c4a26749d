/**
 * "Compare with…" outside VS Code (client/src/logic/compare.ts): the drift report of two files and the masked
 * renderings for the side-by-side view, a differing value marked, no value anywhere.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { compareFiles } from '../../../client/src/logic/compare';

const sha = (v: string) => createHash('sha256').update(v).digest('hex');
const STAGING = 'name: api-staging\nsecretType: environment\npriority: 10\nsecrets:\n  variables:\n    DB_PASSWORD: staging-secret-111\n    SHARED: same-secret-222\n    ONLY_STAGING: only-secret-333\n';
const PRODUCTION = 'name: api-production\nsecretType: environment\npriority: 20\nsecrets:\n  variables:\n    DB_PASSWORD: production-secret-444\n    SHARED: same-secret-222\n';

describe('Compare with… (the logic)', () => {
  const result = compareFiles(
    { label: 'deploy/staging.northflank-secret.yaml', path: '/w/deploy/staging.northflank-secret.yaml', text: STAGING },
    { label: 'deploy/production.northflank-secret.yaml', path: '/w/deploy/production.northflank-secret.yaml', text: PRODUCTION },
    sha,
  );

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

  it('refuses files of two kinds', () => {
    const r = compareFiles({ label: 'a.northflank-secret.yaml', path: '/a.northflank-secret.yaml', text: STAGING }, { label: 'b.qovery-secrets.yaml', path: '/b.qovery-secrets.yaml', text: 'secrets: []\n' }, sha);
    assert.deepEqual(r, { ok: false, message: 'Only files of one kind can be compared: a.northflank-secret.yaml is a Northflank secret group file, b.qovery-secrets.yaml a Qovery project secrets file.' });
  });
});
