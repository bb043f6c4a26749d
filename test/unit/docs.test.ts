import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CODES, FILE_KINDS, SCHEMAS, schemaId, type JsonSchema } from '../../core';
import { parseMarkers } from '../helpers/markers';
import { FIXTURES, ROOT } from '../helpers/paths';

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

describe('every diagnostic code is produced by a test', () => {
  /** Codes that no fixture can show, with the test that produces them (checked to name the code). */
  const elsewhere: Record<string, string> = {
    'file-too-large': 'test/protocol/unbreakable.test.ts',
    'too-many-problems': 'test/protocol/diagnostics.test.ts',
    'unknown-file-kind': 'test/cli/validate.test.ts',
    'file-unreadable': 'test/cli/validate.test.ts',
    // Live checks need a live catalog: a fake one stands in.
    'nf-unknown-addon': 'test/unit/catalog.test.ts',
    'nf-unknown-addon-key': 'test/unit/catalog.test.ts',
    'nf-unknown-restriction-target': 'test/unit/catalog.test.ts',
    'qovery-unknown-target': 'test/unit/catalog.test.ts',
    'qovery-target-scope': 'test/unit/catalog.test.ts',
    // Only for files tracked by git, found asynchronously: the editor and `secretdef validate` add it.
    'literal-secret': 'test/unit/literal.test.ts',
  };
  /** Fallbacks of the schema engine for rules our schemas do not use; they should never appear. */
  const fallbacks = ['invalid-property-name', 'schema-violation'];

  it('has a golden fixture with its exact range, or a named test', () => {
    const inFixtures = new Set<string>();
    for (const dir of ['rules', 'fixes', 'templates']) {
      for (const f of readdirSync(path.join(FIXTURES, dir)).filter((x) => /\.(ya?ml|json)$/.test(x))) {
        for (const e of parseMarkers(readFileSync(path.join(FIXTURES, dir, f), 'utf8')).expected) inFixtures.add(e.code);
      }
    }
    const missing: string[] = [];
    for (const code of Object.keys(CODES)) {
      if (fallbacks.includes(code) || inFixtures.has(code)) continue;
      const test = elsewhere[code];
      if (!test || !readFileSync(path.join(ROOT, test), 'utf8').includes(`'${code}`)) missing.push(code);
    }
    assert.deepEqual(missing, []);
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
