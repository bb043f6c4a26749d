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

/** Where Debian's chromium lives; SECRETDEF_E2E_CHROMIUM overrides it. */
export const CHROMIUM = process.env.SECRETDEF_E2E_CHROMIUM ?? '/usr/bin/chromium';

/** Finds an executable on PATH, like `command -v`. */
export function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

interface Prerequisite {
  /** The Debian package that provides it. */
  pkg: string;
  what: string;
  present: () => boolean;
}

const PREREQUISITES: Record<'ripgrep' | 'build' | 'krb5' | 'chromium' | 'fonts', Prerequisite> = {
  ripgrep: { pkg: 'ripgrep', what: 'rg (VS Code searches with it; its npm package would download it from GitHub)', present: () => which('rg') !== undefined },
  build: {
    pkg: 'build-essential',
    what: 'a C/C++ toolchain (make, g++) for VS Code\'s native modules',
    present: () => which('make') !== undefined && which('g++') !== undefined,
  },
  krb5: {
    pkg: 'libkrb5-dev',
    what: 'Kerberos headers (krb5-config, gssapi) for the native module "kerberos"',
    present: () => which('krb5-config') !== undefined || existsSync('/usr/include/gssapi/gssapi.h'),
  },
  chromium: { pkg: 'chromium', what: `the browser that shows the workbench (${CHROMIUM})`, present: () => existsSync(CHROMIUM) },
  fonts: { pkg: 'fonts-liberation', what: 'fonts for readable screenshots', present: () => existsSync('/usr/share/fonts/truetype/liberation') },
};

/** Throws one clear error naming every missing Debian package, with the command that installs them. */
export function requireSystemPackages(names: ReadonlyArray<keyof typeof PREREQUISITES>): void {
  const missing = names.map((n) => PREREQUISITES[n]).filter((p) => !p.present());
  if (missing.length === 0) return;
  throw new Error(
    `missing system package${missing.length > 1 ? 's' : ''}:\n${missing.map((p) => `  - ${p.pkg}: ${p.what}`).join('\n')}\n` +
      `Install with: apt-get install -y ${missing.map((p) => p.pkg).join(' ')}   (or run .ci/run with CI=true, which does it)`,
  );
}

/** Python is needed by node-gyp; Debian's build-essential does not pull it in. */
export function requirePython(): void {
  if (which('python3') === undefined) throw new Error('missing system package:\n  - python3: node-gyp builds native modules with it\nInstall with: apt-get install -y python3');
}

export function requireNode20(): void {
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20) throw new Error(`code-server ${CODE_SERVER_VERSION} runs on Node 20 only; this is Node ${process.versions.node}.`);
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Appends the command's output to this file instead of showing it. */
  logFile?: string;
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
