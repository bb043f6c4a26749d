/**
 * `npm run bench`: our language server against Red Hat's yaml-language-server, over real LSP stdio, on generated
 * Northflank secret groups of three sizes. Prints a table and writes it, with the machine, into BENCHMARKS.md.
 *
 *   npm run bench                      # everything, writes BENCHMARKS.md
 *   npm run bench -- --no-write        # print only
 *   npm run bench -- --only ours --edits 60 --cpu-prof /tmp/prof   # profile our server (writes a .cpuprofile on exit)
 *   npm run bench -- --only ours --sizes large,xlarge --no-hostile # a quicker comparison (prints only)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { generateSecretGroup, type GeneratedGroup } from './generate';
import { HOSTILE } from './hostile';
import { parseDefinition, validateDocument } from '../core';
import { LineIndex } from '../core/text';
import { BenchClient, type Memory, type Publication, type ServerSpec } from './lsp';
import { SERVER_EXEC_ARGV } from '../shared/serverProcess';

const ROOT = path.resolve(__dirname, '..');
const SCHEMA = path.join(ROOT, 'schemas', 'northflank-secret.schema.json');
const YAML_LS_PACKAGE = path.join(ROOT, 'node_modules', 'yaml-language-server');
/** Generous guard against a server that never answers; never a measurement. */
const HANG_GUARD_MS = 30_000;

const SIZES = [
  { name: 'small', variables: 20 },
  { name: 'medium', variables: 500 },
  { name: 'large', variables: 5000 },
  // Issue 12: the cost of an edit must depend on the edit, not on the file. Ours only (yaml-language-server takes
  // seconds per edit at this size).
  { name: 'xlarge', variables: 50_000, oursOnly: true },
] as const;
type SizeName = (typeof SIZES)[number]['name'];

/**
 * The invalid text the timed edits write: a hexadecimal number. yaml-language-server (YAML 1.2, the schema) reports a
 * number where a string belongs; ours reads Northflank files as Northflank's CLI does, where a number is stored as
 * text, and warns that `0x1F` is stored as "31" (yaml-implicit-type). Either way a diagnostic on the edited line.
 */
const INVALID = '0x1F';

const TARGETS = { editMedianMs: 50, ratioToYamlLs: 0.25, completionMedianMs: 20, rssBytes: 100 * 1024 * 1024 };

function servers(cpuProfDir: string | undefined): ServerSpec[] {
  return [
    {
      label: 'secretdef (ours)',
      command: process.execPath,
      args: [...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : []), ...SERVER_EXEC_ARGV, path.join(ROOT, 'dist', 'server.js'), '--stdio'],
      languageId: 'secretdef-yaml',
      settings: { secretDefinitions: { fileAssociations: {} } },
    },
    {
      label: 'yaml-language-server',
      command: process.execPath,
      args: [path.join(YAML_LS_PACKAGE, 'bin', 'yaml-language-server'), '--stdio'],
      languageId: 'yaml',
      settings: {
        yaml: {
          // The bundled schema, mapped onto the benchmark's files, as a user would configure it in VS Code.
          schemas: { [pathToFileURL(SCHEMA).href]: ['*.northflank-secret.yaml'] },
          validate: true,
          completion: true,
          hover: true,
          format: { enable: false },
          // No network here, and the comparison is about the one bundled schema.
          schemaStore: { enable: false, url: '' },
          customTags: [],
          yamlVersion: '1.2',
          maxItemsComputed: 5000,
          disableAdditionalProperties: false,
          disableDefaultProperties: false,
          keyOrdering: false,
          style: { flowMapping: 'allow', flowSequence: 'allow' },
        },
        http: { proxy: '', proxyStrictSSL: false },
        '[yaml]': {},
        editor: { tabSize: 2, detectIndentation: true },
        files: {},
      },
    },
  ];
}

interface Stats {
  median: number;
  p95: number;
  n: number;
}

function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  const p95 = s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)];
  return { median, p95, n: s.length };
}

interface RunResult {
  server: string;
  size: SizeName;
  variables: number;
  bytes: number;
  openMs: number;
  /** Changing a value inside one line (the issue's measure). */
  edit: Stats;
  /** Adding a variable's line, then removing it again: edits that change the file's structure. */
  lines: Stats;
  /** Changing an item of a flow sequence: an edit that parses the whole file (ours re-parses lines of entries only). */
  full: Stats;
  /** One character typed and deleted in the name of the middle variable, as VS Code sends it (a ranged change). */
  charMid: Stats;
  /** One character typed and deleted at the end of the file (in the last file's path). */
  charEnd: Stats;
  /** Publications that arrived between an edit and its own diagnostics (stale or intermediate ones). */
  skipped: number;
  completion: Stats | undefined;
  completionItems: number;
  memory: Memory;
}

