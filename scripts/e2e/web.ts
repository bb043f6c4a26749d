// `npm run test:web`: the extension in the browser. Runs test/web/suite/ inside VS Code's web worker extension host
// (the one vscode.dev and github.dev use), offline: the code-server of the end-to-end tests (installed once by
// scripts/e2e/install-code-server.ts), a fresh profile whose user settings force this extension into the web worker
// host (`remote.extensionKind`), and the workbench in Debian's Chromium. The suite is one self-contained CommonJS
// bundle built for the browser (a worker has neither Node nor a file system to load test files from).
// See ../shared/notes/web-extension-testing.md for why it is done so.
//
//   npm run test:web [-- --grep PATTERN] [-- --production]   (--production: the minified bundles that ship)
//   npm run web:screenshot        the README's screenshot of the extension in the browser, into docs/images/
//   SECRETDEF_E2E_TIMEOUT=SECONDS (default 300) bounds the whole run
import { createWriteStream, cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { Page } from 'playwright-core';
import { FIXTURE_WORKSPACE } from './build-suite';
import { launchChromium, prepareProfile, remoteUri, startCodeServer, stopCodeServer, workbenchUrl, type CodeServer } from './codeServer';
import { LOGS, ROOT, SCREENSHOTS, VSCODE_TEST, npm, seconds, stopCommands, timeoutSeconds } from './common';
import { ensureCodeServer } from './install-code-server';
import { ensureSystemPackages } from './system';
import { SETTINGS } from './settings';

const EXTENSION_ID = 'secretdef.secret-definitions';
export const WEB_SUITE_SRC = path.join(ROOT, 'test', 'web', 'suite', 'index.ts');
/** Inside the extension's folder: the web extension host loads test modules from there only. */
export const WEB_SUITE_OUT = path.join(ROOT, 'out', 'web-test', 'index.js');
/** Files added to the end-to-end fixture workspace for the web suite. */
const WEB_WORKSPACE = path.join(ROOT, 'test', 'web', 'workspace');
const SCRATCH = path.join(VSCODE_TEST, 'web-run');

/** The user settings of a web run: the end-to-end ones, and this extension forced into the web worker host. */
export const WEB_SETTINGS = { ...SETTINGS, 'remote.extensionKind': { [EXTENSION_ID]: ['web'] } };

/** Workbench errors that are expected offline. */
const NOISE = /getaddrinfo (ENOTFOUND|EAI_AGAIN)|open-vsx\.org|Long running operations during shutdown are unsupported in the web/;

const log = (s: string): void => console.log(`web: ${s}`);

/**
 * test/e2e/suite/helpers.ts reads the file system only to wait for the screenshots the desktop runner takes: in the
 * worker, those modules are stand-ins that find nothing (this runner takes its screenshots itself).
 */
const nodeStandIns: esbuild.Plugin = {
  name: 'node-stand-ins',
  setup(build) {
    build.onResolve({ filter: /^node:(fs|path)$/ }, (args) => ({ path: args.path, namespace: 'node-stand-in' }));
    build.onLoad({ filter: /.*/, namespace: 'node-stand-in' }, (args) => ({
      contents: args.path === 'node:fs' ? 'export const existsSync = () => false;' : "export const join = (...parts) => parts.join('/');",
      loader: 'js',
    }));
  },
};

/** The suite, as one CommonJS module for the browser; only `vscode` comes from the extension host. */
export async function buildWebSuite(grep?: string): Promise<void> {
  rmSync(path.dirname(WEB_SUITE_OUT), { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [WEB_SUITE_SRC],
    outfile: WEB_SUITE_OUT,
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    external: ['vscode'],
    mainFields: ['browser', 'module', 'main'],
    // mocha's browser build refers to `global`; the shared helpers read process.env for the desktop's screenshots. A
    // worker has no environment: --grep is built in.
    define: { global: 'globalThis', 'process.env.SECRETDEF_E2E_SCREENSHOTS': 'undefined', SECRETDEF_WEB_GREP: JSON.stringify(grep ?? '') },
    // package.json says our modules have no side effects (for the extension's bundles); the suite's imports do.
    ignoreAnnotations: true,
    plugins: [nodeStandIns],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

interface Args {
  grep?: string;
  production?: boolean;
  screenshot?: boolean;
}

function parseArgs(argv: string[]): Args {
  const usage = 'usage: npm run test:web [-- --grep PATTERN] [-- --production], or --screenshot';
  const out: Args = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--screenshot') out.screenshot = true;
    else if (argv[i] === '--production') out.production = true;
    else if (argv[i] === '--grep' && argv[i + 1] !== undefined) out.grep = argv[++i];
    else if (argv[i].startsWith('--grep=')) out.grep = argv[i].slice('--grep='.length);
    else throw new Error(`unknown argument ${argv[i]} (${usage})`);
  }
  return out;
}

/** The README's screenshot: a file with errors in the browser, its squiggles, the Problems panel, the status item. */
export const BROWSER_IMAGE = path.join(ROOT, 'docs', 'images', 'browser.png');

/**
 * Without tests (a screenshot taken while a suite runs loses the workbench's state): the extension loaded as in
 * the suite, then what a person would do, with the keyboard.
 */
async function takeScreenshot(page: Page, port: number, workspace: string): Promise<void> {
  page.setDefaultTimeout(60_000);
  await page.goto(workbenchUrl(port, workspace, [['extensionDevelopmentPath', remoteUri(port, ROOT)], ['skipWelcome', 'true']]));
  const file = 'invalid.northflank-secret.yaml';
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: file }).waitFor();
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.insertText(file);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: file }).waitFor();
  await page.keyboard.press('Control+Shift+M');
  for (const code of ['invalid-value', 'number-out-of-range']) await page.locator('.markers-panel .monaco-list-row', { hasText: code }).waitFor();
  await page.locator('.statusbar-item', { hasText: 'validation only' }).waitFor();
  // The hover of the misspelt value: the message and its quick fix.
  const word = await page.locator('.editor-instance .view-line span', { hasText: 'enviroment' }).last().boundingBox();
  if (word) {
    await page.mouse.move(word.x + word.width / 2, word.y + word.height / 2);
    await page.locator('.monaco-hover', { hasText: 'environment' }).first().waitFor();
  }
  mkdirSync(path.dirname(BROWSER_IMAGE), { recursive: true });
  await page.screenshot({ path: BROWSER_IMAGE });
  log(`screenshot ${path.relative(ROOT, BROWSER_IMAGE)}`);
}

