import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, promises as fsPromises, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { layerOf, type EnvLayer } from '../../../core/env/references';
import { dotenvLine, envLayers, findAgeIdentities, isIgnoredByGit, isTrackedByGit, readEnvFile, sopsCreationRule } from '../../../sync/local';

// Made-up identities in the shape parseIdentities keeps (a line that starts with AGE-SECRET-KEY-): never real keys.
const KEY_A = 'AGE-SECRET-KEY-1TESTONLYAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const KEY_B = 'AGE-SECRET-KEY-1TESTONLYBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';

const temp = (prefix: string) => mkdtempSync(path.join(tmpdir(), `secretdef-sync-${prefix}-`));

/** Runs `body` with PATH pointing at an empty folder: no `sh`, no `git` (execFile then fails with ENOENT). */
async function withoutPrograms<T>(body: () => Promise<T>): Promise<T> {
  const saved = process.env.PATH;
  process.env.PATH = temp('empty-path');
  try {
    return await body();
  } finally {
    process.env.PATH = saved;
  }
}

/** A layer's label and the values it gives for some names. */
const view = (layer: EnvLayer, ...names: string[]) => [layer.label, ...names.map((n) => layer.get(n))];

/** Runs `body` as if on Windows: `process.platform` is 'win32' (only the shell findAgeIdentities picks reads it). */
async function asOnWindows<T>(body: () => Promise<T>): Promise<T> {
  const saved = Object.getOwnPropertyDescriptor(process, 'platform');
  if (!saved) throw new Error('process.platform has no descriptor');
  Object.defineProperty(process, 'platform', { ...saved, value: 'win32' });
  try {
    return await body();
  } finally {
    Object.defineProperty(process, 'platform', saved);
  }
}

/** Runs `body` while fs.promises.readFile rejects with an Error that has no `code` (every error Node gives has one). */
async function withReadFailingWithoutCode<T>(body: () => Promise<T>): Promise<T> {
  const promises = fsPromises as unknown as { readFile: (...args: unknown[]) => Promise<unknown> };
  const saved = promises.readFile;
  promises.readFile = () => Promise.reject(new Error('no code'));
  try {
    return await body();
  } finally {
    promises.readFile = saved;
  }
}

function git(dir: string, ...args: string[]): void {
  execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
}

