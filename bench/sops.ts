/**
 * `npx tsx bench/sops.ts`: validation of a SOPS-encrypted 5,000-variable secret group against the same group in
 * plaintext, in-process (parse + validate, as the language server does on open, and after a one-line edit as it
 * does while typing). Not part of `npm run bench`; run it alone, on a quiet machine.
 *
 * `npx tsx bench/sops.ts --lsp` (after `npm run build`): the same files in the language server over stdio, 30 edits
 * of the clear `priority` (to 130, invalid, and back), each timed from the `didChange` to the diagnostics of its
 * version, as `npm run bench` times edits.
 */
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { generateSecretGroup } from './generate';
import { parseDefinition, validateDocument, type DefinitionDocument } from '../core';
import { encryptSops, type EncryptionRule } from '../core/sops';
import * as path from 'node:path';
import { SERVER_EXEC_ARGV } from '../shared/serverProcess';
import { BenchClient } from './lsp';

const RUNS = Number(process.env.RUNS ?? 15);
const FILE = '/bench/large.northflank-secret.yaml';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

function measure(name: string, text: string, editLine: number): void {
  const open: number[] = [];
  const edit: number[] = [];
  let diagnostics = 0;
  for (let i = 0; i < RUNS; i++) {
    let doc: DefinitionDocument | undefined;
    open.push(time(() => {
      doc = parseDefinition(FILE, text);
      diagnostics = validateDocument(doc as DefinitionDocument).length;
    }));
    // A one-line edit of a variable's value (an encrypted value changes as a whole when it is re-encrypted).
    const lines = text.split('\n');
    lines[editLine] = lines[editLine].replace(/: (.)/, (_m, c: string) => `: ${c === 'x' ? 'y' : 'x'}`);
    const edited = lines.join('\n');
    edit.push(time(() => {
      const next = parseDefinition(FILE, edited, { previous: doc });
      validateDocument(next as DefinitionDocument);
    }));
  }
  console.log(`${name.padEnd(44)} ${(text.length / 1024).toFixed(0).padStart(5)} kB  open ${median(open).toFixed(1).padStart(6)} ms  edit ${median(edit).toFixed(1).padStart(6)} ms  (${diagnostics} diagnostics)`);
}

/** Median and p95 (nearest rank) of the priority edits of a file in the language server over stdio. */
async function overLsp(name: string, text: string): Promise<void> {
  const client = new BenchClient({ label: 'secretdef', command: process.execPath, args: [...SERVER_EXEC_ARGV, path.resolve(__dirname, '..', 'dist', 'server.js'), '--stdio'], languageId: 'secretdef-yaml', settings: {} });
  const uri = 'file:///bench/large.northflank-secret.yaml';
  const line = text.split('\n').findIndex((l) => l.startsWith('priority: '));
  try {
    await client.initialize();
    let mark = client.mark;
    await client.open(uri, text);
    await client.waitFor(uri, mark, (p) => p.version === 1, 60_000, 'open');
    const times: number[] = [];
    for (let i = 0; i < 34; i++) {
      const invalid = i % 2 === 0;
      mark = client.mark;
      const { version, sentAt } = await client.edit(uri, { start: { line, character: 10 }, end: { line, character: client.text(uri).split('\n')[line].length } }, invalid ? '130' : '10');
      const p = await client.waitFor(uri, mark, (x) => x.version === version, 30_000, `edit ${i}`);
      if (p.diagnostics.some((d) => d.range.start.line === line) !== invalid) throw new Error(`${name}: edit ${i}: unexpected diagnostics`);
      if (i >= 4) times.push(p.at - sentAt);
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`${name.padEnd(44)} over LSP: edit median ${median(times).toFixed(1)} ms, p95 ${sorted[Math.ceil(0.95 * sorted.length) - 1].toFixed(1)} ms`);
  } finally {
    await client.dispose();
  }
}

async function main(): Promise<void> {
  const lsp = process.argv.includes('--lsp');
  const group = generateSecretGroup(5000, 7);
  const plain = parseDefinition(FILE, group.text);
  if (!plain) throw new Error('not a definition');
  const recipient = await identityToRecipient(await generateIdentity());
  const middle = group.variableLines[Math.floor(group.variableLines.length / 2)];
  console.log(`node ${process.version}, ${RUNS} runs, medians`);
  if (lsp) await overLsp('plaintext', group.text);
  else measure('plaintext', group.text, middle);
  const rules: [string, EncryptionRule | undefined][] = [['SOPS, every value (sops defaults)', undefined], ['SOPS, encrypted_regex ^variables$', { kind: 'encrypted_regex', value: '^variables$' }]];
  for (const [name, rule] of rules) {
    const encrypted = await encryptSops(plain, { recipients: [recipient], rule });
    const doc = parseDefinition(FILE, encrypted);
    if (!doc?.sops) throw new Error('not recognised as SOPS');
    if (lsp) await overLsp(name, encrypted);
    else measure(name, encrypted, middle);
  }
}

void main();
