import * as assert from 'node:assert/strict';
import { bindFile, resolveTarget, sanitizeTargets } from '../../../client/src/logic/targets';
import { Redactor, enabled } from '../../../client/src/logic/redactor';
import { MASK } from '../../../core/mask';

describe('client logic: targets', () => {
  const targets = sanitizeTargets({
    'deploy/**/*.northflank-secret.yaml': { project: 'default-project' },
    'deploy/prod/*.northflank-secret.yaml': { project: 'prod', team: 'acme' },
    'deploy/prod/api.northflank-secret.yaml': { project: 'prod-api' },
    'links/db.northflank-link.yaml': { project: 'p', secret: 'api-secrets', addon: 'postgres' },
    'broken': { team: 'no project' },
    'also-broken': 'x',
  });

  it('drops malformed entries of the setting', () => {
    assert.deepEqual(Object.keys(targets).sort(), ['deploy/**/*.northflank-secret.yaml', 'deploy/prod/*.northflank-secret.yaml', 'deploy/prod/api.northflank-secret.yaml', 'links/db.northflank-link.yaml']);
  });

  it('prefers an exact path, then the most specific glob', () => {
    assert.equal(resolveTarget('deploy/prod/api.northflank-secret.yaml', 'northflank-secret', targets)?.project, 'prod-api');
    assert.deepEqual(resolveTarget('deploy/prod/web.northflank-secret.yaml', 'northflank-secret', targets), { project: 'prod', team: 'acme', platform: 'northflank', source: 'deploy/prod/*.northflank-secret.yaml' });
    assert.equal(resolveTarget('deploy/dev/x/web.northflank-secret.yaml', 'northflank-secret', targets)?.project, 'default-project');
    assert.equal(resolveTarget('elsewhere.northflank-secret.yaml', 'northflank-secret', targets), undefined);
    assert.equal(resolveTarget('deploy\\prod\\api.northflank-secret.yaml', 'northflank-secret', targets)?.project, 'prod-api');
  });

  it('lets a Qovery file name its own project', () => {
    assert.deepEqual(resolveTarget('q.qovery-secrets.yaml', 'qovery-secrets', targets, '3c90c3cc-0d44-4b50-8888-8dd25736052a'), { project: '3c90c3cc-0d44-4b50-8888-8dd25736052a', platform: 'qovery', source: 'file' });
  });

  it('binds one file without touching the others', () => {
    const next = bindFile(targets, 'a\\b.northflank-secret.yaml', { project: 'x' });
    assert.deepEqual(next['a/b.northflank-secret.yaml'], { project: 'x' });
    assert.equal(Object.keys(next).length, Object.keys(targets).length + 1);
  });
});

describe('client logic: redactor', () => {
  it('hides registered tokens and values, and anything that looks like an Authorization header', () => {
    const r = new Redactor();
    r.add('nf-token-0123456789', 'hunter2-secret', 'ab');
    assert.equal(r.redact('token nf-token-0123456789 and hunter2-secret, ab'), `token ${MASK} and ${MASK}, ab`);
    assert.equal(r.redact('Authorization: Bearer abcdefghijklmnop'), `Authorization: Bearer ${MASK}`);
    assert.equal(r.redact('Token qov_1234567890abcdef'), `Token ${MASK}`);
  });

  it('passes its options on: fragments of a value are masked when asked for', () => {
    // mutant: `{ mask: MASK, ...options }` → `{}`
    const r = new Redactor();
    r.add('nf-token-0123456789');
    assert.equal(r.redact('cut at nf-token-0123', { fragments: true }), `cut at ${MASK}`);
    assert.equal(r.redact('cut at nf-token-0123'), 'cut at nf-token-0123');
  });

  it('filters by log level', () => {
    assert.equal(enabled('info', 'debug'), false);
    assert.equal(enabled('info', 'warn'), true);
    assert.equal(enabled('off', 'error'), false);
  });
});
