import { expect } from 'chai';
import {
  aliasProblem,
  countChanges,
  describeStep,
  hasDifferences,
  hasWork,
  isBlocked,
  overrideProblem,
  planQovery,
  qoveryEntryKind,
  qoveryVariableType,
  scopeRank,
  SCOPE_HIERARCHY,
  type Change,
  type Plan,
  type PlanItem,
  type QoveryDefinition,
  type QoveryRemoteSecret,
  type QoveryStep,
} from '../../../core/plan';

/**
 * The plan of a Qovery push: every item in order with its exact detail, and every step in the order it is applied.
 */
const WRITE = 'cannot compare: Qovery never returns values, will be written';
const KEEP = 'only in Qovery: kept (run with --prune to delete it)';
const PRUNED = 'not in the file (--prune)';
const NOT_RETURNED_PATH = '; Qovery did not return the mount path, so it is not compared (an edit cannot change it)';
const OPTIONS = { projectId: 'P' };

const builtIn = (id: string, key: string): QoveryRemoteSecret => ({ id, key, scope: 'BUILT_IN', variable_type: 'BUILT_IN' });
const value = (id: string, key: string, more: Partial<QoveryRemoteSecret> = {}): QoveryRemoteSecret => ({ id, key, scope: 'PROJECT', variable_type: 'VALUE', ...more });
const file = (id: string, key: string, mountPath?: string): QoveryRemoteSecret => ({ id, key, scope: 'PROJECT', variable_type: 'FILE', ...(mountPath ? { mount_path: mountPath } : {}) });
const alias = (id: string, key: string, target: string, more: Partial<QoveryRemoteSecret> = {}): QoveryRemoteSecret => ({ id, key, scope: 'PROJECT', variable_type: 'ALIAS', aliased_secret: { id: `${target}-id`, key: target, scope: 'PROJECT' }, ...more });
const override = (id: string, key: string, more: Partial<QoveryRemoteSecret> = {}): QoveryRemoteSecret => ({ id, key, scope: 'PROJECT', variable_type: 'OVERRIDE', overridden_secret: { id: `${key}-b`, key, scope: 'BUILT_IN' }, ...more });

const plan = (local: QoveryDefinition, remote: QoveryRemoteSecret[], prune = false) => planQovery(local, remote, prune ? { ...OPTIONS, prune } : OPTIONS);

