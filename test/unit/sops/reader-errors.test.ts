import { expect } from 'chai';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { decryptSops, encryptSops, SopsError } from '../../../core/sops';
import { computeMac, encryptValue } from '../../../core/sops/cipher';
import { expectRefused, j, refusal, y } from './sources';

/**
 * Every way decryptSops refuses a file (core/sops/index.ts), each with its code and its whole message: not a
 * mapping, no sops block, a block without mac or lastmodified, no age stanza, no identity that opens it (0, 1, 2
 * identities, other key sources), a value that does not decrypt (named by its path), a value in clear that the rule
 * encrypts, each way the MAC does not verify. And what it accepts in clear: empty strings, nulls, values its rule
 * leaves alone (even one that looks encrypted).
 */



const NOT_A_MAPPING = 'The file is not a mapping of keys to values: there is nothing sops could encrypt.';
const NO_BLOCK = 'This file has no `sops` block: it is not encrypted.';
const DAMAGED = 'The `sops` block has no `mac` or no `lastmodified`: the file is damaged and cannot be verified.';
const MAC = 'The MAC of this file does not match its values: it was edited outside sops, or tampered with. Refused: nothing is used from it. If the change is yours, make it again with "Edit decrypted" (or `sops edit`).';
const tampered = (path: string) => `The value of ${path} does not decrypt with this file's key: it was changed by hand or the file is damaged. Refused: nothing is used from it.`;

/** A sops block with two age stanzas no identity opens. */
const STANZAS = '  age:\n    - recipient: age1one\n      enc: not armour\n    - recipient: age1two\n      enc: not armour either\n';
const STAMP = '  lastmodified: "2025-01-02T03:04:05Z"\n  mac: M\n';

