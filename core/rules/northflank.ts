import { getProperty, type AstNode, type ObjectNode, type PropertyNode, type ScalarNode } from '../ast';
import { didYouMean } from '../suggest';
import { checkAddonId, checkAddonKey, checkRestrictionTarget } from '../values';
import { classifyBase64, decodeBase64Text } from './base64';
import { itemsOf, KEYED_SECTIONS, keySpan, type KeyedSection, objectAt, stringAt, stringProperty, valueSpan, type NameSet, type RuleContext } from './context';
import { isPlaceholder } from './placeholders';
import { templateReferences } from './templates';

/** The variable Northflank creates for an addon key when no alias is given: NF_<ADDONID>_<KEYNAME>, upper-cased, hyphens kept. */
export function defaultKeyName(addonId: string, keyName: string): string {
  return `NF_${addonId.toUpperCase()}_${keyName.toUpperCase()}`;
}

export interface AddonKeyEntry {
  addonId: string;
  keyName: string;
  keyNameNode: ScalarNode;
  aliases: ScalarNode[];
  /** addonDependencies or externalAddonDependencies */
  list: string;
  /** The first alias node of that name, for messages that point at it. */
  aliasNode(name: string): ScalarNode | undefined;
}

/** `key "USERNAME" of the addon "pg"` (or `of the external addon "pg"`): which entry, in words. */
function describeEntry(e: AddonKeyEntry): string {
  if (!e.addonId) return `key "${e.keyName}"`;
  return `key "${e.keyName}" of the ${e.list === 'externalAddonDependencies' ? 'external addon' : 'addon'} "${e.addonId}"`;
}

/** Every addon key of a secret group (or of an addon link file, whose addon id is not in the file). */
export function addonKeyEntries(root: AstNode | undefined, linkAddonId?: string): AddonKeyEntry[] {
  const out: AddonKeyEntry[] = [];
  const collect = (keys: AstNode | undefined, addonId: string, list: string): void => {
    for (const key of itemsOf(keys)) {
      const keyName = stringProperty(key, 'keyName');
      if (!keyName) continue;
      const aliases = itemsOf(getProperty(key, 'aliases')?.value).filter((a): a is ScalarNode => a.type === 'string');
      out.push({ addonId, keyName: keyName.value, keyNameNode: keyName.node, aliases, list, aliasNode: (name) => aliases.find((a) => a.value === name) });
    }
  };
  if (linkAddonId !== undefined) {
    collect(getProperty(root, 'keys')?.value, linkAddonId, 'keys');
    return out;
  }
  for (const list of ['addonDependencies', 'externalAddonDependencies']) {
    for (const dep of itemsOf(getProperty(root, list)?.value)) {
      const addonId = stringProperty(dep, 'addonId')?.value;
      if (addonId !== undefined) collect(getProperty(dep, 'keys')?.value, addonId, list);
    }
  }
  return out;
}

/** The `secrets.variables` mapping of a secret group, if it has one. */
export function variablesOf(root: AstNode | undefined): ObjectNode | undefined {
  return objectAt(getProperty(objectAt(getProperty(root, 'secrets')?.value), 'variables')?.value);
}