async function screenshot(page: Page, file: string): Promise<void> {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file });
    log(`screenshot: ${path.relative(ROOT, file)}`);
  } catch (e) {
    log(`could not take a screenshot: ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function main(): Promise<number> {
  const started = performance.now();
  const TIMEOUT_S = timeoutSeconds(300);
  const args = parseArgs(process.argv.slice(2));
  await ensureSystemPackages(['chromium', 'fonts'], 'To run the browser tests in VS Code for the Web (npm run test:web)');
  const codeServer = await ensureCodeServer();
  let t = performance.now();
  await npm(['run', 'build', '--silent', ...(args.production ? ['--', '--production'] : [])], { cwd: ROOT });
  if (!args.screenshot) await buildWebSuite(args.grep);
  log(`built the extension${args.screenshot ? '' : ' and the web suite'} in ${seconds(t)}`);

  mkdirSync(LOGS, { recursive: true });
  rmSync(SCRATCH, { recursive: true, force: true });
  // For the screenshot, an editor without the minimap and breadcrumbs, as in the other README images.
  const settings = args.screenshot ? { ...WEB_SETTINGS, 'editor.minimap.enabled': false, 'breadcrumbs.enabled': false, 'chat.commandCenter.enabled': false, 'workbench.layoutControl.enabled': false } : WEB_SETTINGS;
  const profile = prepareProfile(path.join(SCRATCH, 'profile'), { settings, workspace: FIXTURE_WORKSPACE });
  if (existsSync(WEB_WORKSPACE)) cpSync(WEB_WORKSPACE, profile.workspace, { recursive: true });
  const serverLog = createWriteStream(path.join(LOGS, 'server-web.log'));
  const consoleLog = createWriteStream(path.join(LOGS, 'browser-console-web.log'));

  let server: CodeServer | undefined;
  const browser = await launchChromium(path.join(SCRATCH, 'browser'));
  let finish: (outcome: { code: number; why?: string }) => void = () => undefined;
  const finished = new Promise<{ code: number; why?: string }>((resolve) => (finish = resolve));
  const overall = setTimeout(() => finish({ code: 1, why: `the run took longer than ${TIMEOUT_S} s (SECRETDEF_E2E_TIMEOUT); stopped` }), TIMEOUT_S * 1000);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => finish({ code: 130, why: `${signal}: stopped` }));
  try {
    t = performance.now();
    server = await startCodeServer(codeServer, profile, { log: serverLog });
    log(`code-server ready on 127.0.0.1:${server.port} in ${seconds(t)}`);
    void server.exited.then((why) => finish({ code: 1, why }));
    const page = await (await browser.newContext({ viewport: args.screenshot ? { width: 1280, height: 760 } : { width: 1400, height: 900 } })).newPage();
    page.on('crash', () => finish({ code: 1, why: 'the workbench page crashed' }));
    if (args.screenshot) {
      try {
        await Promise.race([takeScreenshot(page, server.port, profile.workspace), finished.then(({ why }) => Promise.reject(new Error(why)))]);
        return 0;
      } catch (e) {
        await screenshot(page, path.join(SCREENSHOTS, 'web-screenshot-failure.png'));
        throw e;
      }
    }

    let summary: string | undefined;
    // The suite's lines may arrive twice: through the workbench's log and as console messages of the worker. The
    // first way one arrives is the one relayed.
    let relaying: string | undefined;
    const relay = (source: string, type: string, text: string): void => {
      consoleLog.write(`[${source} ${type}] ${text}\n`);
      const at = text.indexOf('[web] ');
      if (at >= 0) {
        relaying ??= source;
        if (source !== relaying) return;
        const line = text.slice(at + '[web] '.length);
        console.log(line);
        if (/^web: \d+ passed, \d+ failed/.test(line)) summary = line;
      } else if (type === 'error' && source === 'workbench' && !NOISE.test(text)) {
        console.log(`[workbench error] ${text}`);
      }
    };
    await page.exposeFunction('codeAutomationExit', (code: number) => finish({ code }));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => relay('workbench', type, (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')));
    page.on('console', (message) => relay('console', message.type(), message.text()));
    page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.stack ?? e.message}\n`));

    const url = workbenchUrl(server.port, profile.workspace, [
      ['extensionDevelopmentPath', remoteUri(server.port, ROOT)],
      ['extensionTestsPath', remoteUri(server.port, WEB_SUITE_OUT)],
      ['skipWelcome', 'true'],
    ]);
    log('opening the workbench with the web suite in the web worker extension host');
    await page.goto(url);
    const { code, why } = await finished;
    if (why) log(why);
    if (code !== 0) {
      await screenshot(page, path.join(SCREENSHOTS, `web-at-exit-${new Date().toISOString().replace(/[:.]/g, '-')}.png`));
      log(`logs: ${path.relative(ROOT, LOGS)}/ (server-web.log, browser-console-web.log) and ${path.relative(ROOT, profile.userData)}/logs/`);
    }
    log(`${code === 0 ? 'passed' : 'FAILED'} (exit code ${code}) in ${seconds(started)}`);
    // The last line, for CI logs.
    console.log(summary ?? `web: no result (${why ?? `exit code ${code}`})`);
    return code !== 0 ? code : summary ? 0 : 1;
  } finally {
    clearTimeout(overall);
    stopCommands();
    await browser.close().catch(() => undefined);
    await stopCodeServer(server);
    serverLog.end();
    consoleLog.end();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`web: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
