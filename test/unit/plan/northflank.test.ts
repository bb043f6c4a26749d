import { expect } from 'chai';
import { compareLinkKeys, deriveSecretGroupId, planNorthflankLink, planNorthflankSecret, type NfRemoteGroup, type NfRemoteLink, type NfSecretDefinition, type Plan, type PlanItem } from '../../../core/plan';

/**
 * The plan of a Northflank push, item by item: every item, in order, with its change and its exact detail (a
 * detail is what `secretdef diff` and the editor's preview print).
 */
const TARGET = { projectId: 'p' };
const WRITTEN = 'not returned by Northflank: cannot compare, will be written';
const REPLACED = 'not in the file: PUT replaces the group';

const base: NfSecretDefinition = { name: 'Api Secrets', secretType: 'environment', priority: 10 };
const remoteBase: NfRemoteGroup = { id: 'api-secrets', name: 'Api Secrets', secretType: 'environment', priority: 10, secrets: {} };

/** The seven field items of an existing group whose fields all match. */
const SAME_FIELDS: PlanItem[] = ['name', 'description', 'tags', 'type', 'secretType', 'priority', 'restrictions'].map((name) => ({ subject: 'field', name, change: 'unchanged' }));

const fieldItem = (plan: Plan, name: string) => plan.items.find((i) => i.subject === 'field' && i.name === name);
const without = (plan: Plan, subject: PlanItem['subject']) => plan.items.filter((i) => i.subject !== subject && i.subject !== 'group');
const only = (plan: Plan, subject: PlanItem['subject']) => plan.items.filter((i) => i.subject === subject);

