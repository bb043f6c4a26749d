/**
 * Runs the steps of a composite GitHub Action (action.yml) on this machine as the runner would: inputs with their
 * defaults, `${{ }}` expressions in `env`, `with`, `working-directory` and `if`, `shell: bash` steps run with
 * `bash --noprofile --norc -eo pipefail`, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_ENV and RUNNER_TEMP files, step
 * outputs, and later steps skipped after a failure unless their condition says `always()`. Steps that `uses:`
 * another action are not run: they are returned with their evaluated `with`, for the test to check.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';

interface ActionStep {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string>;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}

export interface ActionDefinition {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export interface StepResult {
  name: string;
  outcome: 'success' | 'failure' | 'skipped' | 'not-run-here';
  stdout: string;
  stderr: string;
  /** For `uses:` steps: the action and its evaluated `with`. */
  uses?: string;
  with?: Record<string, string>;
}

export interface ActionRun {
  ok: boolean;
  steps: StepResult[];
  outputs: Record<string, string>;
  summary: string;
  /** Everything the steps printed, in order. */
  log: string;
}

export function readAction(file: string): ActionDefinition {
  return parse(readFileSync(file, 'utf8')) as ActionDefinition;
}

interface Context {
  inputs: Record<string, string>;
  github: Record<string, string>;
  steps: Record<string, { outputs: Record<string, string>; outcome?: string }>;
  failed: boolean;
}

function lookup(expression: string, ctx: Context): string {
  const e = expression.trim();
  let m = /^inputs\.([\w-]+)$/.exec(e);
  if (m) return ctx.inputs[m[1]] ?? '';
  m = /^github\.(\w+)$/.exec(e);
  if (m) {
    if (!(m[1] in ctx.github)) throw new Error(`github.${m[1]} is not set up in this runner`);
    return ctx.github[m[1]];
  }
  m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e);
  if (m) return ctx.steps[m[1]]?.outputs[m[2]] ?? '';
  m = /^'((?:[^']|'')*)'$/.exec(e);
  if (m) return m[1].replace(/''/g, "'");
  throw new Error(`unsupported expression: ${e}`);
}

/** `${{ x }}` inside a string. */
function interpolate(text: string, ctx: Context): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (_, e: string) => lookup(e, ctx));
}

/** A step's condition: terms joined by `&&`, each `always()`, `success()`, `failure()`, `A == B` or `A != B`. */
function condition(text: string | undefined, ctx: Context): boolean {
  const source = (text ?? 'success()').replace(/^\$\{\{(.*)\}\}$/s, '$1').trim();
  const terms = source.split('&&').map((t) => t.trim());
  // As GitHub does: a condition without a status function means `success() && …`.
  const statusless = !terms.some((t) => /^(always|success|failure|cancelled)\(\)$/.test(t));
  if (statusless && ctx.failed) return false;
  return terms.every((term) => {
    if (term === 'always()') return true;
    if (term === 'success()') return !ctx.failed;
    if (term === 'failure()') return ctx.failed;
    const m = /^(.+?)\s*(==|!=)\s*(.+)$/.exec(term);
    if (!m) throw new Error(`unsupported condition: ${term}`);
    const equal = lookup(m[1], ctx) === lookup(m[3], ctx);
    return m[2] === '==' ? equal : !equal;
  });
}

/** The `name=value` and `name<<DELIMITER` lines a step wrote to GITHUB_OUTPUT. */
function readOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([\w-]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const body: string[] = [];
      while (++i < lines.length && lines[i] !== heredoc[2]) body.push(lines[i]);
      out[heredoc[1]] = body.join('\n');
    } else if (lines[i].includes('=')) out[lines[i].slice(0, lines[i].indexOf('='))] = lines[i].slice(lines[i].indexOf('=') + 1);
  }
  return out;
}

function runBash(script: string, options: { cwd: string; env: NodeJS.ProcessEnv; dir: string }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const file = path.join(options.dir, `step-${Date.now()}-${Math.random().toString(36).slice(2)}.sh`);
  writeFileSync(file, script);
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs the action in `actionPath` for a checkout in `workspace`, with the given inputs (as a workflow's `with:`)
 * and the job's environment `env` (what a workflow's `env:` would set).
 */
export async function runAction(actionPath: string, options: { workspace: string; inputs?: Record<string, string>; env?: Record<string, string> }): Promise<ActionRun> {
  const action = readAction(path.join(actionPath, 'action.yml'));
  if (action.runs.using !== 'composite') throw new Error('only composite actions');
  for (const name of Object.keys(options.inputs ?? {})) if (!(name in action.inputs)) throw new Error(`the action has no input "${name}"`);
  const runner = mkdtempSync(path.join(tmpdir(), 'secretdef-runner-'));
  const temp = path.join(runner, 'temp');
  mkdirSync(temp);
  const files = { GITHUB_OUTPUT: '', GITHUB_STEP_SUMMARY: path.join(runner, 'summary.md'), GITHUB_ENV: path.join(runner, 'env'), GITHUB_PATH: path.join(runner, 'path') };
  writeFileSync(files.GITHUB_STEP_SUMMARY, '');
  writeFileSync(files.GITHUB_ENV, '');
  writeFileSync(files.GITHUB_PATH, '');
  const ctx: Context = {
    inputs: Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, options.inputs?.[name] ?? input.default ?? ''])),
    github: { action_path: actionPath, workspace: options.workspace, server_url: 'https://github.com', action_repository: 'secretdef/secret-definitions', action_ref: 'v1' },
    steps: {},
    failed: false,
  };
  const steps: StepResult[] = [];
  let log = '';
  for (const [n, step] of action.runs.steps.entries()) {
    const name = step.name ?? step.uses ?? `step ${n + 1}`;
    if (!condition(step.if, ctx)) {
      steps.push({ name, outcome: 'skipped', stdout: '', stderr: '' });
      if (step.id) ctx.steps[step.id] = { outputs: {}, outcome: 'skipped' };
      continue;
    }
    if (step.uses) {
      const evaluated = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)]));
      steps.push({ name, outcome: 'not-run-here', stdout: '', stderr: '', uses: step.uses, with: evaluated });
      continue;
    }
    if (step.shell !== 'bash') throw new Error(`${name}: only shell: bash steps (composite run steps must name their shell)`);
    files.GITHUB_OUTPUT = path.join(runner, `output-${n}`);
    writeFileSync(files.GITHUB_OUTPUT, '');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: options.workspace,
      GITHUB_ACTION_PATH: actionPath,
      RUNNER_TEMP: temp,
      ...files,
      ...options.env,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)])),
    };
    const cwd = step['working-directory'] ? interpolate(step['working-directory'], ctx) : options.workspace;
    const r = await runBash(step.run ?? '', { cwd, env, dir: runner });
    log += r.stdout + r.stderr;
    const ok = r.code === 0;
    steps.push({ name, outcome: ok ? 'success' : 'failure', stdout: r.stdout, stderr: r.stderr });
    if (step.id) ctx.steps[step.id] = { outputs: readOutputs(files.GITHUB_OUTPUT), outcome: ok ? 'success' : 'failure' };
    if (!ok) ctx.failed = true;
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([name, o]) => [name, interpolate(o.value, ctx)]));
  return { ok: !ctx.failed, steps, outputs, summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'), log };
}
