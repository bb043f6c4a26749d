// Builds dist/ after `npm install` in a checkout that has none, so that this repository installed as a package
// ships a working `secretdef`: pre-commit installs a node hook with `npm install` in its clone, then `npm pack`
// (which must print nothing but the tarball's name, so no build may run there), then `npm install -g`.
// Quiet when dist/cli.js is there; never fails an install (`npm run build` says more).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Only in this repository itself (npm sets INIT_CWD to where `npm install` ran), and only when a build is missing.
const here = process.env.INIT_CWD === undefined || join(process.env.INIT_CWD) === root;
if (here && !existsSync(join(root, 'dist', 'cli.js')) && existsSync(join(root, 'node_modules', 'esbuild'))) {
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) console.error('secretdef: the build after install failed; run `npm run build` to see why.');
}