describe('plan: a Northflank secret group, item by item', () => {
  describe('the group and where it is', () => {
    it('derives the id: trimmed, lower case, each run of white space one hyphen', () => {
      expect(deriveSecretGroupId('  Example   Secret\tGroup ')).to.equal('example-secret-group');
      expect(deriveSecretGroupId('API')).to.equal('api');
    });

    it('names the project, and its team when there is one', () => {
      expect(planNorthflankSecret(base, undefined, [], TARGET).target).to.equal('secret group "Api Secrets" (id api-secrets) in project "p"');
      expect(planNorthflankSecret(base, undefined, [], { projectId: 'p', teamId: 't' }).target).to.equal('secret group "Api Secrets" (id api-secrets) in project "p" of team "t"');
      expect(planNorthflankSecret(base, undefined, [], { projectId: 'p', teamId: '' }).target).to.equal('secret group "Api Secrets" (id api-secrets) in project "p"');
    });

    it('a new group: the group is created, no field is compared, every content item is created', () => {
      const plan = planNorthflankSecret({ ...base, secrets: { variables: { B: 'b', A: 'a' }, files: { '/f': { data: 'eA==' } }, dockerSecretMounts: { m: { data: 'eA==' } } } }, undefined, [], TARGET);
      expect(plan.platform).to.equal('northflank');
      expect(plan.kind).to.equal('northflank-secret');
      expect(plan.items).to.deep.equal([
        { subject: 'group', name: 'api-secrets', change: 'create' },
        { subject: 'variable', name: 'A', change: 'create' },
        { subject: 'variable', name: 'B', change: 'create' },
        { subject: 'file', name: '/f', change: 'create' },
        { subject: 'docker-secret-mount', name: 'm', change: 'create' },
      ]);
    });

    it('an existing group with the same fields: the group and its seven fields unchanged, in that order', () => {
      const plan = planNorthflankSecret(base, remoteBase, [], TARGET);
      expect(plan.items).to.deep.equal([{ subject: 'group', name: 'api-secrets', change: 'unchanged' }, ...SAME_FIELDS]);
    });
  });

  describe('fields', () => {
    it('each field that differs says from what to what; a missing one is "(none)"', () => {
      const plan = planNorthflankSecret(
        { name: 'Api Secrets', description: 'new', tags: ['b', 'a'], type: 'config', secretType: 'arguments', priority: 20 },
        { ...remoteBase, name: 'api secrets', tags: ['c'] },
        [],
        TARGET,
      );
      expect(plan.items.slice(1)).to.deep.equal([
        { subject: 'field', name: 'name', change: 'update', detail: 'api secrets → Api Secrets' },
        { subject: 'field', name: 'description', change: 'update', detail: '(none) → new' },
        { subject: 'field', name: 'tags', change: 'update', detail: 'c → a, b' },
        { subject: 'field', name: 'type', change: 'update', detail: 'secret → config' },
        { subject: 'field', name: 'secretType', change: 'update', detail: 'environment → arguments' },
        { subject: 'field', name: 'priority', change: 'update', detail: '10 → 20' },
        { subject: 'field', name: 'restrictions', change: 'unchanged' },
      ]);
    });

    it('a description removed, tags removed or added: "(none)" on the empty side', () => {
      const plan = planNorthflankSecret({ ...base, tags: [] }, { ...remoteBase, description: 'old', tags: ['x', 'a'] }, [], TARGET);
      expect(fieldItem(plan, 'description')).to.deep.equal({ subject: 'field', name: 'description', change: 'update', detail: 'old → (none)' });
      expect(fieldItem(plan, 'tags')).to.deep.equal({ subject: 'field', name: 'tags', change: 'update', detail: 'a, x → (none)' });
      const added = planNorthflankSecret({ ...base, tags: ['t'] }, remoteBase, [], TARGET);
      expect(fieldItem(added, 'tags')).to.deep.equal({ subject: 'field', name: 'tags', change: 'update', detail: '(none) → t' });
    });

    it('tags in another order are the same; type "secret" is the default on both sides', () => {
      const plan = planNorthflankSecret({ ...base, tags: ['b', 'a'] }, { ...remoteBase, tags: ['a', 'b'], type: 'secret' }, [], TARGET);
      expect(plan.items.slice(1)).to.deep.equal(SAME_FIELDS);
      const local = planNorthflankSecret({ ...base, type: 'secret' }, remoteBase, [], TARGET);
      expect(local.items.slice(1)).to.deep.equal(SAME_FIELDS);
      const config = planNorthflankSecret(base, { ...remoteBase, type: 'config' }, [], TARGET);
      expect(fieldItem(config, 'type')).to.deep.equal({ subject: 'field', name: 'type', change: 'update', detail: 'config → secret' });
    });

    it('a field whose values are equal once written as JSON is unchanged; another type of the same text is not', () => {
      const plan = planNorthflankSecret({ ...base, description: '' }, { ...remoteBase, description: '' }, [], TARGET);
      expect(fieldItem(plan, 'description')).to.deep.equal({ subject: 'field', name: 'description', change: 'unchanged' });
      const zero = planNorthflankSecret({ ...base, priority: 0 }, remoteBase, [], TARGET);
      expect(fieldItem(zero, 'priority')).to.deep.equal({ subject: 'field', name: 'priority', change: 'update', detail: '10 → 0' });
    });
  });

  describe('restrictions', () => {
    const restrictions = (local: NfSecretDefinition['restrictions'], remote: NfSecretDefinition['restrictions']) =>
      fieldItem(planNorthflankSecret({ ...base, restrictions: local }, { ...remoteBase, restrictions: remote }, [], TARGET), 'restrictions');

    it('no restrictions on either side, or only the defaults: unchanged', () => {
      expect(restrictions(undefined, undefined)).to.deep.equal({ subject: 'field', name: 'restrictions', change: 'unchanged' });
      expect(restrictions({ restricted: false, nfObjects: [], tags: [], tagMatchCondition: 'and' }, undefined)).to.deep.equal({ subject: 'field', name: 'restrictions', change: 'unchanged' });
      expect(restrictions(undefined, { restricted: false, tagMatchCondition: 'and' })).to.deep.equal({ subject: 'field', name: 'restrictions', change: 'unchanged' });
    });

    it('restricted changed, either way', () => {
      expect(restrictions({ restricted: true }, undefined)?.detail).to.equal('restricted: false → true');
      expect(restrictions(undefined, { restricted: true })?.detail).to.equal('restricted: true → false');
    });

    it('nfObjects: added with "+", removed with "-", as "type id", sorted; order alone is no change', () => {
      expect(restrictions(
        { nfObjects: [{ id: 'web', type: 'service' }, { id: 'api', type: 'service' }, { id: 'cron', type: 'job' }] },
        { nfObjects: [{ id: 'old', type: 'service' }, { id: 'api', type: 'service' }, { id: 'b', type: 'job' }] },
      )).to.deep.equal({ subject: 'field', name: 'restrictions', change: 'update', detail: 'nfObjects: +job cron, +service web, -job b, -service old' });
      expect(restrictions({ nfObjects: [{ id: 'a', type: 'service' }, { id: 'b', type: 'job' }] }, { nfObjects: [{ id: 'b', type: 'job' }, { id: 'a', type: 'service' }] })?.change).to.equal('unchanged');
      expect(restrictions(undefined, { nfObjects: [{ id: 'a', type: 'service' }] })?.detail).to.equal('nfObjects: -service a');
      expect(restrictions({ nfObjects: [{ id: 'a', type: 'service' }] }, undefined)?.detail).to.equal('nfObjects: +service a');
    });

    it('tags: the whole list before and after, sorted; "(none)" when empty', () => {
      expect(restrictions({ tags: ['b', 'a'] }, { tags: ['a', 'b'] })?.change).to.equal('unchanged');
      expect(restrictions({ tags: ['b', 'a'] }, undefined)?.detail).to.equal('tags: (none) → a, b');
      expect(restrictions(undefined, { tags: ['x'] })?.detail).to.equal('tags: x → (none)');
      expect(restrictions({ tags: ['a', 'c'] }, { tags: ['a', 'b'] })?.detail).to.equal('tags: a, b → a, c');
      // A list is not its items joined: ["a,b"] and ["a", "b"] differ.
      expect(restrictions({ tags: ['a', 'b'] }, { tags: ['ab'] })?.detail).to.equal('tags: ab → a, b');
    });

    it('tagMatchCondition: compared only when either side has tags; "and" is the default', () => {
      expect(restrictions({ tagMatchCondition: 'or' }, undefined)?.change).to.equal('unchanged');
      expect(restrictions(undefined, { tagMatchCondition: 'or' })?.change).to.equal('unchanged');
      expect(restrictions({ tags: ['a'], tagMatchCondition: 'or' }, { tags: ['a'] })?.detail).to.equal('tagMatchCondition: and → or');
      expect(restrictions({ tags: ['a'] }, { tags: ['a'], tagMatchCondition: 'or' })?.detail).to.equal('tagMatchCondition: or → and');
      expect(restrictions({ tags: ['a'], tagMatchCondition: 'and' }, { tags: ['a'] })?.change).to.equal('unchanged');
      expect(restrictions({ tagMatchCondition: 'or' }, { tags: ['a'] })?.detail).to.equal('tags: a → (none); tagMatchCondition: and → or');
      expect(restrictions({ tags: ['a'], tagMatchCondition: 'or' }, {})?.detail).to.equal('tags: (none) → a; tagMatchCondition: and → or');
    });

    it('every difference at once, joined with "; " in a fixed order', () => {
      expect(restrictions(
        { restricted: true, nfObjects: [{ id: 'api', type: 'service' }], tags: ['t'], tagMatchCondition: 'or' },
        { restricted: false, tags: ['u'] },
      )?.detail).to.equal('restricted: false → true; nfObjects: +service api; tags: u → t; tagMatchCondition: and → or');
    });
  });

  describe('variables, files and docker secret mounts', () => {
    it('created, changed, unchanged and removed, each list sorted, removals after the file\'s keys', () => {
      const plan = planNorthflankSecret(
        { ...base, secrets: { variables: { Z_NEW: 'n', B_SAME: 's', A_CHANGED: 'new' } } },
        { ...remoteBase, secrets: { variables: { Y_GONE: 'g', A_CHANGED: 'old', B_SAME: 's', C_GONE: 'g' } } },
        [],
        TARGET,
      );
      expect(without(plan, 'field')).to.deep.equal([
        { subject: 'variable', name: 'A_CHANGED', change: 'update', detail: 'value differs' },
        { subject: 'variable', name: 'B_SAME', change: 'unchanged' },
        { subject: 'variable', name: 'Z_NEW', change: 'create' },
        { subject: 'variable', name: 'C_GONE', change: 'delete', detail: REPLACED },
        { subject: 'variable', name: 'Y_GONE', change: 'delete', detail: REPLACED },
      ]);
    });

    it('a value is compared as the text Northflank stores it', () => {
      const local = { ...base, secrets: { variables: { PORT: 8080 as unknown as string, ON: true as unknown as string } } };
      const plan = planNorthflankSecret(local, { ...remoteBase, secrets: { variables: { PORT: '8080', ON: 'true' } } }, [], TARGET);
      expect(only(plan, 'variable')).to.deep.equal([{ subject: 'variable', name: 'ON', change: 'unchanged' }, { subject: 'variable', name: 'PORT', change: 'unchanged' }]);
      const other = planNorthflankSecret(local, { ...remoteBase, secrets: { variables: { PORT: '8081', ON: 'false' } } }, [], TARGET);
      expect(only(other, 'variable').map((i) => i.change)).to.deep.equal(['update', 'update']);
    });

    it('a key that is an Object.prototype name is compared as a key of its own', () => {
      const plan = planNorthflankSecret({ ...base, secrets: { variables: { constructor: 'x' } } }, { ...remoteBase, secrets: { variables: { toString: 'y' } } }, [], TARGET);
      expect(only(plan, 'variable')).to.deep.equal([
        { subject: 'variable', name: 'constructor', change: 'create' },
        { subject: 'variable', name: 'toString', change: 'delete', detail: REPLACED },
      ]);
    });

    it('files: the same data with utf-8 given or left out is unchanged; another data or encoding is a change', () => {
      const plan = planNorthflankSecret(
        { ...base, secrets: { files: { '/a': { data: 'x' }, '/b': { data: 'x', encoding: 'utf-8' }, '/c': { data: 'y' }, '/d': { data: 'x', encoding: 'base64' }, '/e': { data: 'x' } } } },
        { ...remoteBase, secrets: { files: { '/a': { data: 'x', encoding: 'utf-8' }, '/b': { data: 'x' }, '/c': { data: 'x' }, '/d': { data: 'x' }, '/e': { data: 'x', encoding: 'base64' }, '/f': { data: 'x' } } } },
        [],
        TARGET,
      );
      expect(only(plan, 'file')).to.deep.equal([
        { subject: 'file', name: '/a', change: 'unchanged' },
        { subject: 'file', name: '/b', change: 'unchanged' },
        { subject: 'file', name: '/c', change: 'update', detail: 'value differs' },
        { subject: 'file', name: '/d', change: 'update', detail: 'value differs' },
        { subject: 'file', name: '/e', change: 'update', detail: 'value differs' },
        { subject: 'file', name: '/f', change: 'delete', detail: REPLACED },
      ]);
    });

    it('docker secret mounts GET returns are compared; mounts GET does not return are written, and none is removed', () => {
      const local = { ...base, secrets: { dockerSecretMounts: { b: { data: 'x' }, a: { data: 'y' } } } };
      const known = planNorthflankSecret(local, { ...remoteBase, secrets: { dockerSecretMounts: { a: { data: 'y' }, c: { data: 'z' } } } }, [], TARGET);
      expect(only(known, 'docker-secret-mount')).to.deep.equal([
        { subject: 'docker-secret-mount', name: 'a', change: 'unchanged' },
        { subject: 'docker-secret-mount', name: 'b', change: 'create' },
        { subject: 'docker-secret-mount', name: 'c', change: 'delete', detail: REPLACED },
      ]);
      const unknown = planNorthflankSecret(local, { ...remoteBase, secrets: { variables: {} } }, [], TARGET);
      expect(only(unknown, 'docker-secret-mount')).to.deep.equal([
        { subject: 'docker-secret-mount', name: 'a', change: 'write', detail: WRITTEN },
        { subject: 'docker-secret-mount', name: 'b', change: 'write', detail: WRITTEN },
      ]);
    });

    it('mounts the file does not declare are removed when GET returns them, and nothing is said when it does not', () => {
      const returned = planNorthflankSecret(base, { ...remoteBase, secrets: { dockerSecretMounts: { old: { data: 'x' } } } }, [], TARGET);
      expect(only(returned, 'docker-secret-mount')).to.deep.equal([{ subject: 'docker-secret-mount', name: 'old', change: 'delete', detail: REPLACED }]);
      const empty = planNorthflankSecret({ ...base, secrets: { dockerSecretMounts: {} } }, remoteBase, [], TARGET);
      expect(only(empty, 'docker-secret-mount')).to.deep.equal([]);
    });

    it('a stage id is created with a new group and written to an existing one', () => {
      const created = planNorthflankSecret({ ...base, stageId: 's' }, undefined, [], TARGET);
      expect(created.items).to.deep.equal([{ subject: 'group', name: 'api-secrets', change: 'create' }, { subject: 'field', name: 'stageId', change: 'create', detail: undefined }]);
      const written = planNorthflankSecret({ ...base, stageId: 's' }, remoteBase, [], TARGET);
      expect(written.items.slice(8)).to.deep.equal([{ subject: 'field', name: 'stageId', change: 'write', detail: WRITTEN }]);
    });

    it('external addons are created with a new group and written to an existing one, in file order, after everything else', () => {
      const local = { ...base, externalAddonDependencies: [{ addonId: 'z' }, { addonId: 'a', keys: [{ keyName: 'K' }] }], secrets: { variables: { V: 'v' } } };
      expect(planNorthflankSecret(local, undefined, [], TARGET).items).to.deep.equal([
        { subject: 'group', name: 'api-secrets', change: 'create' },
        { subject: 'variable', name: 'V', change: 'create' },
        { subject: 'external-addon-dependency', name: 'z', change: 'create', detail: undefined },
        { subject: 'external-addon-dependency', name: 'a', change: 'create', detail: undefined },
      ]);
      expect(only(planNorthflankSecret(local, remoteBase, [], TARGET), 'external-addon-dependency')).to.deep.equal([
        { subject: 'external-addon-dependency', name: 'z', change: 'write', detail: WRITTEN },
        { subject: 'external-addon-dependency', name: 'a', change: 'write', detail: WRITTEN },
      ]);
    });

    it('the order of the sections: fields, stage, variables, files, mounts, addons, external addons', () => {
      const plan = planNorthflankSecret(
        { ...base, stageId: 's', secrets: { dockerSecretMounts: { m: { data: 'x' } }, files: { '/f': { data: 'x' } }, variables: { V: 'v' } }, addonDependencies: [{ addonId: 'pg' }], externalAddonDependencies: [{ addonId: 'ext' }] },
        undefined,
        [],
        TARGET,
      );
      expect(plan.items.map((i) => i.subject)).to.deep.equal(['group', 'field', 'variable', 'file', 'docker-secret-mount', 'addon-dependency', 'external-addon-dependency']);
    });
  });

  describe('addon dependencies', () => {
    const link = (addonId: string, linkedKeys: { keyName: string; aliases?: string[] }[], more: Partial<NfRemoteLink> = {}): NfRemoteLink => ({ addonId, linked: true, linkedKeys, ...more });
    const deps = (addonDependencies: NfSecretDefinition['addonDependencies'], links: NfRemoteLink[], exists = true) =>
      only(planNorthflankSecret({ ...base, addonDependencies }, exists ? remoteBase : undefined, links, TARGET), 'addon-dependency');

    it('a new group: each addon created with its keys, or "no keys: nothing is linked"', () => {
      expect(deps([{ addonId: 'pg', keys: [{ keyName: 'B' }, { keyName: 'A', aliases: ['X'] }] }, { addonId: 'redis' }, { addonId: 'mongo', keys: [] }], [link('pg', [])], false)).to.deep.equal([
        { subject: 'addon-dependency', name: 'pg', change: 'create', detail: 'keys B, A' },
        { subject: 'addon-dependency', name: 'redis', change: 'create', detail: 'no keys: nothing is linked' },
        { subject: 'addon-dependency', name: 'mongo', change: 'create', detail: 'no keys: nothing is linked' },
      ]);
    });

    it('an addon whose link was not read is written; one that does not exist is blocked', () => {
      expect(deps([{ addonId: 'pg', keys: [{ keyName: 'A' }] }, { addonId: 'ghost', keys: [{ keyName: 'A' }] }], [link('other', []), { addonId: 'ghost', missing: true, linked: false, linkedKeys: [] }])).to.deep.equal([
        { subject: 'addon-dependency', name: 'pg', change: 'write', detail: 'link not read: cannot compare, will be written' },
        { subject: 'addon-dependency', name: 'ghost', change: 'blocked', detail: 'there is no addon "ghost" in the project (or the token cannot see it)' },
      ]);
    });

    it('keys the addon does not have are blocked, all named; without a list of available keys nothing is blocked', () => {
      expect(deps([{ addonId: 'pg', keys: [{ keyName: 'A' }, { keyName: 'NO1' }, { keyName: 'NO2' }] }], [link('pg', [], { availableKeys: ['A', 'B'] })])).to.deep.equal([
        { subject: 'addon-dependency', name: 'pg', change: 'blocked', detail: 'the addon has no key NO1, NO2 (available: A, B)' },
      ]);
      expect(deps([{ addonId: 'pg', keys: [{ keyName: 'A' }] }], [link('pg', [], { availableKeys: [] })])).to.deep.equal([
        { subject: 'addon-dependency', name: 'pg', change: 'blocked', detail: 'the addon has no key A (available: (none))' },
      ]);
      expect(deps([{ addonId: 'pg', keys: [{ keyName: 'A' }] }], [link('pg', [{ keyName: 'A' }])])).to.deep.equal([{ subject: 'addon-dependency', name: 'pg', change: 'unchanged' }]);
      expect(deps([{ addonId: 'pg', keys: [{ keyName: 'A' }] }], [link('pg', [{ keyName: 'A' }], { availableKeys: ['A'] })])).to.deep.equal([{ subject: 'addon-dependency', name: 'pg', change: 'unchanged' }]);
    });

    it('an addon not linked yet is created with its keys, whatever its link lists', () => {
      expect(deps([{ addonId: 'pg', keys: [{ keyName: 'A' }, { keyName: 'B' }] }, { addonId: 'redis' }], [
        { addonId: 'pg', linked: false, linkedKeys: [{ keyName: 'A' }] },
        { addonId: 'redis', linked: false, linkedKeys: [] },
      ])).to.deep.equal([
        { subject: 'addon-dependency', name: 'pg', change: 'create', detail: 'keys A, B' },
        { subject: 'addon-dependency', name: 'redis', change: 'create', detail: 'no keys: nothing is linked' },
      ]);
    });

    it('a linked addon: keys added "+", removed "-", aliases changed "~" with the change; unchanged keys not named', () => {
      expect(deps([{ addonId: 'pg', keys: [{ keyName: 'SAME', aliases: ['S'] }, { keyName: 'NEW', aliases: ['N'] }, { keyName: 'ALIASED', aliases: ['Z', 'Y'] }] }], [
        link('pg', [{ keyName: 'SAME', aliases: ['S'] }, { keyName: 'GONE' }, { keyName: 'ALIASED' }]),
      ])).to.deep.equal([
        { subject: 'addon-dependency', name: 'pg', change: 'update', detail: '+NEW, ~ALIASED (aliases (none) → Y, Z), -GONE' },
      ]);
      expect(deps([{ addonId: 'pg' }], [link('pg', [{ keyName: 'GONE', aliases: ['G'] }])])).to.deep.equal([
        { subject: 'addon-dependency', name: 'pg', change: 'update', detail: '-GONE' },
      ]);
      expect(deps([{ addonId: 'pg' }], [link('pg', [])])).to.deep.equal([{ subject: 'addon-dependency', name: 'pg', change: 'unchanged' }]);
    });
  });
});

