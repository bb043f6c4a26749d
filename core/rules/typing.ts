import { walk, type AstNode, type PropertyNode } from '../ast';
import type { DefinitionDocument } from '../document';
import { mayBeTyped, resolveNorthflankPlain, typingSurprise } from '../parse/dialect';
import type { RuleContext } from './context';

/**
 * YAML 1.1 typing in Northflank files (parse/dialect.ts): an unquoted scalar, value or key, whose stored text is not
 * the text written (`010` is stored as "8"). Each scalar is reported once, where it is written (an alias or a merge
 * shows the anchored node again, at its own place).
 */
export function typingRules(ctx: RuleContext): void {
  const { doc } = ctx;
  if (!typingApplies(doc)) return;
  // Aliases and merges show a node again: report it once. Without them (most files) nothing needs remembering.
  const seen = doc.source.includes('*') ? new Set<number>() : undefined;
  typingUnder(ctx, doc.root, seen);
}

/** The typing rule on every key and scalar of a node, itself included. */
function typingUnder(ctx: RuleContext, node: AstNode | undefined, seen?: Set<number>): void {
  walk(node, (n) => {
    if (n.type === 'object') for (const p of n.properties) keyTyping(ctx, p, seen);
    else scalarTyping(ctx, n, seen);
  });
}

/** The typing rule on one property: its key, and every key and scalar of its value (validate-incremental.ts). */
export function propertyTyping(ctx: RuleContext, p: PropertyNode): void {
  keyTyping(ctx, p);
  typingUnder(ctx, p.value);
}

/** Whether the YAML 1.1 typing rule applies to a document: Northflank YAML files. */
export function typingApplies(doc: Pick<DefinitionDocument, 'syntax' | 'kind'>): boolean {
  return doc.syntax === 'yaml' && (doc.kind === 'northflank-secret' || doc.kind === 'northflank-link');
}

/** The typing rule on one key. */
export function keyTyping(ctx: RuleContext, p: PropertyNode, seen?: Set<number>): void {
  const text = ctx.doc.source;
  if (p.keyLength === 0 || !mayBeTyped(text.charCodeAt(p.keyOffset)) || seen?.has(p.keyOffset)) return;
  seen?.add(p.keyOffset);
  const source = text.slice(p.keyOffset, p.keyOffset + p.keyLength);
  // Sent as written: a key with an explicit tag (`!!str 010:`). A quoted key never gets here (mayBeTyped).
  if (p.key === source) return;
  const stored = typingSurprise(source, true);
  if (stored !== undefined) ctx.report('yaml-implicit-type', { offset: p.keyOffset, length: p.keyLength }, `Northflank's CLI reads YAML 1.1: the unquoted key ${source} is ${kindOf(source)}, so the key sent is "${stored}". Quote it ("${source}") to keep it as written.`);
}

/** The typing rule on one value (a scalar; collections have no typing of their own). */
export function scalarTyping(ctx: RuleContext, node: AstNode, seen?: Set<number>): void {
  const text = ctx.doc.source;
  if (node.type === 'object' || node.type === 'array' || node.style !== 'plain' || node.length === 0 || !mayBeTyped(text.charCodeAt(node.offset)) || seen?.has(node.offset)) return;
  seen?.add(node.offset);
  const source = text.slice(node.offset, node.offset + node.length);
  // Stored as written: a scalar with an explicit tag (`!!str 010`).
  if (node.value === source) return;
  const stored = typingSurprise(source, false);
  if (stored === undefined) return;
  const secret = isSecretValue(node);
  const what = secret ? `this value is ${kindOf(source)}, so ${stored === '' ? 'an empty value is stored' : 'Northflank stores another text than the one written'}` : `${source} is ${kindOf(source)}, so "${stored}" is stored`;
  ctx.report('yaml-implicit-type', { offset: node.offset, length: node.length }, `Northflank's CLI reads YAML 1.1: unquoted, ${what}. Quote it to keep it as written.`);
}

/** A person's name for what YAML 1.1 makes of a plain scalar. */
function kindOf(source: string): string {
  const { type, value } = resolveNorthflankPlain(source);
  if (type === 'null') return 'null (nothing)';
  if (type === 'boolean') return `the boolean ${String(value)}`;
  if (type === 'string') return 'a date (sent as a timestamp with a time and a time zone)';
  const s = source.replace(/^[-+]/, '');
  if (/^0b/.test(s)) return 'a binary number';
  if (/^0x/.test(s)) return 'a hexadecimal number';
  if (s.includes(':')) return 'a base-60 number';
  if (/^0[0-7_]+$/.test(s)) return 'an octal number (a leading 0)';
  if (s.includes('_')) return 'a number (underscores are dropped)';
  if (/^\.(inf|nan)/i.test(s)) return 'an infinite or not-a-number float (sent as null)';
  return 'a number';
}

/** The top-level fields whose values are no secret (a group's settings, addon links, `secrets.files`' encodings). */
const PUBLIC_FIELDS = new Set(['$schema', 'name', 'description', 'stageId', 'tags', 'type', 'secretType', 'priority', 'restrictions', 'addonDependencies', 'externalAddonDependencies', 'keys', 'secrets']);

/**
 * A value that is a secret (a variable's value, a file's data): its text is never put in a message. So is any value
 * outside the fields known to hold none: an anchored value under an unknown key may be merged into the variables.
 */
function isSecretValue(node: AstNode): boolean {
  let n: AstNode | undefined = node;
  while (n?.parent) {
    const key = n.property?.key;
    const parentKey = n.parent.property?.key;
    if (parentKey === 'variables' || key === 'data') return true;
    if (!n.parent.parent) return key === undefined || !PUBLIC_FIELDS.has(key);
    n = n.parent;
  }
  return false;
}
