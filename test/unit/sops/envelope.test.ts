/**
 * The plain-text parts of a SOPS file (core/sops/envelope.ts): the `ENC[...]` envelope read and written field by
 * field, and every value as the bytes sops encrypts and hashes (Go's float and integer forms, yaml.v3's reading of
 * a plain scalar). Node's Buffer is the reference for the byte helpers.
 */
import { expect } from 'chai';
import {
  concatBytes, formatEncrypted, fromBase64, fromUtf8, goFloat, jsValue, looksEncrypted, parseEncrypted, toBase64,
  typedFromJs, typedFromYamlPlain, utf8, type EncryptedValue, type SopsType,
} from '../../../core/sops/envelope';

const DATA = 'ME9a8+qqBCwXn0eqF010rw==';
const IV = 'Zm9vL2JhcitxdXg9PT1pdjMyYnl0ZXNsb25nLi4uLi4=';
const TAG = 'u0WJLmqQ/cvXk+OVnnZ7Vw==';
const env = (fields: string) => `ENC[AES256_GCM,${fields}]`;
const good = (type: string) => env(`data:${DATA},iv:${IV},tag:${TAG},type:${type}`);

describe('SOPS envelope: ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]', () => {
  describe('looksEncrypted: the quick test before the pattern', () => {
    it('is true for any string that starts with "ENC[" and ends with "]", even an empty one', () => {
      expect(looksEncrypted(good('str'))).to.equal(true);
      expect(looksEncrypted('ENC[]')).to.equal(true);
      expect(looksEncrypted('ENC[not a value at all]')).to.equal(true);
    });

    it('is false without the opening, without the closing bracket, in another case, or for a non-string', () => {
      expect(looksEncrypted(`${good('str')} `)).to.equal(false);
      expect(looksEncrypted(` ${good('str')}`)).to.equal(false);
      expect(looksEncrypted('ENC[AES256_GCM,data:')).to.equal(false);
      expect(looksEncrypted('AES256_GCM,data:]')).to.equal(false);
      expect(looksEncrypted('enc[AES256_GCM]')).to.equal(false);
      expect(looksEncrypted('ENC(AES256_GCM)')).to.equal(false);
      expect(looksEncrypted('')).to.equal(false);
      for (const v of [undefined, null, 7, true, ['ENC[x]'], { v: 'ENC[x]' }]) expect(looksEncrypted(v), String(v)).to.equal(false);
    });
  });

  describe('parseEncrypted', () => {
    it('reads each field into its own part', () => {
      expect(parseEncrypted(good('str'))).to.deep.equal({ data: DATA, iv: IV, tag: TAG, type: 'str' });
    });

    for (const type of ['str', 'int', 'float', 'bool', 'comment', 'bytes'] as const) {
      it(`reads type:${type}`, () => {
        expect(parseEncrypted(good(type))).to.deep.equal({ data: DATA, iv: IV, tag: TAG, type });
      });
    }

    it('reads an empty data field (the ciphertext of an empty text), but never an empty iv or tag', () => {
      expect(parseEncrypted(env(`data:,iv:${IV},tag:${TAG},type:str`))).to.deep.equal({ data: '', iv: IV, tag: TAG, type: 'str' });
      expect(parseEncrypted(env(`data:${DATA},iv:,tag:${TAG},type:str`))).to.equal(undefined);
      expect(parseEncrypted(env(`data:${DATA},iv:${IV},tag:,type:str`))).to.equal(undefined);
    });

    it('reads every character of standard base64 (letters, digits, "+", "/", "=") in each field, one character too', () => {
      const all = 'ABCXYZabcxyz0189+/==';
      expect(parseEncrypted(env(`data:${all},iv:${all},tag:${all},type:int`))).to.deep.equal({ data: all, iv: all, tag: all, type: 'int' });
      expect(parseEncrypted(env('data:a,iv:b,tag:c,type:bool'))).to.deep.equal({ data: 'a', iv: 'b', tag: 'c', type: 'bool' });
      expect(parseEncrypted(env('data:+/,iv:/+,tag:==,type:float'))).to.deep.equal({ data: '+/', iv: '/+', tag: '==', type: 'float' });
    });

    it('does not check the lengths of the iv and the tag, nor the padding: decryption does (cipher.test.ts)', () => {
      expect(parseEncrypted(env('data:A,iv:AAAA,tag:AA==,type:str'))).to.deep.equal({ data: 'A', iv: 'AAAA', tag: 'AA==', type: 'str' });
    });

    const malformed: [string, string][] = [
      ['no data field', env(`iv:${IV},tag:${TAG},type:str`)],
      ['no iv field', env(`data:${DATA},tag:${TAG},type:str`)],
      ['no tag field', env(`data:${DATA},iv:${IV},type:str`)],
      ['no type field', env(`data:${DATA},iv:${IV},tag:${TAG}`)],
      ['an empty type', env(`data:${DATA},iv:${IV},tag:${TAG},type:`)],
      ['an unknown type', env(`data:${DATA},iv:${IV},tag:${TAG},type:string`)],
      ['a type in upper case', env(`data:${DATA},iv:${IV},tag:${TAG},type:STR`)],
      ['a type with more after it', env(`data:${DATA},iv:${IV},tag:${TAG},type:strx`)],
      ['an extra field at the end', env(`data:${DATA},iv:${IV},tag:${TAG},type:str,extra:AA==`)],
      ['an extra field in the middle', env(`data:${DATA},aad:AA==,iv:${IV},tag:${TAG},type:str`)],
      ['the fields in another order', env(`iv:${IV},data:${DATA},tag:${TAG},type:str`)],
      ['a field name in upper case', env(`DATA:${DATA},iv:${IV},tag:${TAG},type:str`)],
      ['a space after a comma', `ENC[AES256_GCM, data:${DATA},iv:${IV},tag:${TAG},type:str]`],
      ['another cipher', `ENC[AES128_GCM,data:${DATA},iv:${IV},tag:${TAG},type:str]`],
      ['no cipher', `ENC[data:${DATA},iv:${IV},tag:${TAG},type:str]`],
      ['url-safe base64 in data ("-")', env(`data:ab-c,iv:${IV},tag:${TAG},type:str`)],
      ['url-safe base64 in iv ("_")', env(`data:${DATA},iv:ab_c,tag:${TAG},type:str`)],
      ['a character that is not base64 in tag ("!")', env(`data:${DATA},iv:${IV},tag:ab!c,type:str`)],
      ['a space inside data', env(`data:ab c,iv:${IV},tag:${TAG},type:str`)],
      ['a line break inside iv', env(`data:${DATA},iv:ab\ncd,tag:${TAG},type:str`)],
      ['a character after the closing bracket', `${good('str')}x`],
      ['a second closing bracket', `${good('str')}]`],
      ['a valid envelope inside another', `ENC[x ${good('str')}`],
      ['text before the envelope', `x${good('str')}`],
      ['no closing bracket', good('str').slice(0, -1)],
      ['the empty envelope', 'ENC[]'],
    ];
    for (const [what, text] of malformed) {
      it(`is undefined for ${what}`, () => {
        expect(parseEncrypted(text)).to.equal(undefined);
      });
    }

    it('is undefined for a value that is not a string', () => {
      for (const v of [undefined, null, 0, false, { data: DATA }]) expect(parseEncrypted(v)).to.equal(undefined);
    });
  });

  describe('formatEncrypted', () => {
    it('writes the fields in sops order', () => {
      const e: EncryptedValue = { data: 'ZGF0YQ==', iv: 'aXY=', tag: 'dGFn', type: 'float' };
      expect(formatEncrypted(e)).to.equal('ENC[AES256_GCM,data:ZGF0YQ==,iv:aXY=,tag:dGFn,type:float]');
    });

    for (const type of ['str', 'int', 'float', 'bool', 'comment', 'bytes'] as SopsType[]) {
      it(`reads back what it wrote (type:${type})`, () => {
        const e: EncryptedValue = { data: DATA, iv: IV, tag: TAG, type };
        expect(formatEncrypted(e)).to.equal(good(type));
        expect(parseEncrypted(formatEncrypted(e))).to.deep.equal(e);
      });
    }
  });
});

