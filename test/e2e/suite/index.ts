// The end-to-end suite's entry point, loaded by VS Code in the extension host (as `extensionTestsPath`) by both
// runners: scripts/e2e/run.ts (code-server in headless Chromium, offline) and scripts/e2e/electron.ts
// (@vscode/test-electron). Each `*.test.ts` is bundled to its own `out/e2e/**/*.test.js` beside this file. The
// untrusted suite (test/e2e/untrusted/index.ts) re-exports run(): it then runs the tests beside that file.
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import Mocha from 'mocha';
import { requestScreenshot } from './helpers';

function testFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return testFiles(full);
      return name.endsWith('.test.js') ? [full] : [];
    });
}

export async function run(): Promise<void> {
  // The browser console does not fill in `%s` placeholders: format every line here, without colours. Under the
  // code-server runner, lines are tagged so that it can tell them from the workbench's own log.
  const tag = process.env.SECRETDEF_E2E_RUNNER === 'code-server' ? '[e2e] ' : '';
  Mocha.reporters.Base.consoleLog = (...args: unknown[]): void => console.log(tag + util.format(...args));
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: 30_000,
    ...(process.env.SECRETDEF_E2E_GREP ? { grep: process.env.SECRETDEF_E2E_GREP } : {}),
  });
  // Test files take their own screenshot before cleaning up (helpers.afterEachTest); this one catches the rest.
  mocha.rootHooks({
    async afterEach(this: Mocha.Context) {
      const test = this.currentTest;
      if (test?.state === 'failed') await requestScreenshot(test.fullTitle());
    },
  });
  const files = testFiles(__dirname).filter((f) => f !== __filename);
  if (files.length === 0) throw new Error(`no *.test.js files next to ${__filename}: was the suite compiled?`);
  for (const file of files) mocha.addFile(file);

  const { failures, passes, pending } = await new Promise<{ failures: number; passes: number; pending: number }>((resolve, reject) => {
    try {
      const runner = mocha.run(() => resolve({ failures: runner.stats?.failures ?? 0, passes: runner.stats?.passes ?? 0, pending: runner.stats?.pending ?? 0 }));
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
  // A plain closing line that any CI log reader understands.
  console.log(`${tag}e2e: ${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
  if (failures > 0) throw new Error(`${failures} end-to-end test${failures > 1 ? 's' : ''} failed`);
  // With --grep, a suite may have nothing that matches (the runner fails when no suite ran anything).
  if (passes === 0 && !process.env.SECRETDEF_E2E_GREP) throw new Error('no end-to-end test ran');
}
