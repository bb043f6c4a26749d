// Starting VS Code's server (code-server from npm) with a fresh profile, and Chromium to show its workbench: shared
// by the end-to-end runner (scripts/e2e/run.ts) and the demo (scripts/demo.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM } from './common';

const READY_TIMEOUT_MS = 60_000;

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** A fresh profile: user data, extensions, the workspace copy, and the temp and XDG folders, all under `root`. */
export interface Profile {
  root: string;
  userData: string;
  extensions: string;
  workspace: string;
  configFile: string;
  /** The server's environment, and so the extension host's. */
  env: NodeJS.ProcessEnv;
}

export interface ProfileOptions {
  /** User settings (settings.json of the profile). */
  settings: Record<string, unknown>;
  /** A folder copied as the workspace (the tests and the demo edit the copy, never the original). */
  workspace: string;
  /** Variables added to the server's environment. */
  env?: NodeJS.ProcessEnv;
}

/** Creates `root` afresh (removing what was there) with a profile in it. */
export function prepareProfile(root: string, options: ProfileOptions): Profile {
  rmSync(root, { recursive: true, force: true });
  const dirs = {
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    workspace: path.join(root, 'workspace'),
    tmp: path.join(root, 'tmp'),
    config: path.join(root, 'xdg-config'),
    data: path.join(root, 'xdg-data'),
    cache: path.join(root, 'xdg-cache'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), `${JSON.stringify(options.settings, null, 2)}\n`);
  cpSync(options.workspace, dirs.workspace, { recursive: true });
  const configFile = path.join(root, 'code-server.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');

  // The server's environment is the extension host's: keep the caller's, less what belongs to an outer VS Code,
  // and keep files out of $HOME.
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(VSCODE_|ELECTRON_)/.test(k)) env[k] = v;
  Object.assign(env, { TMPDIR: dirs.tmp, XDG_CONFIG_HOME: dirs.config, XDG_DATA_HOME: dirs.data, XDG_CACHE_HOME: dirs.cache }, options.env);
  return { root, userData: dirs.userData, extensions: dirs.extensions, workspace: dirs.workspace, configFile, env };
}

export interface CodeServer {
  process: ChildProcess;
  port: number;
  /** Resolves with a sentence when the server exits. */
  exited: Promise<string>;
}

export interface StartOptions {
  /** Where code-server's output goes. */
  log: WriteStream;
  /** Workspace trust as VS Code has it (a fresh folder is then untrusted); off by default, as in most test runs. */
  trust?: boolean;
  /** Default 127.0.0.1:0 (a port the OS picks). */
  host?: string;
  port?: number;
}

/** Starts code-server; resolves once it answers on /healthz. */
export async function startCodeServer(codeServer: string, profile: Profile, options: StartOptions): Promise<CodeServer> {
  const child = spawn(
    process.execPath,
    [
      path.join(codeServer, 'out', 'node', 'entry.js'),
      '--config', profile.configFile,
      '--auth', 'none',
      '--bind-addr', `${options.host ?? '127.0.0.1'}:${options.port ?? 0}`,
      '--user-data-dir', profile.userData,
      '--extensions-dir', profile.extensions,
      '--disable-telemetry',
      '--disable-update-check',
      ...(options.trust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
    ],
    // Its own process group, so the extension host and language server it starts are stopped with it.
    { cwd: profile.root, env: profile.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(`code-server exited (${signal ?? `exit code ${code}`})`)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not say where it listens within ${READY_TIMEOUT_MS / 1000} s; see ${options.log.path.toString()}`)), READY_TIMEOUT_MS);
    const onData = (d: Buffer): void => {
      options.log.write(d);
      output += d.toString();
      const m = /HTTP server listening on http:\/\/[^:]+:(\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((why) => {
      clearTimeout(timer);
      reject(new Error(`${why} before it was ready:\n${output.split('\n').slice(-20).join('\n')}`));
    });
  });
  // Listening is not serving yet: poll the health endpoint until it answers.
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) break;
    } catch {
      // not accepting connections yet
    }
    if (child.exitCode !== null) throw new Error(await exited);
    if (Date.now() > deadline) throw new Error(`code-server on port ${port} did not answer /healthz within ${READY_TIMEOUT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { process: child, port, exited };
}

/** Stops code-server and everything it started (the extension host, the language server). */
export async function stopCodeServer(server: CodeServer | undefined): Promise<void> {
  const pid = server?.process.pid;
  if (!server || pid === undefined || server.process.exitCode !== null) return;
  const group = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  group('SIGTERM');
  const killer = setTimeout(() => group('SIGKILL'), 5_000);
  await server.exited;
  clearTimeout(killer);
  // Children that outlived their parent (the extension host, the language server) go with the group.
  group('SIGKILL');
}

/** Debian's Chromium, headless; its crash reports, dconf files and temp files stay under `scratch`. */
export function launchChromium(scratch: string): Promise<Browser> {
  const dirs = { TMPDIR: path.join(scratch, 'tmp'), XDG_CONFIG_HOME: path.join(scratch, 'xdg-config'), XDG_CACHE_HOME: path.join(scratch, 'xdg-cache') };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const env = { ...process.env, ...dirs };
  // The callers handle Ctrl-C themselves (and stop the server too), so Playwright must not exit on its own.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, env, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
}

/** A path of the server's machine as the workbench names it. */
export function remoteUri(port: number, file: string): string {
  return `vscode-remote://127.0.0.1:${port}${encodeURI(file)}`;
}

/**
 * The workbench's address with a folder open and, optionally, a payload: `extensionDevelopmentPath` loads an
 * extension from a folder (as F5 does), `extensionTestsPath` runs a test module in the extension host.
 */
export function workbenchUrl(port: number, folder: string, payload: Array<[string, string]> = []): string {
  const query = `folder=${encodeURIComponent(folder)}${payload.length ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`;
  return `http://127.0.0.1:${port}/?${query}`;
}
