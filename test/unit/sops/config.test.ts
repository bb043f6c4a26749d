import { expect } from 'chai';
import { YAMLParseError } from 'yaml';
import { creationRuleFor, identityLocations, parseIdentities, type IdentityLocation } from '../../../core/sops/config';

/**
 * What sops decides from its surroundings (core/sops/config.ts): the `.sops.yaml` creation rule that applies to a
 * file, field by field; where age identities are looked for on each platform; what a keys file holds.
 */

describe('SOPS config: the creation rule of a .sops.yaml', () => {
  it('a config that is not YAML throws; one without a list of rules, or with an empty one, has no rule', () => {
    expect(() => creationRuleFor('creation_rules: [\n', 'a.yaml')).to.throw(YAMLParseError);
    expect(creationRuleFor('', 'a.yaml')).to.equal(undefined);
    expect(creationRuleFor('- age: age1aaa\n', 'a.yaml')).to.equal(undefined);
    expect(creationRuleFor('just text\n', 'a.yaml')).to.equal(undefined);
    expect(creationRuleFor('creation_rules:\n  age: age1aaa\n', 'a.yaml')).to.equal(undefined);
    expect(creationRuleFor('creation_rules: age1aaa\n', 'a.yaml')).to.equal(undefined);
    expect(creationRuleFor('creation_rules: []\n', 'a.yaml')).to.equal(undefined);
    expect(creationRuleFor('other: 1\n', 'a.yaml')).to.equal(undefined);
  });

  it('a rule that is not a mapping is skipped; a rule without path_regex matches every file', () => {
    expect(creationRuleFor('creation_rules:\n  - age1aaa\n  - null\n  - [x]\n  - age: age1bbb\n', 'any/where.yaml'))
      .to.deep.equal({ recipients: ['age1bbb'], macOnlyEncrypted: false, unsupported: [] });
    expect(creationRuleFor('creation_rules:\n  - age1aaa\n', 'a.yaml')).to.equal(undefined);
  });

  it('path_regex: unanchored, against the relative path; an empty or non-string one matches every file and is not kept', () => {
    const config = 'creation_rules:\n  - path_regex: secret\n    age: age1aaa\n  - path_regex: ^prod/\n    age: age1bbb\n  - age: age1ccc\n';
    expect(creationRuleFor(config, 'a/my-secret.yaml')).to.deep.equal({ recipients: ['age1aaa'], macOnlyEncrypted: false, unsupported: [], pathRegex: 'secret' });
    expect(creationRuleFor(config, 'prod/a.yaml')).to.deep.equal({ recipients: ['age1bbb'], macOnlyEncrypted: false, unsupported: [], pathRegex: '^prod/' });
    expect(creationRuleFor(config, 'staging/prod/a.yaml')).to.deep.equal({ recipients: ['age1ccc'], macOnlyEncrypted: false, unsupported: [] });
    expect(creationRuleFor('creation_rules:\n  - path_regex: ""\n    age: age1aaa\n', 'x.yaml')).to.deep.equal({ recipients: ['age1aaa'], macOnlyEncrypted: false, unsupported: [] });
    expect(creationRuleFor('creation_rules:\n  - path_regex: 12\n    age: age1aaa\n', 'x.yaml')).to.deep.equal({ recipients: ['age1aaa'], macOnlyEncrypted: false, unsupported: [] });
    expect(creationRuleFor('creation_rules:\n  - path_regex: ^nomatch$\n    age: age1aaa\n', 'x.yaml')).to.equal(undefined);
    expect(creationRuleFor('creation_rules:\n  - path_regex: (?i)\\.YAML$\n    age: age1aaa\n', 'x.yaml')?.pathRegex).to.equal('(?i)\\.YAML$');
  });

  it('recipients: a comma-separated string (spaces and empty parts dropped), a list, lists of such strings; anything else none', () => {
    const rule = (age: string) => creationRuleFor(`creation_rules:\n  - age: ${age}\n`, 'a.yaml')?.recipients;
    expect(rule('" age1aaa , ,age1bbb,  "')).to.deep.equal(['age1aaa', 'age1bbb']);
    expect(rule('[age1aaa, "age1bbb,age1ccc"]')).to.deep.equal(['age1aaa', 'age1bbb', 'age1ccc']);
    expect(rule('[[age1aaa], {k: age1bbb}, 7]')).to.deep.equal(['age1aaa']);
    expect(rule('7')).to.deep.equal([]);
    expect(rule('""')).to.deep.equal([]);
    expect(creationRuleFor('creation_rules:\n  - path_regex: a\n', 'a.yaml')?.recipients).to.deep.equal([]);
  });

  it('the rule: each kind, the first of encrypted_regex, unencrypted_regex, encrypted_suffix, unencrypted_suffix; empty or non-string skipped', () => {
    const rule = (fields: string) => creationRuleFor(`creation_rules:\n  - age: age1aaa\n${fields}`, 'a.yaml')?.rule;
    expect(rule('')).to.equal(undefined);
    expect(rule('    unencrypted_suffix: _plain\n')).to.deep.equal({ kind: 'unencrypted_suffix', value: '_plain' });
    expect(rule('    encrypted_suffix: _secret\n')).to.deep.equal({ kind: 'encrypted_suffix', value: '_secret' });
    expect(rule('    unencrypted_regex: ^public$\n')).to.deep.equal({ kind: 'unencrypted_regex', value: '^public$' });
    expect(rule('    encrypted_regex: ^data$\n')).to.deep.equal({ kind: 'encrypted_regex', value: '^data$' });
    const all = '    unencrypted_suffix: _u\n    encrypted_suffix: _e\n    unencrypted_regex: ^u$\n    encrypted_regex: ^e$\n';
    expect(rule(all)).to.deep.equal({ kind: 'encrypted_regex', value: '^e$' });
    expect(rule(all.replace('    encrypted_regex: ^e$\n', ''))).to.deep.equal({ kind: 'unencrypted_regex', value: '^u$' });
    expect(rule('    unencrypted_suffix: _u\n    encrypted_suffix: _e\n')).to.deep.equal({ kind: 'encrypted_suffix', value: '_e' });
    expect(rule('    encrypted_regex: ""\n    unencrypted_suffix: _u\n')).to.deep.equal({ kind: 'unencrypted_suffix', value: '_u' });
    expect(rule('    encrypted_regex: 1\n')).to.equal(undefined);
    // The key is left out, not set to undefined.
    expect(Object.keys(creationRuleFor('creation_rules:\n  - age: age1aaa\n', 'a.yaml') ?? {})).to.deep.equal(['recipients', 'macOnlyEncrypted', 'unsupported']);
  });

  it('mac_only_encrypted: only the boolean true', () => {
    const only = (v: string) => creationRuleFor(`creation_rules:\n  - mac_only_encrypted: ${v}\n`, 'a.yaml')?.macOnlyEncrypted;
    expect(only('true')).to.equal(true);
    expect(only('"true"')).to.equal(false);
    expect(only('false')).to.equal(false);
  });

  it('unsupported key sources: each of them as a string or a list, in a fixed order; empty ones are none', () => {
    const unsupported = (fields: string) => creationRuleFor(`creation_rules:\n  - age: age1aaa\n${fields}`, 'a.yaml')?.unsupported;
    expect(unsupported('    pgp: 85D77543B3D624B63CEA9E6DBC17301B491B3F21\n')).to.deep.equal(['pgp']);
    expect(unsupported('    kms: arn:aws:kms:x\n')).to.deep.equal(['kms']);
    expect(unsupported('    gcp_kms: projects/x\n')).to.deep.equal(['gcp_kms']);
    expect(unsupported('    azure_keyvault: https://v.vault.azure.net/keys/k/1\n')).to.deep.equal(['azure_keyvault']);
    expect(unsupported('    hc_vault_transit_uri: https://vault/v1/sops/keys/k\n')).to.deep.equal(['hc_vault_transit_uri']);
    // Key groups are a list of mappings: no string in them, still a key source.
    expect(unsupported('    key_groups:\n      - age: [age1bbb]\n')).to.deep.equal(['key_groups']);
    expect(unsupported('    key_groups:\n      - age: [age1bbb]\n    hc_vault_transit_uri: [u]\n    pgp: [p]\n    azure_keyvault: a\n    kms: k\n    gcp_kms: g\n'))
      .to.deep.equal(['pgp', 'kms', 'gcp_kms', 'azure_keyvault', 'hc_vault_transit_uri', 'key_groups']);
    expect(unsupported('    pgp: ""\n    kms: []\n    gcp_kms: " , "\n    key_groups: []\n    hc_vault_transit_uri: 3\n    azure_keyvault: {a: b}\n')).to.deep.equal([]);
  });
});

