import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CODES, FILE_KINDS, SCHEMAS, schemaId, type JsonSchema } from '../../server/src/core';
import { ROOT } from '../helpers/paths';

describe('documentation stays true', () => {
  it('the README lists every diagnostic code with its severity, and no other', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `([a-z0-9-]+)` \| (error|warning|information|hint) \|/gm)].map((m) => [m[1], m[2]]);
    const documented = new Map(rows.map(([code, severity]) => [code, severity]));
    for (const [code, info] of Object.entries(CODES)) {
      assert.equal(documented.get(code), info.severity, `README row for "${code}"`);
    }
    for (const code of documented.keys()) assert.ok(code in CODES, `README documents "${code}", which the code does not have`);
  });
});

describe('bundled schemas', () => {
  for (const kind of FILE_KINDS) {
    const schema = SCHEMAS[kind];
    it(`${kind}: $id, title, examples and snippets`, () => {
      assert.equal(schema.$id, schemaId(kind));
      assert.ok(schema.title && schema.description);
      assert.ok(Array.isArray(schema.examples) && schema.examples.length > 0);
      assert.ok(Array.isArray(schema.defaultSnippets) && schema.defaultSnippets.length > 0);
    });
    it(`${kind}: every field has a description`, () => {
      const missing: string[] = [];
      const resolve = (s: JsonSchema): JsonSchema => {
        const ref = s.$ref;
        if (typeof ref !== 'string') return s;
        const name = ref.replace('#/definitions/', '');
        return (schema.definitions as Record<string, JsonSchema>)[name];
      };
      const visit = (s: JsonSchema, where: string, depth: number): void => {
        if (depth > 12) return;
        const r = resolve(s);
        if (!r.description) missing.push(where);
        for (const [name, child] of Object.entries(r.properties ?? {})) visit(child, `${where}.${name}`, depth + 1);
        if (r.items) visit(r.items, `${where}[]`, depth + 1);
        if (r.additionalProperties && typeof r.additionalProperties === 'object') visit(r.additionalProperties, `${where}{}`, depth + 1);
      };
      visit(schema, kind, 0);
      assert.deepEqual(missing, []);
    });
  }
});
