import { expect } from 'chai';
import { ApiError } from '../../../api/errors';
import type { QoveryDefinition, QoveryPlan, QoveryStep } from '../../../core/plan';
import { applyQoveryPlan } from '../../../sync/qoveryApply';
import { fakeQovery, qoveryError, type Call } from './fakeClients';

const PROJECT = 'project-1';

const LOCAL: QoveryDefinition = {
  project: PROJECT,
  secrets: [
    { key: 'NEW', value: 'new-value', description: 'a new one', mount_path: '/etc/new', enable_interpolation_in_file: true },
    { key: 'OLD', value: 'old-value', description: 'edited', mount_path: '/ignored/on/edit', enable_interpolation_in_file: false },
  ],
  aliases: [
    { key: 'ALIAS_NEW', target: 'NEW', description: 'alias of new', enable_interpolation_in_file: true },
    { key: 'ALIAS_OLD', target: 'OLD', description: 'alias of old', enable_interpolation_in_file: false },
    { key: 'ALIAS_BUILT_IN', target: 'QOVERY_X' },
  ],
  overrides: [
    { target: 'QOVERY_X', value: 'override-value', description: 'over', enable_interpolation_in_file: true },
    { target: 'QOVERY_Y', value: 'other-override', description: null, enable_interpolation_in_file: null },
  ],
};

function plan(...steps: QoveryStep[]): QoveryPlan {
  return { platform: 'qovery', kind: 'qovery-secrets', target: `project ${PROJECT}`, items: [], steps };
}

/** A call without its signal, for deep comparison. */
const sent = (calls: Call[]) => calls.map((c) => [c.method, ...c.args]);