/** The diagnostics state an edit must produce: whether some diagnostic starts on `line`. */
function onLine(diagnostics: Diagnostic[], line: number): boolean {
  return diagnostics.some((d) => d.range.start.line === line);
}

/**
 * Applies an edit and waits for the diagnostics of exactly that text. Our server sends the version with its
 * diagnostics (LSP 3.15 `versionSupport`), so the publication for the edit is the one carrying its version.
 * yaml-language-server sends none, so the publication for an edit is the first one, after the edit was sent, whose
 * diagnostics show the state the edit makes (`expectFlag` true: a diagnostic on `line`; false: none there). The edits
 * alternate between those two states and each one is awaited before the next is sent, so an older publication cannot
 * pass for a newer one.
 */
async function timedEdit(
  client: BenchClient,
  uri: string,
  range: { start: { line: number; character: number }; end: { line: number; character: number } },
  newText: string,
  line: number,
  expectFlag: boolean,
): Promise<{ ms: number; skipped: number; publication: Publication }> {
  const from = client.mark;
  const { version, sentAt } = await client.edit(uri, range, newText);
  const versioned = (p: Publication): boolean => p.version === version;
  const matches = (p: Publication): boolean => onLine(p.diagnostics, line) === expectFlag;
  const publication = await client.waitFor(uri, from, (p) => (p.version !== undefined ? versioned(p) : matches(p)), HANG_GUARD_MS, `version ${version}`);
  if (!matches(publication)) {
    throw new Error(`${client.spec.label}: the diagnostics of version ${version} ${expectFlag ? 'lack' : 'still have'} a diagnostic on line ${line + 1}: ${JSON.stringify(publication.diagnostics.slice(0, 3))}`);
  }
  return { ms: publication.at - sentAt, skipped: publication.index - from, publication };
}

/** The value's range on a `    NAME: value` line. */
function valueRange(text: string, line: number): { range: { start: { line: number; character: number }; end: { line: number; character: number } }; value: string } {
  const lineText = text.split('\n')[line];
  const start = lineText.indexOf(': ') + 2;
  return { range: { start: { line, character: start }, end: { line, character: lineText.length } }, value: lineText.slice(start) };
}

/**
 * Before any timing: proves the server validates this file against the schema. An invalid `secretType` must give a
 * diagnostic on its line, and fixing it must clear it. A server that is still loading its settings may validate the
 * first versions without the schema, so the invalid text is re-sent (as a new version) a few times before giving up.
 */
async function verifyValidates(client: BenchClient, uri: string, group: GeneratedGroup): Promise<void> {
  const line = group.text.split('\n').findIndex((l) => l.startsWith('secretType: '));
  const lineText = group.text.split('\n')[line];
  const range = { start: { line, character: 'secretType: '.length }, end: { line, character: lineText.length } };
  for (let attempt = 1; ; attempt++) {
    const from = client.mark;
    const { version } = await client.edit(uri, range, 'enviroment');
    const p = await client.waitFor(uri, from, (x) => x.version === undefined || x.version === version, HANG_GUARD_MS, 'the verification edit');
    if (onLine(p.diagnostics, line)) break;
    if (attempt === 5) {
      throw new Error(`${client.spec.label} does not validate against the schema: "secretType: enviroment" gave no diagnostic on line ${line + 1}. Diagnostics: ${JSON.stringify(p.diagnostics.slice(0, 3))}\nLog: ${client.log.slice(-5).join('\n')}`);
    }
    // Back to the original text, then try again (each try waits for the server's answer, never for a time).
    await client.edit(uri, { start: range.start, end: { line, character: range.start.character + 'enviroment'.length } }, 'environment');
  }
  await timedEdit(client, uri, { start: range.start, end: { line, character: range.start.character + 'enviroment'.length } }, 'environment', line, false);
}

/**
 * A hostile input in our language server: open → diagnostics, then a space typed at the end → diagnostics, and for
 * an input about completion, a completion request where it says (its time counts in the edit's).
 */
