// `npm run test:e2e`: the end-to-end suites in a real VS Code, offline. Installs (once) VS Code's server from the npm
// package code-server, then runs two phases, each with a fresh profile, its own code-server on a free 127.0.0.1
// port, and the workbench in Debian's Chromium (headless, driven by playwright-core) with this repository as the
// extension under development:
//
//   trusted     test/e2e/suite/      workspace trust off (as in most test runs): everything, against the stand-ins
//   untrusted   test/e2e/untrusted/  workspace trust on, in a folder nobody trusted: validation only, nothing sent
//
// It relays each suite's output, prints each phase's result and a combined last line, and fails if either phase
// fails. On failure it saves screenshots to .vscode-test/screenshots/. See ../shared/notes/vscode-offline-testing.md
// for why it is done so.
//
//   npm run test:e2e [-- --grep PATTERN] [-- --phase trusted|untrusted]
//   SECRETDEF_E2E_TIMEOUT=SECONDS (default 600) bounds the whole run
import { createWriteStream, mkdirSync, rmSync, type WriteStream } from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildAll, FIXTURE_WORKSPACE, SUITE_ENTRY, UNTRUSTED_ENTRY } from './build-suite';
import { launchChromium, prepareProfile, remoteUri, startCodeServer, stopCodeServer, workbenchUrl, type CodeServer } from './codeServer';
import { LOGS, ROOT, SCREENSHOTS, VSCODE_TEST, seconds, stopCommands, timeoutSeconds } from './common';
import { ensureCodeServer, isInstalled } from './install-code-server';
import { CODE_SERVER_BUILD, ensureSystemPackages, SetupNeeded } from './system';
import { SETTINGS, UNTRUSTED_SETTINGS } from './settings';

/** Everything one run writes: a profile per phase, with its workspace copy. Fresh every run. */
const SCRATCH = path.join(VSCODE_TEST, 'e2e-run');

/** Caller variables that must reach the extension host (and the language server it starts). */
const PASSTHROUGH = /^(SECRETDEF_|NORTHFLANK_API_URL$|QOVERY_API_URL$)/;

/** Workbench errors that are expected offline (the extension gallery is unreachable). */
const NOISE = /getaddrinfo (ENOTFOUND|EAI_AGAIN)|open-vsx\.org|Long running operations during shutdown are unsupported in the web/;

type PhaseName = 'trusted' | 'untrusted';

interface Phase {
  name: PhaseName;
  /** The compiled suite's entry (its run() is called in the extension host). */
  entry: string;
  settings: Record<string, unknown>;
  /** Workspace trust enabled: the fresh workspace copy is then untrusted. */
  trust: boolean;
}

const PHASES: Phase[] = [
  { name: 'trusted', entry: SUITE_ENTRY, settings: SETTINGS, trust: false },
  { name: 'untrusted', entry: UNTRUSTED_ENTRY, settings: UNTRUSTED_SETTINGS, trust: true },
];

const log = (s: string): void => console.log(`e2e: ${s}`);

