import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Document, Pair, parse as parseYaml12, Scalar, YAMLMap } from 'yaml';
import { definitionBody, parseDefinition, validateDocument, type DefinitionDocument } from '../../core';
import { NORTHFLANK_CLI_SCHEMAS, QOVERY_OPENAPI } from '../helpers/contracts';
import { Random } from '../helpers/random';

// js-yaml 3, the reader of Northflank's CLI (`northflank put secret -f`): the oracle of what a push must send.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- an old CommonJS package without types
const jsyaml = require('js-yaml-3') as { safeLoad(text: string): unknown };

/**
 * The differential test of issue 11: many valid files generated from the platforms' official schemas (every
 * optional field, null where the spec allows it, merge keys, values that YAML 1.1 would type, quoted) must give no
 * error, and the body a push sends must be exactly what the platform's own reader makes of the text (js-yaml 3 for
 * Northflank, YAML 1.2 for our Qovery format).
 */
interface Schema {
  type?: string;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  uniqueItems?: boolean;
  nullable?: boolean;
  required?: string[];
}

/** Texts YAML 1.1 (or js-yaml 3) would read as something else than a string, unquoted. */
const LOOK_ALIKES = ['010', '0x1F', '1e3', '1.0', '1_000', '1:30', '~', 'null', 'Null', 'true', 'False', 'yes', 'on', 'y', '2001-12-14', '.inf', '0b11', '+1', '-.5', '<<', '8080'];
const WORDS = ['example', 'my-tag', 'USERNAME', 'A description', 'example-service', 'web', 'api-secrets', 'Example Secret', 'MONGO_USERNAME', 'prod', 'worker', 'POSTGRES_URI', 'abc', 'staging-2', 'A note: with a colon, 010 & 1e3!', 'x'];
const VALUES = [...LOOK_ALIKES, 'production', 'postgres://user@db:5432/app', 'a value with spaces', '${NODE_ENV}', 'line one\nline two', ' padded ', "it's", '"quoted"', '#not-a-comment', '- dash', 'key: value', '*star', '&amp', '!bang', '%percent', '@at', '`tick'];

function text(r: Random, s: Schema): string {
  const re = s.pattern ? new RegExp(s.pattern) : undefined;
  const fits = (w: string) => (!re || re.test(w)) && w.length >= (s.minLength ?? 0) && w.length <= (s.maxLength ?? Infinity);
  const pool = [...WORDS, ...LOOK_ALIKES].filter(fits);
  return pool.length ? r.pick(pool) : 'example';
}

function generate(r: Random, s: Schema | undefined, key = ''): unknown {
  if (!s) return 'x';
  if (s.enum) return r.pick(s.enum);
  switch (s.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, child] of Object.entries(s.properties ?? {})) out[k] = generate(r, child, k);
      if (typeof s.additionalProperties === 'object') {
        const n = r.int(1, 5);
        for (let i = 0; i < n; i++) {
          if (key === 'files' || key === 'dockerSecretMounts') out[key === 'files' ? `/etc/app/file-${i}` : `mount-${i}`] = { data: r.pick(['QQ==', 'aGVsbG8=', 'eyJhIjogMX0=']), encoding: 'utf-8' };
          else out[r.pick([`VAR_${i}`, `path/to.var-${i}`, ...LOOK_ALIKES.filter((w) => /^[a-zA-Z0-9_./-]+$/.test(w)).map((w) => `${w}`)])] = r.pick(VALUES);
        }
      }
      return out;
    }
    case 'array': {
      const items = Array.from({ length: r.int(0, 3) }, () => generate(r, s.items, key));
      if (!s.uniqueItems) return items;
      const seen = new Set<string>();
      return items.filter((i) => !seen.has(JSON.stringify(i)) && !!seen.add(JSON.stringify(i)));
    }
    case 'integer':
      return r.int(s.minimum ?? 0, Math.min(s.maximum ?? 1000, 1000));
    case 'boolean':
      return r.chance(0.5);
    default:
      return text(r, s);
  }
}

/** YAML as a person would write it for Northflank's CLI: look-alikes quoted (YAML 1.1 rules), merge keys used. */
function northflankYaml(r: Random, body: Record<string, unknown>): string {
  const doc = new Document(body, { version: '1.1' });
  const files = (body.secrets as Record<string, unknown> | undefined)?.files as Record<string, unknown> | undefined;
  const paths = Object.keys(files ?? {});
  if (paths.length >= 2) {
    const base = doc.getIn(['secrets', 'files', paths[0]], true) as YAMLMap;
    base.anchor = 'base';
    for (const other of paths.slice(1)) {
      const map = doc.getIn(['secrets', 'files', other], true) as YAMLMap;
      if (r.chance(0.5)) map.delete('encoding');
      const key = new Scalar('<<');
      key.type = 'PLAIN';
      map.items.unshift(new Pair(key, r.chance(0.5) ? doc.createAlias(base) : new YAMLMapOf(doc.createAlias(base))));
    }
  }
  return doc.toString({ lineWidth: 0 });
}

/** `<<: [*base]`: the list form of a merge key. */
class YAMLMapOf {
  constructor(readonly alias: unknown) {}
  toJSON(): unknown {
    return [this.alias];
  }
}

