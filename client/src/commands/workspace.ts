import * as vscode from 'vscode';
import { FILE_KINDS, isFileKind, KIND_TITLES, platformOf, schemaFileName, type FileKind } from '../../../core/kinds';
import { renderValue, type SnippetValue } from '../../../core/features/snippets';
import { ValidateFilesRequest, type ValidateFilesResult } from '../../../shared/protocol';
import type { Connections } from '../connections';
import type { SecretDefinitionsLanguageClient } from '../languageClient';
import { pickProject } from '../pickers';
import { definitionOf, rememberTarget, targetOf } from '../targets';

const PATTERN = '**/*.{northflank-secret,northflank-link,qovery-secrets,northflank-template}.{yaml,yml,json}';

/** Validates every definition file of the workspace into the Problems panel (open files are validated anyway). */
export async function validateWorkspace(client: SecretDefinitionsLanguageClient): Promise<ValidateFilesResult | undefined> {
  await client.start();
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Validating secret definitions…', cancellable: true }, async (_progress, token) => {
    const associations = vscode.workspace.getConfiguration('secretDefinitions').get<Record<string, string>>('fileAssociations') ?? {};
    const patterns = [PATTERN, ...Object.keys(associations).map((g) => (g.startsWith('**') || g.startsWith('/') ? g : `**/${g}`))];
    const uris = new Map<string, vscode.Uri>();
    for (const pattern of patterns) for (const uri of await vscode.workspace.findFiles(pattern, '**/{node_modules,.git,dist,out}/**', 10_000, token)) uris.set(uri.toString(), uri);
    const files: { uri: string; text: string }[] = [];
    for (const uri of uris.values()) {
      if (token.isCancellationRequested) return undefined;
      const bytes = await vscode.workspace.fs.readFile(uri);
      files.push({ uri: uri.toString(), text: new TextDecoder().decode(bytes) });
    }
    const result = await client.request(ValidateFilesRequest, { files });
    const open = vscode.workspace.textDocuments.filter((d) => d.languageId.startsWith('secretdef-')).length;
    void vscode.window.showInformationMessage(`Validated ${result.files + open} secret definition file${result.files + open === 1 ? '' : 's'}: ${result.errors} error${result.errors === 1 ? '' : 's'} and ${result.warnings} warning${result.warnings === 1 ? '' : 's'} in files not open (see the Problems panel).`);
    return result;
  });
}

/** Northflank reads templates as JSON; the other kinds start as YAML. */
function extensionOf(kind: FileKind): string {
  return kind === 'northflank-template' ? 'json' : 'yaml';
}

/**
 * The skeleton of a new file of a kind: the first default snippet of its bundled schema (each has one: docs.test),
 * read from the extension's own `schemas/` folder, so that the browser's bundle need not carry the schemas.
 */
export async function skeletonOf(extensionUri: vscode.Uri, kind: FileKind): Promise<SnippetValue> {
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'schemas', schemaFileName(kind)));
  const schema = JSON.parse(new TextDecoder().decode(bytes)) as { defaultSnippets?: { body?: SnippetValue }[] };
  return schema.defaultSnippets?.[0]?.body ?? {};
}

/** A new definition file from the kind's template (its schema's snippet), in the workspace. */
export async function newDefinitionFile(extensionUri: vscode.Uri, kindArg?: string): Promise<vscode.Uri | undefined> {
  const kind: FileKind | undefined = isFileKind(kindArg) ? kindArg : (await vscode.window.showQuickPick(FILE_KINDS.map((k) => ({ label: KIND_TITLES[k], description: `*.${k}.${extensionOf(k)}`, fileKind: k })), { title: 'New secret definition file' }))?.fileKind;
  if (!kind) return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const suggested = `${kind === 'qovery-secrets' ? 'project' : kind === 'northflank-link' ? 'database' : 'api'}.${kind}.${extensionOf(kind)}`;
  const uri = folder
    ? await (async () => {
        const name = await vscode.window.showInputBox({ title: 'File name', value: suggested, valueSelection: [0, suggested.indexOf('.')], validateInput: (v) => (/\.(ya?ml|json)$/.test(v) ? undefined : 'End the name with .yaml, .yml or .json.') });
        return name ? vscode.Uri.joinPath(folder, name) : undefined;
      })()
    : await vscode.window.showSaveDialog({ title: 'New secret definition file', saveLabel: 'Create', filters: { 'Secret definitions': ['yaml', 'yml', 'json'] } });
  if (!uri) return undefined;
  try {
    await vscode.workspace.fs.stat(uri);
    void vscode.window.showErrorMessage(`${vscode.workspace.asRelativePath(uri)} already exists: nothing was changed.`);
    return undefined;
  } catch {
    // Not there yet: good.
  }
  await vscode.workspace.fs.writeFile(uri, new Uint8Array());
  const editor = await vscode.window.showTextDocument(uri);
  const json = uri.path.endsWith('.json');
  const body = await skeletonOf(extensionUri, kind);
  await editor.insertSnippet(new vscode.SnippetString(`${renderValue(json ? 'json' : 'yaml', body, json ? 0 : 2)}\n`));
  return uri;
}

/** Binds the active file to a project chosen from the live list (the status bar's action). */
export async function changeTarget(connections: Connections, client: SecretDefinitionsLanguageClient, uri?: vscode.Uri | string): Promise<void> {
  const given = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri;
  const document = given ? await vscode.workspace.openTextDocument(given) : vscode.window.activeTextEditor?.document;
  const doc = document ? await definitionOf(client, document) : undefined;
  if (!document || !doc) {
    void vscode.window.showInformationMessage('Open a secret definition file first.');
    return;
  }
  const platform = platformOf(doc.kind);
  const state = await connections.state(platform);
  if (state.status !== 'connected') {
    const action = state.status === 'untrusted' ? undefined : await vscode.window.showInformationMessage(`Sign in to ${platform === 'northflank' ? 'Northflank' : 'Qovery'} to choose a project from the live list.`, 'Sign In');
    if (action === 'Sign In') await vscode.commands.executeCommand(`secretDefinitions.signIn.${platform}`);
    if ((await connections.state(platform)).status !== 'connected') return;
  }
  const current = targetOf(document.uri, doc.kind, doc.project);
  const picked = await pickProject(connections, platform);
  if (!picked) return;
  // Another project: the secret group, addon and team of the old one mean nothing there (push asks again).
  const keep = current && current.project === picked.project ? { secret: current.secret, addon: current.addon, team: current.team } : {};
  await rememberTarget(document.uri, { ...keep, ...picked });
  client.catalogsChanged([document.uri.toString()]);
}
