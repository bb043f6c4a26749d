/**
 * SOPS-encrypted definition files (age recipients), read and written in memory: decrypt (the MAC verified before
 * any value is used), encrypt a plaintext file, and save an edited plaintext the way `sops edit` does (only changed
 * values encrypted again). The format's details are in ../shared/notes/sops-format.md; a conformance test decrypts a
 * file written by the real sops. Plaintext never leaves memory here: the callers decide where it goes.
 */
import { formatPath, type AstNode, type ObjectNode, type ScalarNode } from '../ast';
import type { SyntaxKind } from '../kinds';
import { computeMac, decryptValue, encryptValue, importDataKey, randomBytes, unwrapDataKey, wrapDataKey, type DataKey } from './cipher';
import { parseEncrypted, type TypedValue } from './envelope';
import { DEFAULT_RULE, describeRule, readSopsMetadata, ruleEncrypts, type AgeStanza, type EncryptionRule, type SopsMetadata } from './metadata';
import { additionalData, clearValue, pathKey, sopsLeaves, type SopsLeaf } from './tree';

export { readSopsMetadata, ruleEncrypts, describeRule, DEFAULT_RULE, goRegExp, type SopsMetadata, type EncryptionRule, type AgeStanza } from './metadata';
export { parseEncrypted, looksEncrypted, jsValue, type TypedValue, type SopsType, type EncryptedValue } from './envelope';
export { sopsLeaves, type SopsLeaf } from './tree';

/** The version of the format this code writes (the `sops.version` of files it encrypts). */
export const SOPS_FORMAT_VERSION = '3.10.2';

export type SopsErrorCode =
  /** No identity opens any of the file's stanzas. */
  | 'no-key'
  /** The file's key is held by a source other than age (PGP, a cloud KMS, Vault, key groups). */
  | 'unsupported-key-source'
  /** The MAC does not match the values: edited by hand, or tampered with. */
  | 'mac-mismatch'
  /** A value does not decrypt with the file's key. */
  | 'tampered'
  /** A value the file's rule encrypts is in clear. */
  | 'cleartext-value'
  /** Not a SOPS file, or a file that is already one, or one that cannot be read. */
  | 'invalid'
  /** An age recipient to encrypt for that is not one (not `age1…`). */
  | 'bad-recipient';

/** Why a SOPS file cannot be read or written: the message says what to do, and never holds a value or a key. */
export class SopsError extends Error {
  constructor(readonly code: SopsErrorCode, message: string) {
    super(message);
    this.name = 'SopsError';
  }
}

/** What the SOPS functions need of a parsed file. */
export interface SopsSource {
  text: string;
  syntax: SyntaxKind;
  root: AstNode | undefined;
}

export interface DecryptedLeaf {
  leaf: SopsLeaf;
  /** Undefined for null. */
  value: TypedValue | undefined;
}

export interface DecryptedFile {
  meta: SopsMetadata;
  leaves: DecryptedLeaf[];
  /** The file as plaintext, without its `sops` block: what "Edit decrypted" shows and `decrypt --stdout` prints. */
  text: string;
}

/** "age1abc…, age1def…" for messages. */
export function describeRecipients(meta: SopsMetadata): string {
  const age = meta.age.map((s) => s.recipient);
  const other = meta.otherKeySources.length ? `${age.length ? '; ' : ''}other key sources: ${meta.otherKeySources.join(', ')}` : '';
  return `${age.length ? `age ${age.join(', ')}` : ''}${other}` || 'no recipient';
}

function rootOf(source: SopsSource): ObjectNode {
  if (source.root?.type !== 'object') throw new SopsError('invalid', 'The file is not a mapping of keys to values: there is nothing sops could encrypt.');
  return source.root;
}

/**
 * A YAML file gets its `sops` block as lines at its end: that reads back only when the root is a block mapping at
 * column 0 that no document marker (`...`, `---`) follows. Refused otherwise, before anything is encrypted: the
 * block would be written where no reader finds it, and the file could not be decrypted again.
 */
