/**
 * The sentences `secretdef push` ends with, word for word: which files have blocked changes (one "has", several
 * "have"), the note on keys only in Qovery when there is nothing to push, the platforms the question names, what a
 * failure says was and was not pushed (and nothing more), and the count of pushed files. Each test kills mutants of
 * cli/src/commands/push.ts that survived the looser matches of the other push tests (test/MUTATION.md). The second
 * part: what push says about files it cannot send at all (cli/src/remote.ts `loadDefinitions`): a warning does not
 * stop it; errors, unset references and SOPS files no key here opens each stop everything, with their own message.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { DEMO_NORTHFLANK, DEMO_NORTHFLANK_TOKEN, DEMO_QOVERY_IDS as IDS, startStandins, type Standins } from '../../standins';
import { secretdefIn, standinsEnv } from '../helpers/cliRun';

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
    env = standinsEnv(standins);
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

describe('secretdef push: files it cannot send, and a warning that does not stop it', () => {
  let standins: Standins;
  let dir: string;
  let env: Record<string, string>;
  let identity: string;
  let recipient: string;
  const P = ['--project', 'default-project', '--yes'];
  const FIX_IT = 'secretdef: 1 file with errors: nothing was sent. Fix it (secretdef validate shows the same), then run again.';
  const BAD = 'name: bad-group\nsecretType: environment\npriority: 101\n';
  const badLine = (file: string) => `${file}:3:11 error "priority" must be from 0 to 100; 101 is out of range. [number-out-of-range]`;
  const UNSET_ONE = 'secretdef: This environment variable is not set: DB_PASSWORD. The file refers to it as ${env:NAME}; set it (export, or an env file) and run again. Nothing was sent.';
  const SOPS_VALUE = 'sops-MESSAGES-VALUE';

  before(async () => {
    identity = await generateIdentity();
    recipient = await identityToRecipient(identity);
  });
  beforeEach(async () => {
    standins = await startStandins();
    dir = mkdtempSync(path.join(tmpdir(), 'secretdef-unsendable-'));
    // An empty config folder: the machine's own ~/.config/sops is never read.
    mkdirSync(path.join(dir, 'xdg'));
    env = { NORTHFLANK_API_TOKEN: DEMO_NORTHFLANK_TOKEN, NORTHFLANK_API_URL: standins.urls.northflank, XDG_CONFIG_HOME: path.join(dir, 'xdg') };
  });
  afterEach(() => standins.close());

  function write(name: string, text: string): string {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  }
  const group = (name: string, variables: string) => `name: ${name}\nsecretType: environment\npriority: 10\nsecrets:\n  variables:\n${variables}`;
  const encrypted = async (name: string, text: string): Promise<string> => {
    const file = write(name, text);
    const r = await secretdefIn(['encrypt', file, '--age', recipient, '--in-place'], { env });
    assert.equal(r.code, 0, r.stderr);
    return file;
  };
  const noKey = (file: string) => `secretdef: ${file}: None of the 1 age identity found opens this file (looked in SOPS_AGE_KEY, ${path.join(dir, 'xdg', 'sops', 'age', 'keys.txt')}). It is encrypted for: ${recipient}. Nothing was decrypted.`;
  const noOutputHolds = (...texts: string[]) => {
    for (const t of texts) assert.ok(!t.includes(SOPS_VALUE) && !t.includes(identity), 'no value or secret key in the output');
  };

  it('a warning is printed and does not stop the push', async () => {
    const file = write('warn.northflank-secret.yaml', 'name: warned-group\nsecretType: environment\npriority: 10\nrestrictions:\n  restricted: true\n');
    const r = await secretdefIn(['push', file, ...P], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, `${file}:5:3 warning The group is restricted but lists no "nfObjects" and no "tags": no service or job could read it. [nf-restricted-without-targets]`);
    assert.equal(r.stdout.split('\n').at(-1), 'Pushed 1 file.');
    assert.ok(standins.northflank.group('default-project', 'warned-group'));
  });

  it('past 1,000 problems in a file, the note of how many more there are is printed with the warnings, as validate does', async () => {
    let variables = '';
    for (let i = 0; i < 1005; i++) variables += `    V${i}: x-\${NOPE${i}}\n`;
    const file = write('many.northflank-secret.yaml', group('many-group', variables));
    const r = await secretdefIn(['push', file, ...P], { env });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stderr.split('\n');
    assert.equal(lines.length, 1000);
    assert.equal(lines.filter((l) => l.endsWith('[nf-unknown-template-variable]')).length, 999);
    assert.match(lines[999], /^[^\n]*many\.northflank-secret\.yaml:\d+:\d+ information 6 more problems in this file are not shown: only the first 1,000 of a file are listed\. Fix these, and the next ones appear\. \[too-many-problems\]$/);
    assert.equal(r.stdout.split('\n').at(-1), 'Pushed 1 file.');
  });

  it('one file with errors: "Fix it"; its errors win over unset references in another file (exit 1, not 2)', async () => {
    const bad = write('bad.northflank-secret.yaml', BAD);
    const one = await secretdefIn(['push', bad, ...P], { env });
    assert.equal(one.code, 1);
    assert.deepEqual(one.stderr.split('\n'), [badLine(bad), FIX_IT]);
    const unset = write('env.northflank-secret.yaml', group('env-group', '    A: ${env:DB_PASSWORD}\n'));
    const both = await secretdefIn(['push', unset, bad, ...P], { env });
    assert.equal(both.code, 1);
    assert.deepEqual(both.stderr.split('\n'), [badLine(bad), FIX_IT]);
    assert.deepEqual(standins.northflank.requests, []);
  });

  it('unset references: every name once, in one message, for all the files (exit 2, nothing read or sent)', async () => {
    const one = write('one.northflank-secret.yaml', group('env-one', '    A: ${env:DB_PASSWORD}\n'));
    const two = write('two.northflank-secret.yaml', group('env-two', '    B: ${env:API_KEY}\n    C: x-${env:DB_PASSWORD}\n'));
    const both = await secretdefIn(['push', one, two, ...P], { env });
    assert.equal(both.code, 2);
    assert.equal(both.stderr, 'secretdef: These 2 environment variables are not set: DB_PASSWORD, API_KEY. The files refer to them as ${env:NAME}; set them (export, or an env file) and run again. Nothing was sent.');
    const alone = await secretdefIn(['push', one, ...P], { env });
    assert.equal(alone.code, 2);
    assert.equal(alone.stderr, UNSET_ONE);
    assert.deepEqual(standins.northflank.requests, []);
  });

  it('SOPS without a key here, or with a key source other than age: says so, "Nothing was sent." once (exit 2)', async () => {
    const file = await encrypted('sops.northflank-secret.yaml', group('sops-group', `    S: ${SOPS_VALUE}\n`));
    const other = { ...env, SOPS_AGE_KEY: await generateIdentity() };
    const none = await secretdefIn(['push', file, ...P], { env: other });
    assert.equal(none.code, 2);
    assert.deepEqual(none.stderr.split('\n'), [noKey(file), 'secretdef: Nothing was sent.']);

    // With unset references too: the one message about them ends with "Nothing was sent." already.
    const unset = write('env.northflank-secret.yaml', group('env-group', '    A: ${env:DB_PASSWORD}\n'));
    const withUnset = await secretdefIn(['push', file, unset, ...P], { env: other });
    assert.equal(withUnset.code, 2);
    assert.deepEqual(withUnset.stderr.split('\n'), [noKey(file), UNSET_ONE]);

    // A file with errors wins: exit 1, and only its errors.
    const bad = write('bad.northflank-secret.yaml', BAD);
    const withBad = await secretdefIn(['push', file, bad, ...P], { env: other });
    assert.equal(withBad.code, 1);
    assert.deepEqual(withBad.stderr.split('\n'), [badLine(bad), FIX_IT]);

    const pgp = write('pgp.northflank-secret.yaml', readFileSync(file, 'utf8').replace(/\nsops:\n {2}age:\n[\s\S]*?(?=\n {2}lastmodified)/, '\nsops:\n  pgp:\n    - fp: 85D77543B3D624B63CEA9E6DBC17301B491B3F21\n      enc: x'));
    const r = await secretdefIn(['push', pgp, ...P], { env: { ...env, SOPS_AGE_KEY: identity } });
    assert.equal(r.code, 2);
    assert.deepEqual(r.stderr.split('\n'), [`secretdef: ${pgp}: This file is encrypted with pgp, not age: that is not supported here; use \`sops exec-file\` (or \`sops decrypt\`) with your keys.`, 'secretdef: Nothing was sent.']);
    assert.deepEqual(standins.northflank.requests, []);
    noOutputHolds(none.stdout, none.stderr, withUnset.stderr, withBad.stderr, r.stdout, r.stderr);
  });

  it('a tampered SOPS file is an error of the file (file-unreadable), and errors only seen once decrypted are errors too (exit 1)', async () => {
    const file = await encrypted('sops.northflank-secret.yaml', group('sops-group', `    S: ${SOPS_VALUE}\n`));
    const keyed = { ...env, SOPS_AGE_KEY: identity };
    const tampered = write('tampered.northflank-secret.yaml', readFileSync(file, 'utf8').replace(/lastmodified: "([^"]+)"/, 'lastmodified: "2020-01-01T00:00:00Z"'));
    const r = await secretdefIn(['push', tampered, ...P], { env: keyed });
    assert.equal(r.code, 1);
    assert.deepEqual(r.stderr.split('\n'), [
      `${tampered}:1:1 error The MAC of this file does not match its values: it was edited outside sops, or tampered with. Refused: nothing is used from it. If the change is yours, make it again with "Edit decrypted" (or \`sops edit\`). [file-unreadable]`,
      FIX_IT,
    ]);
    // priority is encrypted too: 101 is only seen once decrypted, at the encrypted file's line.
    const invalid = await encrypted('invalid.northflank-secret.yaml', group('sops-group', `    S: ${SOPS_VALUE}\n`).replace('priority: 10', 'priority: 101'));
    const decrypted = await secretdefIn(['push', invalid, ...P], { env: keyed });
    assert.equal(decrypted.code, 1);
    assert.deepEqual(decrypted.stderr.split('\n'), [badLine(invalid), FIX_IT]);
    assert.deepEqual(standins.northflank.requests, []);
    noOutputHolds(r.stdout, r.stderr, decrypted.stdout, decrypted.stderr);
  });
});
