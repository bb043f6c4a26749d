/** Every command and subcommand answers -h and --help (exit 0, its own usage on stdout), wherever the flag stands. */
import * as assert from 'node:assert/strict';
import { COMMAND_USAGE } from '../../cli/src/usage';
import { secretdefIn } from '../helpers/cliRun';

const COMMANDS = ['validate', 'diff', 'drift', 'push', 'list', 'link', 'alias', 'override', 'encrypt', 'decrypt'];

describe('secretdef COMMAND --help', () => {
  it('has a usage text for every command, and no other', () => {
    assert.deepEqual(Object.keys(COMMAND_USAGE).sort(), [...COMMANDS].sort());
  });

  for (const command of COMMANDS) {
    it(`${command}: -h, --help and "help ${command}" print its usage and exit 0, sending nothing`, async () => {
      for (const argv of [[command, '-h'], [command, '--help'], ['help', command], [command, 'some-file.yaml', '--project', 'p', '--help'], [command, '--unknown-flag', '-h']]) {
        const r = await secretdefIn(argv, { env: { NORTHFLANK_API_URL: 'https://unreachable.invalid', QOVERY_API_URL: 'https://unreachable.invalid' } });
        assert.equal(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
        assert.ok(r.stdout.startsWith(`Usage: secretdef ${command} `), `${argv.join(' ')}: ${r.stdout.slice(0, 80)}`);
        assert.equal(r.stderr, '');
      }
    });
  }

  it('a usage error shows the command\'s own usage; an unknown command or help topic the general one (exit 2)', async () => {
    const push = await secretdefIn(['push']);
    assert.equal(push.code, 2);
    assert.match(push.stderr, /Give at least one secret definition file\.\n\nUsage: secretdef push /);
    for (const argv of [['nope'], ['toString'], ['help', 'nope'], ['help', 'constructor']]) {
      const r = await secretdefIn(argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.stderr, /Usage: secretdef <command>/);
    }
    const after = await secretdefIn(['validate', '--', '-h']);
    assert.notEqual(after.code, 0, 'after --, -h is a path');
  });
});
