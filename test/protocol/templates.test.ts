// A Northflank template through the real language server over stdio: recognised by its shape as a plain JSON
// document, the same diagnostics as the core gives, typing in a value (the JSON fast path) kept exact, and
// completion, hover, definition and the outline answered inside it.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CompletionRequest, DefinitionRequest, DocumentSymbolRequest, HoverRequest, type CompletionItem, type CompletionList, type DocumentSymbol, type Location, type MarkupContent } from 'vscode-languageserver-protocol';
import { parseDefinition, validateDocument } from '../../core';
import { parseMarkers } from '../helpers/markers';
import { LspClient } from '../helpers/lsp';
import { FIXTURES } from '../helpers/paths';

const read = (name: string) => parseMarkers(readFileSync(path.join(FIXTURES, 'templates', name), 'utf8')).text;

function position(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

describe('language server over stdio: Northflank templates', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    await client.initialize();
  });
  after(async () => client.dispose());

  it('a plain template.json (language json) gets the core\'s diagnostics, and keeps them exact while a value is typed', async () => {
    const uri = 'file:///work/infra/template.json';
    let text = read('expressions.northflank-template.json');
    await client.open(uri, text, 'json');
    const expected = (t: string) => validateDocument(parseDefinition('/work/infra/template.json', t, { syntax: 'json' })!).map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code}`);
    const first = await client.diagnostics(uri, 1);
    assert.deepEqual(first.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)}`), expected(text));
    assert.ok(first.diagnostics.some((d) => d.code === 'nf-template-unknown-argument'));
    // Fix the misspelt argument one character at a time, as typing does.
    const at = text.indexOf('REGOIN');
    const start = position(text, at + 3);
    let version = await client.edit(uri, { start, end: { line: start.line, character: start.character + 2 } }, 'IO');
    text = `${text.slice(0, at + 3)}IO${text.slice(at + 5)}`;
    const after = await client.diagnostics(uri, version);
    assert.deepEqual(after.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)}`), expected(text));
    assert.ok(!after.diagnostics.some((d) => d.range.start.line === start.line), 'the argument is declared now');
    version = await client.edit(uri, { start, end: { line: start.line, character: start.character + 2 } }, 'OI');
    const again = await client.diagnostics(uri, version);
    assert.ok(again.diagnostics.some((d) => d.range.start.line === start.line && d.code === 'nf-template-unknown-argument'));
  });

  it('completion, hover, definition and the outline inside a template', async () => {
    const uri = 'file:///work/full.northflank-template.json';
    const text = read('full.northflank-template.json');
    await client.open(uri, text, 'secretdef-json');
    assert.deepEqual((await client.diagnostics(uri, 1)).diagnostics, []);

    const use = text.indexOf('${refs.db.id}') + 8;
    const hover = (await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: position(text, use) })) as { contents: MarkupContent } | null;
    assert.match(hover?.contents.value ?? '', /\*\*Addon\*\* node \*\*db\*\* \(postgresql\)/);

    const definition = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: position(text, use) })) as Location[] | null;
    const ref = text.indexOf('"ref": "db"') + 8;
    assert.deepEqual(definition?.map((l) => l.range.start), [position(text, ref)]);

    const key = text.indexOf('"keyName": "HOST"') + '"keyName": "'.length;
    const result = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: position(text, key) })) as CompletionItem[] | CompletionList | null;
    const labels = (Array.isArray(result) ? result : (result?.items ?? [])).map((i) => i.label);
    // The postgresql addon's keys, without those the other entries of the list already hold (POSTGRES_URI, PASSWORD).
    assert.ok(labels.includes('HOST') && labels.includes('PORT') && !labels.includes('POSTGRES_URI') && !labels.includes('PASSWORD') && !labels.includes('MONGO_SRV'), labels.join(', '));

    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[] | null;
    const names = JSON.stringify(symbols?.map(function flat(s: DocumentSymbol): unknown {
      return [s.name, (s.children ?? []).map(flat)];
    }));
    for (const n of ['project', 'db', 'api', 'api-secrets', 'db-secrets', 'STRIPE_API_KEY']) assert.ok(names.includes(`"${n}"`), n);
  });
});
