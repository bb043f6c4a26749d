import * as assert from 'node:assert/strict';
import {
  CompletionRequest,
  DefinitionRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  type CompletionItem,
  type CompletionList,
  type DocumentSymbol,
  type Location,
  type MarkupContent,
  type Position,
} from 'vscode-languageserver-protocol';
import { parseDefinition, validateDocument } from '../../core';
import { applyCompletion, applyEdits, expandSnippet } from '../helpers/edits';
import { LspClient } from '../helpers/lsp';
import { caret } from '../helpers/markers';

let n = 0;
function uriFor(kind: string, ext: string): string {
  return `file:///work/features-${++n}.${kind}.${ext}`;
}

function positionOf(text: string, offset: number): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

describe('language server over stdio: completion, hover, outline, navigation', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    await client.initialize();
  });
  after(async () => client.dispose());

  /** Opens `textWithCaret` (the caret is `|`) and returns the completion items at the caret. */
  async function completeAt(kind: string, textWithCaret: string, ext = 'yaml'): Promise<{ items: CompletionItem[]; text: string }> {
    const { text, offset } = caret(textWithCaret);
    const uri = uriFor(kind, ext);
    await client.open(uri, text, ext === 'json' ? 'secretdef-json' : 'secretdef-yaml');
    const result = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: positionOf(text, offset) })) as CompletionItem[] | CompletionList | null;
    const items = Array.isArray(result) ? result : (result?.items ?? []);
    return { items, text };
  }

  function pick(items: CompletionItem[], label: string): CompletionItem {
    const item = items.find((i) => i.label === label);
    assert.ok(item, `no completion "${label}" among ${items.map((i) => i.label).join(', ')}`);
    return item;
  }

  /** Inserts a completion with every snippet placeholder at its default, as accepting it and tabbing through would. */
  function accept(text: string, item: CompletionItem): string {
    const expanded = item.textEdit ? { ...item, textEdit: { ...item.textEdit, newText: expandSnippet(item.textEdit.newText) } } : item;
    return applyCompletion(text, expanded);
  }

  describe('completion', () => {
    it('offers the top-level properties not yet present, required ones first', async () => {
      const { items } = await completeAt('northflank-secret', 'name: api\n|');
      const labels = items.map((i) => i.label);
      assert.ok(!labels.includes('name'));
      for (const l of ['secretType', 'priority', 'restrictions', 'addonDependencies', 'secrets', 'type']) assert.ok(labels.includes(l), l);
      const sorted = [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)).map((i) => i.label);
      assert.deepEqual(sorted.slice(0, 2), ['priority', 'secretType']);
    });

    it('inserts a property with its required children, correctly indented, in YAML', async () => {
      const { items, text } = await completeAt('northflank-secret', 'name: api-secrets\nsecretType: environment\npriority: 1\nrestrictions:\n  restricted: true\n  nfObjects:\n    - id: api\n      type: service\n|');
      const inserted = accept(text, pick(items, 'addonDependencies'));
      assert.match(inserted, /\naddonDependencies:\n {2}- addonId: \n {4}keys:\n {6}- keyName: \n {8}aliases:\n {10}- $/);
      const doc = parseDefinition('/x.northflank-secret.yaml', inserted.replace('addonId: \n', 'addonId: pg\n').replace('keyName: \n', 'keyName: USERNAME\n').replace(/- $/, '- PG_USER'));
      assert.ok(doc);
      assert.deepEqual(validateDocument(doc).filter((d) => d.severity === 'error'), []);
    });

    it('inserts a nested property under a list item at the item\'s indentation', async () => {
      const { items, text } = await completeAt('northflank-secret', 'name: api\naddonDependencies:\n  - addonId: pg\n    |');
      const inserted = accept(text, pick(items, 'keys'));
      assert.equal(inserted, 'name: api\naddonDependencies:\n  - addonId: pg\n    keys:\n      - keyName: ');
    });

    it('inserts a property with its required children in JSON, with a comma when a property follows', async () => {
      const { items, text } = await completeAt('northflank-secret', '{\n  "name": "api",\n  |\n  "priority": 1\n}', 'json');
      const inserted = accept(text, pick(items, 'restrictions'));
      const parsed = JSON.parse(inserted) as { restrictions: unknown };
      assert.deepEqual(parsed.restrictions, { restricted: true, nfObjects: [{ id: '', type: 'service' }] });
    });

    it('completes enum values and booleans', async () => {
      const a = await completeAt('northflank-secret', 'name: api\nsecretType: env|');
      assert.deepEqual(a.items.map((i) => i.label), ['environment-arguments', 'environment', 'arguments']);
      assert.equal(accept(a.text, pick(a.items, 'environment')), 'name: api\nsecretType: environment');
      const b = await completeAt('northflank-secret', 'name: api\nrestrictions:\n  restricted: |');
      assert.deepEqual(b.items.map((i) => i.label), ['true', 'false']);
      const c = await completeAt('northflank-secret', 'name: api\nrestrictions:\n  nfObjects:\n    - id: api\n      type: |');
      assert.deepEqual(c.items.map((i) => i.label), ['service', 'job']);
      const d = await completeAt('northflank-secret', '{\n  "name": "api",\n  "secretType": "|"\n}', 'json');
      assert.equal(accept(d.text, pick(d.items, 'arguments')), '{\n  "name": "api",\n  "secretType": "arguments"\n}');
    });

    it('offers the offline default addon key names, labelled as such', async () => {
      const { items } = await completeAt('northflank-secret', 'name: api\naddonDependencies:\n  - addonId: pg\n    keys:\n      - keyName: |');
      for (const k of ['POSTGRES_URI', 'MONGO_SRV', 'REDIS_MASTER_URL', 'MINIO_ENDPOINT']) assert.ok(items.some((i) => i.label === k), k);
      assert.match(pick(items, 'POSTGRES_URI').detail ?? '', /PostgreSQL.*offline default/);
      const link = await completeAt('northflank-link', 'keys:\n  - keyName: US|');
      assert.ok(link.items.some((i) => i.label === 'USERNAME'));
    });

    it('offers the keys of a new list item, and the missing keys of an existing one', async () => {
      const a = await completeAt('northflank-secret', 'name: api\naddonDependencies:\n  - addonId: pg\n    keys:\n      - |');
      assert.deepEqual(a.items.map((i) => i.label).sort(), ['aliases', 'keyName']);
      const b = await completeAt('northflank-secret', 'name: api\nrestrictions:\n  nfObjects:\n    - id: api\n      |');
      assert.deepEqual(b.items.map((i) => i.label), ['type']);
    });

    it('offers the file\'s secrets as Qovery alias targets, and variables referenced but not defined', async () => {
      const a = await completeAt('qovery-secrets', 'secrets:\n  - key: STRIPE_KEY\n    value: x\naliases:\n  - key: B\n    target: |');
      assert.deepEqual(a.items.map((i) => i.label), ['STRIPE_KEY']);
      const b = await completeAt('northflank-secret', 'name: api\nsecrets:\n  variables:\n    URL: "https://${HOST}:${PORT}"\n    HOST: example.com\n    |');
      assert.deepEqual(b.items.map((i) => i.label), ['PORT']);
    });

    it('offers nothing inside comments and block scalars', async () => {
      const a = await completeAt('northflank-secret', 'name: api\n# secret|');
      assert.deepEqual(a.items, []);
      const b = await completeAt('northflank-secret', 'name: api\ndescription: |\n  some text\n  mo|');
      assert.deepEqual(b.items, []);
    });
  });

  describe('hover', () => {
    async function hoverAt(kind: string, textWithCaret: string): Promise<string> {
      const { text, offset } = caret(textWithCaret);
      const uri = uriFor(kind, 'yaml');
      await client.open(uri, text);
      const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, offset) });
      return h ? (h.contents as MarkupContent).value : '';
    }

    it('documents a field with its constraints', async () => {
      const h = await hoverAt('northflank-secret', 'name: api\npri|ority: 10\n');
      assert.match(h, /\*\*priority\*\* · `integer`/);
      assert.match(h, /priority with which different secret groups are merged/);
      assert.match(h, /From 0 to 100/);
    });

    it('lists allowed values with their meaning', async () => {
      const h = await hoverAt('northflank-secret', 'name: api\nsecretType: envi|ronment\n');
      assert.match(h, /`environment` — Injected as runtime environment variables/);
    });

    it('shows the variables an addon key produces', async () => {
      const h = await hoverAt('northflank-secret', 'name: api\naddonDependencies:\n  - addonId: example-addon\n    keys:\n      - keyName: USER|NAME\n        aliases: [MONGO_USERNAME]\n');
      assert.match(h, /`NF_EXAMPLE-ADDON_USERNAME` \(default\), `MONGO_USERNAME` \(alias\)/);
    });

    const FILE_DATA = 'name: api\nsecrets:\n  files:\n    /f:\n      data: VGhpcyBpcyBhbiBleGFtcGxlIHdpdGggYSB0ZW1wbGF0ZWQgJHtOT0RFX0VOVn0gdmFyaWFibGU|=\n';

    it('describes file data without showing it, by default (the content is a secret)', async () => {
      const h = await hoverAt('northflank-secret', FILE_DATA);
      assert.doesNotMatch(h, /This is an example/);
      assert.match(h, /56 bytes, 1 line of text, referencing `\$\{NODE_ENV\}`/);
      assert.match(h, /secretDefinitions\.hover\.showFileContent/);
    });

    it('previews decoded file data when the setting asks for it', async () => {
      const withSetting = new LspClient();
      await withSetting.initialize(undefined, { 'secretDefinitions.hover.showFileContent': true, 'secretDefinitions.fileAssociations': {} });
      const { text, offset } = caret(FILE_DATA);
      const uri = uriFor('northflank-secret', 'yaml');
      await withSetting.open(uri, text);
      const h = await withSetting.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, offset) });
      assert.match((h?.contents as MarkupContent).value, /This is an example with a templated \$\{NODE_ENV\} variable/);
      await withSetting.dispose();
    });

    it('never shows a variable\'s value', async () => {
      const h = await hoverAt('northflank-secret', 'name: api\nsecrets:\n  variables:\n    DB_PASS|WORD: hunter2-very-secret\n');
      assert.match(h, /DB_PASSWORD/);
      assert.doesNotMatch(h, /hunter2/);
      const v = await hoverAt('northflank-secret', 'name: api\nsecrets:\n  variables:\n    DB_PASSWORD: hunter2-very|-secret\n');
      assert.doesNotMatch(v, /hunter2/);
    });

    it('explains a ${NAME} reference', async () => {
      const h = await hoverAt('northflank-secret', 'name: api\nsecrets:\n  variables:\n    HOST: x\n    URL: "http://${HO|ST}/"\n');
      assert.match(h, /the variable \*\*HOST\*\* of this group/);
    });
  });

  describe('outline, folding, navigation', () => {
    const group = 'name: api\nsecretType: environment\npriority: 1\naddonDependencies:\n  - addonId: pg\n    keys:\n      - keyName: POSTGRES_URI\n        aliases: [DATABASE_URL]\nsecrets:\n  variables:\n    HOST: db\n    URL: "postgres://${HOST}/x"\n    OTHER: "${HOST}-${DATABASE_URL}"\n  files:\n    /etc/app.conf:\n      data: aG9zdD0ke0hPU1R9Cg==\n';

    it('gives an outline named after keys and list items, without values', async () => {
      const uri = uriFor('northflank-secret', 'yaml');
      await client.open(uri, group);
      const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
      assert.deepEqual(symbols.map((s) => s.name), ['name', 'secretType', 'priority', 'addonDependencies', 'secrets']);
      const deps = symbols[3];
      assert.equal(deps.children?.[0].name, 'pg');
      const variables = symbols[4].children?.find((c) => c.name === 'variables');
      assert.deepEqual(variables?.children?.map((c) => [c.name, c.detail]), [['HOST', undefined], ['URL', undefined], ['OTHER', undefined]]);
    });

    it('folds objects and lists', async () => {
      const uri = uriFor('northflank-secret', 'yaml');
      await client.open(uri, group);
      const ranges = await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } });
      assert.ok(ranges?.some((r) => r.startLine === 3 && r.endLine === 7), JSON.stringify(ranges));
      assert.ok(ranges?.some((r) => r.startLine === 8 && r.endLine === 15), JSON.stringify(ranges));
    });

    it('goes from ${HOST} to its definition and finds every reference', async () => {
      const { text, offset } = caret(group.replace('${HOST}/x', '${HO|ST}/x'));
      const uri = uriFor('northflank-secret', 'yaml');
      await client.open(uri, text);
      const defs = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: positionOf(text, offset) })) as Location[];
      assert.deepEqual(defs.map((d) => d.range.start), [{ line: 10, character: 4 }]);
      const refs = (await client.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position: positionOf(text, offset), context: { includeDeclaration: true } })) as Location[];
      assert.deepEqual(refs.map((r) => `${r.range.start.line}:${r.range.start.character}-${r.range.end.character}`), ['10:4-8', '11:23-27', '12:14-18']);
      const alias = caret(group.replace('${DATABASE_URL}', '${DATABASE|_URL}'));
      await client.change(uri, alias.text);
      const aliasDefs = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: positionOf(alias.text, alias.offset) })) as Location[];
      assert.deepEqual(aliasDefs.map((d) => d.range.start), [{ line: 7, character: 18 }]);
    });

    it('renames a variable everywhere, inside base64 file contents too', async () => {
      const { text, offset } = caret(group.replace('    HOST: db', '    HO|ST: db'));
      const uri = uriFor('northflank-secret', 'yaml');
      await client.open(uri, text);
      const prepared = await client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position: positionOf(text, offset) });
      assert.deepEqual(prepared, { start: { line: 10, character: 4 }, end: { line: 10, character: 8 } });
      const edit = await client.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position: positionOf(text, offset), newName: 'DB_HOST' });
      const renamed = applyEdits(text, edit?.changes?.[uri] ?? []);
      assert.match(renamed, /DB_HOST: db/);
      assert.match(renamed, /postgres:\/\/\$\{DB_HOST\}\/x/);
      assert.match(renamed, /"\$\{DB_HOST\}-\$\{DATABASE_URL\}"/);
      const data = /data: (\S+)/.exec(renamed)?.[1] ?? '';
      assert.equal(Buffer.from(data, 'base64').toString('utf8'), 'host=${DB_HOST}\n');
      const doc = parseDefinition('/x.northflank-secret.yaml', renamed);
      assert.ok(doc);
      assert.deepEqual(validateDocument(doc).filter((d) => d.code === 'nf-unknown-template-variable'), []);
    });

    it('refuses to rename to an invalid name, or a default addon key name', async () => {
      const { text, offset } = caret(group.replace('    HOST: db', '    HO|ST: db'));
      const uri = uriFor('northflank-secret', 'yaml');
      await client.open(uri, text);
      await assert.rejects(client.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position: positionOf(text, offset), newName: 'not valid' }), /not a valid variable name/);
    });

    it('renames a Qovery secret key and the aliases and overrides that target it', async () => {
      const { text, offset } = caret('secrets:\n  - key: DB_U|RL\n    value: x\naliases:\n  - key: DATABASE_URL\n    target: DB_URL\noverrides:\n  - target: DB_URL\n    value: y\n');
      const uri = uriFor('qovery-secrets', 'yaml');
      await client.open(uri, text);
      const edit = await client.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position: positionOf(text, offset), newName: 'PG_URL' });
      assert.equal(applyEdits(text, edit?.changes?.[uri] ?? []), 'secrets:\n  - key: PG_URL\n    value: x\naliases:\n  - key: DATABASE_URL\n    target: PG_URL\noverrides:\n  - target: PG_URL\n    value: y\n');
    });
  });
});