describe('plan: the keys linked from an addon', () => {
  it('a key not linked yet is created, with its aliases sorted when it has some', () => {
    expect(compareLinkKeys('link-key', [{ keyName: 'A', aliases: ['Z', 'B'] }, { keyName: 'C' }, { keyName: 'D', aliases: [] }], undefined)).to.deep.equal([
      { subject: 'link-key', name: 'A', change: 'create', detail: 'aliases B, Z' },
      { subject: 'link-key', name: 'C', change: 'create', detail: undefined },
      { subject: 'link-key', name: 'D', change: 'create', detail: undefined },
    ]);
  });

  it('aliases in another order are the same; different ones say before and after; keys linked and not in the file are removed', () => {
    expect(compareLinkKeys('addon-dependency', [
      { keyName: 'A', aliases: ['Y', 'X'] },
      { keyName: 'B', aliases: ['X'] },
      { keyName: 'C' },
      { keyName: 'D', aliases: ['X', 'Y'] },
    ], [
      { keyName: 'E', aliases: ['E1'] },
      { keyName: 'D', aliases: ['XY'] },
      { keyName: 'C', aliases: [] },
      { keyName: 'B' },
      { keyName: 'A', aliases: ['X', 'Y'] },
      { keyName: 'F' },
    ])).to.deep.equal([
      { subject: 'addon-dependency', name: 'A', change: 'unchanged' },
      { subject: 'addon-dependency', name: 'B', change: 'update', detail: 'aliases (none) → X' },
      { subject: 'addon-dependency', name: 'C', change: 'unchanged' },
      { subject: 'addon-dependency', name: 'D', change: 'update', detail: 'aliases XY → X, Y' },
      { subject: 'addon-dependency', name: 'E', change: 'delete', detail: 'linked now, not in the file' },
      { subject: 'addon-dependency', name: 'F', change: 'delete', detail: 'linked now, not in the file' },
    ]);
    expect(compareLinkKeys('link-key', [{ keyName: 'A' }], [{ keyName: 'A', aliases: ['Q'] }])).to.deep.equal([{ subject: 'link-key', name: 'A', change: 'update', detail: 'aliases Q → (none)' }]);
    // mutant: the remote aliases not sorted (`[...(r.aliases ?? [])]` without `.sort()`): Northflank's order is not the file's.
    expect(compareLinkKeys('link-key', [{ keyName: 'A', aliases: ['X', 'Y'] }, { keyName: 'B', aliases: ['X'] }], [{ keyName: 'A', aliases: ['Y', 'X'] }, { keyName: 'B', aliases: ['Z', 'Y'] }])).to.deep.equal([
      { subject: 'link-key', name: 'A', change: 'unchanged' },
      { subject: 'link-key', name: 'B', change: 'update', detail: 'aliases Y, Z → X' },
    ]);
  });
});