describe('SOPS reader: what decryptSops refuses, word for word', () => {
  let identity: string;
  let recipient: string;
  let otherIdentity: string;
  before(async () => {
    identity = await generateIdentity();
    recipient = await identityToRecipient(identity);
    otherIdentity = await generateIdentity();
  });

  it('SopsError: its name, code and message', () => {
    const e = new SopsError('tampered', 'words');
    expect(e).to.be.instanceOf(Error);
    expect([e.name, e.code, e.message]).to.deep.equal(['SopsError', 'tampered', 'words']);
  });

  it('a root that is not a mapping (a list, a scalar, nothing, a JSON array): invalid', async () => {
    for (const source of [y('- a\n- b\n'), y('just text\n'), y(''), j('[1, 2]'), j('"text"')]) {
      await expectRefused(decryptSops(source, [identity]), 'invalid', NOT_A_MAPPING);
    }
  });

  it('no sops block, or a `sops` mapping without mac and lastmodified: not encrypted', async () => {
    await expectRefused(decryptSops(y('a: x\n'), [identity]), 'invalid', NO_BLOCK);
    await expectRefused(decryptSops(y('a: x\nsops:\n  version: 3.8.1\n  age: []\n'), [identity]), 'invalid', NO_BLOCK);
    await expectRefused(decryptSops(j('{"a": "x", "sops": "ENC[x]"}'), [identity]), 'invalid', NO_BLOCK);
  });

  it('a block without a mac, without a lastmodified, or with either empty or not a string: damaged', async () => {
    const blocks = [
      '  mac: M\n',
      '  lastmodified: "2025-01-02T03:04:05Z"\n',
      '  lastmodified: "2025-01-02T03:04:05Z"\n  mac: ""\n',
      '  lastmodified: ""\n  mac: M\n',
      '  lastmodified: 20250102\n  mac: M\n',
      '  lastmodified: "2025-01-02T03:04:05Z"\n  mac: [M]\n',
    ];
    for (const block of blocks) {
      // The check comes before the key: these blocks have no age stanza either.
      await expectRefused(decryptSops(y(`a: x\nsops:\n${block}`), [identity]), 'invalid', DAMAGED);
    }
  });

  it('no age stanza: the key sources it names, "no key source" when there is none', async () => {
    await expectRefused(decryptSops(y(`a: x\nsops:\n  pgp:\n    - fp: F\n      enc: x\n  kms:\n    - arn: k\n${STAMP}`), [identity]), 'unsupported-key-source',
      'This file is encrypted with pgp, kms, not age: that is not supported here; use `sops exec-file` (or `sops decrypt`) with your keys.');
    await expectRefused(decryptSops(y(`a: x\nsops:\n  hc_vault:\n    - vault_address: v\n${STAMP}`), []), 'unsupported-key-source',
      'This file is encrypted with hc_vault, not age: that is not supported here; use `sops exec-file` (or `sops decrypt`) with your keys.');
    await expectRefused(decryptSops(y(`a: x\nsops:\n  age:\n    - recipient: age1one\n${STAMP}`), [identity]), 'unsupported-key-source',
      'This file is encrypted with no key source, not age: that is not supported here; use `sops exec-file` (or `sops decrypt`) with your keys.');
  });

  it('no identity at all: "No age identity was found", where it looked (the default words), the recipients', async () => {
    await expectRefused(decryptSops(y(`a: x\nsops:\n${STANZAS}${STAMP}`), []), 'no-key',
      'No age identity was found (looked in the given identities). It is encrypted for: age1one, age1two. Nothing was decrypted.');
    await expectRefused(decryptSops(y(`a: x\nsops:\n${STANZAS}${STAMP}`), [], 'SOPS_AGE_KEY, ~/.config/sops/age/keys.txt'), 'no-key',
      'No age identity was found (looked in SOPS_AGE_KEY, ~/.config/sops/age/keys.txt). It is encrypted for: age1one, age1two. Nothing was decrypted.');
  });

  it('identities that open no stanza: how many (one identity, two identities), never the identities themselves', async () => {
    const one = await refusal(decryptSops(y(`a: x\nsops:\n${STANZAS}${STAMP}`), [identity], 'SOPS_AGE_KEY'));
    expect(one.code).to.equal('no-key');
    expect(one.message).to.equal('None of the 1 age identity found opens this file (looked in SOPS_AGE_KEY). It is encrypted for: age1one, age1two. Nothing was decrypted.');
    const two = await refusal(decryptSops(y(`a: x\nsops:\n${STANZAS}${STAMP}`), [identity, otherIdentity]));
    expect(two.message).to.equal('None of the 2 age identities found opens this file (looked in the given identities). It is encrypted for: age1one, age1two. Nothing was decrypted.');
  });

  it('a real file for another recipient: the recipient named, the other key sources after it', async () => {
    const encrypted = await encryptSops(y('a: x\n'), { recipients: [recipient] });
    const e = await refusal(decryptSops(y(encrypted), [otherIdentity], 'the test'));
    expect(e.message).to.equal(`None of the 1 age identity found opens this file (looked in the test). It is encrypted for: ${recipient}. Nothing was decrypted.`);
    expect(e.message).to.not.include(otherIdentity);
    const withPgp = encrypted.replace('\nsops:\n', '\nsops:\n  pgp:\n    - fp: F\n      enc: x\n  key_groups:\n    - age: []\n');
    await expectRefused(decryptSops(y(withPgp), [otherIdentity], 'the test'), 'no-key',
      `None of the 1 age identity found opens this file (looked in the test). It is encrypted for: ${recipient}. Its other key sources (pgp, key_groups) are not supported here; use \`sops exec-file\` for them. Nothing was decrypted.`);
  });

  it('a value that does not decrypt: named by its path (list index, quoted key, nested key), the first in file order', async () => {
    const encrypted = await encryptSops(y('list:\n  - one\n  - two\n"my-key": v\nnested:\n  deep: s\n'), { recipients: [recipient] });
    // The four values in file order (the MAC's ENC[...] is last).
    const [one, two, myKey, deep] = [...encrypted.matchAll(/ENC\[[^\]]+\]/g)].map((m) => m[0]);
    expect(new Set([one, two, myKey, deep]).size).to.equal(4);
    // Another key's ciphertext: its additional data differs, so its tag fails here.
    await expectRefused(decryptSops(y(encrypted.replace(two, myKey)), [identity]), 'tampered', tampered('list[1]'));
    await expectRefused(decryptSops(y(encrypted.replace(myKey, deep)), [identity]), 'tampered', tampered('["my-key"]'));
    await expectRefused(decryptSops(y(encrypted.replace(deep, one)), [identity]), 'tampered', tampered('nested.deep'));
    await expectRefused(decryptSops(y(encrypted.replace(deep, one).replace(myKey, one)), [identity]), 'tampered', tampered('["my-key"]'));
    // A changed tag.
    const changedTag = deep.replace(/tag:(.)/, (_m, c: string) => `tag:${c === 'A' ? 'B' : 'A'}`);
    await expectRefused(decryptSops(y(encrypted.replace(deep, changedTag)), [identity]), 'tampered', tampered('nested.deep'));
  });

  it('a value in clear that the rule encrypts: its path and the rule in words', async () => {
    const encrypted = await encryptSops(y('secrets:\n  A: x\n'), { recipients: [recipient] });
    await expectRefused(decryptSops(y(encrypted.replace('secrets:\n', 'secrets:\n  ADDED: by-hand\n')), [identity]), 'cleartext-value',
      'The value of secrets.ADDED is in clear, but this file encrypts every value, except under keys ending in "_unencrypted": it was added by hand. Add values with "Edit decrypted" (or `sops edit`), which encrypts them.');
    await expectRefused(decryptSops(y(encrypted.replace('secrets:\n', 'secrets:\n  N: 5\n')), [identity]), 'cleartext-value',
      'The value of secrets.N is in clear, but this file encrypts every value, except under keys ending in "_unencrypted": it was added by hand. Add values with "Edit decrypted" (or `sops edit`), which encrypts them.');
    const regex = await encryptSops(y('name: app\nsecrets:\n  A: x\n'), { recipients: [recipient], rule: { kind: 'encrypted_regex', value: '^secrets$' } });
    await expectRefused(decryptSops(y(regex.replace('secrets:\n', 'secrets:\n  B: "quoted"\n')), [identity]), 'cleartext-value',
      'The value of secrets.B is in clear, but this file encrypts values under keys matching ^secrets$: it was added by hand. Add values with "Edit decrypted" (or `sops edit`), which encrypts them.');
  });

  it('what may be in clear: empty strings and nulls (not hashed), values the rule leaves alone (hashed)', async () => {
    const encrypted = await encryptSops(y('a: x\nport_unencrypted: 5432\n'), { recipients: [recipient] });
    expect(encrypted).to.match(/^port_unencrypted: 5432$/m);
    // Added by hand: an empty string and nulls change neither the rule's verdict nor the MAC.
    const added = encrypted.replace('a: ', 'e: ""\nn: null\nt: ~\nl: []\na: ');
    const decrypted = await decryptSops(y(added), [identity]);
    expect(decrypted.leaves.map((l) => [l.leaf.path.join('.'), l.value?.type, l.value?.text])).to.deep.equal([
      ['e', 'str', ''], ['n', undefined, undefined], ['t', undefined, undefined], ['a', 'str', 'x'], ['port_unencrypted', 'int', '5432'],
    ]);
    expect(decrypted.text).to.equal('e: ""\nn: null\nt: ~\nl: []\na: x\nport_unencrypted: 5432\n');
  });

  it('a value that looks encrypted under a key the rule leaves alone is a clear string (hashed as written), not decrypted', async () => {
    const encrypted = await encryptSops(y('a: x\nnote_unencrypted: placeholder\n'), { recipients: [recipient] });
    const { dataKey, meta } = await decryptSops(y(encrypted), [identity]);
    const lookalike = 'ENC[AES256_GCM,data:AAAA,iv:AAAA,tag:AAAA,type:str]';
    const mac = await computeMac([{ type: 'str', text: 'x' }, { type: 'str', text: lookalike }], false);
    const macLine = await encryptValue(dataKey, { type: 'str', text: mac }, meta.lastmodified as string);
    const handmade = encrypted.replace('placeholder', lookalike).replace(/^ {2}mac: .*$/m, `  mac: ${macLine}`);
    const decrypted = await decryptSops(y(handmade), [identity]);
    expect(decrypted.leaves.map((l) => l.value)).to.deep.equal([{ type: 'str', text: 'x' }, { type: 'str', text: lookalike }]);
    // Shown as the string it is (quoted, the same value).
    expect(decrypted.text).to.equal(`a: x\nnote_unencrypted: ${JSON.stringify(lookalike)}\n`);
  });

  it('the MAC: a clear value changed, a mac that is not ENC[...], a changed lastmodified, another file\'s mac', async () => {
    const encrypted = await encryptSops(y('a: x\nport_unencrypted: 5432\n'), { recipients: [recipient] });
    await decryptSops(y(encrypted), [identity]);
    await expectRefused(decryptSops(y(encrypted.replace('5432', '5433')), [identity]), 'mac-mismatch', MAC);
    await expectRefused(decryptSops(y(encrypted.replace(/^ {2}mac: .*$/m, '  mac: 3B83FDE1D6E139C4')), [identity]), 'mac-mismatch', MAC);
    await expectRefused(decryptSops(y(encrypted.replace(/^ {2}mac: ENC\[.*$/m, (m) => m.replace('type:str', 'type:nope'))), [identity]), 'mac-mismatch', MAC);
    // The MAC's additional data is lastmodified as written: one second later, it no longer decrypts.
    const stamp = /lastmodified: "([^"]+)"/.exec(encrypted)?.[1] as string;
    const later = stamp.replace(/(\d)Z$/, (_m, d: string) => `${(Number(d) + 1) % 10}Z`);
    await expectRefused(decryptSops(y(encrypted.replace(stamp, later)), [identity]), 'mac-mismatch', MAC);
    // The same values encrypted again (another data key): that MAC does not open with this file's key.
    const again = await encryptSops(y('a: x\nport_unencrypted: 5432\n'), { recipients: [recipient], now: new Date(Date.parse(stamp)) });
    const otherMac = /^ {2}mac: .*$/m.exec(again)?.[0] as string;
    await expectRefused(decryptSops(y(encrypted.replace(/^ {2}mac: .*$/m, otherMac)), [identity]), 'mac-mismatch', MAC);
  });

  it('JSON: the same refusals; a JSON null is neither decrypted nor hashed', async () => {
    const encrypted = await encryptSops(j('{"a": "x", "n": null, "port_unencrypted": 5432}'), { recipients: [recipient] });
    const decrypted = await decryptSops(j(encrypted), [identity]);
    expect(decrypted.leaves.map((l) => l.value)).to.deep.equal([{ type: 'str', text: 'x' }, undefined, { type: 'int', text: '5432' }]);
    await expectRefused(decryptSops(j(encrypted.replace('5432', '5433')), [identity]), 'mac-mismatch', MAC);
    await expectRefused(decryptSops(j(encrypted.replace('"n": null', '"n": "by hand"')), [identity]), 'cleartext-value',
      'The value of n is in clear, but this file encrypts every value, except under keys ending in "_unencrypted": it was added by hand. Add values with "Edit decrypted" (or `sops edit`), which encrypts them.');
  });
});
