/**
 * The language server's catalog cache (server/src/catalogs.ts), driven directly: a fake connection whose answers
 * the test delivers when and in the order it wants. Mutations these tests kill (tried by
 * hand; the protocol tests let them pass): drop the "latest request" guard (a late answer to an older question
 * wins), never ask again when invalidated, re-ask a question whose answer is on its way.
 */
import * as assert from 'node:assert/strict';
import type { Connection } from 'vscode-languageserver/node';
import { Catalogs } from '../../server/src/catalogs';
import type { CatalogParams, CatalogSnapshot } from '../../shared/protocol';

interface Asked {
  params: CatalogParams;
  answer(snapshot: CatalogSnapshot | null): Promise<void>;
  fail(): Promise<void>;
}

/** Lets every `then` queued by a settled request run. */
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

function harness() {
  const asked: Asked[] = [];
  const loaded: string[] = [];
  const connection = {
    sendRequest: (_type: unknown, params: CatalogParams) =>
      new Promise<CatalogSnapshot | null>((resolve, reject) => {
        asked.push({
          params,
          answer: async (s) => (resolve(s), settled()),
          fail: async () => (reject(new Error('the client failed')), settled()),
        });
      }),
  } as unknown as Connection;
  const catalogs = new Catalogs(connection, (uri) => loaded.push(uri));
  catalogs.enabled = true;
  return {
    catalogs, asked, loaded,
  };
}

const URI = 'file:///w/shop.qovery-secrets.yaml';
const qovery = (keys: string[], ttlMs?: number): CatalogSnapshot => ({ platform: 'qovery', status: 'live', qoverySecrets: keys.map((key) => ({ key, scope: 'BUILT_IN' })), ...(ttlMs === undefined ? {} : { ttlMs }) });
const keysOf = (h: ReturnType<typeof harness>, uri = URI) => {
  const known = h.catalogs.get(uri).qoverySecrets(undefined);
  return known.status === 'live' ? known.items.map((s) => s.key) : known.status;
};

describe('server catalogs: answers that arrive out of order', () => {
  it('drops a late answer to an older question (the file named another project): the newer answer stays', async () => {
    const h = harness();
    h.catalogs.ensure({ uri: URI, kind: 'qovery-secrets', project: 'old' });
    h.catalogs.ensure({ uri: URI, kind: 'qovery-secrets', project: 'new' });
    assert.deepEqual(h.asked.map((a) => a.params.project), ['old', 'new']);
    // The newer question is answered first, the older one after it: the order a guard-less cache gets wrong.
    await h.asked[1].answer(qovery(['ONLY_IN_NEW']));
    await h.asked[0].answer(qovery(['ONLY_IN_OLD']));
    assert.deepEqual(keysOf(h), ['ONLY_IN_NEW']);
    assert.deepEqual(h.loaded, [URI], 'the dropped answer revalidated the document');
  });

  it('drops a late failure of an older question too', async () => {
    const h = harness();
    h.catalogs.ensure({ uri: URI, kind: 'qovery-secrets', project: 'old' });
    h.catalogs.ensure({ uri: URI, kind: 'qovery-secrets', project: 'new' });
    await h.asked[1].answer(qovery(['A']));
    await h.asked[0].fail();
    assert.deepEqual(keysOf(h), ['A']);
  });

  it('drops an answer that arrives after the document was forgotten or invalidated', async () => {
    const h = harness();
    h.catalogs.ensure({ uri: URI, kind: 'qovery-secrets', project: 'p' });
    h.catalogs.forget(URI);
    await h.asked[0].answer(qovery(['A']));
    assert.equal(keysOf(h), 'unknown');
    assert.deepEqual(h.loaded, []);
  });

  it('a new question starts unknown; a refresh of the same question keeps the old answer until the new one comes', async () => {
    const h = harness();
    h.catalogs.ensure({ uri: URI, kind: 'qovery-secrets', project: 'p' });
    await h.asked[0].answer(qovery(['A'], 1000));
    h.catalogs.invalidate([URI]);
    h.catalogs.ensure({ uri: URI, kind: 'qovery-secrets', project: 'p' });
    assert.equal(h.asked.length, 2);
    assert.deepEqual(keysOf(h), ['A'], 'the refresh forgot the answer it is refreshing');
    h.catalogs.ensure({ uri: URI, kind: 'qovery-secrets', project: 'other' });
    assert.equal(keysOf(h), 'unknown', 'another project\'s catalog is shown for this one');
  });
});