function checkAppendable(source: SopsSource, root: ObjectNode): void {
  if (source.syntax !== 'yaml') return;
  const { text } = source;
  if (text[root.offset] === '{') throw new SopsError('invalid', 'The top-level mapping is written in flow style ({…}): write it in block style (one key per line), then encrypt.');
  if (root.offset !== text.lastIndexOf('\n', root.offset) + 1) throw new SopsError('invalid', 'The top-level mapping is indented: start its keys at column 0, then encrypt.');
  // A document marker at column 0 ends the mapping's document (it cannot be inside a value of it).
  if (/^(?:---|\.\.\.)(?:[ \t]|$)/m.test(text.slice(root.offset))) throw new SopsError('invalid', 'The file has text after its top-level mapping (a "..." end marker or another document): remove it, then encrypt.');
}

async function openDataKey(meta: SopsMetadata, identities: readonly string[], lookedAt: string): Promise<Uint8Array> {
  if (!meta.age.length) {
    throw new SopsError('unsupported-key-source', `This file is encrypted with ${meta.otherKeySources.join(', ') || 'no key source'}, not age: that is not supported here; use \`sops exec-file\` (or \`sops decrypt\`) with your keys.`);
  }
  const key = await unwrapDataKey(meta.age, identities);
  if (key) return key;
  const none = identities.length === 0;
  const other = meta.otherKeySources.length ? ` Its other key sources (${meta.otherKeySources.join(', ')}) are not supported here; use \`sops exec-file\` for them.` : '';
  throw new SopsError('no-key', `${none ? 'No age identity was found' : `None of the ${identities.length} age identit${identities.length === 1 ? 'y' : 'ies'} found opens this file`} (looked in ${lookedAt}). It is encrypted for: ${meta.age.map((s) => s.recipient).join(', ')}.${other} Nothing was decrypted.`);
}

/**
 * Decrypts a SOPS file in memory and verifies its MAC before returning anything. Throws a SopsError: no key that
 * fits (naming the recipients), another key source, a value that does not decrypt, a value in clear that the rule
 * encrypts, a MAC that does not match.
 */
export async function decryptSops(source: SopsSource, identities: readonly string[], lookedAt = 'the given identities'): Promise<DecryptedFile & { dataKey: DataKey }> {
  const root = rootOf(source);
  const meta = readSopsMetadata(root);
  if (!meta) throw new SopsError('invalid', 'This file has no `sops` block: it is not encrypted.');
  if (!meta.mac || !meta.lastmodified) throw new SopsError('invalid', 'The `sops` block has no `mac` or no `lastmodified`: the file is damaged and cannot be verified.');
  const dataKey = await importDataKey(await openDataKey(meta, identities, lookedAt));
  const leaves: DecryptedLeaf[] = [];
  for (const leaf of sopsLeaves(root, meta.property.value)) {
    const encrypts = ruleEncrypts(meta.rule, leaf.keys);
    if (leaf.encrypted && encrypts) {
      try {
        leaves.push({ leaf, value: await decryptValue(dataKey, leaf.encrypted, additionalData(leaf.keys)) });
      } catch {
        throw new SopsError('tampered', `The value of ${formatPath(leaf.path)} does not decrypt with this file's key: it was changed by hand or the file is damaged. Refused: nothing is used from it.`);
      }
      continue;
    }
    const value = clearValue(leaf.node, source.text, source.syntax);
    if (encrypts && value && value.text !== '') {
      throw new SopsError('cleartext-value', `The value of ${formatPath(leaf.path)} is in clear, but this file encrypts ${describeRule(meta.rule)}: it was added by hand. Add values with "Edit decrypted" (or \`sops edit\`), which encrypts them.`);
    }
    leaves.push({ leaf, value });
  }
  const expected = await computeMac(macValues(leaves, meta.macOnlyEncrypted), meta.macOnlyEncrypted);
  const stored = parseEncrypted(meta.mac);
  let actual: string | undefined;
  try {
    actual = stored ? (await decryptValue(dataKey, stored, meta.lastmodified)).text : undefined;
  } catch {
    actual = undefined;
  }
  if (actual !== expected) {
    throw new SopsError('mac-mismatch', 'The MAC of this file does not match its values: it was edited outside sops, or tampered with. Refused: nothing is used from it. If the change is yours, make it again with "Edit decrypted" (or `sops edit`).');
  }
  return { meta, leaves, text: plaintextOf(source, meta, leaves), dataKey };
}

