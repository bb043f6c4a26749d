/**
 * The extension in the browser (vscode.dev, github.dev): what lands in the browser bundles has no Node (lint's
 * secretdef/browser-safe rule, which these tests break on purpose), and the manifest hides in the web every command
 * that needs a platform. The web suite (npm run test:web) checks the same in a real browser.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { DESKTOP_ONLY_COMMANDS, WEB_COMMANDS } from '../../client/src/web/commands';
import { ROOT } from '../helpers/paths';

const eslint = new ESLint({ cwd: ROOT });

async function browserErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\n`, { filePath: path.join(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId === 'secretdef/browser-safe').map((m) => m.message);
}

describe('web: nothing of Node in the browser bundles', () => {
  const forbidden: [file: string, source: string][] = [
    // A file of the desktop client that the browser bundle imports: covered because it is in the bundle.
    ['client/src/associations.ts', 'export const env = process.env;'],
    ['client/src/logic/targets.ts', "import { join } from 'path';\nexport const j = join;"],
    ['client/src/web/x.ts', "import * as fs from 'node:fs';\nexport const f = fs;"],
    ['client/src/web/x.ts', "export const load = () => import('vscode-languageclient/node');"],
    ['client/src/web/x.ts', "// eslint-disable-next-line @typescript-eslint/no-require-imports\nexport const os = require('os');"],
    ['core/x.ts', "export const b = Buffer.from('a');"],
    ['server/src/x.ts', 'export const s = setImmediate;'],
    ['server/src/x.ts', 'export const d = __dirname;'],
  ];
  for (const [file, source] of forbidden) {
    it(`refuses in ${file}: ${source.split('\n').pop()}`, async () => {
      assert.notDeepEqual(await browserErrors(file, source), [], 'the rule no longer fires');
    });
  }

  const allowed: [file: string, source: string][] = [
    ['client/src/web/x.ts', "export const guarded = typeof process !== 'undefined';"],
    ['client/src/web/x.ts', "import type { ServerOptions } from 'vscode-languageclient/node';\nexport type S = ServerOptions;"],
    ['client/src/web/x.ts', 'export let timer: NodeJS.Timeout | undefined;'],
    // The desktop entry points are not in a browser bundle.
    ['server/src/main.ts', "import { createConnection } from 'vscode-languageserver/node';\nexport const c = createConnection;"],
    ['client/src/nodeServer.ts', 'export const env = process.env;'],
    // What only the desktop server's entry imports (lint fails if a browser bundle holds it: the next test).
    ['server/src/node/x.ts', 'export const b = Buffer.allocUnsafeSlow(1);'],
  ];
  for (const [file, source] of allowed) {
    it(`allows in ${file}: ${source.split('\n').pop()}`, async () => {
      assert.deepEqual(await browserErrors(file, source), []);
    });
  }

  it('finds the files of the browser bundles by bundling them', async () => {
    const script = pathToFileURL(path.join(ROOT, 'scripts', 'browser-bundles.mjs')).href;
    const { browserSources } = (await import(script)) as { browserSources: () => string[] };
    const files = browserSources();
    for (const f of ['client/src/web/extension.ts', 'client/src/languageClient.ts', 'client/src/associations.ts', 'server/src/browserMain.ts', 'server/src/server.ts', 'core/document.ts', 'shared/protocol.ts']) assert.ok(files.includes(f), `${f} is in a browser bundle`);
    // The desktop's Node parts stay out: the language server process, sign-in, the API clients, push.
    for (const f of ['client/src/main.ts', 'client/src/nodeServer.ts', 'client/src/connections.ts', 'api/transport.ts', 'server/src/main.ts']) assert.ok(!files.includes(f), `${f} is not in a browser bundle`);
    assert.ok(!files.some((f) => f.startsWith('sync/')), 'no push orchestration in the browser');
  });
});

interface MenuEntry {
  command: string;
  when?: string;
}
interface Manifest {
  main: string;
  browser: string;
  contributes: { commands: { command: string }[]; menus: Record<string, MenuEntry[]>; views: Record<string, { id: string; when?: string }[]> };
}

describe('web: the manifest', () => {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
  const desktopOnly = new Set<string>(DESKTOP_ONLY_COMMANDS);
  const hiddenInWeb = (when: string | undefined): boolean => when === 'false' || /^!isWeb( && |$)/.test(when ?? '');

  it('has a browser entry beside main, built from client/src/web/extension.ts', () => {
    assert.equal(manifest.main, './dist/extension.js');
    assert.equal(manifest.browser, './dist/web/extension.js');
    const build = readFileSync(path.join(ROOT, 'scripts', 'browser-bundles.mjs'), 'utf8');
    assert.match(build, /entryPoints: \['client\/src\/web\/extension\.ts'\], outfile: 'dist\/web\/extension\.js'/);
  });

  it('says for every contributed command whether it works in the browser', () => {
    for (const { command } of manifest.contributes.commands) {
      assert.ok(desktopOnly.has(command) !== (WEB_COMMANDS as readonly string[]).includes(command), `${command} is in exactly one of DESKTOP_ONLY_COMMANDS and WEB_COMMANDS (client/src/web/commands.ts)`);
    }
  });

  it('hides every desktop-only command in the web: palette, editor menus, and the remote view', () => {
    const remote = Object.values(manifest.contributes.views).flat().find((v) => v.id === 'secretDefinitions.remote');
    assert.equal(remote?.when, '!isWeb');
    const palette = new Map(manifest.contributes.menus.commandPalette.map((e) => [e.command, e.when]));
    for (const command of desktopOnly) assert.ok(hiddenInWeb(palette.get(command)), `${command} is hidden in the web's command palette (when: ${palette.get(command) ?? 'none'})`);
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const e of entries) {
        if (!desktopOnly.has(e.command)) continue;
        // The remote view's own menus go with the view.
        if (menu.startsWith('view/') && /^view == secretDefinitions\.remote\b/.test(e.when ?? '')) continue;
        assert.ok(hiddenInWeb(e.when), `${menu}: ${e.command} is hidden in the web (when: ${e.when ?? 'none'})`);
      }
    }
  });
});
