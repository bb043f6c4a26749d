// `npm run test:electron`: the same end-to-end suite through @vscode/test-electron, the standard runner, for machines
// with internet access (it downloads VS Code into .vscode-test/). On Linux without a display, run it under
// `xvfb-run -a`. Offline it fails at once with a message that points to `npm run test:e2e`.
//
//   npm run test:electron [-- --grep PATTERN]    SECRETDEF_E2E_VSCODE_VERSION (default 1.100.3, as test:e2e)
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildAll, FIXTURE_WORKSPACE, SUITE_ENTRY } from './build-suite';
import { ROOT, VSCODE_TEST, seconds, timeoutSeconds } from './common';
import { SETTINGS } from './settings';

const VERSION = process.env.SECRETDEF_E2E_VSCODE_VERSION ?? '1.100.3';
/** Errors that mean VS Code could not be downloaded for want of a network. */
const OFFLINE = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|socket hang up/;
const SCRATCH = path.join(VSCODE_TEST, 'electron-run');

const log = (s: string): void => console.log(`test:electron: ${s}`);

async function main(): Promise<number> {
  const started = performance.now();
  const TIMEOUT_S = timeoutSeconds(600);
  const argv = process.argv.slice(2);
  const grepAt = argv.indexOf('--grep');
  if (grepAt >= 0 && argv[grepAt + 1] !== undefined) process.env.SECRETDEF_E2E_GREP = argv[grepAt + 1];
  process.env.SECRETDEF_E2E_PASSTHROUGH ??= 'reached-the-extension-host';

  // Download first (cached in .vscode-test/), so that an offline machine fails before anything is built.
  let vscodeExecutablePath: string;
  try {
    // An idle timeout on the download: a stalled connection fails instead of hanging.
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version: VERSION, timeout: 60_000 });
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    if (!OFFLINE.test(why)) throw e;
    throw new Error(
      `could not download VS Code ${VERSION} (${why}).\n` +
        '@vscode/test-electron needs internet access; on an offline machine run `npm run test:e2e` (code-server from npm in headless Chromium).',
    );
  }

  await buildAll();
  rmSync(SCRATCH, { recursive: true, force: true });
  const userData = path.join(SCRATCH, 'user-data');
  const workspace = path.join(SCRATCH, 'workspace');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  writeFileSync(path.join(userData, 'User', 'settings.json'), `${JSON.stringify(SETTINGS, null, 2)}\n`);
  cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });

  const timer = setTimeout(() => {
    console.error(`test:electron: the run took longer than ${TIMEOUT_S} s (SECRETDEF_E2E_TIMEOUT); stopped`);
    process.exit(1);
  }, TIMEOUT_S * 1000);
  try {
    const code = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: SUITE_ENTRY,
      launchArgs: [
        workspace,
        '--user-data-dir', userData,
        '--extensions-dir', path.join(SCRATCH, 'extensions'),
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-gpu',
        '--no-sandbox',
      ],
      extensionTestsEnv: { SECRETDEF_E2E_RUNNER: 'electron' },
    });
    log(`${code === 0 ? 'passed' : 'FAILED'} (exit code ${code}) in ${seconds(started)}`);
    return code;
  } finally {
    clearTimeout(timer);
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`test:electron: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
