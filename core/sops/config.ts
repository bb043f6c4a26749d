/**
 * What sops decides from its surroundings, without touching them: which creation rule of a `.sops.yaml` applies
 * to a file, where age identities are looked for, and what a keys file holds. The Node side (sync/local.ts) reads
 * the files and the environment and hands them in.
 */
import { parse } from 'yaml';
import { goRegExp, type EncryptionRule } from './metadata';

export interface CreationRule {
  /** age recipients of the rule. */
  recipients: string[];
  rule?: EncryptionRule;
  macOnlyEncrypted: boolean;
  /** Key sources of the rule that are not age (PGP, KMS, Vault, key groups): not supported here. */
  unsupported: string[];
  /** The rule's `path_regex`, for messages. */
  pathRegex?: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function list(v: unknown): string[] {
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(v)) return v.flatMap(list);
  return [];
}

/**
 * The first creation rule of a `.sops.yaml` whose `path_regex` matches the file's path relative to the config's
 * folder (forward slashes), as sops picks it; undefined when none matches. Throws on a config that is not YAML.
 */
export function creationRuleFor(configText: string, relativePath: string): CreationRule | undefined {
  const config: unknown = parse(configText);
  const rules = isRecord(config) && Array.isArray(config.creation_rules) ? config.creation_rules : [];
  for (const r of rules) {
    if (!isRecord(r)) continue;
    const pathRegex = typeof r.path_regex === 'string' ? r.path_regex : undefined;
    if (pathRegex && !goRegExp(pathRegex).test(relativePath)) continue;
    let rule: EncryptionRule | undefined;
    for (const kind of ['encrypted_regex', 'unencrypted_regex', 'encrypted_suffix', 'unencrypted_suffix'] as const) {
      if (typeof r[kind] === 'string' && r[kind] !== '') {
        rule = { kind, value: r[kind] as string };
        break;
      }
    }
    const unsupported = ['pgp', 'kms', 'gcp_kms', 'azure_keyvault', 'hc_vault_transit_uri', 'key_groups'].filter((k) => list(r[k]).length > 0 || (Array.isArray(r[k]) && (r[k] as unknown[]).length > 0));
    return { recipients: list(r.age), ...(rule ? { rule } : {}), macOnlyEncrypted: r.mac_only_encrypted === true, unsupported, ...(pathRegex ? { pathRegex } : {}) };
  }
  return undefined;
}

/** Where an age identity may be, in the order sops reads them (it reads all of them: their union is used). */
export interface IdentityLocation {
  /** For messages: `SOPS_AGE_KEY`, `SOPS_AGE_KEY_FILE (/path)`, `/home/me/.config/sops/age/keys.txt`. */
  label: string;
  kind: 'inline' | 'file' | 'command';
  /** The inline keys, the file's path or the command. */
  value: string;
  /** The default keys file: its absence is normal. */
  optional: boolean;
}

export interface IdentitySearch {
  env: Readonly<Record<string, string | undefined>>;
  /** The user's home folder. */
  home: string;
  /** `process.platform`. */
  platform: string;
}

/** sops' places for age identities: `SOPS_AGE_KEY`, `SOPS_AGE_KEY_FILE`, `SOPS_AGE_KEY_CMD`, and the default keys.txt. */
export function identityLocations(search: IdentitySearch): IdentityLocation[] {
  const { env, home, platform } = search;
  const out: IdentityLocation[] = [];
  if (env.SOPS_AGE_KEY) out.push({ label: 'SOPS_AGE_KEY', kind: 'inline', value: env.SOPS_AGE_KEY, optional: false });
  if (env.SOPS_AGE_KEY_FILE) out.push({ label: `SOPS_AGE_KEY_FILE (${env.SOPS_AGE_KEY_FILE})`, kind: 'file', value: env.SOPS_AGE_KEY_FILE, optional: false });
  if (env.SOPS_AGE_KEY_CMD) out.push({ label: 'SOPS_AGE_KEY_CMD', kind: 'command', value: env.SOPS_AGE_KEY_CMD, optional: false });
  const sep = platform === 'win32' ? '\\' : '/';
  const join = (...parts: string[]) => parts.join(sep);
  const config = env.XDG_CONFIG_HOME
    ? env.XDG_CONFIG_HOME
    : platform === 'darwin' ? join(home, 'Library', 'Application Support') : platform === 'win32' && env.AppData ? env.AppData : join(home, '.config');
  const file = join(config, 'sops', 'age', 'keys.txt');
  out.push({ label: file, kind: 'file', value: file, optional: true });
  return out;
}

/** The identities of a keys file or of SOPS_AGE_KEY: `AGE-SECRET-KEY-1…` lines; comments and blank lines skipped. */
export function parseIdentities(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.startsWith('AGE-SECRET-KEY-'));
}
