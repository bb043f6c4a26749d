/**
 * What a push reads from the machine it runs on, for the CLI and the extension alike (both Node): the age
 * identities as sops finds them, env files (dotenv format), whether a file is tracked by git, and the `.sops.yaml`
 * that applies to a file. The decisions (which places, in which order, what a rule says) are the core's
 * (core/sops/config.ts, core/env); this file only reads. Nothing read here is ever written or logged.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { layerOf, type EnvLayer } from '../core/env/references';
import { creationRuleFor, identityLocations, parseIdentities, type CreationRule } from '../core/sops/config';

export interface FoundIdentities {
  identities: string[];
  /** Where they were looked for, for "no key" messages (paths and variable names, never a key). */
  lookedAt: string;
  /** Places that were named but could not be read (a SOPS_AGE_KEY_FILE that does not exist). */
  problems: string[];
}

function run(command: string, args: string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: options.cwd, timeout: options.timeoutMs ?? 10_000, maxBuffer: 1024 * 1024, windowsHide: true }, (error, stdout) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') reject(error);
      else resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout: String(stdout) });
    });
  });
}

/** The age identities of this machine, found as sops finds them: the union of every place (core/sops/config.ts). */
export async function findAgeIdentities(env: Readonly<Record<string, string | undefined>>, options: { home?: string; platform?: string } = {}): Promise<FoundIdentities> {
  const locations = identityLocations({ env, home: options.home ?? os.homedir(), platform: options.platform ?? process.platform });
  const identities: string[] = [];
  const problems: string[] = [];
  for (const l of locations) {
    let text: string | undefined;
    try {
      if (l.kind === 'inline') text = l.value;
      else if (l.kind === 'file') text = await fs.readFile(l.value, 'utf8');
      else {
        const shell = process.platform === 'win32' ? 'cmd' : 'sh';
        const result = await run(shell, process.platform === 'win32' ? ['/c', l.value] : ['-c', l.value]);
        if (result.code !== 0) problems.push(`${l.label} failed (exit ${String(result.code)})`);
        else text = result.stdout;
      }
    } catch (e) {
      if (!l.optional) problems.push(`${l.label} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    if (text !== undefined) for (const id of parseIdentities(text)) if (!identities.includes(id)) identities.push(id);
  }
  const lookedAt = locations.map((l) => l.label).join(', ') + (problems.length ? `; ${problems.join('; ')}` : '');
  return { identities, lookedAt, problems };
}

/** An env file read with dotenv's parser (its quoting, escapes and comments); throws an Error naming the file. */
export async function readEnvFile(file: string): Promise<EnvLayer> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new Error(`The env file ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  return layerOf(file, parseDotenv(text));
}

/**
 * The layers `${env:NAME}` is resolved from, highest precedence first: the process environment (as dotenv and
 * Node's --env-file do: a variable that is set wins), then the env files, a later one before an earlier one.
 */
export function envLayers(environment: Readonly<Record<string, string | undefined>>, files: readonly EnvLayer[], environmentLabel = 'the environment'): EnvLayer[] {
  return [layerOf(environmentLabel, environment), ...[...files].reverse()];
}

/** Whether git tracks the file: true, false, or undefined when git cannot tell (not installed, not a repository). */
export async function isTrackedByGit(file: string): Promise<boolean | undefined> {
  const dir = path.dirname(path.resolve(file));
  try {
    const inside = await run('git', ['rev-parse', '--is-inside-work-tree'], { cwd: dir });
    if (inside.code !== 0) return undefined;
    const listed = await run('git', ['ls-files', '--error-unmatch', '--', path.basename(file)], { cwd: dir });
    return listed.code === 0;
  } catch {
    return undefined;
  }
}

/** Whether git ignores a path: true, false, or undefined when git cannot tell (not installed, not a repository). */
export async function isIgnoredByGit(file: string): Promise<boolean | undefined> {
  try {
    const r = await run('git', ['check-ignore', '-q', '--', path.basename(file)], { cwd: path.dirname(path.resolve(file)) });
    return r.code === 0 ? true : r.code === 1 ? false : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A `NAME=value` line that dotenv reads back as exactly the value: single quotes (taken literally), else backticks
 * (literal too, and the only quotes that hold both other kinds), else double quotes. Throws for a value no quoting
 * can hold.
 */
export function dotenvLine(name: string, value: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) throw new Error(`"${name}" cannot be a name in an env file.`);
  for (const quote of ["'", '`', '"']) {
    if (value.includes(quote) || (quote === '"' && /\\[nr]/.test(value))) continue;
    const line = `${name}=${quote}${value}${quote}`;
    if (parseDotenv(line)[name] === value) return line;
  }
  throw new Error(`The value of ${name} cannot be written to an env file with dotenv's quoting.`);
}

/** The `.sops.yaml` nearest to a file (its folder, then each parent), and the creation rule that matches the file. */
export async function sopsCreationRule(file: string): Promise<{ config: string; rule: CreationRule | undefined } | undefined> {
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    for (const name of ['.sops.yaml', '.sops.yml']) {
      const config = path.join(dir, name);
      let text: string;
      try {
        text = await fs.readFile(config, 'utf8');
      } catch {
        continue;
      }
      const relative = path.relative(dir, path.resolve(file)).split(path.sep).join('/');
      return { config, rule: creationRuleFor(text, relative) };
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
