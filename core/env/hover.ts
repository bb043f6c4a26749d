/**
 * Hovers of values kept out of git: on a `${env:NAME}` reference, where it will come from (never its value); on an
 * `ENC[...]` value, that it is encrypted; on the `sops` block, for whom the file is encrypted. The caller (the
 * language server) knows where names come from only through the extension, so it passes that in.
 */
import { nodeAtOffset, propertyKeyAtOffset } from '../ast';
import type { DefinitionDocument } from '../document';
import type { Hover } from '../features/hover';
import { readSopsMetadata, describeRule } from '../sops/metadata';
import { envReferences } from './references';
import { valuePositions } from './values';

export interface EnvReferenceAt {
  name: string;
  span: { offset: number; length: number };
}

/** The `${env:NAME}` reference of a secret value under the offset, if any. */
export function envReferenceAt(doc: DefinitionDocument, offset: number): EnvReferenceAt | undefined {
  if (!doc.text.includes('${env:')) return undefined;
  const node = nodeAtOffset(doc.root, offset);
  if (!node || node.type !== 'string') return undefined;
  if (!valuePositions(doc).some((p) => p.node === node)) return undefined;
  const raw = doc.text.slice(node.offset, node.offset + node.length);
  for (const r of envReferences(raw)) {
    const start = node.offset + r.index;
    if (offset >= start && offset <= start + r.length) return { name: r.name, span: { offset: start, length: r.length } };
  }
  return undefined;
}

/**
 * The hover of a reference. `source`: where the name will come from (`the env file .env.local`), null when nothing
 * has it, undefined when that cannot be known here.
 */
export function envReferenceHover(ref: EnvReferenceAt, source: string | null | undefined): Hover {
  const where = source === undefined
    ? 'Resolved from the environment of the push or diff (in the CLI: its environment and `--env-file` files).'
    : source === null
      ? '**Not set** in the environment, the env files (`secretDefinitions.envFiles`) or the secret storage: a push will ask for it, masked; `secretdef` needs it set.'
      : `Comes from ${source}.`;
  return {
    contents: `**\${env:${ref.name}}** — an environment reference, resolved only when you push or diff; its value is never written into the file or shown here.\n\n${where}`,
    range: ref.span,
  };
}

/** The hover of an encrypted value or of the `sops` block of a SOPS file. */
export function sopsHover(doc: DefinitionDocument, offset: number): Hover | undefined {
  const view = doc.sops;
  if (!view) return undefined;
  const block = view.block;
  const blockEnd = block.value ? block.value.offset + block.value.length : block.keyOffset + block.keyLength;
  if (offset >= block.keyOffset && offset <= blockEnd && propertyKeyAtOffset(doc.root, offset) === block) {
    const meta = readSopsMetadata(doc.root);
    if (!meta) return undefined;
    const recipients = meta.age.map((s) => `- \`${s.recipient}\``).join('\n');
    const other = meta.otherKeySources.length ? `\n\nOther key sources (not supported here; use \`sops\`): ${meta.otherKeySources.join(', ')}.` : '';
    return {
      contents: `**SOPS metadata** — never sent to a platform.\n\nEncrypted for ${meta.age.length} age recipient${meta.age.length === 1 ? '' : 's'}:\n${recipients}${other}\n\nEncrypts ${describeRule(meta.rule)}${meta.macOnlyEncrypted ? '; the MAC covers the encrypted values only' : ''}. Last modified ${meta.lastmodified ?? 'unknown'}.`,
      range: { offset: block.keyOffset, length: block.keyLength },
    };
  }
  const node = nodeAtOffset(doc.root, offset);
  if (!node || node.type !== 'string') return undefined;
  const type = view.encrypted.get(node);
  if (!type) return undefined;
  return {
    contents: `**Encrypted** (SOPS, \`type:${type}\`): the value is not shown and not known here, so rules that need it stay silent. Use **Edit decrypted** to see and change it; a push decrypts it in memory.`,
    range: { offset: node.offset, length: node.length },
  };
}
