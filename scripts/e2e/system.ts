// The Debian packages the demo (`npm start`), the end-to-end tests (`npm run test:e2e`) and the pre-commit test
// need, and how a fresh machine gets them: as root with apt-get they are installed after saying what and why;
// otherwise the one command to run is printed and the run stops. `npm ci && npm test` needs none of them.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** Where Debian's chromium lives; SECRETDEF_E2E_CHROMIUM overrides it. */
export const CHROMIUM = process.env.SECRETDEF_E2E_CHROMIUM ?? '/usr/bin/chromium';

/** Finds an executable on PATH, like `command -v`. */
export function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export type Requirement = 'ripgrep' | 'build' | 'krb5' | 'python' | 'chromium' | 'fonts' | 'git' | 'pre-commit';

interface RequirementInfo {
  /** The Debian package that provides it. */
  pkg: string;
  /** What it is for, said before installing it. */
  what: string;
  present: () => boolean;
}

export const REQUIREMENTS: Record<Requirement, RequirementInfo> = {
  ripgrep: { pkg: 'ripgrep', what: 'rg, which VS Code searches with (its npm package would download it from GitHub)', present: () => which('rg') !== undefined },
  build: { pkg: 'build-essential', what: 'a C/C++ toolchain (make, g++) to build VS Code\'s native modules', present: () => which('make') !== undefined && which('g++') !== undefined },
  krb5: {
    pkg: 'libkrb5-dev',
    what: 'Kerberos headers for VS Code\'s native module "kerberos"',
    present: () => which('krb5-config') !== undefined || existsSync('/usr/include/gssapi/gssapi.h'),
  },
  python: { pkg: 'python3', what: 'Python, which node-gyp builds native modules with', present: () => which('python3') !== undefined },
  chromium: { pkg: 'chromium', what: `the browser that runs the workbench, headless (${CHROMIUM})`, present: () => existsSync(CHROMIUM) },
  fonts: { pkg: 'fonts-liberation', what: 'fonts, for readable screenshots', present: () => existsSync('/usr/share/fonts/truetype/liberation') },
  git: { pkg: 'git', what: 'git, for the fixture repository', present: () => which('git') !== undefined },
  'pre-commit': { pkg: 'pre-commit', what: 'the pre-commit framework that runs the hook', present: () => which('pre-commit') !== undefined },
};

/** What code-server's first install builds with (install-code-server.ts). */
export const CODE_SERVER_BUILD: readonly Requirement[] = ['ripgrep', 'build', 'krb5', 'python'];

/** What can be asked of this machine: tests give a fake one. */
export interface Machine {
  isRoot: boolean;
  hasAptGet: boolean;
  hasSudo: boolean;
  present(requirement: Requirement): boolean;
}

export function thisMachine(): Machine {
  return {
    isRoot: process.getuid?.() === 0,
    hasAptGet: which('apt-get') !== undefined,
    hasSudo: which('sudo') !== undefined,
    present: (r) => REQUIREMENTS[r].present(),
  };
}

export type SetupPlan =
  /** Nothing is missing. */
  | { kind: 'ready' }
  /** Root with apt-get: install these, after printing `lines` (what and why). */
  | { kind: 'install'; packages: string[]; lines: string[] }
  /** Anyone else: print `lines`, which end with the one command to run, and stop. */
  | { kind: 'ask'; packages: string[]; command: string; lines: string[] };

/** Decides what to do about the missing packages of `requirements`, for `purpose` ("to build code-server once"). */
export function planSystemPackages(requirements: readonly Requirement[], machine: Machine, purpose: string): SetupPlan {
  const missing = [...new Set(requirements)].filter((r) => !machine.present(r));
  if (missing.length === 0) return { kind: 'ready' };
  const packages = [...new Set(missing.map((r) => REQUIREMENTS[r].pkg))];
  const why = missing.map((r) => `  - ${REQUIREMENTS[r].pkg}: ${REQUIREMENTS[r].what}`);
  const head = `${purpose}, this machine needs ${packages.length === 1 ? 'a Debian package' : `${packages.length} Debian packages`} it does not have:`;
  if (machine.isRoot && machine.hasAptGet) {
    return { kind: 'install', packages, lines: [head, ...why, `Installing ${packages.length === 1 ? 'it' : 'them'} with apt-get (as root): apt-get install -y ${packages.join(' ')}`] };
  }
  const install = `apt-get install -y ${packages.join(' ')}`;
  // Not root: sudo where there is one, else su. No apt-get: not Debian; say what to look for.
  const command = !machine.hasAptGet ? `install ${packages.join(', ')} (Debian's names) with your system's package manager` : machine.hasSudo ? `sudo ${install}` : `su -c '${install}'`;
  return { kind: 'ask', packages, command, lines: [head, ...why, `Install ${packages.length === 1 ? 'it' : 'them'}, then run the same command again:`, '', `  ${command}`, ''] };
}

/** Stops a run that needs packages it could not install itself; its message says what to run. */
export class SetupNeeded extends Error {}

export type Exec = (command: string, args: string[]) => Promise<number>;

function execInherit(command: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    child.once('error', reject);
    child.once('close', (code) => resolve(code ?? 1));
  });
}

/**
 * Makes sure `requirements` are present: installs the missing ones as root with apt-get (after saying what and
 * why), or throws SetupNeeded with the one command to run.
 */
export async function ensureSystemPackages(
  requirements: readonly Requirement[],
  purpose: string,
  options: { machine?: Machine; exec?: Exec; say?: (line: string) => void } = {},
): Promise<void> {
  const machine = options.machine ?? thisMachine();
  const say = options.say ?? ((line: string) => console.log(line));
  const exec = options.exec ?? execInherit;
  const plan = planSystemPackages(requirements, machine, purpose);
  if (plan.kind === 'ready') return;
  if (plan.kind === 'ask') throw new SetupNeeded(plan.lines.join('\n'));
  for (const line of plan.lines) say(line);
  if ((await exec('apt-get', ['update', '-q'])) !== 0) throw new SetupNeeded(`apt-get update failed; install the packages by hand, then run again:\n\n  apt-get install -y ${plan.packages.join(' ')}\n`);
  if ((await exec('apt-get', ['install', '-y', '-q', ...plan.packages])) !== 0) throw new SetupNeeded(`apt-get install failed (its output is above); then run again:\n\n  apt-get install -y ${plan.packages.join(' ')}\n`);
  const still = requirements.filter((r) => !machine.present(r));
  if (still.length) throw new SetupNeeded(`installed, yet still missing: ${still.map((r) => `${REQUIREMENTS[r].pkg} (${REQUIREMENTS[r].what})`).join(', ')}`);
  say(`Installed ${plan.packages.join(' ')}.`);
}
