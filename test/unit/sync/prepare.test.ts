import { expect } from 'chai';
import { ApiError } from '../../../api/errors';
import type { AddonLinkBody, SecretGroupBody } from '../../../api/northflank';
import type { QoveryDefinition } from '../../../core/plan';
import { checkAlias, checkOverride, prepareNorthflankLink, prepareNorthflankSecret, prepareQovery, writeOverride } from '../../../sync/index';
import { fakeNorthflank, fakeQovery, projectSecret, qoveryError } from './fakeClients';

const SCOPE = { projectId: 'proj', teamId: 'team' };

const BODY = {
  name: 'Web Secrets',
  secretType: 'environment',
  priority: 10,
  secrets: { variables: { A: 'local-a' } },
  addonDependencies: [{ addonId: 'db', keys: [{ keyName: 'HOST' }] }, { addonId: 'cache', keys: [{ keyName: 'URL' }] }],
} as unknown as SecretGroupBody;

const REMOTE_GROUP = {
  id: 'web-secrets', name: 'Web Secrets', secretType: 'environment', priority: 10,
  secrets: { variables: { A: 'remote-a', B: 'remote-b' }, files: { '/f': { data: 'file-data' } } },
};

const notFound = (path: string) => new ApiError({ platform: 'northflank', kind: 'http', method: 'GET', path, status: 404, hint: 'h' });