async function hostileOverLsp(spec: ServerSpec, file: string, text: string, completionAt?: number): Promise<{ open: number; edit: number }> {
  const uri = pathToFileURL(path.join(os.tmpdir(), 'secretdef-bench', file)).href;
  const client = new BenchClient({ ...spec, languageId: file.endsWith('.json') ? 'secretdef-json' : 'secretdef-yaml' });
  try {
    await client.initialize();
    let from = client.mark;
    const openedAt = performance.now();
    await client.open(uri, text);
    const opened = await client.waitFor(uri, from, () => true, HANG_GUARD_MS, 'the opened hostile file');
    const lines = text.split('\n');
    const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
    from = client.mark;
    const { version, sentAt } = await client.edit(uri, { start: end, end }, ' ');
    const edited = await client.waitFor(uri, from, (p) => p.version === version, HANG_GUARD_MS, 'the edited hostile file');
    const completion = completionAt === undefined ? 0 : (await client.completion(uri, new LineIndex(text).positionAt(completionAt))).ms;
    return { open: opened.at - openedAt, edit: edited.at - sentAt + completion };
  } finally {
    await client.dispose();
  }
}

async function runOne(spec: ServerSpec, size: (typeof SIZES)[number], edits: number): Promise<RunResult> {
  const group = generateSecretGroup(size.variables);
  const uri = pathToFileURL(path.join(os.tmpdir(), 'secretdef-bench', `${size.name}.northflank-secret.yaml`)).href;
  const client = new BenchClient(spec);
  try {
    await client.initialize();
    const from = client.mark;
    const openedAt = performance.now();
    await client.open(uri, group.text);
    const first = await client.waitFor(uri, from, () => true, HANG_GUARD_MS, 'the opened file');
    const openMs = first.at - openedAt;
    await verifyValidates(client, uri, group);

    // The edits: a value in the middle of `secrets.variables` becomes a number (invalid: values are strings), then
    // is restored (valid); each pair moves to another variable.
    const mid = group.variableLines.length >> 1;
    const samples: number[] = [];
    let skipped = 0;
    const warmup = 4;
    for (let i = 0; i < warmup + edits; i++) {
      const line = group.variableLines[(mid + (i >> 1) * 7) % group.variableLines.length];
      const original = valueRange(group.text, line);
      const invalid = i % 2 === 0;
      const range = invalid ? original.range : { start: original.range.start, end: { line, character: original.range.start.character + INVALID.length } };
      const result = await timedEdit(client, uri, range, invalid ? INVALID : original.value, line, invalid);
      if (i >= warmup) {
        samples.push(result.ms);
        skipped += result.skipped;
      }
    }

    // Then structural edits: a new (invalid) variable line is added in the middle, then removed again.
    const lineSamples: number[] = [];
    // Once the line is removed, the variable it pushed down is back on its line, with whatever it had (a generated
    // value may have a warning of its own): seen one line lower while the new line is there.
    let backOnLine = false;
    for (let i = 0; i < warmup + edits; i++) {
      const line = group.variableLines[(mid + 3 + (i >> 1) * 5) % group.variableLines.length];
      const adding = i % 2 === 0;
      const at = { line, character: 0 };
      const range = adding ? { start: at, end: at } : { start: at, end: { line: line + 1, character: 0 } };
      const result = await timedEdit(client, uri, range, adding ? `    BENCH_NEW_${i}: ${INVALID}\n` : '', line, adding || backOnLine);
      if (adding) backOnLine = onLine(result.publication.diagnostics, line + 1);
      if (i >= warmup) {
        lineSamples.push(result.ms);
        skipped += result.skipped;
      }
    }

    // Then edits the fast path does not take (inside a flow sequence), so that every one parses the whole file.
    const fullSamples: number[] = [];
    const flowLine = group.text.split('\n').findIndex((l) => l.includes('aliases: ['));
    const flowText = group.text.split('\n')[flowLine];
    const item = flowText.lastIndexOf(', ') + 2;
    const original = flowText.slice(item, flowText.lastIndexOf(']'));
    for (let i = 0; i < warmup + edits; i++) {
      const invalid = i % 2 === 0;
      const range = { start: { line: flowLine, character: item }, end: { line: flowLine, character: item + (invalid ? original.length : INVALID.length) } };
      const result = await timedEdit(client, uri, range, invalid ? INVALID : original, flowLine, invalid);
      if (i >= warmup) {
        fullSamples.push(result.ms);
        skipped += result.skipped;
      }
    }

    // One-character edits, as typing sends them: a space typed into the middle variable's name (an invalid name),
    // then deleted; and a character typed before the last file's path at the end of the file (a relative path),
    // then deleted.
    const lines = group.text.split('\n');
    const oneChar = async (line: number, character: number, char: string): Promise<number[]> => {
      const times: number[] = [];
      for (let i = 0; i < warmup + edits; i++) {
        const typing = i % 2 === 0;
        const at = { line, character };
        const range = typing ? { start: at, end: at } : { start: at, end: { line, character: character + 1 } };
        const result = await timedEdit(client, uri, range, typing ? char : '', line, typing);
        if (i >= warmup) {
          times.push(result.ms);
          skipped += result.skipped;
        }
      }
      return times;
    };
    const midLine = group.variableLines[mid];
    const charMid = await oneChar(midLine, lines[midLine].indexOf('_') + 1, ' ');
    const endLine = lines.map((l, n) => (l.trimStart().startsWith('/etc/app/') ? n : -1)).filter((n) => n >= 0).pop() ?? lines.length - 2;
    const charEnd = await oneChar(endLine, lines[endLine].indexOf('/'), 'x');

    let completion: Stats | undefined;
    let completionItems = 0;
    if (client.completes) {
      const lines = group.text.split('\n');
      const positions = [
        { line: lines.findIndex((l) => l.startsWith('secretType: ')), character: 'secretType: '.length }, // an enum value
        { line: lines.findIndex((l) => l.startsWith('priority: ')), character: 0 }, // a top-level key
        { line: lines.findIndex((l) => l.startsWith('      type: ')), character: '      type: '.length }, // a nested enum value
        { line: group.variableLines[mid], character: 4 }, // a variable name
      ];
      const times: number[] = [];
      for (const position of positions) await client.completion(uri, position); // warm-up
      for (let rep = 0; rep < 5; rep++) {
        for (const position of positions) {
          const r = await client.completion(uri, position);
          times.push(r.ms);
          completionItems += r.items;
        }
      }
      completion = stats(times);
    }
    const memory = client.memory();
    return { server: spec.label, size: size.name, variables: size.variables, bytes: Buffer.byteLength(group.text), openMs, edit: stats(samples), lines: stats(lineSamples), full: stats(fullSamples), charMid: stats(charMid), charEnd: stats(charEnd), skipped, completion, completionItems, memory };
  } finally {
    await client.dispose();
  }
}