describe('sync/qoveryApply: a Qovery plan applied step by step', () => {
  it('sends each step in the plan\'s order with the file\'s fields, and only those of its kind', async () => {
    const q = fakeQovery();
    const steps: QoveryStep[] = [
      { op: 'create-secret', key: 'NEW' },
      { op: 'edit-secret', key: 'OLD', secretId: 'old-id' },
      { op: 'create-alias', key: 'ALIAS_NEW', target: 'NEW' },
      { op: 'create-alias', key: 'ALIAS_OLD', target: 'OLD' },
      { op: 'create-alias', key: 'ALIAS_BUILT_IN', target: 'QOVERY_X', targetId: 'built-in-x' },
      { op: 'edit-alias', key: 'ALIAS_NEW', secretId: 'alias-id' },
      { op: 'create-override', target: 'QOVERY_X', targetId: 'built-in-x' },
      { op: 'edit-override', target: 'QOVERY_Y', secretId: 'override-id' },
      { op: 'delete', key: 'GONE', secretId: 'gone-id', what: 'secret' },
    ];
    const result = await applyQoveryPlan(q.client, PROJECT, plan(...steps), LOCAL);
    expect(result).to.deep.equal({ applied: steps, notApplied: [] });
    expect(result.failed).to.equal(undefined);
    expect(sent(q.calls)).to.deep.equal([
      ['create', PROJECT, { key: 'NEW', value: 'new-value', mount_path: '/etc/new', description: 'a new one', enable_interpolation_in_file: true }],
      ['edit', PROJECT, 'old-id', { key: 'OLD', value: 'old-value', description: 'edited', enable_interpolation_in_file: false }],
      // An alias of a secret created by this push: the id Qovery gave it; of one written by it: the id it had.
      ['createAlias', PROJECT, 'new-1', { key: 'ALIAS_NEW', description: 'alias of new', enable_interpolation_in_file: true }],
      ['createAlias', PROJECT, 'old-id', { key: 'ALIAS_OLD', description: 'alias of old', enable_interpolation_in_file: false }],
      ['createAlias', PROJECT, 'built-in-x', { key: 'ALIAS_BUILT_IN', description: undefined, enable_interpolation_in_file: undefined }],
      ['edit', PROJECT, 'alias-id', { key: 'ALIAS_NEW', description: 'alias of new', enable_interpolation_in_file: true }],
      ['createOverride', PROJECT, 'built-in-x', { value: 'override-value', description: 'over', enable_interpolation_in_file: true }],
      ['edit', PROJECT, 'override-id', { key: 'QOVERY_Y', value: 'other-override', description: null, enable_interpolation_in_file: null }],
      ['delete', PROJECT, 'gone-id'],
    ]);
    // No key of a body that is not sent for its kind: an alias has no value, an edit no mount path.
    expect(Object.keys(q.calls[1]?.args[2] as object)).to.deep.equal(['key', 'value', 'description', 'enable_interpolation_in_file']);
    expect(Object.keys(q.calls[2]?.args[2] as object)).to.deep.equal(['key', 'description', 'enable_interpolation_in_file']);
  });

  it('passes the caller\'s signal to every request', async () => {
    const q = fakeQovery();
    const signal = new AbortController().signal;
    await applyQoveryPlan(q.client, PROJECT, plan(
      { op: 'create-secret', key: 'NEW' },
      { op: 'edit-secret', key: 'OLD', secretId: 'o' },
      { op: 'create-alias', key: 'ALIAS_NEW', target: 'NEW' },
      { op: 'edit-alias', key: 'ALIAS_OLD', secretId: 'a' },
      { op: 'create-override', target: 'QOVERY_X', targetId: 'x' },
      { op: 'edit-override', target: 'QOVERY_Y', secretId: 'y' },
      { op: 'delete', key: 'GONE', secretId: 'g', what: 'alias' },
    ), LOCAL, { signal });
    expect(q.calls.map((c) => c.signal === signal)).to.deep.equal([true, true, true, true, true, true, true]);
    const none = fakeQovery();
    await applyQoveryPlan(none.client, PROJECT, plan({ op: 'create-secret', key: 'NEW' }), LOCAL);
    expect(none.calls[0]?.signal).to.equal(undefined);
  });

  it('an empty plan sends nothing', async () => {
    const q = fakeQovery();
    expect(await applyQoveryPlan(q.client, PROJECT, plan(), {})).to.deep.equal({ applied: [], notApplied: [] });
    expect(q.calls).to.deep.equal([]);
  });

  it('stops at the first failure: what was applied, the step that failed with Qovery\'s error, and what was not attempted', async () => {
    const refused = qoveryError(400);
    const q = fakeQovery([], (c) => (c.method === 'createAlias' ? refused : undefined));
    const steps: QoveryStep[] = [
      { op: 'create-secret', key: 'NEW' },
      { op: 'edit-secret', key: 'OLD', secretId: 'old-id' },
      { op: 'create-alias', key: 'ALIAS_NEW', target: 'NEW' },
      { op: 'create-override', target: 'QOVERY_X', targetId: 'x' },
      { op: 'delete', key: 'GONE', secretId: 'g', what: 'secret' },
    ];
    const result = await applyQoveryPlan(q.client, PROJECT, plan(...steps), LOCAL);
    expect(result.applied).to.deep.equal(steps.slice(0, 2));
    expect(result.failed?.step).to.equal(steps[2]);
    expect(result.failed?.error).to.equal(refused, 'the ApiError itself, with its hint');
    expect(result.notApplied).to.deep.equal(steps.slice(3));
    expect(q.calls.map((c) => c.method)).to.deep.equal(['create', 'edit', 'createAlias'], 'nothing after the failed step is sent');
  });

  it('a failure of the first step: nothing applied, every later step not applied', async () => {
    const q = fakeQovery([], () => qoveryError(500));
    const steps: QoveryStep[] = [{ op: 'create-secret', key: 'NEW' }, { op: 'create-secret', key: 'OLD' }];
    const result = await applyQoveryPlan(q.client, PROJECT, plan(...steps), LOCAL);
    expect(result.applied).to.deep.equal([]);
    expect(result.failed?.step).to.equal(steps[0]);
    expect(result.notApplied).to.deep.equal([steps[1]]);
  });

  it('a failure of the last step: nothing left not applied', async () => {
    const q = fakeQovery([], (c) => (c.method === 'delete' ? qoveryError(403, 'DELETE') : undefined));
    const steps: QoveryStep[] = [{ op: 'create-secret', key: 'NEW' }, { op: 'delete', key: 'GONE', secretId: 'g', what: 'secret' }];
    const result = await applyQoveryPlan(q.client, PROJECT, plan(...steps), LOCAL);
    expect(result.applied).to.deep.equal([steps[0]]);
    expect(result.failed?.error.status).to.equal(403);
    expect(result.notApplied).to.deep.equal([]);
  });

  it('a delete answered 404 is already done (with the secret it pointed at): applied, and the push goes on', async () => {
    const q = fakeQovery([], (c) => (c.method === 'delete' && c.args[1] === 'alias-id' ? qoveryError(404, 'DELETE') : undefined));
    const steps: QoveryStep[] = [
      { op: 'delete', key: 'ALIAS', secretId: 'alias-id', what: 'alias' },
      { op: 'delete', key: 'SECRET', secretId: 'secret-id', what: 'secret' },
    ];
    const result = await applyQoveryPlan(q.client, PROJECT, plan(...steps), LOCAL);
    expect(result).to.deep.equal({ applied: steps, notApplied: [] });
    expect(sent(q.calls)).to.deep.equal([['delete', PROJECT, 'alias-id'], ['delete', PROJECT, 'secret-id']]);
  });

  it('a delete that fails otherwise (409, a network error, not an ApiError) stops the push', async () => {
    for (const thrown of [qoveryError(409, 'DELETE'), new ApiError({ platform: 'qovery', kind: 'network', method: 'DELETE', path: '/x', hint: 'h' }), new Error('socket hang up')]) {
      const q = fakeQovery([], () => thrown);
      const step: QoveryStep = { op: 'delete', key: 'GONE', secretId: 'g', what: 'secret' };
      const result = await applyQoveryPlan(q.client, PROJECT, plan(step, { op: 'create-secret', key: 'NEW' }), LOCAL);
      expect(result.applied).to.deep.equal([]);
      expect(result.failed?.step).to.equal(step);
      expect(result.notApplied).to.have.length(1);
      if (thrown instanceof ApiError) expect(result.failed?.error).to.equal(thrown);
      else expect(result.failed?.error.platformMessage).to.equal('socket hang up');
    }
  });

  it('any other error becomes an ApiError that reads as a bug of secretdef, with what went wrong', async () => {
    const q = fakeQovery([], () => new TypeError('boom'));
    const result = await applyQoveryPlan(q.client, PROJECT, plan({ op: 'create-secret', key: 'NEW' }), LOCAL);
    const error = result.failed?.error;
    expect(error).to.be.instanceOf(ApiError);
    expect(error?.platform).to.equal('qovery');
    expect(error?.kind).to.equal('bad-response');
    expect(error?.method).to.equal('-');
    expect(error?.path).to.equal('-');
    expect(error?.platformMessage).to.equal('boom');
    expect(error?.hint).to.equal('This is a bug of secretdef: please report it.');
    expect(error?.message).to.equal('Qovery sent an answer to - - that cannot be read (boom).');
    const thrownString = fakeQovery([], () => 'a thrown string');
    const other = await applyQoveryPlan(thrownString.client, PROJECT, plan({ op: 'create-secret', key: 'NEW' }), LOCAL);
    expect(other.failed?.error.platformMessage).to.equal('a thrown string');
  });

  it('a step whose item is not in the file fails before sending anything, naming what is missing', async () => {
    const cases: [QoveryStep, string][] = [
      [{ op: 'create-secret', key: 'NOPE' }, 'no secret NOPE in the file'],
      [{ op: 'edit-secret', key: 'NOPE', secretId: 's' }, 'no secret NOPE in the file'],
      [{ op: 'create-alias', key: 'NOPE', target: 'NEW', targetId: 't' }, 'the target NEW of alias NOPE has no id'],
      // The target was neither created nor written by this push, and the plan knows no id for it.
      [{ op: 'create-alias', key: 'ALIAS_NEW', target: 'NEW' }, 'the target NEW of alias ALIAS_NEW has no id'],
      [{ op: 'edit-alias', key: 'NOPE', secretId: 's' }, 'no alias NOPE in the file'],
      [{ op: 'create-override', target: 'NOPE', targetId: 't' }, 'no override of NOPE in the file'],
      [{ op: 'edit-override', target: 'NOPE', secretId: 's' }, 'no override of NOPE in the file'],
    ];
    for (const [step, message] of cases) {
      const q = fakeQovery();
      const result = await applyQoveryPlan(q.client, PROJECT, plan(step), LOCAL);
      expect(result.failed?.error.platformMessage, step.op).to.equal(message);
      expect(result.failed?.error.hint).to.equal('This is a bug of secretdef: please report it.');
      expect(result.applied).to.deep.equal([]);
      expect(q.calls, step.op).to.deep.equal([]);
    }
    // A file with none of the lists at all.
    const none: [QoveryStep, string][] = [
      [{ op: 'create-secret', key: 'A' }, 'no secret A in the file'],
      [{ op: 'create-alias', key: 'A', target: 'T', targetId: 't' }, 'the target T of alias A has no id'],
      [{ op: 'edit-alias', key: 'A', secretId: 's' }, 'no alias A in the file'],
      [{ op: 'edit-override', target: 'A', secretId: 's' }, 'no override of A in the file'],
    ];
    for (const [step, message] of none) {
      const q = fakeQovery();
      const result = await applyQoveryPlan(q.client, PROJECT, plan(step), {});
      expect(result.failed?.step).to.equal(step);
      expect(result.failed?.error.platformMessage, step.op).to.equal(message);
      expect(q.calls).to.deep.equal([]);
    }
  });

  it('finds each item of the file by its own key or target, not the first one', async () => {
    const q = fakeQovery();
    await applyQoveryPlan(q.client, PROJECT, plan(
      { op: 'create-secret', key: 'OLD' },
      { op: 'edit-alias', key: 'ALIAS_OLD', secretId: 'a' },
      { op: 'create-override', target: 'QOVERY_Y', targetId: 'y' },
    ), LOCAL);
    expect(sent(q.calls)).to.deep.equal([
      ['create', PROJECT, { key: 'OLD', value: 'old-value', mount_path: '/ignored/on/edit', description: 'edited', enable_interpolation_in_file: false }],
      ['edit', PROJECT, 'a', { key: 'ALIAS_OLD', description: 'alias of old', enable_interpolation_in_file: false }],
      ['createOverride', PROJECT, 'y', { value: 'other-override', description: null, enable_interpolation_in_file: null }],
    ]);
  });

  it('an alias whose target failed to be created is never sent', async () => {
    const q = fakeQovery([], (c) => (c.method === 'create' ? qoveryError(400) : undefined));
    const steps: QoveryStep[] = [{ op: 'create-secret', key: 'NEW' }, { op: 'create-alias', key: 'ALIAS_NEW', target: 'NEW' }];
    const result = await applyQoveryPlan(q.client, PROJECT, plan(...steps), LOCAL);
    expect(result.notApplied).to.deep.equal([steps[1]]);
    expect(q.calls.map((c) => c.method)).to.deep.equal(['create']);
  });
});
