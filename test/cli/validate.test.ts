import * as assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, chmodSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { secretdef } from '../helpers/cli';
import { secretdefIn } from '../helpers/cliRun';
import { FIXTURES } from '../helpers/paths';

const VALID = 'name: api-secrets\nsecretType: environment\npriority: 10\n';

describe('secretdef validate', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'secretdef-cli-'));
  });

  it('exits 0 and says so for a valid file', () => {
    writeFileSync(path.join(dir, 'ok.northflank-secret.yaml'), VALID);
    const r = secretdef(['validate', path.join(dir, 'ok.northflank-secret.yaml')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /No problems in 1 file\./);
  });

  it('prints file:line:col severity message [code] (1-based) and exits 1 on errors', () => {
    const file = path.join(dir, 'bad.northflank-secret.yaml');
    writeFileSync(file, 'name: api-secrets\nsecretType: enviroment\npriority: 10\n');
    const r = secretdef(['validate', file]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:13 error "enviroment" is not an allowed value for "secretType"\\. Allowed: environment-arguments, environment, arguments\\. Did you mean "environment"\\? \\[invalid-value\\]$`, 'm'));
    assert.match(r.stdout, /1 problem \(1 error, 0 warnings\) in 1 file\./);
  });

  it('exits 0 when there are only warnings', () => {
    const file = path.join(dir, 'warn.northflank-secret.yaml');
    writeFileSync(file, 'name: a-name-that-is-much-longer-than-thirty-nine-characters\nsecretType: environment\npriority: 10\n');
    const r = secretdef(['validate', file]);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /warning .*\[nf-create-name\]/);
  });

  it('--format json prints one array with 0-based LSP ranges', () => {
    const file = path.join(dir, 'bad.northflank-secret.json');
    writeFileSync(file, '{\n  "name": "api-secrets",\n  "secretType": "environment",\n  "priority": 101\n}\n');
    const r = secretdef(['validate', '--format', 'json', file]);
    assert.equal(r.status, 1);
    const out = JSON.parse(r.stdout) as unknown[];
    assert.deepEqual(out, [{
      file,
      range: { start: { line: 3, character: 14 }, end: { line: 3, character: 17 } },
      severity: 'error',
      code: 'number-out-of-range',
      message: '"priority" must be from 0 to 100; 101 is out of range.',
    }]);
  });

  it('searches folders for the file kinds, including files that name a bundled schema, and skips node_modules', () => {
    mkdirSync(path.join(dir, 'nested', 'deeper'), { recursive: true });
    mkdirSync(path.join(dir, 'node_modules', 'pkg'), { recursive: true });
    writeFileSync(path.join(dir, 'a.northflank-secret.yml'), VALID);
    writeFileSync(path.join(dir, 'nested', 'b.qovery-secrets.json'), '{"secrets": [{"key": "A", "value": "x"}]}');
    writeFileSync(path.join(dir, 'nested', 'deeper', 'c.yaml'), '$schema: ../../../schemas/northflank-link.schema.json\nkeys: []\n');
    writeFileSync(path.join(dir, 'nested', 'compose.yaml'), 'services: {}\n');
    writeFileSync(path.join(dir, 'node_modules', 'pkg', 'x.northflank-secret.yaml'), 'broken: [');
    const r = secretdef(['validate', '--format', 'json', dir]);
    assert.equal(r.status, 0, r.stdout);
    assert.deepEqual(JSON.parse(r.stdout), []);
    const text = secretdef(['validate', dir]);
    assert.match(text.stdout, /No problems in 3 files\./);
  });

  it('reports a file of unknown kind and a missing path instead of throwing', () => {
    const unknown = path.join(dir, 'notes.txt');
    writeFileSync(unknown, 'hello');
    const r = secretdef(['validate', '--format', 'json', unknown, path.join(dir, 'missing.northflank-secret.yaml')]);
    assert.equal(r.status, 1);
    const out = JSON.parse(r.stdout) as { code: string }[];
    assert.deepEqual(out.map((d) => d.code).sort(), ['file-unreadable', 'unknown-file-kind']);
  });

  it('reports an unreadable file', function () {
    if (process.getuid?.() === 0) {
      // root reads any file whatever its mode; use a path that cannot be read as a file instead.
      const r = secretdef(['validate', '--format', 'json', path.join(dir, 'x.northflank-secret.yaml', 'y')]);
      assert.equal(r.status, 1);
      assert.equal((JSON.parse(r.stdout) as { code: string }[])[0].code, 'file-unreadable');
      return;
    }
    const file = path.join(dir, 'locked.northflank-secret.yaml');
    writeFileSync(file, VALID);
    chmodSync(file, 0o000);
    const r = secretdef(['validate', '--format', 'json', file]);
    assert.equal(r.status, 1);
    assert.equal((JSON.parse(r.stdout) as { code: string }[])[0].code, 'file-unreadable');
  });

  it('exits 2 with a usage message on usage errors', () => {
    for (const args of [[], ['validate'], ['validate', '--format', 'xml', 'x'], ['validate', '--bogus', 'x'], ['frobnicate']]) {
      const r = secretdef(args);
      assert.equal(r.status, 2, `secretdef ${args.join(' ')}`);
      assert.match(r.stderr, /Usage: secretdef/);
    }
  });

  it('validates every seed example with zero errors (and only the warnings the docs\' own example earns)', () => {
    const r = secretdef(['validate', '--format', 'json', path.join(FIXTURES, 'seeds')]);
    assert.equal(r.status, 0, r.stdout);
    const found = (JSON.parse(r.stdout) as { file: string; severity: string; code: string }[]).map((d) => `${path.basename(d.file)} ${d.severity} ${d.code}`);
    // The PUT example sets tagMatchCondition without tags, and links "example-addon" both as an addon and as an
    // external addon with the same alias MONGO_USERNAME: the platform accepts both, so they are warnings.
    const put = (ext: string) => [`seed-001-put.northflank-secret.${ext} warning nf-tag-match-without-tags`, `seed-001-put.northflank-secret.${ext} warning nf-alias-collision`];
    assert.deepEqual(found.sort(), [...put('json'), ...put('yaml')].sort());
  });
});

describe('secretdef validate: folders with nothing to validate, symbolic links', () => {
  let repo: string;
  beforeEach(() => {
    repo = mkdtempSync(path.join(tmpdir(), 'secretdef-links-'));
    mkdirSync(path.join(repo, '.git'));
  });

  it('fails (exit 1) on a folder with no definition file, saying so; --allow-empty lets it pass', async () => {
    mkdirSync(path.join(repo, 'empty'));
    writeFileSync(path.join(repo, 'empty', 'compose.yaml'), 'services: {}\n');
    const r = await secretdefIn(['validate', path.join(repo, 'empty')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^secretdef: no secret definition file in .*empty: nothing was validated\. .* Pass --allow-empty if finding none is expected\.$/m);
    const json = await secretdefIn(['validate', '--format', 'json', path.join(repo, 'empty')]);
    assert.equal(json.code, 1);
    assert.deepEqual(JSON.parse(json.stdout), []);
    const allowed = await secretdefIn(['validate', '--allow-empty', path.join(repo, 'empty')]);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(allowed.stdout, /No problems in 0 files\./);
  });

  it('follows symbolic links inside the repository (files and folders, each file once, loops end) and reports those outside', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'secretdef-outside-'));
    writeFileSync(path.join(outside, 'far.northflank-secret.yaml'), 'name: far\nsecretType: environment\npriority: 500\n');
    mkdirSync(path.join(repo, 'shared'));
    writeFileSync(path.join(repo, 'shared', 'base.northflank-secret.yaml'), VALID);
    mkdirSync(path.join(repo, 'deploy'));
    symlinkSync(path.join(repo, 'shared', 'base.northflank-secret.yaml'), path.join(repo, 'deploy', 'linked.northflank-secret.yaml'));
    symlinkSync(path.join(repo, 'shared'), path.join(repo, 'deploy', 'shared-dir'));
    symlinkSync(path.join(repo, 'deploy'), path.join(repo, 'deploy', 'loop'));
    symlinkSync(path.join(outside, 'far.northflank-secret.yaml'), path.join(repo, 'deploy', 'far.northflank-secret.yaml'));
    symlinkSync(outside, path.join(repo, 'deploy', 'outside-dir'));
    symlinkSync(path.join(repo, 'nowhere.yaml'), path.join(repo, 'deploy', 'dangling.northflank-secret.yaml'));
    const r = await secretdefIn(['validate', '--format', 'json', path.join(repo, 'deploy')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), []);
    const text = await secretdefIn(['validate', path.join(repo, 'deploy')]);
    assert.match(text.stdout, /No problems in 1 file\./, 'the linked file and the linked folder hold the same file: validated once');
    assert.match(r.stderr, /skipped .*deploy\/far\.northflank-secret\.yaml: a symbolic link to .*far\.northflank-secret\.yaml, outside the repository/);
    assert.match(r.stderr, /skipped .*deploy\/outside-dir: a symbolic link to .*, outside the repository/);
    assert.match(r.stderr, /skipped .*deploy\/dangling\.northflank-secret\.yaml: a symbolic link whose target does not exist/);
    // Only links outside: nothing to validate, and it says why.
    const only = mkdtempSync(path.join(repo, 'only-'));
    symlinkSync(path.join(outside, 'far.northflank-secret.yaml'), path.join(only, 'far.northflank-secret.yaml'));
    const none = await secretdefIn(['validate', only]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /skipped .*outside the repository[\s\S]*nothing was validated/);
  });
});
