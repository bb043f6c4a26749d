import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { SCHEMAS, type JsonSchema } from '../../core';
import { QOVERY_OPENAPI } from '../helpers/contracts';

/**
 * Which fields of a Qovery file may be null is decided by Qovery's official OpenAPI spec (`nullable: true`): each
 * section of the file is the request body that pushes it, and a field takes null exactly when the spec says so.
 */
type Spec = { components: { schemas: Record<string, { properties: Record<string, { nullable?: boolean }> }> } };

describe('Qovery fields that may be null follow the official OpenAPI spec', function () {
  let spec: Spec;
  before(function () {
    if (!existsSync(QOVERY_OPENAPI)) {
      console.log(`    (skipped: Qovery's OpenAPI spec is not at ${QOVERY_OPENAPI}; set SECRETDEF_QOVERY_OPENAPI)`);
      this.skip();
    }
    spec = parse(readFileSync(QOVERY_OPENAPI, 'utf8')) as Spec;
  });

  // The file's sections and the request bodies that push them (POST …/secret, POST …/alias, POST …/override).
  const SECTIONS: [string, string][] = [['secrets', 'SecretRequest'], ['aliases', 'Key'], ['overrides', 'Value']];

  const resolve = (schema: JsonSchema): JsonSchema => {
    const ref = schema.$ref;
    if (typeof ref !== 'string') return schema;
    let node: unknown = SCHEMAS['qovery-secrets'];
    for (const part of ref.slice(2).split('/')) node = (node as Record<string, unknown>)[part];
    return node as JsonSchema;
  };
  const takesNull = (schema: JsonSchema): boolean => {
    const type = resolve(schema).type;
    return Array.isArray(type) ? type.includes('null') : type === 'null';
  };

  for (const [section, request] of SECTIONS) {
    it(`${section}: exactly the fields ${request} declares nullable take null`, () => {
      const official = spec.components.schemas[request].properties;
      const ours = (SCHEMAS['qovery-secrets'].properties?.[section].items?.properties ?? {}) as Record<string, JsonSchema>;
      const shared = Object.keys(official).filter((k) => k in ours);
      assert.ok(shared.length >= 2, `${section} shares too few fields with ${request}: ${shared.join(', ')}`);
      for (const field of shared) {
        assert.equal(takesNull(ours[field]), official[field].nullable === true, `${section}.${field}: nullable in ${request} is ${String(official[field].nullable === true)}`);
      }
    });
  }
});
