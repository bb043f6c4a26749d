import * as assert from 'node:assert/strict';
import { parseDefinition, type DefinitionDocument } from '../../core';
import { findLiteralSecrets, isTestFixturePath, literalSecretDiagnostics, looksRandom } from '../../core/secrets/literal';

const parse = (name: string, text: string): DefinitionDocument => {
  const doc = parseDefinition(name, text);
  assert.ok(doc);
  return doc;
};

// Made-up secrets of recognisable formats, assembled at run time so that this file is no secret scanner's finding.
const SLACK = ['xoxb', '1234567890', '1234567890123', 'abcdefghijklmnopqrstuvwx'].join('-');
const SENDGRID = `SG.${'abcdefghijklmnopqrstuv'}.${'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'}`;
const RANDOM = 'q8Zr2VhT5nLx0WcYb7PfJ3kDs9GmA1eU';

const GROUP = `name: api-secrets
secretType: environment
priority: 10
secrets:
  variables:
    SLACK_TOKEN: ${SLACK}
    SENDGRID_KEY: "${SENDGRID}"
    DATABASE_URL: postgres://app:hunter2-pw@db.internal:5432/app
    SIGNING_KEY: ${RANDOM}
    NODE_ENV: production
    SERVICE_NAME: storefront-api-production-settings
    PROJECT: 3c90c3cc-0d44-4b50-8888-8dd25736052a
    FROM_ENV: \${env:SLACK_TOKEN}
    URL_WITH_REF: postgres://app:\${env:DB_PASSWORD}@db:5432/app
    PULLED: REPLACE_ME
    TODO: changeme
    EXAMPLE: sk_test_placeholder
`;

describe('literal secrets (secretlint + entropy)', () => {
  it('flags known token formats, credentials in URLs and random keys, on the value, with an env name for the fix', async () => {
    const doc = parse('deploy/api.northflank-secret.yaml', GROUP);
    const diagnostics = await literalSecretDiagnostics(doc);
    assert.deepEqual(diagnostics.map((d) => d.code), ['literal-secret', 'literal-secret', 'literal-secret', 'literal-secret']);
    const lines = doc.text.split('\n');
    const at = diagnostics.map((d) => lines[d.range.start.line].slice(0, d.range.start.character).trim());
    assert.deepEqual(at, ['SLACK_TOKEN:', 'SENDGRID_KEY:', 'DATABASE_URL:', 'SIGNING_KEY:']);
    assert.equal(lines[diagnostics[1].range.start.line].slice(diagnostics[1].range.start.character, diagnostics[1].range.end.character), `"${SENDGRID}"`);
    assert.deepEqual(diagnostics.map((d) => d.data?.suggestions?.[0]), ['SLACK_TOKEN', 'SENDGRID_KEY', 'DATABASE_URL', 'SIGNING_KEY']);
    assert.match(diagnostics[0].message, /looks like a slack token, and this file is tracked by git/);
    assert.match(diagnostics[3].message, /high-entropy/);
    for (const d of diagnostics) for (const secret of [SLACK, SENDGRID, 'hunter2-pw', RANDOM]) assert.ok(!d.message.includes(secret), 'never the value in a message');
  });

  it('names the kind of token without the masked token some rules put after the name (no "token(*****)")', async () => {
    // secretlint's GitHub rule says "found GitHub Token(****…)": the stars are as long as the token.
    const token = ['ghp', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'].join('_');
    const doc = parse('deploy/gh.northflank-secret.yaml', `name: api\nsecretType: environment\npriority: 1\nsecrets:\n  variables:\n    GH: ${token}\n`);
    const [d] = await literalSecretDiagnostics(doc);
    assert.ok(d, 'the token is flagged');
    assert.match(d.message, /^The value of GH looks like a github token, and this file is tracked by git/);
    assert.ok(!d.message.includes('*') && !d.message.includes(token));
  });

  it('never flags placeholders, references, ids, words, SOPS ciphertexts or test fixtures', async () => {
    const quiet = parse('a.qovery-secrets.yaml', 'secrets:\n  - key: A\n    value: REPLACE_ME\n  - key: B\n    value: changeme\n  - key: C\n    value: ${env:C}\n  - key: D\n    value: "<your-api-key>"\n  - key: E\n    value: ENC[AES256_GCM,data:AAAA,iv:AAAA,tag:AAAA,type:str]\n');
    assert.deepEqual(await findLiteralSecrets(quiet), []);
    assert.deepEqual(await findLiteralSecrets(parse('test/fixtures/api.northflank-secret.yaml', GROUP)), []);
    assert.ok(isTestFixturePath('/repo/test/e2e/workspace/a.yaml'));
    assert.ok(!isTestFixturePath('/repo/deploy/latest/a.yaml'));
    assert.ok(!looksRandom('storefront-api-production-settings'));
    assert.ok(!looksRandom('3c90c3cc-0d44-4b50-8888-8dd25736052a'));
    assert.ok(looksRandom(RANDOM));
  });

  it('finds a private key in the decoded content of a secret file', async () => {
    const pem = ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun', 'VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK', '-----END RSA PRIVATE KEY-----', ''].join('\n');
    const doc = parse('a.northflank-secret.yaml', `name: api-secrets\nsecretType: environment\npriority: 10\nsecrets:\n  files:\n    /etc/app/key.pem:\n      data: ${Buffer.from(pem).toString('base64')}\n`);
    const found = await findLiteralSecrets(doc);
    assert.equal(found.length, 1);
    assert.equal(found[0].envName, 'ETC_APP_KEY_PEM');
    assert.match(found[0].what, /private ?key/i);
  });
});