describe('sync/index: a push prepared and applied', () => {
  describe('a Northflank secret group', () => {
    it('reads the group by the id its name derives to, masks its values, reads each addon link', async () => {
      const nf = fakeNorthflank({ find: REMOTE_GROUP, links: { db: { addonId: 'db', linked: true, linkedKeys: [{ keyName: 'HOST' }] }, cache: notFound('/cache') } });
      const signal = new AbortController().signal;
      const prepared = await prepareNorthflankSecret(nf.client, BODY, SCOPE, 'web.northflank-secret.yaml', signal);
      expect(nf.calls.map((c) => [c.method, ...c.args])).to.deep.equal([
        ['secrets.find', SCOPE, 'web-secrets'],
        ['addonLinks.get', SCOPE, 'web-secrets', 'db'],
        ['addonLinks.get', SCOPE, 'web-secrets', 'cache'],
      ]);
      expect(nf.calls.every((c) => c.signal === signal)).to.equal(true);
      expect(nf.masked).to.deep.equal([['remote-a', 'remote-b', 'file-data']]);
      expect(prepared.platform).to.equal('northflank');
      expect(prepared.plan.platform).to.equal('northflank');
      // An addon the link GET does not find is missing (not an error), and only linked addons are in the remote side.
      const dependencies = prepared.plan.items.filter((i) => i.subject === 'addon-dependency').map((i) => [i.name, i.change]);
      expect(dependencies.find(([name]) => name === 'db')?.[1]).to.equal('unchanged');
      expect(dependencies.find(([name]) => name === 'cache')?.[1]).to.equal('blocked');
      expect(prepared.remote?.addonDependencies).to.deep.equal([{ addonId: 'db', keys: [{ keyName: 'HOST' }] }]);
      expect(prepared.remote?.name).to.equal('Web Secrets');
    });

    it('a group that does not exist yet: no links read, nothing masked, no remote side; every item created', async () => {
      const nf = fakeNorthflank({ find: undefined });
      const prepared = await prepareNorthflankSecret(nf.client, BODY, SCOPE, 'web.northflank-secret.yaml');
      expect(nf.calls.map((c) => c.method)).to.deep.equal(['secrets.find']);
      expect(nf.masked).to.deep.equal([]);
      expect(prepared.remote).to.equal(undefined);
      expect(prepared.plan.items.filter((i) => i.change !== 'create')).to.deep.equal([]);
    });

    it('a group without addon dependencies reads no link', async () => {
      const nf = fakeNorthflank({ find: REMOTE_GROUP });
      const { addonDependencies: _, ...body } = BODY;
      await prepareNorthflankSecret(nf.client, body, SCOPE, 'f');
      expect(nf.calls.map((c) => c.method)).to.deep.equal(['secrets.find']);
    });

    it('a link GET that fails otherwise than 404 stops the preparation with its error', async () => {
      for (const error of [new ApiError({ platform: 'northflank', kind: 'http', method: 'GET', path: '/l', status: 403, hint: 'h' }), new Error('not an API error')]) {
        const nf = fakeNorthflank({ find: REMOTE_GROUP, links: { db: error } });
        let thrown: unknown;
        try {
          await prepareNorthflankSecret(nf.client, BODY, SCOPE, 'f');
        } catch (e) {
          thrown = e;
        }
        expect(thrown).to.equal(error);
        expect(nf.calls.map((c) => c.method)).to.deep.equal(['secrets.find', 'addonLinks.get'], 'the next link is not read');
      }
    });

    it('apply PUTs the body and says what was saved, where', async () => {
      const nf = fakeNorthflank({ find: undefined, put: { id: 'web-secrets', name: 'Web Secrets' } });
      const prepared = await prepareNorthflankSecret(nf.client, BODY, SCOPE, 'web.northflank-secret.yaml');
      expect(await prepared.apply()).to.deep.equal({ ok: true, lines: ['web.northflank-secret.yaml: applied: PUT secret group "Web Secrets" (id web-secrets) in project "proj".'] });
      expect(nf.calls[1]?.method).to.equal('secrets.put');
      expect(nf.calls[1]?.args).to.deep.equal([SCOPE, BODY]);
    });

    it('apply sends with its own signal, else the one the push was prepared with', async () => {
      const prepareSignal = new AbortController().signal;
      const applySignal = new AbortController().signal;
      const nf = fakeNorthflank({ find: undefined, put: { id: 'x', name: 'x' } });
      const prepared = await prepareNorthflankSecret(nf.client, BODY, SCOPE, 'f', prepareSignal);
      await prepared.apply(applySignal);
      await prepared.apply();
      expect(nf.calls.slice(1).map((c) => c.signal)).to.deep.equal([applySignal, prepareSignal]);
    });
  });

  describe('a Northflank addon link', () => {
    const LINK_SCOPE = { ...SCOPE, secretId: 'web-secrets', addonId: 'db' };
    const LINK_BODY = { keys: [{ keyName: 'HOST' }, { keyName: 'PORT', aliases: ['DB_PORT'] }] } as unknown as AddonLinkBody;

    it('reads the link; the remote side lists its keys with aliases only where there are some', async () => {
      const nf = fakeNorthflank({ links: { db: { addonId: 'db', linked: true, linkedKeys: [{ keyName: 'HOST', aliases: [] }, { keyName: 'PORT', aliases: ['DB_PORT'] }] } } });
      const signal = new AbortController().signal;
      const prepared = await prepareNorthflankLink(nf.client, LINK_BODY, LINK_SCOPE, 'db.northflank-link.yaml', signal);
      expect(nf.calls.map((c) => [c.method, ...c.args, c.signal === signal])).to.deep.equal([['addonLinks.get', LINK_SCOPE, 'web-secrets', 'db', true]]);
      expect(prepared.platform).to.equal('northflank');
      expect(prepared.remote).to.deep.equal({ keys: [{ keyName: 'HOST' }, { keyName: 'PORT', aliases: ['DB_PORT'] }] });
      expect(prepared.plan.kind).to.equal('northflank-link');
    });

    it('apply POSTs the keys and names them; "no keys" when none are linked', async () => {
      const nf = fakeNorthflank({ links: { db: { addonId: 'db', linked: false, linkedKeys: [] } }, update: { keys: [{ keyName: 'HOST' }, { keyName: 'PORT' }] } });
      const prepareSignal = new AbortController().signal;
      const prepared = await prepareNorthflankLink(nf.client, LINK_BODY, LINK_SCOPE, 'db.northflank-link.yaml', prepareSignal);
      expect(await prepared.apply()).to.deep.equal({ ok: true, lines: ['db.northflank-link.yaml: applied: POST link of addon "db" to secret group "web-secrets": HOST, PORT.'] });
      expect(nf.calls[1]?.args).to.deep.equal([LINK_SCOPE, 'web-secrets', 'db', LINK_BODY]);
      expect(nf.calls[1]?.signal).to.equal(prepareSignal);
      const applySignal = new AbortController().signal;
      const empty = fakeNorthflank({ links: { db: { addonId: 'db', linked: false, linkedKeys: [] } }, update: { keys: [] } });
      const none = await prepareNorthflankLink(empty.client, { keys: [] } as unknown as AddonLinkBody, LINK_SCOPE, 'db.northflank-link.yaml');
      expect((await none.apply(applySignal)).lines).to.deep.equal(['db.northflank-link.yaml: applied: POST link of addon "db" to secret group "web-secrets": no keys.']);
      expect(empty.calls[1]?.signal).to.equal(applySignal);
    });
  });

  describe('Qovery project secrets', () => {
    const PROJECT = '3c90c3cc-0d44-4b50-8888-8dd25736052a';
    const LOCAL: QoveryDefinition = { project: PROJECT, secrets: [{ key: 'A', value: 'a' }, { key: 'B', value: 'b' }, { key: 'C', value: 'c' }] };

    it('plans from the project\'s secrets; apply sends the steps and lists each (one change: no plural)', async () => {
      const q = fakeQovery([projectSecret('id-b', 'B'), projectSecret('id-old', 'OLD')]);
      const signal = new AbortController().signal;
      const prepared = await prepareQovery(q.client, LOCAL, PROJECT, false, 'shop.qovery-secrets.yaml', signal);
      expect(q.calls.map((c) => [c.method, ...c.args, c.signal === signal])).to.deep.equal([['list', PROJECT, true]]);
      expect(prepared.platform).to.equal('qovery');
      expect(prepared.remote).to.not.equal(undefined);
      const outcome = await prepared.apply();
      expect(outcome).to.deep.equal({
        ok: true,
        lines: [
          `shop.qovery-secrets.yaml: applied 3 changes to Qovery project ${PROJECT}:`,
          '  applied:     create secret A',
          '  applied:     create secret C',
          '  applied:     write secret B',
        ],
      });
      expect(q.calls.slice(1).every((c) => c.signal === signal)).to.equal(true);
      expect(q.calls.map((c) => c.method)).to.deep.equal(['list', 'create', 'create', 'edit'], 'creates first; OLD is kept without prune');

      const one = fakeQovery([]);
      const single = await prepareQovery(one.client, { secrets: [{ key: 'A', value: 'a' }] }, PROJECT, false, 'f');
      expect((await single.apply()).lines[0]).to.equal(`f: applied 1 change to Qovery project ${PROJECT}:`);
    });

    it('with prune, what the file does not declare is deleted', async () => {
      const q = fakeQovery([projectSecret('id-old', 'OLD')]);
      const prepared = await prepareQovery(q.client, { secrets: [] }, PROJECT, true, 'f');
      const applySignal = new AbortController().signal;
      expect((await prepared.apply(applySignal)).lines).to.deep.equal([`f: applied 1 change to Qovery project ${PROJECT}:`, '  applied:     delete secret OLD']);
      expect(q.calls.map((c) => [c.method, ...c.args])).to.deep.equal([['list', PROJECT], ['delete', PROJECT, 'id-old']]);
      expect(q.calls[1]?.signal).to.equal(applySignal);
      const kept = fakeQovery([projectSecret('id-old', 'OLD')]);
      expect((await (await prepareQovery(kept.client, { secrets: [] }, PROJECT, false, 'f')).apply()).lines).to.deep.equal([`f: applied 0 changes to Qovery project ${PROJECT}:`]);
    });

    it('a partial failure says where it stopped, what was applied, what failed and why, what was not, and what to do', async () => {
      const refuseC = (args: unknown[]) => (args[1] as { key?: string }).key === 'C';
      const q = fakeQovery([projectSecret('id-b', 'B')], (c) => (c.method === 'create' && refuseC(c.args) ? qoveryError(400, 'POST', '/project/p/secret', { hint: 'Correct it.' }) : undefined));
      const prepared = await prepareQovery(q.client, LOCAL, PROJECT, false, 'shop.qovery-secrets.yaml');
      const outcome = await prepared.apply();
      expect(outcome).to.deep.equal({
        ok: false,
        lines: [
          'shop.qovery-secrets.yaml: the Qovery push stopped at step 2 of 3; 1 applied, 1 not applied.',
          '  applied:     create secret A',
          '  failed:      create secret C',
          '               Qovery answered 400 Bad Request to POST /project/p/secret: refused with 400.',
          '  not applied: write secret B',
          '  What to do: Correct it. Then run the same push again: it reads what Qovery has now, so what was applied is not created twice.',
        ],
      });
      expect(q.calls.map((c) => c.method)).to.deep.equal(['list', 'create', 'create'], 'B is left untouched');
    });

    it('a failure whose answer was lost says the step may have been applied', async () => {
      const q = fakeQovery([], (c) => c.method === 'list' ? undefined : qoveryError(502, 'POST', '/project/p/secret', { mayHaveBeenApplied: true, hint: 'Look first.' }));
      const prepared = await prepareQovery(q.client, { secrets: [{ key: 'A', value: 'a' }] }, PROJECT, false, 'f');
      expect((await prepared.apply()).lines).to.deep.equal([
        'f: the Qovery push stopped at step 1 of 1; 0 applied, 0 not applied.',
        '  failed:      create secret A (it may have been applied: its answer was lost)',
        '               Qovery answered 502 Bad Gateway to POST /project/p/secret: refused with 502.',
        '  What to do: Look first. Then run the same push again: it reads what Qovery has now, so what was applied is not created twice.',
      ]);
    });
  });

  describe('checking a Qovery alias or override before it is sent', () => {
    const P = 'p';
    const BUILT_IN = projectSecret('built-in', 'QOVERY_DB', { scope: 'BUILT_IN', variable_type: 'BUILT_IN' });
    const OWN = projectSecret('own', 'OWN');
    const ALIAS = projectSecret('alias', 'AN_ALIAS', { variable_type: 'ALIAS', aliased_secret: { id: 'built-in', key: 'QOVERY_DB', scope: 'BUILT_IN' } });
    const ENV_ALIAS = projectSecret('env-alias', 'ENV_KEY', { scope: 'ENVIRONMENT', variable_type: 'ALIAS', aliased_secret: { id: 'built-in', key: 'QOVERY_DB', scope: 'BUILT_IN' } });

    it('an alias of a built-in secret under a new key: allowed', async () => {
      const q = fakeQovery([BUILT_IN, OWN, ALIAS]);
      const signal = new AbortController().signal;
      const check = await checkAlias(q.client, P, 'built-in', 'NEW_KEY', signal);
      expect(check).to.deep.equal({ target: BUILT_IN, existing: undefined, upToDate: false, problem: undefined });
      expect(q.calls.map((c) => [c.method, ...c.args, c.signal === signal])).to.deep.equal([['list', P, true]]);
    });

    it('an alias that already exists for the same target is up to date; for another target, the key is taken', async () => {
      const q = fakeQovery([BUILT_IN, OWN, ALIAS]);
      expect(await checkAlias(q.client, P, 'built-in', 'AN_ALIAS')).to.deep.equal({ target: BUILT_IN, existing: ALIAS, upToDate: true, problem: undefined });
      expect(await checkAlias(q.client, P, 'own', 'AN_ALIAS')).to.deep.equal({
        target: OWN, existing: ALIAS, upToDate: false, problem: 'The key AN_ALIAS already exists in project p (id alias): choose another key, or delete it first.',
      });
      // A plain secret under the key: taken too.
      const taken = await checkAlias(q.client, P, 'built-in', 'OWN');
      expect(taken.upToDate).to.equal(false);
      expect(taken.problem).to.equal('The key OWN already exists in project p (id own): choose another key, or delete it first.');
    });

    it('only a PROJECT secret takes a key: an environment\'s variable of the same key does not', async () => {
      const q = fakeQovery([BUILT_IN, ENV_ALIAS]);
      expect(await checkAlias(q.client, P, 'built-in', 'ENV_KEY')).to.deep.equal({ target: BUILT_IN, existing: undefined, upToDate: false, problem: undefined });
    });

    it('Qovery\'s rules come first: no alias of an alias, even when the key is taken', async () => {
      const q = fakeQovery([BUILT_IN, OWN, ALIAS]);
      const check = await checkAlias(q.client, P, 'alias', 'OWN');
      expect(check.problem).to.equal('"AN_ALIAS" is itself an alias, and Qovery allows no alias of an alias: alias the secret it points to instead.');
      expect(check.existing).to.equal(OWN);
    });

    it('a target that is not among the project\'s secrets: no target, no rule to check', async () => {
      const q = fakeQovery([OWN]);
      expect(await checkAlias(q.client, P, 'elsewhere', 'NEW')).to.deep.equal({ target: undefined, existing: undefined, upToDate: false, problem: undefined });
      const taken = await checkAlias(q.client, P, 'elsewhere', 'OWN');
      expect(taken.problem).to.equal('The key OWN already exists in project p (id own): choose another key, or delete it first.');
    });

    it('an override: Qovery\'s rule, and the project\'s existing override of the same key', async () => {
      const override = projectSecret('ov', 'QOVERY_DB', { variable_type: 'OVERRIDE', overridden_secret: { id: 'built-in', key: 'QOVERY_DB', scope: 'BUILT_IN' } });
      const sameKeyEnv = projectSecret('env-ov', 'QOVERY_DB', { scope: 'ENVIRONMENT', variable_type: 'OVERRIDE' });
      const otherOverride = projectSecret('ov-other', 'OTHER_KEY', { variable_type: 'OVERRIDE' });
      const q = fakeQovery([sameKeyEnv, OWN, otherOverride, override, BUILT_IN]);
      const signal = new AbortController().signal;
      expect(await checkOverride(q.client, P, 'built-in', signal)).to.deep.equal({ target: BUILT_IN, existing: override, problem: undefined });
      expect(q.calls[0]?.signal).to.equal(signal);
      expect(await checkOverride(q.client, P, 'own')).to.deep.equal({
        target: OWN, existing: undefined,
        problem: '"OWN" has the scope PROJECT: Qovery creates overrides only from a higher scope to a lower one (BUILT_IN > PROJECT > ENVIRONMENT > APPLICATION). A PROJECT secret is not overridden at PROJECT level: change its value instead.',
      });
      expect(await checkOverride(q.client, P, 'unknown')).to.deep.equal({ target: undefined, existing: undefined, problem: undefined });
      // A plain secret of the same key is no override.
      const plain = fakeQovery([BUILT_IN, projectSecret('plain', 'QOVERY_DB')]);
      expect((await checkOverride(plain.client, P, 'built-in')).existing).to.equal(undefined);
    });

    it('writeOverride edits the existing override (its key kept) or creates one', async () => {
      const existing = projectSecret('ov', 'QOVERY_DB', { variable_type: 'OVERRIDE' });
      const q = fakeQovery();
      const signal = new AbortController().signal;
      await writeOverride(q.client, P, 'built-in', { existing }, 'v1', 'desc', signal);
      await writeOverride(q.client, P, 'built-in', {}, 'v2', undefined, signal);
      expect(q.calls.map((c) => [c.method, ...c.args, c.signal === signal])).to.deep.equal([
        ['edit', P, 'ov', { key: 'QOVERY_DB', value: 'v1', description: 'desc' }, true],
        ['createOverride', P, 'built-in', { value: 'v2', description: undefined }, true],
      ]);
    });
  });
});
