import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { documentLinks, formatDocument, OFFLINE_CATALOG, parseDefinition, selectionRanges, toValue, type Catalog, type DefinitionDocument } from '../../core';
import { caret, parseMarkers } from '../helpers/markers';
import { FIXTURES, ROOT } from '../helpers/paths';

function parse(name: string, text: string): DefinitionDocument {
  const doc = parseDefinition(`/w/${name}`, text);
  assert.ok(doc, name);
  return doc;
}

function apply(text: string, edits: { offset: number; length: number; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  return out;
}

const format = (name: string, text: string, tabSize = 2, range?: { offset: number; length: number }): string => apply(text, formatDocument(parse(name, text), { tabSize, insertSpaces: true }, range));

const MESSY = `# yaml-language-server: $schema=../schemas/northflank-secret.schema.json
name:    api-secrets   # the group
secretType: environment
priority:   10
restrictions:
    restricted: true
    nfObjects:
    -   id: api
        type: service
addonDependencies:
- addonId: &pg postgres
  keys:
      - keyName:   POSTGRES_URI
        aliases: [DATABASE_URL,   PG_URL]
secrets:
   variables:
       # who calls whom
       NODE_ENV: "production"
       PG: \${DATABASE_URL}
`;

describe('format document and selection', () => {
  it('indents YAML by structure and keeps comments, key order, anchors and quoting', () => {
    const out = format('a.northflank-secret.yaml', MESSY);
    assert.equal(out, `# yaml-language-server: $schema=../schemas/northflank-secret.schema.json
name: api-secrets # the group
secretType: environment
priority: 10
restrictions:
  restricted: true
  nfObjects:
    - id: api
      type: service
addonDependencies:
  - addonId: &pg postgres
    keys:
      - keyName: POSTGRES_URI
        aliases: [ DATABASE_URL, PG_URL ]
secrets:
  variables:
    # who calls whom
    NODE_ENV: "production"
    PG: \${DATABASE_URL}
`);
    assert.deepEqual(toValue(parse('b.northflank-secret.yaml', out).root), toValue(parse('a.northflank-secret.yaml', MESSY).root));
  });

  it('respects the tab size, and formatting twice changes nothing', () => {
    const four = format('a.northflank-secret.yaml', MESSY, 4);
    assert.match(four, /\nrestrictions:\n {4}restricted: true\n {4}nfObjects:\n {8}- id: api\n/);
    assert.equal(format('a.northflank-secret.yaml', four, 4), four);
  });

  it('formats JSON with the editor\'s indentation, whitespace only', () => {
    const json = '{"name":"api",\n"priority":1,"secrets":{"variables":{"A":"b"}}}';
    assert.equal(format('a.northflank-secret.json', json, 4), '{\n    "name": "api",\n    "priority": 1,\n    "secrets": {\n        "variables": {\n            "A": "b"\n        }\n    }\n}');
    const tabs = apply(json, formatDocument(parse('a.northflank-secret.json', json), { tabSize: 4, insertSpaces: false }));
    assert.match(tabs, /\n\t"name": "api"/);
  });

  it('formats only the selected lines with Format Selection', () => {
    const { text, offset } = caret(MESSY.replace('priority:   10', 'priority:   1|0'));
    const out = format('a.northflank-secret.yaml', text, 2, { offset, length: 0 });
    assert.equal(out, text.replace('priority:   10', 'priority: 10'));
  });

  it('leaves a YAML file it cannot read as it is', () => {
    assert.deepEqual(formatDocument(parse('a.northflank-secret.yaml', 'name: [api\npriority: 1\n'), { tabSize: 2, insertSpaces: true }), []);
    assert.deepEqual(formatDocument(parse('a.northflank-secret.yaml', 'name: a\n---\nname: b\n'), { tabSize: 2, insertSpaces: true }), []);
  });

  it('keeps the value of every golden fixture, example and seed, and is idempotent on them', () => {
    const dirs = [path.join(FIXTURES, 'rules'), path.join(FIXTURES, 'seeds'), path.join(ROOT, 'examples')];
    let count = 0;
    for (const dir of dirs) {
      for (const file of readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f))) {
        const { text } = parseMarkers(readFileSync(path.join(dir, file), 'utf8'));
        const doc = parseDefinition(path.join(dir, file), text);
        if (!doc || doc.problems.some((p) => p.severity === 'error')) continue;
        for (const tabSize of [2, 4]) {
          const once = apply(text, formatDocument(doc, { tabSize, insertSpaces: true }));
          const again = parseDefinition(path.join(dir, file), once);
          assert.ok(again);
          assert.deepEqual(toValue(again.root), toValue(doc.root), `${file}: the value changed`);
          assert.equal(apply(once, formatDocument(again, { tabSize, insertSpaces: true })), once, `${file}: formatting twice changed it`);
          count++;
        }
      }
    }
    assert.ok(count > 20, `${count} files`);
  });
});

