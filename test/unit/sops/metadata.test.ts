import { expect } from 'chai';
import type { ObjectNode } from '../../../core/ast';
import { parseJson } from '../../../core/parse/json';
import { parseYaml } from '../../../core/parse/yaml';
import { describeRecipients, describeRule, goRegExp, readSopsMetadata, ruleEncrypts, type EncryptionRule, type SopsMetadata } from '../../../core/sops';
import { DEFAULT_RULE, sopsProperty } from '../../../core/sops/metadata';

/**
 * The `sops` block read field by field (core/sops/metadata.ts): which blocks count as sops metadata, each field of a
 * malformed block, the rule and its precedence, Go's inline regex flags, and the words a rule and a list of
 * recipients are described with.
 */

const yaml = (text: string) => parseYaml(text).root;

/** The metadata of a YAML text whose `sops` block holds these lines (a MAC is added unless told not to). */
function metaOf(block: string, withMac = true): SopsMetadata {
  const meta = readSopsMetadata(yaml(`a: 1\nsops:\n${withMac ? '  mac: M\n' : ''}${block}`));
  expect(meta, block).to.not.equal(undefined);
  return meta as SopsMetadata;
}

describe('SOPS metadata: which block is a sops block', () => {
  it('no root, no `sops` key, or a `sops` that is not a mapping: not a SOPS file', () => {
    expect(sopsProperty(undefined)).to.equal(undefined);
    expect(readSopsMetadata(undefined)).to.equal(undefined);
    expect(sopsProperty(yaml('a: 1\nmac: x\nlastmodified: y\n'))).to.equal(undefined);
    expect(sopsProperty(yaml('sops: ENC[x]\n'))).to.equal(undefined);
    expect(sopsProperty(yaml('sops:\n  - mac: x\n'))).to.equal(undefined);
    expect(sopsProperty(yaml('sops:\n'))).to.equal(undefined);
    expect(sopsProperty(yaml('- sops:\n    mac: x\n'))).to.equal(undefined);
  });

  it('a `sops` mapping counts only with a `mac` or a `lastmodified` (a key named sops in a plain file does not)', () => {
    expect(sopsProperty(yaml('sops:\n  version: 3.8.1\n  age: []\n'))).to.equal(undefined);
    expect(readSopsMetadata(yaml('sops:\n  version: 3.8.1\n'))).to.equal(undefined);
    const withMac = yaml('a: 1\nsops:\n  mac: x\n') as ObjectNode;
    expect(sopsProperty(withMac)).to.equal(withMac.properties[1]);
    const withLastmodified = yaml('sops:\n  lastmodified: "2024-01-01T00:00:00Z"\nb: 2\n') as ObjectNode;
    expect(sopsProperty(withLastmodified)).to.equal(withLastmodified.properties[0]);
    // Only the root's own `sops`: one deeper is a value like any other.
    expect(sopsProperty(yaml('nested:\n  sops:\n    mac: x\n'))).to.equal(undefined);
  });

  it('JSON: the same rules', () => {
    const root = parseJson('{"a": 1, "sops": {"lastmodified": "2024-01-01T00:00:00Z", "mac": null}}').root as ObjectNode;
    expect(sopsProperty(root)).to.equal(root.properties[1]);
    expect(sopsProperty(parseJson('{"sops": {"version": "3.9.4"}}').root)).to.equal(undefined);
    expect(sopsProperty(parseJson('{"sops": null}').root)).to.equal(undefined);
  });
});

