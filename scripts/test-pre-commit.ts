// `npm run test:pre-commit`: the hook of .pre-commit-hooks.yaml, run by Debian's `pre-commit` on a fixture
// repository, as a user of the hook would: `pre-commit try-repo` (this checkout, uncommitted changes included), then
// a real `git commit` through `pre-commit install` with this repository's HEAD as the hook's `rev`. Installs git
// and pre-commit with apt-get when it runs as root (so it is not part of `npm test`, which needs no system
// package); .ci/run runs it. pre-commit keeps the hook's environment in its own cache (~/.cache/pre-commit).
//
// Prints `pre-commit: N passed, N failed` last, and exits 1 when a check failed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ROOT } from './e2e/common';
import { ensureSystemPackages, SetupNeeded } from './e2e/system';

const say = (line: string) => console.log(`pre-commit test: ${line}`);

const VALID = 'name: api-secrets\nsecretType: environment\npriority: 10\nsecrets:\n  variables:\n    NODE_ENV: production\n';
const INVALID = 'secrets:\n  - key: STRIPE_API_KEY\n    value: sk_test_placeholder\n    mount_path: relative/path\n';

interface Result {
  code: number | null;
  output: string;
}

function run(command: string, args: string[], cwd: string): Result {
  const r = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PRE_COMMIT_COLOR: 'never', GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@example.invalid', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@example.invalid' },
    timeout: 15 * 60_000,
  });
  return { code: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

function git(cwd: string, ...args: string[]): Result {
  const r = run('git', args, cwd);
  if (r.code !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.output}`);
  return r;
}

async function main(): Promise<number> {
  await ensureSystemPackages(['git', 'pre-commit'], 'To run the pre-commit hook test (npm run test:pre-commit)');
  const repo = mkdtempSync(path.join(tmpdir(), 'secretdef-pre-commit-'));
  let passed = 0;
  let failed = 0;
  const check = (name: string, ok: boolean, detail: string) => {
    if (ok) passed++;
    else failed++;
    say(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
    if (!ok) console.log(detail.split('\n').map((l) => `    ${l}`).join('\n'));
  };

  try {
    git(repo, 'init', '-q', '-b', 'main');
    mkdirSync(path.join(repo, 'deploy'));
    writeFileSync(path.join(repo, 'deploy', 'api.northflank-secret.yaml'), VALID);
    writeFileSync(path.join(repo, 'deploy', 'shop.qovery-secrets.yaml'), INVALID);
    // Not a definition file: the hook's `files` pattern leaves it out (secretdef would call it an unknown kind).
    writeFileSync(path.join(repo, 'notes.yaml'), 'just: notes\n');
    git(repo, 'add', '.');

    say('pre-commit try-repo (the first run installs the hook: npm install, npm pack, npm install -g; a few minutes)');
    const started = performance.now();
    const good = run('pre-commit', ['try-repo', ROOT, 'secretdef-validate', '--files', 'deploy/api.northflank-secret.yaml', 'notes.yaml', '--verbose'], repo);
    say(`  took ${((performance.now() - started) / 1000).toFixed(0)} s`);
    check('a valid file passes', good.code === 0 && /secretdef validate\.+Passed/.test(good.output) && /No problems in 1 file\./.test(good.output), good.output);

    const bad = run('pre-commit', ['try-repo', ROOT, 'secretdef-validate', '--all-files'], repo);
    check(
      'an invalid file fails with its problem, at its position, with its code',
      bad.code === 1 && /secretdef validate\.+Failed/.test(bad.output) && /deploy\/shop\.qovery-secrets\.yaml:4:17 error .*\[qovery-mount-path\]/.test(bad.output) && !/notes\.yaml/.test(bad.output),
      bad.output,
    );

    // A real commit through the installed hook, with this repository's HEAD as the hook's rev.
    const rev = git(ROOT, 'rev-parse', 'HEAD').output.trim();
    const dirty = git(ROOT, 'status', '--porcelain', '--', '.pre-commit-hooks.yaml', 'package.json', 'scripts/postinstall.mjs', '.npmignore').output.trim();
    if (dirty) say(`note: the commit check uses HEAD (${rev.slice(0, 12)}); uncommitted changes to the hook files are only in the try-repo checks`);
    writeFileSync(path.join(repo, '.pre-commit-config.yaml'), `repos:\n  - repo: ${ROOT}\n    rev: ${rev}\n    hooks:\n      - id: secretdef-validate\n`);
    git(repo, 'add', '.pre-commit-config.yaml');
    const install = run('pre-commit', ['install'], repo);
    check('pre-commit install', install.code === 0, install.output);
    const refused = run('git', ['commit', '-q', '-m', 'add secrets'], repo);
    check('git commit is refused while a file has errors', refused.code !== 0 && /\[qovery-mount-path\]/.test(refused.output), refused.output);
    writeFileSync(path.join(repo, 'deploy', 'shop.qovery-secrets.yaml'), INVALID.replace('relative/path', '/etc/stripe/key'));
    git(repo, 'add', '.');
    const accepted = run('git', ['commit', '-q', '-m', 'add secrets'], repo);
    check('git commit passes once the file is fixed', accepted.code === 0 && /secretdef validate\.+Passed/.test(accepted.output), accepted.output);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
  console.log(`pre-commit: ${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof SetupNeeded ? e.message : `pre-commit test: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
