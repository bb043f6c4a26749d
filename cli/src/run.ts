import { runAlias } from './commands/alias';
import { runDiff } from './commands/diff';
import { runDrift } from './commands/drift';
import { runLink } from './commands/link';
import { runList } from './commands/list';
import { runOverride } from './commands/override';
import { runPush } from './commands/push';
import { runValidate } from './commands/validate';
import type { Io } from './io';
import { USAGE, UsageError } from './usage';

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
};

/** Runs one command line; returns the exit code. Never calls process.exit, so tests can run it in-process. */
export async function run(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    (command === undefined ? io.stderr : io.stdout)(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === '-v' || command === '--version') {
    io.stdout(typeof SECRETDEF_VERSION === 'string' ? SECRETDEF_VERSION : 'development');
    return 0;
  }
  const handler = commands[command];
  try {
    if (!handler) throw new UsageError(`Unknown command "${command}".`);
    return await handler(rest, io);
  } catch (e) {
    if (e instanceof UsageError && !e.showUsage) {
      io.stderr(`secretdef: ${e.message}`);
      return 2;
    }
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`secretdef: ${(e as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}
