// The CLI reads and parses each file once per command: what `validate` reports and what `diff`/`push` send come
// from one read (cli/src/definitions.ts).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEMO_NORTHFLANK_TOKEN, startStandins, type Standins } from '../../standins';
import { secretdefIn } from '../helpers/cliRun';

const GROUP = 'name: web-secrets\nsecretType: environment\npriority: 10\nsecrets:\n  variables:\n    NODE_ENV: production\n';
const QOVERY = 'project: 3c90c3cc-0d44-4b50-8888-8dd25736052a\nsecrets:\n  - key: A\n    value: b\n';

describe('secretdef reads each file once per command', () => {
  let dir: string;
  let files: string[];
  let reads: Map<string, number>;
  const original = fs.promises.readFile;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(tmpdir(), 'secretdef-reads-'));
    files = [path.join(dir, 'web.northflank-secret.yaml'), path.join(dir, 'shop.qovery-secrets.yaml')];
    fs.writeFileSync(files[0], GROUP);
    fs.writeFileSync(files[1], QOVERY);
    reads = new Map();
    // Counts whole-file reads by path (the folder search's 4 KB sniff of unnamed files is not one).
    fs.promises.readFile = (async (file: fs.PathLike | fs.promises.FileHandle, ...rest: unknown[]) => {
      reads.set(String(file), (reads.get(String(file)) ?? 0) + 1);
      return (original as (...a: unknown[]) => Promise<unknown>).call(fs.promises, file, ...rest);
    }) as typeof fs.promises.readFile;
  });
  afterEach(() => {
    fs.promises.readFile = original;
  });

  it('validate: once per file, given by name or found in a folder', async () => {
    const r = await secretdefIn(['validate', dir]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(files.map((f) => reads.get(f)), [1, 1]);
    reads.clear();
    assert.equal((await secretdefIn(['validate', files[0]])).code, 0);
    assert.deepEqual([...reads], [[files[0], 1]]);
  });

  describe('diff and push', () => {
    let standins: Standins;
    beforeEach(async () => {
      standins = await startStandins();
    });
    afterEach(() => standins.close());

    for (const verb of ['diff', 'push'] as const) {
      it(`${verb}: once per file, for its validation and its body`, async () => {
        const env = { NORTHFLANK_API_TOKEN: DEMO_NORTHFLANK_TOKEN, NORTHFLANK_API_URL: standins.urls.northflank };
        const r = await secretdefIn([verb, files[0], '--project', 'default-project', ...(verb === 'push' ? ['--dry-run'] : [])], { env });
        assert.ok(r.code === 0 || r.code === 1, r.stderr);
        assert.match(r.stdout, /web-secrets/);
        assert.deepEqual([...reads], [[files[0], 1]]);
      });
    }
  });
});