describe('server catalogs: one catalog per answer', () => {
  it('gives the same catalog object until another answer comes (validation keeps what it computed with it)', async () => {
    const h = harness();
    h.catalogs.ensure({ uri: URI, kind: 'qovery-secrets', project: 'p' });
    await h.asked[0].answer(qovery(['A']));
    const first = h.catalogs.get(URI);
    assert.equal(h.catalogs.get(URI), first);
    h.catalogs.invalidate([URI]);
    h.catalogs.ensure({ uri: URI, kind: 'qovery-secrets', project: 'p' });
    await h.asked[1].answer(qovery(['A', 'B']));
    assert.notEqual(h.catalogs.get(URI), first, 'a new answer kept the old catalog');
    assert.deepEqual(keysOf(h), ['A', 'B']);
  });
});

describe('server catalogs: when to ask again (the client owns the time to live and says when)', () => {
  it('asks once while an answer is on its way, and not again until the client says catalogs changed', async () => {
    const h = harness();
    h.catalogs.ensure({ uri: URI, kind: 'qovery-secrets', project: 'p' });
    h.catalogs.ensure({ uri: URI, kind: 'qovery-secrets', project: 'p' });
    assert.equal(h.asked.length, 1);
    await h.asked[0].answer(qovery(['A']));
    h.catalogs.ensure({ uri: URI, kind: 'qovery-secrets', project: 'p' });
    assert.equal(h.asked.length, 1);
  });

  it('after a failed request: the offline catalog at once and the document revalidated; asked again when invalidated', async () => {
    const h = harness();
    h.catalogs.ensure({ uri: URI, kind: 'qovery-secrets', project: 'p' });
    await h.asked[0].fail();
    assert.deepEqual(h.loaded, [URI]);
    // The offline catalog: nothing it cannot know is reported (Qovery secrets are "unknown", not "none").
    assert.equal(keysOf(h), 'unknown');
    h.catalogs.ensure({ uri: URI, kind: 'qovery-secrets', project: 'p' });
    assert.equal(h.asked.length, 1, 'a failing client is not asked again on every edit');
    h.catalogs.invalidate([URI]);
    h.catalogs.ensure({ uri: URI, kind: 'qovery-secrets', project: 'p' });
    assert.equal(h.asked.length, 2);
    await h.asked[1].answer(qovery(['B']));
    assert.deepEqual(keysOf(h), ['B']);
  });

  it('asks again at once when what the file asks for changes (a group\'s name and addons)', async () => {
    const h = harness();
    const nf = 'file:///w/api.northflank-secret.yaml';
    h.catalogs.ensure({ uri: nf, kind: 'northflank-secret', group: 'api', addons: ['postgres'] });
    await h.asked[0].answer({ platform: 'northflank', status: 'live', addons: [] });
    h.catalogs.ensure({ uri: nf, kind: 'northflank-secret', group: 'api', addons: ['postgres'] });
    assert.equal(h.asked.length, 1);
    h.catalogs.ensure({ uri: nf, kind: 'northflank-secret', group: 'api', addons: ['postgres', 'redis'] });
    h.catalogs.ensure({ uri: nf, kind: 'northflank-secret', group: 'web', addons: ['postgres', 'redis'] });
    assert.equal(h.asked.length, 3);
  });

  it('invalidate asks again for those documents (or all); a disabled cache never asks', async () => {
    const h = harness();
    const other = 'file:///w/b.qovery-secrets.yaml';
    h.catalogs.ensure({ uri: URI, kind: 'qovery-secrets', project: 'p' });
    h.catalogs.ensure({ uri: other, kind: 'qovery-secrets', project: 'p' });
    await h.asked[0].answer(qovery(['A']));
    await h.asked[1].answer(qovery(['A']));
    h.catalogs.invalidate([URI]);
    h.catalogs.ensure({ uri: URI, kind: 'qovery-secrets', project: 'p' });
    h.catalogs.ensure({ uri: other, kind: 'qovery-secrets', project: 'p' });
    assert.deepEqual(h.asked.map((a) => a.params.uri), [URI, other, URI]);
    h.catalogs.invalidate();
    h.catalogs.ensure({ uri: other, kind: 'qovery-secrets', project: 'p' });
    assert.equal(h.asked.length, 4);
    h.catalogs.enabled = false;
    h.catalogs.invalidate();
    h.catalogs.ensure({ uri: other, kind: 'qovery-secrets', project: 'p' });
    assert.equal(h.asked.length, 4);
  });
});
