/**
 * Boundary tests for every length, pattern, format and range limit of the bundled schemas, and for the limits of
 * the rules. Two halves:
 *
 * - An inventory: the schemas are walked and every limit found (`minLength`, `maxLength`, `minimum`, `pattern`…,
 *   in the schema proper, in `propertyNames` and in the schemas of `x-secretdef-warning`) must equal the pinned
 *   table below, so that a changed limit or a new one fails here until the table (and the README) follow.
 * - Probes built from the pinned table: for each length or range limit, a file with a value at the limit (no
 *   diagnostic of that code) and one past it (the diagnostic, on that value); for each pattern and format, values
 *   just inside and just outside. Moving `nf-create-name` from 39 to 40 characters fails both halves.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseDefinition, validateDocument, type DiagnosticCode, type FileKind } from '../../core';
import { MAX_TEXT_LENGTH } from '../../core/document';
import { MAX_ALIAS_NODES, MAX_DEPTH } from '../../core/parse/types';
import { MAX_PUBLISHED_DIAGNOSTICS, publishable } from '../../server/src/server';
import { ROOT } from '../helpers/paths';

const LIMIT_KEYWORDS = ['minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'multipleOf', 'pattern', 'format'] as const;
type LimitKeyword = (typeof LIMIT_KEYWORDS)[number];

/** Every limit of a schema, as `pointer keyword=value`. */
function inventory(schema: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown, pointer: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${pointer}/${i}`));
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    for (const keyword of LIMIT_KEYWORDS) {
      // `pattern` and `format` are keywords only where they are not the name of a property being defined.
      if (keyword in record && !pointer.endsWith('/properties')) found.push(`${pointer} ${keyword}=${JSON.stringify(record[keyword])}`);
    }
    for (const [key, value] of Object.entries(record)) {
      // Examples and snippets are data, not schema.
      if (key === 'examples' || key === 'defaultSnippets' || key === 'default') continue;
      walk(value, `${pointer}/${key}`);
    }
  };
  walk(schema, '');
  return found.sort();
}

interface Probe {
  kind: FileKind;
  /** Where the limits sit in the schema (a JSON pointer). */
  at: string;
  limits: Partial<Record<LimitKeyword, number | string>>;
  /** The code a value past each limit gets. */
  codes: Partial<Record<LimitKeyword, DiagnosticCode>>;
  /** A whole file (as JSON) with `value` at this place. */
  place: (value: string | number) => unknown;
  /** For length limits: the string of a given length that breaks no other limit of this place. */
  fill?: (length: number) => string;
  /** For patterns and formats: values just inside and just outside. */
  inside?: string[];
  outside?: string[];
}

const NF = { name: 'api-secrets', secretType: 'environment', priority: 10 };
const letters = (n: number) => 'a'.repeat(n);
const NAME = '^[a-zA-Z0-9]+((-|\\s)[a-zA-Z0-9]+)*$';
const CREATE_NAME = '^[a-zA-Z]((-|\\s)?[a-zA-Z0-9]+((-|\\s)[a-zA-Z0-9]+)*)?$';
const SLUG = '^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$';
const CREATE_TAG = '^[a-zA-Z](-?[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*)?$';
const DESCRIPTION = '^[a-zA-Z0-9.,?\\s\\\\/\'"()[\\];`%^&*\\-_:!]+$';
const ID = '^[A-Za-z0-9-]+$';
const KEY_NAME = '[a-zA-Z]+';
const KEY_NAME_STYLE = '^[A-Za-z][A-Za-z0-9_]*$';
const ALIAS = '^[a-zA-Z0-9_./-]+$';
const VARIABLE = '^[a-zA-Z0-9_./-]+$';

