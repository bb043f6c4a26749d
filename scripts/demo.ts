// `npm start`: try every feature without an account. Starts the stand-ins of Northflank and Qovery with the demo
// data (standins/fixtures.ts), then VS Code in the browser (the same code-server the end-to-end tests use) with this
// repository's extension loaded in development mode and a fresh copy of examples/ open, signed in to both stand-ins
// with the demo tokens through environment variables. Prints the address and runs until Ctrl-C.
//
// `npm run demo:screenshots` drives the same demo with playwright-core in Debian's Chromium and saves the README's
// screenshots to docs/images/, then stops.
//
//   npm start [-- --port PORT]
//   npm run demo:screenshots
import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_NORTHFLANK_TOKEN, DEMO_QOVERY_TOKEN, startStandins, type RecordedRequest, type Standins } from '../standins';
import { launchChromium, prepareProfile, remoteUri, startCodeServer, stopCodeServer, workbenchUrl, type CodeServer } from './e2e/codeServer';
import { LOGS, ROOT, VSCODE_TEST, npm, seconds, stopCommands } from './e2e/common';
import { ensureCodeServer, isInstalled } from './e2e/install-code-server';
import { CODE_SERVER_BUILD, ensureSystemPackages, SetupNeeded } from './e2e/system';
import { SETTINGS } from './e2e/settings';

const DEMO = path.join(VSCODE_TEST, 'demo');
const EXAMPLES = path.join(ROOT, 'examples');
const IMAGES = path.join(ROOT, 'docs', 'images');
const say = (s: string): void => console.log(`demo: ${s}`);

/** The demo's user settings: the test profile's quiet defaults, and a cleaner editor for screenshots. */
const DEMO_SETTINGS = {
  ...SETTINGS,
  'editor.minimap.enabled': false,
  'breadcrumbs.enabled': false,
  'workbench.editor.enablePreview': false,
  'chat.commandCenter.enabled': false,
  'workbench.layoutControl.enabled': false,
};