const ms = (n: number): string => (n < 10 ? n.toFixed(1) : n.toFixed(0));
const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(0)} MB`;
const kb = (n: number): string => `${(n / 1000).toFixed(0)} kB`;

function table(results: RunResult[]): string {
  const rows = [
    '| server | file | open → diagnostics | one character mid-variables → diagnostics, median | p95 | one character at the end of the file, median | p95 | edit a value, median | p95 | add/remove a line, median | p95 | edit in a flow sequence (full parse), median | p95 | completion, median | p95 | RSS after edits | peak RSS |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    const c = r.completion;
    rows.push(`| ${r.server} | ${r.size}: ${r.variables} variables, ${kb(r.bytes)} | ${ms(r.openMs)} ms | ${ms(r.charMid.median)} ms | ${ms(r.charMid.p95)} ms | ${ms(r.charEnd.median)} ms | ${ms(r.charEnd.p95)} ms | ${ms(r.edit.median)} ms | ${ms(r.edit.p95)} ms | ${ms(r.lines.median)} ms | ${ms(r.lines.p95)} ms | ${ms(r.full.median)} ms | ${ms(r.full.p95)} ms | ${c ? `${ms(c.median)} ms` : 'n/a'} | ${c ? `${ms(c.p95)} ms` : 'n/a'} | ${mb(r.memory.rss)} | ${mb(r.memory.hwm)} |`);
  }
  return rows.join('\n');
}

function verdicts(results: RunResult[], ours: string, peer: string): string[] {
  const find = (server: string, size: SizeName): RunResult | undefined => results.find((r) => r.server === server && r.size === size);
  const o = find(ours, 'large');
  const y = find(peer, 'large');
  const out: string[] = [];
  const line = (ok: boolean | undefined, text: string): number => out.push(`- ${ok === undefined ? 'n/a ' : ok ? 'PASS' : 'FAIL'} ${text}`);
  if (!o) return out;
  line(o.edit.median <= TARGETS.editMedianMs, `large file, edit → diagnostics median ${ms(o.edit.median)} ms (target ≤ ${TARGETS.editMedianMs} ms)`);
  if (y) line(o.edit.median <= TARGETS.ratioToYamlLs * y.edit.median, `large file, ${ms(o.edit.median)} ms is ${((100 * o.edit.median) / y.edit.median).toFixed(0)} % of yaml-language-server's ${ms(y.edit.median)} ms (target ≤ 25 %)`);
  // Not a target of the issue, but the other kind of edit: it must not fall far behind either.
  line(o.lines.median <= TARGETS.editMedianMs, `large file, adding or removing a line → diagnostics median ${ms(o.lines.median)} ms (the same 50 ms, for information)`);
  if (y) line(o.lines.median <= TARGETS.ratioToYamlLs * y.lines.median, `large file, that is ${((100 * o.lines.median) / y.lines.median).toFixed(0)} % of yaml-language-server's ${ms(y.lines.median)} ms (the same 25 %, for information)`);
  line(o.full.median <= TARGETS.editMedianMs, `large file, an edit that parses the whole file → diagnostics median ${ms(o.full.median)} ms (the same 50 ms, for information)`);
  if (y) line(o.full.median <= TARGETS.ratioToYamlLs * y.full.median, `large file, that is ${((100 * o.full.median) / y.full.median).toFixed(0)} % of yaml-language-server's ${ms(y.full.median)} ms (the same 25 %, for information)`);
  line(o.completion ? o.completion.median <= TARGETS.completionMedianMs : undefined, o.completion ? `large file, completion median ${ms(o.completion.median)} ms (target ≤ ${TARGETS.completionMedianMs} ms)` : 'completion: the server does not advertise completionProvider');
  line(o.memory.hwm < TARGETS.rssBytes, `large file, peak resident memory ${mb(o.memory.hwm)} (target < 100 MB)`);
  // Issue 12, section 5: one-character edits, mid-variables and at the end, on 5,000 and 50,000 variables.
  for (const [what, pick] of [['mid-variables', (r: RunResult) => r.charMid], ['at the end of the file', (r: RunResult) => r.charEnd]] as const) {
    line(pick(o).median <= 25, `5,000 variables, one character ${what}: median ${ms(pick(o).median)} ms (target ≤ 25 ms)`);
    line(pick(o).p95 <= 50, `5,000 variables, one character ${what}: p95 ${ms(pick(o).p95)} ms (target ≤ 50 ms)`);
    const x = find(ours, 'xlarge');
    if (x) line(pick(x).median <= 3 * pick(o).median, `50,000 variables, one character ${what}: median ${ms(pick(x).median)} ms, ${(pick(x).median / pick(o).median).toFixed(1)}× the 5,000-variable median (target ≤ 3×)`);
  }
  return out;
}

