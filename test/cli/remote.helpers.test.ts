/**
 * cli/src/remote.ts function by function, in process with a recording Io: the flags refused before parsing, stdin
 * read once, where a token and a base URL come from (and the exact message when they cannot), the --verbose request
 * log line, the confirmation question and the answers it takes, an API error for a person, and loadDefinitions
 * without resolution.
 */
import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ApiError } from '../../api/errors';
import type { Io } from '../../cli/src/io';
import { baseUrlFor, confirm, isUuid, loadDefinitions, northflankClient, qoveryClient, refuseSecretFlags, reportApiError, StdinReader, tokenFor } from '../../cli/src/remote';
import { FakeClock, scriptedFetch, type ScriptedReply } from '../helpers/fakes';
import { usageError } from '../helpers/cliRun';

interface RecordingIo extends Io {
  out: string[];
  err: string[];
  prompts: string[];
  stdinReads: number;
}

function recordingIo(extra: Partial<Io> & { answer?: string; stdin?: string } = {}): RecordingIo {
  const io: RecordingIo = {
    out: [],
    err: [],
    prompts: [],
    stdinReads: 0,
    stdout: (line) => io.out.push(line),
    stderr: (line) => io.err.push(line),
    ...extra,
  };
  if (extra.answer !== undefined) {
    const answer = extra.answer;
    io.prompt = async (question) => {
      io.prompts.push(question);
      return answer;
    };
  }
  if (extra.stdin !== undefined) {
    const text = extra.stdin;
    io.readStdin = async () => {
      io.stdinReads++;
      return text;
    };
  }
  return io;
}

const TOKEN_FLAG = 'Tokens are never taken from a flag (it would land in the shell history): set NORTHFLANK_API_TOKEN or QOVERY_API_TOKEN, or pass the token on stdin with --token-stdin.';
const VALUE_FLAG = 'Values are never taken from a flag (it would land in the shell history): pass the value on stdin with --value-stdin.';

