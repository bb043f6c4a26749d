import { getProperty, nodeAtOffset, pathOf, propertyKeyAtOffset, type AstNode, type PathSegment } from '../ast';
import type { Catalog } from '../catalog';
import type { DefinitionDocument } from '../document';
import type { FileKind } from '../kinds';
import { decodeBase64Text, utf8Length } from '../rules/base64';
import { addonKeyEntries, defaultKeyName, variablesOf } from '../rules/northflank';
import { templateReferences } from '../rules/templates';
import { isFreeFormKey, resolveRef, schemaAtPath, schemaType } from '../schema/navigate';
import type { JsonSchema } from '../schema/schemas';
import { checkQoveryTarget, qoveryFileKeys, qoverySecretsOf } from '../values';
import { findSymbolAt, usages } from './references';
import { templateHover } from './templateHover';

export interface Hover {
  /** Markdown. */
  contents: string;
  range: { offset: number; length: number };
}

const PREVIEW_LINES = 5;
const PREVIEW_WIDTH = 100;

/** Documentation of a schema: description, type, allowed values and constraints, as Markdown. */
export function describeSchema(kind: FileKind, schema: JsonSchema, name?: string): string {
  const s = resolveRef(kind, schema);
  const parts: string[] = [];
  const type = schemaType(s);
  if (name !== undefined) parts.push(`**${name}**${type ? ` · \`${type}\`` : ''}`);
  if (s.description) parts.push(s.description);
  const rules: string[] = [];
  if (s.enum) {
    rules.push(`One of:\n${s.enum.map((v, i) => `- \`${String(v)}\`${s.enumDescriptions?.[i] ? ` — ${s.enumDescriptions[i]}` : ''}`).join('\n')}`);
  }
  if (s.minimum !== undefined || s.maximum !== undefined) rules.push(`From ${s.minimum ?? '−∞'} to ${s.maximum ?? '∞'}.`);
  if (s.minLength !== undefined || s.maxLength !== undefined) {
    rules.push(s.minLength !== undefined && s.maxLength !== undefined ? `${s.minLength} to ${s.maxLength} characters.` : s.maxLength !== undefined ? `At most ${s.maxLength} characters.` : `At least ${s.minLength} characters.`);
  }
  if (s.patternErrorMessage) rules.push(s.patternErrorMessage);
  else if (s.pattern) rules.push(`Pattern: \`${s.pattern}\``);
  if (s.format === 'uuid') rules.push('A UUID.');
  if (s.required?.length) rules.push(`Requires: ${s.required.map((r) => `\`${r}\``).join(', ')}.`);
  if (rules.length) parts.push(rules.join('\n\n'));
  const example = Array.isArray(s.examples) ? s.examples[0] : undefined;
  if (example !== undefined && typeof example !== 'object') parts.push(`Example: \`${String(example)}\``);
  return parts.join('\n\n');
}

export interface HoverOptions {
  /** Show the first lines of decoded file data (a secret): only when the person turned it on. */
  showFileContent?: boolean;
}

export function hover(doc: DefinitionDocument, offset: number, catalog: Catalog, options: HoverOptions = {}): Hover | undefined {
  const template = templateHover(doc, offset, hover, options);
  if (template !== undefined) return template ?? undefined;
  const root = doc.root;
  if (!root) return undefined;
  // A `${NAME}` reference, a variable, a Qovery key or target: what it names and where it comes from.
  const symbol = findSymbolAt(doc, offset);
  const key = propertyKeyAtOffset(root, offset);
  if (key) {
    const parentPath = pathOf(key.parent, root);
    const path = [...parentPath, key.key];
    if (isFreeFormKey(doc.kind, parentPath, key.key)) {
      return { contents: freeFormKeyDoc(doc, parentPath, key.key), range: { offset: key.keyOffset, length: key.keyLength } };
    }
    const schema = schemaAtPath(doc.kind, path);
    if (!schema) return undefined;
    return { contents: withAddonNames(doc, key.parent, describeSchema(doc.kind, schema, key.key)), range: { offset: key.keyOffset, length: key.keyLength } };
  }
  const node = nodeAtOffset(root, offset);
  if (!node || node.type === 'object' || node.type === 'array') return undefined;
  if (symbol && symbol.kind === 'template') {
    return { contents: templateDoc(doc, symbol.name), range: symbol.range };
  }
  const path = pathOf(node, root);
  const last = path[path.length - 1];
  if (last === 'data' && node.type === 'string' && (path[1] === 'files' || path[1] === 'dockerSecretMounts')) {
    return { contents: dataPreview(node.value as string, options.showFileContent === true), range: { offset: node.offset, length: node.length } };
  }
  if (doc.kind === 'qovery-secrets' && last === 'target' && node.type === 'string') {
    return { contents: qoveryTargetDoc(doc, node.value as string, path[0] as string, catalog), range: { offset: node.offset, length: node.length } };
  }
  const schema = schemaAtPath(doc.kind, path);
  if (!schema) return undefined;
  const name = typeof last === 'string' ? last : undefined;
  return { contents: withAddonNames(doc, node.parent, describeSchema(doc.kind, schema, name)), range: { offset: node.offset, length: node.length } };
}

