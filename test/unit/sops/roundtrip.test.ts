import * as assert from 'node:assert/strict';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { parseDefinition, toValue, validateDocument, type DefinitionDocument } from '../../../core';
import { decryptSops, encryptSops, readSopsMetadata, reencryptSops, SopsError, type EncryptionRule } from '../../../core/sops';

/** Values that must never appear in an encrypted file (or in any output). */
const SECRET_DB = 'pg-password-ROUNDTRIP-1';
const SECRET_TOKEN = 'stripe-key-ROUNDTRIP-2';
const SECRET_QOVERY = 'qovery-value-ROUNDTRIP-3';

const NF_YAML = `name: api-secrets
secretType: environment
priority: 10
tags: [backend, "team-42"]
restrictions:
  restricted: true
  nfObjects:
    - id: api
      type: service
addonDependencies:
  - addonId: postgres
    keys:
      - keyName: POSTGRES_URI
        aliases: [DATABASE_URL]
secrets:
  variables:
    DB_PASSWORD: ${SECRET_DB}
    STRIPE_KEY: "${SECRET_TOKEN}"
    CALLBACK: \${DATABASE_URL}/cb
    "1234": numeric-key-value
    EMPTY: ""
    PORT_plain: "5432"
  files:
    /etc/app/config.json:
      data: eyJkZWJ1ZyI6IGZhbHNlfQ==
`;

const NF_JSON = JSON.stringify(toValue(parseDefinition('a.northflank-secret.yaml', NF_YAML)!.root), null, 2);

const QOVERY_YAML = `project: 3c90c3cc-0d44-4b50-8888-8dd25736052a
secrets:
  - key: STRIPE_API_KEY
    value: ${SECRET_QOVERY}
    description: Stripe key
  - key: TLS_CERT
    value: "-----BEGIN CERTIFICATE-----"
    mount_path: /etc/tls/cert.pem
aliases:
  - key: DB_NAME
    target: STRIPE_API_KEY
overrides:
  - target: QOVERY_SOME_BUILT_IN
    value: other-value
`;

const RULES: { name: string; rule?: EncryptionRule; macOnlyEncrypted?: boolean }[] = [
  { name: 'sops defaults (every value)' },
  { name: 'encrypted_regex', rule: { kind: 'encrypted_regex', value: '^(variables|data|value)$' } },
  { name: 'unencrypted_suffix', rule: { kind: 'unencrypted_suffix', value: '_plain' } },
  { name: 'mac_only_encrypted with encrypted_regex', rule: { kind: 'encrypted_regex', value: '^(variables|data|value)$' }, macOnlyEncrypted: true },
];

const parse = (name: string, text: string): DefinitionDocument => {
  const doc = parseDefinition(name, text);
  assert.ok(doc, name);
  return doc;
};