describe('plan: Qovery project secrets, item by item', () => {
  it('names the project; an empty file against an empty project plans nothing', () => {
    const p = plan({}, []);
    expect(p).to.deep.equal({ platform: 'qovery', kind: 'qovery-secrets', target: 'project P', items: [], steps: [] });
  });

  describe('secrets', () => {
    it('a new secret is created, a new file secret says where; one step each, in file order', () => {
      const p = plan({ secrets: [{ key: 'B', value: 'v' }, { key: 'A', value: 'v', mount_path: '/etc/a' }] }, []);
      expect(p.items).to.deep.equal([
        { subject: 'secret', name: 'B', change: 'create', detail: undefined },
        { subject: 'secret', name: 'A', change: 'create', detail: 'file at /etc/a' },
      ]);
      expect(p.steps).to.deep.equal([{ op: 'create-secret', key: 'B' }, { op: 'create-secret', key: 'A' }]);
    });

    it('a secret of the key of a BUILT_IN one is blocked; one of another scope than PROJECT or BUILT_IN is not seen', () => {
      const p = plan({ secrets: [{ key: 'QOVERY_X', value: 'v' }, { key: 'ENV_ONLY', value: 'v' }] }, [builtIn('b1', 'QOVERY_X'), { id: 'e1', key: 'ENV_ONLY', scope: 'ENVIRONMENT', variable_type: 'VALUE' }]);
      expect(p.items).to.deep.equal([
        { subject: 'secret', name: 'QOVERY_X', change: 'blocked', detail: '"QOVERY_X" is a BUILT_IN secret: declare it under overrides to give it another value at project level' },
        { subject: 'secret', name: 'ENV_ONLY', change: 'create', detail: undefined },
      ]);
      expect(p.steps).to.deep.equal([{ op: 'create-secret', key: 'ENV_ONLY' }]);
    });

    it('an existing secret with a value in the file is written (never compared); without, its description and interpolation are', () => {
      const p = plan({
        secrets: [
          { key: 'W', value: 'v' },
          { key: 'SAME', description: 'd', enable_interpolation_in_file: false },
          { key: 'DESC', description: 'new' },
          { key: 'INTERP', enable_interpolation_in_file: true, mount_path: '/i' },
          { key: 'NULLS', description: null, enable_interpolation_in_file: null },
          { key: 'EMPTY', description: '' },
        ],
      }, [value('w', 'W'), value('s', 'SAME', { description: 'd' }), value('d', 'DESC', { description: 'old' }), file('i', 'INTERP', '/i'), value('n', 'NULLS', { description: 'kept', enable_interpolation_in_file: true }), value('e', 'EMPTY')]);
      expect(p.items).to.deep.equal([
        { subject: 'secret', name: 'W', change: 'write', detail: WRITE, uncompared: undefined },
        { subject: 'secret', name: 'SAME', change: 'unchanged', detail: 'no value in the file', uncompared: undefined },
        { subject: 'secret', name: 'DESC', change: 'update', detail: 'description or interpolation differs (no value in the file: the value is kept)', uncompared: undefined },
        { subject: 'secret', name: 'INTERP', change: 'update', detail: 'description or interpolation differs (no value in the file: the value is kept)', uncompared: undefined },
        { subject: 'secret', name: 'NULLS', change: 'unchanged', detail: 'no value in the file', uncompared: undefined },
        { subject: 'secret', name: 'EMPTY', change: 'unchanged', detail: 'no value in the file', uncompared: undefined },
      ]);
      expect(p.steps).to.deep.equal([
        { op: 'edit-secret', key: 'W', secretId: 'w' },
        { op: 'edit-secret', key: 'DESC', secretId: 'd' },
        { op: 'edit-secret', key: 'INTERP', secretId: 'i' },
      ]);
    });

    it('interpolation: false is what Qovery has when it says nothing; the same value is unchanged', () => {
      const p = plan({ secrets: [{ key: 'F', enable_interpolation_in_file: false, mount_path: '/f' }, { key: 'T', enable_interpolation_in_file: true, mount_path: '/t' }] }, [file('f', 'F', '/f'), { ...file('t', 'T', '/t'), enable_interpolation_in_file: true }]);
      expect(p.items.map((i) => i.change)).to.deep.equal(['unchanged', 'unchanged']);
      expect(p.steps).to.deep.equal([]);
    });

    it('an existing alias or override of that key blocks the secret: what it is in Qovery, in words', () => {
      const p = plan({ secrets: [{ key: 'AL', value: 'v' }, { key: 'BARE', value: 'v' }, { key: 'OV', value: 'v' }] }, [
        alias('a', 'AL', 'T'),
        { id: 'b', key: 'BARE', scope: 'PROJECT', variable_type: 'ALIAS' },
        override('o', 'OV'),
      ]);
      expect(p.items).to.deep.equal([
        { subject: 'secret', name: 'AL', change: 'blocked', detail: '"AL" is an alias of "T" in Qovery, not a secret: delete it there first' },
        { subject: 'secret', name: 'BARE', change: 'blocked', detail: '"BARE" is an alias of "?" in Qovery, not a secret: delete it there first' },
        { subject: 'secret', name: 'OV', change: 'blocked', detail: '"OV" is an override in Qovery, not a secret: delete it there first' },
      ]);
      expect(p.steps).to.deep.equal([]);
    });

    it('a file secret cannot become a value secret, nor the other way', () => {
      const p = plan({ secrets: [{ key: 'TO_FILE', value: 'v', mount_path: '/x' }, { key: 'TO_VALUE', value: 'v' }, { key: 'TYPED', value: 'v' }] }, [
        value('a', 'TO_FILE'), file('b', 'TO_VALUE', '/y'), { id: 'c', key: 'TYPED', scope: 'PROJECT', variable_type: 'FILE' },
      ]);
      expect(p.items).to.deep.equal([
        { subject: 'secret', name: 'TO_FILE', change: 'blocked', detail: '"TO_FILE" is a value secret in Qovery and a file here; Qovery cannot change that with an edit: delete it there first' },
        { subject: 'secret', name: 'TO_VALUE', change: 'blocked', detail: '"TO_VALUE" is a file secret in Qovery and a value here; Qovery cannot change that with an edit: delete it there first' },
        { subject: 'secret', name: 'TYPED', change: 'blocked', detail: '"TYPED" is a file secret in Qovery and a value here; Qovery cannot change that with an edit: delete it there first' },
      ]);
    });

    it('the same mount path is an edit; a mount path Qovery did not return is not compared and said so', () => {
      const p = plan({ secrets: [{ key: 'SAME', value: 'v', mount_path: '/s' }, { key: 'UNKNOWN_W', value: 'v', mount_path: '/u' }, { key: 'UNKNOWN_U', description: 'x', mount_path: '/u' }, { key: 'UNKNOWN_N', mount_path: '/u' }] }, [
        file('s', 'SAME', '/s'), file('u1', 'UNKNOWN_W'), file('u2', 'UNKNOWN_U'), file('u3', 'UNKNOWN_N'),
      ]);
      expect(p.items).to.deep.equal([
        { subject: 'secret', name: 'SAME', change: 'write', detail: WRITE, uncompared: undefined },
        { subject: 'secret', name: 'UNKNOWN_W', change: 'write', detail: `${WRITE}${NOT_RETURNED_PATH}`, uncompared: 'mount path' },
        { subject: 'secret', name: 'UNKNOWN_U', change: 'update', detail: `description or interpolation differs (no value in the file: the value is kept)${NOT_RETURNED_PATH}`, uncompared: 'mount path' },
        { subject: 'secret', name: 'UNKNOWN_N', change: 'unchanged', detail: `no value in the file${NOT_RETURNED_PATH}`, uncompared: 'mount path' },
      ]);
      expect(p.steps.map((s) => s.op)).to.deep.equal(['edit-secret', 'edit-secret', 'edit-secret']);
    });

    it('a new mount path: deleted and created again, before every edit; without a value, blocked', () => {
      const p = plan({ secrets: [{ key: 'EDITED', value: 'v' }, { key: 'CERT', value: 'v', mount_path: '/new' }, { key: 'NOVALUE', mount_path: '/new' }, { key: 'NEW', value: 'v' }] }, [
        value('e', 'EDITED'), file('c', 'CERT', '/old'), file('n', 'NOVALUE', '/old'),
      ]);
      expect(p.items).to.deep.equal([
        { subject: 'secret', name: 'EDITED', change: 'write', detail: WRITE, uncompared: undefined },
        { subject: 'secret', name: 'CERT', change: 'replace', detail: 'mount path /old → /new: Qovery cannot edit a mount path, so the secret is deleted and created again' },
        { subject: 'secret', name: 'NOVALUE', change: 'blocked', detail: 'the mount path is /old in Qovery and /new here; Qovery cannot edit a mount path, and the file has no value to create the secret again with: add its value' },
        { subject: 'secret', name: 'NEW', change: 'create', detail: undefined },
      ]);
      expect(p.steps).to.deep.equal([
        { op: 'delete', key: 'CERT', secretId: 'c', what: 'secret' },
        { op: 'create-secret', key: 'CERT' },
        { op: 'create-secret', key: 'NEW' },
        { op: 'edit-secret', key: 'EDITED', secretId: 'e' },
      ]);
    });

    it('a replaced secret names the aliases Qovery deletes with it; those the file keeps are created again, the others removed', () => {
      const p = plan({ secrets: [{ key: 'CERT', value: 'v', mount_path: '/new' }], aliases: [{ key: 'KEPT', target: 'CERT' }] }, [
        file('c', 'CERT', '/old'), alias('k', 'KEPT', 'CERT'), alias('g', 'GONE', 'CERT'), alias('x', 'ELSEWHERE', 'OTHER'), value('o', 'OTHER'),
      ]);
      expect(p.items).to.deep.equal([
        { subject: 'secret', name: 'CERT', change: 'replace', detail: 'mount path /old → /new: Qovery cannot edit a mount path, so the secret is deleted and created again (Qovery deletes its aliases KEPT, GONE with it)' },
        { subject: 'alias', name: 'KEPT → CERT', change: 'create', detail: 'created again: Qovery deletes it with "CERT", which is replaced' },
        { subject: 'alias', name: 'GONE → CERT', change: 'delete', detail: 'Qovery deletes it with "CERT", which is replaced; it is not in the file, so it is not created again' },
        { subject: 'alias', name: 'ELSEWHERE → OTHER', change: 'keep', detail: KEEP },
        { subject: 'secret', name: 'OTHER', change: 'keep', detail: KEEP },
      ]);
      expect(p.steps).to.deep.equal([
        { op: 'delete', key: 'CERT', secretId: 'c', what: 'secret' },
        { op: 'create-secret', key: 'CERT' },
        { op: 'create-alias', key: 'KEPT', target: 'CERT' },
      ]);
      // With --prune, an alias Qovery deletes with its replaced secret is not deleted a second time.
      const pruned = plan({ secrets: [{ key: 'CERT', value: 'v', mount_path: '/new' }] }, [file('c', 'CERT', '/old'), alias('g', 'GONE', 'CERT')], true);
      expect(pruned.steps).to.deep.equal([{ op: 'delete', key: 'CERT', secretId: 'c', what: 'secret' }, { op: 'create-secret', key: 'CERT' }]);
    });
  });

  describe('keys declared twice', () => {
    it('every declaration of the key is blocked, whatever its section, with the same words', () => {
      const detail = (k: string) => `"${k}" is declared more than once in the file (secrets, aliases and override targets share one set of keys)`;
      const p = plan({
        secrets: [{ key: 'S', value: 'v' }, { key: 'S', value: 'w' }, { key: 'SA', value: 'v' }, { key: 'OK', value: 'v' }],
        aliases: [{ key: 'SA', target: 'OK' }, { key: 'AO', target: 'OK' }],
        overrides: [{ target: 'AO', value: 'v' }],
      }, [builtIn('b', 'AO')]);
      expect(p.items).to.deep.equal([
        { subject: 'secret', name: 'S', change: 'blocked', detail: detail('S') },
        { subject: 'secret', name: 'S', change: 'blocked', detail: detail('S') },
        { subject: 'secret', name: 'SA', change: 'blocked', detail: detail('SA') },
        { subject: 'secret', name: 'OK', change: 'create', detail: undefined },
        { subject: 'alias', name: 'SA', change: 'blocked', detail: detail('SA') },
        { subject: 'alias', name: 'AO', change: 'blocked', detail: detail('AO') },
        { subject: 'override', name: 'AO', change: 'blocked', detail: detail('AO') },
      ]);
      expect(p.steps).to.deep.equal([{ op: 'create-secret', key: 'OK' }]);
    });
  });

  describe('aliases', () => {
    it('an alias of a secret of this file: created after it, of a PROJECT secret, with the id when it exists as a secret', () => {
      const p = plan({ secrets: [{ key: 'NEW', value: 'v' }, { key: 'OLD', value: 'v' }, { key: 'WAS_ALIAS', value: 'v' }], aliases: [{ key: 'A1', target: 'NEW' }, { key: 'A2', target: 'OLD' }, { key: 'A3', target: 'WAS_ALIAS' }] }, [value('old', 'OLD'), alias('wa', 'WAS_ALIAS', 'OLD')]);
      expect(p.items.filter((i) => i.subject === 'alias')).to.deep.equal([
        { subject: 'alias', name: 'A1 → NEW', change: 'create', detail: 'alias of a PROJECT secret' },
        { subject: 'alias', name: 'A2 → OLD', change: 'create', detail: 'alias of a PROJECT secret' },
        { subject: 'alias', name: 'A3 → WAS_ALIAS', change: 'create', detail: 'alias of a PROJECT secret' },
      ]);
      expect(p.steps.filter((s) => s.op === 'create-alias')).to.deep.equal([
        { op: 'create-alias', key: 'A1', target: 'NEW', targetId: undefined },
        { op: 'create-alias', key: 'A2', target: 'OLD', targetId: 'old' },
        { op: 'create-alias', key: 'A3', target: 'WAS_ALIAS', targetId: undefined },
      ]);
    });

    it('an alias of a secret only in Qovery: of its scope, with its id; an alias of an alias is blocked', () => {
      const p = plan({ aliases: [{ key: 'A1', target: 'QOVERY_X' }, { key: 'A2', target: 'REMOTE' }, { key: 'A3', target: 'REMOTE_ALIAS' }, { key: 'A4', target: 'REMOTE_FILE' }] }, [
        builtIn('b', 'QOVERY_X'), value('r', 'REMOTE'), alias('ra', 'REMOTE_ALIAS', 'REMOTE'), file('rf', 'REMOTE_FILE', '/f'),
      ]);
      expect(p.items.filter((i) => i.subject === 'alias' && i.change !== 'keep')).to.deep.equal([
        { subject: 'alias', name: 'A1 → QOVERY_X', change: 'create', detail: 'alias of a BUILT_IN secret' },
        { subject: 'alias', name: 'A2 → REMOTE', change: 'create', detail: 'alias of a PROJECT secret' },
        { subject: 'alias', name: 'A3 → REMOTE_ALIAS', change: 'blocked', detail: '"REMOTE_ALIAS" is itself an alias, and Qovery allows no alias of an alias: alias the secret it points to instead.' },
        { subject: 'alias', name: 'A4 → REMOTE_FILE', change: 'create', detail: 'alias of a PROJECT secret' },
      ]);
      expect(p.steps).to.deep.equal([
        { op: 'create-alias', key: 'A1', target: 'QOVERY_X', targetId: 'b' },
        { op: 'create-alias', key: 'A2', target: 'REMOTE', targetId: 'r' },
        { op: 'create-alias', key: 'A4', target: 'REMOTE_FILE', targetId: 'rf' },
      ]);
    });

    it('a project secret is found before a BUILT_IN one of the same key', () => {
      const p = plan({ aliases: [{ key: 'A', target: 'K' }] }, [builtIn('b', 'K'), value('p', 'K')]);
      expect(p.steps).to.deep.equal([{ op: 'create-alias', key: 'A', target: 'K', targetId: 'p' }]);
      expect(p.items[0]).to.deep.equal({ subject: 'alias', name: 'A → K', change: 'create', detail: 'alias of a PROJECT secret' });
    });

    it('an alias of an alias of this file, or of a key found nowhere, is blocked', () => {
      const p = plan({ aliases: [{ key: 'A', target: 'B' }, { key: 'B', target: 'C' }] }, []);
      expect(p.items).to.deep.equal([
        { subject: 'alias', name: 'A → B', change: 'blocked', detail: '"B" is an alias in this file, and Qovery allows no alias of an alias' },
        { subject: 'alias', name: 'B → C', change: 'blocked', detail: 'there is no secret "C" in this file or in Qovery (project or BUILT_IN)' },
      ]);
      const env = plan({ aliases: [{ key: 'A', target: 'E' }] }, [{ id: 'e', key: 'E', scope: 'ENVIRONMENT', variable_type: 'VALUE' }]);
      expect(env.items[0].detail).to.equal('there is no secret "E" in this file or in Qovery (project or BUILT_IN)');
    });

    it('with --prune, an alias of a secret the file does not declare is blocked; without, or when declared, it is not', () => {
      const blocked = plan({ aliases: [{ key: 'A', target: 'R' }] }, [value('r', 'R')], true);
      expect(blocked.items).to.deep.equal([
        { subject: 'alias', name: 'A → R', change: 'blocked', detail: '"R" is not in the file, so --prune would delete it, and Qovery deletes its aliases with it: add it to the file or drop --prune' },
        { subject: 'secret', name: 'R', change: 'delete', detail: PRUNED },
      ]);
      const builtInTarget = plan({ aliases: [{ key: 'A', target: 'Q' }] }, [builtIn('q', 'Q')], true);
      expect(builtInTarget.items).to.deep.equal([
        { subject: 'alias', name: 'A → Q', change: 'blocked', detail: '"Q" is not in the file, so --prune would delete it, and Qovery deletes its aliases with it: add it to the file or drop --prune' },
      ]);
      const declared = plan({ secrets: [{ key: 'R', value: 'v' }], aliases: [{ key: 'A', target: 'R' }] }, [value('r', 'R')], true);
      expect(declared.items.map((i) => `${i.change} ${i.name}`)).to.deep.equal(['write R', 'create A → R']);
      const overridden = plan({ overrides: [{ target: 'Q', value: 'v' }], aliases: [{ key: 'A', target: 'Q' }] }, [builtIn('q', 'Q')], true);
      expect(overridden.items.map((i) => `${i.change} ${i.name}`)).to.deep.equal(['create A → Q', 'create Q']);
    });

    it('an alias already in Qovery: unchanged, or its description and interpolation edited', () => {
      const p = plan({ aliases: [{ key: 'SAME', target: 'T' }, { key: 'DESC', target: 'T', description: 'new' }, { key: 'INTERP', target: 'T', enable_interpolation_in_file: true }, { key: 'NULL', target: 'T', description: null }] }, [
        value('t', 'T'), alias('s', 'SAME', 'T', { description: 'x' }), alias('d', 'DESC', 'T', { description: 'old' }), alias('i', 'INTERP', 'T'), alias('n', 'NULL', 'T', { description: 'x' }),
      ]);
      expect(p.items).to.deep.equal([
        { subject: 'alias', name: 'SAME → T', change: 'unchanged' },
        { subject: 'alias', name: 'DESC → T', change: 'update', detail: 'description or interpolation differs' },
        { subject: 'alias', name: 'INTERP → T', change: 'update', detail: 'description or interpolation differs' },
        { subject: 'alias', name: 'NULL → T', change: 'unchanged' },
        { subject: 'secret', name: 'T', change: 'keep', detail: KEEP },
      ]);
      expect(p.steps).to.deep.equal([{ op: 'edit-alias', key: 'DESC', secretId: 'd' }, { op: 'edit-alias', key: 'INTERP', secretId: 'i' }]);
    });

    it('a key already in Qovery as something else, or as an alias of another secret, blocks the alias', () => {
      const p = plan({ aliases: [{ key: 'S', target: 'T' }, { key: 'F', target: 'T' }, { key: 'O', target: 'T' }, { key: 'OTHER', target: 'T' }] }, [
        value('t', 'T'), value('s', 'S'), file('f', 'F', '/f'), override('o', 'O'), alias('x', 'OTHER', 'U'),
      ]);
      expect(p.items.filter((i) => i.subject === 'alias')).to.deep.equal([
        { subject: 'alias', name: 'S → T', change: 'blocked', detail: '"S" is already a secret in Qovery: delete it there first' },
        { subject: 'alias', name: 'F → T', change: 'blocked', detail: '"F" is already a file secret in Qovery: delete it there first' },
        { subject: 'alias', name: 'O → T', change: 'blocked', detail: '"O" is already an override in Qovery: delete it there first' },
        { subject: 'alias', name: 'OTHER → T', change: 'blocked', detail: '"OTHER" is already an alias of "U" in Qovery: delete it there first' },
      ]);
      expect(p.steps).to.deep.equal([]);
    });

    it('an alias that exists, of a secret that is not replaced, is not created again', () => {
      const p = plan({ secrets: [{ key: 'T', value: 'v', mount_path: '/same' }], aliases: [{ key: 'A', target: 'T' }] }, [file('t', 'T', '/same'), alias('a', 'A', 'T')]);
      expect(p.items.map((i) => `${i.change} ${i.name}`)).to.deep.equal(['write T', 'unchanged A → T']);
      expect(p.steps).to.deep.equal([{ op: 'edit-secret', key: 'T', secretId: 't' }]);
    });

    it('only an alias of the replaced secret itself is created again: a key that is another alias or a secret in Qovery stays blocked', () => {
      // mutants: the "created again" test `typeOf(r) === 'alias' && r.aliased_secret?.key === a.target && replaced.has(…)`
      // → `true && replaced.has(…)`, → `typeOf(r) === 'alias' && true && replaced.has(…)`, and its `&&` → `||`
      // (Stryker: `(typeOf(r) === 'alias' || r.aliased_secret?.key === a.target) && replaced.has(…)`).
      const p = plan({ secrets: [{ key: 'CERT', value: 'v', mount_path: '/new' }], aliases: [{ key: 'ELSEWHERE', target: 'CERT' }, { key: 'PLAIN', target: 'CERT' }] }, [
        file('c', 'CERT', '/old'), alias('e', 'ELSEWHERE', 'OTHER'), value('o', 'OTHER'), value('p', 'PLAIN'),
      ]);
      expect(p.items).to.deep.equal([
        { subject: 'secret', name: 'CERT', change: 'replace', detail: 'mount path /old → /new: Qovery cannot edit a mount path, so the secret is deleted and created again' },
        { subject: 'alias', name: 'ELSEWHERE → CERT', change: 'blocked', detail: '"ELSEWHERE" is already an alias of "OTHER" in Qovery: delete it there first' },
        { subject: 'alias', name: 'PLAIN → CERT', change: 'blocked', detail: '"PLAIN" is already a secret in Qovery: delete it there first' },
        { subject: 'secret', name: 'OTHER', change: 'keep', detail: KEEP },
      ]);
      expect(p.steps).to.deep.equal([{ op: 'delete', key: 'CERT', secretId: 'c', what: 'secret' }, { op: 'create-secret', key: 'CERT' }]);
    });
  });

  describe('overrides', () => {
    it('a new override of a BUILT_IN secret is created with its id; one already in Qovery is written, edited or unchanged', () => {
      const p = plan({ overrides: [{ target: 'NEW', value: 'v' }, { target: 'W', value: 'v' }, { target: 'D', description: 'new' }, { target: 'SAME' }, { target: 'I', enable_interpolation_in_file: true }] }, [
        builtIn('bn', 'NEW'), builtIn('bw', 'W'), override('w', 'W'), override('d', 'D'), override('s', 'SAME', { description: 'x' }), override('i', 'I'),
      ]);
      expect(p.items).to.deep.equal([
        { subject: 'override', name: 'NEW', change: 'create', detail: 'override of a BUILT_IN secret' },
        { subject: 'override', name: 'W', change: 'write', detail: WRITE },
        { subject: 'override', name: 'D', change: 'update', detail: 'description or interpolation differs (no value in the file: the value is kept)' },
        { subject: 'override', name: 'SAME', change: 'unchanged', detail: 'no value in the file' },
        { subject: 'override', name: 'I', change: 'update', detail: 'description or interpolation differs (no value in the file: the value is kept)' },
      ]);
      expect(p.steps).to.deep.equal([
        { op: 'create-override', target: 'NEW', targetId: 'bn' },
        { op: 'edit-override', target: 'W', secretId: 'w' },
        { op: 'edit-override', target: 'D', secretId: 'd' },
        { op: 'edit-override', target: 'I', secretId: 'i' },
      ]);
    });

    it('an override of a project secret or alias is blocked with the rule; of nothing, it says so; of a secret of the file, declared twice', () => {
      const rule = (k: string) => `"${k}" has the scope PROJECT: Qovery creates overrides only from a higher scope to a lower one (${SCOPE_HIERARCHY}). A PROJECT secret is not overridden at PROJECT level: change its value instead.`;
      const p = plan({ secrets: [{ key: 'MINE', value: 'v' }], overrides: [{ target: 'S', value: 'v' }, { target: 'A', value: 'v' }, { target: 'NOWHERE', value: 'v' }, { target: 'MINE', value: 'v' }] }, [
        value('s', 'S'), alias('a', 'A', 'S'),
      ]);
      expect(p.items.filter((i) => i.subject === 'override')).to.deep.equal([
        { subject: 'override', name: 'S', change: 'blocked', detail: rule('S') },
        { subject: 'override', name: 'A', change: 'blocked', detail: rule('A') },
        { subject: 'override', name: 'NOWHERE', change: 'blocked', detail: 'there is no secret "NOWHERE" of a higher scope (BUILT_IN) in Qovery to override' },
        // A secret of this file is not overridden: the key is declared twice.
        { subject: 'override', name: 'MINE', change: 'blocked', detail: '"MINE" is declared more than once in the file (secrets, aliases and override targets share one set of keys)' },
      ]);
    });
  });

  describe('what is only in Qovery', () => {
    const remote = [value('s', 'S'), file('f', 'F', '/f'), alias('a', 'AL', 'S'), { id: 'b', key: 'BARE', scope: 'PROJECT', variable_type: 'ALIAS' }, override('o', 'OV'), builtIn('q', 'QOVERY_X'), { id: 'e', key: 'ENV', scope: 'ENVIRONMENT', variable_type: 'VALUE' }];

    it('kept without --prune, in Qovery\'s order; BUILT_IN and other scopes are not the project\'s', () => {
      const p = plan({}, remote);
      expect(p.items).to.deep.equal([
        { subject: 'secret', name: 'S', change: 'keep', detail: KEEP },
        { subject: 'secret', name: 'F', change: 'keep', detail: KEEP },
        { subject: 'alias', name: 'AL → S', change: 'keep', detail: KEEP },
        { subject: 'alias', name: 'BARE → ?', change: 'keep', detail: KEEP },
        { subject: 'override', name: 'OV', change: 'keep', detail: KEEP },
      ]);
      expect(p.steps).to.deep.equal([]);
      expect(plan({}, remote, false).items.every((i) => i.change === 'keep')).to.equal(true);
    });

    it('removed with --prune: aliases and overrides first, then secrets, each in Qovery\'s order, after everything else', () => {
      const p = plan({ secrets: [{ key: 'NEW', value: 'v' }] }, remote, true);
      expect(p.items).to.deep.equal([
        { subject: 'secret', name: 'NEW', change: 'create', detail: undefined },
        { subject: 'secret', name: 'S', change: 'delete', detail: PRUNED },
        { subject: 'secret', name: 'F', change: 'delete', detail: PRUNED },
        { subject: 'alias', name: 'AL → S', change: 'delete', detail: PRUNED },
        { subject: 'alias', name: 'BARE → ?', change: 'delete', detail: PRUNED },
        { subject: 'override', name: 'OV', change: 'delete', detail: PRUNED },
      ]);
      expect(p.steps).to.deep.equal([
        { op: 'create-secret', key: 'NEW' },
        { op: 'delete', key: 'AL', secretId: 'a', what: 'alias' },
        { op: 'delete', key: 'BARE', secretId: 'b', what: 'alias' },
        { op: 'delete', key: 'OV', secretId: 'o', what: 'override' },
        { op: 'delete', key: 'S', secretId: 's', what: 'secret' },
        { op: 'delete', key: 'F', secretId: 'f', what: 'secret' },
      ]);
    });

    it('what the file declares is never removed, in whichever section it declares it', () => {
      const p = plan({ secrets: [{ key: 'S' }], aliases: [{ key: 'AL', target: 'S' }], overrides: [{ target: 'OV' }] }, [value('s', 'S'), alias('a', 'AL', 'S'), override('o', 'OV')], true);
      expect(p.items.map((i) => i.change)).to.deep.equal(['unchanged', 'unchanged', 'unchanged']);
      expect(p.steps).to.deep.equal([]);
    });
  });

  it('steps in the order they are applied: replaced and new secrets, edits, aliases, overrides, removals', () => {
    const p = plan({
      overrides: [{ target: 'QO', value: 'v' }, { target: 'QE', value: 'v' }],
      aliases: [{ key: 'AN', target: 'SN' }, { key: 'AE', target: 'SE', description: 'd' }],
      secrets: [{ key: 'SE', value: 'v' }, { key: 'SN', value: 'v' }, { key: 'SR', value: 'v', mount_path: '/n' }],
    }, [builtIn('bq', 'QO'), builtIn('be', 'QE'), override('qe', 'QE'), value('se', 'SE'), alias('ae', 'AE', 'SE'), file('sr', 'SR', '/o'), value('x', 'X'), alias('xa', 'XA', 'X')], true);
    expect(p.steps).to.deep.equal([
      { op: 'create-secret', key: 'SN' },
      { op: 'delete', key: 'SR', secretId: 'sr', what: 'secret' },
      { op: 'create-secret', key: 'SR' },
      { op: 'edit-secret', key: 'SE', secretId: 'se' },
      { op: 'create-alias', key: 'AN', target: 'SN', targetId: undefined },
      { op: 'edit-alias', key: 'AE', secretId: 'ae' },
      { op: 'create-override', target: 'QO', targetId: 'bq' },
      { op: 'edit-override', target: 'QE', secretId: 'qe' },
      { op: 'delete', key: 'XA', secretId: 'xa', what: 'alias' },
      { op: 'delete', key: 'X', secretId: 'x', what: 'secret' },
    ]);
    expect(p.steps.map(describeStep)).to.deep.equal([
      'create secret SN',
      'delete secret SR',
      'create secret SR',
      'write secret SE',
      'create alias AN → SN',
      'edit alias AE',
      'create override of QO',
      'write override of QE',
      'delete alias XA',
      'delete secret X',
    ]);
  });

  it('describes every kind of step in words, names only', () => {
    const steps: QoveryStep[] = [
      { op: 'create-secret', key: 'K' },
      { op: 'edit-secret', key: 'K', secretId: 'i' },
      { op: 'create-alias', key: 'A', target: 'K', targetId: 'i' },
      { op: 'edit-alias', key: 'A', secretId: 'i' },
      { op: 'create-override', target: 'Q', targetId: 'i' },
      { op: 'edit-override', target: 'Q', secretId: 'i' },
      { op: 'delete', key: 'O', secretId: 'i', what: 'override' },
    ];
    expect(steps.map(describeStep)).to.deep.equal(['create secret K', 'write secret K', 'create alias A → K', 'edit alias A', 'create override of Q', 'write override of Q', 'delete override O']);
  });
});