function macValues(leaves: readonly DecryptedLeaf[], macOnlyEncrypted: boolean): TypedValue[] {
  const out: TypedValue[] = [];
  for (const l of leaves) if (l.value && (!macOnlyEncrypted || l.leaf.encrypted)) out.push(l.value);
  return out;
}

// ---- Text: values rendered in place, the sops block cut or appended ----

interface Edit {
  offset: number;
  length: number;
  text: string;
}

function applyEdits(text: string, edits: Edit[]): string {
  edits.sort((a, b) => a.offset - b.offset);
  const parts: string[] = [];
  let at = 0;
  for (const e of edits) {
    parts.push(text.slice(at, e.offset), e.text);
    at = e.offset + e.length;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** Whether a YAML node sits in a flow collection (`[a, b]`, `{a: b}`), where a plain `ENC[...]` would not read. */
function inFlow(node: ScalarNode, text: string): boolean {
  const parent = node.parent;
  return !!parent && (text[parent.offset] === '[' || text[parent.offset] === '{');
}

const YAML_RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;
/** Plain in a block mapping: words, URLs, `${env:NAME}`; never `: ` or ` #`, never a leading indicator. */
const YAML_SAFE_PLAIN = /^[A-Za-z_/$][A-Za-z0-9_./@+=${}:?&%-]*(?: [A-Za-z0-9_./@+=${}:?&%-]+)*$/;
const YAML_SAFE_FLOW = /^[A-Za-z_/][A-Za-z0-9_./@+=-]*(?: [A-Za-z0-9_./@+=-]+)*$/;

/** A decrypted value as a scalar of the file's syntax, reading back as the same type and text. */
export function renderValue(value: TypedValue, syntax: SyntaxKind, flow = false): string {
  switch (value.type) {
    case 'int':
      return value.text;
    case 'float':
      if (/^-?\d+$/.test(value.text)) return `${value.text}.0`;
      if (syntax === 'yaml' && /Inf|NaN/.test(value.text)) return value.text === 'NaN' ? '.nan' : value.text.startsWith('-') ? '-.inf' : '.inf';
      return value.text;
    case 'bool':
      return value.text === 'True' ? 'true' : 'false';
    default:
      if (syntax === 'yaml' && (flow ? YAML_SAFE_FLOW : YAML_SAFE_PLAIN).test(value.text) && !/:( |$)/.test(value.text) && !YAML_RESERVED.test(value.text)) return value.text;
      return JSON.stringify(value.text);
  }
}

function renderEncrypted(enc: string, node: ScalarNode, source: SopsSource): string {
  return source.syntax === 'json' || inFlow(node, source.text) ? JSON.stringify(enc) : enc;
}

/**
 * Replaces a scalar's text, keeping the line breaks a block scalar's span ends with. Only YAML's own white space
 * (spaces, tabs, line breaks): a no-break space or an ideographic space at the end of the content is the value's, and
 * kept after the ENC[...] it would make the value a clear text (sops, and our reader, refuse the file).
 */
function replaceScalar(node: ScalarNode, text: string, replacement: string): Edit {
  const original = text.slice(node.offset, node.offset + node.length);
  const trailing = node.style === 'block' ? /[ \t\r\n]*$/.exec(original)?.[0] ?? '' : '';
  return { offset: node.offset, length: node.length, text: replacement + trailing };
}

/** The span of the `sops` property with its line (YAML) or its separating comma (JSON). */
function sopsBlockSpan(source: SopsSource, meta: SopsMetadata): { offset: number; length: number } {
  const { text } = source;
  const p = meta.property;
  const end = p.value ? p.value.offset + p.value.length : p.keyOffset + p.keyLength;
  if (source.syntax === 'yaml') {
    const start = text.lastIndexOf('\n', p.keyOffset - 1) + 1;
    let stop = end;
    if (text[stop - 1] !== '\n') {
      const nl = text.indexOf('\n', stop);
      stop = nl < 0 ? text.length : nl + 1;
    }
    return { offset: start, length: stop - start };
  }
  // JSON: take the comma before it (or, for the first property, the one after it).
  let start = p.keyOffset;
  // The key's span may exclude its quotes.
  if (text[start] !== '"' && text[start - 1] === '"') start--;
  let i = start - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  if (text[i] === ',') return { offset: i, length: end - i };
  let j = end;
  while (j < text.length && /\s/.test(text[j])) j++;
  if (text[j] === ',') j++;
  while (j < text.length && /[ \t]/.test(text[j])) j++;
  return { offset: start, length: j - start };
}

function plaintextOf(source: SopsSource, meta: SopsMetadata, leaves: readonly DecryptedLeaf[]): string {
  const edits: Edit[] = [];
  for (const { leaf, value } of leaves) {
    if (leaf.encrypted && value) edits.push(replaceScalar(leaf.node, source.text, renderValue(value, source.syntax, source.syntax === 'yaml' && inFlow(leaf.node, source.text))));
  }
  edits.push({ ...sopsBlockSpan(source, meta), text: '' });
  return applyEdits(source.text, edits);
}

/** RFC 3339 in UTC without fractions, as sops writes `lastmodified`. */
export function sopsTimestamp(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

interface EncryptedLeaves {
  edits: Edit[];
  mac: string;
}

/** Encrypts the values the rule encrypts (reusing the ciphertext of unchanged ones) and computes the MAC. */
async function encryptLeaves(source: SopsSource, root: ObjectNode, key: DataKey, rule: EncryptionRule, macOnlyEncrypted: boolean, previous?: Map<string, DecryptedLeaf>): Promise<EncryptedLeaves> {
  const edits: Edit[] = [];
  const hashed: TypedValue[] = [];
  for (const leaf of sopsLeaves(root)) {
    if (leaf.encrypted) throw new SopsError('invalid', `${formatPath(leaf.path)} already holds an encrypted value (ENC[...]): decrypt the file first, or edit it with "Edit decrypted".`);
    const value = clearValue(leaf.node, source.text, source.syntax);
    if (!value) continue;
    const encrypts = ruleEncrypts(rule, leaf.keys) && value.text !== '';
    if (encrypts) {
      const before = previous?.get(pathKey(leaf.path));
      const reuse = before?.leaf.encrypted && before.value && before.value.type === value.type && before.value.text === value.text;
      const enc = reuse ? (before.leaf.node.value as string) : await encryptValue(key, value, additionalData(leaf.keys));
      edits.push(replaceScalar(leaf.node, source.text, renderEncrypted(enc, leaf.node, source)));
    }
    if (!macOnlyEncrypted || encrypts) hashed.push(value);
  }
  return { edits, mac: await computeMac(hashed, macOnlyEncrypted) };
}

export interface EncryptOptions {
  /** age recipients (`age1…`): at least one. */
  recipients: readonly string[];
  rule?: EncryptionRule;
  macOnlyEncrypted?: boolean;
  now?: Date;
}

/** The metadata block of a new file, in sops 3.10's layout (sorted keys, no empty lists). */
function metadataBlock(stanzas: readonly AgeStanza[], lastmodified: string, mac: string, rule: EncryptionRule, macOnlyEncrypted: boolean): Record<string, unknown> {
  return {
    age: stanzas.map((s) => ({ enc: s.enc, recipient: s.recipient })),
    lastmodified,
    mac,
    ...(macOnlyEncrypted ? { mac_only_encrypted: true } : {}),
    [rule.kind]: rule.value,
    version: SOPS_FORMAT_VERSION,
  };
}

function yamlBlock(meta: Record<string, unknown>): string {
  const lines = ['sops:'];
  for (const [key, value] of Object.entries(meta)) {
    if (key === 'age') {
      lines.push('  age:');
      for (const s of value as AgeStanza[]) {
        lines.push(`    - recipient: ${s.recipient}`, '      enc: |');
        for (const l of s.enc.replace(/\n$/, '').split('\n')) lines.push(`        ${l}`);
      }
    } else if (typeof value === 'string') {
      const plain = key === 'mac' || (key !== 'lastmodified' && /^(?:[A-Za-z_][A-Za-z0-9_.-]*|\d+\.\d+\.\d+)$/.test(value));
      lines.push(`  ${key}: ${plain ? value : JSON.stringify(value)}`);
    } else {
      lines.push(`  ${key}: ${String(value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The indentation of the root's first property in a JSON text (two spaces when it cannot be seen). */
function jsonIndent(text: string, root: ObjectNode): string {
  const first = root.properties[0];
  if (!first) return '  ';
  const lineStart = text.lastIndexOf('\n', first.keyOffset) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, first.keyOffset))?.[0] || '  ';
}

/** Adds the sops block after the root's last property (JSON) or at the end (YAML). */
function appendBlock(source: SopsSource, root: ObjectNode, edits: Edit[], block: { yaml: string } | { json: string }): void {
  if (source.syntax === 'yaml') {
    const text = source.text;
    const end = text.length;
    edits.push({ offset: end, length: 0, text: `${text.endsWith('\n') || text === '' ? '' : '\n'}${'yaml' in block ? block.yaml : ''}` });
    return;
  }
  const last = root.properties[root.properties.length - 1];
  const indent = jsonIndent(source.text, root);
  const json = 'json' in block ? block.json : '';
  if (!last) {
    edits.push({ offset: root.offset + 1, length: 0, text: `\n${indent}"sops": ${json}\n` });
    return;
  }
  edits.push({ offset: last.offset + last.length, length: 0, text: `,\n${indent}"sops": ${json}` });
}

/**
 * A top-level `sops` key that is not sops' block: the encrypted file would hold the key twice, and sops (which keeps
 * its metadata under that key) refuses such a file ("file already encrypted"). Refused the same way, before anything
 * is encrypted.
 */
function refuseOwnSopsKey(root: ObjectNode, what: string): void {
  if (root.properties.some((p) => p.key === 'sops')) {
    throw new SopsError('invalid', `${what} has a top-level \`sops\` key of its own: sops keeps its metadata under that key and would refuse the encrypted file. Rename the key.`);
  }
}

/** Encrypts a plaintext definition file for the given age recipients: the text of the encrypted file. */
export async function encryptSops(source: SopsSource, options: EncryptOptions): Promise<string> {
  const root = rootOf(source);
  if (readSopsMetadata(root)) throw new SopsError('invalid', 'This file is already SOPS-encrypted (it has a `sops` block).');
  refuseOwnSopsKey(root, 'The file');
  checkAppendable(source, root);
  if (!options.recipients.length) throw new SopsError('invalid', 'No age recipient was given: name at least one (age1…).');
  const secretKey = options.recipients.findIndex((r) => /^\s*AGE-SECRET-KEY-/i.test(r));
  if (secretKey >= 0) {
    throw new SopsError('bad-recipient', `Age recipient ${secretKey + 1} of ${options.recipients.length} is an age secret key, not a recipient: give its public key (age1…; \`age-keygen -y KEYFILE\` prints it), and keep the secret key out of commands and files.`);
  }
  const rule = options.rule ?? DEFAULT_RULE;
  const macOnlyEncrypted = options.macOnlyEncrypted === true;
  const raw = randomBytes(32);
  const key = await importDataKey(raw);
  const { edits, mac } = await encryptLeaves(source, root, key, rule, macOnlyEncrypted);
  const lastmodified = sopsTimestamp(options.now ?? new Date());
  const encryptedMac = await encryptValue(key, { type: 'str', text: mac }, lastmodified);
  let stanzas: AgeStanza[];
  try {
    stanzas = await wrapDataKey(raw, options.recipients);
  } catch (e) {
    throw new SopsError('bad-recipient', `An age recipient is not valid (${e instanceof Error ? e.message : String(e)}): a recipient looks like age1… .`);
  } finally {
    raw.fill(0);
  }
  const meta = metadataBlock(stanzas, lastmodified, encryptedMac, rule, macOnlyEncrypted);
  if (source.syntax === 'yaml') appendBlock(source, root, edits, { yaml: yamlBlock(meta) });
  else {
    const indent = jsonIndent(source.text, root);
    appendBlock(source, root, edits, { json: JSON.stringify(meta, null, indent).replace(/\n/g, `\n${indent}`) });
  }
  return applyEdits(source.text, edits);
}

/**
 * Saves an edited plaintext into its encrypted file, as `sops edit` does: the encrypted file is decrypted again
 * (its MAC verified), values that did not change keep their ciphertext (small git diffs), changed and new ones are
 * encrypted with the file's key, and `lastmodified` and the MAC are written anew. The `sops` block is kept as it was
 * otherwise. Returns the new encrypted text.
 */
export async function reencryptSops(encrypted: SopsSource, identities: readonly string[], edited: SopsSource, options: { now?: Date; lookedAt?: string } = {}): Promise<string> {
  const before = await decryptSops(encrypted, identities, options.lookedAt);
  const root = rootOf(edited);
  if (readSopsMetadata(root)) throw new SopsError('invalid', 'The edited text has a `sops` block of its own: remove it; the file\'s block is kept for you.');
  refuseOwnSopsKey(root, 'The edited text');
  checkAppendable(edited, root);
  const previous = new Map(before.leaves.map((l) => [pathKey(l.leaf.path), l]));
  const { meta } = before;
  const { edits, mac } = await encryptLeaves(edited, root, before.dataKey, meta.rule, meta.macOnlyEncrypted, previous);
  const lastmodified = sopsTimestamp(options.now ?? new Date());
  const encryptedMac = await encryptValue(before.dataKey, { type: 'str', text: mac }, lastmodified);
  // The old block with the new lastmodified and MAC.
  const p = meta.property;
  const blockStart = encrypted.syntax === 'json' && encrypted.text[p.keyOffset] !== '"' && encrypted.text[p.keyOffset - 1] === '"' ? p.keyOffset - 1 : p.keyOffset;
  const blockEnd = p.value ? p.value.offset + p.value.length : p.keyOffset + p.keyLength;
  const blockEdits: Edit[] = [];
  if (meta.lastmodifiedNode) blockEdits.push({ offset: meta.lastmodifiedNode.offset - blockStart, length: meta.lastmodifiedNode.length, text: JSON.stringify(lastmodified) });
  if (meta.macNode) blockEdits.push({ offset: meta.macNode.offset - blockStart, length: meta.macNode.length, text: encrypted.syntax === 'json' ? JSON.stringify(encryptedMac) : encryptedMac });
  const block = applyEdits(encrypted.text.slice(blockStart, blockEnd), blockEdits);
  if (edited.syntax === 'yaml') {
    appendBlock(edited, root, edits, { yaml: block.endsWith('\n') ? block : `${block}\n` });
  } else {
    // The JSON block starts with its key: insert it whole.
    const last = root.properties[root.properties.length - 1];
    const indent = jsonIndent(edited.text, root);
    if (last) edits.push({ offset: last.offset + last.length, length: 0, text: `,\n${indent}${block}` });
    else edits.push({ offset: root.offset + 1, length: 0, text: `\n${indent}${block}\n` });
  }
  return applyEdits(edited.text, edits);
}
