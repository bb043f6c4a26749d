import { createHmac, randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { kindFromPath } from '../../../core';
import { SopsError } from '../../../core/sops';
import { knownValues } from '../../../sync/resolve';
import type { LocalSecrets } from '../localSecrets';
import { compareFiles, type CompareResult, type KnownValues } from '../logic/compare';
import type { Log } from '../log';
import type { PreviewDocuments } from '../preview';

const PATTERN = '**/*.{northflank-secret,northflank-link,qovery-secrets}.{yaml,yml,json}';

/**
 * "Compare with…": the active definition file against another of its kind (another environment's, another
 * project's): keys missing on either side, settings and values that differ (by hash; never shown), in a
 * side-by-side view of masked renderings and, as a table, in the log. Local only: it works in untrusted workspaces.
 * Values are known as `secretdef drift` knows them: `${env:NAME}` from the environment, the env files of
 * `secretDefinitions.envFiles` and the remembered values; SOPS files decrypted in memory with the identities found.
 * Without `local` (an untrusted workspace) nothing is resolved or decrypted: such values are "not compared".
 */
export async function compareWith(previews: PreviewDocuments, log: Log, local: LocalSecrets | undefined, uri?: vscode.Uri, args: { other?: vscode.Uri } = {}): Promise<CompareResult | undefined> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target) {
    void vscode.window.showInformationMessage('Open a secret definition file to compare it with another.');
    return undefined;
  }
  const kind = kindFromPath(target.path);
  let other = args.other;
  if (!other) {
    const candidates = (await vscode.workspace.findFiles(PATTERN, '**/node_modules/**', 500))
      .filter((u) => u.toString() !== target.toString() && (!kind || kindFromPath(u.path) === kind))
      .sort((x, y) => x.path.localeCompare(y.path));
    if (!candidates.length) {
      void vscode.window.showInformationMessage('There is no other definition file of this kind in the workspace to compare with.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(candidates.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })), { title: `Compare ${vscode.workspace.asRelativePath(target)} with…`, placeHolder: 'Another definition file of the same kind' });
    if (!picked) return undefined;
    other = picked.uri;
  }
  // The documents as they are in the editor, unsaved edits included.
  const [a, b] = await Promise.all([vscode.workspace.openTextDocument(target), vscode.workspace.openTextDocument(other)]);
  // Values are compared by an HMAC with a key of this comparison: nothing made of a value outlives it.
  const key = randomBytes(32);
  const known: KnownValues | undefined = local && vscode.workspace.isTrusted
    ? async (doc) => knownValues(doc, { env: await local.layers(a.uri), identities: () => local.identities() })
    : undefined;
  let result: CompareResult;
  try {
    result = await compareFiles(
      { label: vscode.workspace.asRelativePath(a.uri), path: a.uri.path, text: a.getText() },
      { label: vscode.workspace.asRelativePath(b.uri), path: b.uri.path, text: b.getText() },
      (value) => createHmac('sha256', key).update(value).digest('hex'),
      known,
    );
  } catch (e) {
    // A SOPS file that is damaged or was changed by hand (sync/resolve knownValues): said, nothing compared.
    if (!(e instanceof SopsError)) throw e;
    void vscode.window.showErrorMessage(e.message);
    return { ok: false, message: e.message };
  }
  if (!result.ok) {
    void vscode.window.showErrorMessage(result.message);
    return result;
  }
  const [left, right] = result.report.labels;
  log.info(`Compare ${left} with ${right}:`);
  for (const line of result.table) log.info(`  ${line}`);
  const name = (label: string) => label.split('/').pop() ?? label;
  const leftUri = previews.create('local', name(left), result.left);
  const rightUri = previews.create('remote', name(right), result.right);
  await vscode.commands.executeCommand('vscode.diff', leftUri, rightUri, `${name(left)} ↔ ${name(right)} (values masked)`, { preview: true });
  void vscode.window.showInformationMessage(`${left} ↔ ${right}: ${result.summary}`, 'Show Table').then((choice) => choice && log.show());
  return result;
}
