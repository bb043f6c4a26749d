/**
 * The `sops` block of an encrypted file: who can open it (age stanzas, other key sources), when it was last
 * written, its MAC, and which values its rule encrypts. Layouts of sops 3.8, 3.9 and 3.10 all read: fields are
 * looked up by name (3.8/3.9 write them in struct order with `kms: []` or `null`, 3.10 sorts them and omits
 * empty lists).
 */
import { getProperty, toValue, type AstNode, type ObjectNode, type PropertyNode, type ScalarNode } from '../ast';

export interface AgeStanza {
  recipient: string;
  /** The data key, age-encrypted for that recipient (ASCII armour). */
  enc: string;
}

/** Which values of the file are encrypted: one rule per file. Regexes are Go RE2, matched unanchored. */
export type EncryptionRule =
  | { kind: 'unencrypted_suffix'; value: string }
  | { kind: 'encrypted_suffix'; value: string }
  | { kind: 'unencrypted_regex'; value: string }
  | { kind: 'encrypted_regex'; value: string };

export const DEFAULT_RULE: EncryptionRule = { kind: 'unencrypted_suffix', value: '_unencrypted' };

export interface SopsMetadata {
  /** The `sops` property of the root mapping. */
  property: PropertyNode;
  age: AgeStanza[];
  /** Key sources other than age that hold a stanza (`pgp`, `kms`, `gcp_kms`, `azure_kv`, `hc_vault`, `key_groups`). */
  otherKeySources: string[];
  /** Exactly as written: it is the additional data of the MAC. */
  lastmodified: string | undefined;
  lastmodifiedNode: ScalarNode | undefined;
  mac: string | undefined;
  macNode: ScalarNode | undefined;
  rule: EncryptionRule;
  macOnlyEncrypted: boolean;
  version: string | undefined;
}

const OTHER_SOURCES = ['pgp', 'kms', 'gcp_kms', 'azure_kv', 'hc_vault'] as const;
const RULE_KINDS = ['encrypted_regex', 'unencrypted_regex', 'encrypted_suffix', 'unencrypted_suffix'] as const;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonEmpty(v: unknown): boolean {
  return Array.isArray(v) ? v.length > 0 : isRecord(v) ? Object.keys(v).length > 0 : false;
}

/** The `sops` property of a root mapping that looks like sops metadata (it has a MAC or a lastmodified). */
export function sopsProperty(root: AstNode | undefined): PropertyNode | undefined {
  const p = getProperty(root, 'sops');
  if (!p || p.parent !== root || p.value?.type !== 'object') return undefined;
  return getProperty(p.value, 'mac') || getProperty(p.value, 'lastmodified') ? p : undefined;
}

function ageStanzas(value: unknown): AgeStanza[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).filter((s) => typeof s.recipient === 'string' && typeof s.enc === 'string').map((s) => ({ recipient: s.recipient as string, enc: s.enc as string }));
}

/** The metadata of a file whose root holds a `sops` block; undefined for any other file. */
export function readSopsMetadata(root: AstNode | undefined): SopsMetadata | undefined {
  const property = sopsProperty(root);
  if (!property) return undefined;
  const block = property.value as ObjectNode;
  const raw = toValue(block) as Record<string, unknown>;
  const age = ageStanzas(raw.age);
  const otherKeySources: string[] = OTHER_SOURCES.filter((k) => nonEmpty(raw[k]));
  // Key groups (Shamir's secret sharing) split the key: their age stanzas alone cannot open the file.
  if (nonEmpty(raw.key_groups)) otherKeySources.push('key_groups');
  let rule: EncryptionRule = DEFAULT_RULE;
  for (const kind of RULE_KINDS) {
    const v = raw[kind];
    if (typeof v === 'string' && v !== '') {
      rule = { kind, value: v };
      break;
    }
  }
  const scalar = (key: string): ScalarNode | undefined => {
    const v = getProperty(block, key)?.value;
    return v && v.type !== 'object' && v.type !== 'array' ? v : undefined;
  };
  const lastmodifiedNode = scalar('lastmodified');
  const macNode = scalar('mac');
  return {
    property,
    age,
    otherKeySources,
    lastmodified: typeof lastmodifiedNode?.value === 'string' ? lastmodifiedNode.value : undefined,
    lastmodifiedNode,
    mac: typeof macNode?.value === 'string' ? macNode.value : undefined,
    macNode,
    rule,
    macOnlyEncrypted: raw.mac_only_encrypted === true,
    version: typeof raw.version === 'string' || typeof raw.version === 'number' ? String(raw.version) : undefined,
  };
}

const regexCache = new Map<string, RegExp>();

/**
 * A Go RE2 pattern as a JavaScript RegExp. The syntax both share covers what `.sops.yaml` files use (`^(data|
 * stringData)$`, `password|token`); RE2's leading inline flags `(?i)`, `(?s)`, `(?m)` become RegExp flags.
 */
export function goRegExp(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    const m = /^\(\?([ims]+)\)/.exec(pattern);
    re = m ? new RegExp(pattern.slice(m[0].length), [...new Set(m[1])].join('')) : new RegExp(pattern);
    regexCache.set(pattern, re);
  }
  return re;
}

/** Whether the file's rule encrypts a value whose path holds these keys (list indexes are not keys). */
export function ruleEncrypts(rule: EncryptionRule, keys: readonly string[]): boolean {
  switch (rule.kind) {
    case 'unencrypted_suffix':
      return !keys.some((k) => k.endsWith(rule.value));
    case 'encrypted_suffix':
      return keys.some((k) => k.endsWith(rule.value));
    case 'encrypted_regex': {
      const re = goRegExp(rule.value);
      return keys.some((k) => re.test(k));
    }
    case 'unencrypted_regex': {
      const re = goRegExp(rule.value);
      return !keys.some((k) => re.test(k));
    }
  }
}

/** A rule for people: "every value", "values under keys matching ^(value|data)$". */
export function describeRule(rule: EncryptionRule): string {
  switch (rule.kind) {
    case 'unencrypted_suffix':
      return `every value, except under keys ending in "${rule.value}"`;
    case 'encrypted_suffix':
      return `values under keys ending in "${rule.value}"`;
    case 'encrypted_regex':
      return `values under keys matching ${rule.value}`;
    case 'unencrypted_regex':
      return `every value, except under keys matching ${rule.value}`;
  }
}