const PROBES: Probe[] = [
  {
    kind: 'northflank-secret', at: '/properties/name', limits: { minLength: 3, maxLength: 100, pattern: NAME },
    codes: { minLength: 'string-too-short', maxLength: 'string-too-long', pattern: 'invalid-pattern' },
    place: (v) => ({ ...NF, name: v }), fill: letters,
    inside: ['api secrets-2', '9lives'], outside: ['api--secrets', 'api-', ' api', 'api_secrets'],
  },
  {
    kind: 'northflank-secret', at: '/properties/name/x-secretdef-warning/0/schema', limits: { minLength: 3, maxLength: 39, pattern: CREATE_NAME },
    codes: { minLength: 'nf-create-name', maxLength: 'nf-create-name', pattern: 'nf-create-name' },
    place: (v) => ({ ...NF, name: v }), fill: letters,
    inside: ['api secrets-2', 'a b'], outside: ['9lives', '9-lives'],
  },
  {
    kind: 'northflank-secret', at: '/properties/description', limits: { maxLength: 200, pattern: DESCRIPTION },
    codes: { maxLength: 'string-too-long', pattern: 'invalid-pattern' },
    place: (v) => ({ ...NF, description: v }), fill: letters,
    inside: ['A (short) description: 100% "ok"; see /docs, [1] & `x`!?'], outside: ['', 'no <tags>', 'no # signs', 'ünïcode'],
  },
  {
    kind: 'northflank-secret', at: '/properties/stageId', limits: { minLength: 3, maxLength: 100, pattern: SLUG },
    codes: { minLength: 'string-too-short', maxLength: 'string-too-long', pattern: 'invalid-pattern' },
    place: (v) => ({ ...NF, stageId: v }), fill: letters,
    inside: ['production', 'stage-2'], outside: ['stage--2', 'stage 2', '-stage'],
  },
  {
    kind: 'northflank-secret', at: '/properties/priority', limits: { minimum: 0, maximum: 100 },
    codes: { minimum: 'number-out-of-range', maximum: 'number-out-of-range' },
    place: (v) => ({ ...NF, priority: v }),
  },
  {
    kind: 'northflank-secret', at: '/properties/restrictions/properties/nfObjects/items/properties/id', limits: { pattern: ID },
    codes: { pattern: 'invalid-pattern' },
    place: (v) => ({ ...NF, restrictions: { restricted: true, nfObjects: [{ id: v, type: 'service' }] } }),
    inside: ['example-service', 'API-2'], outside: ['api_service', 'api service', ''],
  },
  {
    kind: 'northflank-secret', at: '/properties/secrets/properties/variables/propertyNames', limits: { pattern: VARIABLE },
    codes: { pattern: 'nf-variable-name' },
    place: (v) => ({ ...NF, secrets: { variables: { [String(v)]: 'x' } } }),
    inside: ['NODE_ENV', 'a.b/c-d_9'], outside: ['BAD NAME', 'A=B', 'ÄPFEL'],
  },
  {
    kind: 'northflank-secret', at: '/properties/secrets/properties/files/propertyNames', limits: { pattern: '^/' },
    codes: { pattern: 'nf-file-path' },
    place: (v) => ({ ...NF, secrets: { files: { [String(v)]: { data: 'eA==' } } } }),
    inside: ['/etc/app.json', '/'], outside: ['etc/app.json', './app.json', ' /app.json'],
  },
  {
    kind: 'northflank-secret', at: '/definitions/tag', limits: { minLength: 1, maxLength: 100, pattern: SLUG },
    codes: { minLength: 'string-too-short', maxLength: 'string-too-long', pattern: 'invalid-pattern' },
    place: (v) => ({ ...NF, tags: [v] }), fill: letters,
    inside: ['my-tag', '9-lives'], outside: ['my--tag', 'my tag', 'tag-'],
  },
  {
    kind: 'northflank-secret', at: '/definitions/tag/x-secretdef-warning/0/schema', limits: { minLength: 3, maxLength: 39, pattern: CREATE_TAG },
    codes: { minLength: 'nf-create-tag', maxLength: 'nf-create-tag', pattern: 'nf-create-tag' },
    place: (v) => ({ ...NF, restrictions: { restricted: true, tags: [v] } }), fill: letters,
    inside: ['my-tag', 'tag9'], outside: ['9-lives', '9lives'],
  },
  {
    kind: 'northflank-secret', at: '/definitions/addonDependency/properties/addonId', limits: { pattern: ID },
    codes: { pattern: 'invalid-pattern' },
    place: (v) => ({ ...NF, addonDependencies: [{ addonId: v, keys: [{ keyName: 'HOST' }] }] }),
    inside: ['example-addon', 'PG-2'], outside: ['example_addon', 'pg 2'],
  },
  {
    kind: 'northflank-secret', at: '/definitions/addonKey/properties/keyName', limits: { pattern: KEY_NAME },
    codes: { pattern: 'invalid-pattern' },
    place: (v) => ({ ...NF, addonDependencies: [{ addonId: 'pg', keys: [{ keyName: v }] }] }),
    inside: ['HOST', '9x'], outside: ['123', '_-_'],
  },
  {
    kind: 'northflank-secret', at: '/definitions/addonKey/properties/keyName/x-secretdef-warning/0/schema', limits: { pattern: KEY_NAME_STYLE },
    codes: { pattern: 'nf-keyname-style' },
    place: (v) => ({ ...NF, addonDependencies: [{ addonId: 'pg', keys: [{ keyName: v }] }] }),
    inside: ['POSTGRES_URI', 'a9'], outside: ['9x', 'POSTGRES-URI', 'A B'],
  },
  {
    kind: 'northflank-secret', at: '/definitions/addonKey/properties/aliases/items', limits: { pattern: ALIAS },
    codes: { pattern: 'invalid-pattern' },
    place: (v) => ({ ...NF, addonDependencies: [{ addonId: 'pg', keys: [{ keyName: 'HOST', aliases: [v] }] }] }),
    inside: ['DB_HOST', 'a.b/c-d'], outside: ['DB HOST', 'DB=HOST'],
  },
  {
    kind: 'northflank-link', at: '/properties/keys/items/properties/keyName', limits: { pattern: KEY_NAME },
    codes: { pattern: 'invalid-pattern' },
    place: (v) => ({ keys: [{ keyName: v }] }),
    inside: ['USERNAME', '9x'], outside: ['123', '_'],
  },
  {
    kind: 'northflank-link', at: '/properties/keys/items/properties/keyName/x-secretdef-warning/0/schema', limits: { pattern: KEY_NAME_STYLE },
    codes: { pattern: 'nf-keyname-style' },
    place: (v) => ({ keys: [{ keyName: v }] }),
    inside: ['USERNAME', 'a_9'], outside: ['9x', 'USER-NAME'],
  },
  {
    kind: 'northflank-link', at: '/properties/keys/items/properties/aliases/items', limits: { pattern: ALIAS },
    codes: { pattern: 'invalid-pattern' },
    place: (v) => ({ keys: [{ keyName: 'USERNAME', aliases: [v] }] }),
    inside: ['MONGO_USERNAME', 'a.b/c-d'], outside: ['MONGO USERNAME', 'A:B'],
  },
  {
    kind: 'qovery-secrets', at: '/properties/project', limits: { format: 'uuid' },
    codes: { format: 'invalid-format' },
    place: (v) => ({ project: v }),
    inside: ['3c90c3cc-0d44-4b50-8888-8dd25736052a'], outside: ['3c90c3cc-0d44-4b50-8888-8dd25736052', '3c90c3cc0d444b5088888dd25736052a', 'my-project'],
  },
  {
    kind: 'qovery-secrets', at: '/properties/secrets/items/properties/mount_path', limits: { pattern: '^/' },
    codes: { pattern: 'qovery-mount-path' },
    place: (v) => ({ secrets: [{ key: 'CERT', value: 'x', mount_path: v }] }),
    inside: ['/etc/tls/cert.pem', '/'], outside: ['etc/tls/cert.pem', ' /etc'],
  },
  {
    kind: 'qovery-secrets', at: '/properties/aliases/items/properties/target', limits: { minLength: 1 },
    codes: { minLength: 'string-too-short' },
    place: (v) => ({ aliases: [{ key: 'ALIAS_KEY', target: v }] }), fill: (n) => 'T'.repeat(n),
  },
  {
    kind: 'qovery-secrets', at: '/properties/overrides/items/properties/target', limits: { minLength: 1 },
    codes: { minLength: 'string-too-short' },
    place: (v) => ({ overrides: [{ target: v, value: 'x' }] }), fill: (n) => 'T'.repeat(n),
  },
  {
    kind: 'qovery-secrets', at: '/definitions/key', limits: { minLength: 1 },
    codes: { minLength: 'string-too-short' },
    place: (v) => ({ secrets: [{ key: v, value: 'x' }] }), fill: (n) => 'K'.repeat(n),
  },
  {
    kind: 'qovery-secrets', at: '/definitions/description', limits: { maxLength: 255 },
    codes: { maxLength: 'string-too-long' },
    place: (v) => ({ secrets: [{ key: 'K', value: 'x', description: v }] }), fill: letters,
  },
];