describe('cli/src/remote: what the verbs that talk to a platform share', () => {
  it('isUuid: 8-4-4-4-12 hexadecimal digits, either case, nothing around them', () => {
    expect(isUuid('3c90c3cc-0d44-4b50-8888-8dd25736052a')).to.equal(true);
    expect(isUuid('3C90C3CC-0D44-4B50-8888-8DD25736052A')).to.equal(true);
    for (const not of ['x3c90c3cc-0d44-4b50-8888-8dd25736052a', '3c90c3cc-0d44-4b50-8888-8dd25736052ax', '3c90c3cc-0d44-4b50-8888-8dd25736052', '3c90c3c-0d44-4b50-8888-8dd25736052ab', '3c90c3cc-0d4-4b50-8888-8dd25736052a', '3c90c3cc-0d44-4b5-8888-8dd25736052a', '3c90c3cc-0d44-4b50-888-8dd25736052a', 'gc90c3cc-0d44-4b50-8888-8dd25736052a', '3c90c3cc0d444b5088888dd25736052a', '']) {
      expect(isUuid(not), not).to.equal(false);
    }
  });

  it('refuseSecretFlags: --token and --value, alone or with =, before parsing and without echoing them', async () => {
    for (const arg of ['--token', '--token=hunter2']) expect(await usageError(() => refuseSecretFlags(['push', 'f', arg]))).to.deep.equal([TOKEN_FLAG, false]);
    for (const arg of ['--value', '--value=hunter2']) expect(await usageError(() => refuseSecretFlags([arg]))).to.deep.equal([VALUE_FLAG, false]);
    // The first one met decides.
    expect(await usageError(() => refuseSecretFlags(['--value=x', '--token=y']))).to.deep.equal([VALUE_FLAG, false]);
    for (const fine of ['--token-stdin', '--value-stdin', '--tokens', '--values=1', 'x--token', 'x--value', '-token', 'token']) expect(() => refuseSecretFlags([fine]), fine).to.not.throw();
  });

  it('StdinReader reads stdin once, whatever is asked; without stdin it names what needed it', async () => {
    const io = recordingIo({ stdin: 'the text\n' });
    const reader = new StdinReader(io);
    expect(await reader.read('--token-stdin')).to.equal('the text\n');
    expect(await reader.read('--value-stdin')).to.equal('the text\n');
    expect(io.stdinReads).to.equal(1);
    expect(await usageError(() => new StdinReader(recordingIo()).read('--value-stdin'))).to.deep.equal(['--value-stdin needs stdin, which is not available here.', false]);
  });

  describe('tokenFor', () => {
    it('from the platform\'s variable, trimmed; unset or blank: what to do, and nothing was sent', async () => {
      const reader = new StdinReader(recordingIo());
      expect(await tokenFor('qovery', recordingIo({ env: { QOVERY_API_TOKEN: '  q-token \n', NORTHFLANK_API_TOKEN: 'nf' } }), false, reader)).to.equal('q-token');
      expect(await tokenFor('northflank', recordingIo({ env: { NORTHFLANK_API_TOKEN: 'nf-token' } }), false, reader)).to.equal('nf-token');
      for (const env of [{}, { QOVERY_API_TOKEN: '' }, { QOVERY_API_TOKEN: ' \n' }, { NORTHFLANK_API_TOKEN: 'only the other one' }]) {
        expect(await usageError(() => tokenFor('qovery', recordingIo({ env }), false, reader))).to.deep.equal(['QOVERY_API_TOKEN is not set: export the Qovery API token in it, or pass it on stdin with --token-stdin. Nothing was sent.', false]);
      }
      expect((await usageError(() => tokenFor('northflank', recordingIo(), false, reader)))[0]).to.equal('NORTHFLANK_API_TOKEN is not set: export the Northflank API token in it, or pass it on stdin with --token-stdin. Nothing was sent.');
    });

    it('with --token-stdin: from stdin, trimmed, even when the variable is set; empty stdin is a usage error', async () => {
      const io = recordingIo({ stdin: ' stdin-token\r\n', env: { QOVERY_API_TOKEN: 'env-token' } });
      expect(await tokenFor('qovery', io, true, new StdinReader(io))).to.equal('stdin-token');
      const noStdin = recordingIo({ env: { QOVERY_API_TOKEN: 'env-token' } });
      expect(await usageError(() => tokenFor('qovery', noStdin, true, new StdinReader(noStdin)))).to.deep.equal(['--token-stdin needs stdin, which is not available here.', false]);
      for (const stdin of ['', '\n', '  \r\n']) {
        const empty = recordingIo({ stdin, env: { NORTHFLANK_API_TOKEN: 'env-token' } });
        expect(await usageError(() => tokenFor('northflank', empty, true, new StdinReader(empty)))).to.deep.equal(['--token-stdin was given but stdin is empty: pipe the Northflank API token into secretdef.', false]);
      }
    });

    it('with --token-stdin: only the final line break goes; lines inside are not joined into a token never given', async () => {
      // mutant: `/\r?\n$/` → `/\r?\n/` (the first line break, wherever it is)
      const io = recordingIo({ stdin: 'first-line\nsecond-line\n' });
      expect(await tokenFor('northflank', io, true, new StdinReader(io))).to.equal('first-line\nsecond-line');
    });
  });

  describe('baseUrlFor', () => {
    it('the flag, else the platform\'s variable, else the default', () => {
      const env = { NORTHFLANK_API_URL: 'https://nf.example', QOVERY_API_URL: 'https://q.example' };
      expect(baseUrlFor('qovery', recordingIo({ env }), 'https://flag.example')).to.equal('https://flag.example');
      expect(baseUrlFor('qovery', recordingIo({ env }), undefined)).to.equal('https://q.example');
      expect(baseUrlFor('northflank', recordingIo({ env }), undefined)).to.equal('https://nf.example');
      expect(baseUrlFor('northflank', recordingIo(), undefined)).to.equal('https://api.northflank.com');
      expect(baseUrlFor('qovery', recordingIo({ env: {} }), undefined)).to.equal('https://api.qovery.com');
    });

    it('an address the transport would refuse: named by where it came from, and nothing was sent', async () => {
      const clear = 'The API address http://api.example.com uses http://, which would send the token in clear text: http:// is allowed only for a loopback address (localhost, 127.0.0.1, [::1]). Use https://.';
      expect(await usageError(() => baseUrlFor('qovery', recordingIo(), 'http://api.example.com'))).to.deep.equal([`--api-url: ${clear} Nothing was sent.`, false]);
      expect(await usageError(() => baseUrlFor('qovery', recordingIo({ env: { QOVERY_API_URL: 'http://api.example.com' } }), undefined))).to.deep.equal([`QOVERY_API_URL: ${clear} Nothing was sent.`, false]);
      expect((await usageError(() => baseUrlFor('northflank', recordingIo({ env: { NORTHFLANK_API_URL: 'ftp://x' } }), undefined)))[0]).to.match(/^NORTHFLANK_API_URL: /);
      // An empty flag is still the flag: not the variable, not the default.
      expect(await usageError(() => baseUrlFor('qovery', recordingIo({ env: { QOVERY_API_URL: 'https://q.example' } }), ''))).to.deep.equal(['--api-url: The API address is not a URL: give one such as https://api.northflank.com. Nothing was sent.', false]);
    });
  });

  describe('the clients', () => {
    function clientIo(replies: ScriptedReply[], env: Record<string, string>): RecordingIo & { fetch: ReturnType<typeof scriptedFetch> } {
      const fetch = scriptedFetch(replies);
      const clock = new FakeClock();
      const io = recordingIo({ env, api: { fetch, sleep: clock.sleep, now: clock.now, random: () => 0.5, timeoutMs: 5000 } });
      return Object.assign(io, { fetch });
    }

    it('--verbose logs each attempt: platform, method, path, status, duration, attempt and pause; without it nothing', async () => {
      const io = clientIo([{ status: 500, body: {} }, { status: 200, body: { results: [] } }], { QOVERY_API_TOKEN: 'q-token', QOVERY_API_URL: 'https://q.example' });
      const client = await qoveryClient({ io, tokenStdin: false, verbose: true, stdin: new StdinReader(io) });
      expect(await client.projectSecrets.list('p')).to.deep.equal([]);
      expect(io.err).to.deep.equal([
        'secretdef: Qovery GET /project/p/secret → 500 in 0 ms, retrying in 375 ms',
        'secretdef: Qovery GET /project/p/secret → 200 in 0 ms (attempt 2)',
      ]);
      expect(io.fetch.sent.map((s) => [s.method, s.url, s.headers['User-Agent'], s.headers.Authorization])).to.deep.equal([
        ['GET', 'https://q.example/project/p/secret', 'secretdef/development', 'Token q-token'],
        ['GET', 'https://q.example/project/p/secret', 'secretdef/development', 'Token q-token'],
      ]);
      const quiet = clientIo([{ status: 200, body: { results: [] } }], { QOVERY_API_TOKEN: 't' });
      await (await qoveryClient({ io: quiet, apiUrl: 'https://flag.example', tokenStdin: false, verbose: false, stdin: new StdinReader(quiet) })).projectSecrets.list('p');
      expect(quiet.err).to.deep.equal([]);
      expect(quiet.fetch.sent[0]?.url).to.equal('https://flag.example/project/p/secret');
    });

    it('a request with no answer is logged with its outcome', async () => {
      const io = clientIo([{ networkError: 'ECONNREFUSED' }, { status: 200, body: { data: { id: 'g', name: 'g', secretType: 'environment', priority: 1, secrets: {} } } }], { NORTHFLANK_API_TOKEN: 'nf-token', NORTHFLANK_API_URL: 'https://nf.example' });
      const client = await northflankClient({ io, tokenStdin: false, verbose: true, stdin: new StdinReader(io) });
      await client.secrets.find({ projectId: 'p' }, 'g');
      expect(io.err[0]).to.equal('secretdef: Northflank GET /v1/projects/p/secrets/g → network-error in 0 ms, retrying in 375 ms');
      expect(io.err[1]).to.equal('secretdef: Northflank GET /v1/projects/p/secrets/g → 200 in 0 ms (attempt 2)');
      expect(io.fetch.sent[0]?.headers['User-Agent']).to.equal('secretdef/development');
    });

    it('the known values are masked in every error; the address is checked before the token is looked for', async () => {
      const io = clientIo([{ status: 400, body: { error: { message: 'bad value the-secret-value' } } }], { NORTHFLANK_API_TOKEN: 'nf-token', NORTHFLANK_API_URL: 'https://nf.example' });
      const client = await northflankClient({ io, tokenStdin: false, verbose: false, stdin: new StdinReader(io), secretValues: ['the-secret-value'] });
      let message = '';
      try {
        await client.secrets.find({ projectId: 'p' }, 'g');
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).to.contain('bad value ********');
      expect(message).to.not.contain('the-secret-value');
      const noToken = recordingIo({ env: { QOVERY_API_URL: 'http://api.example.com' } });
      expect((await usageError(() => qoveryClient({ io: noToken, tokenStdin: false, verbose: false, stdin: new StdinReader(noToken) })))[0]).to.match(/^QOVERY_API_URL: /);
      const nfNoToken = recordingIo({ env: { NORTHFLANK_API_URL: 'http://api.example.com' } });
      expect((await usageError(() => northflankClient({ io: nfNoToken, tokenStdin: false, verbose: false, stdin: new StdinReader(nfNoToken) })))[0]).to.match(/^NORTHFLANK_API_URL: /);
    });
  });

  describe('confirm', () => {
    it('--yes: yes, without a question', async () => {
      const io = recordingIo({ answer: 'n', stdinIsTTY: true });
      expect(await confirm(io, 'Push?', true)).to.equal(true);
      expect(io.prompts).to.deep.equal([]);
    });

    it('asks "[y/N]" on a terminal; y or yes in any case, spaces around, is yes; anything else is no', async () => {
      for (const answer of ['y', 'Y', 'yes', 'YES', ' yes ', '\ty\n']) {
        const io = recordingIo({ answer, stdinIsTTY: true });
        expect(await confirm(io, 'Push 2 files?', false), JSON.stringify(answer)).to.equal(true);
        expect(io.prompts).to.deep.equal(['Push 2 files? [y/N] ']);
      }
      for (const answer of ['', 'n', 'no', 'ye', 'yess', 'y es', 'oyes', 'yes!']) {
        expect(await confirm(recordingIo({ answer, stdinIsTTY: true }), 'Push?', false), JSON.stringify(answer)).to.equal(false);
      }
    });

    it('no terminal, or no way to ask: a usage error that says nothing was changed and to use --yes', async () => {
      const message = 'stdin is not a terminal, so no confirmation can be asked, and nothing was changed. Check the changes above (or with `secretdef diff`), then run again with --yes.';
      const notTty = recordingIo({ answer: 'y', stdinIsTTY: false });
      expect(await usageError(() => confirm(notTty, 'Push?', false))).to.deep.equal([message, false]);
      expect(notTty.prompts).to.deep.equal([]);
      expect(await usageError(() => confirm(recordingIo({ stdinIsTTY: true }), 'Push?', false))).to.deep.equal([message, false]);
    });
  });

  it('reportApiError: the subject and the platform\'s error, then what to do; any other error on one line', () => {
    const io = recordingIo();
    reportApiError(io, 'a.yaml', new ApiError({ platform: 'qovery', kind: 'http', method: 'GET', path: '/x', status: 403, platformMessage: 'No.', hint: 'Ask for the permission.' }));
    reportApiError(io, 'b.yaml', new Error('plain failure'));
    reportApiError(io, 'c.yaml', 'a string');
    expect(io.err).to.deep.equal([
      'a.yaml: Qovery answered 403 Forbidden to GET /x: No.',
      '  What to do: Ask for the permission.',
      'b.yaml: plain failure',
      'c.yaml: a string',
    ]);
  });

  describe('loadDefinitions without resolution', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'secretdef-remote-'));
    const write = (name: string, text: string) => {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      return file;
    };

    it('each file\'s value as written (minus $schema, references left as they are), its kind and warnings', async () => {
      const file = write('web.northflank-secret.yaml', '$schema: x.json\nname: web\nsecretType: environment\npriority: 1\nsecrets:\n  variables:\n    A: ${env:NOT_RESOLVED}\n');
      const io = recordingIo();
      const loaded = await loadDefinitions([file], io);
      expect(loaded?.map((d) => [d.file, d.kind, d.value, d.sources, d.secretValues, d.unknown])).to.deep.equal([
        [file, 'northflank-secret', { name: 'web', secretType: 'environment', priority: 1, secrets: { variables: { A: '${env:NOT_RESOLVED}' } } }, undefined, undefined, undefined],
      ]);
      expect(loaded?.[0]?.doc.path).to.equal(file);
      expect(io.err).to.deep.equal([]);
    });

    it('two files with errors: both listed, "Fix them", nothing returned', async () => {
      const a = write('a.northflank-secret.yaml', 'name: aaa\nsecretType: nope\npriority: 1\n');
      const b = write('b.northflank-secret.yaml', 'name: bbb\nsecretType: environment\npriority: 101\n');
      const good = write('good.northflank-secret.yaml', 'name: good\nsecretType: environment\npriority: 1\n');
      const io = recordingIo();
      expect(await loadDefinitions([a, good, b], io)).to.equal(undefined);
      expect(io.err).to.have.length(2);
      expect(io.err[0]?.split('\n')).to.deep.equal([
        `${a}:2:13 error "nope" is not an allowed value for "secretType". Allowed: environment-arguments, environment, arguments. [invalid-value]`,
        `${b}:3:11 error "priority" must be from 0 to 100; 101 is out of range. [number-out-of-range]`,
      ]);
      expect(io.err[1]).to.equal('secretdef: 2 files with errors: nothing was sent. Fix them (secretdef validate shows the same), then run again.');
      expect(io.out).to.deep.equal([]);
    });
  });
});
