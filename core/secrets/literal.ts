/**
 * Literal secrets: a value written into a definition file that looks like a real secret. Known token formats,
 * private keys, credentials in URLs and connection strings come from secretlint's recommended rules (a maintained
 * detector; its rules read Node built-ins, so the language server gets it from server/src/main.ts and the browser
 * worker does without it). secretlint has no entropy rule, so long random-looking values are caught by a Shannon-entropy check, the measure detect-secrets uses.
 *
 * Only secret values are scanned (variables, file data decoded, Qovery values), never keys or other fields; never
 * `${env:NAME}` references, SOPS ciphertexts, placeholders, or files under test fixtures. Whether the file is
 * tracked by git is the caller's to know (the server asks the extension, the CLI asks git): an untracked file
 * (an ignored `local.northflank-secret.yaml`) may hold real values.
 */
import { CODES, type Diagnostic } from '../diagnostics';
import type { DefinitionDocument } from '../document';
import { envNameFor, hasEnvReference } from '../env/references';
import { valuePositions, type ValuePosition } from '../env/values';
import { decodeBase64Text } from '../rules/base64';
import { isPlaceholder } from '../rules/placeholders';
import { looksEncrypted } from '../sops/envelope';

/** Values that stand for a value and are never one. */
const PLACEHOLDER_WORDS = /REPLACE[_-]?ME|CHANGE[_-]?ME|CHANGEIT|PLACEHOLDER|EXAMPLE|DUMMY|FAKE|SAMPLE|REDACTED|YOUR[_-]|<[^>]*>|\bxxx+\b|\*{3,}|^(test|demo|secret|password|todo|tbd|none|null)$/i;

export function isPlaceholderValue(value: string): boolean {
  return isPlaceholder(value) || PLACEHOLDER_WORDS.test(value.trim());
}

/** Test fixtures hold made-up secrets on purpose. */
export function isTestFixturePath(path: string): boolean {
  return /(^|[\\/])(test|tests|__tests__|spec|fixtures?|__fixtures__|testdata|test-data)([\\/]|$)/i.test(path) || /\.(test|spec)\.[^/\\]+$/i.test(path);
}

/** Bits of Shannon entropy per character. */
export function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** A token-like value (one word of base64/hex-like characters) random enough to be a key: detect-secrets' limits. */
export function looksRandom(value: string): boolean {
  const v = value.trim();
  if (v.length < 24 || /\s/.test(v)) return false;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)) return false; // an id, not a key
  if (/^[0-9a-fA-F]+$/.test(v)) return v.length >= 32 && shannonEntropy(v) > 3.0;
  if (!/^[A-Za-z0-9+/=_.~-]+$/.test(v)) return false;
  // Words joined by separators (`storefront-api-production-settings`) are not random.
  if (/^[a-z]+([_.-][a-z0-9]+)+$/i.test(v)) return false;
  return shannonEntropy(v) > 4.5;
}

export interface LiteralSecret {
  position: ValuePosition;
  /** What it looks like: "a Slack token", "a high-entropy string". */
  what: string;
  /** The span to report: the value. */
  offset: number;
  length: number;
  /** A name for the environment variable that would hold it (the "Move to env file" fix). */
  envName: string;
}

/** secretlint, loaded on first use: only files tracked by git are scanned, and only in some runs. */
let secretlint: Promise<{ lint: typeof import('@secretlint/core').lintSource; config: import('@secretlint/types').SecretLintCoreConfig }> | undefined;
function loadSecretlint(): NonNullable<typeof secretlint> {
  secretlint ??= Promise.all([import('@secretlint/core'), import('@secretlint/secretlint-rule-preset-recommend')]).then(([core, preset]) => ({
    lint: core.lintSource,
    config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: preset.creator }] },
  }));
  return secretlint;
}

/** secretlint's finding for one text, as a few words; undefined when it finds nothing. */
async function secretlintFinding(text: string): Promise<string | undefined> {
  const { lint, config } = await loadSecretlint();
  const result = await lint({ source: { filePath: 'value.txt', content: text, contentType: 'text' }, options: { config, maskSecrets: true, noPhysicFilePath: true } });
  const m = result.messages[0];
  if (!m) return undefined;
  // "found slack token: ****" → "a slack token"; the rule id as a fallback. Never the value (masked anyway).
  const found = /found (.+?)(?::|$)/i.exec(m.message)?.[1];
  // Some rules put the (masked) token in brackets after the name ("GitHub Token(****)"): dropped, even masked (its
  // length is the token's); any other detail in brackets gets a space before it.
  const name = found?.replace(/\s*\([^)]*\*[^)]*\)/g, '').replace(/\s*\(/g, ' (').trim();
  return name ? `a ${name.toLowerCase()}` : `a secret (${m.ruleId.replace('@secretlint/secretlint-rule-', '')})`;
}

/** The values of a document that look like real secrets. */
export async function findLiteralSecrets(doc: DefinitionDocument): Promise<LiteralSecret[]> {
  if (isTestFixturePath(doc.path)) return [];
  const out: LiteralSecret[] = [];
  for (const position of valuePositions(doc)) {
    const raw = position.node.value;
    if (typeof raw !== 'string' || !raw.trim()) continue;
    if (hasEnvReference(raw) || looksEncrypted(raw) || doc.sops?.encrypted.has(position.node) || isPlaceholderValue(raw)) continue;
    const isData = position.subject === 'file' || position.subject === 'docker-secret-mount';
    const what = await verdict(raw, isData);
    if (what) out.push({ position, what, offset: position.node.offset, length: position.node.length, envName: envNameFor(position.name) });
  }
  return out;
}

/**
 * What a value looks like, or undefined. Verdicts are kept by value: the server scans on every edit, and a group of
 * thousands of variables changes one value at a time, so each distinct value is judged once. Bounded: the oldest
 * half is dropped when it is full.
 */
const verdicts = new Map<string, string | null>();
const MAX_CACHED = 20_000;

async function verdict(raw: string, isData: boolean): Promise<string | undefined> {
  const key = `${isData ? 'd' : 'v'}${raw}`;
  const cached = verdicts.get(key);
  if (cached !== undefined) return cached ?? undefined;
  // File data is base64: its decoded text is what may hold a key (a PEM file); its own letters are random.
  const text = isData ? decodeBase64Text(raw) : raw;
  const found = text === undefined || isPlaceholderValue(text)
    ? undefined
    : (await secretlintFinding(text)) ?? (!isData && looksRandom(text) ? 'a high-entropy string (a key or token?)' : undefined);
  if (verdicts.size >= MAX_CACHED) for (const k of [...verdicts.keys()].slice(0, MAX_CACHED / 2)) verdicts.delete(k);
  verdicts.set(key, found ?? null);
  return found;
}

/** The `literal-secret` warnings of a document tracked by git. Their data suggests the env name (never the value). */
export async function literalSecretDiagnostics(doc: DefinitionDocument): Promise<Diagnostic[]> {
  return (await findLiteralSecrets(doc)).map((s) => ({
    range: doc.lines.rangeOf(s.offset, s.length),
    severity: CODES['literal-secret'].severity,
    code: 'literal-secret',
    message: `The ${s.position.subject === 'file' || s.position.subject === 'docker-secret-mount' ? 'data' : 'value'} of ${s.position.name} looks like ${s.what}, and this file is tracked by git: move it to a git-ignored env file (\${env:${s.envName}}) or encrypt the file with SOPS.`,
    data: { suggestions: [s.envName] },
  }));
}