const SCHEMA_DIR = path.join(ROOT, 'schemas');

function diagnose(kind: FileKind, value: unknown) {
  const file = `/w/probe.${kind}.json`;
  const text = JSON.stringify(value, null, 2);
  const doc = parseDefinition(file, text);
  assert.ok(doc, file);
  return { text, diagnostics: validateDocument(doc) };
}

/** The diagnostics of `code` on the line of the probed value (its only line in the pretty-printed file). */
function onValue(kind: FileKind, value: string | number, place: Probe['place'], code: DiagnosticCode): string[] {
  const { text, diagnostics } = diagnose(kind, place(value));
  const lines = text.split('\n');
  const token = JSON.stringify(value);
  const line = lines.findIndex((l) => l.includes(`${token},`) || l.endsWith(token) || l.includes(`${token}:`));
  assert.ok(line >= 0, `cannot find ${token} in\n${text}`);
  const all = diagnostics.map((d) => `${d.code}@${d.range.start.line}`);
  const hits = diagnostics.filter((d) => d.code === code);
  for (const d of hits) assert.equal(d.range.start.line, line, `${code} is not on the value: ${all.join(', ')}`);
  return hits.map((d) => d.code);
}

describe('limits: the inventory of the bundled schemas equals the pinned table', () => {
  const kinds = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.schema.json')).map((f) => f.replace('.schema.json', '') as FileKind).sort();

  it('has a probe for every bundled schema with limits (the template schema has none of its own)', () => {
    const limited = kinds.filter((kind) => inventory(JSON.parse(readFileSync(path.join(SCHEMA_DIR, `${kind}.schema.json`), 'utf8'))).length > 0);
    assert.deepEqual([...new Set(PROBES.map((p) => p.kind))].sort(), limited);
    assert.ok(kinds.includes('northflank-template') && !limited.includes('northflank-template'));
  });

  for (const kind of kinds) {
    it(`${kind}: every limit in the schema is pinned, with its value`, () => {
      const schema: unknown = JSON.parse(readFileSync(path.join(SCHEMA_DIR, `${kind}.schema.json`), 'utf8'));
      const pinned = PROBES.filter((p) => p.kind === kind).flatMap((p) => Object.entries(p.limits).map(([k, v]) => `${p.at} ${k}=${JSON.stringify(v)}`)).sort();
      assert.deepEqual(inventory(schema), pinned);
    });
  }
});