describe('SOPS metadata: each field of the block', () => {
  it('a well-formed 3.10 block: every field as written', () => {
    const text = 'a: 1\nsops:\n  age:\n    - recipient: age1one\n      enc: |\n        armour one\n    - recipient: age1two\n      enc: armour two\n  lastmodified: "2024-03-25T22:08:10Z"\n  mac: ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]\n  mac_only_encrypted: true\n  encrypted_regex: ^(data|value)$\n  version: 3.10.2\n';
    const root = yaml(text) as ObjectNode;
    const meta = readSopsMetadata(root) as SopsMetadata;
    expect(meta.property).to.equal(root.properties[1]);
    expect(meta.age).to.deep.equal([{ recipient: 'age1one', enc: 'armour one\n' }, { recipient: 'age1two', enc: 'armour two' }]);
    expect(meta.otherKeySources).to.deep.equal([]);
    expect(meta.lastmodified).to.equal('2024-03-25T22:08:10Z');
    expect(meta.lastmodifiedNode?.offset).to.equal(text.indexOf('"2024'));
    expect(meta.mac).to.equal('ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]');
    expect(meta.macNode?.offset).to.equal(text.indexOf('ENC['));
    expect(meta.rule).to.deep.equal({ kind: 'encrypted_regex', value: '^(data|value)$' });
    expect(meta.macOnlyEncrypted).to.equal(true);
    expect(meta.version).to.equal('3.10.2');
  });

  it('age: only a list of mappings with a string recipient and a string enc; anything else is no stanza', () => {
    expect(metaOf('  age: age1abc\n').age).to.deep.equal([]);
    expect(metaOf('  age:\n    recipient: age1abc\n    enc: x\n').age).to.deep.equal([]);
    expect(metaOf('  age:\n    - age1abc\n    - [a, b]\n    - null\n').age).to.deep.equal([]);
    expect(metaOf('  age:\n    - recipient: age1abc\n    - enc: x\n    - recipient: 7\n      enc: x\n    - recipient: age1def\n      enc: [x]\n').age).to.deep.equal([]);
    expect(metaOf('  age:\n    - recipient: age1bad\n      enc: 12\n    - recipient: age1good\n      enc: x\n      extra: kept out\n').age).to.deep.equal([{ recipient: 'age1good', enc: 'x' }]);
    expect(metaOf('').age).to.deep.equal([]);
  });

  it('other key sources: each non-empty list or mapping, in a fixed order, key groups last', () => {
    expect(metaOf('  pgp:\n    - fp: F\n      enc: x\n').otherKeySources).to.deep.equal(['pgp']);
    expect(metaOf('  kms:\n    - arn: a\n').otherKeySources).to.deep.equal(['kms']);
    expect(metaOf('  gcp_kms:\n    - resource_id: r\n').otherKeySources).to.deep.equal(['gcp_kms']);
    expect(metaOf('  azure_kv:\n    - vault_url: u\n').otherKeySources).to.deep.equal(['azure_kv']);
    expect(metaOf('  hc_vault:\n    - vault_address: v\n').otherKeySources).to.deep.equal(['hc_vault']);
    expect(metaOf('  key_groups:\n    - age: []\n').otherKeySources).to.deep.equal(['key_groups']);
    // A mapping with a field counts too; in the order pgp, kms, gcp_kms, azure_kv, hc_vault, key_groups.
    expect(metaOf('  key_groups:\n    - {}\n  hc_vault:\n    address: v\n  pgp: [x]\n  kms: [y]\n  azure_kv: [z]\n  gcp_kms: [w]\n').otherKeySources)
      .to.deep.equal(['pgp', 'kms', 'gcp_kms', 'azure_kv', 'hc_vault', 'key_groups']);
  });

  it('other key sources: empty lists (3.8), nulls (3.9 JSON), empty mappings and plain strings are none', () => {
    expect(metaOf('  kms: []\n  gcp_kms: []\n  azure_kv: []\n  hc_vault: []\n  pgp: []\n  key_groups: []\n').otherKeySources).to.deep.equal([]);
    expect(metaOf('  kms: null\n  pgp: ~\n  key_groups: {}\n  hc_vault: {}\n').otherKeySources).to.deep.equal([]);
    expect(metaOf('  pgp: 85D77543B3D624B63CEA9E6DBC17301B491B3F21\n  kms: 0\n  key_groups: true\n').otherKeySources).to.deep.equal([]);
    const json = readSopsMetadata(parseJson('{"sops": {"kms": null, "gcp_kms": null, "azure_kv": null, "hc_vault": null, "pgp": null, "mac": "m"}}').root);
    expect(json?.otherKeySources).to.deep.equal([]);
  });

  it('the rule: the default without one; each kind; the first of encrypted_regex, unencrypted_regex, encrypted_suffix, unencrypted_suffix', () => {
    expect(metaOf('').rule).to.deep.equal({ kind: 'unencrypted_suffix', value: '_unencrypted' });
    expect(metaOf('').rule).to.equal(DEFAULT_RULE);
    expect(metaOf('  unencrypted_suffix: _plain\n').rule).to.deep.equal({ kind: 'unencrypted_suffix', value: '_plain' });
    expect(metaOf('  encrypted_suffix: _secret\n').rule).to.deep.equal({ kind: 'encrypted_suffix', value: '_secret' });
    expect(metaOf('  unencrypted_regex: ^public$\n').rule).to.deep.equal({ kind: 'unencrypted_regex', value: '^public$' });
    expect(metaOf('  encrypted_regex: ^data$\n').rule).to.deep.equal({ kind: 'encrypted_regex', value: '^data$' });
    const all = '  unencrypted_suffix: _u\n  encrypted_suffix: _e\n  unencrypted_regex: ^u$\n  encrypted_regex: ^e$\n';
    expect(metaOf(all).rule).to.deep.equal({ kind: 'encrypted_regex', value: '^e$' });
    expect(metaOf(all.replace('  encrypted_regex: ^e$\n', '')).rule).to.deep.equal({ kind: 'unencrypted_regex', value: '^u$' });
    expect(metaOf('  unencrypted_suffix: _u\n  encrypted_suffix: _e\n').rule).to.deep.equal({ kind: 'encrypted_suffix', value: '_e' });
  });

  it('the rule: an empty or non-string field is skipped for the next kind (or the default)', () => {
    expect(metaOf('  encrypted_regex: ""\n  unencrypted_suffix: _u\n').rule).to.deep.equal({ kind: 'unencrypted_suffix', value: '_u' });
    expect(metaOf('  encrypted_regex: 12\n  encrypted_suffix: [a]\n  unencrypted_regex: null\n').rule).to.deep.equal({ kind: 'unencrypted_suffix', value: '_unencrypted' });
    expect(metaOf('  unencrypted_suffix: ""\n').rule).to.equal(DEFAULT_RULE);
  });

  it('lastmodified and mac: only scalars; a mapping or list is no node, a number is a node without a string', () => {
    const asMapping = metaOf('  lastmodified:\n    at: x\n  version: 1\n');
    expect(asMapping.lastmodifiedNode).to.equal(undefined);
    expect(asMapping.lastmodified).to.equal(undefined);
    const asList = readSopsMetadata(yaml('sops:\n  lastmodified: [x]\n  mac: [y]\n')) as SopsMetadata;
    expect(asList.lastmodifiedNode).to.equal(undefined);
    expect(asList.macNode).to.equal(undefined);
    expect(asList.mac).to.equal(undefined);
    const asNumbers = readSopsMetadata(yaml('sops:\n  lastmodified: 20240101\n  mac: 7\n')) as SopsMetadata;
    expect(asNumbers.lastmodifiedNode?.value).to.equal(20240101);
    expect(asNumbers.lastmodified).to.equal(undefined);
    expect(asNumbers.macNode?.value).to.equal(7);
    expect(asNumbers.mac).to.equal(undefined);
    const missing = readSopsMetadata(yaml('sops:\n  lastmodified: "2024-01-01T00:00:00Z"\n')) as SopsMetadata;
    expect(missing.macNode).to.equal(undefined);
    expect(missing.mac).to.equal(undefined);
    expect(missing.lastmodified).to.equal('2024-01-01T00:00:00Z');
    // Exactly as written: it is the additional data of the MAC (no reformatting of the time).
    expect(metaOf('  lastmodified: 2024-03-25T22:08:10.000+00:00\n').lastmodified).to.equal('2024-03-25T22:08:10.000+00:00');
  });

  it('mac_only_encrypted: only the boolean true; version: a string or a number as text, anything else none', () => {
    expect(metaOf('  mac_only_encrypted: true\n').macOnlyEncrypted).to.equal(true);
    expect(metaOf('  mac_only_encrypted: "true"\n').macOnlyEncrypted).to.equal(false);
    expect(metaOf('  mac_only_encrypted: 1\n').macOnlyEncrypted).to.equal(false);
    expect(metaOf('').macOnlyEncrypted).to.equal(false);
    expect(metaOf('  version: 3.8.1\n').version).to.equal('3.8.1');
    expect(metaOf('  version: 3.9\n').version).to.equal('3.9');
    expect(metaOf('  version: 3\n').version).to.equal('3');
    expect(metaOf('  version: true\n').version).to.equal(undefined);
    expect(metaOf('  version: [3]\n').version).to.equal(undefined);
    expect(metaOf('').version).to.equal(undefined);
  });

  it('a block with only a lastmodified reads (its mac undefined): the reader decides what is missing', () => {
    const meta = metaOf('  lastmodified: "2024-01-01T00:00:00Z"\n', false);
    expect(meta.mac).to.equal(undefined);
    expect(meta.lastmodified).to.equal('2024-01-01T00:00:00Z');
  });
});

