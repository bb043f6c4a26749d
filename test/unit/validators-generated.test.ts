/**
 * The validators the core runs are generated from schemas/ by scripts/validators.ts (ajv's standalone code; no
 * schema compiler ships). These tests keep the committed file true to the schemas and check the parts of it that
 * the schema engine rebuilds itself: an error's schema and value (ajv's `verbose`, not generated) and the warnings.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseDefinition, validateDocument, FILE_KINDS } from '../../core';
import { validatorFor } from '../../core/schema/engine';
import { SCHEMA_PARTS, validatorName } from '../../core/schema/parts';
import * as generated from '../../core/schema/validators.generated';
import { GENERATED_FILE, generateValidators } from '../../scripts/validators';

describe('generated validators', () => {
  it('are what scripts/validators.ts writes from the schemas today (else: npm run generate)', () => {
    assert.equal(readFileSync(GENERATED_FILE, 'utf8'), generateValidators(), 'core/schema/validators.generated.ts is out of date: run `npm run generate`, then `npm run build`, and commit it');
  });

  it('exist for every kind and every schema part, under the names the engine asks for', () => {
    const names = Object.keys(generated);
    for (const kind of FILE_KINDS) assert.ok(names.includes(validatorName(kind)), kind);
    for (const part of SCHEMA_PARTS) assert.ok(names.includes(part.name), part.name);
    for (const kind of FILE_KINDS) assert.equal(typeof validatorFor(kind), 'function');
  });

  it('give warnings with the rule code, message and place, and nothing of the rule schema itself', () => {
    const v = validatorFor('northflank-secret');
    assert.equal(v({ name: 'ab', secretType: 'environment', priority: 1, tags: ['ok-tag', 'x'] }), false);
    const errors = (v.errors ?? []).map((e) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`);
    assert.deepEqual(errors.sort(), [
      '/name minLength {"limit":3}',
      '/name x-secretdef-warning {"code":"nf-create-name","rule":0}',
      '/tags/1 x-secretdef-warning {"code":"nf-create-tag","rule":0}',
    ]);
    // A value that passes every rule gives no error at all (the rules' own errors are dropped).
    assert.equal(v({ name: 'api-keys', secretType: 'environment', priority: 1, tags: ['ok-tag'] }), true);
    assert.deepEqual(v.errors, null);
  });

  it('map onto diagnostics with the schema and value found from the error (pattern message, range of data, required rule)', () => {
    const text = [
      'name: api',
      'secretType: environmen',
      'priority: 101',
      'description: "a|b"',
      'addonDependencies:',
      '  - addonId: db',
      'secrets:',
      '  variables:',
      '    "BAD KEY": x',
      '',
    ].join('\n');
    const doc = parseDefinition('/w/g.northflank-secret.yaml', text);
    assert.ok(doc);
    const got = validateDocument(doc).map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.character} ${d.message}`);
    const find = (code: string): string => got.find((g) => g.startsWith(`${code} `)) ?? assert.fail(`no ${code} in ${got.join('\n')}`);
    // enum: the value itself ("data") is quoted and a suggestion made.
    assert.match(find('invalid-value'), /^invalid-value 1:12-22 "environmen" is not an allowed value for "secretType"\. .*Did you mean "environment"\?/);
    // minimum and maximum come from the parent schema.
    assert.match(find('number-out-of-range'), /^number-out-of-range 2:10-13 "priority" must be from 0 to 100; 101 is out of range\./);
    // The rule that requires "keys" points at the mapping's first key, not at a value.
    assert.match(find('nf-create-addon-keys'), /^nf-create-addon-keys 5:4-11 /);
    // A key that breaks `propertyNames` gets the specific code of the parent schema (x-secretdef-code).
    assert.match(find('nf-variable-name'), /^nf-variable-name 8:4-13 "BAD KEY" is not allowed as a key/);
    assert.match(find('invalid-pattern'), /^invalid-pattern 3:13-18 "a\|b" is not a valid value for "description"/);
  });
});