describe('sync/local: what a push reads from this machine', () => {
  describe('findAgeIdentities', () => {
    it('runs SOPS_AGE_KEY_CMD with the shell and keeps the identities it prints, each once, in the order found', async () => {
      const home = temp('home');
      const found = await findAgeIdentities({ SOPS_AGE_KEY: KEY_A, SOPS_AGE_KEY_CMD: `printf '# comment\\n%s\\n%s\\n' ${KEY_B} ${KEY_A}` }, { home, platform: 'linux' });
      expect(found.identities).to.deep.equal([KEY_A, KEY_B]);
      expect(found.problems).to.deep.equal([]);
      expect(found.lookedAt).to.equal(`SOPS_AGE_KEY, SOPS_AGE_KEY_CMD, ${home}/.config/sops/age/keys.txt`);
    });

    it('a command that fails is a problem named with its exit code; its output is not used', async () => {
      const home = temp('home');
      const found = await findAgeIdentities({ SOPS_AGE_KEY_CMD: `echo ${KEY_A}; exit 3` }, { home, platform: 'linux' });
      expect(found.identities).to.deep.equal([]);
      expect(found.problems).to.deep.equal(['SOPS_AGE_KEY_CMD failed (exit 3)']);
      expect(found.lookedAt).to.equal(`SOPS_AGE_KEY_CMD, ${home}/.config/sops/age/keys.txt; SOPS_AGE_KEY_CMD failed (exit 3)`);
    });

    it('a command killed by a signal has no exit code: exit 1', async () => {
      const found = await findAgeIdentities({ SOPS_AGE_KEY_CMD: 'kill -9 $$' }, { home: temp('home'), platform: 'linux' });
      expect(found.problems).to.deep.equal(['SOPS_AGE_KEY_CMD failed (exit 1)']);
    });

    it('no shell to run the command: it cannot be read (ENOENT)', async () => {
      const found = await withoutPrograms(() => findAgeIdentities({ SOPS_AGE_KEY_CMD: 'true' }, { home: temp('home'), platform: 'linux' }));
      expect(found.problems).to.deep.equal(['SOPS_AGE_KEY_CMD cannot be read (ENOENT)']);
    });

    it('every problem is listed after the places, joined with "; "; the default keys file missing is no problem', async () => {
      const home = temp('home');
      const missing = path.join(home, 'missing.txt');
      const found = await findAgeIdentities({ SOPS_AGE_KEY_FILE: missing, SOPS_AGE_KEY_CMD: 'exit 2' }, { home, platform: 'linux' });
      expect(found.problems).to.deep.equal([`SOPS_AGE_KEY_FILE (${missing}) cannot be read (ENOENT)`, 'SOPS_AGE_KEY_CMD failed (exit 2)']);
      expect(found.lookedAt).to.equal(`SOPS_AGE_KEY_FILE (${missing}), SOPS_AGE_KEY_CMD, ${home}/.config/sops/age/keys.txt; SOPS_AGE_KEY_FILE (${missing}) cannot be read (ENOENT); SOPS_AGE_KEY_CMD failed (exit 2)`);
      const quiet = await findAgeIdentities({}, { home, platform: 'linux' });
      expect(quiet).to.deep.equal({ identities: [], lookedAt: `${home}/.config/sops/age/keys.txt`, problems: [] });
    });

    // mutants: the shell 'cmd' → "", its arguments ['/c', command] → [] and ['', command], and both
    // `process.platform === 'win32'` → false (sh -c, or cmd -c).
    it('on Windows, SOPS_AGE_KEY_CMD runs with cmd /c', async () => {
      // A stand-in for cmd.exe, first on PATH: it runs `cmd /c COMMAND` with sh, and fails with exit 9 for any other arguments.
      const bin = temp('bin');
      writeFileSync(path.join(bin, 'cmd'), '#!/bin/sh\n[ "$#" -eq 2 ] && [ "$1" = /c ] || exit 9\nexec /bin/sh -c "$2"\n');
      chmodSync(path.join(bin, 'cmd'), 0o755);
      const saved = process.env.PATH;
      process.env.PATH = `${bin}${path.delimiter}${saved ?? ''}`;
      try {
        const found = await asOnWindows(() => findAgeIdentities({ SOPS_AGE_KEY_CMD: `printf '%s\\n' ${KEY_B}` }, { home: temp('home'), platform: 'linux' }));
        expect(found.problems).to.deep.equal([]);
        expect(found.identities).to.deep.equal([KEY_B]);
      } finally {
        process.env.PATH = saved;
      }
    });

    it('an error without a code (none of Node\'s): "cannot be read (error)"', async () => {
      // mutant: `code ?? 'error'` → `code ?? ""`
      const found = await withReadFailingWithoutCode(() => findAgeIdentities({ SOPS_AGE_KEY_FILE: 'keys.txt' }, { home: temp('home'), platform: 'linux' }));
      expect(found.problems).to.deep.equal(['SOPS_AGE_KEY_FILE (keys.txt) cannot be read (error)']);
    });

    it('a key file that is a folder cannot be read (EISDIR); its identities are none', async () => {
      const home = temp('home');
      const found = await findAgeIdentities({ SOPS_AGE_KEY_FILE: home }, { home, platform: 'linux' });
      expect(found.problems).to.deep.equal([`SOPS_AGE_KEY_FILE (${home}) cannot be read (EISDIR)`]);
    });

    it('reads the default keys file, and looks in this user\'s home when no home is given', async () => {
      const config = temp('xdg');
      mkdirSync(path.join(config, 'sops', 'age'), { recursive: true });
      writeFileSync(path.join(config, 'sops', 'age', 'keys.txt'), `${KEY_B}\n${KEY_B}\n`);
      expect((await findAgeIdentities({ XDG_CONFIG_HOME: config })).identities).to.deep.equal([KEY_B]);
      const own = await findAgeIdentities({});
      expect(own.lookedAt.startsWith(`${homedir()}${path.sep}`), own.lookedAt).to.equal(true);
    });
  });

  describe('env files', () => {
    it('reads a file with dotenv\'s parser into a layer named after the file', async () => {
      const file = path.join(temp('env'), 'prod.env');
      writeFileSync(file, '# comment\nA=one\nB="two words"\nexport C=\'three\'\n');
      const layer = await readEnvFile(file);
      expect(view(layer, 'A', 'B', 'C', 'D')).to.deep.equal([file, 'one', 'two words', 'three', undefined]);
    });

    it('a file that cannot be read is an error naming it and why', async () => {
      const dir = temp('env');
      const missing = path.join(dir, 'none.env');
      let message = '';
      try {
        await readEnvFile(missing);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).to.equal(`The env file ${missing} cannot be read (ENOENT).`);
      try {
        await readEnvFile(dir);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).to.equal(`The env file ${dir} cannot be read (EISDIR).`);
    });

    it('an error without a code (none of Node\'s) is named "error"', async () => {
      // mutant: `code ?? 'error'` → `code ?? ""`
      let message = '';
      try {
        await withReadFailingWithoutCode(() => readEnvFile('prod.env'));
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).to.equal('The env file prod.env cannot be read (error).');
    });

    it('the environment first, then the files, a later one before an earlier one', () => {
      const first = layerOf('first.env', { A: '1' });
      const second = layerOf('second.env', { A: '2' });
      const files = [first, second];
      const layers = envLayers({ A: 'env' }, files);
      expect(layers.map((l) => view(l, 'A'))).to.deep.equal([['the environment', 'env'], ['second.env', '2'], ['first.env', '1']]);
      expect(layers[1]).to.equal(second);
      expect(files).to.deep.equal([first, second], 'the caller\'s list is left as it was');
      expect(envLayers({}, [], 'the environment of VS Code').map((l) => view(l, 'A'))).to.deep.equal([['the environment of VS Code', undefined]]);
    });
  });

  describe('git', () => {
    let repo: string;
    before(() => {
      repo = temp('git');
      git(repo, 'init', '-q');
      writeFileSync(path.join(repo, '.gitignore'), 'ignored.env\n');
      writeFileSync(path.join(repo, 'tracked.env'), 'A=1\n');
      writeFileSync(path.join(repo, 'untracked.env'), 'A=1\n');
      writeFileSync(path.join(repo, 'ignored.env'), 'A=1\n');
      git(repo, 'add', 'tracked.env');
    });

    it('isTrackedByGit: true for a file in the index, false for one that is not, undefined outside a repository', async () => {
      expect(await isTrackedByGit(path.join(repo, 'tracked.env'))).to.equal(true);
      expect(await isTrackedByGit(path.join(repo, 'untracked.env'))).to.equal(false);
      const outside = temp('no-git');
      writeFileSync(path.join(outside, 'a.env'), 'A=1\n');
      expect(await isTrackedByGit(path.join(outside, 'a.env'))).to.equal(undefined);
    });

    it('isTrackedByGit: a relative path is taken from the current folder', async () => {
      const relative = path.relative(process.cwd(), path.join(repo, 'tracked.env'));
      expect(await isTrackedByGit(relative)).to.equal(true);
    });

    it('isIgnoredByGit: true for an ignored file, false for one that is not, undefined outside a repository', async () => {
      expect(await isIgnoredByGit(path.join(repo, 'ignored.env'))).to.equal(true);
      expect(await isIgnoredByGit(path.join(repo, 'untracked.env'))).to.equal(false);
      expect(await isIgnoredByGit(path.join(temp('no-git'), 'a.env'))).to.equal(undefined);
    });

    it('without git installed, neither can tell', async () => {
      expect(await withoutPrograms(() => isTrackedByGit(path.join(repo, 'tracked.env')))).to.equal(undefined);
      expect(await withoutPrograms(() => isIgnoredByGit(path.join(repo, 'ignored.env')))).to.equal(undefined);
    });
  });

  describe('dotenvLine', () => {
    it('single quotes first, then backticks, then double quotes', () => {
      expect(dotenvLine('NAME', 'plain value')).to.equal("NAME='plain value'");
      expect(dotenvLine('NAME', "it's")).to.equal('NAME=`it\'s`');
      expect(dotenvLine('NAME', "it's `here`")).to.equal('NAME="it\'s `here`"');
      expect(dotenvLine('NAME', '')).to.equal("NAME=''");
    });

    it('a literal \\n or \\r is never put in double quotes (dotenv would turn it into a line break)', () => {
      expect(dotenvLine('NAME', 'a\\nb')).to.equal("NAME='a\\nb'");
      expect(() => dotenvLine('NAME', "it's `a\\nb`")).to.throw("The value of NAME cannot be written to an env file with dotenv's quoting.");
      expect(() => dotenvLine('NAME', "it's `a\\rb`")).to.throw("The value of NAME cannot be written to an env file with dotenv's quoting.");
      expect(dotenvLine('NAME', "it's `a\\tb`")).to.equal('NAME="it\'s `a\\tb`"');
    });

    it('a value dotenv would read back otherwise is refused (a carriage return becomes a line break)', () => {
      expect(() => dotenvLine('NAME', 'a\rb')).to.throw("The value of NAME cannot be written to an env file with dotenv's quoting.");
      const line = dotenvLine('NAME', 'a\nb');
      expect(parseDotenv(line).NAME).to.equal('a\nb');
    });

    it('names: a letter or underscore first, then letters, digits, _ . -', () => {
      for (const name of ['A', '_a', 'a.b-c_9']) expect(dotenvLine(name, 'v')).to.equal(`${name}='v'`);
      for (const name of ['9A', 'A B', '-A', 'A$', '', 'A\nB']) expect(() => dotenvLine(name, 'v'), JSON.stringify(name)).to.throw(`"${name}" cannot be a name in an env file.`);
    });
  });

  describe('sopsCreationRule', () => {
    const RULES = 'creation_rules:\n  - path_regex: ^sub/deep/.*\\.yaml$\n    age: age1deep\n  - path_regex: \\.yaml$\n    age: age1any\n';

    it('the nearest .sops.yaml, with the file\'s path relative to its folder (slashes)', async () => {
      const root = temp('sops');
      mkdirSync(path.join(root, 'sub', 'deep'), { recursive: true });
      writeFileSync(path.join(root, '.sops.yaml'), RULES);
      const file = path.join(root, 'sub', 'deep', 'a.yaml');
      const found = await sopsCreationRule(file);
      expect(found?.config).to.equal(path.join(root, '.sops.yaml'));
      expect(found?.rule?.recipients).to.deep.equal(['age1deep']);
      expect((await sopsCreationRule(path.join(root, 'sub', 'b.yaml')))?.rule?.recipients).to.deep.equal(['age1any']);
      // A nearer one wins, and its paths are relative to its own folder.
      writeFileSync(path.join(root, 'sub', '.sops.yml'), RULES.replace('^sub/deep/', '^deep/'));
      const nearer = await sopsCreationRule(file);
      expect(nearer?.config).to.equal(path.join(root, 'sub', '.sops.yml'));
      expect(nearer?.rule?.recipients).to.deep.equal(['age1deep']);
    });

    it('.sops.yaml before .sops.yml in the same folder; no matching rule is undefined', async () => {
      const root = temp('sops');
      writeFileSync(path.join(root, '.sops.yml'), 'creation_rules:\n  - age: age1yml\n');
      writeFileSync(path.join(root, '.sops.yaml'), 'creation_rules:\n  - path_regex: \\.json$\n    age: age1json\n');
      expect(await sopsCreationRule(path.join(root, 'a.yaml'))).to.deep.equal({ config: path.join(root, '.sops.yaml'), rule: undefined });
    });

    it('no .sops.yaml up to the root: undefined', async () => {
      const root = temp('sops');
      mkdirSync(path.join(root, 'a', 'b'), { recursive: true });
      expect(await sopsCreationRule(path.join(root, 'a', 'b', 'x.yaml'))).to.equal(undefined);
    });
  });
});
