/**
 * `npx tsx bench/template.ts` (after `npm run build`): the issue 15 measure. A generated Northflank template with
 * 5,000 variables across 10 secret groups (expressions sprinkled in: arguments, refs, functions), opened in our
 * language server over LSP stdio; a variable's value becomes `${args.MISSING_n}` (an argument the template does not declare) and is restored,
 * 30 times, each change timed from the `didChange` written to the `publishDiagnostics` of its version (median and
 * p95, nearest rank); then a few completions inside an expression and inside a secret group.
 */
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { SERVER_EXEC_ARGV } from '../shared/serverProcess';
import { generateSecretGroup } from './generate';
import { BenchClient } from './lsp';

const ROOT = path.resolve(__dirname, '..');
const GROUPS = 10;
const VARIABLES = 5000;
const EDITS = 30;
const WARMUP = 4;

/** The template, and the line of every variable (to edit). */
export function generateTemplate(groups = GROUPS, variables = VARIABLES): { text: string; variableLines: number[] } {
  const lines: string[] = [];
  const variableLines: number[] = [];
  const push = (l: string) => lines.push(l);
  push('{');
  push('  "apiVersion": "v1.2",');
  push('  "name": "bench",');
  push('  "arguments": { "REGION": "europe-west", "API_KEY": "placeholder" },');
  push('  "spec": {');
  push('    "kind": "Workflow",');
  push('    "spec": {');
  push('      "type": "sequential",');
  push('      "steps": [');
  push('        { "kind": "Project", "ref": "project", "spec": { "name": "bench", "region": "${args.REGION}" } },');
  push('        { "kind": "Addon", "ref": "db", "spec": { "name": "db", "type": "postgresql" } },');
  push('        { "kind": "DeploymentService", "ref": "api", "spec": { "name": "api" } },');
  const per = Math.ceil(variables / groups);
  let n = 0;
  for (let g = 0; g < groups; g++) {
    push('        {');
    push('          "kind": "SecretGroup",');
    push(`          "ref": "group-${g}",`);
    push('          "spec": {');
    push(`            "name": "group-${g}",`);
    push('            "secretType": "environment",');
    push(`            "priority": ${g},`);
    push('            "restrictions": { "restricted": true, "nfObjects": [{ "id": "${refs.api.id}", "type": "service" }] },');
    push('            "addonDependencies": [{ "addonId": "${refs.db.id}", "keys": [{ "keyName": "POSTGRES_URI", "aliases": [' + `"DATABASE_URL_${g}"` + '] }] }],');
    push('            "secrets": {');
    push('              "variables": {');
    const count = Math.min(per, variables - n);
    for (let i = 0; i < count; i++, n++) {
      const value = n % 20 === 0 ? '${args.API_KEY}' : n % 20 === 1 ? 'https://${refs.api.ports.0.dns}/v' + n : n % 20 === 2 ? "${fn.randomSecret(32, 'hex')}" : `value-${n}-${'x'.repeat(20)}`;
      variableLines.push(lines.length);
      push(`                "VAR_${g}_${i}": ${JSON.stringify(value)}${i === count - 1 ? '' : ','}`);
    }
    push('              }');
    push('            }');
    push('          }');
    push(`        }${g === groups - 1 ? '' : ','}`);
  }
  push('      ]');
  push('    }');
  push('  }');
  push('}');
  return { text: lines.join('\n') + '\n', variableLines };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * The same edits on a plain file, for comparison on the same machine at the same time (`--compare`): the large
 * generated secret group of `npm run bench` (5,000 variables, YAML), its value edits timed the same way. In YAML the
 * edit writes `0x1F`, as `npm run bench` does: Northflank's CLI stores it as "31" (a warning); `12345` would be
 * stored as typed, valid.
 */
async function plainFile(): Promise<number[]> {
  const group = generateSecretGroup(VARIABLES);
  const client = new BenchClient({ label: 'secretdef', command: process.execPath, args: [...SERVER_EXEC_ARGV, path.join(ROOT, 'dist', 'server.js'), '--stdio'], languageId: 'secretdef-yaml', settings: {} });
  const uri = 'file:///bench/large.northflank-secret.yaml';
  try {
    await client.initialize();
    let mark = client.mark;
    await client.open(uri, group.text);
    await client.waitFor(uri, mark, (p) => p.version === 1, 60_000, 'open');
    const times: number[] = [];
    for (let i = 0; i < WARMUP + EDITS; i++) {
      const line = group.variableLines[Math.floor(group.variableLines.length / 2) + (i >> 1)];
      const current = client.text(uri).split('\n')[line];
      const colon = current.indexOf(': ') + 2;
      const hash = current.indexOf(' #', colon);
      const end = hash >= 0 ? hash : current.length;
      const invalid = i % 2 === 0;
      mark = client.mark;
      const { version, sentAt } = await client.edit(uri, { start: { line, character: colon }, end: { line, character: end } }, invalid ? '0x1F' : `restored-${i}`);
      const p = await client.waitFor(uri, mark, (x) => x.version === version, 30_000, `edit ${i}`);
      if (p.diagnostics.some((d) => d.range.start.line === line) !== invalid) throw new Error(`plain edit ${i}: unexpected diagnostics`);
      if (i >= WARMUP) times.push(p.at - sentAt);
    }
    return times;
  } finally {
    await client.dispose();
  }
}

async function main(): Promise<void> {
  const compare = process.argv.includes('--compare');
  const before = compare ? await plainFile() : [];
  const { text, variableLines } = generateTemplate();
  const client = new BenchClient({ label: 'secretdef', command: process.execPath, args: [...SERVER_EXEC_ARGV, path.join(ROOT, 'dist', 'server.js'), '--stdio'], languageId: 'secretdef-json', settings: {} });
  const uri = 'file:///bench/bench.northflank-template.json';
  try {
    await client.initialize();
    let mark = client.mark;
    const openedAt = performance.now();
    await client.open(uri, text);
    const opened = await client.waitFor(uri, mark, (p) => p.version === 1, 60_000, 'open');
    if (opened.diagnostics.length) throw new Error(`the generated template has problems: ${opened.diagnostics.map((d) => d.message).join('; ')}`);
    const openMs = opened.at - openedAt;
    const times: number[] = [];
    for (let i = 0; i < WARMUP + EDITS; i++) {
      const line = variableLines[Math.floor(((i >> 1) * 997) % variableLines.length)];
      const current = client.text(uri).split('\n')[line];
      const colon = current.indexOf('": ') + 3;
      const end = current.endsWith(',') ? current.length - 1 : current.length;
      const invalid = i % 2 === 0;
      // A string naming an argument the template does not declare, as typing makes it (a string for a string: the
      // incremental JSON path). A number, true or null would be valid: Northflank stores them as text.
      const newText = JSON.stringify(invalid ? `\${args.MISSING_${i}}` : `restored-${i}`);
      mark = client.mark;
      const { version, sentAt } = await client.edit(uri, { start: { line, character: colon }, end: { line, character: end } }, newText);
      const p = await client.waitFor(uri, mark, (x) => x.version === version, 30_000, `edit ${i}`);
      const onLine = p.diagnostics.some((d: Diagnostic) => d.range.start.line === line && d.code === 'nf-template-unknown-argument');
      if (onLine !== invalid) throw new Error(`edit ${i}: expected ${invalid ? 'an' : 'no'} nf-template-unknown-argument on line ${line + 1}, got ${JSON.stringify(p.diagnostics.map((d) => [d.range.start.line, d.code]))}`);
      if (i >= WARMUP) times.push(p.at - sentAt);
    }
    // Completion: after `${` in a value, and a key inside a secret group.
    const lines = client.text(uri).split('\n');
    const exprLine = lines.findIndex((l) => l.includes('${args.API_KEY}'));
    const exprChar = lines[exprLine].indexOf('${args.API_KEY}') + 2;
    const keyLine = lines.findIndex((l) => l.includes('"secretType"'));
    const completions: number[] = [];
    for (let i = 0; i < 6; i++) {
      const a = await client.completion(uri, { line: exprLine, character: exprChar });
      const b = await client.completion(uri, { line: keyLine, character: 13 });
      if (a.items === 0 || b.items === 0) throw new Error('no completion');
      if (i > 0) completions.push(a.ms, b.ms);
    }
    const memory = client.memory();
    console.log(`template: ${GROUPS} secret groups, ${VARIABLES} variables, ${(text.length / 1024).toFixed(0)} kB of JSON`);
    console.log(`open → diagnostics: ${openMs.toFixed(1)} ms`);
    console.log(`edit a value → diagnostics: median ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms (${times.length} edits)`);
    console.log(`completion: median ${percentile(completions, 50).toFixed(1)} ms, p95 ${percentile(completions, 95).toFixed(1)} ms`);
    console.log(`memory: ${(memory.rss / 1024 / 1024).toFixed(0)} MB resident, ${(memory.hwm / 1024 / 1024).toFixed(0)} MB peak`);
    if (compare) {
      const after = await plainFile();
      const all = [...before, ...after];
      console.log(`plain secret group (5,000 variables, YAML), same edits before and after: median ${percentile(all, 50).toFixed(1)} ms, p95 ${percentile(all, 95).toFixed(1)} ms`);
    }
  } finally {
    await client.dispose();
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack ?? e.message : String(e));
    process.exitCode = 1;
  });
}