describe('SOPS round trips (a key generated for the test)', () => {
  let identity: string;
  let recipient: string;
  before(async () => {
    identity = await generateIdentity();
    recipient = await identityToRecipient(identity);
  });

  const cases = [
    { file: 'api.northflank-secret.yaml', text: NF_YAML },
    { file: 'api.northflank-secret.json', text: NF_JSON },
    { file: 'shop.qovery-secrets.yaml', text: QOVERY_YAML },
  ];
  for (const { file, text } of cases) {
    for (const { name, rule, macOnlyEncrypted } of RULES) {
      it(`${file}, ${name}: encrypts, validates cleanly while encrypted, decrypts to the same document`, async () => {
        const plain = parse(file, text);
        assert.deepEqual(validateDocument(plain).map((d) => d.code), [], 'the plain file is valid');
        const encrypted = await encryptSops(plain, { recipients: [recipient], rule, macOnlyEncrypted });
        for (const secret of [SECRET_DB, SECRET_TOKEN, SECRET_QOVERY]) assert.ok(!encrypted.includes(secret), 'no plaintext secret in the encrypted file');
        const doc = parse(file, encrypted);
        assert.ok(doc.sops, 'recognised as SOPS-encrypted');
        assert.ok(doc.sops.encrypted.size > 0);
        assert.deepEqual(validateDocument(doc).map((d) => `${d.code}@${d.range.start.line}`), [], 'no diagnostic while encrypted');
        const meta = readSopsMetadata(doc.root);
        assert.equal(meta?.macOnlyEncrypted, macOnlyEncrypted === true);
        const decrypted = await decryptSops(doc, [identity]);
        const back = parse(file, decrypted.text);
        assert.deepEqual(toValue(back.root), toValue(plain.root));
        assert.deepEqual(validateDocument(back).map((d) => d.code), []);
      });
    }
  }

  it('an edit of the decrypted text re-encrypts only the changed value and keeps the others', async () => {
    const encrypted = await encryptSops(parse('a.northflank-secret.yaml', NF_YAML), { recipients: [recipient] });
    const doc = parse('a.northflank-secret.yaml', encrypted);
    const decrypted = await decryptSops(doc, [identity]);
    const edited = decrypted.text.replace(SECRET_DB, 'changed-ROUNDTRIP').replace('priority: 10', 'priority: 11');
    const saved = await reencryptSops(doc, [identity], parse('a.northflank-secret.yaml', edited));
    const encOf = (text: string, key: string) => new RegExp(`${key}: (ENC\\[[^\\]]+\\])`).exec(text)?.[1];
    assert.equal(encOf(saved, 'STRIPE_KEY'), encOf(encrypted, 'STRIPE_KEY'), 'unchanged: same ciphertext');
    assert.equal(encOf(saved, 'name'), encOf(encrypted, 'name'));
    assert.notEqual(encOf(saved, 'DB_PASSWORD'), encOf(encrypted, 'DB_PASSWORD'), 'changed: encrypted again');
    assert.notEqual(encOf(saved, 'priority'), encOf(encrypted, 'priority'));
    const again = await decryptSops(parse('a.northflank-secret.yaml', saved), [identity]);
    const value = toValue(parse('a.northflank-secret.yaml', again.text).root) as { priority: number; secrets: { variables: Record<string, string> } };
    assert.equal(value.priority, 11);
    assert.equal(value.secrets.variables.DB_PASSWORD, 'changed-ROUNDTRIP');
  });

  it('reads the metadata layouts of sops 3.8/3.9 (struct order, empty lists, JSON nulls) and 3.10 (sorted, omitted)', async () => {
    const yaml = await encryptSops(parse('a.northflank-secret.yaml', NF_YAML), { recipients: [recipient] });
    // 3.10 is what encryptSops writes. Rewrite the block as 3.8/3.9 wrote it: the MAC does not cover the block.
    const block = /\nsops:\n[\s\S]*$/.exec(yaml)![0];
    const age = / {2}age:\n[\s\S]*?(?=\n {2}lastmodified)/.exec(block)![0];
    const field = (k: string) => new RegExp(`\\n  ${k}: .*`).exec(block)![0];
    const old = `\nsops:\n  kms: []\n  gcp_kms: []\n  azure_kv: []\n  hc_vault: []\n${age}${field('lastmodified')}${field('mac')}\n  pgp: []${field('unencrypted_suffix')}\n  version: 3.8.1\n`;
    const doc38 = parse('a.northflank-secret.yaml', yaml.replace(block, old));
    assert.deepEqual(validateDocument(doc38).map((d) => d.code), []);
    await decryptSops(doc38, [identity]);

    const json = await encryptSops(parse('a.northflank-secret.json', NF_JSON), { recipients: [recipient] });
    const value = JSON.parse(json) as { sops: Record<string, unknown> };
    const { sops } = value;
    value.sops = { kms: null, gcp_kms: null, azure_kv: null, hc_vault: null, age: sops.age, lastmodified: sops.lastmodified, mac: sops.mac, pgp: null, unencrypted_suffix: sops.unencrypted_suffix, version: '3.9.4' };
    const doc39 = parse('a.northflank-secret.json', JSON.stringify(value, null, '\t'));
    assert.deepEqual(validateDocument(doc39).map((d) => d.code), []);
    await decryptSops(doc39, [identity]);
  });

  it('JSON numbers typed float (as sops ≤ 3.9 writes them) validate where an integer is required', async () => {
    const json = await encryptSops(parse('a.northflank-secret.json', NF_JSON), { recipients: [recipient] });
    assert.match(json, /"priority": "ENC\[[^\]]*type:int\]"/);
    const asFloat = json.replace(/("priority": "ENC\[[^\]]*type:)int\]/, '$1float]');
    assert.deepEqual(validateDocument(parse('a.northflank-secret.json', asFloat)).map((d) => d.code), []);
  });

  it('an encrypted value of the wrong type is an error on that value; the value rules answer unknown', async () => {
    const encrypted = await encryptSops(parse('a.northflank-secret.yaml', NF_YAML.replace('priority: 10', 'priority: "ten"').replace('secretType: environment', 'secretType: enviroment')), { recipients: [recipient] });
    const doc = parse('a.northflank-secret.yaml', encrypted);
    const diagnostics = validateDocument(doc);
    assert.deepEqual(diagnostics.map((d) => d.code), ['invalid-type']);
    const line = encrypted.split('\n')[diagnostics[0].range.start.line];
    assert.match(line, /^priority: ENC\[.*type:str\]$/);
    assert.equal(diagnostics[0].range.start.character, 'priority: '.length);
  });

  it('a value added in clear by hand is refused, and so is a tampered value', async () => {
    const encrypted = await encryptSops(parse('a.northflank-secret.yaml', NF_YAML), { recipients: [recipient] });
    const added = encrypted.replace('  variables:\n', '  variables:\n    ADDED: by-hand\n');
    await assert.rejects(decryptSops(parse('a.northflank-secret.yaml', added), [identity]), (e: unknown) => e instanceof SopsError && e.code === 'cleartext-value' && /secrets\.variables\.ADDED/.test(e.message));
    const tampered = encrypted.replace(/(DB_PASSWORD: ENC\[AES256_GCM,data:)(.)/, (_m, a: string, c: string) => `${a}${c === 'A' ? 'B' : 'A'}`);
    await assert.rejects(decryptSops(parse('a.northflank-secret.yaml', tampered), [identity]), (e: unknown) => e instanceof SopsError && e.code === 'tampered');
  });

  it('the MAC covers values left in clear, except with mac_only_encrypted (as sops 3.9+ computes it)', async () => {
    // sops 3.9's mac_only_encrypted hashes the encrypted values only: a clear value may change without breaking it.
    const encrypted = await encryptSops(parse('a.northflank-secret.yaml', NF_YAML), { recipients: [recipient], rule: { kind: 'encrypted_regex', value: '^variables$' }, macOnlyEncrypted: true });
    await decryptSops(parse('a.northflank-secret.yaml', encrypted.replace('priority: 10', 'priority: 12')), [identity]);
    // Without it, the same change breaks the MAC.
    const full = await encryptSops(parse('a.northflank-secret.yaml', NF_YAML), { recipients: [recipient], rule: { kind: 'encrypted_regex', value: '^variables$' } });
    await assert.rejects(decryptSops(parse('a.northflank-secret.yaml', full.replace('priority: 10', 'priority: 12')), [identity]), (e: unknown) => e instanceof SopsError && e.code === 'mac-mismatch');
  });

  it('no identity that fits: a message naming the recipients; another key source: "use sops exec-file"', async () => {
    const other = await generateIdentity();
    const encrypted = await encryptSops(parse('a.northflank-secret.yaml', NF_YAML), { recipients: [recipient] });
    await assert.rejects(decryptSops(parse('a.northflank-secret.yaml', encrypted), [other], 'SOPS_AGE_KEY'), (e: unknown) => {
      assert.ok(e instanceof SopsError && e.code === 'no-key');
      assert.ok(e.message.includes(recipient));
      assert.ok(!e.message.includes(other) && !e.message.includes(identity), 'never a secret key in a message');
      return true;
    });
    const pgp = encrypted.replace(/\nsops:\n {2}age:\n[\s\S]*?(?=\n {2}lastmodified)/, '\nsops:\n  pgp:\n    - fp: 85D77543B3D624B63CEA9E6DBC17301B491B3F21\n      enc: x');
    await assert.rejects(decryptSops(parse('a.northflank-secret.yaml', pgp), [identity]), (e: unknown) => e instanceof SopsError && e.code === 'unsupported-key-source' && /sops exec-file/.test(e.message));
  });
});
