/**
 * The step before a plan: a definition as it will be sent. A SOPS file is decrypted in memory (its MAC verified
 * first), then validated as plaintext; `${env:NAME}` references are replaced from the environment and env files.
 * Any failure means nothing may be sent: no key, a tampered file, errors in the plaintext, missing names (all of
 * them, for one message). The CLI and the extension both call this, so they cannot disagree.
 */
import { redact } from '../api/redact';
import { formatPath, parseDefinition, validateDocument, type DefinitionDocument, type Diagnostic } from '../core';
import type { EnvLayer } from '../core/env/references';
import { resolveDefinition, valueSources, type ValueSource } from '../core/env/values';
import { secretValuesIn } from '../core/plan';
import { decryptSops, SopsError } from '../core/sops';
import type { FoundIdentities } from './local';

export interface ResolveContext {
  /** Where references are looked up, highest precedence first (sync/local.ts envLayers). */
  env: readonly EnvLayer[];
  /** The age identities, asked for only when a file is encrypted. */
  identities(): Promise<FoundIdentities>;
}

export type Resolved =
  | {
    ok: true;
    /** The plaintext document (the file itself when it is not encrypted). */
    doc: DefinitionDocument;
    /** What is sent: the definition minus `$schema`, references replaced. */
    body: Record<string, unknown>;
    /** Plan item → `from env DB_PASSWORD` / `from SOPS` (core/env withSources). */
    sources: Map<string, string>;
    /** Every value that came from the file, SOPS or the environment: masked in anything a platform says back. */
    secretValues: string[];
    encrypted: boolean;
  }
  | { ok: false; reason: 'sops'; error: SopsError }
  | { ok: false; reason: 'invalid'; diagnostics: Diagnostic[] }
  | { ok: false; reason: 'missing'; missing: string[] };

/** Masks values in a message about a decrypted file (a diagnostic may quote the value it is about): the one redactor. */
function masked(message: string, values: readonly string[]): string {
  return redact(message, values);
}

export async function resolveForPush(doc: DefinitionDocument, context: ResolveContext): Promise<Resolved> {
  let plain = doc;
  const encryptedPaths = new Set<string>();
  const decryptedValues: string[] = [];
  if (doc.sops) {
    const found = await context.identities();
    let text: string;
    try {
      const decrypted = await decryptSops(doc, found.identities, found.lookedAt);
      text = decrypted.text;
      for (const l of decrypted.leaves) {
        if (!l.leaf.encrypted) continue;
        encryptedPaths.add(formatPath(l.leaf.path));
        if (l.value && l.value.type === 'str' && l.value.text) decryptedValues.push(l.value.text);
      }
    } catch (e) {
      if (e instanceof SopsError) return { ok: false, reason: 'sops', error: e };
      throw e;
    }
    const parsed = parseDefinition(doc.path, text, { kind: doc.kind, syntax: doc.syntax });
    if (!parsed) throw new Error('The decrypted file could not be read again.');
    plain = parsed;
    // What the encrypted file could not show: the values' own errors. Their lines are the encrypted file's lines.
    const errors = validateDocument(plain).filter((d) => d.severity === 'error');
    if (errors.length) return { ok: false, reason: 'invalid', diagnostics: errors.map((d) => ({ ...d, message: masked(d.message, decryptedValues) })) };
  }
  const resolved = resolveDefinition(plain, context.env, encryptedPaths);
  if (resolved.missing.length) return { ok: false, reason: 'missing', missing: resolved.missing };
  const secretValues = [...new Set([...secretValuesIn(doc.kind, resolved.body), ...resolved.used, ...decryptedValues])];
  return { ok: true, doc: plain, body: resolved.body, sources: resolved.sources, secretValues, encrypted: !!doc.sops };
}

/**
 * Each secret value's source and, where this machine can know it, its value (SOPS decrypted with the identities
 * found, references resolved from the layers); unknown otherwise — never an error. For drift and SARIF: "is this
 * value known here?" is answered by this function, which calls the core's `valueSources`.
 */
export async function knownValues(doc: DefinitionDocument, context: ResolveContext): Promise<ValueSource[]> {
  if (!doc.sops) return valueSources(doc, { env: context.env });
  try {
    const found = await context.identities();
    const decrypted = await decryptSops(doc, found.identities, found.lookedAt);
    const plain = parseDefinition(doc.path, decrypted.text, { kind: doc.kind, syntax: doc.syntax });
    const encryptedPaths = new Set(decrypted.leaves.filter((l) => l.leaf.encrypted).map((l) => formatPath(l.leaf.path)));
    return valueSources(doc, { env: context.env, sops: { encryptedPaths, decrypted: plain } });
  } catch (e) {
    if (!(e instanceof SopsError)) throw e;
    return valueSources(doc, { env: context.env });
  }
}