function parseArgs(argv: string[]): { screenshots: boolean; port?: number } {
  const out: { screenshots: boolean; port?: number } = { screenshots: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--screenshots') out.screenshots = true;
    else if (argv[i] === '--port' || argv[i].startsWith('--port=')) {
      const raw = argv[i].includes('=') ? argv[i].slice('--port='.length) : argv[++i];
      const port = Number(raw);
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port needs a port number; got "${raw}"`);
      out.port = port;
    } else throw new Error(`unknown argument ${argv[i]} (usage: npm start [-- --port PORT], npm run demo:screenshots)`);
  }
  return out;
}

/** Prints each request the stand-ins answered (method, path, status: never a header or a body), as it happens. */
function printRequests(standins: Standins): () => void {
  const printed = new Set<RecordedRequest>();
  const timer = setInterval(() => {
    for (const [name, requests] of [['Northflank', standins.northflank.requests], ['Qovery', standins.qovery.requests]] as const) {
      for (const r of requests) {
        if (printed.has(r) || (r.status === undefined && r.fault === undefined)) continue;
        printed.add(r);
        console.log(`  ${name.padEnd(10)} ${r.method.padEnd(6)} ${r.path} → ${r.status ?? r.fault}`);
      }
    }
  }, 250);
  return () => clearInterval(timer);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  // What the first start builds with (and the browser for the screenshots), checked at once: as root they are
  // installed, after saying what and why; otherwise the one command to run is printed.
  const needed = [...(isInstalled() ? [] : CODE_SERVER_BUILD), ...(args.screenshots ? (['chromium', 'fonts'] as const) : [])];
  await ensureSystemPackages(needed, args.screenshots ? 'To take the demo\'s screenshots' : 'To start the demo (VS Code in the browser)');
  if (!isInstalled()) say('the first start installs VS Code\'s server into .vscode-test/ (a few minutes, once); later starts take seconds.');

  let standins: Standins | undefined;
  let server: CodeServer | undefined;
  let stopPrinting: (() => void) | undefined;
  let shuttingDown: Promise<void> | undefined;
  const shutdown = (): Promise<void> =>
    (shuttingDown ??= (async () => {
      stopPrinting?.();
      await stopCodeServer(server);
      await standins?.close();
    })());
  const interrupted = new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
  });
  // Ctrl-C also stops the steps before the demo runs (the install, the build, the screenshots).
  const guard = <T>(work: Promise<T>): Promise<T> =>
    Promise.race([
      work,
      interrupted.then(() => {
        throw new Interrupted();
      }),
    ]);

  // The examples keep values out of git: their ${env:NAME} references and the SOPS file's TEST key come from here.
  const DEMO_SECRETS_ENV = {
    JWT_SIGNING_KEY: 'demo-jwt-signing-key', STRIPE_SECRET_KEY: 'demo-stripe-key', SENTRY_KEY: 'demo-sentry-key',
    SENDGRID_API_KEY: 'demo-sendgrid-key', ALGOLIA_ADMIN_KEY: 'demo-algolia-key',
    SOPS_AGE_KEY_FILE: path.join(EXAMPLES, 'sops-test-key.txt'),
  };
  try {
    const codeServer = await guard(ensureCodeServer());
    await guard(npm(['run', 'build', '--silent'], { cwd: ROOT }));
    standins = await startStandins();
    const profile = prepareProfile(DEMO, {
      settings: DEMO_SETTINGS,
      workspace: EXAMPLES,
      // Signed in through the environment (the extension reads it at call time); nothing is written to a file.
      env: { NORTHFLANK_API_URL: standins.urls.northflank, QOVERY_API_URL: standins.urls.qovery, NORTHFLANK_API_TOKEN: DEMO_NORTHFLANK_TOKEN, QOVERY_API_TOKEN: DEMO_QOVERY_TOKEN, ...DEMO_SECRETS_ENV },
    });
    mkdirSync(LOGS, { recursive: true });
    const starting = startCodeServer(codeServer, profile, { log: createWriteStream(path.join(LOGS, 'demo-server.log')), port: args.port });
    // Interrupted while starting: stop what did start.
    starting.then((s) => (server = s), () => undefined);
    server = await guard(starting);
    const url = workbenchUrl(server.port, profile.workspace, [
      ['extensionDevelopmentPath', remoteUri(server.port, ROOT)],
      ['skipWelcome', 'true'],
    ]);

    if (args.screenshots) {
      await guard(takeScreenshots(url));
      say(`done in ${seconds(started)}`);
      return;
    }

    console.log(
      [
        '',
        `Secret Definitions demo: ready in ${seconds(started)}. Open this address in a browser:`,
        '',
        `  ${url}`,
        '',
        'VS Code with the extension and a copy of examples/ (one file of each kind), signed in to stand-ins of',
        `Northflank (${standins.urls.northflank}) and Qovery (${standins.urls.qovery}) that hold the demo`,
        'projects "Storefront" (services, jobs, addons, secret groups; Qovery secrets of every kind). Nothing leaves',
        'this machine, and the stand-ins forget everything when the demo stops.',
        '',
        `Edits go to ${path.relative(ROOT, profile.workspace)}/ (a fresh copy each start). The stand-ins' requests are listed below.`,
        'Ctrl-C stops the demo.',
        '',
      ].join('\n'),
    );
    stopPrinting = printRequests(standins);
    const exited = await Promise.race([interrupted.then(() => undefined), server.exited]);
    say(exited ? `${exited}; stopping` : 'stopping');
  } finally {
    stopCommands();
    await shutdown();
  }
}

/** Ctrl-C before the demo ran. */
class Interrupted extends Error {
  constructor() {
    super('stopped');
  }
}