describe('limits: at the limit and one past it', () => {
  for (const probe of PROBES) {
    const { kind, at, limits, codes, place } = probe;
    describe(`${kind} ${at}`, () => {
      for (const keyword of ['minLength', 'maxLength'] as const) {
        const limit = limits[keyword];
        if (typeof limit !== 'number') continue;
        const code = codes[keyword];
        const fill = probe.fill;
        assert.ok(code && fill, `${at}: ${keyword} needs a code and a fill`);
        const past = keyword === 'minLength' ? limit - 1 : limit + 1;
        it(`${keyword} ${limit}: ${limit} characters pass, ${past} get ${code}`, () => {
          assert.deepEqual(onValue(kind, fill(limit), place, code), []);
          assert.deepEqual(onValue(kind, fill(past), place, code), [code]);
        });
      }
      for (const keyword of ['minimum', 'maximum'] as const) {
        const limit = limits[keyword];
        if (typeof limit !== 'number') continue;
        const code = codes[keyword];
        assert.ok(code, `${at}: ${keyword} needs a code`);
        const past = keyword === 'minimum' ? limit - 1 : limit + 1;
        it(`${keyword} ${limit}: ${limit} passes, ${past} gets ${code}`, () => {
          assert.deepEqual(onValue(kind, limit, place, code), []);
          assert.deepEqual(onValue(kind, past, place, code), [code]);
        });
      }
      for (const keyword of ['pattern', 'format'] as const) {
        if (limits[keyword] === undefined) continue;
        const code = codes[keyword];
        assert.ok(code && probe.inside?.length && probe.outside?.length, `${at}: ${keyword} needs a code and values inside and outside`);
        it(`${keyword}: ${probe.inside?.map((v) => JSON.stringify(v)).join(', ')} pass; ${probe.outside?.map((v) => JSON.stringify(v)).join(', ')} get ${code}`, () => {
          for (const v of probe.inside ?? []) assert.deepEqual(onValue(kind, v, place, code), [], JSON.stringify(v));
          for (const v of probe.outside ?? []) assert.deepEqual(onValue(kind, v, place, code), [code], JSON.stringify(v));
        });
      }
    });
  }
});

