import * as assert from 'node:assert/strict';
import { parseDefinition, validateDocument, type DefinitionDocument } from '../../core';
import { envNameFor, envReferences, envSourceOf, isWholeReference, layerOf, malformedEnvReferences, substitute } from '../../core/env/references';
import { missingReferencesMessage, resolveDefinition, valueSources } from '../../core/env/values';
import { templateReferences } from '../../core/rules/templates';

const parse = (name: string, text: string): DefinitionDocument => {
  const doc = parseDefinition(name, text);
  assert.ok(doc);
  return doc;
};

const GROUP = `name: api-secrets
secretType: environment
priority: 10
secrets:
  variables:
    DB_PASSWORD: \${env:DB_PASSWORD}
    DATABASE_URL: postgres://app:\${env:DB_PASSWORD}@db:5432/app
    CALLBACK: \${DATABASE_URL}/cb?t=\${env:CALLBACK_TOKEN}
    NODE_ENV: production
  files:
    /etc/app/cert.pem:
      data: \${env:CERT_B64}
`;

describe('${env:NAME} references', () => {
  it('finds whole and partial references; Northflank templates are not ours and ours are not theirs', () => {
    assert.deepEqual(envReferences('postgres://app:${env:DB_PASSWORD}@db/${env:DB}').map((r) => r.name), ['DB_PASSWORD', 'DB']);
    assert.ok(isWholeReference('${env:X}'));
    assert.ok(!isWholeReference('a${env:X}'));
    assert.deepEqual(templateReferences('${env:DB_PASSWORD} ${DATABASE_URL}').map((r) => r.name), ['DATABASE_URL']);
    assert.deepEqual(envReferences('${fn.randomSecret(32)} ${refs.db.password} ${args.x} ${NAME}'), []);
    assert.deepEqual(malformedEnvReferences('${env:} ${env:A-B} ${env:OK} ${env:1X} ${env:OPEN').map((m) => m.text), ['${env:}', '${env:A-B}', '${env:1X}', '${env:OPEN']);
  });

  it('takes each name from the first layer that has it, and says which', () => {
    const layers = [layerOf('the environment', { DB_PASSWORD: 'from-env' }), layerOf('.env.local', new Map([['DB_PASSWORD', 'from-file'], ['TOKEN', 't']]))];
    assert.equal(envSourceOf('DB_PASSWORD', layers)?.label, 'the environment');
    assert.equal(envSourceOf('TOKEN', layers)?.label, '.env.local');
    assert.equal(envSourceOf('NOPE', layers), undefined);
    assert.deepEqual(substitute('a:${env:DB_PASSWORD}:${env:TOKEN}:${env:NOPE}', layers), { value: undefined, names: ['DB_PASSWORD', 'TOKEN', 'NOPE'], missing: ['NOPE'], used: ['from-env', 't'] });
    assert.equal(substitute('a:${env:TOKEN}', layers).value, 'a:t');
  });

  it('a file with references validates cleanly without any value (base64 data from the environment included)', () => {
    assert.deepEqual(validateDocument(parse('a.northflank-secret.yaml', GROUP)).map((d) => d.code), []);
    const qovery = parse('a.qovery-secrets.yaml', 'secrets:\n  - key: STRIPE\n    value: ${env:STRIPE}\noverrides:\n  - target: QOVERY_X\n    value: x-${env:X}\n');
    assert.deepEqual(validateDocument(qovery).map((d) => d.code), []);
  });

  it('resolves the body, labels the sources for the plan, and lists every missing name once', () => {
    const doc = parse('a.northflank-secret.yaml', GROUP);
    const partial = resolveDefinition(doc, [layerOf('the environment', { DB_PASSWORD: 's3cret-ENV-1' })]);
    assert.deepEqual(partial.missing, ['CALLBACK_TOKEN', 'CERT_B64']);
    const message = missingReferencesMessage(partial.missing);
    assert.match(message, /CALLBACK_TOKEN, CERT_B64/);
    assert.match(message, /Nothing was sent/);
    const full = resolveDefinition(doc, [layerOf('the environment', { DB_PASSWORD: 's3cret-ENV-1', CALLBACK_TOKEN: 'tok-ENV-2', CERT_B64: 'Y2VydA==' })]);
    assert.deepEqual(full.missing, []);
    const variables = (full.body.secrets as { variables: Record<string, string> }).variables;
    assert.equal(variables.DB_PASSWORD, 's3cret-ENV-1');
    assert.equal(variables.DATABASE_URL, 'postgres://app:s3cret-ENV-1@db:5432/app');
    assert.equal(variables.CALLBACK, '${DATABASE_URL}/cb?t=tok-ENV-2', "Northflank's own template is kept for Northflank");
    assert.deepEqual([...full.sources.values()], ['from env DB_PASSWORD', 'from env DB_PASSWORD', 'from env CALLBACK_TOKEN', 'from env CERT_B64']);
    assert.deepEqual(full.used.sort(), ['Y2VydA==', 's3cret-ENV-1', 's3cret-ENV-1', 'tok-ENV-2']);
    // The document itself is untouched.
    assert.ok(doc.text.includes('${env:DB_PASSWORD}'));
  });

  it('value sources: known with the environment, unknown without it; written values are known', () => {
    const doc = parse('a.northflank-secret.yaml', GROUP);
    const without = valueSources(doc);
    assert.deepEqual(without.map((s) => [s.name, s.from.join('+'), s.value]), [
      ['DB_PASSWORD', 'env', undefined], ['DATABASE_URL', 'env', undefined], ['CALLBACK', 'env', undefined], ['NODE_ENV', 'file', 'production'], ['/etc/app/cert.pem', 'env', undefined],
    ]);
    const withEnv = valueSources(doc, { env: [layerOf('the environment', { DB_PASSWORD: 'p' })] });
    assert.equal(withEnv[1].value, 'postgres://app:p@db:5432/app');
    assert.deepEqual(withEnv[2].missing, ['CALLBACK_TOKEN']);
    assert.equal(withEnv[2].label, 'from env CALLBACK_TOKEN');
  });

  it('derives environment names from keys', () => {
    assert.equal(envNameFor('db-password'), 'DB_PASSWORD');
    assert.equal(envNameFor('/etc/app/cert.pem'), 'ETC_APP_CERT_PEM');
    assert.equal(envNameFor('1st'), '_1ST');
  });
});
