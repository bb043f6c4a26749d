import { Deadline, DEFAULT_COMMAND_TIMEOUT_MS } from '../../api/deadline';
import { SecretSet } from '../../api/redact';
import { stripControls } from '../../api/serverText';
import { DEFAULT_TIMEOUT_MS } from '../../api/transport';
import { runAlias } from './commands/alias';
import { runDiff } from './commands/diff';
import { runDrift } from './commands/drift';
import { runLink } from './commands/link';
import { runList } from './commands/list';
import { runOverride } from './commands/override';
import { runPush } from './commands/push';
import { runDecrypt, runEncrypt } from './commands/sops';
import { runValidate } from './commands/validate';
import type { ApiOptions, Io } from './io';
import { COMMAND_USAGE, USAGE, UsageError } from './usage';

declare const SECRETDEF_VERSION: string | undefined;

const commands: Record<string, (args: string[], io: Io) => Promise<number>> = {
  validate: runValidate,
  diff: runDiff,
  drift: runDrift,
  push: runPush,
  list: runList,
  link: runLink,
  alias: runAlias,
  override: runOverride,
  encrypt: runEncrypt,
  decrypt: runDecrypt,
};

/** The time limits every command takes, wherever they stand on its command line. */
const LIMIT_FLAGS = {
  '--request-timeout': { env: 'SECRETDEF_REQUEST_TIMEOUT', key: 'timeoutMs' },
  '--command-timeout': { env: 'SECRETDEF_COMMAND_TIMEOUT', key: 'commandTimeoutMs' },
} as const;
type LimitFlag = keyof typeof LIMIT_FLAGS;
/** setTimeout cannot wait longer than 2^31 - 1 ms; a day is more than any command needs. */
const MAX_LIMIT_SECONDS = 86_400;

function seconds(value: string | undefined, source: string): number {
  const n = value === undefined || value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > MAX_LIMIT_SECONDS) {
    throw new UsageError(`${source} must be a number of seconds above 0 and at most ${MAX_LIMIT_SECONDS}${value === undefined ? '' : `, not "${value}"`}.`, false);
  }
  return Math.round(n * 1000);
}

/** Takes the time-limit flags out of the arguments (before any `--`); the rest goes to the command. */
function takeLimits(args: readonly string[]): { rest: string[]; given: Partial<Record<LimitFlag, number>> } {
  const rest: string[] = [];
  const given: Partial<Record<LimitFlag, number>> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      rest.push(...args.slice(i));
      break;
    }
    const [name, inline] = arg.split(/=(.*)/s, 2);
    if (name in LIMIT_FLAGS) {
      const flag = name as LimitFlag;
      given[flag] = seconds(inline ?? args[++i], flag);
      continue;
    }
    rest.push(arg);
  }
  return { rest, given };
}

/** The API options of one command: time limits from the flags, else the environment, else `io.api` (tests), else the defaults. */
export function commandApiOptions(io: Io, given: Partial<Record<LimitFlag, number>>, secrets: SecretSet): ApiOptions {
  const pick = (flag: LimitFlag, fallback: number): number => {
    const { env, key } = LIMIT_FLAGS[flag];
    if (given[flag] !== undefined) return given[flag];
    const fromEnv = io.env?.[env];
    if (fromEnv !== undefined && fromEnv !== '') return seconds(fromEnv, env);
    return io.api?.[key] ?? fallback;
  };
  const timeoutMs = pick('--request-timeout', DEFAULT_TIMEOUT_MS);
  const commandTimeoutMs = pick('--command-timeout', DEFAULT_COMMAND_TIMEOUT_MS);
  const { commandTimeoutMs: _given, ...rest } = io.api ?? {};
  return {
    ...rest,
    timeoutMs,
    secrets,
    timeoutHowToRaise: 'Raise the limit with --request-timeout SECONDS (or SECRETDEF_REQUEST_TIMEOUT) if the platform is just slow.',
    deadline: new Deadline(commandTimeoutMs, { now: io.api?.now, howToRaise: 'Raise it with --command-timeout SECONDS (or SECRETDEF_COMMAND_TIMEOUT) if the platform is just slow.' }),
  };
}

/** Whether the command's arguments ask for its help (before any `--`). */
function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '-h' || a === '--help');
}

/**
 * Runs one command line; returns the exit code. Never calls process.exit, so tests can run it in-process.
 *
 * Every line a command prints passes through the same masking as the API errors (api/redact.ts: every value and
 * token the command has handled, in every encoding) and through stripControls (nothing a server said can drive
 * the terminal), whatever printed it.
 */
export async function run(argv: string[], given: Io): Promise<number> {
  const secrets = given.api?.secrets ?? new SecretSet();
  const shown = (write: (line: string) => void) => (line: string) => write(secrets.redact(stripControls(secrets.redact(line), { multiline: true })));
  const io: Io = { ...given, stdout: shown(given.stdout), stderr: shown(given.stderr) };
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help') {
    (command === undefined ? io.stderr : io.stdout)(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === 'help') {
    const topic = rest[0];
    if (topic !== undefined && !Object.hasOwn(COMMAND_USAGE, topic)) {
      io.stderr(`secretdef: no command "${topic}".\n\n${USAGE}`);
      return 2;
    }
    io.stdout(topic === undefined ? USAGE : COMMAND_USAGE[topic]);
    return 0;
  }
  if (command === '-v' || command === '--version') {
    io.stdout(typeof SECRETDEF_VERSION === 'string' ? SECRETDEF_VERSION : 'development');
    return 0;
  }
  // Own properties only: "toString" is not a command.
  const handler = Object.hasOwn(commands, command) ? commands[command] : undefined;
  try {
    if (!handler) throw new UsageError(`Unknown command "${command}".`);
    if (asksForHelp(rest)) {
      io.stdout(COMMAND_USAGE[command] ?? USAGE);
      return 0;
    }
    const { rest: args, given: limits } = takeLimits(rest);
    return await handler(args, { ...io, api: commandApiOptions(io, limits, secrets) });
  } catch (e) {
    if (e instanceof UsageError && !e.showUsage) {
      io.stderr(`secretdef: ${e.message}`);
      return 2;
    }
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`secretdef: ${(e as Error).message}\n\n${handler ? COMMAND_USAGE[command] : USAGE}`);
      return 2;
    }
    throw e;
  }
}
