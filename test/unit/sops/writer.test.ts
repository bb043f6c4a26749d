import { expect } from 'chai';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import type { ObjectNode } from '../../../core/ast';
import { decryptSops, encryptSops, readSopsMetadata, reencryptSops, SOPS_FORMAT_VERSION, sopsTimestamp } from '../../../core/sops';
import { expectRefused, j, refusal, y } from './sources';

/**
 * What encryptSops and reencryptSops write (core/sops/index.ts), character for character once the random parts are
 * masked: where each value's ENC[...] goes (block, flow and JSON scalars), the sops block in 3.10's layout (which
 * fields are quoted), JSON indentation taken from the file, an empty mapping; the old block kept by an edit with a
 * new lastmodified and MAC; and every refusal with its whole message.
 */



const NOW = new Date('2025-01-02T03:04:05.678Z');
const LATER = new Date('2025-02-03T04:05:06.000Z');
const NOT_A_MAPPING = 'The file is not a mapping of keys to values: there is nothing sops could encrypt.';

describe('SOPS writer: what encryptSops and reencryptSops write', () => {
  let identity: string;
  let recipient: string;
  /** The text with each ENC[...] as ENC[type], each age armour as ARMOUR, the recipient as RECIPIENT. */
  let shape: (text: string) => string;
  before(async () => {
    identity = await generateIdentity();
    recipient = await identityToRecipient(identity);
    shape = (text: string) => text
      .replace(/ENC\[AES256_GCM,data:[A-Za-z0-9+/=]*,iv:[A-Za-z0-9+/=]+,tag:[A-Za-z0-9+/=]+,type:(\w+)\]/g, 'ENC[$1]')
      .replace(/-----BEGIN AGE ENCRYPTED FILE-----[\s\S]*?-----END AGE ENCRYPTED FILE-----(\\n)?/g, 'ARMOUR')
      .split(recipient).join('RECIPIENT');
  });

  const YAML_BLOCK = (fields: string) => `sops:\n  age:\n    - recipient: RECIPIENT\n      enc: |\n        ARMOUR\n  lastmodified: "2025-01-02T03:04:05Z"\n  mac: ENC[str]\n${fields}  version: 3.10.2\n`;

  it('the timestamp: RFC 3339 in UTC without fractions; the version written', () => {
    expect(sopsTimestamp(NOW)).to.equal('2025-01-02T03:04:05Z');
    expect(sopsTimestamp(new Date('1999-12-31T23:59:59.000Z'))).to.equal('1999-12-31T23:59:59Z');
    expect(SOPS_FORMAT_VERSION).to.equal('3.10.2');
  });

  it('YAML: each value in place (block scalars with their line break, flow items quoted), clear ones kept, the block at the end', async () => {
    const plain = 'name: app\nport: 5432\nratio: 1.5\nenabled: true\nport_unencrypted: 80\nempty: ""\nnothing: null\nblock: |\n  line one\n  line two\nflow: [a, "b c"]\nmap: {k: v}\nlast: x';
    const encrypted = await encryptSops(y(plain), { recipients: [recipient], now: NOW });
    expect(shape(encrypted)).to.equal(`name: ENC[str]\nport: ENC[int]\nratio: ENC[float]\nenabled: ENC[bool]\nport_unencrypted: 80\nempty: ""\nnothing: null\nblock: ENC[str]\nflow: ["ENC[str]", "ENC[str]"]\nmap: {k: "ENC[str]"}\nlast: ENC[str]\n${YAML_BLOCK('  unencrypted_suffix: _unencrypted\n')}`);
    const decrypted = await decryptSops(y(encrypted), [identity]);
    expect(decrypted.text).to.equal('name: app\nport: 5432\nratio: 1.5\nenabled: true\nport_unencrypted: 80\nempty: ""\nnothing: null\nblock: "line one\\nline two\\n"\nflow: [a, b c]\nmap: {k: v}\nlast: x\n');
    expect(readSopsMetadata(y(encrypted).root)?.age.map((s) => s.enc.endsWith('-----END AGE ENCRYPTED FILE-----\n'))).to.deep.equal([true]);
  });

  it('YAML: a block scalar ending in a no-break or ideographic space is encrypted whole, and the file reads back', async () => {
    // JavaScript's \s matches these spaces, YAML's white space does not: kept after the ENC[...] as "trailing white
    // space", they made the value a clear text and decryptSops refused the file encryptSops had just written.
    for (const [plain, value] of [['a: |-\n  foo\u00a0\nb: x\n', 'foo\u00a0'], ['a: |\n  foo\u3000\nb: x\n', 'foo\u3000\n']]) {
      const encrypted = await encryptSops(y(plain), { recipients: [recipient], now: NOW });
      expect(encrypted.split('\n')[0]).to.match(/^a: ENC\[[^\]]*\]$/);
      const decrypted = await decryptSops(y(encrypted), [identity]);
      expect(decrypted.text.split('\n')[0]).to.equal(`a: ${JSON.stringify(value)}`);
    }
  });

  it('YAML: one stanza per recipient, in order; a text ending with a line break gets no blank line', async () => {
    const second = await identityToRecipient(await generateIdentity());
    const encrypted = await encryptSops(y('a: x\n'), { recipients: [recipient, second], now: NOW });
    expect(shape(encrypted).split(second).join('SECOND')).to.equal(`a: ENC[str]\nsops:\n  age:\n    - recipient: RECIPIENT\n      enc: |\n        ARMOUR\n    - recipient: SECOND\n      enc: |\n        ARMOUR\n  lastmodified: "2025-01-02T03:04:05Z"\n  mac: ENC[str]\n  unencrypted_suffix: _unencrypted\n  version: 3.10.2\n`);
    // The armour's lines, each indented by eight spaces, none empty.
    const lines = encrypted.split('\n');
    const body = lines.slice(lines.indexOf('        -----BEGIN AGE ENCRYPTED FILE-----'), lines.indexOf('        -----END AGE ENCRYPTED FILE-----') + 1);
    expect(body.length).to.be.greaterThan(2);
    for (const l of body) expect(l).to.match(/^ {8}\S+/);
  });

  it('YAML: the rule and mac_only_encrypted in the block; a rule value quoted unless it is a plain word or a version', async () => {
    const fields = async (rule: { kind: 'encrypted_regex' | 'encrypted_suffix' | 'unencrypted_suffix' | 'unencrypted_regex'; value: string }, macOnlyEncrypted?: boolean) => {
      const text = shape(await encryptSops(y('secret: x\n'), { recipients: [recipient], now: NOW, rule, macOnlyEncrypted }));
      return /\n {2}mac: ENC\[str\]\n([\s\S]*) {2}version: 3\.10\.2\n$/.exec(text)?.[1];
    };
    expect(await fields({ kind: 'encrypted_regex', value: '^(secret|b)$' }, true)).to.equal('  mac_only_encrypted: true\n  encrypted_regex: "^(secret|b)$"\n');
    expect(await fields({ kind: 'encrypted_suffix', value: 'ret' }, false)).to.equal('  encrypted_suffix: ret\n');
    expect(await fields({ kind: 'unencrypted_suffix', value: '_Plain.v-1' })).to.equal('  unencrypted_suffix: _Plain.v-1\n');
    expect(await fields({ kind: 'unencrypted_suffix', value: '-x' })).to.equal('  unencrypted_suffix: "-x"\n');
    expect(await fields({ kind: 'unencrypted_suffix', value: '1.2' })).to.equal('  unencrypted_suffix: "1.2"\n');
    expect(await fields({ kind: 'unencrypted_suffix', value: '1.2.3' })).to.equal('  unencrypted_suffix: 1.2.3\n');
    expect(await fields({ kind: 'unencrypted_suffix', value: 'x y' })).to.equal('  unencrypted_suffix: "x y"\n');
    expect(await fields({ kind: 'unencrypted_regex', value: 'public' })).to.equal('  unencrypted_regex: public\n');
  });

  it('mac_only_encrypted: clear values are outside the MAC; without it they are inside', async () => {
    const rule = { kind: 'encrypted_regex' as const, value: '^secret$' };
    const only = await encryptSops(y('secret: x\nport: 1\n'), { recipients: [recipient], rule, macOnlyEncrypted: true });
    expect(shape(only)).to.match(/^secret: ENC\[str\]\nport: 1\n/);
    await decryptSops(y(only.replace('port: 1', 'port: 2')), [identity]);
    const full = await encryptSops(y('secret: x\nport: 1\n'), { recipients: [recipient], rule, macOnlyEncrypted: false });
    expect((await refusal(decryptSops(y(full.replace('port: 1', 'port: 2')), [identity]))).code).to.equal('mac-mismatch');
    expect(readSopsMetadata(y(full).root)?.macOnlyEncrypted).to.equal(false);
  });

  it('without `now`: the current time, in the same form', async () => {
    const encrypted = await encryptSops(y('a: x\n'), { recipients: [recipient] });
    expect(readSopsMetadata(y(encrypted).root)?.lastmodified).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('JSON: the block after the last property, indented as the file is (tabs, four spaces)', async () => {
    const options = { recipients: [recipient], now: NOW, macOnlyEncrypted: true, rule: { kind: 'unencrypted_suffix' as const, value: '-x' } };
    const tabs = await encryptSops(j('{\n\t"a": "x",\n\t"n": 7\n}\n'), options);
    expect(shape(tabs)).to.equal('{\n\t"a": "ENC[str]",\n\t"n": "ENC[int]",\n\t"sops": {\n\t\t"age": [\n\t\t\t{\n\t\t\t\t"enc": "ARMOUR",\n\t\t\t\t"recipient": "RECIPIENT"\n\t\t\t}\n\t\t],\n\t\t"lastmodified": "2025-01-02T03:04:05Z",\n\t\t"mac": "ENC[str]",\n\t\t"mac_only_encrypted": true,\n\t\t"unencrypted_suffix": "-x",\n\t\t"version": "3.10.2"\n\t}\n}\n');
    expect((await decryptSops(j(tabs), [identity])).text).to.equal('{\n\t"a": "x",\n\t"n": 7\n}\n');
    const four = await encryptSops(j('{\n    "a": ["x", 1.5],\n    "b": {"c": false}\n}'), options);
    expect(shape(four)).to.equal('{\n    "a": ["ENC[str]", "ENC[float]"],\n    "b": {"c": "ENC[bool]"},\n    "sops": {\n        "age": [\n            {\n                "enc": "ARMOUR",\n                "recipient": "RECIPIENT"\n            }\n        ],\n        "lastmodified": "2025-01-02T03:04:05Z",\n        "mac": "ENC[str]",\n        "mac_only_encrypted": true,\n        "unencrypted_suffix": "-x",\n        "version": "3.10.2"\n    }\n}');
    expect((await decryptSops(j(four), [identity])).text).to.equal('{\n    "a": ["x", 1.5],\n    "b": {"c": false}\n}');
  });

  it('JSON: one line, or an empty mapping: two spaces; the empty mapping gets the block inside its braces', async () => {
    const block = '"sops": {\n    "age": [\n      {\n        "enc": "ARMOUR",\n        "recipient": "RECIPIENT"\n      }\n    ],\n    "lastmodified": "2025-01-02T03:04:05Z",\n    "mac": "ENC[str]",\n    "unencrypted_suffix": "_unencrypted",\n    "version": "3.10.2"\n  }';
    const line = await encryptSops(j('{"a": "x"}'), { recipients: [recipient], now: NOW });
    expect(shape(line)).to.equal(`{"a": "ENC[str]",\n  ${block}}`);
    expect((await decryptSops(j(line), [identity])).text).to.equal('{"a": "x"}');
    const empty = await encryptSops(j('{}'), { recipients: [recipient], now: NOW });
    expect(shape(empty)).to.equal(`{\n  ${block}\n}`);
    expect((await decryptSops(j(empty), [identity])).text).to.equal('{\n  }');
    const spaced = await encryptSops(j(' { }\n'), { recipients: [recipient], now: NOW });
    expect(shape(spaced)).to.equal(` {\n  ${block}\n }\n`);
  });

  it('refuses: not a mapping; already encrypted; no recipient; a secret key given as a recipient (by its place only)', async () => {
    await expectRefused(encryptSops(y('- a\n'), { recipients: [recipient] }), 'invalid', NOT_A_MAPPING);
    await expectRefused(encryptSops(j('"a"'), { recipients: [recipient] }), 'invalid', NOT_A_MAPPING);
    const encrypted = await encryptSops(y('a: x\n'), { recipients: [recipient] });
    await expectRefused(encryptSops(y(encrypted), { recipients: [recipient] }), 'invalid', 'This file is already SOPS-encrypted (it has a `sops` block).');
    // A `sops` key that is no block (sops would refuse the result, which would hold the key twice): refused too.
    const own = (what: string) => `${what} has a top-level \`sops\` key of its own: sops keeps its metadata under that key and would refuse the encrypted file. Rename the key.`;
    await expectRefused(encryptSops(y('a: x\nsops: mine\n'), { recipients: [recipient] }), 'invalid', own('The file'));
    await expectRefused(encryptSops(j('{"sops": {"a": 1}, "b": "x"}'), { recipients: [recipient] }), 'invalid', own('The file'));
    expect(await encryptSops(y('a:\n  sops: nested is fine\n'), { recipients: [recipient] })).to.include('  sops: ENC[', 'a nested `sops` key is an ordinary key');
    await expectRefused(encryptSops(y('a: x\n'), { recipients: [] }), 'invalid', 'No age recipient was given: name at least one (age1…).');
    const secret = (place: number, of: number) => `Age recipient ${place} of ${of} is an age secret key, not a recipient: give its public key (age1…; \`age-keygen -y KEYFILE\` prints it), and keep the secret key out of commands and files.`;
    const first = await refusal(encryptSops(y('a: x\n'), { recipients: [identity] }));
    expect([first.code, first.message]).to.deep.equal(['bad-recipient', secret(1, 1)]);
    const lower = await refusal(encryptSops(y('a: x\n'), { recipients: [recipient, `  ${identity.toLowerCase()}`, identity] }));
    expect([lower.code, lower.message]).to.deep.equal(['bad-recipient', secret(2, 3)]);
    expect(lower.message).to.not.include(identity.slice(16));
    // Only a value that starts with the prefix is a secret key; anything else is a recipient that is not valid.
    await expectRefused(encryptSops(y('a: x\n'), { recipients: [`x${identity}`] }), 'bad-recipient',
      'An age recipient is not valid (recipient 1 of 1: unrecognized recipient type): a recipient looks like age1… .');
  });

  it('YAML: refuses a top-level mapping the block could not follow (flow style, indented, a document marker after it), before encrypting', async () => {
    const flow = 'The top-level mapping is written in flow style ({…}): write it in block style (one key per line), then encrypt.';
    const indented = 'The top-level mapping is indented: start its keys at column 0, then encrypt.';
    const marker = 'The file has text after its top-level mapping (a "..." end marker or another document): remove it, then encrypt.';
    // Checked before the recipients: no key is wrapped for a file that cannot be written.
    await expectRefused(encryptSops(y('{a: x, b: 1}\n'), { recipients: [] }), 'invalid', flow);
    await expectRefused(encryptSops(y('  a: x\n  b: y\n'), { recipients: [recipient] }), 'invalid', indented);
    await expectRefused(encryptSops(y('# top\n  a: x\n'), { recipients: [recipient] }), 'invalid', indented);
    await expectRefused(encryptSops(y('a: x\n...\n'), { recipients: [recipient] }), 'invalid', marker);
    await expectRefused(encryptSops(y('a: x\n... # end\n'), { recipients: [recipient] }), 'invalid', marker);
    await expectRefused(encryptSops(y('---\na: x\n---\nb: y\n'), { recipients: [recipient] }), 'invalid', marker);
    // What is fine: a leading marker, comments and blank lines around, markers inside values, JSON in flow style.
    const fine: [string, string][] = [
      ['---\na: x\n', '---\na: x\n'],
      ['# head\n\na: x # note\n# end\n\n', '# head\n\na: x # note\n# end\n\n'],
      ['a: |\n  ---\n  ...\nb: "--- x"\nc: ----\nd: ...x\n', 'a: "---\\n...\\n"\nb: "--- x"\nc: "----"\nd: "...x"\n'],
    ];
    for (const [text, decrypted] of fine) {
      const encrypted = await encryptSops(y(text), { recipients: [recipient] });
      expect((await decryptSops(y(encrypted), [identity])).text, text).to.equal(decrypted);
    }
    await decryptSops(j(await encryptSops(j('{"a": "x"}'), { recipients: [recipient] })), [identity]);
  });

  it('refuses a recipient that is not one, by its place; and a plain file holding an ENC[...] value, by its path', async () => {
    await expectRefused(encryptSops(y('a: x\n'), { recipients: [recipient, 'hello'] }), 'bad-recipient',
      'An age recipient is not valid (recipient 2 of 2: unrecognized recipient type): a recipient looks like age1… .');
    const lookalike = 'ENC[AES256_GCM,data:AAAA,iv:AAAA,tag:AAAA,type:str]';
    await expectRefused(encryptSops(y(`a: x\nlist:\n  - ok\n  - ${lookalike}\n`), { recipients: [recipient] }), 'invalid',
      'list[1] already holds an encrypted value (ENC[...]): decrypt the file first, or edit it with "Edit decrypted".');
    // Even under a key the rule leaves in clear.
    await expectRefused(encryptSops(y(`a: x\nb_unencrypted:\n  c: ${lookalike}\n`), { recipients: [recipient] }), 'invalid',
      'b_unencrypted.c already holds an encrypted value (ENC[...]): decrypt the file first, or edit it with "Edit decrypted".');
  });
});

describe('SOPS writer: an edit saved like `sops edit`', () => {
  let identity: string;
  let recipient: string;
  before(async () => {
    identity = await generateIdentity();
    recipient = await identityToRecipient(identity);
  });

  /** Each ENC[...] of a text by the key on its line. */
  const encOf = (text: string) => Object.fromEntries([...text.matchAll(/^\s*"?([\w-]+)"?: "?(ENC\[[^\]]+\])/gm)].map((m) => [m[1], m[2]]));

  it('YAML: unchanged values keep their ciphertext; a changed value, a changed type and a new key are encrypted anew', async () => {
    const encrypted = await encryptSops(y('a: x\nb: 5432\nc: same\n'), { recipients: [recipient], now: NOW });
    const saved = await reencryptSops(y(encrypted), [identity], y('a: x\nb: "5432"\nc: other\nd: new\n'), { now: LATER });
    const before = encOf(encrypted);
    const after = encOf(saved);
    expect(after.a).to.equal(before.a);
    expect(after.b).to.not.equal(before.b);
    expect(after.b).to.match(/type:str\]$/);
    expect(after.c).to.not.equal(before.c);
    expect(after.d).to.match(/^ENC\[/);
    const again = await decryptSops(y(saved), [identity]);
    expect(again.text).to.equal('a: x\nb: "5432"\nc: other\nd: new\n');
    expect(again.meta.lastmodified).to.equal('2025-02-03T04:05:06Z');
  });

  it('YAML: the old block is kept as written (3.8 layout, its place moved to the end), only lastmodified (quoted) and the MAC new', async () => {
    const encrypted = await encryptSops(y('a: x\nb: y\n'), { recipients: [recipient], now: NOW });
    const block = /sops:\n[\s\S]*$/.exec(encrypted)?.[0] as string;
    // sops 3.8 writes an unquoted lastmodified and empty lists; the block first in the file.
    const old = block.replace('  lastmodified: "2025-01-02T03:04:05Z"\n', '  kms: []\n  lastmodified: 2025-01-02T03:04:05Z\n  pgp: []\n');
    const file = `${old}a: ${encOf(encrypted).a}\nb: ${encOf(encrypted).b}\n`;
    await decryptSops(y(file), [identity]);
    const saved = await reencryptSops(y(file), [identity], y('a: x\nb: z'), { now: LATER });
    const savedBlock = /sops:\n[\s\S]*$/.exec(saved)?.[0] as string;
    expect(saved.slice(0, saved.length - savedBlock.length)).to.match(/^a: ENC\[[^\]]+\]\nb: ENC\[[^\]]+\]\n$/);
    const macLine = /^ {2}mac: .*$/m;
    expect(savedBlock.replace(macLine, '  mac: M')).to.equal(old.replace(macLine, '  mac: M').replace('lastmodified: 2025-01-02T03:04:05Z', 'lastmodified: "2025-02-03T04:05:06Z"'));
    expect(macLine.exec(savedBlock)?.[0]).to.match(/^ {2}mac: ENC\[AES256_GCM,[^\]]+type:str\]$/);
    expect(macLine.exec(savedBlock)?.[0]).to.not.equal(macLine.exec(old)?.[0]);
    expect((await decryptSops(y(saved), [identity])).text).to.equal('a: x\nb: z\n');
  });

  it('YAML: the block taken from the end of a file without a final line break ends with one', async () => {
    const encrypted = (await encryptSops(y('a: x\n'), { recipients: [recipient], now: NOW })).replace(/\n$/, '');
    await decryptSops(y(encrypted), [identity]);
    const saved = await reencryptSops(y(encrypted), [identity], y('a: z\n'), { now: LATER });
    expect(saved.endsWith('  version: 3.10.2\n')).to.equal(true);
    expect((await decryptSops(y(saved), [identity])).text).to.equal('a: z\n');
  });

  it('JSON: the block after the last property (its MAC quoted), or inside an empty mapping', async () => {
    const encrypted = await encryptSops(j('{\n  "a": "x",\n  "b": 1\n}\n'), { recipients: [recipient], now: NOW });
    const block = /"sops": \{[\s\S]*\n {2}\}/.exec(encrypted)?.[0] as string;
    const saved = await reencryptSops(j(encrypted), [identity], j('{\n  "a": "x",\n  "b": 2\n}\n'), { now: LATER });
    const mac = /"mac": "ENC\[[^\]]+\]"/;
    expect(mac.test(saved)).to.equal(true);
    const expectedBlock = block.replace(mac, '"mac": M').replace('"lastmodified": "2025-01-02T03:04:05Z"', '"lastmodified": "2025-02-03T04:05:06Z"');
    expect(saved.replace(mac, '"mac": M')).to.equal(`{\n  "a": "${encOf(encrypted).a}",\n  "b": "${encOf(saved).b}",\n  ${expectedBlock}\n}\n`);
    expect((await decryptSops(j(saved), [identity])).text).to.equal('{\n  "a": "x",\n  "b": 2\n}\n');
    const empty = await reencryptSops(j(encrypted), [identity], j('{}'), { now: LATER });
    expect(empty.replace(mac, '"mac": M')).to.equal(`{\n  ${expectedBlock}\n}`);
    expect((await decryptSops(j(empty), [identity])).text).to.equal('{\n  }');
  });

  it('JSON: a tree whose key spans leave out the quotes gives the same block', async () => {
    const encrypted = await encryptSops(j('{"a": "x", "b": 1}'), { recipients: [recipient], now: NOW });
    const unquoted = () => {
      const source = j(encrypted);
      const sops = (source.root as ObjectNode).properties.find((p) => p.key === 'sops');
      if (!sops) throw new Error('no sops property');
      sops.keyOffset += 1;
      sops.keyLength -= 2;
      return source;
    };
    expect((await decryptSops(unquoted(), [identity])).text).to.equal('{"a": "x", "b": 1}');
    const saved = await reencryptSops(unquoted(), [identity], j('{"a": "x", "b": 2}'), { now: LATER });
    expect(saved).to.match(/^\{"a": "ENC\[[^\]]+\]", "b": "ENC\[[^\]]+type:int\]",\n {2}"sops": \{\n {4}"age": \[/);
    expect((await decryptSops(j(saved), [identity])).text).to.equal('{"a": "x", "b": 2}');
  });

  it('refuses: the file does not open (with where it looked), an edit with a block of its own, an edit that is not a mapping or holds ENC[...]', async () => {
    const encrypted = await encryptSops(y('a: x\n'), { recipients: [recipient], now: NOW });
    await expectRefused(reencryptSops(y(encrypted), [], y('a: z\n'), { lookedAt: 'SOPS_AGE_KEY' }), 'no-key',
      `No age identity was found (looked in SOPS_AGE_KEY). It is encrypted for: ${recipient}. Nothing was decrypted.`);
    await expectRefused(reencryptSops(y(encrypted), [], y('a: z\n')), 'no-key',
      `No age identity was found (looked in the given identities). It is encrypted for: ${recipient}. Nothing was decrypted.`);
    await expectRefused(reencryptSops(y(encrypted), [identity], y(encrypted)), 'invalid',
      'The edited text has a `sops` block of its own: remove it; the file\'s block is kept for you.');
    await expectRefused(reencryptSops(y(encrypted), [identity], y('a: z\nsops: mine\n')), 'invalid',
      'The edited text has a top-level `sops` key of its own: sops keeps its metadata under that key and would refuse the encrypted file. Rename the key.');
    await expectRefused(reencryptSops(y(encrypted), [identity], y('- a\n')), 'invalid', NOT_A_MAPPING);
    await expectRefused(reencryptSops(y(encrypted), [identity], y('{a: z}\n')), 'invalid',
      'The top-level mapping is written in flow style ({…}): write it in block style (one key per line), then encrypt.');
    await expectRefused(reencryptSops(y(encrypted), [identity], y('a: z\n...\n')), 'invalid',
      'The file has text after its top-level mapping (a "..." end marker or another document): remove it, then encrypt.');
    await expectRefused(reencryptSops(y(encrypted), [identity], y(`a: ${encOf(encrypted).a}\n`)), 'invalid',
      'a already holds an encrypted value (ENC[...]): decrypt the file first, or edit it with "Edit decrypted".');
  });
});
