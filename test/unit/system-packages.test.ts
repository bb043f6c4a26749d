/**
 * How `npm start`, `npm run test:e2e` and the pre-commit test get their Debian packages on a fresh machine
 * (scripts/e2e/system.ts), with faked probes: nothing is installed or removed on this machine.
 */
import * as assert from 'node:assert/strict';
import { CODE_SERVER_BUILD, ensureSystemPackages, planSystemPackages, SetupNeeded, type Machine, type Requirement } from '../../scripts/e2e/system';
import { lastLogLine } from '../../scripts/e2e/common';

function machine(options: { root: boolean; apt?: boolean; sudo?: boolean; missing: Requirement[]; installs?: boolean }): Machine & { installed: Set<Requirement> } {
  const installed = new Set<Requirement>();
  return {
    isRoot: options.root,
    hasAptGet: options.apt ?? true,
    hasSudo: options.sudo ?? false,
    installed,
    present: (r) => !options.missing.includes(r) || installed.has(r),
  };
}

const PURPOSE = 'To start the demo';

describe('system packages on a fresh machine', () => {
  it('does nothing when everything is there', async () => {
    const m = machine({ root: true, missing: [] });
    assert.deepEqual(planSystemPackages([...CODE_SERVER_BUILD, 'chromium'], m, PURPOSE), { kind: 'ready' });
    const calls: string[][] = [];
    await ensureSystemPackages(CODE_SERVER_BUILD, PURPOSE, { machine: m, exec: async (c, a) => (calls.push([c, ...a]), 0), say: () => undefined });
    assert.deepEqual(calls, []);
  });

  it('as root with apt-get: says what and why, then installs every missing package in one command', async () => {
    const m = machine({ root: true, missing: ['ripgrep', 'krb5', 'chromium'] });
    const said: string[] = [];
    const calls: string[][] = [];
    const exec = async (command: string, args: string[]) => {
      calls.push([command, ...args]);
      if (args[0] === 'install') for (const r of ['ripgrep', 'krb5', 'chromium'] as const) m.installed.add(r);
      return 0;
    };
    await ensureSystemPackages([...CODE_SERVER_BUILD, 'chromium'], PURPOSE, { machine: m, exec, say: (l) => said.push(l) });
    assert.deepEqual(calls, [['apt-get', 'update', '-q'], ['apt-get', 'install', '-y', '-q', 'ripgrep', 'libkrb5-dev', 'chromium']]);
    assert.deepEqual(said, [
      'To start the demo, this machine needs 3 Debian packages it does not have:',
      '  - ripgrep: rg, which VS Code searches with (its npm package would download it from GitHub)',
      '  - libkrb5-dev: Kerberos headers for VS Code\'s native module "kerberos"',
      '  - chromium: the browser that runs the workbench, headless (/usr/bin/chromium)',
      'Installing them with apt-get (as root): apt-get install -y ripgrep libkrb5-dev chromium',
      'Installed ripgrep libkrb5-dev chromium.',
    ]);
  });

  it('not root: installs nothing and stops with the one command to run (sudo where there is one)', async () => {
    const m = machine({ root: false, sudo: true, missing: ['build', 'python'] });
    const plan = planSystemPackages(CODE_SERVER_BUILD, m, PURPOSE);
    assert.equal(plan.kind, 'ask');
    assert.equal(plan.kind === 'ask' && plan.command, 'sudo apt-get install -y build-essential python3');
    const calls: string[][] = [];
    await assert.rejects(
      ensureSystemPackages(CODE_SERVER_BUILD, PURPOSE, { machine: m, exec: async (c, a) => (calls.push([c, ...a]), 0), say: () => undefined }),
      (e: unknown) => e instanceof SetupNeeded && /needs 2 Debian packages/.test(e.message) && /\n {2}sudo apt-get install -y build-essential python3\n/.test(e.message) && /build-essential: a C\/C\+\+ toolchain/.test(e.message),
    );
    assert.deepEqual(calls, []);
    const noSudo = planSystemPackages(['chromium'], machine({ root: false, missing: ['chromium'] }), PURPOSE);
    assert.equal(noSudo.kind === 'ask' && noSudo.command, "su -c 'apt-get install -y chromium'");
  });

  it('without apt-get (not Debian): names the packages to look for', () => {
    const plan = planSystemPackages(['ripgrep'], machine({ root: true, apt: false, missing: ['ripgrep'] }), PURPOSE);
    assert.equal(plan.kind === 'ask' && plan.command, "install ripgrep (Debian's names) with your system's package manager");
  });

  it('stops with the command when apt-get fails or the package still is not there', async () => {
    const failing = machine({ root: true, missing: ['chromium'] });
    await assert.rejects(ensureSystemPackages(['chromium'], PURPOSE, { machine: failing, exec: async (_, a) => (a[0] === 'install' ? 100 : 0), say: () => undefined }), /apt-get install failed .*\n\n {2}apt-get install -y chromium/s);
    await assert.rejects(ensureSystemPackages(['chromium'], PURPOSE, { machine: failing, exec: async () => 0, say: () => undefined }), /still missing: chromium/);
  });

  it('lists a package once for two needs it covers', () => {
    const plan = planSystemPackages(['chromium', 'chromium'], machine({ root: true, missing: ['chromium'] }), PURPOSE);
    assert.deepEqual(plan.kind === 'install' && plan.packages, ['chromium']);
  });

  it('shows the last line of a build log as progress, shortened', () => {
    assert.equal(lastLogLine('a\n  gyp info   spawn make  \n\n'), 'gyp info spawn make');
    assert.equal(lastLogLine(`${'x'.repeat(200)}\n`, 10), `${'x'.repeat(9)}…`);
  });
});
