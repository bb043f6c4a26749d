// The server owns the document: CodeLens are computed by the server, the client asks it for the parsed definition
// of a push, and the catalog answers are kept until the client (which owns the cache) says they changed.
import * as assert from 'node:assert/strict';
import { CodeLensRequest, type CodeLens } from 'vscode-languageserver-protocol';
import { CatalogChangedNotification, CatalogRequest, DefinitionRequest, type CatalogParams, type CatalogSnapshot } from '../../shared/protocol';
import { LspClient } from '../helpers/lsp';

const GROUP = 'name: api-secrets\nsecretType: environment\npriority: 1\naddonDependencies:\n  - addonId: postgres\n    keys:\n      - keyName: HOST\n  - addonId: cache\nsecrets:\n  variables:\n    TOKEN: s3cr3t-VALUE\n';

const titles = (lenses: CodeLens[] | null): string[] => (lenses ?? []).map((l) => `${l.range.start.line}: ${l.command?.title ?? ''} → ${l.command?.command ?? ''}`);

describe('language server over stdio: the server owns the document', () => {
  let client: LspClient;
  const asked: CatalogParams[] = [];
  let answer: (p: CatalogParams) => CatalogSnapshot | null = () => null;

  before(async () => {
    client = new LspClient();
    client.connection.onRequest(CatalogRequest, (p: CatalogParams) => {
      asked.push(p);
      return answer(p);
    });
    await client.initialize({ catalogs: true });
  });
  after(async () => client.dispose());

  /** Polls the lenses until `ok` (they change when the catalog answer arrives), for at most 10 s. */
  async function lensesUntil(uri: string, ok: (lenses: CodeLens[]) => boolean): Promise<CodeLens[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
      if (ok(lenses) || Date.now() > deadline) return lenses;
      await client.nextDiagnostics(uri).catch(() => undefined);
    }
  }

  it('computes the CodeLens: push, create and the target at the top, link keys on each addon', async () => {
    answer = () => ({ platform: 'northflank', status: 'unknown', reason: 'signed out', binding: { project: 'default-project', projectName: 'Default' } });
    const uri = 'file:///w/lens.northflank-secret.yaml';
    await client.open(uri, GROUP);
    const lenses = await lensesUntil(uri, (l) => l.some((x) => x.command?.title.includes('Default') === true));
    assert.deepEqual(titles(lenses), [
      '0: $(cloud-upload) Push to Northflank · Default → secretDefinitions.push',
      '0: Create (POST) → secretDefinitions.createSecretGroup',
      '0: Change target → secretDefinitions.changeTarget',
      '4: $(plug) Link keys of postgres → secretDefinitions.linkAddon',
      '7: $(plug) Link keys of cache → secretDefinitions.linkAddon',
    ]);
    assert.deepEqual(lenses[3].command?.arguments, [uri, 'postgres']);
    // The server told the client what the file names, so the client never parses it.
    assert.deepEqual(asked.find((a) => a.uri === uri), { uri, kind: 'northflank-secret', group: 'api-secrets', addons: ['postgres', 'cache'] });
  });

  it('offers to choose a project while the file is not bound', async () => {
    answer = () => ({ platform: 'qovery', status: 'unknown', reason: 'no project bound' });
    const uri = 'file:///w/unbound.qovery-secrets.yaml';
    await client.open(uri, 'secrets:\n  - key: A\n    value: b\n');
    await client.diagnostics(uri);
    const lenses = await lensesUntil(uri, () => asked.some((a) => a.uri === uri));
    assert.deepEqual(titles(lenses), ['0: $(cloud-upload) Push to Qovery → secretDefinitions.push', '0: Choose a project → secretDefinitions.changeTarget']);
  });

  it('answers the parsed definition of a push: kind, body without $schema, the file\'s own problems', async () => {
    const uri = 'file:///w/push.northflank-secret.yaml';
    await client.open(uri, `$schema: https://secretdef.dev/schemas/northflank-secret.schema.json\n${GROUP.replace('priority: 1', 'priority: 101')}`);
    const info = await client.connection.sendRequest(DefinitionRequest, { uri });
    assert.ok(info);
    assert.equal(info.kind, 'northflank-secret');
    assert.equal(info.syntax, 'yaml');
    assert.equal(info.body.$schema, undefined);
    assert.deepEqual((info.body.secrets as { variables: unknown }).variables, { TOKEN: 's3cr3t-VALUE' });
    assert.deepEqual(info.diagnostics.map((d) => d.code).sort(), ['nf-create-addon-keys', 'number-out-of-range']);
    const q = 'file:///w/named.qovery-secrets.yaml';
    await client.open(q, 'project: 3c90c3cc-0d44-4b50-8888-8dd25736052a\nsecrets:\n  - key: A\n');
    assert.equal((await client.connection.sendRequest(DefinitionRequest, { uri: q }))?.project, '3c90c3cc-0d44-4b50-8888-8dd25736052a');
    assert.equal(await client.connection.sendRequest(DefinitionRequest, { uri: 'file:///w/not-open.northflank-secret.yaml' }), null);
  });

  it('keeps a catalog answer until the client says it changed, or the file asks another question', async () => {
    answer = () => ({ platform: 'northflank', status: 'live', addons: [{ id: 'postgres', keys: ['HOST'] }, { id: 'cache' }], restrictionTargets: [], tags: [] });
    const uri = 'file:///w/once.northflank-secret.yaml';
    await client.open(uri, GROUP);
    await client.diagnostics(uri);
    const count = () => asked.filter((a) => a.uri === uri).length;
    for (let i = 2; i <= 4; i++) {
      const v = await client.change(uri, GROUP.replace('priority: 1', `priority: ${i}`));
      await client.diagnostics(uri, v);
    }
    assert.equal(count(), 1, 'edits that do not change the question do not ask again');
    const v = await client.change(uri, GROUP.replace('name: api-secrets', 'name: web-secrets'));
    await client.diagnostics(uri, v);
    assert.equal(count(), 2, 'another group name is another question');
    await client.connection.sendNotification(CatalogChangedNotification, { uris: [uri] });
    const w = await client.change(uri, GROUP.replace('name: api-secrets', 'name: web-secrets').replace('priority: 1', 'priority: 9'));
    await client.diagnostics(uri, w);
    assert.equal(count(), 3, 'the client said it changed');
  });
});
