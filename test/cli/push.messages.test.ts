/**
 * The sentences `secretdef push` ends with, word for word: which files have blocked changes (one "has", several
 * "have"), the note on keys only in Qovery when there is nothing to push, the platforms the question names, what a
 * failure says was and was not pushed (and nothing more), and the count of pushed files. Each test kills mutants of
 * cli/src/commands/push.ts that survived the looser matches of the other push tests (test/MUTATION.md).
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEMO_NORTHFLANK, DEMO_NORTHFLANK_TOKEN, DEMO_QOVERY_IDS as IDS, DEMO_QOVERY_TOKEN, startStandins, type Standins } from '../../standins';
import { secretdefIn } from '../helpers/cliRun';

const NF_A = 'name: first-group\nsecretType: environment\npriority: 10\n';
const NF_B = 'name: second-group\nsecretType: environment\npriority: 20\n';
const NF_C = 'name: third-group\nsecretType: environment\npriority: 30\n';
/** Blocked: STRIPE_KEY is itself an alias in the stand-in's project. */
const QOVERY_ALIAS_OF_ALIAS = `project: ${IDS.project}\naliases:\n  - key: X\n    target: STRIPE_KEY\n`;
/** Blocked: STRIPE_API_KEY has the scope PROJECT, so it cannot be overridden there. */
const QOVERY_OVERRIDE_OF_PROJECT = `project: ${IDS.project}\noverrides:\n  - target: STRIPE_API_KEY\n    value: v\n`;
/** Not blocked: a new secret. */
const QOVERY_NEW = `project: ${IDS.project}\nsecrets:\n  - key: NEW_ONE\n    value: new-VALUE\n`;
/** Already in the stand-in's project, which also holds STRIPE_API_KEY: that key is only in Qovery (kept). */
const QOVERY_SAME_ALIAS = `project: ${IDS.project}\naliases:\n  - key: STRIPE_KEY\n    target: STRIPE_API_KEY\n`;
/** The stand-in's empty project: nothing in the file, nothing in Qovery, so nothing is kept either. */
const QOVERY_EMPTY = `project: ${IDS.otherProject}\n`;

const NOTHING_TO_PUSH = 'Nothing to push: the platform already has what the files say';
const KEPT_NOTE = ' (keys only in Qovery are kept; --prune deletes them)';
const FORBIDDEN_HINT = '  What to do: The token is valid but lacks the permission for this: give its API role the permission, or use another token.';

