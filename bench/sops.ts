/**
 * `npx tsx bench/sops.ts`: validation of a SOPS-encrypted 5,000-variable secret group against the same group in
 * plaintext, in-process (parse + validate, as the language server does on open, and after a one-line edit as it
 * does while typing). Not part of `npm run bench` (it needs no LSP); run it alone, on a quiet machine.
 */
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { generateSecretGroup } from './generate';
import { parseDefinition, validateDocument, type DefinitionDocument } from '../core';
import { encryptSops, type EncryptionRule } from '../core/sops';

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

async function main(): Promise<void> {
  const group = generateSecretGroup(5000, 7);
  const plain = parseDefinition(FILE, group.text);
  if (!plain) throw new Error('not a definition');
  const recipient = await identityToRecipient(await generateIdentity());
  const middle = group.variableLines[Math.floor(group.variableLines.length / 2)];
  console.log(`node ${process.version}, ${RUNS} runs, medians`);
  measure('plaintext', group.text, middle);
  const rules: [string, EncryptionRule | undefined][] = [['SOPS, every value (sops defaults)', undefined], ['SOPS, encrypted_regex ^variables$', { kind: 'encrypted_regex', value: '^variables$' }]];
  for (const [name, rule] of rules) {
    const encrypted = await encryptSops(plain, { recipients: [recipient], rule });
    const doc = parseDefinition(FILE, encrypted);
    if (!doc?.sops) throw new Error('not recognised as SOPS');
    measure(name, encrypted, middle);
  }
}

void main();
