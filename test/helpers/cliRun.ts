import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { ApiOptions } from '../../cli/src/io';
import { run } from '../../cli/src/run';
import { UsageError } from '../../cli/src/usage';
import { DEMO_NORTHFLANK_TOKEN, DEMO_QOVERY_TOKEN, type Standins } from '../../standins';
import { FakeClock } from './fakes';
import { DIST } from './paths';

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
  prompts: string[];
  clock: FakeClock;
}

export interface InProcessOptions {
  env?: Record<string, string | undefined>;
  /** What stdin holds (for --token-stdin, --value-stdin). */
  stdin?: string;
  /** Whether stdin is a terminal; answers are typed there. */
  tty?: boolean;
  answers?: string[];
  api?: ApiOptions;
}

/** Runs `secretdef` in-process: fast, with a fake clock (retries do not wait) and short time limits. */
export async function secretdefIn(argv: string[], options: InProcessOptions = {}): Promise<InProcessResult> {
  const out: string[] = [];
  const err: string[] = [];
  const prompts: string[] = [];
  const answers = [...(options.answers ?? [])];
  const clock = new FakeClock();
  const code = await run(argv, {
    stdout: (line) => out.push(line),
    stderr: (line) => err.push(line),
    env: options.env ?? {},
    stdinIsTTY: options.tty ?? false,
    prompt: async (question) => {
      prompts.push(question);
      return answers.shift() ?? '';
    },
    readStdin: async () => options.stdin ?? '',
    // A generous time limit: only the tests of hung requests set a short one (and pay for it).
    api: { sleep: clock.sleep, now: clock.now, random: () => 0.5, timeoutMs: 5000, ...options.api },
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n'), prompts, clock };
}

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `secretdef` (dist/cli.js) as a child process without blocking the event loop (the stand-ins live in this process). */
export function secretdefProcess(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(DIST, 'cli.js'), ...args], { env: options.env ?? {}, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** The environment that points the CLI at both stand-ins, signed in with their demo tokens. */
export function standinsEnv(standins: Standins): Record<string, string> {
  return { NORTHFLANK_API_TOKEN: DEMO_NORTHFLANK_TOKEN, NORTHFLANK_API_URL: standins.urls.northflank, QOVERY_API_TOKEN: DEMO_QOVERY_TOKEN, QOVERY_API_URL: standins.urls.qovery };
}

/** The UsageError a call throws or rejects with: its message and whether usage is shown. */
export async function usageError(body: () => unknown): Promise<[string, boolean]> {
  try {
    await body();
  } catch (e) {
    if (e instanceof UsageError) return [e.message, e.showUsage];
    throw e;
  }
  throw new Error('no UsageError');
}
