// `npm run test:e2e`: the end-to-end suite in a real VS Code, offline. Installs (once) VS Code's server from the npm
// package code-server, starts it on a free 127.0.0.1 port with a fresh profile, opens the workbench in Debian's
// Chromium (headless, driven by playwright-core) with this repository as the extension under development, runs
// test/e2e/suite in the extension host, relays its output and exits with its result. On failure it saves
// screenshots to .vscode-test/screenshots/. See ../shared/notes/vscode-offline-testing.md for why it is done so.
//
//   npm run test:e2e [-- --grep PATTERN]      SECRETDEF_E2E_TIMEOUT=SECONDS (default 600) bounds the whole run
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, mkdirSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildAll, FIXTURE_WORKSPACE, SUITE_ENTRY } from './build-suite';
import { CHROMIUM, LOGS, ROOT, SCREENSHOTS, VSCODE_TEST, requireSystemPackages, seconds, stopCommands, timeoutSeconds } from './common';
import { ensureCodeServer } from './install-code-server';
import { SETTINGS } from './settings';

/** Everything one run writes: profile, extensions, temp and XDG folders, the workspace copy. Fresh every run. */
const SCRATCH = path.join(VSCODE_TEST, 'e2e-run');
const READY_TIMEOUT_MS = 60_000;

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Caller variables that must reach the extension host (and the language server it starts). */
const PASSTHROUGH = /^(SECRETDEF_|NORTHFLANK_API_URL$|QOVERY_API_URL$)/;

/** Workbench errors that are expected offline (the extension gallery is unreachable). */
const NOISE = /getaddrinfo (ENOTFOUND|EAI_AGAIN)|open-vsx\.org/;

const log = (s: string): void => console.log(`e2e: ${s}`);

function parseArgs(argv: string[]): { grep?: string } {
  const out: { grep?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--grep' && argv[i + 1] !== undefined) out.grep = argv[++i];
    else if (argv[i].startsWith('--grep=')) out.grep = argv[i].slice('--grep='.length);
    else throw new Error(`unknown argument ${argv[i]} (usage: npm run test:e2e [-- --grep PATTERN])`);
  }
  return out;
}

function prepareScratch(): { userData: string; extensions: string; workspace: string; env: NodeJS.ProcessEnv; configFile: string } {
  rmSync(SCRATCH, { recursive: true, force: true });
  const dirs = {
    userData: path.join(SCRATCH, 'user-data'),
    extensions: path.join(SCRATCH, 'extensions'),
    workspace: path.join(SCRATCH, 'workspace'),
    tmp: path.join(SCRATCH, 'tmp'),
    config: path.join(SCRATCH, 'xdg-config'),
    data: path.join(SCRATCH, 'xdg-data'),
    cache: path.join(SCRATCH, 'xdg-cache'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), `${JSON.stringify(SETTINGS, null, 2)}\n`);
  // The tests edit documents (and may save them): they work on a copy of the fixture workspace.
  cpSync(FIXTURE_WORKSPACE, dirs.workspace, { recursive: true });
  const configFile = path.join(SCRATCH, 'code-server.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');

  // The server's environment is the extension host's: keep the caller's (so SECRETDEF_*, NORTHFLANK_API_URL and
  // QOVERY_API_URL reach the extension), less what belongs to an outer VS Code, and keep files out of $HOME.
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(VSCODE_|ELECTRON_)/.test(k)) env[k] = v;
  Object.assign(env, {
    TMPDIR: dirs.tmp,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    // For the suite: tag its output lines, and ask for screenshots of failed tests.
    SECRETDEF_E2E_RUNNER: 'code-server',
    SECRETDEF_E2E_SCREENSHOTS: SCREENSHOTS,
  });
  const passed = Object.keys(env).filter((k) => PASSTHROUGH.test(k) && !['SECRETDEF_E2E_RUNNER', 'SECRETDEF_E2E_SCREENSHOTS'].includes(k));
  if (passed.length) log(`passing to the extension host: ${passed.sort().join(', ')}`);
  return { ...dirs, env, configFile };
}

