// Installs VS Code's server and web workbench from the npm package `code-server` into .vscode-test/, offline
// (only the npm registry and Debian's packages are reachable). Idempotent: a marker file written at the end of a
// successful install makes later calls return at once. See ../shared/notes/vscode-offline-testing.md.
//
//   npx tsx scripts/e2e/install-code-server.ts [--force]
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, copyFileSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import {
  CODE_SERVER_DIR,
  CODE_SERVER_VERSION,
  LOGS,
  VSCODE_TEST,
  npm,
  requireNode20,
  run,
  seconds,
  which,
} from './common';
import { CODE_SERVER_BUILD, ensureSystemPackages, SetupNeeded } from './system';

const MARKER = path.join(CODE_SERVER_DIR, '.secretdef-installed.json');

interface Marker {
  version: string;
  /** Native modules are built for one Node ABI; another Node needs a new install. */
  nodeModules: string;
  installedAt: string;
}

/** The ripgrep release that @vscode/ripgrep 1.15.x downloads (its lib/postinstall.js, `VERSION`). */
const RIPGREP_RELEASE = 'v13.0.0-10';

/** Files that only exist when every native module was built and ripgrep was put in place. */
const NATIVE_FILES: Array<[pkgDir: string, file: string, pkg: string]> = [
  ['.', 'node_modules/argon2/lib/binding/napi-v3/argon2.node', 'argon2'],
  ['lib/vscode', 'node_modules/@vscode/spdlog/build/Release/spdlog.node', '@vscode/spdlog'],
  ['lib/vscode', 'node_modules/node-pty/build/Release/pty.node', 'node-pty'],
  ['lib/vscode', 'node_modules/native-watchdog/build/Release/watchdog.node', 'native-watchdog'],
  ['lib/vscode', 'node_modules/kerberos/build/Release/kerberos.node', 'kerberos'],
  ['lib/vscode', 'node_modules/@vscode/deviceid/build/Release/windows.node', '@vscode/deviceid'],
  ['lib/vscode', 'node_modules/@vscode/ripgrep/bin/rg', '@vscode/ripgrep'],
];

export function isInstalled(): boolean {
  if (!existsSync(MARKER)) return false;
  try {
    const marker = JSON.parse(readFileSync(MARKER, 'utf8')) as Partial<Marker>;
    return marker.version === CODE_SERVER_VERSION && marker.nodeModules === process.versions.modules && missingNativeFiles(CODE_SERVER_DIR).length === 0;
  } catch {
    return false;
  }
}

function ripgrepTarget(): string {
  if (process.platform !== 'linux') throw new Error(`the offline code-server install is for Linux (Debian); this is ${process.platform}`);
  if (process.arch === 'x64') return 'x86_64-unknown-linux-musl';
  if (process.arch === 'arm64') return 'aarch64-unknown-linux-musl';
  throw new Error(`no ripgrep target known for ${process.arch}`);
}

