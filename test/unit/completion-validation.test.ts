// A completion item is never something validation would reject: on every golden fixture and every example, at the
// end of every value, each value offered is put in and the file validated again with the same catalog; no problem
// may then cover the inserted value. Completion and validation draw on the same value providers (core/values.ts).
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { complete, OFFLINE_CATALOG, parseDefinition, validateDocument, walk, type Catalog, type Completion, type DefinitionDocument, type Known } from '../../core';
import { catalogOf } from '../../server/src/catalogs';
import { demoSnapshot } from '../helpers/catalogs';
import { parseMarkers } from '../helpers/markers';
import { FIXTURES, ROOT } from '../helpers/paths';

const live = <T>(items: T[]): Known<T> => ({ status: 'live', items });

/** A live catalog whose names overlap the golden fixtures', so that some of their values are accepted and some not. */
const FIXTURE_CATALOG: Catalog = {
  addons: () => live([{ id: 'postgres', type: 'postgresql' }, { id: 'mongo', type: 'mongodb' }, { id: 'cache', type: 'redis' }]),
  addonKeys: (id) => (id === 'postgres' ? live([{ keyName: 'HOST' }, { keyName: 'POSTGRES_URI' }, { keyName: 'USERNAME' }, { keyName: 'PASSWORD' }]) : id === 'mongo' ? live([{ keyName: 'USERNAME' }, { keyName: 'MONGO_SRV' }]) : OFFLINE_CATALOG.addonKeys(id)),
  restrictionTargets: () => live([{ id: 'api', type: 'service' as const }, { id: 'web', type: 'service' as const }, { id: 'migrate', type: 'job' as const }]),
  tags: () => live(['frontend', 'backend', 'payments']),
  qoverySecrets: () => live([
    { key: 'QOVERY_DATABASE_PSQL_NAME', scope: 'BUILT_IN', variableType: 'BUILT_IN' },
    { key: 'QOVERY_SOME_BUILT_IN', scope: 'BUILT_IN', variableType: 'BUILT_IN' },
    { key: 'SHARED_TOKEN', scope: 'PROJECT', variableType: 'VALUE' },
    { key: 'OLD_ALIAS', scope: 'PROJECT', variableType: 'ALIAS', aliasOf: 'SHARED_TOKEN' },
    { key: 'APP_ONLY', scope: 'APPLICATION', variableType: 'VALUE' },
  ]),
};

interface Case {
  name: string;
  doc: DefinitionDocument;
  catalog: Catalog;
}

function cases(): Case[] {
  const out: Case[] = [];
  const rules = path.join(FIXTURES, 'rules');
  for (const file of readdirSync(rules).filter((f) => /\.(ya?ml|json)$/.test(f)).sort()) {
    const { text } = parseMarkers(readFileSync(path.join(rules, file), 'utf8'));
    const doc = parseDefinition(path.join(rules, file), text);
    assert.ok(doc, file);
    out.push({ name: `${file} (live)`, doc, catalog: FIXTURE_CATALOG }, { name: `${file} (offline)`, doc, catalog: OFFLINE_CATALOG });
  }
  const examples = path.join(ROOT, 'examples');
  for (const file of readdirSync(examples).filter((f) => /\.(ya?ml|json)$/.test(f)).sort()) {
    const doc = parseDefinition(path.join(examples, file), readFileSync(path.join(examples, file), 'utf8'));
    assert.ok(doc, file);
    out.push({ name: `examples/${file} (demo data)`, doc, catalog: catalogOf(demoSnapshot(doc.kind)) }, { name: `examples/${file} (offline)`, doc, catalog: OFFLINE_CATALOG });
  }
  // Lists whose other entries already hold some of the catalog's names: offering those again would be a duplicate.
  const inline: [string, string][] = [
    ['lists.northflank-secret.yaml', 'name: api-secrets\nsecretType: environment\npriority: 1\ntags: [frontend, x]\nrestrictions:\n  restricted: true\n  nfObjects:\n    - id: api\n      type: service\n    - id: x\n  tags:\n    - frontend\n    - x\naddonDependencies:\n  - addonId: postgres\n    keys:\n      - keyName: HOST\n      - keyName: X\n  - addonId: x\n'],
    ['lists.qovery-secrets.yaml', 'secrets:\n  - key: SHARED\n    value: v\naliases:\n  - key: A\n    target: SHARED\n  - key: B\n    target: x\noverrides:\n  - target: QOVERY_SOME_BUILT_IN\n    value: v\n  - target: x\n    value: v\n'],
  ];
  for (const [name, text] of inline) {
    const doc = parseDefinition(`/w/${name}`, text);
    assert.ok(doc, name);
    out.push({ name: `${name} (live)`, doc, catalog: FIXTURE_CATALOG });
  }
  return out;
}

/** The text with a value completion accepted (its edit and any additional ones), and where the value now stands. */
function accept(doc: DefinitionDocument, item: Completion): { text: string; start: number; end: number } {
  const edits = [{ offset: item.replace.offset, length: item.replace.length, newText: item.insertText }, ...(item.additionalEdits ?? [])].sort((a, b) => b.offset - a.offset);
  let text = doc.text;
  let start = item.replace.offset;
  for (const e of edits) {
    text = text.slice(0, e.offset) + e.newText + text.slice(e.offset + e.length);
    if (e.offset < item.replace.offset) start += e.newText.length - e.length;
  }
  return { text, start, end: start + item.insertText.length };
}

describe('every completion item is accepted by validation (golden fixtures and examples)', () => {
  let checked = 0;
  for (const c of cases()) {
    it(c.name, () => {
      const offsets = new Set<number>();
      walk(c.doc.root, (node) => {
        if (node.type !== 'object' && node.type !== 'array') offsets.add(node.offset + node.length);
      });
      for (const offset of offsets) {
        for (const item of complete(c.doc, offset, c.catalog)) {
          if (item.snippet) continue; // keys with their children: values to fill in, not values to check
          const { text, start, end } = accept(c.doc, item);
          const after = parseDefinition(c.doc.path, text);
          assert.ok(after);
          const rejected = validateDocument(after, c.catalog).filter((d) => {
            const from = after.lines.offsetAt(d.range.start);
            const to = after.lines.offsetAt(d.range.end);
            return from < end && to > start;
          });
          checked++;
          assert.deepEqual(rejected.map((d) => `${d.code}: ${d.message}`), [], `completion "${item.label}" at ${c.doc.lines.positionAt(offset).line + 1}:${c.doc.lines.positionAt(offset).character + 1} is rejected:\n${text.slice(Math.max(0, start - 80), end + 40)}`);
        }
      }
    });
  }
  after(() => assert.ok(checked > 200, `only ${checked} completion items were checked`));
});