describe('selection ranges', () => {
  it('grows from a template to its value, the entry, the mapping and up to the document', () => {
    const { text, offset } = caret('name: api\nsecrets:\n  variables:\n    A: x\n    B: pre-${A|}-post\n');
    const doc = parse('a.northflank-secret.yaml', text);
    const spans = selectionRanges(doc, offset).map((s) => text.slice(s.offset, s.offset + s.length));
    assert.deepEqual(spans.slice(0, 4), ['A', '${A}', 'pre-${A}-post', 'B: pre-${A}-post']);
    assert.equal(spans[spans.length - 1], text);
    assert.ok(spans.includes('variables:\n    A: x\n    B: pre-${A}-post\n') || spans.some((s) => s.startsWith('variables:')));
    for (let i = 1; i < spans.length; i++) assert.ok(spans[i].includes(spans[i - 1]), `${i}: ${JSON.stringify(spans[i])} does not contain ${JSON.stringify(spans[i - 1])}`);
  });

  it('selects a key, then its entry', () => {
    const { text, offset } = caret('name: api\npri|ority: 1\n');
    const spans = selectionRanges(parse('a.northflank-secret.yaml', text), offset).map((s) => text.slice(s.offset, s.offset + s.length));
    assert.deepEqual(spans.slice(0, 2), ['priority', 'priority: 1']);
  });
});

describe('document links', () => {
  const live: Catalog = { ...OFFLINE_CATALOG, addons: () => ({ status: 'live', items: [{ id: 'postgres' }] }) };
  const GROUP = 'name: api\naddonDependencies:\n  - addonId: postgres\n    keys:\n      - keyName: HOST\n        aliases: [DB_HOST]\n  - addonId: gone\nsecrets:\n  variables:\n    A: x\n    B: ${A} and ${DB_HOST} and ${NOPE}\n';

  it('links a template to its variable or alias, and nothing else offline', () => {
    const doc = parse('a.northflank-secret.yaml', GROUP);
    const links = documentLinks(doc, OFFLINE_CATALOG, { addonPageBase: 'https://app.example/project/p/addons/' });
    assert.deepEqual(links.map((l) => [GROUP.slice(l.span.offset, l.span.offset + l.span.length), 'target' in l ? GROUP.slice(l.target.offset, l.target.offset + 7) : l.url]), [['A', 'A: x\n  '], ['DB_HOST', 'DB_HOST']]);
  });

  it('signed in, links an addon the project has to its page', () => {
    const doc = parse('a.northflank-secret.yaml', GROUP);
    const urls = documentLinks(doc, live, { addonPageBase: 'https://app.example/project/p/addons/' }).filter((l) => 'url' in l);
    assert.deepEqual(urls.map((l) => ('url' in l ? l.url : '')), ['https://app.example/project/p/addons/postgres']);
    assert.deepEqual(documentLinks(doc, live).filter((l) => 'url' in l), []);
  });

  it('links a Qovery target to the secret of the file it names', () => {
    const text = 'secrets:\n  - key: SHARED\n    value: v\naliases:\n  - key: A\n    target: SHARED\n  - key: B\n    target: ELSEWHERE\n';
    const links = documentLinks(parse('q.qovery-secrets.yaml', text), OFFLINE_CATALOG);
    assert.deepEqual(links.map((l) => ('target' in l ? text.slice(l.target.offset, l.target.offset + 6) : '')), ['SHARED']);
  });
});