function machine(): string[] {
  const cpus = os.cpus();
  const yamlLs = JSON.parse(readFileSync(path.join(YAML_LS_PACKAGE, 'package.json'), 'utf8')) as { version: string };
  return [
    `- Date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- CPU: ${cpus[0]?.model.trim() ?? 'unknown'}, ${cpus.length} cores`,
    `- Memory: ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    `- OS: ${os.type()} ${os.release()}`,
    `- Node: ${process.version}; yaml-language-server ${yamlLs.version}`,
    `- Load average at the start (1, 5, 15 min): ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}; the machine is shared, so other work may run during the bench`,
  ];
}

const BEGIN = '<!-- bench:begin (written by npm run bench; do not edit by hand) -->';
const END = '<!-- bench:end -->';

function writeBenchmarks(section: string): void {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : `# Benchmarks\n\n${BEGIN}\n${END}\n`;
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  if (start < 0 || end < start) throw new Error(`BENCHMARKS.md has no generated section (${BEGIN} … ${END}).`);
  writeFileSync(file, `${current.slice(0, start + BEGIN.length)}\n${section}\n${current.slice(end)}`);
}

const USAGE = `npm run bench -- [options]   (builds first, then measures over LSP)

  --only TEXT      only the servers whose name contains TEXT ("ours", "yaml")
  --sizes LIST     only these files: small, medium, large (5,000 variables), xlarge (50,000; ours only)
  --no-hostile     skip the hostile inputs
  --edits N        timed edits per measure (default 30)
  --cpu-prof DIR   start our server with node --cpu-prof (a .cpuprofile in DIR on exit)
  --no-write       print only (any of --only, --sizes, --no-hostile also prints only)
  --help           this text`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      edits: { type: 'string', default: '30' },
      only: { type: 'string' },
      'no-write': { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
      sizes: { type: 'string' },
      'no-hostile': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const edits = Number(values.edits);
  if (!Number.isInteger(edits) || edits < 2) throw new Error('--edits must be an integer of at least 2.');
  if (!existsSync(path.join(ROOT, 'dist', 'server.js'))) throw new Error('dist/server.js is missing: run npm run build (npm run bench does).');
  const names = values.sizes?.split(',').map((n) => n.trim());
  const unknown = names?.filter((n) => !SIZES.some((size) => size.name === n)) ?? [];
  if (unknown.length) throw new Error(`--sizes: unknown size ${unknown.join(', ')} (known: ${SIZES.map((size) => size.name).join(', ')}).`);
  const partial = Boolean(values.only || names || values['no-hostile']);
  const specs = servers(values['cpu-prof']).filter((s) => !values.only || s.label.toLowerCase().includes(values.only.toLowerCase()));
  if (specs.length === 0) throw new Error(`--only ${values.only}: no server's name contains it (the servers: ${servers(undefined).map((s) => s.label).join(', ')}).`);
  const results: RunResult[] = [];
  const machineLines = machine();
  const started = performance.now();
  for (const spec of specs) {
    for (const size of SIZES) {
      if (names && !names.includes(size.name)) continue;
      if ('oursOnly' in size && spec !== specs.find((x) => x.label.startsWith('secretdef'))) continue;
      const r = await runOne(spec, size, edits);
      results.push(r);
      console.log(`${spec.label.padEnd(22)} ${size.name.padEnd(6)} edit median ${ms(r.edit.median).padStart(5)} ms, p95 ${ms(r.edit.p95).padStart(5)} ms, lines median ${ms(r.lines.median).padStart(5)} ms, full parse median ${ms(r.full.median).padStart(5)} ms${r.completion ? `, completion median ${ms(r.completion.median)} ms` : ''}, RSS ${mb(r.memory.rss)}${r.skipped ? `, ${r.skipped} extra publication(s) skipped` : ''}`);
    }
  }
  // Issue 11 D: hostile inputs at full size. The CLI column reads and validates the file in this process (what
  // `secretdef validate` does, without the process start); the editor columns are our language server over LSP
  // stdio: the file opened, then one character typed at its end, each until its diagnostics are published.
  const hostile: string[] = ['| input | size | read and validate (CLI) | open in the editor | one-character edit (editor) | diagnostics |', '| --- | ---: | ---: | ---: | ---: | ---: |'];
  const oursSpec = servers(undefined)[0];
  for (const input of values['no-hostile'] ? [] : HOSTILE) {
    const text = input.make(1);
    const t0 = performance.now();
    const doc = parseDefinition(`/bench/${input.file}`, text);
    const diagnostics = doc ? validateDocument(doc) : [];
    const t1 = performance.now();
    const editor = await hostileOverLsp(oursSpec, input.file, text, input.completionAt?.(text));
    hostile.push(`| ${input.name} | ${kb(text.length)} | ${ms(t1 - t0)} ms | ${ms(editor.open)} ms | ${ms(editor.edit)} ms | ${diagnostics.length} (${[...new Set(diagnostics.map((d) => d.code))].join(', ') || 'none'}) |`);
    console.log(hostile[hostile.length - 1]);
  }
  const [ours, peer] = servers(undefined).map((s) => s.label);
  const section = [
    '### Machine',
    '',
    ...machineLines,
    `- Load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`,
    `- Edits timed per file: ${edits} value edits, ${edits} line additions/removals and ${edits} flow-sequence edits (each after 4 warm-up edits); completion: 4 positions × 5 requests`,
    '',
    '### Results',
    '',
    table(results),
    '',
    '### Targets (large file)',
    '',
    ...verdicts(results, ours, peer),
    ...(values['no-hostile'] ? [] : ['', '### Hostile inputs (issue 11 D; goal under 1 s each)', '', ...hostile]),
  ].join('\n');
  console.log(`\n${section}\n\n(${((performance.now() - started) / 1000).toFixed(1)} s)`);
  if (!values['no-write'] && !partial) {
    writeBenchmarks(section);
    console.log('Written to BENCHMARKS.md.');
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack ?? e.message : String(e));
  process.exitCode = 1;
});
