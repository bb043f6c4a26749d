/**
 * cli/src/sync.ts in process, with a scripted fetch: the arguments of diff and push, every option check with its
 * exact sentence (and nothing read before it), the warnings printed, the remote state read per file with the right
 * ids, a read that fails (what is said, what is left unread), values unknown here (never sent), where `${env:NAME}`
 * comes from (the environment over the env files, a later file over an earlier one), and the plan headers.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Io } from '../../cli/src/io';
import { parseSyncArgs, planFiles, printPlans, resolveContext, syncOptionsOf, type FilePlan, type SyncOptions } from '../../cli/src/sync';
import { DEMO_QOVERY_TOKEN, startStandins } from '../../standins';
import { FakeClock, scriptedFetch, type ScriptedReply } from '../helpers/fakes';
import { usageError } from '../helpers/cliRun';

const PROJECT = '3c90c3cc-0d44-4b50-8888-8dd25736052a';
const OTHER = '0b8a9e5e-1f2a-4c3d-9e8f-7a6b5c4d3e2f';

interface TestIo extends Io {
  out: string[];
  err: string[];
  fetch: ReturnType<typeof scriptedFetch>;
}

function testIo(replies: ScriptedReply[] = [], env: Record<string, string> = { NORTHFLANK_API_TOKEN: 'nf-token', QOVERY_API_TOKEN: 'q-token', NORTHFLANK_API_URL: 'https://nf.example', QOVERY_API_URL: 'https://q.example' }): TestIo {
  const fetch = scriptedFetch(replies);
  const clock = new FakeClock();
  const io: TestIo = {
    out: [],
    err: [],
    fetch,
    stdout: (line) => io.out.push(line),
    stderr: (line) => io.err.push(line),
    env,
    api: { fetch, sleep: clock.sleep, now: clock.now, random: () => 0.5, timeoutMs: 5000, retry: { maxRetries: 0 } },
  };
  return io;
}

const options = (extra: Partial<SyncOptions> = {}): SyncOptions => ({ tokenStdin: false, verbose: false, prune: false, envFiles: [], ...extra });

const dir = mkdtempSync(path.join(tmpdir(), 'secretdef-sync-'));
function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const NF = write('web.northflank-secret.yaml', 'name: web-group\nsecretType: environment\npriority: 10\nsecrets:\n  variables:\n    A: a-value\n');
const NF_TWO = write('two.northflank-secret.yaml', 'name: two-group\nsecretType: environment\npriority: 10\n');
const LINK = write('db.northflank-link.yaml', 'keys:\n  - keyName: HOST\n');
const QOVERY = write('shop.qovery-secrets.yaml', `project: ${PROJECT}\nsecrets:\n  - key: A\n    value: a-value\n`);
const QOVERY_NO_PROJECT = write('bare.qovery-secrets.yaml', 'secrets:\n  - key: A\n    value: a-value\n');
const TEMPLATE = write('tpl.northflank-template.yaml', 'apiVersion: v1.2\nname: tpl\nspec:\n  kind: Workflow\n  spec:\n    type: sequential\n    steps: []\n');
const TEMPLATE_TWO = write('tpl2.northflank-template.yaml', 'apiVersion: v1.2\nname: tpl2\nspec:\n  kind: Workflow\n  spec:\n    type: sequential\n    steps: []\n');

const NF_NOT_FOUND: ScriptedReply = { status: 404, body: { error: { status: 404, message: 'not found' } } };
const QOVERY_EMPTY: ScriptedReply = { status: 200, body: { results: [] } };

describe('cli/src/sync: the shared part of diff and push', () => {
  describe('arguments', () => {
    it('the files and every option, with their defaults', () => {
      const parsed = parseSyncArgs(['a.yaml', '--project', 'p', 'b.yaml', '--env-file', 'one.env', '--env-file', 'two.env']);
      expect(parsed.files).to.deep.equal(['a.yaml', 'b.yaml']);
      expect(parsed.options).to.deep.equal({
        project: 'p', team: undefined, secret: undefined, addon: undefined, apiUrl: undefined,
        tokenStdin: false, verbose: false, prune: false, envFiles: ['one.env', 'two.env'],
      });
      const all = parseSyncArgs(['a.yaml', '--team', 't', '--secret', 's', '--addon', 'x', '--api-url', 'https://u', '--token-stdin', '--verbose', '--prune', '--yes'], { yes: { type: 'boolean', default: false } });
      expect(all.options).to.deep.equal({ project: undefined, team: 't', secret: 's', addon: 'x', apiUrl: 'https://u', tokenStdin: true, verbose: true, prune: true, envFiles: [] });
      expect(all.values.yes).to.equal(true);
      expect(parseSyncArgs(['a.yaml'], { 'dry-run': { type: 'boolean', default: false } }).values['dry-run']).to.equal(false);
    });

    it('no file is a usage error with the usage; a token flag is refused first; an unknown option is an error', async () => {
      expect(await usageError(async () => parseSyncArgs(['--project', 'p']))).to.deep.equal(['Give at least one secret definition file.', true]);
      expect((await usageError(async () => parseSyncArgs(['--token=abc'])))[1]).to.equal(false);
      expect(() => parseSyncArgs(['a.yaml', '--yes'])).to.throw(/--yes/);
    });

    it('syncOptionsOf: only true is true', () => {
      expect(syncOptionsOf({})).to.deep.equal({ project: undefined, team: undefined, secret: undefined, addon: undefined, apiUrl: undefined, tokenStdin: false, verbose: false, prune: false, envFiles: [] });
      expect(syncOptionsOf({ 'token-stdin': true, verbose: true, prune: true })).to.include({ tokenStdin: true, verbose: true, prune: true });
      expect(syncOptionsOf({ 'token-stdin': false, verbose: false, prune: false })).to.include({ tokenStdin: false, verbose: false, prune: false });
    });
  });

  describe('options checked against the files, before anything is read', () => {
    const cases: [string, string[], Partial<SyncOptions>, string][] = [
      ['a template', [NF, TEMPLATE, TEMPLATE_TWO], { project: 'p' }, `${TEMPLATE}, ${TEMPLATE_TWO}: Northflank runs templates itself (from Git with GitOps, or with "Run"); secretdef validates them but does not push them.`],
      ['one token for two platforms', [NF, QOVERY], { project: PROJECT, tokenStdin: true }, '--token-stdin reads one token: push the Northflank and the Qovery files separately.'],
      ['one URL for two platforms', [QOVERY, NF], { project: PROJECT, apiUrl: 'https://x' }, '--api-url is one URL: push the Northflank and the Qovery files separately (or set NORTHFLANK_API_URL and QOVERY_API_URL).'],
      ['no project for Northflank files', [NF, QOVERY, LINK], { secret: 's', addon: 'a' }, `--project is required for Northflank files (${NF}, ${LINK}).`],
      ['no project for a link file', [LINK], { secret: 's', addon: 'a' }, `--project is required for Northflank files (${LINK}).`],
      ['a link file without --secret', [LINK], { project: 'p', addon: 'a' }, 'An addon link file needs --secret ID (the secret group) and --addon ID.'],
      ['a link file without --addon', [LINK], { project: 'p', secret: 's' }, 'An addon link file needs --secret ID (the secret group) and --addon ID.'],
      ['--secret without a link file', [NF], { project: 'p', secret: 's' }, '--secret and --addon are for addon link files (*.northflank-link.yaml).'],
      ['--addon without a link file', [NF], { project: 'p', addon: 'a' }, '--secret and --addon are for addon link files (*.northflank-link.yaml).'],
      ['--team for Qovery files', [QOVERY], { team: 't' }, '--team is for Northflank files.'],
      ['a Qovery file naming another project', [QOVERY], { project: OTHER }, `${QOVERY} names the project ${PROJECT}, but --project is ${OTHER}.`],
      ['a Qovery file naming another project, with a Northflank file', [NF, QOVERY], { project: OTHER }, `${QOVERY} names the project ${PROJECT}, but --project is ${OTHER} (--project applies to every file: push the Northflank and the Qovery files separately).`],
      ['a Qovery file naming no project', [QOVERY, QOVERY_NO_PROJECT], {}, `${QOVERY_NO_PROJECT} names no project: add "project: <uuid>" to it or pass --project.`],
      ['a project that is not a UUID', [QOVERY_NO_PROJECT], { project: 'not-a-uuid' }, 'A Qovery project is a UUID; "not-a-uuid" is not one.'],
    ];
    for (const [name, files, extra, message] of cases) {
      it(name, async () => {
        const io = testIo();
        expect(await usageError(() => planFiles(files, options(extra), io))).to.deep.equal([message, true]);
        expect(io.fetch.sent).to.deep.equal([]);
        expect(io.err).to.deep.equal([]);
      });
    }

    it('what fits: a Northflank file and --team; a link file with its flags; a Qovery file and its own project', async () => {
      const io = testIo([NF_NOT_FOUND, { status: 200, body: { data: { secretId: 's', addonId: 'a', linked: false, availableKeys: ['HOST'] } } }, QOVERY_EMPTY]);
      const plans = await planFiles([NF], options({ project: 'p', team: 'acme' }), io);
      expect(plans?.map((p) => p.platform)).to.deep.equal(['northflank']);
      const link = await planFiles([LINK], options({ project: 'p', secret: 's', addon: 'a' }), io);
      expect(link?.map((p) => p.plan.kind)).to.deep.equal(['northflank-link']);
      const q = await planFiles([QOVERY], options({ project: PROJECT }), io);
      expect(q?.map((p) => p.plan.kind)).to.deep.equal(['qovery-secrets']);
      expect(io.fetch.sent.map((s) => `${s.method} ${s.url}`)).to.deep.equal([
        'GET https://nf.example/v1/teams/acme/projects/p/secrets/web-group?show=this',
        'GET https://nf.example/v1/projects/p/secrets/s/addons/a',
        `GET https://q.example/project/${PROJECT}/secret`,
      ]);
      // --token-stdin and --api-url with the files of one platform.
      const one = Object.assign(testIo([QOVERY_EMPTY], {}), { readStdin: () => Promise.resolve('stdin-token\n') });
      expect(await planFiles([QOVERY], options({ tokenStdin: true, apiUrl: 'https://flag.example' }), one)).to.have.length(1);
      expect(one.fetch.sent.map((s) => [s.url, s.headers.Authorization])).to.deep.equal([[`https://flag.example/project/${PROJECT}/secret`, 'Token stdin-token']]);
    });
  });

  describe('planning', () => {
    it('reads each file\'s remote state in order, one client per platform present; a Qovery file without project takes --project', async () => {
      const io = testIo([NF_NOT_FOUND, QOVERY_EMPTY, NF_NOT_FOUND], { NORTHFLANK_API_TOKEN: 'nf-token', QOVERY_API_TOKEN: 'q-token', NORTHFLANK_API_URL: 'https://nf.example', QOVERY_API_URL: 'https://q.example' });
      const plans = await planFiles([NF, QOVERY_NO_PROJECT, NF_TWO], options({ project: PROJECT }), io);
      expect(plans?.map((p) => [p.file, p.platform, p.doc.path])).to.deep.equal([[NF, 'northflank', NF], [QOVERY_NO_PROJECT, 'qovery', QOVERY_NO_PROJECT], [NF_TWO, 'northflank', NF_TWO]]);
      expect(io.fetch.sent.map((s) => `${s.method} ${s.url}`)).to.deep.equal([
        `GET https://nf.example/v1/projects/${PROJECT}/secrets/web-group?show=this`,
        `GET https://q.example/project/${PROJECT}/secret`,
        `GET https://nf.example/v1/projects/${PROJECT}/secrets/two-group?show=this`,
      ]);
      expect(io.err).to.deep.equal([]);
    });

    it('reads with the command\'s signal: cancelled before it is sent, nothing was read', async () => {
      const io = testIo();
      const cancel = new AbortController();
      cancel.abort();
      io.api = { ...io.api, signal: cancel.signal };
      expect(await planFiles([QOVERY], options(), io)).to.equal(undefined);
      expect(io.err[0]).to.equal(`${QOVERY}: GET /project/${PROJECT}/secret to Qovery was cancelled.`);
      expect(io.err.at(-1)).to.equal('secretdef: the remote state could not be read: nothing was sent.');
      expect(io.fetch.sent).to.deep.equal([]);
    });

    it('an Io without API options (the real terminal\'s): the platform is read with the defaults', async () => {
      const standins = await startStandins();
      try {
        const err: string[] = [];
        const io: Io = { stdout: () => undefined, stderr: (l) => err.push(l), env: { QOVERY_API_TOKEN: DEMO_QOVERY_TOKEN, QOVERY_API_URL: standins.urls.qovery } };
        const plans = await planFiles([QOVERY], options(), io);
        expect(err).to.deep.equal([]);
        // The stand-in's project was read: its own secret is only in Qovery (kept).
        expect(plans?.[0]?.plan.items.find((i) => i.name === 'STRIPE_API_KEY')?.change).to.equal('keep');
      } finally {
        await standins.close();
      }
    });

    it('a Qovery file alone needs no Northflank token, and the other way round', async () => {
      const q = testIo([QOVERY_EMPTY], { QOVERY_API_TOKEN: 'q-token', QOVERY_API_URL: 'https://q.example' });
      expect(await planFiles([QOVERY], options(), q)).to.have.length(1);
      const nf = testIo([NF_NOT_FOUND], { NORTHFLANK_API_TOKEN: 'nf-token', NORTHFLANK_API_URL: 'https://nf.example' });
      expect(await planFiles([NF], options({ project: 'p' }), nf)).to.have.length(1);
    });

    it('prints each file\'s warnings before reading anything', async () => {
      const warned = write('warned.northflank-secret.yaml', 'name: warned\nsecretType: environment\npriority: 10\nrestrictions:\n  restricted: true\n');
      const io = testIo([NF_NOT_FOUND, NF_NOT_FOUND]);
      await planFiles([NF, warned], options({ project: 'p' }), io);
      expect(io.err).to.deep.equal([`${warned}:5:3 warning The group is restricted but lists no "nfObjects" and no "tags": no service or job could read it. [nf-restricted-without-targets]`]);
    });

    it('a read that fails: the file and the platform\'s error, what to do, "nothing was sent"; the later files are not read', async () => {
      const io = testIo([NF_NOT_FOUND, { status: 403, body: { message: 'Forbidden here' } }]);
      expect(await planFiles([NF, QOVERY, NF_TWO], options({ project: PROJECT }), io)).to.equal(undefined);
      expect(io.err).to.deep.equal([
        `${QOVERY}: Qovery answered 403 Forbidden to GET /project/${PROJECT}/secret: Forbidden here.`,
        '  What to do: The token is valid but lacks the permission for this: give its API role the permission, or use another token.',
        'secretdef: the remote state could not be read: nothing was sent.',
      ]);
      expect(io.fetch.sent.map((s) => s.url)).to.deep.equal([`https://nf.example/v1/projects/${PROJECT}/secrets/web-group?show=this`, `https://q.example/project/${PROJECT}/secret`]);
    });

    it('a file with errors: nothing read, undefined', async () => {
      const bad = write('bad.northflank-secret.yaml', 'name: bad\nsecretType: nope\npriority: 10\n');
      const io = testIo();
      expect(await planFiles([NF, bad], options({ project: 'p' }), io)).to.equal(undefined);
      expect(io.fetch.sent).to.deep.equal([]);
      expect(io.err.at(-1)).to.equal('secretdef: 1 file with errors: nothing was sent. Fix it (secretdef validate shows the same), then run again.');
    });

    it('where a value comes from is in the plan; the values of the files are masked in any error', async () => {
      const file = write('env.qovery-secrets.yaml', `project: ${PROJECT}\nsecrets:\n  - key: DB\n    value: \${env:DB_PASSWORD}\n`);
      const io = testIo([{ status: 400, body: { message: 'refused db-password-VALUE' } }], { QOVERY_API_TOKEN: 'q-token', QOVERY_API_URL: 'https://q.example', DB_PASSWORD: 'db-password-VALUE' });
      expect(await planFiles([file], options(), io)).to.equal(undefined);
      expect(io.err[0]).to.equal(`${file}: Qovery answered 400 Bad Request to GET /project/${PROJECT}/secret: refused ********.`);
      const ok = testIo([QOVERY_EMPTY], { QOVERY_API_TOKEN: 'q-token', QOVERY_API_URL: 'https://q.example', DB_PASSWORD: 'db-password-VALUE' });
      const plans = await planFiles([file], options(), ok);
      expect(plans?.[0]?.plan.items.map((i) => [i.name, i.change, i.source])).to.deep.equal([['DB', 'create', 'from env DB_PASSWORD']]);
    });

    it('to compare: values unknown here are marked, and such a plan is never sent (one value, several)', async () => {
      const one = write('one.qovery-secrets.yaml', `project: ${PROJECT}\nsecrets:\n  - key: A\n    value: \${env:UNSET_A}\n  - key: B\n    value: known\n`);
      const two = write('two.qovery-secrets.yaml', `project: ${PROJECT}\nsecrets:\n  - key: A\n    value: \${env:UNSET_A}\n  - key: B\n    value: \${env:UNSET_B}\n`);
      const io = testIo([QOVERY_EMPTY, QOVERY_EMPTY], { QOVERY_API_TOKEN: 'q-token', QOVERY_API_URL: 'https://q.example' });
      const plans = await planFiles([one, two], options(), io, 'compare');
      expect(plans?.[0]?.plan.items.map((i) => [i.name, i.unknownHere])).to.deep.equal([['A', '${env:UNSET_A} is not set here'], ['B', undefined]]);
      const rejected: string[] = [];
      for (const p of plans ?? []) await p.apply().then(() => rejected.push('sent'), (e: Error) => rejected.push(e.message));
      expect(rejected).to.deep.equal([`${one}: 1 value is unknown here; nothing was sent.`, `${two}: 2 values are unknown here; nothing was sent.`]);
      expect(io.fetch.sent.map((s) => s.method)).to.deep.equal(['GET', 'GET']);
      // To push, the same files stop before anything is read.
      const push = testIo([], { QOVERY_API_TOKEN: 'q-token', QOVERY_API_URL: 'https://q.example' });
      expect((await usageError(() => planFiles([one], options(), push)))[0]).to.contain('UNSET_A');
      expect(push.fetch.sent).to.deep.equal([]);
    });

    it('a plan with every value known applies: its steps are sent', async () => {
      const io = testIo([QOVERY_EMPTY, { status: 201, body: { id: 'new', key: 'A', scope: 'PROJECT' } }], { QOVERY_API_TOKEN: 'q-token', QOVERY_API_URL: 'https://q.example' });
      const plans = await planFiles([QOVERY], options(), io, 'compare');
      const outcome = await plans?.[0]?.apply();
      expect(outcome?.ok).to.equal(true);
      expect(io.fetch.sent.map((s) => `${s.method} ${s.url} ${s.body ?? ''}`)).to.deep.equal([
        `GET https://q.example/project/${PROJECT}/secret `,
        `POST https://q.example/project/${PROJECT}/secret {"key":"A","value":"a-value"}`,
      ]);
    });
  });

  describe('resolveContext: where ${env:NAME} comes from', () => {
    it('the environment over the env files, a later file over an earlier one', async () => {
      const first = write('first.env', 'A=first\nB=first\nC=first\n');
      const second = write('second.env', 'B=second\nC=second\n');
      const io = testIo([], { C: 'environment' });
      const context = await resolveContext({ envFiles: [first, second] }, io);
      expect(context.env.map((l) => l.label)).to.deep.equal(['the environment', second, first]);
      const value = (name: string) => context.env.find((l) => l.get(name) !== undefined)?.get(name);
      expect([value('A'), value('B'), value('C')]).to.deep.equal(['first', 'second', 'environment']);
      expect(io.err).to.deep.equal([]);
      const noEnv: Io = { stdout: () => undefined, stderr: () => undefined };
      expect((await resolveContext({ envFiles: [] }, noEnv)).env.map((l) => [l.label, l.get('PATH')])).to.deep.equal([['the environment', undefined]]);
    });

    it('the identities come from the command\'s environment', async () => {
      const key = 'AGE-SECRET-KEY-1TESTONLYAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
      const context = await resolveContext({ envFiles: [] }, testIo([], { SOPS_AGE_KEY: key }));
      const found = await context.identities();
      expect(found.identities).to.deep.equal([key]);
      expect(found.lookedAt.startsWith('SOPS_AGE_KEY, ')).to.equal(true);
    });

    it('an env file that cannot be read: a usage error without the usage, nothing was sent', async () => {
      const missing = path.join(dir, 'missing.env');
      expect(await usageError(() => resolveContext({ envFiles: [missing] }, testIo()))).to.deep.equal([`The env file ${missing} cannot be read (ENOENT). Nothing was sent.`, false]);
    });

    it('an env file tracked by git: a warning that says how to untrack it; an untracked one: none', async () => {
      const repo = mkdtempSync(path.join(tmpdir(), 'secretdef-sync-git-'));
      execFileSync('git', ['init', '-q'], { cwd: repo });
      const tracked = path.join(repo, 'tracked.env');
      const untracked = path.join(repo, 'untracked.env');
      writeFileSync(tracked, 'A=1\n');
      writeFileSync(untracked, 'B=2\n');
      execFileSync('git', ['add', 'tracked.env'], { cwd: repo });
      const io = testIo();
      await resolveContext({ envFiles: [untracked, tracked] }, io);
      expect(io.err).to.deep.equal([`secretdef: warning: the env file ${tracked} is tracked by git, so its values are in the repository: remove it from git (git rm --cached ${tracked}) and list it in .gitignore.`]);
    });
  });

  it('printPlans: a header per file (the platform\'s name and the target), then its lines', () => {
    const io = testIo();
    const plan = (platform: 'northflank' | 'qovery', target: string): FilePlan => ({
      file: `${target}.yaml`, platform, doc: undefined as unknown as FilePlan['doc'], apply: () => Promise.resolve({ ok: true, lines: [] }),
      plan: { platform, kind: platform === 'qovery' ? 'qovery-secrets' : 'northflank-secret', target, items: [] },
    });
    printPlans(io, [plan('northflank', 'group'), plan('qovery', 'project')], (p) => [`  line of ${p.target}`, '  second']);
    expect(io.out).to.deep.equal(['group.yaml: Northflank group', '  line of group', '  second', 'project.yaml: Qovery project', '  line of project', '  second']);
    expect(io.err).to.deep.equal([]);
  });
});