describe('SOPS config: where age identities are looked for', () => {
  const keys = (loc: IdentityLocation[]) => loc.map((l) => [l.label, l.kind, l.value, l.optional]);

  it('Linux, nothing set: only the default keys file under ~/.config, optional', () => {
    expect(identityLocations({ env: {}, home: '/home/me', platform: 'linux' })).to.deep.equal([
      { label: '/home/me/.config/sops/age/keys.txt', kind: 'file', value: '/home/me/.config/sops/age/keys.txt', optional: true },
    ]);
  });

  it('every variable set: SOPS_AGE_KEY, SOPS_AGE_KEY_FILE (with its path), SOPS_AGE_KEY_CMD, then the default file under XDG_CONFIG_HOME', () => {
    const env = { SOPS_AGE_KEY: 'inline keys', SOPS_AGE_KEY_FILE: '/keys/a.txt', SOPS_AGE_KEY_CMD: 'pass show age', XDG_CONFIG_HOME: '/xdg' };
    expect(keys(identityLocations({ env, home: '/home/me', platform: 'linux' }))).to.deep.equal([
      ['SOPS_AGE_KEY', 'inline', 'inline keys', false],
      ['SOPS_AGE_KEY_FILE (/keys/a.txt)', 'file', '/keys/a.txt', false],
      ['SOPS_AGE_KEY_CMD', 'command', 'pass show age', false],
      ['/xdg/sops/age/keys.txt', 'file', '/xdg/sops/age/keys.txt', true],
    ]);
  });

  it('empty variables are not set', () => {
    const env = { SOPS_AGE_KEY: '', SOPS_AGE_KEY_FILE: '', SOPS_AGE_KEY_CMD: '', XDG_CONFIG_HOME: '' };
    expect(keys(identityLocations({ env, home: '/h', platform: 'linux' }))).to.deep.equal([['/h/.config/sops/age/keys.txt', 'file', '/h/.config/sops/age/keys.txt', true]]);
  });

  it('macOS: ~/Library/Application Support; XDG_CONFIG_HOME still wins', () => {
    expect(keys(identityLocations({ env: {}, home: '/Users/me', platform: 'darwin' }))).to.deep.equal([
      ['/Users/me/Library/Application Support/sops/age/keys.txt', 'file', '/Users/me/Library/Application Support/sops/age/keys.txt', true],
    ]);
    expect(identityLocations({ env: { XDG_CONFIG_HOME: '/xdg' }, home: '/Users/me', platform: 'darwin' })[0].value).to.equal('/xdg/sops/age/keys.txt');
  });

  it('Windows: %AppData% with backslashes, else the home folder\'s .config; AppData does not count elsewhere', () => {
    expect(keys(identityLocations({ env: { AppData: 'C:\\Users\\me\\AppData\\Roaming' }, home: 'C:\\Users\\me', platform: 'win32' }))).to.deep.equal([
      ['C:\\Users\\me\\AppData\\Roaming\\sops\\age\\keys.txt', 'file', 'C:\\Users\\me\\AppData\\Roaming\\sops\\age\\keys.txt', true],
    ]);
    expect(identityLocations({ env: {}, home: 'C:\\Users\\me', platform: 'win32' })[0].value).to.equal('C:\\Users\\me\\.config\\sops\\age\\keys.txt');
    expect(identityLocations({ env: { AppData: '/appdata' }, home: '/home/me', platform: 'linux' })[0].value).to.equal('/home/me/.config/sops/age/keys.txt');
    expect(identityLocations({ env: { SOPS_AGE_KEY_FILE: 'C:\\k.txt', XDG_CONFIG_HOME: 'D:\\cfg' }, home: 'C:\\Users\\me', platform: 'win32' }).map((l) => l.label))
      .to.deep.equal(['SOPS_AGE_KEY_FILE (C:\\k.txt)', 'D:\\cfg\\sops\\age\\keys.txt']);
  });
});

describe('SOPS config: the identities of a keys file', () => {
  it('AGE-SECRET-KEY- lines, trimmed, in order; comments, blank lines, public keys and other text skipped', () => {
    const text = '# created: 2024-01-01\r\n# public key: age1pub\r\n  AGE-SECRET-KEY-1FIRST  \r\n\nage1pub\nnot a key AGE-SECRET-KEY-1X\nAGE-SECRET-KEY-1SECOND\n\tAGE-SECRET-KEY-1THIRD';
    expect(parseIdentities(text)).to.deep.equal(['AGE-SECRET-KEY-1FIRST', 'AGE-SECRET-KEY-1SECOND', 'AGE-SECRET-KEY-1THIRD']);
    expect(parseIdentities('')).to.deep.equal([]);
    expect(parseIdentities('age-secret-key-1lower\n')).to.deep.equal([]);
  });
});
