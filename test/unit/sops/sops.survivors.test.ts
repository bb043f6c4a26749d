import { strict as assert } from 'node:assert';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { decryptSops, encryptSops, goRegExp, readSopsMetadata, reencryptSops, type EncryptionRule } from '../../../core/sops';
import { j, refusal, y } from './sources';

/**
 * What the SOPS reader and writer do in the corners the mutation run found untested (core/sops/**): a `sops` block
 * that is not the file's last property or not in block style, a JSON `sops` property first or after a missing
 * comma, values that read plain in a block mapping, block scalars that keep their blank lines, tagged nulls, rule
 * values that look like versions, the data key wiped once wrapped and never exportable, RE2's inline flags. Each
 * test names the mutant it kills (see test/MUTATION.md).
 */

/** Each ENC[...] as ENC[type] (its data, IV and tag are random). */
const typesOnly = (text: string) => text.replace(/ENC\[AES256_GCM,[^\]]*,type:(\w+)\]/g, 'ENC[$1]');

interface JsonFile {
  a: string;
  b_unencrypted: string;
  sops: Record<string, unknown>;
}

describe('SOPS reader and writer: the corners the mutation run found', () => {
  let identity: string;
  let recipient: string;
  /** `{"a": "x", "b_unencrypted": "w"}` encrypted, as an object (a's ENC[...], b's value in clear, the sops block), to
   * lay out anew: moving the block changes neither a value nor the MAC. */
  let file: JsonFile;
  before(async () => {
    identity = await generateIdentity();
    recipient = await identityToRecipient(identity);
    file = JSON.parse(await encryptSops(j('{"a": "x", "b_unencrypted": "w"}'), { recipients: [recipient] })) as JsonFile;
  });
  const decrypted = async (source: ReturnType<typeof y> | ReturnType<typeof j>) => (await decryptSops(source, [identity])).text;

  describe('decrypt: the sops block is cut from the plaintext, whatever its place and style', () => {
    // mutants (sopsBlockSpan): `if (source.syntax === 'yaml')` → `false`, and its block emptied (the JSON way: every
    // blank line after the block taken too)
    it('YAML, a block-style sops block between two keys: its lines go, the blank line after it stays', async () => {
      const encrypted = await encryptSops(y('a: x\nb: w\n'), { recipients: [recipient] });
      const [a, b, ...block] = encrypted.split('\n');
      assert.equal(await decrypted(y(`${a}\n${block.join('\n')}\n${b}\n`)), 'a: x\n\nb: w\n');
    });

    // mutants (sopsBlockSpan): `text[stop - 1] !== '\n'` → `false` and its block emptied (the line break kept);
    // `nl < 0 ? text.length : nl + 1` → `true ? …` (everything after the block cut), `nl - 1` (its last character kept);
    // `text.indexOf('\n', stop)` → `indexOf("", stop)` (one character taken, not the rest of the line)
    it('YAML, a flow-style sops block: its whole line goes, with a comment on it, and nothing after it', async () => {
      const sops = JSON.stringify(file.sops);
      assert.equal(await decrypted(y(`a: ${file.a}\nsops: ${sops}\nb_unencrypted: ${file.b_unencrypted}\n`)), 'a: x\nb_unencrypted: w\n');
      assert.equal(await decrypted(y(`a: ${file.a}\nsops: ${sops}  # the key\nb_unencrypted: ${file.b_unencrypted}\n`)), 'a: x\nb_unencrypted: w\n');
      assert.equal(await decrypted(y(`a: ${file.a}\nb_unencrypted: ${file.b_unencrypted}\nsops: ${sops}`)), 'a: x\nb_unencrypted: w\n');
    });

    // mutants (sopsBlockSpan): `text[start] !== '"' && text[start - 1] === '"'` → `… || …`, `true && …`, `!== ""`
    // (the closing quote of the value before the key taken with the block; a value left in clear, so that no edit of
    // a decrypted value covers that quote)
    it('JSON, the comma before "sops" missing: the value before it keeps its closing quote', async () => {
      assert.equal(await decrypted(j(`{"a": "${file.a}", "b_unencrypted": "${file.b_unencrypted}""sops": ${JSON.stringify(file.sops)}}`)), '{"a": "x", "b_unencrypted": "w"}');
    });
  });

  describe('re-encrypt: where the old block is taken from and put', () => {
    // mutants (reencryptSops, blockStart): `encrypted.syntax === 'json' && encrypted.text[p.keyOffset] !== '"' &&
    // encrypted.text[p.keyOffset - 1] === '"'` → `(… && …) || …`, `(… || …) && …`, `true && …`, `… && true && …`,
    // `!== ""` (the closing quote before the key taken into the block: `""sops": …`, not JSON)
    it('JSON, the comma before "sops" missing: the block is written from its key, the file reads again', async () => {
      const encrypted = `{"a": "${file.a}", "b_unencrypted": "${file.b_unencrypted}""sops": ${JSON.stringify(file.sops, null, 2)}}`;
      const saved = await reencryptSops(j(encrypted), [identity], j('{"a": "x", "b_unencrypted": "z"}'));
      assert.match(saved, /^\{"a": "ENC\[[^\]]+\]", "b_unencrypted": "z",\n {2}"sops": \{\n/);
      assert.deepEqual(Object.keys(JSON.parse(saved) as object), ['a', 'b_unencrypted', 'sops']);
      assert.equal(await decrypted(j(saved)), '{"a": "x", "b_unencrypted": "z"}');
    });

    // mutant (reencryptSops): `root.offset + 1` → `root.offset - 1` (the block put before the `{`: the same text when
    // the mapping starts the file, since `slice(0, -1)` then keeps the `{`)
    it('JSON, an edit that empties an indented mapping: the block goes inside its braces', async () => {
      const encrypted = await encryptSops(j('{"a": "x"}'), { recipients: [recipient] });
      const saved = await reencryptSops(j(encrypted), [identity], j(' {}'));
      assert.ok(saved.startsWith(' {\n  "sops": {\n'), saved.slice(0, 20));
      assert.ok(saved.endsWith('\n}'));
      assert.equal(await decrypted(j(saved)), ' {\n  }');
    });
  });

  // mutant (replaceScalar): `/\s*$/` → `/\s$/` (only the last line break kept: the blank lines `|+` keeps are lost)
  it('encrypt YAML: a block scalar that keeps its final blank lines (|+) keeps them in the layout', async () => {
    const encrypted = await encryptSops(y('block: |+\n  x\n\n\nb: w\n'), { recipients: [recipient] });
    assert.ok(typesOnly(encrypted).startsWith('block: ENC[str]\n\n\nb: ENC[str]\nsops:\n'), encrypted.slice(0, 40));
    assert.equal(await decrypted(y(encrypted)), 'block: "x\\n\\n\\n"\n\n\nb: w\n');
  });

  // mutant (clearValue): `if (node.type === 'null') return undefined` → `if (false)` (a quoted null read as the
  // string "null", then encrypted)
  it('encrypt YAML: a tagged null (!!null "") is left alone, as sops leaves nulls', async () => {
    const encrypted = await encryptSops(y('a: !!null ""\nb: x\n'), { recipients: [recipient] });
    assert.ok(typesOnly(encrypted).startsWith('a: !!null ""\nb: ENC[str]\nsops:\n'), encrypted.slice(0, 40));
    assert.equal(await decrypted(y(encrypted)), 'a: !!null ""\nb: x\n');
  });

  // mutants (yamlBlock): `\d+\.\d+\.\d+` → `\d\.\d+\.\d+`, `\d+\.\d+\.\d` (a version with a part of two digits quoted)
  it('encrypt YAML: a rule value that reads as a version is written plain (as yaml.v3 does), a number quoted', async () => {
    for (const [value, written] of [['10.0.0', '10.0.0'], ['1.2.34', '1.2.34'], ['1.2', '"1.2"']]) {
      const rule: EncryptionRule = { kind: 'encrypted_suffix', value };
      const encrypted = await encryptSops(y('a: x\n'), { recipients: [recipient], rule });
      assert.ok(encrypted.includes(`\n  encrypted_suffix: ${written}\n`), encrypted);
      assert.deepEqual(readSopsMetadata(y(encrypted).root)?.rule, rule);
    }
  });

  // mutant (encryptSops): `finally { raw.fill(0); }` emptied
  it('encrypt: the raw data key is wiped once wrapped for the recipients, and when a recipient is refused', async () => {
    const crypto = globalThis.crypto;
    const getRandomValues = crypto.getRandomValues;
    // randomBytes asks for a Uint8Array, and returns the one it gave.
    const filled: Uint8Array[] = [];
    const recording = (array: Uint8Array): Uint8Array => {
      filled.push(array);
      getRandomValues.call(crypto, array);
      return array;
    };
    Object.defineProperty(crypto, 'getRandomValues', { value: recording, configurable: true, writable: true });
    try {
      const encrypted = await encryptSops(y('a: x\n'), { recipients: [recipient] });
      // The data key is the first 32 random bytes asked for (the IVs come after it, and are written in the file).
      const key = filled[0];
      assert.equal(key.length, 32);
      assert.ok(key.every((byte) => byte === 0));
      assert.equal(await decrypted(y(encrypted)), 'a: x\n');
      filled.length = 0;
      await refusal(encryptSops(y('a: x\n'), { recipients: ['age1notarecipient'] }));
      assert.equal(filled[0].length, 32);
      assert.ok(filled[0].every((byte) => byte === 0));
    } finally {
      delete (crypto as { getRandomValues?: unknown }).getRandomValues;
    }
    assert.equal(crypto.getRandomValues, getRandomValues);
  });

  // mutant (importDataKey): `extractable: false` → `true`. The key is made in the test itself: a key made in a
  // `before` hook is not counted as the test's coverage, so the test of cipher.test.ts never ran against the mutant.
  it('decrypt: the data key it returns cannot be exported', async () => {
    const encrypted = await encryptSops(y('a: x\n'), { recipients: [recipient] });
    const { dataKey } = await decryptSops(y(encrypted), [identity]);
    assert.equal(dataKey.extractable, false);
    await assert.rejects(globalThis.crypto.subtle.exportKey('raw', dataKey), { name: /^InvalidAccess/ });
  });

  describe('goRegExp: RE2 inline flags', () => {
    // goRegExp keeps what it compiled for the life of the process, and Stryker runs every mutant in the process of
    // its first run: a pattern already compiled is never compiled again with the mutant. Each pattern here is new on
    // every run (an empty group repeated a new number of times, which matches nothing more).
    let runs = 0;
    const fresh = (pattern: string) => `${pattern}(?:){${++runs}}`;

    // mutants: `/^\(\?([ims]+)\)/` → `([ims])` (one flag only), `([^ims]+)`; `pattern.slice(m[0].length)` →
    // `pattern`; `[...new Set(m[1])]` → `[]`; `.join('')` → `.join("Stryker was here!")`
    it('two leading flags (?is) both apply', () => {
      const re = goRegExp(fresh('(?is)^a.b'));
      assert.equal(re.flags, 'is');
      assert.equal(re.test('A\nb'), true);
      assert.equal(re.test('A\nc'), false);
    });

    // mutant: `/^\(\?([ims]+)\)/` → `/\(\?([ims]+)\)/` (a `(?i)` further on read as flags, the pattern cut wrongly)
    it('(?i) inside a character class is four characters, not flags', () => {
      const re = goRegExp(fresh('^[(?i)]$'));
      assert.equal(re.flags, '');
      assert.deepEqual(['(', '?', 'i', ')', 'I'].map((c) => re.test(c)), [true, true, true, true, false]);
    });
  });
});
