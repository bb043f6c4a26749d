// Shared by the end-to-end runners: paths, system prerequisites and a child-process helper.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
/** Everything the runners download, build or leave behind; git-ignored. */
export const VSCODE_TEST = path.join(ROOT, '.vscode-test');
export const LOGS = path.join(VSCODE_TEST, 'logs');
export const SCREENSHOTS = path.join(VSCODE_TEST, 'screenshots');

/** code-server 4.100.3 is VS Code 1.100.3, the newest code-server that runs on Node 20. */
export const CODE_SERVER_VERSION = '4.100.3';
export const CODE_SERVER_DIR = path.join(VSCODE_TEST, `code-server-${CODE_SERVER_VERSION}`);

// The system packages, and how a fresh machine gets them, are in system.ts.
export { CHROMIUM, which } from './system';

export function requireNode20(): void {
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20) throw new Error(`code-server ${CODE_SERVER_VERSION} runs on Node 20 only; this is Node ${process.versions.node}.`);
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Appends the command's output to this file instead of showing it. */
  logFile?: string;
  /**
   * For a long command logged to a file: what it is doing ("building VS Code's native modules"), printed every
   * PROGRESS_MS with the time so far and the log's last line, so a first start never looks stuck.
   */
  progress?: { label: string; say: (line: string) => void };
}

/** How often a long command says it is still working. */
export const PROGRESS_MS = 15_000;

/** The last non-empty line of a log, shortened, for progress lines (build logs name files and steps, no secret). */
export function lastLogLine(text: string, width = 90): string {
  const line = text.split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean).pop() ?? '';
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

const running = new Set<ChildProcess>();

/** Stops the commands `run` started that are still running (when a run is stopped by its timeout). */
export function stopCommands(): void {
  for (const child of running) child.kill('SIGTERM');
}

/** Runs a command to completion; rejects with its exit code (and the tail of its log) when it fails. */
export function run(command: string, args: string[], options: RunOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const spawnOptions: SpawnOptions = { cwd: options.cwd, env: options.env ?? process.env, stdio: options.logFile ? ['ignore', 'pipe', 'pipe'] : 'inherit' };
    const child = spawn(command, args, spawnOptions);
    running.add(child);
    child.on('exit', () => running.delete(child));
    if (options.logFile) {
      const log = createWriteStream(options.logFile, { flags: 'a' });
      log.write(`\n$ (cd ${options.cwd} && ${command} ${args.join(' ')})\n`);
      child.stdout?.pipe(log, { end: false });
      child.stderr?.pipe(log, { end: false });
      child.on('close', () => log.end());
    }
    const started = performance.now();
    const ticker = options.progress && options.logFile
      ? setInterval(() => {
          const tail = existsSync(options.logFile as string) ? lastLogLine(readFileSync(options.logFile as string, 'utf8').slice(-4096)) : '';
          options.progress?.say(`  … ${options.progress.label}: ${seconds(started)}${tail ? ` (${tail})` : ''}`);
        }, PROGRESS_MS)
      : undefined;
    child.on('close', () => clearInterval(ticker));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      const tail = options.logFile && existsSync(options.logFile) ? `\n--- last lines of ${options.logFile} ---\n${readFileSync(options.logFile, 'utf8').split('\n').slice(-40).join('\n')}` : '';
      reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`}) in ${options.cwd}${tail}`));
    });
  });
}

/** `npm` itself, run with the same Node. */
export function npm(args: string[], options: RunOptions): Promise<void> {
  return run(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, options);
}

export function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

/** SECRETDEF_E2E_TIMEOUT, in seconds: a whole run's hard limit. */
export function timeoutSeconds(fallback: number): number {
  const raw = process.env.SECRETDEF_E2E_TIMEOUT;
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`SECRETDEF_E2E_TIMEOUT must be a number of seconds; got "${raw}"`);
  return value;
}
