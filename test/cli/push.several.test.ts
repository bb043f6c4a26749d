/**
 * A push of several files where one has errors sends nothing at all: not the good files before it, not those after
 * it, not a read of the remote state. Mutation this guards (tried by hand, it passed every other suite): in
 * `loadDefinitions` (cli/src/remote.ts), stop only when every file has errors (`problems.length && !loaded.length`)
 * — the good file is then pushed.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEMO_QOVERY_IDS as IDS, startStandins, type Standins } from '../../standins';
import { secretdefIn, standinsEnv } from '../helpers/cliRun';

const GOOD = 'name: good-group\nsecretType: environment\npriority: 10\nsecrets:\n  variables:\n    A: good-VALUE\n';
const OTHER_GOOD = 'name: other-group\nsecretType: environment\npriority: 20\n';
/** One error: priority out of range. */
const BAD = 'name: bad-group\nsecretType: environment\npriority: 101\n';
const QOVERY_GOOD = `project: ${IDS.project}\nsecrets:\n  - key: GOOD_KEY\n    value: good-qovery-VALUE\n`;
/** One error: an empty key. */
const QOVERY_BAD = `project: ${IDS.project}\nsecrets:\n  - key: ""\n    value: x\n`;

describe('secretdef push of several files: one with errors stops them all', () => {
  let standins: Standins;
  let dir: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    standins = await startStandins();
    dir = mkdtempSync(path.join(tmpdir(), 'secretdef-several-'));
    env = standinsEnv(standins);
  });
  afterEach(() => standins.close());

  function write(name: string, text: string): string {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  }

  const sent = () => [...standins.northflank.requests, ...standins.qovery.requests].map((r) => `${r.method} ${r.path}`);

  // The bad file first, in the middle and last: a loader that stops at the first error, or only after the last
  // good file, or only when all fail, each lets a good file through in one of these orders.
  for (const order of [['bad', 'good', 'other'], ['good', 'bad', 'other'], ['good', 'other', 'bad']]) {
    it(`sends nothing, not even a read, when the file with errors is ${order.indexOf('bad') === 0 ? 'first' : order.indexOf('bad') === 1 ? 'in the middle' : 'last'}`, async () => {
      const files = { good: write('good.northflank-secret.yaml', GOOD), other: write('other.northflank-secret.yaml', OTHER_GOOD), bad: write('bad.northflank-secret.yaml', BAD) };
      const r = await secretdefIn(['push', ...order.map((k) => files[k as keyof typeof files]), '--project', 'default-project', '--yes'], { env });
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stderr, /bad\.northflank-secret\.yaml:3:11 error .*\[number-out-of-range\]/);
      assert.match(r.stderr, /1 file with errors: nothing was sent/);
      assert.deepEqual(sent(), []);
      assert.equal(standins.northflank.group('default-project', 'good-group'), undefined);
      assert.doesNotMatch(r.stdout, /Pushed|applied/);
    });
  }

  it('counts every file with errors, and sends nothing to either platform when they are mixed', async () => {
    const files = [write('good.northflank-secret.yaml', GOOD), write('shop.qovery-secrets.yaml', QOVERY_GOOD), write('bad.qovery-secrets.yaml', QOVERY_BAD), write('bad.northflank-secret.yaml', BAD)];
    const r = await secretdefIn(['push', ...files, '--project', 'default-project', '--yes'], { env });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /2 files with errors: nothing was sent\. Fix them/);
    assert.deepEqual(sent(), []);
    assert.equal(standins.qovery.secretByKey(IDS.project, 'GOOD_KEY'), undefined);
  });

  it('a file that cannot be read or is of no known kind stops the others too', async () => {
    const good = write('good.northflank-secret.yaml', GOOD);
    for (const other of [path.join(dir, 'missing.northflank-secret.yaml'), write('notes.yaml', 'a: 1\n')]) {
      const r = await secretdefIn(['push', good, other, '--project', 'default-project', '--yes'], { env });
      assert.equal(r.code, 1, other);
      assert.match(r.stderr, /\[(file-unreadable|unknown-file-kind)\]/);
      assert.deepEqual(sent(), []);
    }
  });

  it('a failure in the middle: says which files were pushed before it and which were not, and stops there', async () => {
    const files = [write('a.northflank-secret.yaml', GOOD), write('b.northflank-secret.yaml', OTHER_GOOD), write('c.northflank-secret.yaml', 'name: third-group\nsecretType: environment\npriority: 30\n')];
    // The second PUT is refused (a 403 is not retried); the first has been applied, the third is never sent.
    standins.northflank.faults.inject({ method: 'PUT' }, { type: 'status', status: 403, message: 'Not allowed.' }, { skip: 1 });
    const r = await secretdefIn(['push', ...files, '--project', 'default-project', '--yes'], { env });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /b\.northflank-secret\.yaml: Northflank answered 403 Forbidden/);
    assert.match(r.stderr, /secretdef: pushed before the failure: [^\n]*a\.northflank-secret\.yaml\.\n/);
    assert.match(r.stderr, /secretdef: not pushed: [^\n]*c\.northflank-secret\.yaml\.\n/);
    assert.match(r.stderr, /secretdef: no local file was changed\.$/);
    assert.equal(standins.northflank.requestsTo('PUT', '/v1/projects/default-project/secrets').length, 2);
    assert.ok(standins.northflank.group('default-project', 'good-group'));
    assert.equal(standins.northflank.group('default-project', 'third-group'), undefined);
    assert.doesNotMatch(r.stdout, /Pushed/);
  });

  it('counts files in its words: the question, the dry run and the result (one file and two)', async () => {
    const one = [write('a.northflank-secret.yaml', GOOD)];
    const two = [...one, write('b.northflank-secret.yaml', OTHER_GOOD)];
    const ask = await secretdefIn(['push', ...two, '--project', 'default-project'], { env, tty: true, answers: ['n'] });
    assert.deepEqual(ask.prompts, ['Push 2 files to Northflank? [y/N] ']);
    const dry = await secretdefIn(['push', ...one, '--project', 'default-project', '--dry-run'], { env });
    assert.match(dry.stdout, /Dry run: nothing was sent \(1 file would be pushed\)\./);
    const dryTwo = await secretdefIn(['push', ...two, '--project', 'default-project', '--dry-run'], { env });
    assert.match(dryTwo.stdout, /Dry run: nothing was sent \(2 files would be pushed\)\./);
    const pushed = await secretdefIn(['push', ...two, '--project', 'default-project', '--yes'], { env });
    assert.match(pushed.stdout, /Pushed 2 files\.$/);
    const again = await secretdefIn(['push', ...one, '--project', 'default-project', '--yes'], { env });
    assert.match(again.stdout, /Nothing to push: the platform already has what the files say\.$/);
  });

  it('the same files without the bad one are pushed (the test above is not vacuous)', async () => {
    const r = await secretdefIn(['push', write('good.northflank-secret.yaml', GOOD), write('other.northflank-secret.yaml', OTHER_GOOD), '--project', 'default-project', '--yes'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(standins.northflank.requestsTo('PUT', '/v1/projects/default-project/secrets').length, 2);
  });
});
