import * as assert from 'node:assert/strict';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { CatalogChangedNotification, CatalogRequest, type CatalogParams, type CatalogSnapshot } from '../../shared/protocol';
import { LspClient } from '../helpers/lsp';

const GROUP = 'name: api\nsecretType: environment\npriority: 1\naddonDependencies:\n  - addonId: postgres\n    keys:\n      - keyName: POSTGRES_URL\n';

/**
 * Waits for a publication of `uri` that satisfies `ok` (the server may publish offline results first). Fails after
 * 10 s instead of hanging the suite when it never comes.
 */
async function until(client: LspClient, uri: string, ok: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no publication of ${uri} satisfied the test within 10 s`)), 10_000);
  });
  const wait = async (): Promise<PublishDiagnosticsParams> => {
    for (;;) {
      const p = await client.diagnostics(uri);
      if (ok(p)) return p;
      await client.nextDiagnostics(uri);
    }
  };
  try {
    return await Promise.race([wait(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('language server over stdio: live catalogs from the client', () => {
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

  it('asks the client for the catalog of an opened file and revalidates with it', async () => {
    answer = () => ({ platform: 'northflank', status: 'live', addons: [{ id: 'postgres', keys: ['HOST', 'POSTGRES_URI'] }], restrictionTargets: [], tags: [] });
    const uri = 'file:///w/live.northflank-secret.yaml';
    await client.open(uri, GROUP);
    const p = await until(client, uri, (x) => x.diagnostics.length > 0);
    assert.deepEqual(p.diagnostics.map((d) => [d.code, d.message]), [['nf-unknown-addon-key', 'The addon "postgres" has no key "POSTGRES_URL". Did you mean "POSTGRES_URI"?']]);
    assert.deepEqual(asked.filter((a) => a.uri === uri).map((a) => a.kind), ['northflank-secret']);
  });

  it('stays silent when the client knows nothing (signed out, offline)', async () => {
    answer = () => ({ platform: 'northflank', status: 'unknown', reason: 'signed out' });
    const uri = 'file:///w/unknown.northflank-secret.yaml';
    await client.open(uri, GROUP);
    await until(client, uri, () => asked.some((a) => a.uri === uri));
    // A later edit validates with what the client said: still nothing it cannot know.
    const v = await client.change(uri, GROUP.replace('priority: 1', 'priority: 2'));
    assert.deepEqual((await client.diagnostics(uri, v)).diagnostics, []);
  });

  it('asks again when the client says catalogs changed (after sign-in)', async () => {
    answer = () => ({ platform: 'northflank', status: 'unknown', reason: 'signed out' });
    const uri = 'file:///w/signin.northflank-secret.yaml';
    await client.open(uri, GROUP);
    await until(client, uri, () => asked.some((a) => a.uri === uri));
    answer = () => ({ platform: 'northflank', status: 'live', addons: [{ id: 'other' }] });
    await client.connection.sendNotification(CatalogChangedNotification, {});
    const p = await until(client, uri, (x) => x.diagnostics.some((d) => d.code === 'nf-unknown-addon'));
    assert.match(String(p.diagnostics[0].message), /The project has no addon "postgres"/);
    assert.equal(asked.filter((a) => a.uri === uri).length, 2);
  });

  it('checks a link file against the addon its binding names, and passes a Qovery file\'s project', async () => {
    answer = (p) => (p.kind === 'northflank-link' ? { platform: 'northflank', status: 'live', linkAddonId: 'mongo', addons: [{ id: 'mongo', keys: ['USERNAME', 'PASSWORD'] }] } : null);
    const uri = 'file:///w/x.northflank-link.yaml';
    await client.open(uri, 'keys:\n  - keyName: USERNAM\n    aliases: [NF_MONGO_PASSWORD]\n  - keyName: PASSWORD\n');
    const p = await until(client, uri, (x) => x.diagnostics.length >= 2);
    assert.deepEqual(p.diagnostics.map((d) => d.code).sort(), ['nf-alias-collision', 'nf-unknown-addon-key']);
    const q = 'file:///w/q.qovery-secrets.yaml';
    await client.open(q, 'project: 3c90c3cc-0d44-4b50-8888-8dd25736052a\nsecrets:\n  - key: A\n');
    await until(client, q, () => asked.some((a) => a.uri === q));
    assert.equal(asked.find((a) => a.uri === q)?.project, '3c90c3cc-0d44-4b50-8888-8dd25736052a');
  });
});

describe('language server over stdio: catalog answers that arrive late', () => {
  it('keeps the answer to the latest question: a late answer for the project the file named before is dropped', async () => {
    const client = new LspClient();
    const pending = new Map<string, (s: CatalogSnapshot) => void>();
    client.connection.onRequest(CatalogRequest, (p: CatalogParams) => new Promise<CatalogSnapshot>((resolve) => pending.set(p.project ?? '', resolve)));
    await client.initialize({ catalogs: true });
    const OLD = '11111111-1111-4111-8111-111111111111';
    const NEW = '22222222-2222-4222-8222-222222222222';
    const uri = 'file:///w/late.qovery-secrets.yaml';
    const text = (project: string) => `project: ${project}\naliases:\n  - key: A\n    target: ONLY_IN_NEW\n`;
    await client.open(uri, text(OLD));
    await until(client, uri, () => pending.has(OLD));
    const v = await client.change(uri, text(NEW));
    await until(client, uri, (p) => p.version === v && pending.has(NEW));
    // The new project's answer comes first, and the server revalidates with it (a publication we wait for)...
    const revalidated = client.nextDiagnostics(uri, v);
    pending.get(NEW)?.({ platform: 'qovery', status: 'live', qoverySecrets: [{ key: 'ONLY_IN_NEW', scope: 'BUILT_IN' }] });
    assert.deepEqual((await revalidated).diagnostics, []);
    // ...then the old project's answer arrives late: it must be dropped. (Delivered in the other order, a server
    // without the guard passes too: the right answer simply lands last.)
    pending.get(OLD)?.({ platform: 'qovery', status: 'live', qoverySecrets: [] });
    // One turn of the event loop lets the connection queue that answer before the change below (its writer sends
    // in the order messages are queued, and the server handles them in the order they come).
    await new Promise((resolve) => setImmediate(resolve));
    // Revalidate after both answers: the target exists in the new project, so there is nothing to report.
    try {
      const again = await client.change(uri, `${text(NEW)}# edited\n`);
      assert.deepEqual((await client.diagnostics(uri, again)).diagnostics.map((d) => d.code), []);
    } finally {
      await client.dispose();
    }
  });
});

describe('language server over stdio: a client without catalogs', () => {
  it('is never asked, and validates with the offline defaults', async () => {
    const client = new LspClient();
    let asked = 0;
    client.connection.onRequest(CatalogRequest, () => {
      asked++;
      return null;
    });
    await client.initialize();
    const uri = 'file:///w/plain.northflank-secret.yaml';
    await client.open(uri, GROUP);
    assert.deepEqual((await client.diagnostics(uri, 1)).diagnostics, []);
    assert.equal(asked, 0);
    await client.dispose();
  });
});