interface Server {
  process: ChildProcess;
  port: number;
  exited: Promise<string>;
}

/** Starts code-server on a port the OS picks; resolves once it answers on /healthz. */
async function startServer(codeServer: string, scratch: ReturnType<typeof prepareScratch>, serverLog: WriteStream): Promise<Server> {
  const child = spawn(
    process.execPath,
    [
      path.join(codeServer, 'out', 'node', 'entry.js'),
      '--config', scratch.configFile,
      '--auth', 'none',
      '--bind-addr', '127.0.0.1:0',
      '--user-data-dir', scratch.userData,
      '--extensions-dir', scratch.extensions,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
    ],
    // Its own process group, so the extension host and language server it starts are stopped with it.
    { cwd: SCRATCH, env: scratch.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(`code-server exited (${signal ?? `exit code ${code}`})`)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not say where it listens within ${READY_TIMEOUT_MS / 1000} s; see ${path.join(LOGS, 'server.log')}`)), READY_TIMEOUT_MS);
    const onData = (d: Buffer): void => {
      serverLog.write(d);
      output += d.toString();
      const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
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

async function stopServer(server: Server | undefined): Promise<void> {
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

function timestamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

async function screenshot(page: Page | undefined, file: string): Promise<void> {
  if (!page || page.isClosed()) return;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file });
    log(`screenshot: ${path.relative(ROOT, file)}`);
  } catch (e) {
    log(`could not take a screenshot: ${e instanceof Error ? e.message : String(e)}`);
  }
}

interface Outcome {
  code: number;
  why?: string;
}

/** A phase cut short by the outcome (timeout, Ctrl-C) that ends the run; exits with that outcome's code. */
class Stopped extends Error {
  constructor(readonly outcome: Outcome) {
    super(outcome.why ?? `stopped (exit code ${outcome.code})`);
  }
}

async function main(): Promise<number> {
  const started = performance.now();
  const TIMEOUT_S = timeoutSeconds(600);
  const args = parseArgs(process.argv.slice(2));

  // One outcome ends the run: the suite's exit code, or whatever stops it first (the hard timeout, Ctrl-C, the
  // server or the browser going away). Every phase before the suite runs is raced against it too.
  let finish: (outcome: Outcome) => void = () => undefined;
  const finished = new Promise<Outcome>((resolve) => (finish = resolve));
  const overall = setTimeout(() => finish({ code: 1, why: `the run took longer than ${TIMEOUT_S} s (SECRETDEF_E2E_TIMEOUT); stopped` }), TIMEOUT_S * 1000);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => finish({ code: 130, why: `${signal}: stopped` }));
  const phase = <T>(work: Promise<T>): Promise<T> =>
    Promise.race([
      work,
      finished.then((o) => {
        throw new Stopped(o);
      }),
    ]);

  requireSystemPackages(['chromium']);
  // A variable of the caller's environment like any other; a test checks that it reaches the extension host.
  process.env.SECRETDEF_E2E_PASSTHROUGH ??= 'reached-the-extension-host';
  if (args.grep) process.env.SECRETDEF_E2E_GREP = args.grep;

  let server: Server | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const logs: WriteStream[] = [];
  try {
    const codeServer = await phase(ensureCodeServer());
    let t = performance.now();
    await phase(buildAll());
    log(`built the extension and the suite in ${seconds(t)}`);

    mkdirSync(LOGS, { recursive: true });
    rmSync(SCREENSHOTS, { recursive: true, force: true });
    const scratch = prepareScratch();
    const serverLog = createWriteStream(path.join(LOGS, 'server.log'));
    const consoleLog = createWriteStream(path.join(LOGS, 'browser-console.log'));
    logs.push(serverLog, consoleLog);

    t = performance.now();
    const starting = startServer(codeServer, scratch, serverLog);
    // Stopped while starting: stop what did start.
    starting.then((s) => (server = s), () => undefined);
    const running = await phase(starting);
    log(`code-server ${path.basename(codeServer)} ready on 127.0.0.1:${running.port} in ${seconds(t)}`);
    void running.exited.then((why) => finish({ code: 1, why }));

    // Chromium writes crash reports and dconf files under XDG_CONFIG_HOME and XDG_CACHE_HOME: keep them in here.
    const browserEnv = { ...process.env, TMPDIR: scratch.env.TMPDIR, XDG_CONFIG_HOME: scratch.env.XDG_CONFIG_HOME, XDG_CACHE_HOME: scratch.env.XDG_CACHE_HOME };
    // This script handles Ctrl-C itself (and stops the server too), so Playwright must not exit on its own.
    const launching = chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, env: browserEnv, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
    launching.then((b) => (browser = b), () => undefined);
    const activeBrowser = await phase(launching);
    activeBrowser.on('disconnected', () => finish({ code: 1, why: 'Chromium went away' }));
    const activePage = await phase(activeBrowser.newContext({ viewport: { width: 1400, height: 900 } }).then((c) => c.newPage()));
    page = activePage;
    activePage.on('crash', () => finish({ code: 1, why: 'the workbench page crashed' }));

    let summary: string | undefined;
    let onSummary: (() => void) | undefined;
    const pending: Array<Promise<void>> = [];
    // The workbench calls this once the suite's run() has settled: 0 when it resolved.
    await activePage.exposeFunction('codeAutomationExit', (code: number) => finish({ code }));
    // The workbench's log, the extension host's console included, arrives here as plain strings.
    await activePage.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
      const text = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      consoleLog.write(`[workbench ${type}] ${text}\n`);
      if (text.startsWith('[e2e:screenshot] ')) {
        pending.push(screenshot(activePage, text.slice('[e2e:screenshot] '.length).trim()));
      } else if (text.startsWith('[e2e] ')) {
        const line = text.slice('[e2e] '.length);
        console.log(line);
        if (/^e2e: \d+ passed, \d+ failed/.test(line)) {
          summary = line;
          onSummary?.();
        }
      } else if (type === 'error' && !NOISE.test(text)) {
        console.log(`[workbench error] ${text}`);
      }
    });
    // The browser's own console (and uncaught page errors) only go to the log file.
    activePage.on('console', (message) => consoleLog.write(`[console ${message.type()}] ${message.text()}\n`));
    activePage.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.stack ?? e.message}\n`));

    const remote = (p: string): string => `vscode-remote://127.0.0.1:${running.port}${encodeURI(p)}`;
    const payload = [
      ['extensionDevelopmentPath', remote(ROOT)],
      ['extensionTestsPath', remote(SUITE_ENTRY)],
      ['skipWelcome', 'true'],
    ];
    const url = `http://127.0.0.1:${running.port}/?folder=${encodeURIComponent(scratch.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    log(`opening the workbench with ${path.relative(ROOT, SUITE_ENTRY)} in the extension host`);
    await phase(activePage.goto(url));

    const { code, why } = await finished;
    // The suite's last line travels the same way as the exit call; give it a moment to arrive if it has not.
    if (!summary && !why) await new Promise<void>((resolve) => ((onSummary = resolve), setTimeout(resolve, 5_000)));
    await Promise.all(pending);
    if (why) log(why);
    if (code !== 0) {
      await screenshot(activePage, path.join(SCREENSHOTS, `workbench-at-exit-${timestamp()}.png`));
      log(`logs: ${path.relative(ROOT, LOGS)}/ (server.log, browser-console.log) and ${path.relative(ROOT, scratch.userData)}/logs/ (extension host, language server)`);
    }
    log(`${code === 0 ? 'passed' : 'FAILED'} (exit code ${code}) in ${seconds(started)}`);
    if (summary) console.log(summary);
    return code;
  } catch (e) {
    if (page) await screenshot(page, path.join(SCREENSHOTS, `workbench-at-exit-${timestamp()}.png`));
    throw e;
  } finally {
    clearTimeout(overall);
    stopCommands();
    await (browser as Browser | undefined)?.close().catch(() => undefined);
    await stopServer(server);
    for (const l of logs) l.end();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`e2e: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(e instanceof Stopped ? e.outcome.code : 1);
  },
);