/** The README's screenshots, taken in the running demo as a user would get there: keyboard and mouse. */
async function takeScreenshots(url: string): Promise<void> {
  mkdirSync(IMAGES, { recursive: true });
  const browser = await launchChromium(path.join(DEMO, 'browser'));
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 760 }, deviceScaleFactor: 1 })).newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(url);
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'storefront-api.northflank-secret.yaml' }).waitFor();
    const file = 'storefront-api.northflank-secret.yaml';

    // 1. Diagnostics: three mistakes typed into the secret group, the Problems panel open, the hover of one.
    await openFile(page, file);
    await replaceLine(page, 6, 'secretType: enviroment');
    await replaceLine(page, 7, 'priority: 200');
    await replaceLine(page, 18, '- keyName: POSTGRES_URL');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'nf-unknown-addon-key' }).waitFor();
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'number-out-of-range' }).waitFor();
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'invalid-value' }).waitFor();
    await hoverText(page, 'POSTGRES_URL', 'Did you mean "POSTGRES_URI"?');
    await shoot(page, 'diagnostics.png');
    await page.mouse.move(5, 5);
    await command(page, 'File: Revert File');
    await page.keyboard.press('Control+J');
    await page.locator('.markers-panel').waitFor({ state: 'hidden' });

    // 2. Completion of an addon's real key names (live from the stand-in).
    await goToLine(page, 18);
    await page.keyboard.press('End');
    await page.keyboard.press('Control+Shift+ArrowLeft');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Control+Space');
    const suggest = page.locator('.suggest-widget.visible');
    await suggest.locator('.monaco-list-row', { hasText: 'READ_ONLY_POSTGRES_URI' }).waitFor();
    await shoot(page, 'completion.png');
    await page.keyboard.press('Escape');
    await command(page, 'File: Revert File');

    // 3. Push: the side-by-side preview, values masked (the confirmation it asks for is cancelled: nothing is sent).
    await command(page, 'Secret Definitions: Push');
    await page.locator('.monaco-diff-editor').first().waitFor();
    await page.locator('.monaco-dialog-box', { hasText: 'Push storefront-api.northflank-secret.yaml to Northflank project Storefront?' }).waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.monaco-dialog-box').waitFor({ state: 'detached' });
    await page.locator('.notification-toast', { hasText: 'Reading Northflank project' }).waitFor({ state: 'detached' });
    await page.keyboard.press('Control+B');
    await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
    await shoot(page, 'push-preview.png');

    // 4. The Remote Secrets tree, values masked.
    await command(page, 'View: Close All Editors');
    await page.locator('.activitybar .action-item a[aria-label^="Secret Definitions"]').click();
    // A row of the tree by its exact label (a description such as "storefront" must not match "Storefront").
    const row = (label: string, nth = 0) => page.locator('.part.sidebar .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).nth(nth);
    await row('Northflank').waitFor();
    await row('Storefront').click();
    await row('storefront-api').click();
    await row('Variables').click();
    await row('JWT_SIGNING_KEY').waitFor();
    await row('Addon links').click();
    await row('orders-db').waitFor();
    await row('Storefront', 1).click();
    await row('STRIPE_SECRET_KEY').waitFor();
    await widenSideBar(page, 620);
    // The activity bar and the side bar: the editor area is empty.
    const bar = await page.locator('.part.sidebar').boundingBox();
    await shoot(page, 'remote-tree.png', bar ? { x: 0, y: 0, width: Math.ceil(bar.x + bar.width), height: 760 } : undefined);
  } catch (e) {
    // What the page looked like when a step did not come: for whoever fixes the script.
    const failure = path.join(VSCODE_TEST, 'screenshots', 'demo-failure.png');
    mkdirSync(path.dirname(failure), { recursive: true });
    await browser.contexts()[0]?.pages()[0]?.screenshot({ path: failure }).catch(() => undefined);
    say(`a step failed; the page as it was: ${path.relative(ROOT, failure)}`);
    throw e;
  } finally {
    await browser.close();
  }
}

async function shoot(page: Page, name: string, clip?: { x: number; y: number; width: number; height: number }): Promise<void> {
  const file = path.join(IMAGES, name);
  await page.screenshot({ path: file, clip });
  say(`screenshot ${path.relative(ROOT, file)} (${Math.round(statSync(file).size / 1024)} KB)`);
}

/** Runs a command from the Command Palette by its title. */
async function command(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await page.keyboard.insertText(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.insertText(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
  await page.locator('.editor-instance .view-line', { hasText: 'storefront-api' }).first().waitFor();
}

async function goToLine(page: Page, line: number): Promise<void> {
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.insertText(String(line));
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Replaces the text of a line (1-based) after its indentation, as typing would. */
async function replaceLine(page: Page, line: number, text: string): Promise<void> {
  await goToLine(page, line);
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.insertText(text);
  await page.locator('.editor-instance .view-line', { hasText: text }).first().waitFor();
}

/** Moves the mouse over a word of the editor and waits for the hover to say `expect`. */
async function hoverText(page: Page, word: string, expect: string): Promise<void> {
  const box = await page.locator('.editor-instance .view-line span', { hasText: word }).last().boundingBox();
  if (!box) throw new Error(`"${word}" is not on screen`);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.locator('.monaco-hover', { hasText: expect }).first().waitFor();
}

/** Drags the side bar's edge so the tree's labels and descriptions fit. */
async function widenSideBar(page: Page, width: number): Promise<void> {
  const bar = await page.locator('.part.sidebar').boundingBox();
  if (!bar) return;
  const edge = bar.x + bar.width;
  await page.mouse.move(edge - 1, bar.y + 200);
  await page.mouse.down();
  await page.mouse.move(bar.x + width, bar.y + 200, { steps: 8 });
  await page.mouse.up();
  await page.mouse.move(5, 5);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof SetupNeeded ? e.message : `demo: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(e instanceof Interrupted ? 130 : 1);
  },
);
