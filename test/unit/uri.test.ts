import * as assert from 'node:assert/strict';
import { kindFromPath } from '../../core/kinds';
import { uriToPath } from '../../server/src/uri';

describe('the path of a document URI (kind detection)', () => {
  const cases: [string, string][] = [
    ['file:///home/me/deploy/api.northflank-secret.yaml', '/home/me/deploy/api.northflank-secret.yaml'],
    ['file:///c%3A/Users/me/api.northflank-secret.yaml', 'c:/Users/me/api.northflank-secret.yaml'],
    ['file:///C:/Users/me/api.northflank-secret.yaml', 'C:/Users/me/api.northflank-secret.yaml'],
    ['file://server/share/deploy/api.qovery-secrets.yaml', '//server/share/deploy/api.qovery-secrets.yaml'],
    ['file:///home/me/with%20space/x%23y.northflank-link.yaml', '/home/me/with space/x#y.northflank-link.yaml'],
    ['vscode-vfs://github/acme/infra/deploy/api.northflank-secret.yaml', '/acme/infra/deploy/api.northflank-secret.yaml'],
    ['untitled:Untitled-1', 'Untitled-1'],
  ];
  for (const [uri, path] of cases) it(`${uri} → ${path}`, () => assert.equal(uriToPath(uri), path));

  it('gives back what is no URI, and a broken escape as written', () => {
    assert.equal(uriToPath('not a uri'), 'not a uri');
    assert.equal(uriToPath('file:///a/%E0%A4%A.northflank-secret.yaml'), '/a/%E0%A4%A.northflank-secret.yaml');
  });

  it('feeds kind detection the same way on every platform', () => {
    assert.equal(kindFromPath(uriToPath('file:///c%3A/repo/deploy/api.northflank-secret.yaml')), 'northflank-secret');
    assert.equal(kindFromPath(uriToPath('vscode-vfs://github/acme/infra/.hidden/api.qovery-secrets.yaml')), 'qovery-secrets');
    assert.equal(kindFromPath(uriToPath('file:///repo/deploy/api.yaml'), { 'deploy/*.yaml': 'northflank-link' }), 'northflank-link');
    assert.equal(kindFromPath(uriToPath('file:///repo/other/api.yaml'), { 'deploy/*.yaml': 'northflank-link' }), undefined);
    assert.equal(kindFromPath('C:\\repo\\deploy\\api.yaml', { '{deploy,ops}/*.yaml': 'northflank-secret' }), 'northflank-secret');
  });
});