function parseArgs(argv: string[]): { grep?: string; phase?: PhaseName } {
  const out: { grep?: string; phase?: PhaseName } = {};
  const usage = 'usage: npm run test:e2e [-- --grep PATTERN] [-- --phase trusted|untrusted]';
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)] : [argv[i], undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value (${usage})`);
      return v;
    };
    if (flag === '--grep') out.grep = value();
    else if (flag === '--phase') {
      const phase = value();
      if (phase !== 'trusted' && phase !== 'untrusted') throw new Error(`unknown phase ${phase} (${usage})`);
      out.phase = phase;
    } else throw new Error(`unknown argument ${argv[i]} (${usage})`);
  }
  return out;
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

interface PhaseResult extends Outcome {
  phase: PhaseName;
  passed: number;
  failed: number;
  /** The suite's own closing line, when it arrived. */
  summary?: string;
}

/** A phase cut short by the outcome (timeout, Ctrl-C) that ends the run; exits with that outcome's code. */
class Stopped extends Error {
  constructor(readonly outcome: Outcome) {
    super(outcome.why ?? `stopped (exit code ${outcome.code})`);
  }
}

/** What stops the whole run (the hard timeout, Ctrl-C), and a way to race any step against it. */
interface RunControl {
  stopped: Promise<Outcome>;
  guard<T>(work: Promise<T>): Promise<T>;
}

/** One phase: a fresh profile and server, a new browser page, the suite's run() in the extension host. */
async function runPhase(phase: Phase, codeServer: string, browser: Browser, control: RunControl): Promise<PhaseResult> {
  const started = performance.now();
  let server: CodeServer | undefined;
  const logs: WriteStream[] = [];
  let page: Page | undefined;
  let summary: string | undefined;
  const result = (outcome: Outcome): PhaseResult => {
    const m = summary ? /(\d+) passed, (\d+) failed/.exec(summary) : null;
    return { ...outcome, phase: phase.name, passed: m ? Number(m[1]) : 0, failed: m ? Number(m[2]) : outcome.code === 0 ? 0 : 1, summary };
  };
  try {
    const profile = prepareProfile(path.join(SCRATCH, phase.name), {
      settings: phase.settings,
      // The tests edit documents (and may save them): they work on a copy of the fixture workspace.
      workspace: FIXTURE_WORKSPACE,
      // For the suite: tag its output lines, and ask for screenshots of failed tests.
      env: { SECRETDEF_E2E_RUNNER: 'code-server', SECRETDEF_E2E_SCREENSHOTS: SCREENSHOTS },
    });
    const serverLog = createWriteStream(path.join(LOGS, `server-${phase.name}.log`));
    const consoleLog = createWriteStream(path.join(LOGS, `browser-console-${phase.name}.log`));
    logs.push(serverLog, consoleLog);

    // The phase ends with the suite's exit code, or whatever stops it first.
    let finish: (outcome: Outcome) => void = () => undefined;
    const finished = new Promise<Outcome>((resolve) => (finish = resolve));
    void control.stopped.then(finish);

    let t = performance.now();
    const starting = startCodeServer(codeServer, profile, { log: serverLog, trust: phase.trust });
    // Stopped while starting: stop what did start.
    starting.then((s) => (server = s), () => undefined);
    const running = await control.guard(starting);
    log(`[${phase.name}] code-server ready on 127.0.0.1:${running.port} in ${seconds(t)}${phase.trust ? ', workspace trust on' : ''}`);
    void running.exited.then((why) => finish({ code: 1, why }));

    const context = await control.guard(browser.newContext({ viewport: { width: 1400, height: 900 } }));
    const activePage = await control.guard(context.newPage());
    page = activePage;
    activePage.on('crash', () => finish({ code: 1, why: 'the workbench page crashed' }));

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

    const url = workbenchUrl(running.port, profile.workspace, [
      ['extensionDevelopmentPath', remoteUri(running.port, ROOT)],
      ['extensionTestsPath', remoteUri(running.port, phase.entry)],
      ['skipWelcome', 'true'],
    ]);
    log(`[${phase.name}] opening the workbench with ${path.relative(ROOT, phase.entry)} in the extension host`);
    t = performance.now();
    await control.guard(activePage.goto(url));

    const { code, why } = await finished;
    // The suite's last line travels the same way as the exit call; give it a moment to arrive if it has not.
    if (!summary && !why) await new Promise<void>((resolve) => ((onSummary = resolve), setTimeout(resolve, 5_000)));
    await Promise.all(pending);
    if (why) log(`[${phase.name}] ${why}`);
    if (code !== 0) {
      await screenshot(activePage, path.join(SCREENSHOTS, `workbench-${phase.name}-at-exit-${timestamp()}.png`));
      log(`[${phase.name}] logs: ${path.relative(ROOT, LOGS)}/ (server-${phase.name}.log, browser-console-${phase.name}.log) and ${path.relative(ROOT, profile.userData)}/logs/ (extension host, language server)`);
    }
    log(`[${phase.name}] ${code === 0 ? 'passed' : 'FAILED'} (exit code ${code}) in ${seconds(started)}`);
    await context.close().catch(() => undefined);
    return result({ code, why });
  } catch (e) {
    if (page) await screenshot(page, path.join(SCREENSHOTS, `workbench-${phase.name}-at-exit-${timestamp()}.png`));
    throw e;
  } finally {
    await stopCodeServer(server);
    for (const l of logs) l.end();
  }
}

async function main(): Promise<number> {
  const started = performance.now();
  const TIMEOUT_S = timeoutSeconds(600);
  const args = parseArgs(process.argv.slice(2));
  // Every system package the run needs, checked at once (and installed as root) before the time limit starts.
  await ensureSystemPackages([...(isInstalled() ? [] : CODE_SERVER_BUILD), 'chromium', 'fonts'], 'To run the end-to-end tests in a real VS Code (npm run test:e2e)');

  // The hard timeout and Ctrl-C end the run, whatever phase it is in; every step is raced against them.
  let stop: (outcome: Outcome) => void = () => undefined;
  const stopped = new Promise<Outcome>((resolve) => (stop = resolve));
  const overall = setTimeout(() => stop({ code: 1, why: `the run took longer than ${TIMEOUT_S} s (SECRETDEF_E2E_TIMEOUT); stopped` }), TIMEOUT_S * 1000);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop({ code: 130, why: `${signal}: stopped` }));
  const control: RunControl = {
    stopped,
    guard: <T>(work: Promise<T>): Promise<T> =>
      Promise.race([
        work,
        stopped.then((o) => {
          throw new Stopped(o);
        }),
      ]),
  };

  // A variable of the caller's environment like any other; a test checks that it reaches the extension host.
  process.env.SECRETDEF_E2E_PASSTHROUGH ??= 'reached-the-extension-host';
  if (args.grep) process.env.SECRETDEF_E2E_GREP = args.grep;
  const passed = Object.keys(process.env).filter((k) => PASSTHROUGH.test(k));
  if (passed.length) log(`passing to the extension host: ${passed.sort().join(', ')}`);

  let browser: Browser | undefined;
  try {
    const codeServer = await control.guard(ensureCodeServer());
    const t = performance.now();
    await control.guard(buildAll());
    log(`built the extension and the suites in ${seconds(t)}`);
    mkdirSync(LOGS, { recursive: true });
    rmSync(SCREENSHOTS, { recursive: true, force: true });
    rmSync(SCRATCH, { recursive: true, force: true });

    const launching = launchChromium(path.join(SCRATCH, 'browser'));
    launching.then((b) => (browser = b), () => undefined);
    const activeBrowser = await control.guard(launching);
    activeBrowser.on('disconnected', () => stop({ code: 1, why: 'Chromium went away' }));

    let stoppedBy: Outcome | undefined;
    void stopped.then((o) => (stoppedBy = o));
    const results: PhaseResult[] = [];
    for (const phase of PHASES.filter((p) => !args.phase || p.name === args.phase)) {
      results.push(await runPhase(phase, codeServer, activeBrowser, control));
      // Timed out or Ctrl-C: no further phase.
      if (stoppedBy) break;
    }

    const passedCount = results.reduce((n, r) => n + r.passed, 0);
    const failedCount = results.reduce((n, r) => n + r.failed, 0);
    const failedPhases = results.filter((r) => r.code !== 0);
    let code = failedPhases.length ? failedPhases[0].code : 0;
    if (code === 0 && passedCount === 0) {
      log(args.grep ? `no test matched --grep ${args.grep}` : 'no test ran');
      code = 1;
    }
    log(`${code === 0 ? 'passed' : 'FAILED'} (exit code ${code}) in ${seconds(started)}`);
    for (const r of results) console.log(`e2e [${r.phase}]: ${r.summary?.replace(/^e2e: /, '') ?? `no result (${r.why ?? `exit code ${r.code}`})`}`);
    // The last line, for CI logs: both phases together.
    console.log(`e2e: ${passedCount} passed, ${failedCount} failed (${results.map((r) => `${r.phase}: ${r.passed} passed, ${r.failed} failed`).join('; ')})`);
    return code;
  } finally {
    clearTimeout(overall);
    stopCommands();
    await (browser as Browser | undefined)?.close().catch(() => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof SetupNeeded ? e.message : `e2e: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(e instanceof Stopped ? e.outcome.code : 1);
  },
);