function errorsOf(doc: DefinitionDocument): string[] {
  return validateDocument(doc).filter((d) => d.severity === 'error' || d.code === 'yaml-implicit-type').map((d) => `${d.range.start.line + 1}:${d.range.start.character} ${d.code}: ${d.message}`);
}

const json = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('differential: files generated from the official schemas give no error, and push sends what the platform reads', function () {
  this.timeout(60_000);
  const northflank = path.join(NORTHFLANK_CLI_SCHEMAS, 'create.secret.body.schema.json');
  const link = path.join(NORTHFLANK_CLI_SCHEMAS, 'update.secretLink.body.schema.json');

  it('300 Northflank secret groups (YAML read as js-yaml 3 reads it; merge keys; YAML 1.1 look-alikes quoted)', function () {
    if (!existsSync(northflank)) {
      console.log(`    (skipped: Northflank's CLI schemas are not in ${NORTHFLANK_CLI_SCHEMAS}; set SECRETDEF_NORTHFLANK_CLI_SCHEMAS)`);
      return this.skip();
    }
    const schema = JSON.parse(readFileSync(northflank, 'utf8')) as Schema;
    const r = new Random(0x11d1ff);
    let merged = 0;
    for (let n = 0; n < 300; n++) {
      const body = generate(r, schema) as Record<string, unknown>;
      // Fields of today's API the CLI's (older) schemas lack.
      if (r.chance(0.5)) body.stageId = 'staging-2';
      if (r.chance(0.5)) (body.secrets as Record<string, unknown>).dockerSecretMounts = { 'mount-0': { data: 'QQ==', encoding: 'utf-8' } };
      const text = northflankYaml(r, body).replace(/"<<"/g, '<<');
      if (text.includes('<<: ')) merged++;
      const doc = parseDefinition(`/gen/${n}.northflank-secret.yaml`, text);
      assert.ok(doc);
      assert.deepEqual(errorsOf(doc), [], text);
      assert.deepEqual(json(definitionBody(doc)), json(jsyaml.safeLoad(text)), text);
    }
    assert.ok(merged > 50, `only ${merged} files used merge keys`);
  });

  it('100 Northflank addon link files', function () {
    if (!existsSync(link)) return this.skip();
    const schema = JSON.parse(readFileSync(link, 'utf8')) as Schema;
    const r = new Random(0x1147);
    for (let n = 0; n < 100; n++) {
      const body = generate(r, schema) as Record<string, unknown>;
      const text = new Document(body, { version: '1.1' }).toString({ lineWidth: 0 });
      const doc = parseDefinition(`/gen/${n}.northflank-link.yaml`, text);
      assert.ok(doc);
      assert.deepEqual(errorsOf(doc), [], text);
      assert.deepEqual(json(definitionBody(doc)), json(jsyaml.safeLoad(text)), text);
    }
  });

  it('200 Qovery files from the OpenAPI request bodies, null where the spec says nullable', function () {
    if (!existsSync(QOVERY_OPENAPI)) {
      console.log(`    (skipped: Qovery's OpenAPI spec is not at ${QOVERY_OPENAPI})`);
      return this.skip();
    }
    const spec = parseYaml12(readFileSync(QOVERY_OPENAPI, 'utf8')) as { components: { schemas: Record<string, Schema> } };
    const S = spec.components.schemas;
    const r = new Random(0x90e);
    const field = (s: Schema): unknown => (s.nullable && r.chance(0.4) ? null : s.type === 'boolean' ? r.chance(0.5) : r.pick(VALUES));
    const fields = (schema: Schema, skip: string[]): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      for (const [k, s] of Object.entries(schema.properties ?? {})) if (!skip.includes(k)) out[k] = field(s);
      return out;
    };
    for (let n = 0; n < 200; n++) {
      const keys = Array.from({ length: r.int(1, 4) }, (_, i) => `SECRET_${i}`);
      const secrets = keys.map((key) => ({ key, ...fields(S.SecretRequest, ['key', 'mount_path']), mount_path: r.chance(0.3) ? null : r.chance(0.5) ? `/etc/${key}` : undefined }))
        .map((s) => JSON.parse(JSON.stringify(s)) as Record<string, unknown>);
      const aliases = keys.slice(0, r.int(0, 2)).map((target, i) => ({ key: `ALIAS_${i}`, target, ...fields(S.Key, ['key']) }));
      const overrides = r.chance(0.5) ? [{ target: 'QOVERY_BUILT_IN', ...fields(S.Value, []) }] : [];
      // A value equal to another key would make Qovery create an alias: the file would be wrong, not the test.
      for (const s of secrets) if (typeof s.value === 'string' && (keys.includes(s.value) || s.value.startsWith('ALIAS_'))) s.value = 'v';
      for (const s of secrets) if (s.enable_interpolation_in_file !== undefined && s.enable_interpolation_in_file !== null && !s.mount_path) delete s.enable_interpolation_in_file;
      const body = { secrets, ...(aliases.length ? { aliases } : {}), ...(overrides.length ? { overrides } : {}) };
      const text = new Document(body).toString({ lineWidth: 0 });
      const doc = parseDefinition(`/gen/${n}.qovery-secrets.yaml`, text);
      assert.ok(doc);
      assert.deepEqual(errorsOf(doc), [], text);
      assert.deepEqual(json(definitionBody(doc)), json(parseYaml12(text)), text);
    }
  });
});
