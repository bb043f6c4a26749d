/**
 * The cryptography of a SOPS file (core/sops/cipher.ts), against independent references: Node's own AES-256-GCM
 * (createCipheriv, with sops' 32-byte IVs) and SHA-512, the age library for the data key, and the values and MAC of
 * the file written by the real sops 3.8.1 (skipped where ../shared is not beside the repository).
 */
import { expect } from 'chai';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseYaml } from '../../../core/parse/yaml';
import { computeMac, decryptValue, encryptValue, importDataKey, randomBytes, unwrapDataKey, wrapDataKey, type DataKey } from '../../../core/sops/cipher';
import { formatEncrypted, parseEncrypted, type EncryptedValue, type TypedValue } from '../../../core/sops/envelope';
import { readSopsMetadata } from '../../../core/sops/metadata';
import { ROOT } from '../../helpers/paths';

const KEY = Uint8Array.from({ length: 32 }, (_, i) => (i * 7 + 3) % 256);
const IV = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);

/** Node's AES-256-GCM with a 32-byte IV, as sops uses it: the reference the WebCrypto code must agree with. */
function nodeEncrypt(plain: Uint8Array | string, additionalData: string, iv: Uint8Array = IV, key: Uint8Array = KEY): { data: Buffer; tag: Buffer } {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(additionalData, 'utf8'));
  const data = Buffer.concat([cipher.update(typeof plain === 'string' ? Buffer.from(plain, 'utf8') : plain), cipher.final()]);
  return { data, tag: cipher.getAuthTag() };
}

function nodeDecrypt(e: EncryptedValue, additionalData: string, key: Uint8Array = KEY): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(e.iv, 'base64'));
  decipher.setAAD(Buffer.from(additionalData, 'utf8'));
  decipher.setAuthTag(Buffer.from(e.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(e.data, 'base64')), decipher.final()]).toString('utf8');
}

