import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { parse as parseDotenv } from 'dotenv';
import { parseDefinition } from '../../core';
import { layerOf } from '../../core/env/references';
import { encryptSops } from '../../core/sops';
import { creationRuleFor } from '../../core/sops/config';
import { dotenvLine, findAgeIdentities } from '../../sync/local';
import { knownValues } from '../../sync/resolve';

describe('sync/local: what a push reads from the machine', () => {
  it('writes env lines that dotenv reads back exactly', () => {
    for (const value of ['plain', 'with spaces # and a hash', "it's", 'say "hi"', "both ' and \"", 'line one\nline two', 'back`tick', '${env:NOT_EXPANDED}', 'a\\nb']) {
      const line = dotenvLine('NAME', value);
      assert.equal(parseDotenv(line).NAME, value, line);
    }
    assert.throws(() => dotenvLine('NAME', 'all \' " ` quotes'), /cannot be written/);
  });

  it('finds age identities as sops does: the union of SOPS_AGE_KEY, SOPS_AGE_KEY_FILE and the default keys.txt', async () => {
    const [a, b, c] = await Promise.all([generateIdentity(), generateIdentity(), generateIdentity()]);
    const dir = mkdtempSync(path.join(tmpdir(), 'secretdef-keys-'));
    writeFileSync(path.join(dir, 'file.txt'), `# created: now\n# public key: age1…\n${b}\n`);
    mkdirSync(path.join(dir, 'xdg', 'sops', 'age'), { recursive: true });
    writeFileSync(path.join(dir, 'xdg', 'sops', 'age', 'keys.txt'), `${c}\n${a}\n`);
    const found = await findAgeIdentities({ SOPS_AGE_KEY: `# a comment\n${a}`, SOPS_AGE_KEY_FILE: path.join(dir, 'file.txt'), XDG_CONFIG_HOME: path.join(dir, 'xdg') }, { home: dir, platform: 'linux' });
    assert.deepEqual(found.identities, [a, b, c]);
    assert.equal(found.lookedAt, `SOPS_AGE_KEY, SOPS_AGE_KEY_FILE (${path.join(dir, 'file.txt')}), ${path.join(dir, 'xdg', 'sops', 'age', 'keys.txt')}`);
    const missing = await findAgeIdentities({ SOPS_AGE_KEY_FILE: path.join(dir, 'nope.txt') }, { home: dir, platform: 'linux' });
    assert.deepEqual(missing.identities, []);
    assert.match(missing.lookedAt, /SOPS_AGE_KEY_FILE \(.*nope\.txt\) cannot be read \(ENOENT\)/);
    assert.match(missing.lookedAt, /\.config\/sops\/age\/keys\.txt/);
    for (const id of [a, b, c]) assert.ok(!found.lookedAt.includes(id) && !missing.lookedAt.includes(id));
  });

  it('picks the first .sops.yaml creation rule whose path_regex matches', () => {
    const config = `creation_rules:
  - path_regex: ^prod/.*
    pgp: 85D77543B3D624B63CEA9E6DBC17301B491B3F21
  - path_regex: \\.northflank-secret\\.yaml$
    encrypted_regex: ^(variables|data)$
    mac_only_encrypted: true
    age: >-
      age1aaa,
      age1bbb
  - age: age1ccc
`;
    assert.deepEqual(creationRuleFor(config, 'prod/api.northflank-secret.yaml'), { recipients: [], macOnlyEncrypted: false, unsupported: ['pgp'], pathRegex: '^prod/.*' });
    assert.deepEqual(creationRuleFor(config, 'deploy/api.northflank-secret.yaml'), { recipients: ['age1aaa', 'age1bbb'], rule: { kind: 'encrypted_regex', value: '^(variables|data)$' }, macOnlyEncrypted: true, unsupported: [], pathRegex: '\\.northflank-secret\\.yaml$' });
    assert.deepEqual(creationRuleFor(config, 'other.qovery-secrets.yaml')?.recipients, ['age1ccc']);
    assert.equal(creationRuleFor('creation_rules: []\n', 'a.yaml'), undefined);
  });

  it('knownValues: each value\'s source, and its value where this machine can know it', async () => {
    const identity = await generateIdentity();
    const text = 'name: api-secrets\nsecretType: environment\npriority: 1\nsecrets:\n  variables:\n    A: from-sops\n    B: ${env:B}\n';
    const plain = parseDefinition('a.northflank-secret.yaml', text);
    assert.ok(plain);
    const encrypted = parseDefinition('a.northflank-secret.yaml', await encryptSops(plain, { recipients: [await identityToRecipient(identity)] }));
    assert.ok(encrypted);
    const env = [layerOf('the environment', { B: 'from-env' })];
    const known = await knownValues(encrypted, { env, identities: async () => ({ identities: [identity], lookedAt: 'test', problems: [] }) });
    assert.deepEqual(known.sources.map((k) => [k.name, k.from.join('+'), k.value, k.label]), [['A', 'sops', 'from-sops', 'from SOPS'], ['B', 'sops+env', 'from-env', 'from SOPS, env B']]);
    // What drift compares: the plaintext (settings are encrypted too), without the sops block.
    assert.equal(known.doc.sops, undefined);
    assert.equal(known.doc.text, text);
    const unknown = await knownValues(encrypted, { env, identities: async () => ({ identities: [], lookedAt: 'test', problems: [] }) });
    assert.deepEqual(unknown.sources.map((k) => [k.name, k.value]), [['A', undefined], ['B', undefined]]);
    assert.equal(unknown.doc, encrypted);
  });
});