/** The addon ids of a group's `addonDependencies`, each once, in file order. */
export function addonIdsOf(root: AstNode | undefined): string[] {
  const ids: string[] = [];
  for (const dep of itemsOf(getProperty(root, 'addonDependencies')?.value)) {
    const id = stringProperty(dep, 'addonId')?.value;
    if (id !== undefined && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** Every variable name a secret group defines: its variables, and each addon key's default name and aliases. */
export function definedNames(root: AstNode | undefined): Set<string> {
  const names = new Set<string>();
  for (const p of variablesOf(root)?.properties ?? []) names.add(p.key);
  for (const name of addonNames(root)) names.add(name);
  return names;
}

/** The variable names a secret group's addon keys define: each key's default name and its aliases. */
export function addonNames(root: AstNode | undefined): Set<string> {
  const names = new Set<string>();
  for (const entry of addonKeyEntries(root)) {
    names.add(defaultKeyName(entry.addonId, entry.keyName));
    for (const a of entry.aliases) names.add(a.value as string);
  }
  return names;
}

export function northflankSecretRules(ctx: RuleContext): void {
  const root = objectAt(ctx.doc.root);
  if (!root) return;
  duplicateAddons(ctx, root);
  addonKeys(ctx, addonKeyEntries(root), ctx.variables ? { get: (name) => ctx.variables?.keyOffsetOf(name) } : variableNames(root));
  templates(ctx, root);
  restrictions(ctx, root);
  restrictionTargets(ctx, root);
}

export function northflankLinkRules(ctx: RuleContext): void {
  const root = objectAt(ctx.doc.root);
  if (!root) return;
  // The addon is named by the file's binding (or on the command line), not in the file: without it, default
  // names cannot be checked, aliases can.
  addonKeys(ctx, addonKeyEntries(root, ctx.catalog.linkAddonId?.() ?? ''), new Map());
}

function variableNames(root: AstNode): Map<string, number> {
  return new Map((variablesOf(root)?.properties ?? []).map((p) => [p.key, p.keyOffset]));
}

function duplicateAddons(ctx: RuleContext, root: AstNode): void {
  for (const list of ['addonDependencies', 'externalAddonDependencies']) {
    const seen = new Set<string>();
    for (const dep of itemsOf(getProperty(root, list)?.value)) {
      const id = stringProperty(dep, 'addonId');
      if (!id) continue;
      // External addons are not in the project's addon list: only addonDependencies are checked against it.
      const rejection = list === 'addonDependencies' ? checkAddonId(ctx.catalog, id.value) : undefined;
      if (rejection) ctx.report(rejection.code, valueSpan(id.node), rejection.message, rejection.data);
      if (seen.has(id.value)) {
        ctx.report('nf-duplicate-addon', valueSpan(id.node), `The addon "${id.value}" is listed twice in "${list}"; list each addon once, with all its keys.`);
      }
      seen.add(id.value);
    }
  }
}

function addonKeys(ctx: RuleContext, entries: AddonKeyEntry[], variables: { get(name: string): number | undefined }): void {
  const keysPerAddon = new Map<string, Set<string>>();
  const defaults = new Map<string, AddonKeyEntry>();
  for (const e of entries) if (e.addonId) defaults.set(defaultKeyName(e.addonId, e.keyName), e);
  const aliasOwners = new Map<string, AddonKeyEntry>();
  for (const e of entries) {
    const scope = `${e.list}/${e.addonId}`;
    const seen = keysPerAddon.get(scope) ?? new Set<string>();
    keysPerAddon.set(scope, seen);
    if (seen.has(e.keyName)) {
      ctx.report('nf-duplicate-key-name', valueSpan(e.keyNameNode), `The key "${e.keyName}" is listed twice for ${e.addonId ? `the addon "${e.addonId}"` : 'this addon'}; list it once and put all its aliases together.`);
    }
    seen.add(e.keyName);
    liveAddonKey(ctx, e);
    for (const alias of e.aliases) {
      const name = alias.value as string;
      const owner = aliasOwners.get(name);
      if (owner) {
        const line = ctx.doc.lines.positionAt(owner.aliasNode(name)?.offset ?? owner.keyNameNode.offset).line + 1;
        const where = owner === e ? `this key ("${e.keyName}"), on line ${line}` : `${describeEntry(owner)}, on line ${line}`;
        ctx.report('nf-alias-collision', valueSpan(alias), `The alias "${name}" of ${describeEntry(e)} is already an alias of ${where}: only one of them would be set.`);
        continue;
      }
      aliasOwners.set(name, e);
      const variable = variables.get(name);
      if (variable !== undefined) {
        ctx.report('nf-alias-collision', valueSpan(alias), `The alias "${name}" of ${describeEntry(e)} is also the name of the variable on line ${ctx.doc.lines.positionAt(variable).line + 1}: one would overwrite the other.`);
      } else {
        const d = defaults.get(name);
        if (d) ctx.report('nf-alias-collision', valueSpan(alias), `The alias "${name}" of ${describeEntry(e)} is the default name of ${d === e ? 'this very key' : describeEntry(d)}: one would overwrite the other.`);
      }
    }
  }
}

/** With a live catalog only: a key name the addon does not have (core/values.ts decides). */
function liveAddonKey(ctx: RuleContext, e: AddonKeyEntry): void {
  const rejection = checkAddonKey(ctx.catalog, e.addonId, e.keyName);
  if (rejection) ctx.report(rejection.code, valueSpan(e.keyNameNode), rejection.message, rejection.data);
}

function templates(ctx: RuleContext, root: AstNode): void {
  const secrets = objectAt(getProperty(root, 'secrets')?.value);
  if (!secrets) return;
  const names = ctx.variables?.names ?? definedNames(root);
  const variables = objectAt(getProperty(secrets, 'variables')?.value);
  for (const p of variables?.properties ?? []) variableReferences(ctx, p, names);
  for (const section of KEYED_SECTIONS) {
    for (const p of objectAt(getProperty(secrets, section)?.value)?.properties ?? []) fileContent(ctx, section, p, names);
  }
}

/**
 * The rules on one file (or Docker secret mount) of a group: its `data` is base64 and the `${NAME}` references of its
 * content name variables of the group. Gives the names referenced (validate-incremental.ts checks the file again when
 * one of them comes or goes).
 */
export function fileContent(ctx: RuleContext, section: KeyedSection, p: PropertyNode, names: NameSet): string[] {
  const data = stringProperty(p.value, 'data');
  if (!data) return [];
  if (isPlaceholder(data.value)) return []; // reported as a placeholder, not as bad base64
  const what = `${section === 'files' ? 'file' : 'Docker secret mount'} "${p.key}"`;
  const verdict = classifyBase64(data.value);
  if (verdict.kind === 'invalid') {
    ctx.report('nf-invalid-base64', valueSpan(data.node), `The "data" of ${what} is not base64: Northflank expects the file's content base64 encoded, and would decode this text into garbage.`);
    return [];
  }
  if (verdict.kind === 'variant') {
    const form = [verdict.urlSafe ? 'base64url (with "-" and "_")' : '', verdict.padding === 'extra' ? 'padded with more "=" than needed' : verdict.padding === 'wrong' ? 'padded with too few "="' : ''].filter(Boolean).join(', ');
    const decoded = verdict.bytes === 1 ? 'this 1 byte' : `these ${verdict.bytes} bytes`;
    ctx.report('nf-base64-variant', valueSpan(data.node), `The "data" of ${what} is ${form}, not standard base64. Northflank's API (Node.js) decodes it anyway${verdict.urlSafe ? ', reading "-" as "+" and "_" as "/"' : ''}${verdict.padding === 'extra' ? ', ignoring the extra "="' : ''}: the file will hold ${decoded}. Other tools may not read it.`);
  }
  const text = decodeBase64Text(data.value);
  if (text === undefined) return [];
  const refs = templateReferences(text, ctx.doc.container === 'northflank-template').map((r) => r.name);
  const unknown = [...new Set(refs.filter((n) => !names.has(n)))];
  if (unknown.length) {
    ctx.report('nf-unknown-template-variable', valueSpan(data.node), `The content of "${p.key}" references ${unknown.map((n) => `"\${${n}}"`).join(', ')}, which no variable of this group defines; ${unknown.length === 1 ? 'it' : 'they'} will not be replaced.`);
  }
  return refs;
}

/**
 * The `${NAME}` references of one variable's value: those that name no variable of the group are reported. Gives the
 * names referenced (validate-incremental.ts checks a variable again when one of them comes or goes).
 */
export function variableReferences(ctx: RuleContext, p: PropertyNode, names: NameSet): string[] {
  const value = stringAt(p.value);
  if (!value) return [];
  const raw = ctx.doc.source.slice(value.offset, value.offset + value.length);
  const refs = templateReferences(raw, ctx.doc.container === 'northflank-template');
  for (const ref of refs) {
    if (!names.has(ref.name)) {
      ctx.report('nf-unknown-template-variable', { offset: value.offset + ref.index, length: ref.length }, `"\${${ref.name}}" names no variable of this group${suggest(ref.name, names)}; it will not be replaced.`);
    }
  }
  return refs.map((r) => r.name);
}

function suggest(name: string, names: NameSet): string {
  const s = didYouMean(name, [...names]);
  return s.length ? ` (did you mean "${s[0]}"?)` : '';
}

function restrictions(ctx: RuleContext, root: AstNode): void {
  const r = objectAt(getProperty(root, 'restrictions')?.value);
  if (!r) return;
  const restricted = getProperty(r, 'restricted');
  const nonEmpty = (key: string) => itemsOf(getProperty(r, key)?.value).length > 0;
  if (restricted?.value?.type === 'boolean' && restricted.value.value === true && !nonEmpty('nfObjects') && !nonEmpty('tags')) {
    ctx.report('nf-restricted-without-targets', keySpan(restricted), 'The group is restricted but lists no "nfObjects" and no "tags": no service or job could read it.');
  }
  const condition = getProperty(r, 'tagMatchCondition');
  if (condition && !nonEmpty('tags')) {
    ctx.report('nf-tag-match-without-tags', keySpan(condition), '"tagMatchCondition" has no effect without "tags" in "restrictions".');
  }
}

/** With a live catalog only: an nfObject that is no service or job of the project, or of another type. */
function restrictionTargets(ctx: RuleContext, root: AstNode): void {
  if (ctx.catalog.restrictionTargets().status !== 'live') return;
  const nfObjects = getProperty(objectAt(getProperty(root, 'restrictions')?.value), 'nfObjects')?.value;
  for (const item of itemsOf(nfObjects)) {
    const id = stringProperty(item, 'id');
    if (!id) continue;
    const type = stringProperty(item, 'type');
    const rejection = checkRestrictionTarget(ctx.catalog, id.value, type?.value);
    if (rejection) ctx.report(rejection.code, valueSpan(rejection.on === 'type' && type ? type.node : id.node), rejection.message, rejection.data);
  }
}