function shrinkwrapVersion(pkgDir: string, name: string): string {
  const lock = JSON.parse(readFileSync(path.join(pkgDir, 'npm-shrinkwrap.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`${name} is not in ${pkgDir}/npm-shrinkwrap.json`);
  return version;
}

/**
 * @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache folder in the temp dir already holds the
 * release tarball: put Debian's /usr/bin/rg there, packed as the release is (a tarball holding `rg`).
 */
async function prefillRipgrepCache(vscodeDir: string, tmp: string, log: string): Promise<void> {
  const rg = which('rg');
  if (!rg) throw new Error('rg vanished from PATH');
  const cache = path.join(tmp, `vscode-ripgrep-cache-${shrinkwrapVersion(vscodeDir, '@vscode/ripgrep')}`);
  const stage = path.join(tmp, 'rg-stage');
  mkdirSync(cache, { recursive: true });
  mkdirSync(stage, { recursive: true });
  copyFileSync(rg, path.join(stage, 'rg'));
  await run('tar', ['czf', path.join(cache, `ripgrep-${RIPGREP_RELEASE}-${ripgrepTarget()}.tar.gz`), '-C', stage, 'rg'], { cwd: tmp, logFile: log });
}

/**
 * node-gyp builds against Node's headers and downloads them unless told where they are. A Node installed with its
 * headers (Debian's nodejs: /usr/include/node; the official tarballs: <prefix>/include/node) needs no download.
 */
function nodeHeaders(): NodeJS.ProcessEnv {
  if (process.env.npm_config_nodedir) return {};
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return existsSync(path.join(prefix, 'include', 'node', 'common.gypi')) ? { npm_config_nodedir: prefix } : {};
}

function missingNativeFiles(dir: string): Array<[string, string]> {
  return NATIVE_FILES.filter(([pkgDir, file]) => !existsSync(path.join(dir, pkgDir, file))).map(([pkgDir, , pkg]) => [pkgDir, pkg]);
}

/** Installs code-server into .vscode-test/code-server-<version>/ unless it is there already; returns its folder. */
export async function ensureCodeServer(options: { force?: boolean; quiet?: boolean } = {}): Promise<string> {
  const say = (s: string): void => {
    if (!options.quiet) console.log(`install-code-server: ${s}`);
  };
  if (!options.force && isInstalled()) {
    say(`code-server ${CODE_SERVER_VERSION} is installed in ${path.relative(process.cwd(), CODE_SERVER_DIR) || CODE_SERVER_DIR}`);
    return CODE_SERVER_DIR;
  }
  requireNode20();
  await ensureSystemPackages(CODE_SERVER_BUILD, 'To build VS Code\'s server (code-server) once into .vscode-test/');

  const started = performance.now();
  mkdirSync(LOGS, { recursive: true });
  const log = path.join(LOGS, 'install-code-server.log');
  writeFileSync(log, `install of code-server ${CODE_SERVER_VERSION}, ${new Date().toISOString()}\n`);
  // Build in a scratch folder and move it in place at the end: a half-finished install is never taken for one.
  const partial = `${CODE_SERVER_DIR}.partial`;
  rmSync(partial, { recursive: true, force: true });
  rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
  const tmp = path.join(partial, 'tmp');
  mkdirSync(tmp, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...nodeHeaders(),
    // A native module's install step runs `npx node-gyp`; the user config here says `yes=false`.
    npm_config_yes: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    // @vscode/ripgrep looks for its download cache in the temp dir; keep it (and node-gyp's scratch) in here.
    TMPDIR: tmp,
  };
  say(`installing code-server ${CODE_SERVER_VERSION} (VS Code 1.100.3) into ${CODE_SERVER_DIR}, once: a few minutes the first time, kept for every later start; log: ${log}`);
  // Each long step says what it does, then every few seconds that it is still at it.
  const step = (n: number, label: string) => {
    say(`[${n}/5] ${label}…`);
    return { label, say: (line: string) => say(line) };
  };

  let t = performance.now();
  let progress = step(1, 'downloading code-server from the npm registry (about 90 MB)');
  await npm(['pack', `code-server@${CODE_SERVER_VERSION}`, '--pack-destination', partial], { cwd: partial, env, logFile: log, progress });
  const tarball = path.join(partial, `code-server-${CODE_SERVER_VERSION}.tgz`);
  await run('tar', ['xzf', tarball, '-C', partial], { cwd: partial, logFile: log });
  rmSync(tarball);
  const pkg = path.join(partial, 'package');
  say(`npm pack and unpack: ${seconds(t)}`);

  // The package root: its postinstall would run a nested `npm install` that collides, so skip scripts and build
  // the one native module it needs by name.
  t = performance.now();
  progress = step(2, 'installing code-server\'s own dependencies');
  await npm(['install', '--omit=dev', '--ignore-scripts', '--no-save'], { cwd: pkg, env, logFile: log, progress });
  await npm(['rebuild', 'argon2'], { cwd: pkg, env, logFile: log, progress });
  say(`code-server's own dependencies: ${seconds(t)}`);

  // What code-server's postinstall.sh does, step by step.
  t = performance.now();
  const vscode = path.join(pkg, 'lib', 'vscode');
  await prefillRipgrepCache(vscode, tmp, log);
  progress = step(3, 'installing VS Code\'s dependencies and building its native modules (the longest step)');
  await npm(['install', '--omit=dev', '--no-save'], { cwd: vscode, env, logFile: log, progress });
  say(`VS Code's dependencies (native modules built here): ${seconds(t)}`);
  t = performance.now();
  progress = step(4, 'installing the built-in extensions\' dependencies');
  await npm(['install', '--omit=dev', '--no-save'], { cwd: path.join(vscode, 'extensions'), env, logFile: log, progress });
  say(`the built-in extensions' dependencies: ${seconds(t)}`);
  // VS Code looks for some files (the ripgrep binary, oniguruma's wasm) under node_modules.asar.
  await run('ln', ['-sfn', 'node_modules', 'node_modules.asar'], { cwd: vscode, logFile: log });
  for (const [dir, source, link] of [
    ['bin/remote-cli', 'code-linux.sh', 'code-server'],
    ['bin/helpers', 'browser-linux.sh', 'browser.sh'],
  ] as const) {
    rmSync(path.join(vscode, dir, link), { force: true });
    symlinkSync(source, path.join(vscode, dir, link));
  }

  // npm may one day skip dependencies' install scripts that package.json has not approved: build them by name.
  progress = step(5, 'checking the native modules');
  let missing = missingNativeFiles(pkg);
  for (const pkgDir of new Set(missing.map(([d]) => d))) {
    const names = missing.filter(([d]) => d === pkgDir).map(([, n]) => n);
    say(`building ${names.join(', ')} (npm skipped their install scripts)`);
    await npm(['rebuild', ...names], { cwd: path.join(pkg, pkgDir), env, logFile: log, progress });
  }
  missing = missingNativeFiles(pkg);
  if (missing.length > 0) throw new Error(`the install finished without ${missing.map(([, n]) => n).join(', ')}; see ${log}`);

  rmSync(tmp, { recursive: true, force: true });
  const marker: Marker = { version: CODE_SERVER_VERSION, nodeModules: process.versions.modules, installedAt: new Date().toISOString() };
  writeFileSync(path.join(pkg, path.basename(MARKER)), `${JSON.stringify(marker, null, 2)}\n`);
  mkdirSync(VSCODE_TEST, { recursive: true });
  renameSync(pkg, CODE_SERVER_DIR);
  rmSync(partial, { recursive: true, force: true });
  say(`installed in ${seconds(started)}`);
  return CODE_SERVER_DIR;
}

if (require.main === module) {
  ensureCodeServer({ force: process.argv.includes('--force') }).catch((e: unknown) => {
    console.error(e instanceof SetupNeeded ? e.message : `install-code-server: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
