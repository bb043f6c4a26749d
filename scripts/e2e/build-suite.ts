// Builds the extension (npm run build) and compiles the end-to-end suite: test/e2e/suite/index.ts and every
// test/e2e/suite/**/*.test.ts, each to its own CommonJS file under out/e2e/ (vscode and mocha stay external:
// VS Code provides the one, and the other resolves from this repository's node_modules).
import * as esbuild from 'esbuild';
import { readdirSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT, npm } from './common';

export const SUITE_SRC = path.join(ROOT, 'test', 'e2e', 'suite');
export const SUITE_OUT = path.join(ROOT, 'out', 'e2e');
export const SUITE_ENTRY = path.join(SUITE_OUT, 'index.js');
export const FIXTURE_WORKSPACE = path.join(ROOT, 'test', 'e2e', 'workspace');

function testSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return testSources(full);
    return name.endsWith('.test.ts') ? [full] : [];
  });
}

export async function buildSuite(): Promise<void> {
  rmSync(SUITE_OUT, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [path.join(SUITE_SRC, 'index.ts'), ...testSources(SUITE_SRC)],
    outbase: SUITE_SRC,
    outdir: SUITE_OUT,
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

/** `npm run build` (dist/extension.js and dist/server.js), then the suite. */
export async function buildAll(): Promise<void> {
  await npm(['run', 'build', '--silent'], { cwd: ROOT });
  await buildSuite();
}
