/** "Open as Definition File": the file name made from a remote id never leaves the folder, whatever the id. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { isInsideFolder, safeFileStem } from '../../../client/src/logic/pullPath';

const HOSTILE = ['../../x', '..', '.', '/etc/passwd', 'a/../../b', '..\\..\\windows\\x', 'C:\\Windows\\x', '.git', '.vscode/settings', '-rf', 'con', 'NUL',
  'a\u0000b', '\u001b]0;x\u0007name', '\u202egnp.exe', ' ', '', '…', '%2e%2e%2fx', 'x'.repeat(500)];

describe('pull: file names from remote ids', () => {
  for (const id of HOSTILE) {
    it(`${JSON.stringify(id.slice(0, 30))} gives a plain name inside the folder`, () => {
      const stem = safeFileStem(id, 'secret-group');
      assert.match(stem, /^[A-Za-z0-9_][A-Za-z0-9._-]*$/);
      assert.ok(!stem.includes('..'));
      assert.ok(stem.length <= 81);
      assert.doesNotMatch(stem, /^(con|prn|aux|nul|com\d|lpt\d)$/i);
      const folder = '/work/project';
      const file = path.posix.join(folder, `${stem}.northflank-secret.yaml`);
      assert.equal(path.posix.dirname(file), folder);
      assert.ok(isInsideFolder(folder, file));
    });
  }

  it('keeps ordinary ids as they are', () => {
    assert.equal(safeFileStem('checkout-worker', 'x'), 'checkout-worker');
    assert.equal(safeFileStem('api_secrets.v2', 'x'), 'api_secrets.v2');
    assert.equal(safeFileStem('', 'secret-group'), 'secret-group');
  });

  it('knows what is inside a folder', () => {
    assert.ok(isInsideFolder('/w/p', '/w/p/a.yaml'));
    assert.ok(isInsideFolder('/w/p/', '/w/p/sub/a.yaml'));
    assert.ok(!isInsideFolder('/w/p', '/w/p/../x.yaml'));
    assert.ok(!isInsideFolder('/w/p', '/w/px/a.yaml'));
    assert.ok(!isInsideFolder('/w/p', '/w/p'));
  });
});
