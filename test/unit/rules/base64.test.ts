import { expect } from 'chai';
import { classifyBase64, decodeBase64, decodeBase64Text, encodeBase64, isBase64, utf8Length } from '../../../core/rules/base64';

/**
 * How file data is judged and decoded, at each boundary: the length of the body modulo 4, the padding, the two
 * alphabets, and which decoded characters make content binary.
 */
describe('rules: base64 file data', () => {
  describe('classifyBase64', () => {
    it('standard: the standard alphabet, padded as needed or not at all, white space anywhere', () => {
      for (const data of ['', 'QQ==', 'QQ', 'QUI=', 'QUI', 'QUJD', 'QUJDRA==', ' QU\nJD\t', 'a+/9']) {
        expect(classifyBase64(data), data).to.deep.equal({ kind: 'standard' });
      }
    });

    it('invalid: a body of 4n+1 characters, a character of neither alphabet, "=" inside the body', () => {
      for (const data of ['Q', 'QUJDR', 'QUJDR===', 'QU!D', 'QQ==QQ==', '=QQ', 'QU.D', 'QU*D']) {
        expect(classifyBase64(data), data).to.deep.equal({ kind: 'invalid' });
      }
      expect(isBase64('QU!D')).to.equal(false);
      expect(isBase64('QUJD')).to.equal(true);
      expect(isBase64('QUJ-')).to.equal(true);
    });

    it('a padding of more "=" than needed is extra, of fewer (but some) is wrong, of none where some is needed is missing', () => {
      expect(classifyBase64('QUJD=')).to.deep.equal({ kind: 'variant', urlSafe: false, padding: 'extra', bytes: 3 });
      expect(classifyBase64('QUI==')).to.deep.equal({ kind: 'variant', urlSafe: false, padding: 'extra', bytes: 2 });
      expect(classifyBase64('QQ===')).to.deep.equal({ kind: 'variant', urlSafe: false, padding: 'extra', bytes: 1 });
      expect(classifyBase64('QQ=')).to.deep.equal({ kind: 'variant', urlSafe: false, padding: 'wrong', bytes: 1 });
      expect(classifyBase64('=')).to.deep.equal({ kind: 'variant', urlSafe: false, padding: 'extra', bytes: 0 });
    });

    it('base64url: "-" or "_" anywhere makes a variant, with its padding and its byte count', () => {
      expect(classifyBase64('-_-_')).to.deep.equal({ kind: 'variant', urlSafe: true, padding: undefined, bytes: 3 });
      expect(classifyBase64('QUJ-')).to.deep.equal({ kind: 'variant', urlSafe: true, padding: undefined, bytes: 3 });
      expect(classifyBase64('Q_')).to.deep.equal({ kind: 'variant', urlSafe: true, padding: 'missing', bytes: 1 });
      expect(classifyBase64('Q_==')).to.deep.equal({ kind: 'variant', urlSafe: true, padding: undefined, bytes: 1 });
      expect(classifyBase64('Q_=')).to.deep.equal({ kind: 'variant', urlSafe: true, padding: 'wrong', bytes: 1 });
      expect(classifyBase64('QU_=')).to.deep.equal({ kind: 'variant', urlSafe: true, padding: undefined, bytes: 2 });
      expect(classifyBase64('QUJD-_==')).to.deep.equal({ kind: 'variant', urlSafe: true, padding: undefined, bytes: 4 });
      expect(classifyBase64('QUJD-_===')).to.deep.equal({ kind: 'variant', urlSafe: true, padding: 'extra', bytes: 4 });
      expect(classifyBase64('QUJD-_Q')).to.deep.equal({ kind: 'variant', urlSafe: true, padding: 'missing', bytes: 5 });
    });
  });

  describe('decodeBase64', () => {
    it('the bytes, as Node.js decodes them: both alphabets, padding and white space ignored', () => {
      const bytes = (data: string) => [...(decodeBase64(data) ?? [])];
      expect(bytes('')).to.deep.equal([]);
      expect(bytes('QQ==')).to.deep.equal([65]);
      expect(bytes('QQ')).to.deep.equal([65]);
      expect(bytes('QUI=')).to.deep.equal([65, 66]);
      expect(bytes('QUJD')).to.deep.equal([65, 66, 67]);
      expect(bytes('QU\n JD')).to.deep.equal([65, 66, 67]);
      expect(bytes('+/+/')).to.deep.equal([251, 255, 191]);
      expect(bytes('-_-_')).to.deep.equal([251, 255, 191]);
      expect(bytes('AAEC')).to.deep.equal([0, 1, 2]);
      expect(bytes('QQ===')).to.deep.equal([65]);
      expect(decodeBase64('Q')).to.equal(undefined);
      expect(decodeBase64('QU!D')).to.equal(undefined);
      expect(Buffer.from(decodeBase64(Buffer.from('héllo ✓').toString('base64')) ?? []).toString('utf8')).to.equal('héllo ✓');
    });
  });

  describe('decodeBase64Text', () => {
    const text = (codes: number[]) => decodeBase64Text(Buffer.from(String.fromCharCode(...codes), 'utf8').toString('base64'));

    it('tab, line feed, vertical tab, form feed and carriage return are text; the other control characters are not', () => {
      for (const c of [9, 10, 11, 12, 13, 32, 126, 127, 0xe9]) expect(text([65, c]), `code ${c}`).to.equal(`A${String.fromCharCode(c)}`);
      for (const c of [0, 1, 8, 14, 15, 31]) expect(text([65, c]), `code ${c}`).to.equal(undefined);
    });

    it('bytes that are no UTF-8 (a replacement character once decoded) are not text; so is the replacement character itself', () => {
      expect(decodeBase64Text(Buffer.from([0x41, 0xff, 0x42]).toString('base64'))).to.equal(undefined);
      expect(decodeBase64Text(Buffer.from('A\ufffdB', 'utf8').toString('base64'))).to.equal(undefined);
      expect(decodeBase64Text(Buffer.from('A\ufffcB', 'utf8').toString('base64'))).to.equal('A\ufffcB');
      expect(decodeBase64Text('')).to.equal('');
      expect(decodeBase64Text('QU!D')).to.equal(undefined);
    });
  });

  it('encodes as Node.js does, for each length modulo 3; counts UTF-8 bytes', () => {
    for (const s of ['', 'A', 'AB', 'ABC', 'ABCD', '\u00ff\u00fe', '✓✓', '🚀']) expect(encodeBase64(s), s).to.equal(Buffer.from(s, 'utf8').toString('base64'));
    expect(encodeBase64('A')).to.equal('QQ==');
    expect(encodeBase64('AB')).to.equal('QUI=');
    expect(encodeBase64('\u00ff\u00ff\u00ff')).to.equal('w7/Dv8O/');
    expect([utf8Length(''), utf8Length('a'), utf8Length('é'), utf8Length('✓'), utf8Length('🚀')]).to.deep.equal([0, 1, 2, 3, 4]);
  });
});