describe("plan: Qovery's rules for aliases and overrides", () => {
  it('ranks the scopes: BUILT_IN above PROJECT above ENVIRONMENT above every service scope; an unknown scope is a service scope', () => {
    expect(['BUILT_IN', 'PROJECT', 'ENVIRONMENT', 'APPLICATION', 'CONTAINER', 'JOB', 'HELM', 'TERRAFORM', 'AGENTIC_WORKFLOW', 'SOMETHING_NEW'].map(scopeRank)).to.deep.equal([0, 1, 2, 3, 3, 3, 3, 3, 3, 3]);
    expect(scopeRank('toString')).to.equal(3);
    expect(SCOPE_HIERARCHY).to.equal('BUILT_IN > PROJECT > ENVIRONMENT > APPLICATION');
  });

  it('tells what a Qovery variable is: a reference or a variable_type is enough, in that order of precedence', () => {
    const ref = { key: 'K' };
    const cases: [Parameters<typeof qoveryVariableType>[0], string, string][] = [
      [{ aliased_secret: ref }, 'ALIAS', 'alias'],
      [{ variable_type: 'ALIAS' }, 'ALIAS', 'alias'],
      [{ aliased_secret: ref, variable_type: 'OVERRIDE', mount_path: '/m' }, 'ALIAS', 'alias'],
      [{ overridden_secret: ref }, 'OVERRIDE', 'override'],
      [{ variable_type: 'OVERRIDE' }, 'OVERRIDE', 'override'],
      [{ overridden_secret: ref, variable_type: 'FILE' }, 'OVERRIDE', 'override'],
      [{ mount_path: '/m' }, 'FILE', 'secret'],
      [{ variable_type: 'FILE' }, 'FILE', 'secret'],
      [{ mount_path: '/m', variable_type: 'BUILT_IN' }, 'FILE', 'secret'],
      [{ variable_type: 'BUILT_IN' }, 'BUILT_IN', 'secret'],
      [{ variable_type: 'VALUE' }, 'VALUE', 'secret'],
      [{}, 'VALUE', 'secret'],
      [{ aliased_secret: null, overridden_secret: null, mount_path: null }, 'VALUE', 'secret'],
      [{ mount_path: '' }, 'VALUE', 'secret'],
    ];
    for (const [fields, type, kind] of cases) {
      expect(qoveryVariableType(fields), JSON.stringify(fields)).to.equal(type);
      expect(qoveryEntryKind(fields), JSON.stringify(fields)).to.equal(kind);
    }
  });

  it('an alias: never of an alias; of a scope at or above its level only, PROJECT by default', () => {
    expect(aliasProblem({ key: 'A', scope: 'BUILT_IN', variableType: 'ALIAS' })).to.equal('"A" is itself an alias, and Qovery allows no alias of an alias: alias the secret it points to instead.');
    expect(aliasProblem({ key: 'B', scope: 'BUILT_IN', variableType: 'BUILT_IN' })).to.equal(undefined);
    expect(aliasProblem({ key: 'P', scope: 'PROJECT', variableType: 'OVERRIDE' })).to.equal(undefined);
    expect(aliasProblem({ key: 'E', scope: 'ENVIRONMENT' })).to.equal(`"E" has the scope ENVIRONMENT, lower than PROJECT: Qovery creates aliases only from a higher scope to a lower one (${SCOPE_HIERARCHY}).`);
    expect(aliasProblem({ key: 'E', scope: 'ENVIRONMENT' }, 'ENVIRONMENT')).to.equal(undefined);
    expect(aliasProblem({ key: 'P', scope: 'PROJECT' }, 'APPLICATION')).to.equal(undefined);
    expect(aliasProblem({ key: 'C', scope: 'CONTAINER' }, 'ENVIRONMENT')).to.equal(`"C" has the scope CONTAINER, lower than ENVIRONMENT: Qovery creates aliases only from a higher scope to a lower one (${SCOPE_HIERARCHY}).`);
    expect(aliasProblem({ key: 'C', scope: 'CONTAINER' }, 'APPLICATION')).to.equal(undefined);
  });

  it('an override: only of a strictly higher scope, PROJECT by default; the same scope says to change the value', () => {
    expect(overrideProblem({ key: 'B', scope: 'BUILT_IN' })).to.equal(undefined);
    expect(overrideProblem({ key: 'P', scope: 'PROJECT' })).to.equal(`"P" has the scope PROJECT: Qovery creates overrides only from a higher scope to a lower one (${SCOPE_HIERARCHY}). A PROJECT secret is not overridden at PROJECT level: change its value instead.`);
    expect(overrideProblem({ key: 'A', scope: 'APPLICATION' })).to.equal(`"A" has the scope APPLICATION: Qovery creates overrides only from a higher scope to a lower one (${SCOPE_HIERARCHY}).`);
    expect(overrideProblem({ key: 'P', scope: 'PROJECT' }, 'ENVIRONMENT')).to.equal(undefined);
    expect(overrideProblem({ key: 'E', scope: 'ENVIRONMENT' }, 'ENVIRONMENT')).to.equal(`"E" has the scope ENVIRONMENT: Qovery creates overrides only from a higher scope to a lower one (${SCOPE_HIERARCHY}). A ENVIRONMENT secret is not overridden at ENVIRONMENT level: change its value instead.`);
    // The same rank is not the same scope: no "change its value" for a CONTAINER secret at APPLICATION level.
    expect(overrideProblem({ key: 'C', scope: 'CONTAINER' }, 'APPLICATION')).to.equal(`"C" has the scope CONTAINER: Qovery creates overrides only from a higher scope to a lower one (${SCOPE_HIERARCHY}).`);
  });
});