describe('plan: a Northflank addon link file', () => {
  const target = { projectId: 'p', secretId: 'g' };

  it('names the addon, the group, the project and its team', () => {
    const remote: NfRemoteLink = { addonId: 'mongo', linked: false, linkedKeys: [] };
    expect(planNorthflankLink({ keys: [] }, remote, target).target).to.equal('link of addon "mongo" to secret group "g" in project "p"');
    const plan = planNorthflankLink({ keys: [] }, remote, { ...target, teamId: 't' });
    expect(plan.target).to.equal('link of addon "mongo" to secret group "g" in project "p" of team "t"');
    expect(plan.platform).to.equal('northflank');
    expect(plan.kind).to.equal('northflank-link');
  });

  it('a link not made yet: the link and every key created, even keys linked before', () => {
    const plan = planNorthflankLink({ keys: [{ keyName: 'A', aliases: ['X'] }, { keyName: 'B' }] }, { addonId: 'mongo', linked: false, linkedKeys: [{ keyName: 'A', aliases: ['X'] }, { keyName: 'OLD' }] }, target);
    expect(plan.items).to.deep.equal([
      { subject: 'link', name: 'mongo', change: 'create' },
      { subject: 'link-key', name: 'A', change: 'create', detail: 'aliases X' },
      { subject: 'link-key', name: 'B', change: 'create', detail: undefined },
    ]);
  });

  it('keys the addon does not have are blocked first, each on its own, and left out of the comparison', () => {
    const plan = planNorthflankLink({ keys: [{ keyName: 'A' }, { keyName: 'NO1' }, { keyName: 'NO2' }] }, { addonId: 'mongo', linked: true, linkedKeys: [{ keyName: 'A' }, { keyName: 'GONE' }], availableKeys: ['A', 'GONE'] }, target);
    expect(plan.items).to.deep.equal([
      { subject: 'link', name: 'mongo', change: 'unchanged' },
      { subject: 'link-key', name: 'NO1', change: 'blocked', detail: 'the addon has no such key (available: A, GONE)' },
      { subject: 'link-key', name: 'NO2', change: 'blocked', detail: 'the addon has no such key (available: A, GONE)' },
      { subject: 'link-key', name: 'A', change: 'unchanged' },
      { subject: 'link-key', name: 'GONE', change: 'delete', detail: 'linked now, not in the file' },
    ]);
    const none = planNorthflankLink({ keys: [{ keyName: 'A' }] }, { addonId: 'mongo', linked: true, linkedKeys: [], availableKeys: [] }, target);
    expect(none.items).to.deep.equal([
      { subject: 'link', name: 'mongo', change: 'unchanged' },
      { subject: 'link-key', name: 'A', change: 'blocked', detail: 'the addon has no such key (available: (none))' },
    ]);
  });

  it('without a list of available keys no key is blocked', () => {
    const plan = planNorthflankLink({ keys: [{ keyName: 'ANY' }] }, { addonId: 'mongo', linked: true, linkedKeys: [] }, target);
    expect(plan.items).to.deep.equal([{ subject: 'link', name: 'mongo', change: 'unchanged' }, { subject: 'link-key', name: 'ANY', change: 'create', detail: undefined }]);
  });
});
