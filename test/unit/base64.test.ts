/**
 * The core decodes and encodes base64 without Node's Buffer (it runs in a browser worker too). Node's Buffer is the
 * reference here: the same bytes, for text of every kind and for every length modulo 3.
 */
import * as assert from 'node:assert/strict';
import { decodeBase64Text, encodeBase64, isBase64, utf8Length } from '../../core/rules/base64';

const samples = ['', 'a', 'ab', 'abc', 'abcd', 'DATABASE_URL=postgres://u:p@host/db\n', 'héllo wörld ✓ 🚀\n', 'line 1\r\nline 2\ttab\n', 'x'.repeat(100_001)];

describe('base64 in the core (no Buffer)', () => {
  for (const text of samples) {
    const label = text.length > 40 ? `${text.length} characters` : JSON.stringify(text);
    it(`encodes and decodes ${label} as Buffer does`, () => {
      const reference = Buffer.from(text, 'utf8').toString('base64');
      assert.equal(encodeBase64(text), reference);
      assert.equal(decodeBase64Text(reference), text);
      assert.equal(utf8Length(text), Buffer.byteLength(text));
    });
  }

  it('decodes wrapped base64 and base64 without its padding', () => {
    const text = 'a secret file\nwith two lines\n';
    const encoded = Buffer.from(text).toString('base64');
    assert.equal(decodeBase64Text(encoded.replace(/=+$/, '')), text);
    assert.equal(decodeBase64Text(`${encoded.slice(0, 10)}\n  ${encoded.slice(10)}\n`), text);
  });

  it('refuses what is not base64, and binary content', () => {
    assert.equal(isBase64('not base64!'), false);
    assert.equal(decodeBase64Text('not base64!'), undefined);
    assert.equal(decodeBase64Text('abcde'), undefined);
    assert.equal(decodeBase64Text(Buffer.from([0, 1, 2, 255]).toString('base64')), undefined);
  });
});