function envelope(plain: Uint8Array | string, additionalData: string, type: EncryptedValue['type'] = 'str'): EncryptedValue {
  const { data, tag } = nodeEncrypt(plain, additionalData);
  return { data: data.toString('base64'), iv: Buffer.from(IV).toString('base64'), tag: tag.toString('base64'), type };
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(Error);
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('SOPS cipher', () => {
  let key: DataKey;
  before(async () => {
    key = await importDataKey(KEY);
  });

  describe('WebCrypto', () => {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
    const withCrypto = async (value: unknown, run: () => Promise<void>): Promise<void> => {
      Object.defineProperty(globalThis, 'crypto', { value, configurable: true, writable: true });
      try {
        await run();
      } finally {
        if (descriptor) Object.defineProperty(globalThis, 'crypto', descriptor);
      }
    };
    const message = 'WebCrypto (crypto.subtle) is not available here.';

    it('says so when there is no crypto at all, or no crypto.subtle', async () => {
      for (const crypto of [undefined, {}]) {
        await withCrypto(crypto, async () => {
          expect(() => importDataKey(KEY)).to.throw(Error, message);
          expect((await rejection(computeMac([], false))).message).to.equal(message);
          expect((await rejection(encryptValue(key, { type: 'str', text: 'x' }, 'a:'))).message).to.equal(message);
          expect((await rejection(decryptValue(key, envelope('x', 'a:'), 'a:'))).message).to.equal(message);
        });
      }
      expect(globalThis.crypto.subtle).to.not.equal(undefined);
    });
  });

  describe('randomBytes', () => {
    it('gives as many bytes as asked, fresh each time', () => {
      const a = randomBytes(32);
      const b = randomBytes(32);
      expect(a).to.be.instanceOf(Uint8Array);
      expect(a.length).to.equal(32);
      expect(randomBytes(0).length).to.equal(0);
      expect(randomBytes(5).length).to.equal(5);
      expect(Buffer.from(a).equals(Buffer.from(b))).to.equal(false);
      expect(a.some((x) => x !== 0)).to.equal(true);
    });
  });

  describe('importDataKey', () => {
    it('is an AES-256-GCM key for encrypting and decrypting that cannot be read back', async () => {
      expect(key.type).to.equal('secret');
      expect(key.algorithm).to.deep.include({ name: 'AES-GCM', length: 256 });
      expect([...key.usages].sort()).to.deep.equal(['decrypt', 'encrypt']);
      expect(key.extractable).to.equal(false);
      expect((await rejection(globalThis.crypto.subtle.exportKey('raw', key))).name).to.match(/^InvalidAccess/);
    });

    it('refuses a key of a length AES has not', async () => {
      expect((await rejection(Promise.resolve().then(() => importDataKey(new Uint8Array(31))))).name).to.equal('DataError');
    });
  });

  describe('decryptValue', () => {
    it('decrypts what Node encrypts with a 32-byte IV and the additional data, keeping the type', async () => {
      expect(await decryptValue(key, envelope('this is a secret', 'secrets:variables:DB_PASSWORD:'), 'secrets:variables:DB_PASSWORD:'))
        .to.deep.equal({ type: 'str', text: 'this is a secret' });
      expect(await decryptValue(key, envelope('7', 'int:', 'int'), 'int:')).to.deep.equal({ type: 'int', text: '7' });
      expect(await decryptValue(key, envelope('True', 'b:', 'bool'), 'b:')).to.deep.equal({ type: 'bool', text: 'True' });
      expect(await decryptValue(key, envelope('héllo ✓ 🚀', ''), '')).to.deep.equal({ type: 'str', text: 'héllo ✓ 🚀' });
      expect(await decryptValue(key, envelope(' a comment', 'a:', 'comment'), 'a:')).to.deep.equal({ type: 'comment', text: ' a comment' });
    });

    it('decrypts an empty text (data: empty, the tag alone)', async () => {
      const e = envelope('', 'k:');
      expect(e.data).to.equal('');
      expect(await decryptValue(key, e, 'k:')).to.deep.equal({ type: 'str', text: '' });
    });

    it('refuses other additional data: a value moved to another key', async () => {
      const e = envelope('secret', 'a:b:');
      for (const other of ['a:c:', 'a:b', 'a:', '', 'A:B:']) {
        expect((await rejection(decryptValue(key, e, other))).name, other).to.equal('OperationError');
      }
    });

    it('refuses a changed ciphertext, a changed tag, a changed IV and another key', async () => {
      const e = envelope('secret value', 's:');
      const flip = (b64: string): string => {
        const bytes = Buffer.from(b64, 'base64');
        bytes[0] ^= 1;
        return bytes.toString('base64');
      };
      const otherKey = await importDataKey(new Uint8Array(32));
      for (const [what, p] of [
        ['data', decryptValue(key, { ...e, data: flip(e.data) }, 's:')],
        ['tag', decryptValue(key, { ...e, tag: flip(e.tag) }, 's:')],
        ['iv', decryptValue(key, { ...e, iv: flip(e.iv) }, 's:')],
        ['key', decryptValue(otherKey, e, 's:')],
      ] as const) {
        expect((await rejection(p)).name, what).to.equal('OperationError');
      }
    });

    it('refuses an IV of the usual 12 bytes, or of 16, where sops wrote 32', async () => {
      const e = envelope('secret', 's:');
      for (const n of [12, 16]) {
        const iv = Buffer.from(IV.subarray(0, n)).toString('base64');
        expect((await rejection(decryptValue(key, { ...e, iv }, 's:'))).name, `${n} bytes`).to.equal('OperationError');
      }
    });

    it('refuses a tag shorter than 16 bytes, and an empty one', async () => {
      const e = envelope('a longer secret value', 's:');
      const tag = Buffer.from(e.tag, 'base64');
      for (const n of [0, 4, 12, 15]) {
        expect((await rejection(decryptValue(key, { ...e, tag: tag.subarray(0, n).toString('base64') }, 's:'))).name, `${n} bytes`).to.equal('OperationError');
      }
      // Too short even to hold a tag: data and tag together under 16 bytes.
      expect((await rejection(decryptValue(key, { ...envelope('', 's:'), tag: 'AAAA' }, 's:'))).name).to.equal('OperationError');
    });

    it('refuses base64 that does not decode, in each field', async () => {
      const e = envelope('secret', 's:');
      for (const field of ['data', 'iv', 'tag'] as const) {
        expect((await rejection(decryptValue(key, { ...e, [field]: 'A' }, 's:'))).name, field).to.equal('InvalidCharacterError');
      }
    });

    it('refuses a plaintext that is not UTF-8 (the wrong bytes are never shown as text)', async () => {
      const e = envelope(new Uint8Array([0x61, 0xff, 0xfe]), 's:');
      const error = await rejection(decryptValue(key, e, 's:'));
      expect(error).to.be.instanceOf(TypeError);
    });
  });

  describe('encryptValue', () => {
    it('writes an ENC[...] with a fresh 32-byte IV and a 16-byte tag that Node decrypts', async () => {
      const text = 'postgres://user:pass@db/app ✓';
      const enc = await encryptValue(key, { type: 'str', text }, 'secrets:variables:DB_URL:');
      const e = parseEncrypted(enc);
      expect(e, enc).to.not.equal(undefined);
      if (!e) return;
      expect(enc).to.equal(formatEncrypted(e));
      expect(e.type).to.equal('str');
      expect(Buffer.from(e.iv, 'base64').length).to.equal(32);
      expect(Buffer.from(e.tag, 'base64').length).to.equal(16);
      expect(Buffer.from(e.data, 'base64').length).to.equal(Buffer.byteLength(text));
      expect(nodeDecrypt(e, 'secrets:variables:DB_URL:')).to.equal(text);
      expect(() => nodeDecrypt(e, 'secrets:variables:DB_URL')).to.throw();
      expect(await decryptValue(key, e, 'secrets:variables:DB_URL:')).to.deep.equal({ type: 'str', text });
    });

    it('never reuses an IV: the same value twice is two ciphertexts', async () => {
      const v: TypedValue = { type: 'int', text: '42' };
      const a = parseEncrypted(await encryptValue(key, v, 'n:'));
      const b = parseEncrypted(await encryptValue(key, v, 'n:'));
      expect(a?.iv).to.not.equal(b?.iv);
      expect(a?.data).to.not.equal(b?.data);
      expect(a?.type).to.equal('int');
    });

    it("writes the value's type, or the type it is given", async () => {
      for (const type of ['str', 'int', 'float', 'bool', 'bytes'] as const) {
        expect(parseEncrypted(await encryptValue(key, { type, text: '1' }, 'k:'))?.type).to.equal(type);
      }
      const comment = parseEncrypted(await encryptValue(key, { type: 'str', text: ' note' }, 'k:', 'comment'));
      expect(comment?.type).to.equal('comment');
      if (comment) expect(nodeDecrypt(comment, 'k:')).to.equal(' note');
    });

    it('encrypts an empty text to empty data and a tag', async () => {
      const e = parseEncrypted(await encryptValue(key, { type: 'str', text: '' }, ''));
      expect(e?.data).to.equal('');
      expect(Buffer.from(e?.tag ?? '', 'base64').length).to.equal(16);
      if (e) expect(nodeDecrypt(e, '')).to.equal('');
    });
  });

  describe('computeMac', () => {
    const sha512 = (...parts: (Buffer | string)[]): string => createHash('sha512').update(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)))).digest('hex').toUpperCase();
    const sopsPrefix = createHash('sha256').update('sops').digest();
    const values: TypedValue[] = [{ type: 'str', text: 'this is a secret' }, { type: 'int', text: '7' }, { type: 'bool', text: 'True' }, { type: 'str', text: 'héllo' }];

    it('is upper-case hex SHA-512 over the values without separators', async () => {
      const mac = await computeMac(values, false);
      expect(mac).to.equal(sha512('this is a secret', '7', 'True', 'héllo'));
      expect(mac).to.match(/^[0-9A-F]{128}$/);
    });

    it('keeps the leading zero of every byte (an input whose hash has bytes under 0x10)', async () => {
      const mac = await computeMac([{ type: 'str', text: 'a' }], false);
      const reference = sha512('a');
      expect(reference.match(/../g)?.some((b) => b.startsWith('0'))).to.equal(true);
      expect(mac).to.equal(reference);
    });

    it('of no value is the hash of nothing', async () => {
      expect(await computeMac([], false)).to.equal(sha512(''));
    });

    it('mac_only_encrypted: the stream starts with SHA-256("sops")', async () => {
      expect(await computeMac(values, true)).to.equal(sha512(sopsPrefix, 'this is a secret', '7', 'True', 'héllo'));
      expect(await computeMac([], true)).to.equal(sha512(sopsPrefix));
      expect(await computeMac([], true)).to.not.equal(await computeMac([], false));
    });

    it('depends on the order of the values', async () => {
      const a: TypedValue = { type: 'str', text: 'one' };
      const b: TypedValue = { type: 'str', text: 'two' };
      expect(await computeMac([a, b], false)).to.not.equal(await computeMac([b, a], false));
    });
  });

  describe('the data key for age recipients', () => {
    let identities: string[];
    let recipients: string[];
    const dataKey = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
    before(async () => {
      identities = [await generateIdentity(), await generateIdentity(), await generateIdentity()];
      recipients = await Promise.all(identities.map((i) => identityToRecipient(i)));
    });

    it('wraps the key once per recipient, in order, as armoured age files', async () => {
      const stanzas = await wrapDataKey(dataKey, recipients.slice(0, 2));
      expect(stanzas.map((s) => s.recipient)).to.deep.equal(recipients.slice(0, 2));
      for (const s of stanzas) {
        expect(s.enc.startsWith('-----BEGIN AGE ENCRYPTED FILE-----\n')).to.equal(true);
        expect(s.enc.endsWith('-----END AGE ENCRYPTED FILE-----\n')).to.equal(true);
      }
      expect(stanzas[0].enc).to.not.equal(stanzas[1].enc);
      // Each stanza opens with its own identity only.
      expect(await unwrapDataKey([stanzas[0]], [identities[0]])).to.deep.equal(dataKey);
      expect(await unwrapDataKey([stanzas[1]], [identities[1]])).to.deep.equal(dataKey);
      expect(await unwrapDataKey([stanzas[0]], [identities[1]])).to.equal(undefined);
      expect(await wrapDataKey(dataKey, [])).to.deep.equal([]);
    });

    it('names a recipient that is not one by its place, never by its text', async () => {
      const bad = await rejection(wrapDataKey(dataKey, [recipients[0], 'age1short', recipients[1]]));
      expect(bad.message).to.equal('recipient 2 of 3: invalid data length');
      const secret = identities[2];
      const leaked = await rejection(wrapDataKey(dataKey, [secret]));
      expect(leaked.message).to.equal('recipient 1 of 1: unrecognized recipient type');
      expect(leaked.message).to.not.include(secret.slice(16));
    });

    it('unwraps with no identity to nothing', async () => {
      const stanzas = await wrapDataKey(dataKey, [recipients[0]]);
      expect(await unwrapDataKey(stanzas, [])).to.equal(undefined);
      expect(await unwrapDataKey([], identities)).to.equal(undefined);
    });

    it('tries every stanza with every identity it holds', async () => {
      const stanzas = await wrapDataKey(dataKey, [recipients[0], recipients[1]]);
      expect(await unwrapDataKey(stanzas, [identities[1]])).to.deep.equal(dataKey);
      expect(await unwrapDataKey(stanzas, [identities[2], identities[1]])).to.deep.equal(dataKey);
      expect(await unwrapDataKey(stanzas, [identities[2]])).to.equal(undefined);
    });

    it('skips a stanza whose armour does not read, and one that is not for its identities', async () => {
      const [good] = await wrapDataKey(dataKey, [recipients[0]]);
      const [other] = await wrapDataKey(dataKey, [recipients[2]]);
      const broken = { recipient: recipients[0], enc: 'not armour' };
      const truncated = { recipient: recipients[0], enc: good.enc.slice(0, 60) };
      expect(await unwrapDataKey([broken, truncated, other, good], [identities[0]])).to.deep.equal(dataKey);
      expect(await unwrapDataKey([broken, truncated, other], [identities[0]])).to.equal(undefined);
    });

    it('takes only a 32-byte key: a stanza holding another length is passed over', async () => {
      const [short] = await wrapDataKey(new Uint8Array(16).fill(9), [recipients[0]]);
      const [long] = await wrapDataKey(new Uint8Array(33).fill(9), [recipients[0]]);
      const [good] = await wrapDataKey(dataKey, [recipients[0]]);
      expect(await unwrapDataKey([short], [identities[0]])).to.equal(undefined);
      expect(await unwrapDataKey([long], [identities[0]])).to.equal(undefined);
      expect(await unwrapDataKey([short, long, good], [identities[0]])).to.deep.equal(dataKey);
    });
  });

  describe('against the file written by sops 3.8.1', function () {
    const dir = process.env.SECRETDEF_SOPS_FIXTURE ?? path.resolve(ROOT, '..', 'shared', 'fixtures', 'sops');
    const present = existsSync(path.join(dir, 'secret.enc.yaml')) && existsSync(path.join(dir, 'key.txt'));
    before(function () {
      if (!present) this.skip();
    });

    it('opens its data key, decrypts its values and its MAC, and computes the same MAC', async () => {
      const text = readFileSync(path.join(dir, 'secret.enc.yaml'), 'utf8');
      const identity = readFileSync(path.join(dir, 'key.txt'), 'utf8').split('\n').find((l) => l.startsWith('AGE-SECRET-KEY-1')) as string;
      const meta = readSopsMetadata(parseYaml(text).root);
      expect(meta).to.not.equal(undefined);
      if (!meta?.mac || !meta.lastmodified) return;
      const raw = await unwrapDataKey(meta.age, [identity]);
      expect(raw?.length).to.equal(32);
      if (!raw) return;
      const fileKey = await importDataKey(raw);
      const value = (line: string): EncryptedValue => parseEncrypted(/ENC\[[^\]]*\]/.exec(text.split('\n').find((l) => l.startsWith(line)) ?? '')?.[0]) as EncryptedValue;
      const decrypted = [
        await decryptValue(fileKey, value('secret:'), 'secret:'),
        await decryptValue(fileKey, value('string:'), 'string:'),
        await decryptValue(fileKey, value('int:'), 'int:'),
        await decryptValue(fileKey, value('float:'), 'float:'),
        await decryptValue(fileKey, value('boolean:'), 'boolean:'),
        await decryptValue(fileKey, value('  value:'), 'complex:value:'),
        await decryptValue(fileKey, value('    - ENC[AES256_GCM,data:dDBg'), 'complex:array:'),
        await decryptValue(fileKey, value('    - ENC[AES256_GCM,data:SBYe'), 'complex:array:'),
        await decryptValue(fileKey, value('    - ENC[AES256_GCM,data:U5Qg'), 'complex:array:'),
      ];
      expect(decrypted).to.deep.equal([
        { type: 'str', text: 'this is a secret' }, { type: 'str', text: 'string' }, { type: 'int', text: '7' },
        { type: 'float', text: '3.14' }, { type: 'bool', text: 'True' }, { type: 'str', text: 'this is a secret' },
        { type: 'str', text: 'one' }, { type: 'str', text: 'two' }, { type: 'str', text: 'three' },
      ]);
      const stored = parseEncrypted(meta.mac);
      expect(stored).to.not.equal(undefined);
      if (!stored) return;
      const mac = await decryptValue(fileKey, stored, meta.lastmodified);
      expect(mac.text).to.equal(await computeMac(decrypted, false));
    });
  });
});