describe('plan: counting and judging the items', () => {
  const CHANGES: Change[] = ['create', 'update', 'delete', 'unchanged', 'write', 'replace', 'keep', 'blocked'];
  const of = (...changes: Change[]): Plan => ({ platform: 'qovery', kind: 'qovery-secrets', target: 't', items: changes.map((change, n): PlanItem => ({ subject: 'secret', name: `K${n}`, change })) });

  it('counts every kind of change, zero for those absent', () => {
    expect(countChanges(of())).to.deep.equal({ create: 0, update: 0, delete: 0, unchanged: 0, write: 0, replace: 0, keep: 0, blocked: 0 });
    expect(countChanges(of(...CHANGES, 'create', 'blocked', 'blocked'))).to.deep.equal({ create: 2, update: 1, delete: 1, unchanged: 1, write: 1, replace: 1, keep: 1, blocked: 3 });
  });

  it('differences: anything but unchanged and write; work: create, update, delete, write, replace; blocked: blocked', () => {
    const table = CHANGES.map((c) => [c, hasDifferences(of(c)), hasWork(of(c)), isBlocked(of(c))]);
    expect(table).to.deep.equal([
      ['create', true, true, false],
      ['update', true, true, false],
      ['delete', true, true, false],
      ['unchanged', false, false, false],
      ['write', false, true, false],
      ['replace', true, true, false],
      ['keep', true, false, false],
      ['blocked', true, false, true],
    ]);
    expect([hasDifferences(of()), hasWork(of()), isBlocked(of())]).to.deep.equal([false, false, false]);
    // One item of a kind among others is enough.
    expect([hasDifferences(of('unchanged', 'write', 'keep')), hasWork(of('keep', 'blocked', 'write')), isBlocked(of('create', 'blocked'))]).to.deep.equal([true, true, true]);
  });
});