describe('secretdef push: its closing sentences, word for word', () => {
  let standins: Standins;
  let dir: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    // A Northflank project whose id is the Qovery project's UUID: then one --project fits files of both platforms.
    standins = await startStandins({ northflank: { ...DEMO_NORTHFLANK, projects: [...DEMO_NORTHFLANK.projects, { id: IDS.project, name: 'Shop' }] } });
    dir = mkdtempSync(path.join(tmpdir(), 'secretdef-messages-'));
    env = { NORTHFLANK_API_TOKEN: DEMO_NORTHFLANK_TOKEN, NORTHFLANK_API_URL: standins.urls.northflank, QOVERY_API_TOKEN: DEMO_QOVERY_TOKEN, QOVERY_API_URL: standins.urls.qovery };
  });
  afterEach(() => standins.close());

  function write(name: string, text: string): string {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  }

  const writes = () => [...standins.northflank.requests, ...standins.qovery.requests].filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
  const PUT = '/v1/projects/default-project/secrets';
  const forbidden = (file: string) => `${file}: Northflank answered 403 Forbidden to PUT ${PUT}: Not allowed.`;

  it('names the one file with blocked changes ("has"), then every such file ("have"), never a file without them', async () => {
    const blocked = write('alias.qovery-secrets.yaml', QOVERY_ALIAS_OF_ALIAS);
    const one = await secretdefIn(['push', blocked, '--yes'], { env });
    assert.equal(one.code, 1);
    assert.equal(one.stderr, `secretdef: ${blocked} has blocked changes (marked x above): nothing was sent. Resolve them, then run again.`);

    const fine = write('new.qovery-secrets.yaml', QOVERY_NEW);
    const other = write('override.qovery-secrets.yaml', QOVERY_OVERRIDE_OF_PROJECT);
    const two = await secretdefIn(['push', blocked, fine, other, '--yes'], { env });
    assert.equal(two.code, 1);
    assert.equal(two.stderr, `secretdef: ${blocked}, ${other} have blocked changes (marked x above): nothing was sent. Resolve them, then run again.`);
    assert.deepEqual(writes(), []);
  });

  it('nothing to push: says Qovery keeps its own keys when any file has some, even if another has none', async () => {
    const same = write('same.qovery-secrets.yaml', QOVERY_SAME_ALIAS);
    const empty = write('empty.qovery-secrets.yaml', QOVERY_EMPTY);
    const both = await secretdefIn(['push', same, empty, '--yes'], { env });
    assert.equal(both.code, 0, both.stderr);
    assert.equal(both.stdout.split('\n').at(-1), `${NOTHING_TO_PUSH}${KEPT_NOTE}.`);
    const alone = await secretdefIn(['push', empty, '--yes'], { env });
    assert.equal(alone.code, 0, alone.stderr);
    assert.equal(alone.stdout.split('\n').at(-1), `${NOTHING_TO_PUSH}.`);
    assert.deepEqual(writes(), []);
  });

  it('the question names the platform of the files: Qovery, or Northflank and Qovery', async () => {
    const qovery = write('new.qovery-secrets.yaml', QOVERY_NEW.replace(`project: ${IDS.project}\n`, ''));
    const northflank = write('a.northflank-secret.yaml', NF_A);
    const one = await secretdefIn(['push', qovery, '--project', IDS.project], { env, tty: true, answers: ['n'] });
    assert.deepEqual(one.prompts, ['Push 1 file to Qovery? [y/N] ']);
    const mixed = await secretdefIn(['push', northflank, qovery, '--project', IDS.project], { env, tty: true, answers: ['n'] });
    assert.deepEqual(mixed.prompts, ['Push 2 files to Northflank and Qovery? [y/N] ']);
    assert.equal(mixed.code, 1);
    assert.equal(mixed.stderr, 'secretdef: not confirmed: nothing was sent.');
    assert.deepEqual(writes(), []);
  });

  it('one file that fails: its error and "no local file was changed", nothing about other files', async () => {
    const file = write('a.northflank-secret.yaml', NF_A);
    standins.northflank.faults.inject({ method: 'PUT' }, { type: 'status', status: 403, message: 'Not allowed.' });
    const r = await secretdefIn(['push', file, '--project', 'default-project', '--yes'], { env });
    assert.equal(r.code, 1);
    assert.deepEqual(r.stderr.split('\n'), [forbidden(file), FORBIDDEN_HINT, 'secretdef: no local file was changed.']);
    assert.doesNotMatch(r.stdout, /Pushed/);
  });

  it('the first of three fails: lists the two not pushed, and no file as pushed before it', async () => {
    const files = [write('a.northflank-secret.yaml', NF_A), write('b.northflank-secret.yaml', NF_B), write('c.northflank-secret.yaml', NF_C)];
    standins.northflank.faults.inject({ method: 'PUT' }, { type: 'status', status: 403, message: 'Not allowed.' });
    const r = await secretdefIn(['push', ...files, '--project', 'default-project', '--yes'], { env });
    assert.equal(r.code, 1);
    assert.deepEqual(r.stderr.split('\n'), [forbidden(files[0]), FORBIDDEN_HINT, `secretdef: not pushed: ${files[1]}, ${files[2]}.`, 'secretdef: no local file was changed.']);
    assert.equal(standins.northflank.requestsTo('PUT', PUT).length, 1);
  });

  it('the last of three fails: lists the two pushed before it, and no file as not pushed', async () => {
    const files = [write('a.northflank-secret.yaml', NF_A), write('b.northflank-secret.yaml', NF_B), write('c.northflank-secret.yaml', NF_C)];
    standins.northflank.faults.inject({ method: 'PUT' }, { type: 'status', status: 403, message: 'Not allowed.' }, { skip: 2 });
    const r = await secretdefIn(['push', ...files, '--project', 'default-project', '--yes'], { env });
    assert.equal(r.code, 1);
    assert.deepEqual(r.stderr.split('\n'), [forbidden(files[2]), FORBIDDEN_HINT, `secretdef: pushed before the failure: ${files[0]}, ${files[1]}.`, 'secretdef: no local file was changed.']);
    assert.ok(standins.northflank.group('default-project', 'second-group'));
    assert.equal(standins.northflank.group('default-project', 'third-group'), undefined);
  });

  it('one file pushed: "Pushed 1 file."', async () => {
    const r = await secretdefIn(['push', write('a.northflank-secret.yaml', NF_A), '--project', 'default-project', '--yes'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.split('\n').at(-1), 'Pushed 1 file.');
  });
});
