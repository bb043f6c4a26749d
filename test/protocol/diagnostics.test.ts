import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseDefinition, validateDocument } from '../../core';
import { LspClient } from '../helpers/lsp';
import { parseMarkers } from '../helpers/markers';
import { FIXTURES } from '../helpers/paths';

describe('language server over stdio: diagnostics', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    await client.initialize();
  });
  after(async () => client.dispose());

  it('publishes the same diagnostics as the core (and so as the CLI) for a fixture', async () => {
    const file = path.join(FIXTURES, 'rules', 'nf-enum.northflank-secret.yaml');
    const { text } = parseMarkers(readFileSync(file, 'utf8'));
    const uri = pathToFileURL(file).href;
    await client.open(uri, text);
    const published = await client.diagnostics(uri, 1);
    const expected = validateDocument(parseDefinition(file, text)!);
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.range, d.message]),
      expected.map((d) => [d.code, d.range, d.message]),
    );
    assert.ok(published.diagnostics.every((d) => d.source === 'secretdef'));
  });

  it('clears diagnostics once the text is fixed', async () => {
    const uri = 'file:///tmp/fix-me.northflank-secret.yaml';
    await client.open(uri, 'name: api\nsecretType: enviroment\npriority: 10\n');
    const first = await client.diagnostics(uri, 1);
    assert.deepEqual(first.diagnostics.map((d) => d.code), ['invalid-value']);
    const v = await client.edit(uri, { start: { line: 1, character: 12 }, end: { line: 1, character: 22 } }, 'environment');
    const second = await client.diagnostics(uri, v);
    assert.deepEqual(second.diagnostics, []);
  });

  it('ignores YAML files that are not secret definitions, and validates one that names a bundled schema', async () => {
    const plain = 'file:///tmp/docker-compose.yaml';
    await client.open(plain, 'services: {}\n', 'yaml');
    assert.deepEqual((await client.diagnostics(plain, 1)).diagnostics, []);
    const optedIn = 'file:///tmp/app-secrets.yaml';
    await client.open(optedIn, '# yaml-language-server: $schema=https://secretdef.dev/schemas/northflank-secret.schema.json\nname: api\n', 'yaml');
    const d = await client.diagnostics(optedIn, 1);
    assert.deepEqual(d.diagnostics.map((x) => x.code), ['missing-property', 'missing-property']);
  });

  it('clears diagnostics when a document closes', async () => {
    const uri = 'file:///tmp/closing.northflank-secret.yaml';
    await client.open(uri, 'name: x\n');
    assert.ok((await client.diagnostics(uri, 1)).diagnostics.length > 0);
    const cleared = client.nextDiagnostics(uri);
    await client.close(uri);
    assert.deepEqual((await cleared).diagnostics, []);
  });
});

describe('language server over stdio: a file with a flood of problems', () => {
  it('publishes 1,000: the first 999 and one that counts the rest (the cap of the core, which the CLI shares)', async () => {
    const client = new LspClient();
    await client.initialize();
    const uri = 'file:///tmp/flood.northflank-secret.yaml';
    const text = `name: api\nsecretType: environment\npriority: 1\nsecrets:\n  variables:\n${Array.from({ length: 3000 }, () => '    A: x\n').join('')}`;
    await client.open(uri, text);
    const published = await client.diagnostics(uri, 1);
    assert.equal(published.diagnostics.length, 1000);
    const last = published.diagnostics[999];
    assert.equal(last.code, 'too-many-problems');
    assert.match(String(last.message), /^2,000 more problems in this file are not shown/);
    await client.dispose();
  });
});