describe('limits of the rules: at the limit and one past it', () => {
  const codes = (file: string, text: string) => {
    const doc = parseDefinition(file, text);
    assert.ok(doc);
    return validateDocument(doc).map((d) => d.code);
  };

  it(`a file of ${MAX_TEXT_LENGTH} characters (3 MiB) is validated; one more is file-too-large`, () => {
    assert.equal(MAX_TEXT_LENGTH, 3 * 1024 * 1024);
    const head = 'name: api\nsecretType: environment\npriority: 10\n';
    const at = head + '#'.repeat(MAX_TEXT_LENGTH - head.length);
    assert.deepEqual(codes('/w/a.northflank-secret.yaml', at), []);
    assert.deepEqual(codes('/w/a.northflank-secret.yaml', `${at}#`), ['file-too-large']);
  });

  it(`nesting: ${MAX_DEPTH} levels below the root are read, the ${MAX_DEPTH + 1}th gets nesting-too-deep at its bracket (YAML and JSON)`, () => {
    assert.equal(MAX_DEPTH, 128);
    const deep = (file: string, prefix: string, depth: number, suffix: string) => {
      const doc = parseDefinition(file, `${prefix}${'['.repeat(depth)}${']'.repeat(depth)}${suffix}`);
      assert.ok(doc);
      return validateDocument(doc).filter((d) => d.code === 'nesting-too-deep').map((d) => `${d.range.start.line}:${d.range.start.character}`);
    };
    const yaml = 'name: api\nsecretType: environment\npriority: 10\nx: ';
    assert.deepEqual(deep('/w/a.northflank-secret.yaml', yaml, MAX_DEPTH, '\n'), []);
    assert.deepEqual(deep('/w/a.northflank-secret.yaml', yaml, MAX_DEPTH + 1, '\n'), [`3:${3 + MAX_DEPTH}`]);
    const json = '{"name": "api", "secretType": "environment", "priority": 10, "x": ';
    assert.deepEqual(deep('/w/a.northflank-secret.json', json, MAX_DEPTH, '}'), []);
    assert.deepEqual(deep('/w/a.northflank-secret.json', json, MAX_DEPTH + 1, '}'), [`0:${json.length + MAX_DEPTH}`]);
  });

  it(`YAML aliases: ${MAX_ALIAS_NODES} expanded nodes are read, ${MAX_ALIAS_NODES + 1} get yaml-alias-limit`, () => {
    assert.equal(MAX_ALIAS_NODES, 10_000);
    // An anchored list of n - 1 scalars is n nodes (the list and its items) each time an alias expands it.
    const text = (nodes: number) => `name: api\nsecretType: environment\npriority: 10\nx: &a [${Array.from({ length: nodes - 1 }, () => '1').join(', ')}]\ny: *a\n`;
    assert.ok(!codes('/w/a.northflank-secret.yaml', text(MAX_ALIAS_NODES)).includes('yaml-alias-limit'));
    assert.ok(codes('/w/a.northflank-secret.yaml', text(MAX_ALIAS_NODES + 1)).includes('yaml-alias-limit'));
  });

  it('characters YAML does not allow: 100 are reported, the 101st is not', () => {
    const count = (n: number) => codes('/w/a.northflank-secret.yaml', `name: "${'\u0001'.repeat(n)}"\n`).filter((c) => c === 'yaml-syntax').length;
    assert.equal(count(100), 100);
    assert.equal(count(101), 100);
  });

  it(`the editor publishes ${MAX_PUBLISHED_DIAGNOSTICS} diagnostics as they are; one more becomes ${MAX_PUBLISHED_DIAGNOSTICS} and too-many-problems`, () => {
    assert.equal(MAX_PUBLISHED_DIAGNOSTICS, 1000);
    const diagnostic = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, severity: 'error' as const, code: 'invalid-value' as const, message: 'x' };
    const at = publishable(Array.from({ length: MAX_PUBLISHED_DIAGNOSTICS }, () => diagnostic));
    assert.equal(at.length, MAX_PUBLISHED_DIAGNOSTICS);
    assert.ok(at.every((d) => d.code === 'invalid-value'));
    const past = publishable(Array.from({ length: MAX_PUBLISHED_DIAGNOSTICS + 1 }, () => diagnostic));
    assert.equal(past.length, MAX_PUBLISHED_DIAGNOSTICS + 1);
    assert.equal(past[MAX_PUBLISHED_DIAGNOSTICS].code, 'too-many-problems');
    assert.match(String(past[MAX_PUBLISHED_DIAGNOSTICS].message), /^1 more problem/);
  });
});
