// Builds the extension (npm run build) and compiles the end-to-end suites: test/e2e/suite/index.ts and every
// test/e2e/suite/**/*.test.ts, each to its own CommonJS file under out/e2e/, and the same for test/e2e/untrusted/
// under out/e2e-untrusted/ (vscode and mocha stay external: VS Code provides the one, and the other resolves from
// this repository's node_modules).
import * as esbuild from 'esbuild';
import { readdirSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT, npm } from './common';

export const SUITE_SRC = path.join(ROOT, 'test', 'e2e', 'suite');
export const SUITE_OUT = path.join(ROOT, 'out', 'e2e');
export const SUITE_ENTRY = path.join(SUITE_OUT, 'index.js');
export const FIXTURE_WORKSPACE = path.join(ROOT, 'test', 'e2e', 'workspace');
/** The suite of the untrusted phase: run in a workspace VS Code does not trust. */
export const UNTRUSTED_SRC = path.join(ROOT, 'test', 'e2e', 'untrusted');
export const UNTRUSTED_OUT = path.join(ROOT, 'out', 'e2e-untrusted');
export const UNTRUSTED_ENTRY = path.join(UNTRUSTED_OUT, 'index.js');

function testSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return testSources(full);
    return name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Compiles one suite: its index.ts and its *.test.ts files. */
export async function buildSuite(src = SUITE_SRC, out = SUITE_OUT): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [path.join(src, 'index.ts'), ...testSources(src)],
    outbase: src,
    outdir: out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode', 'mocha'],
    mainFields: ['module', 'main'],
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

/** `npm run build` (dist/extension.js and dist/server.js), then both suites. */
export async function buildAll(): Promise<void> {
  await npm(['run', 'build', '--silent'], { cwd: ROOT });
  await Promise.all([buildSuite(), buildSuite(UNTRUSTED_SRC, UNTRUSTED_OUT)]);
}
