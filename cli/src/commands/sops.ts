/**
 * `secretdef encrypt FILE` and `secretdef decrypt --stdout FILE`: SOPS files with age recipients, without the sops
 * binary (core/sops). Encrypt prints the encrypted file (or rewrites the file with --in-place: ciphertext only);
 * decrypt prints the plaintext to stdout only, never to a file, after verifying the MAC.
 */
import { promises as fs } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseDefinition, type DefinitionDocument } from '../../../core';
import { decryptSops, encryptSops, SopsError, type EncryptionRule } from '../../../core/sops';
import { findAgeIdentities, sopsCreationRule } from '../../../sync/local';
import type { Io } from '../io';
import { UsageError } from '../usage';

async function readDefinition(file: string): Promise<DefinitionDocument> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`, false);
  }
  const doc = parseDefinition(file, text);
  if (!doc) throw new UsageError(`${file} is not a known kind of secret definition file (name it *.northflank-secret.yaml and so on).`, false);
  const syntax = doc.problems.filter((p) => p.severity === 'error');
  if (syntax.length) throw new UsageError(`${file} cannot be read as ${doc.syntax.toUpperCase()} (${syntax[0].message}): fix it first (secretdef validate shows where).`, false);
  return doc;
}

function sopsFailure(io: Io, file: string, e: unknown): number {
  if (!(e instanceof SopsError)) throw e;
  io.stderr(`${file}: ${e.message}`);
  return e.code === 'no-key' || e.code === 'unsupported-key-source' ? 2 : 1;
}

export async function runEncrypt(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      age: { type: 'string', multiple: true },
      'encrypted-regex': { type: 'string' },
      'unencrypted-regex': { type: 'string' },
      'encrypted-suffix': { type: 'string' },
      'unencrypted-suffix': { type: 'string' },
      'mac-only-encrypted': { type: 'boolean', default: false },
      'in-place': { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError('Give one secret definition file to encrypt.');
  const [file] = positionals;
  const rules = (['encrypted-regex', 'unencrypted-regex', 'encrypted-suffix', 'unencrypted-suffix'] as const).filter((k) => values[k] !== undefined);
  if (rules.length > 1) throw new UsageError(`A file has one encryption rule: give only one of --${rules.join(', --')}.`);
  const doc = await readDefinition(file);

  let recipients = (values.age ?? []).flatMap((a) => a.split(',')).map((a) => a.trim()).filter(Boolean);
  let rule: EncryptionRule | undefined = rules.length ? { kind: rules[0].replace(/-/g, '_') as EncryptionRule['kind'], value: values[rules[0]] as string } : undefined;
  let macOnlyEncrypted = values['mac-only-encrypted'] === true;
  let from = '--age';
  if (!recipients.length && io.env?.SOPS_AGE_RECIPIENTS) {
    recipients = io.env.SOPS_AGE_RECIPIENTS.split(',').map((a) => a.trim()).filter(Boolean);
    from = 'SOPS_AGE_RECIPIENTS';
  }
  if (!recipients.length) {
    const found = await sopsCreationRule(file);
    if (found?.rule) {
      if (!found.rule.recipients.length) {
        throw new UsageError(`The creation rule of ${found.config} for ${file} names no age recipient${found.rule.unsupported.length ? ` (only ${found.rule.unsupported.join(', ')}, which are not supported here; use sops itself)` : ''}: pass --age age1… .`, false);
      }
      recipients = found.rule.recipients;
      rule ??= found.rule.rule;
      macOnlyEncrypted ||= found.rule.macOnlyEncrypted;
      from = found.config;
    }
  }
  if (!recipients.length) throw new UsageError('No age recipient: pass --age age1… (repeatable), set SOPS_AGE_RECIPIENTS, or add a .sops.yaml creation rule for this file.', false);

  let encrypted: string;
  try {
    encrypted = await encryptSops(doc, { recipients, rule, macOnlyEncrypted });
  } catch (e) {
    if (e instanceof SopsError && e.code === 'bad-recipient') {
      io.stderr(`${file}: ${e.message} The recipients came from ${from}.`);
      return 2;
    }
    return sopsFailure(io, file, e);
  }
  if (values['in-place'] === true) {
    await fs.writeFile(file, encrypted, 'utf8');
    io.stderr(`${file}: encrypted for ${recipients.length} age recipient${recipients.length === 1 ? '' : 's'} (from ${from}).`);
  } else {
    io.stdout(encrypted.replace(/\n$/, ''));
  }
  return 0;
}

export async function runDecrypt(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: { stdout: { type: 'boolean', default: false } } });
  if (positionals.length !== 1) throw new UsageError('Give one SOPS-encrypted definition file to decrypt.');
  if (values.stdout !== true) throw new UsageError('decrypt prints the plaintext to stdout only, and only when asked: add --stdout. It never writes plaintext to a file.');
  const [file] = positionals;
  const doc = await readDefinition(file);
  if (!doc.sops) throw new UsageError(`${file} is not SOPS-encrypted (it has no sops block).`, false);
  const found = await findAgeIdentities(io.env ?? {});
  try {
    const decrypted = await decryptSops(doc, found.identities, found.lookedAt);
    io.stdout(decrypted.text.replace(/\n$/, ''));
    return 0;
  } catch (e) {
    return sopsFailure(io, file, e);
  }
}
