import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import * as vscode from 'vscode';
import { nodeAtOffset, parseDefinition, type DefinitionDocument } from '../../core';
import { envNameFor } from '../../core/env/references';
import { decryptSops, describeRecipients, encryptSops, readSopsMetadata, reencryptSops, SopsError, type EncryptionRule } from '../../core/sops';
import { dotenvLine, isIgnoredByGit, sopsCreationRule } from '../../sync/local';
import type { LocalSecrets } from './localSecrets';
import type { Log } from './log';
import { DECRYPTED_SCHEME } from '../../shared/protocol';
import { parseForSecrets } from './secretParse';

export { DECRYPTED_SCHEME };

/** The decrypted view of an encrypted file: same path (so the same language and kind), the file's URI in the query. */
export function decryptedUri(file: vscode.Uri): vscode.Uri {
  return vscode.Uri.from({ scheme: DECRYPTED_SCHEME, path: file.path, query: file.toString() });
}

export function originalOf(uri: vscode.Uri): vscode.Uri {
  return vscode.Uri.parse(uri.query);
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

async function readDefinition(uri: vscode.Uri): Promise<DefinitionDocument> {
  const text = decoder.decode(await vscode.workspace.fs.readFile(uri));
  const doc = parseDefinition(uri.path, text);
  if (!doc) throw vscode.FileSystemError.Unavailable(`${vscode.workspace.asRelativePath(uri)} is not a secret definition file.`);
  return doc;
}

function failure(e: unknown): Error {
  if (e instanceof SopsError) return vscode.FileSystemError.Unavailable(e.message);
  return e instanceof Error ? e : new Error(String(e));
}

/**
 * "Edit decrypted": a file system whose files are the plaintext of SOPS-encrypted definition files. Reading
 * decrypts in memory (the MAC verified first); writing encrypts the changed values again with the file's key
 * (unchanged ones keep their ciphertext), updates `lastmodified` and the MAC, and writes the encrypted file, as
 * `sops edit` does. The plaintext is never written to disk by this provider.
 */
export class DecryptedFileSystem implements vscode.FileSystemProvider {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;

  constructor(private readonly secrets: LocalSecrets, private readonly log: Log) {}

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const s = await vscode.workspace.fs.stat(originalOf(uri));
    return { type: vscode.FileType.File, ctime: s.ctime, mtime: s.mtime, size: s.size };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const doc = await readDefinition(originalOf(uri));
    if (!doc.sops) throw vscode.FileSystemError.Unavailable(`${vscode.workspace.asRelativePath(originalOf(uri))} is not SOPS-encrypted.`);
    const found = await this.secrets.identities();
    try {
      const decrypted = await decryptSops(doc, found.identities, found.lookedAt);
      for (const l of decrypted.leaves) if (l.leaf.encrypted && l.value) this.log.redactor.add(l.value.text);
      return encoder.encode(decrypted.text);
    } catch (e) {
      throw failure(e);
    }
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const original = originalOf(uri);
    const encrypted = await readDefinition(original);
    const edited = parseDefinition(original.path, decoder.decode(content), { kind: encrypted.kind, syntax: encrypted.syntax });
    const broken = edited?.problems.find((p) => p.severity === 'error');
    if (!edited || broken) throw vscode.FileSystemError.Unavailable(`The decrypted text cannot be read (${broken?.message ?? 'not a definition'}): fix it, then save again. The encrypted file was not changed.`);
    const found = await this.secrets.identities();
    let text: string;
    try {
      text = await reencryptSops(encrypted, found.identities, edited, { lookedAt: found.lookedAt });
    } catch (e) {
      throw failure(e);
    }
    await vscode.workspace.fs.writeFile(original, encoder.encode(text));
    this.log.info(`${vscode.workspace.asRelativePath(original)}: saved from its decrypted view, encrypted again (changed values only).`);
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('Decrypted views hold files only.');
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions('Delete the encrypted file itself.');
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('Rename the encrypted file itself.');
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** A document's URI from a command argument (a Uri, its string, or nothing: the active editor's). */
function uriFrom(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return vscode.Uri.parse(arg);
  return vscode.window.activeTextEditor?.document.uri;
}

export class SecretsCommands {
  constructor(private readonly secrets: LocalSecrets, private readonly log: Log) {}

  /** Opens the plaintext of a SOPS-encrypted file in a virtual document (never on disk); returns its URI. */
  async editDecrypted(arg?: unknown): Promise<vscode.Uri | undefined> {
    const uri = uriFrom(arg);
    const document = uri && (await vscode.workspace.openTextDocument(uri));
    const doc = document && parseForSecrets(document);
    if (!uri || !doc?.sops) {
      void vscode.window.showInformationMessage('Open a SOPS-encrypted secret definition file first.');
      return undefined;
    }
    const target = decryptedUri(uri);
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target), { preview: false });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      void vscode.window.showErrorMessage(this.log.redactor.redact(message));
      return undefined;
    }
    return target;
  }

  /**
   * Encrypts a plaintext definition file with SOPS for the recipients of the matching `.sops.yaml` creation rule (or
   * those entered), replacing the document's text and saving it. `args.recipients` skips the question (tests).
   */
  async encryptFile(arg?: unknown, args: { recipients?: string[] } = {}): Promise<boolean> {
    const uri = uriFrom(arg);
    const document = uri && (await vscode.workspace.openTextDocument(uri));
    const doc = document && parseForSecrets(document);
    if (!uri || !document || !doc) {
      void vscode.window.showInformationMessage('Open a secret definition file first.');
      return false;
    }
    const label = vscode.workspace.asRelativePath(uri);
    if (uri.scheme === DECRYPTED_SCHEME) {
      void vscode.window.showInformationMessage(`This is the decrypted view of ${vscode.workspace.asRelativePath(originalOf(uri))}: saving it encrypts it.`);
      return false;
    }
    if (doc.sops) {
      const meta = readSopsMetadata(doc.root);
      void vscode.window.showInformationMessage(`${label} is already SOPS-encrypted${meta ? ` for ${describeRecipients(meta)}` : ''}.`);
      return false;
    }
    let recipients = args.recipients ?? [];
    let rule: EncryptionRule | undefined;
    let macOnlyEncrypted = false;
    let from = 'the recipients entered';
    if (!recipients.length && uri.scheme === 'file') {
      const found = await sopsCreationRule(uri.fsPath);
      if (found?.rule?.recipients.length) {
        recipients = found.rule.recipients;
        rule = found.rule.rule;
        macOnlyEncrypted = found.rule.macOnlyEncrypted;
        from = vscode.workspace.asRelativePath(found.config);
      }
    }
    if (!recipients.length) {
      const typed = await vscode.window.showInputBox({
        title: `Encrypt ${label} with SOPS`,
        prompt: 'No .sops.yaml creation rule matches this file: the age recipients (public keys) to encrypt for, separated by commas.',
        placeHolder: 'age1…, age1…',
        ignoreFocusOut: true,
        validateInput: (v) => (v.split(',').map((s) => s.trim()).filter(Boolean).every((s) => /^age1[0-9a-z]+$/.test(s)) && v.trim() ? undefined : 'age recipients start with age1'),
      });
      if (!typed) return false;
      recipients = typed.split(',').map((s) => s.trim()).filter(Boolean);
    }
    let text: string;
    try {
      text = await encryptSops(doc, { recipients, rule, macOnlyEncrypted });
    } catch (e) {
      void vscode.window.showErrorMessage(`${label}: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text);
    if (!(await vscode.workspace.applyEdit(edit))) return false;
    await document.save();
    this.log.info(`${label}: encrypted with SOPS for ${recipients.length} age recipient${recipients.length === 1 ? '' : 's'} (from ${from}).`);
    void vscode.window.showInformationMessage(`${label} is now SOPS-encrypted for ${recipients.length} age recipient${recipients.length === 1 ? '' : 's'} (from ${from}). If it was committed in clear before, its old values are still in git's history: rotate them.`);
    return true;
  }

  /**
   * The "Move to env file" quick fix of a literal secret: appends `NAME=value` to the configured env file (it must be
   * ignored by git; it offers to add it to .gitignore) and replaces the value with `${env:NAME}`.
   */
  async moveToEnvFile(uriArg: unknown, rangeArg: unknown, nameArg?: unknown): Promise<boolean> {
    const uri = uriFrom(uriArg);
    const r = rangeArg as { start?: { line: number; character: number }; end?: { line: number; character: number } } | undefined;
    if (!uri || uri.scheme !== 'file' || !r?.start || !r.end) return false;
    const document = await vscode.workspace.openTextDocument(uri);
    const doc = parseForSecrets(document);
    const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
    const node = doc && nodeAtOffset(doc.root, document.offsetAt(range.start));
    if (!doc || !node || node.type !== 'string') return false;
    const value = String(node.value);
    this.log.redactor.add(value);
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? path.dirname(uri.fsPath);
    const configured = this.secrets.envFilePaths(uri);
    const envFile = configured[0] ?? path.join(folder, '.env');
    const relative = vscode.workspace.asRelativePath(envFile);
    if ((await isIgnoredByGit(envFile)) === false) {
      const answer = await vscode.window.showWarningMessage(`${relative} is not ignored by git: a value moved there could be committed. Add it to .gitignore first?`, { modal: true }, 'Add to .gitignore');
      if (answer !== 'Add to .gitignore') return false;
      const gitignore = path.join(folder, '.gitignore');
      const current = await fs.readFile(gitignore, 'utf8').catch(() => '');
      const entry = `/${path.relative(folder, envFile).split(path.sep).join('/')}`;
      await fs.writeFile(gitignore, `${current}${current && !current.endsWith('\n') ? '\n' : ''}${entry}\n`, 'utf8');
    }
    const existing = await fs.readFile(envFile, 'utf8').catch(() => '');
    const values = parseDotenv(existing);
    let name = typeof nameArg === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(nameArg) ? nameArg : envNameFor('SECRET_VALUE');
    for (let i = 2; values[name] !== undefined && values[name] !== value; i++) name = `${name.replace(/_\d+$/, '')}_${i}`;
    if (values[name] === undefined) await fs.writeFile(envFile, `${existing}${existing && !existing.endsWith('\n') ? '\n' : ''}${dotenvLine(name, value)}\n`, { encoding: 'utf8', mode: 0o600 });
    if (!configured.length) await vscode.workspace.getConfiguration('secretDefinitions', uri).update('envFiles', [path.relative(folder, envFile).split(path.sep).join('/')], vscode.ConfigurationTarget.WorkspaceFolder);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, range, doc.syntax === 'json' ? `"\${env:${name}}"` : `\${env:${name}}`);
    const ok = await vscode.workspace.applyEdit(edit);
    if (ok) this.log.info(`${vscode.workspace.asRelativePath(uri)}: a value moved to ${relative} as \${env:${name}}.`);
    return ok;
  }

  async forgetRemembered(): Promise<number> {
    const n = await this.secrets.forget();
    void vscode.window.showInformationMessage(n ? `Forgot ${n} value${n === 1 ? '' : 's'} remembered for this workspace.` : 'No value is remembered for this workspace.');
    return n;
  }
}
