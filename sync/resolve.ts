/**
 * The step before a plan: a definition as it will be sent. A SOPS file is decrypted in memory (its MAC verified
 * first), then validated as plaintext; `${env:NAME}` references are replaced from the environment and env files.
 * Any failure means nothing may be sent: no key, a tampered file, errors in the plaintext, missing names (all of
 * them, for one message). The CLI and the extension both call this, so they cannot disagree.
 */
import { redact } from '../api/redact';
import { formatPath, parseDefinition, validateDocument, type DefinitionDocument, type Diagnostic } from '../core';
import type { EnvLayer } from '../core/env/references';
import { planKey, resolveDefinition, valueSources, type ValueSource } from '../core/env/values';
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
    /**
     * With `unknownAllowed`: plan item (planKey) → why its value is not known here (a reference no layer holds, a
     * SOPS value no identity opens). Its place in the body holds the text of the file. Such a body is for comparing
     * only (drift --remote): it must never be sent. Empty otherwise.
     */
    unknown: Map<string, string>;
  }
  | { ok: false; reason: 'sops'; error: SopsError }
  | { ok: false; reason: 'invalid'; diagnostics: Diagnostic[] }
  | { ok: false; reason: 'missing'; missing: string[] };

/** Masks values in a message about a decrypted file (a diagnostic may quote the value it is about): the one redactor. */
function masked(message: string, values: readonly string[]): string {
  return redact(message, values);
}

export interface ResolveOptions {
  /**
   * Values this machine cannot know (unset references, SOPS without a key) are reported in `unknown` instead of
   * failing the resolution. For comparing only: a caller that sends must not set it.
   */
  unknownAllowed?: boolean;
}

/** SOPS errors that mean "no key here" (the file itself may be fine), as opposed to a tampered or broken file. */
function isMissingKey(error: SopsError): boolean {
  return error.code === 'no-key' || error.code === 'unsupported-key-source';
}

export async function resolveForPush(doc: DefinitionDocument, context: ResolveContext, options: ResolveOptions = {}): Promise<Resolved> {
  let plain = doc;
  const encryptedPaths = new Set<string>();
  const decryptedValues: string[] = [];
  const unknown = new Map<string, string>();
  const unresolved = new Set<string>();
  let text: string | undefined;
  if (doc.sops) {
    const found = await context.identities();
    try {
      const decrypted = await decryptSops(doc, found.identities, found.lookedAt);
      text = decrypted.text;
      for (const l of decrypted.leaves) {
        if (!l.leaf.encrypted) continue;
        encryptedPaths.add(formatPath(l.leaf.path));
        if (l.value && l.value.type === 'str' && l.value.text) decryptedValues.push(l.value.text);
      }
    } catch (e) {
      if (!(e instanceof SopsError)) throw e;
      if (!options.unknownAllowed || !isMissingKey(e)) return { ok: false, reason: 'sops', error: e };
      // Compared without the encrypted values: their keys are plaintext, their values unknown.
      for (const s of valueSources(doc)) if (s.from.includes('sops')) unknown.set(planKey(s.subject, s.name), 'encrypted with SOPS, and no age identity here opens it');
    }
  }
  if (text !== undefined) {
    const parsed = parseDefinition(doc.path, text, { kind: doc.kind, syntax: doc.syntax });
    if (!parsed) throw new Error('The decrypted file could not be read again.');
    plain = parsed;
    // What the encrypted file could not show: the values' own errors. Their lines are the encrypted file's lines.
    const errors = validateDocument(plain).filter((d) => d.severity === 'error');
    if (errors.length) return { ok: false, reason: 'invalid', diagnostics: errors.map((d) => ({ ...d, message: masked(d.message, decryptedValues) })) };
  }
  const resolved = resolveDefinition(plain, context.env, encryptedPaths);
  // Still encrypted (no key, with unknownAllowed): the metadata is no part of what a platform holds.
  if (text === undefined && doc.sops) delete resolved.body.sops;
  if (resolved.missing.length) {
    if (!options.unknownAllowed) return { ok: false, reason: 'missing', missing: resolved.missing };
    for (const s of valueSources(plain, { env: context.env })) {
      const key = planKey(s.subject, s.name);
      if (!s.missing.length) continue;
      if (!unknown.has(key)) unknown.set(key, unsetWhy(s.missing));
      // The text of an unresolved value is references and plain text, no secret: masking it would hide the names.
      if (typeof s.node.value === 'string') unresolved.add(s.node.value);
    }
  }
  const secretValues = [...new Set([...secretValuesIn(doc.kind, resolved.body).filter((v) => !unresolved.has(v)), ...resolved.used, ...decryptedValues])];
  return { ok: true, doc: plain, body: resolved.body, sources: resolved.sources, secretValues, encrypted: !!doc.sops, unknown };
}

function unsetWhy(missing: readonly string[]): string {
  return `${missing.map((n) => `\${env:${n}}`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set here`;
}

/**
 * Each secret value's source and, where this machine can know it, its value (SOPS decrypted with the identities
 * found, references resolved from the layers); unknown otherwise. Throws the SopsError of a file that is damaged or
 * was changed by hand (its MAC or a value does not verify): that is no "unknown". For drift: "is this value known
 * here?" is answered by this function, which calls the core's `valueSources`. `doc` is the document to compare:
 * the plaintext when the file was decrypted (its settings are encrypted too), else the file as it is.
 */
export async function knownValues(doc: DefinitionDocument, context: ResolveContext): Promise<{ doc: DefinitionDocument; sources: ValueSource[] }> {
  if (!doc.sops) return { doc, sources: valueSources(doc, { env: context.env }) };
  try {
    const found = await context.identities();
    const decrypted = await decryptSops(doc, found.identities, found.lookedAt);
    const plain = parseDefinition(doc.path, decrypted.text, { kind: doc.kind, syntax: doc.syntax });
    const encryptedPaths = new Set(decrypted.leaves.filter((l) => l.leaf.encrypted).map((l) => formatPath(l.leaf.path)));
    return { doc: plain ?? doc, sources: valueSources(doc, { env: context.env, sops: { encryptedPaths, decrypted: plain } }) };
  } catch (e) {
    // No key here: unknown. A damaged or tampered file is an error, as for decrypt and push.
    if (!(e instanceof SopsError) || !isMissingKey(e)) throw e;
    return { doc, sources: valueSources(doc, { env: context.env }) };
  }
}