/** On an addon key (its keyName or aliases), the variables it produces. */
function withAddonNames(doc: DefinitionDocument, container: AstNode | undefined, text: string): string {
  const keyObject = container?.type === 'array' ? container.parent : container;
  if (!keyObject || keyObject.type !== 'object' || !getProperty(keyObject, 'keyName')) return text;
  const entry = addonKeyEntries(doc.root, doc.kind === 'northflank-link' ? '' : undefined).find((e) => e.keyNameNode.parent === keyObject);
  if (!entry) return text;
  const names = [
    entry.addonId ? `\`${defaultKeyName(entry.addonId, entry.keyName)}\` (default)` : '`NF_<ADDONID>_' + entry.keyName.toUpperCase() + '` (default; the addon is given when the link is pushed)',
    ...entry.aliases.map((a) => `\`${String(a.value)}\` (alias)`),
  ];
  return `${text}\n\n---\n\nThis key sets: ${names.join(', ')}.`;
}

function freeFormKeyDoc(doc: DefinitionDocument, parentPath: PathSegment[], key: string): string {
  const section = parentPath[parentPath.length - 1];
  if (section === 'variables') {
    const uses = usages(doc, key).length;
    return `**${key}** · variable\n\nA secret variable of this group. Its value is masked in previews and never shown in hovers.\n\n${uses === 0 ? 'No `${' + key + '}` reference in this file.' : `Referenced ${uses} time${uses === 1 ? '' : 's'} as \`\${${key}}\` in this file.`}`;
  }
  if (section === 'files') return `**${key}** · secret file\n\nThe absolute path the file is mounted at. Its \`data\` is the base64 encoded content.`;
  if (section === 'dockerSecretMounts') return `**${key}** · Docker secret mount\n\nThe id of the secret in Docker builds (\`RUN --mount=type=secret,id=${key}\`).`;
  return `**${key}**`;
}

function templateDoc(doc: DefinitionDocument, name: string): string {
  if (variablesOf(doc.root)?.properties.some((p) => p.key === name)) return `\`\${${name}}\` · the variable **${name}** of this group (value masked).`;
  const entry = addonKeyEntries(doc.root).find((e) => defaultKeyName(e.addonId, e.keyName) === name || e.aliases.some((a) => a.value === name));
  if (entry) return `\`\${${name}}\` · key **${entry.keyName}** of addon **${entry.addonId}**, linked into this group.`;
  return `\`\${${name}}\` · no variable of this group has this name: it will not be replaced.`;
}

function dataPreview(data: string, show: boolean): string {
  const text = decodeBase64Text(data);
  if (text === undefined) return '**data** · base64 encoded file content\n\nNot previewable: not valid base64, or binary content.';
  const all = text.split(/\r?\n/);
  if (!show) {
    const refs = [...new Set(templateReferences(text).map((r) => r.name))];
    return `**data** · base64 encoded file content: ${utf8Length(text)} bytes, ${all.length} line${all.length === 1 ? '' : 's'} of text${refs.length ? `, referencing ${refs.map((r) => `\`\${${r}}\``).join(', ')}` : ''}.\n\nThe decoded text is a secret and is not shown; the setting \`secretDefinitions.hover.showFileContent\` shows its first lines here.`;
  }
  const shown = all.slice(0, PREVIEW_LINES).map((l) => (l.length > PREVIEW_WIDTH ? `${l.slice(0, PREVIEW_WIDTH)}…` : l));
  const more = all.length > PREVIEW_LINES ? `\n\n…and ${all.length - PREVIEW_LINES} more line${all.length - PREVIEW_LINES === 1 ? '' : 's'}.` : '';
  const fence = '```';
  return `**data** · base64 encoded file content (${utf8Length(text)} bytes decoded)\n\n${fence}text\n${shown.join('\n').replace(/```/g, '`\u200b``')}\n${fence}${more}`;
}

function qoveryTargetDoc(doc: DefinitionDocument, target: string, section: string, catalog: Catalog): string {
  const what = section === 'aliases' ? 'alias' : 'override';
  // The same provider as completion and validation (core/values.ts).
  const file = qoveryFileKeys(doc.root);
  const inFile = file.secrets.has(target);
  const known = qoverySecretsOf(doc.root, catalog);
  const remote = known.status === 'unknown' ? [] : known.items.filter((s) => s.key === target);
  const lines = [`**${target}** · target of this ${what}`];
  if (inFile) lines.push('A secret of this file (scope PROJECT).');
  for (const r of remote) lines.push(`In Qovery: scope ${r.scope}${r.variableType ? `, ${r.variableType}` : ''}${r.aliasOf ? ` (alias of ${r.aliasOf})` : ''}.`);
  if (!inFile && remote.length === 0) lines.push(known.status === 'live' ? 'No secret of this name exists in Qovery.' : 'Not in this file; whether it exists in Qovery is unknown until you sign in.');
  const rejection = section === 'aliases' || section === 'overrides' ? checkQoveryTarget(file, known, target, section) : undefined;
  if (rejection && (inFile || remote.length > 0 || file.aliases.has(target))) lines.push(`Not allowed: ${rejection.message}`);
  lines.push('Scopes: BUILT_IN > PROJECT > ENVIRONMENT > APPLICATION. One level of alias only.');
  return lines.join('\n\n');
}