describe('SOPS metadata: Go regexes and the rule', () => {
  it('goRegExp: a pattern without inline flags is the same pattern, no flags', () => {
    const re = goRegExp('^(data|stringData)$');
    expect(re.source).to.equal('^(data|stringData)$');
    expect(re.flags).to.equal('');
    expect(re.test('data')).to.equal(true);
    expect(re.test('DATA')).to.equal(false);
  });

  it('goRegExp: leading (?i), (?s), (?m) and their combinations become flags, repeated ones once', () => {
    const i = goRegExp('(?i)^password$');
    expect([i.source, i.flags]).to.deep.equal(['^password$', 'i']);
    expect(i.test('PassWord')).to.equal(true);
    const s = goRegExp('(?s)a.b');
    expect([s.source, s.flags]).to.deep.equal(['a.b', 's']);
    expect(s.test('a\nb')).to.equal(true);
    const m = goRegExp('(?m)^b$');
    expect([m.source, m.flags]).to.deep.equal(['^b$', 'm']);
    expect(m.test('a\nb')).to.equal(true);
    const ims = goRegExp('(?smi)x');
    expect([ims.source, ims.flags]).to.deep.equal(['x', 'ims']);
    const twice = goRegExp('(?iis)y');
    expect([twice.source, twice.flags]).to.deep.equal(['y', 'is']);
  });

  it('goRegExp: the same pattern gives the same RegExp (compiled once)', () => {
    expect(goRegExp('^(value|data)$')).to.equal(goRegExp('^(value|data)$'));
    expect(goRegExp('(?i)token')).to.equal(goRegExp('(?i)token'));
    expect(goRegExp('token')).to.not.equal(goRegExp('(?i)token'));
  });

  it('ruleEncrypts, unencrypted_suffix: every value except under a key ending in the suffix (anywhere on the path)', () => {
    const rule: EncryptionRule = { kind: 'unencrypted_suffix', value: '_plain' };
    expect(ruleEncrypts(rule, ['a', 'b'])).to.equal(true);
    expect(ruleEncrypts(rule, ['port_plain'])).to.equal(false);
    expect(ruleEncrypts(rule, ['x_plain', 'y'])).to.equal(false);
    expect(ruleEncrypts(rule, ['y', 'x_plain'])).to.equal(false);
    expect(ruleEncrypts(rule, ['_plainx'])).to.equal(true);
    expect(ruleEncrypts(rule, [])).to.equal(true);
  });

  it('ruleEncrypts, encrypted_suffix: only under a key ending in the suffix', () => {
    const rule: EncryptionRule = { kind: 'encrypted_suffix', value: '_secret' };
    expect(ruleEncrypts(rule, ['db_secret'])).to.equal(true);
    expect(ruleEncrypts(rule, ['a_secret', 'b'])).to.equal(true);
    expect(ruleEncrypts(rule, ['b', 'a_secret'])).to.equal(true);
    expect(ruleEncrypts(rule, ['_secretx', 'b'])).to.equal(false);
    expect(ruleEncrypts(rule, [])).to.equal(false);
  });

  it('ruleEncrypts, encrypted_regex: only under a key the regex matches, unanchored', () => {
    const rule: EncryptionRule = { kind: 'encrypted_regex', value: 'pass' };
    expect(ruleEncrypts(rule, ['password'])).to.equal(true);
    expect(ruleEncrypts(rule, ['x', 'my_pass'])).to.equal(true);
    expect(ruleEncrypts(rule, ['my_pass', 'x'])).to.equal(true);
    expect(ruleEncrypts(rule, ['user', 'name'])).to.equal(false);
    expect(ruleEncrypts({ kind: 'encrypted_regex', value: '(?i)^TOKEN$' }, ['token'])).to.equal(true);
    expect(ruleEncrypts(rule, [])).to.equal(false);
  });

  it('ruleEncrypts, unencrypted_regex: every value except under a key the regex matches', () => {
    const rule: EncryptionRule = { kind: 'unencrypted_regex', value: '^public$' };
    expect(ruleEncrypts(rule, ['secret'])).to.equal(true);
    expect(ruleEncrypts(rule, ['public', 'x'])).to.equal(false);
    expect(ruleEncrypts(rule, ['x', 'public'])).to.equal(false);
    expect(ruleEncrypts(rule, ['publicity'])).to.equal(true);
    expect(ruleEncrypts(rule, [])).to.equal(true);
  });

  it('describeRule: the words for each kind', () => {
    expect(describeRule({ kind: 'unencrypted_suffix', value: '_unencrypted' })).to.equal('every value, except under keys ending in "_unencrypted"');
    expect(describeRule({ kind: 'encrypted_suffix', value: '_secret' })).to.equal('values under keys ending in "_secret"');
    expect(describeRule({ kind: 'encrypted_regex', value: '^(value|data)$' })).to.equal('values under keys matching ^(value|data)$');
    expect(describeRule({ kind: 'unencrypted_regex', value: '^public$' })).to.equal('every value, except under keys matching ^public$');
  });

  it('describeRecipients: the age recipients, then the other key sources; "no recipient" when there is neither', () => {
    const meta = (block: string) => metaOf(block);
    expect(describeRecipients(meta('  age:\n    - recipient: age1aaa\n      enc: x\n'))).to.equal('age age1aaa');
    expect(describeRecipients(meta('  age:\n    - recipient: age1aaa\n      enc: x\n    - recipient: age1bbb\n      enc: y\n'))).to.equal('age age1aaa, age1bbb');
    expect(describeRecipients(meta('  pgp: [x]\n  kms: [y]\n'))).to.equal('other key sources: pgp, kms');
    expect(describeRecipients(meta('  age:\n    - recipient: age1aaa\n      enc: x\n  key_groups: [x]\n'))).to.equal('age age1aaa; other key sources: key_groups');
    expect(describeRecipients(meta(''))).to.equal('no recipient');
  });
});