describe('SOPS values as JavaScript values and as bytes', () => {
  describe('jsValue', () => {
    it('int and float are numbers', () => {
      expect(jsValue({ type: 'int', text: '7' })).to.equal(7);
      expect(jsValue({ type: 'int', text: '-42' })).to.equal(-42);
      expect(jsValue({ type: 'float', text: '3.14' })).to.equal(3.14);
      expect(jsValue({ type: 'float', text: '1000000000000000000000' })).to.equal(1e21);
    });

    it('bool is true for "True" (as sops writes it) and "true", false otherwise', () => {
      expect(jsValue({ type: 'bool', text: 'True' })).to.equal(true);
      expect(jsValue({ type: 'bool', text: 'true' })).to.equal(true);
      expect(jsValue({ type: 'bool', text: 'False' })).to.equal(false);
      expect(jsValue({ type: 'bool', text: 'false' })).to.equal(false);
    });

    it('str, comment and bytes are their text, even when it reads as a number or a boolean', () => {
      expect(jsValue({ type: 'str', text: '7' })).to.equal('7');
      expect(jsValue({ type: 'str', text: 'True' })).to.equal('True');
      expect(jsValue({ type: 'comment', text: ' a comment' })).to.equal(' a comment');
      expect(jsValue({ type: 'bytes', text: '3.5' })).to.equal('3.5');
    });
  });

  describe("goFloat: Go's FormatFloat(f, 'f', -1, 64)", () => {
    const cases: [number, string][] = [
      [0, '0'], [1, '1'], [-1, '-1'], [3.14, '3.14'], [-2.5, '-2.5'], [0.000001, '0.000001'], [123456789.125, '123456789.125'],
      [1e20, '100000000000000000000'],
      [1e21, '1000000000000000000000'], [-1e21, '-1000000000000000000000'],
      [1.5e21, '1500000000000000000000'], [1.2345678901234566e25, '12345678901234566000000000'],
      [-9.87e30, '-9870000000000000000000000000000'],
      [1e-7, '0.0000001'], [-1e-7, '-0.0000001'], [1.5e-7, '0.00000015'], [-2.25e-10, '-0.000000000225'],
      [5e-324, `0.${'0'.repeat(323)}5`],
      [Number.MAX_SAFE_INTEGER + 2, '9007199254740992'],
      [2 ** 63, '9223372036854776000'],
    ];
    for (const [n, text] of cases) {
      it(`${String(n)} → ${text.length > 40 ? `${text.slice(0, 20)}…` : text}`, () => {
        expect(goFloat(n)).to.equal(text);
      });
    }

    it('NaN, the infinities and negative zero as Go writes them', () => {
      expect(goFloat(NaN)).to.equal('NaN');
      expect(goFloat(Infinity)).to.equal('+Inf');
      expect(goFloat(-Infinity)).to.equal('-Inf');
      expect(goFloat(-0)).to.equal('-0');
    });
  });

  describe('typedFromJs: a JSON or YAML tree value as sops types it', () => {
    it('null and undefined are skipped', () => {
      expect(typedFromJs(null)).to.equal(undefined);
      expect(typedFromJs(undefined)).to.equal(undefined);
      expect(typedFromJs(null, true)).to.equal(undefined);
    });

    it('booleans are True and False', () => {
      expect(typedFromJs(true)).to.deep.equal({ type: 'bool', text: 'True' });
      expect(typedFromJs(false)).to.deep.equal({ type: 'bool', text: 'False' });
    });

    it('an integer is an int in decimal, without an exponent however large', () => {
      expect(typedFromJs(7)).to.deep.equal({ type: 'int', text: '7' });
      expect(typedFromJs(-7)).to.deep.equal({ type: 'int', text: '-7' });
      expect(typedFromJs(0)).to.deep.equal({ type: 'int', text: '0' });
      expect(typedFromJs(1e21)).to.deep.equal({ type: 'int', text: '1000000000000000000000' });
    });

    it('a fraction is a float in Go form', () => {
      expect(typedFromJs(3.14)).to.deep.equal({ type: 'float', text: '3.14' });
      expect(typedFromJs(1e-7)).to.deep.equal({ type: 'float', text: '0.0000001' });
      expect(typedFromJs(NaN)).to.deep.equal({ type: 'float', text: 'NaN' });
      expect(typedFromJs(-Infinity)).to.deep.equal({ type: 'float', text: '-Inf' });
    });

    it('the integer hint: false makes an integer a float (JSON "7.0"); true cannot make a fraction an int', () => {
      expect(typedFromJs(7, false)).to.deep.equal({ type: 'float', text: '7' });
      expect(typedFromJs(1e21, false)).to.deep.equal({ type: 'float', text: '1000000000000000000000' });
      expect(typedFromJs(7, true)).to.deep.equal({ type: 'int', text: '7' });
      expect(typedFromJs(2.5, true)).to.deep.equal({ type: 'float', text: '2.5' });
    });

    it('anything else is a str of its text', () => {
      expect(typedFromJs('hello')).to.deep.equal({ type: 'str', text: 'hello' });
      expect(typedFromJs('')).to.deep.equal({ type: 'str', text: '' });
      expect(typedFromJs('7')).to.deep.equal({ type: 'str', text: '7' });
      expect(typedFromJs(12n)).to.deep.equal({ type: 'str', text: '12' });
    });
  });

  describe("typedFromYamlPlain: a plain scalar as Go's yaml.v3 reads it", () => {
    const cases: [string, { type: SopsType; text: string } | undefined][] = [
      // null
      ['', undefined], ['~', undefined], ['null', undefined], ['Null', undefined], ['NULL', undefined],
      ['nULL', { type: 'str', text: 'nULL' }], ['nul', { type: 'str', text: 'nul' }], ['~~', { type: 'str', text: '~~' }],
      ['null!', { type: 'str', text: 'null!' }], ['a null', { type: 'str', text: 'a null' }],
      // booleans: YAML 1.2 spellings only
      ['true', { type: 'bool', text: 'True' }], ['True', { type: 'bool', text: 'True' }], ['TRUE', { type: 'bool', text: 'True' }],
      ['false', { type: 'bool', text: 'False' }], ['False', { type: 'bool', text: 'False' }], ['FALSE', { type: 'bool', text: 'False' }],
      ['tRUE', { type: 'str', text: 'tRUE' }], ['fALSE', { type: 'str', text: 'fALSE' }], ['yes', { type: 'str', text: 'yes' }],
      ['off', { type: 'str', text: 'off' }], ['truex', { type: 'str', text: 'truex' }], ['xfalse', { type: 'str', text: 'xfalse' }],
      // special floats
      ['.inf', { type: 'float', text: '+Inf' }], ['.Inf', { type: 'float', text: '+Inf' }], ['.INF', { type: 'float', text: '+Inf' }],
      ['+.inf', { type: 'float', text: '+Inf' }], ['+.Inf', { type: 'float', text: '+Inf' }], ['+.INF', { type: 'float', text: '+Inf' }],
      ['-.inf', { type: 'float', text: '-Inf' }], ['-.Inf', { type: 'float', text: '-Inf' }], ['-.INF', { type: 'float', text: '-Inf' }],
      ['.nan', { type: 'float', text: 'NaN' }], ['.NaN', { type: 'float', text: 'NaN' }], ['.NAN', { type: 'float', text: 'NaN' }],
      ['.iNf', { type: 'str', text: '.iNf' }], ['inf', { type: 'str', text: 'inf' }], ['-.nan', { type: 'str', text: '-.nan' }],
      // names of Object.prototype are not special floats
      ['toString', { type: 'str', text: 'toString' }], ['constructor', { type: 'str', text: 'constructor' }],
      ['__proto__', { type: 'str', text: '__proto__' }], ['hasOwnProperty', { type: 'str', text: 'hasOwnProperty' }],
      // decimal integers
      ['0', { type: 'int', text: '0' }], ['7', { type: 'int', text: '7' }], ['-7', { type: 'int', text: '-7' }], ['+7', { type: 'int', text: '7' }],
      ['1234567890', { type: 'int', text: '1234567890' }], ['-0', { type: 'int', text: '0' }],
      // underscores are removed first, every one of them
      ['1_000', { type: 'int', text: '1000' }], ['1_000_000', { type: 'int', text: '1000000' }], ['-1__2', { type: 'int', text: '-12' }],
      ['1_000.5', { type: 'float', text: '1000.5' }], ['0x_ff', { type: 'int', text: '255' }],
      // Go's prefixes, in either case, with a sign
      ['0x1F', { type: 'int', text: '31' }], ['0X1f', { type: 'int', text: '31' }], ['-0xff', { type: 'int', text: '-255' }],
      ['0o17', { type: 'int', text: '15' }], ['0O17', { type: 'int', text: '15' }], ['+0o17', { type: 'int', text: '15' }],
      ['0b101', { type: 'int', text: '5' }], ['0B101', { type: 'int', text: '5' }], ['-0b11', { type: 'int', text: '-3' }],
      // a leading zero is octal, as in Go
      ['0777', { type: 'int', text: '511' }], ['-0777', { type: 'int', text: '-511' }], ['00', { type: 'int', text: '0' }],
      ['010', { type: 'int', text: '8' }], ['100', { type: 'int', text: '100' }], ['10', { type: 'int', text: '10' }],
      // not Go integers: some are floats, the rest strings
      ['08', { type: 'float', text: '8' }], ['0789', { type: 'float', text: '789' }],
      ['0x', { type: 'str', text: '0x' }], ['0xG', { type: 'str', text: '0xG' }], ['0o8', { type: 'str', text: '0o8' }],
      ['0b2', { type: 'str', text: '0b2' }], ['0b', { type: 'str', text: '0b' }], ['1x', { type: 'str', text: '1x' }],
      ['- 1', { type: 'str', text: '- 1' }], ['--1', { type: 'str', text: '--1' }], ['1-', { type: 'str', text: '1-' }],
      // the limits of int64 and uint64; past them, floats
      ['-9223372036854775808', { type: 'int', text: '-9223372036854775808' }],
      ['-9223372036854775809', { type: 'float', text: '-9223372036854776000' }],
      ['9223372036854775807', { type: 'int', text: '9223372036854775807' }],
      ['18446744073709551615', { type: 'int', text: '18446744073709551615' }],
      ['18446744073709551616', { type: 'float', text: '18446744073709552000' }],
      ['0xFFFFFFFFFFFFFFFF', { type: 'int', text: '18446744073709551615' }],
      ['0x10000000000000000', { type: 'str', text: '0x10000000000000000' }],
      // floats
      ['3.14', { type: 'float', text: '3.14' }], ['-3.14', { type: 'float', text: '-3.14' }], ['+3.14', { type: 'float', text: '3.14' }],
      ['1.', { type: 'float', text: '1' }], ['1.0', { type: 'float', text: '1' }], ['.5', { type: 'float', text: '0.5' }],
      ['-.5', { type: 'float', text: '-0.5' }], ['+.5', { type: 'float', text: '0.5' }], ['12.50', { type: 'float', text: '12.5' }],
      ['1e3', { type: 'float', text: '1000' }], ['1E3', { type: 'float', text: '1000' }], ['1e+3', { type: 'float', text: '1000' }],
      ['1e-3', { type: 'float', text: '0.001' }], ['2.5e-7', { type: 'float', text: '0.00000025' }], ['1e21', { type: 'float', text: '1000000000000000000000' }],
      ['.5e1', { type: 'float', text: '5' }], ['1.5E+2', { type: 'float', text: '150' }],
      // not floats
      ['.', { type: 'str', text: '.' }], ['1.5.5', { type: 'str', text: '1.5.5' }], ['1e', { type: 'str', text: '1e' }],
      ['1e+', { type: 'str', text: '1e+' }], ['1e3.5', { type: 'str', text: '1e3.5' }], ['e3', { type: 'str', text: 'e3' }],
      ['.e3', { type: 'str', text: '.e3' }], ['1.5x', { type: 'str', text: '1.5x' }], ['x1.5', { type: 'str', text: 'x1.5' }],
      ['+', { type: 'str', text: '+' }], ['-', { type: 'str', text: '-' }], ['1.2.3', { type: 'str', text: '1.2.3' }],
      ['2024-03-25', { type: 'str', text: '2024-03-25' }], ['1:20', { type: 'str', text: '1:20' }],
      // strings keep their text exactly, underscores included
      ['hello_world', { type: 'str', text: 'hello_world' }], ['_1', { type: 'str', text: '_1' }], ['a b', { type: 'str', text: 'a b' }],
    ];
    for (const [source, expected] of cases) {
      it(`${JSON.stringify(source)} → ${expected ? `${expected.type} ${JSON.stringify(expected.text)}` : 'null (skipped)'}`, () => {
        expect(typedFromYamlPlain(source)).to.deep.equal(expected);
      });
    }
  });

  describe('bytes without Buffer', () => {
    const texts = ['', 'a', 'ab', 'abc', 'héllo wörld ✓ 🚀', 'line\r\nbreak\t\u0000'];

    it('utf8 and fromUtf8 are UTF-8 both ways', () => {
      for (const t of texts) {
        expect([...utf8(t)], t).to.deep.equal([...Buffer.from(t, 'utf8')]);
        expect(fromUtf8(utf8(t))).to.equal(t);
      }
    });

    it('fromUtf8 throws on bytes that are not UTF-8 (a value decrypted with the wrong bytes is never shown)', () => {
      expect(() => fromUtf8(new Uint8Array([0x61, 0xff, 0x62]))).to.throw(TypeError);
      expect(() => fromUtf8(new Uint8Array([0xc3]))).to.throw(TypeError);
    });

    it('toBase64 and fromBase64 agree with Buffer, for every length modulo 3 and past one chunk of 32 KiB', () => {
      const lengths = [0, 1, 2, 3, 4, 5, 31, 32, 0x8000 - 1, 0x8000, 0x8000 + 1, 2 * 0x8000 + 2];
      for (const n of lengths) {
        const bytes = new Uint8Array(n);
        for (let i = 0; i < n; i++) bytes[i] = (i * 131 + 7) % 256;
        const reference = Buffer.from(bytes).toString('base64');
        expect(toBase64(bytes), `${n} bytes`).to.equal(reference);
        const back = fromBase64(reference);
        expect(back).to.be.instanceOf(Uint8Array);
        expect(back.length, `${n} bytes`).to.equal(n);
        expect(Buffer.from(back).equals(Buffer.from(bytes)), `${n} bytes`).to.equal(true);
      }
    });

    it('every byte value survives base64', () => {
      const all = Uint8Array.from({ length: 256 }, (_, i) => i);
      expect(toBase64(all)).to.equal(Buffer.from(all).toString('base64'));
      expect([...fromBase64(toBase64(all))]).to.deep.equal([...all]);
    });

    it('fromBase64 throws on text that is not base64', () => {
      expect(() => fromBase64('A')).to.throw();
      expect(() => fromBase64('ab!c')).to.throw();
    });

    it('concatBytes joins the parts in order, empty parts included', () => {
      const out = concatBytes([new Uint8Array([1, 2]), new Uint8Array(0), new Uint8Array([3]), new Uint8Array([4, 5, 6])]);
      expect(out).to.be.instanceOf(Uint8Array);
      expect([...out]).to.deep.equal([1, 2, 3, 4, 5, 6]);
      expect(concatBytes([]).length).to.equal(0);
      expect([...concatBytes([new Uint8Array([9])])]).to.deep.equal([9]);
    });
  });
});
