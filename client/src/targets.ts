import * as vscode from 'vscode';
import type { FileKind } from '../../core';
import { DefinitionRequest, type DefinitionInfo } from '../../shared/protocol';
import { LANGUAGES } from './associations';
import type { SecretDefinitionsLanguageClient } from './languageClient';
import { PREVIEW_SCHEME } from './preview';
import { bindFile, resolveTarget, sanitizeTargets, type ResolvedTarget, type Target } from './logic/targets';

/**
 * The definition file behind a document, as the language server parsed it (the extension never parses a
 * definition itself). Undefined for a push preview (its values are masks) and for anything that is no definition.
 */
export async function definitionOf(client: SecretDefinitionsLanguageClient, document: vscode.TextDocument): Promise<DefinitionInfo | undefined> {
  if (document.uri.scheme === PREVIEW_SCHEME) return undefined;
  if (document.languageId !== LANGUAGES.yaml && document.languageId !== LANGUAGES.json) return undefined;
  return (await client.request(DefinitionRequest, { uri: document.uri.toString() })) ?? undefined;
}

/**
 * The path a binding is recorded under: relative to the workspace folder, with the folder's name in a multi-root
 * workspace (where `deploy/api.yaml` of two folders must not share one binding).
 */
export function bindingKey(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}

/** Where a document is pushed, from `secretDefinitions.targets` (or `fileProject`, the project a Qovery file names). */
export function targetOf(uri: vscode.Uri, kind: FileKind, fileProject?: string): ResolvedTarget | undefined {
  const targets = sanitizeTargets(vscode.workspace.getConfiguration('secretDefinitions', uri).get('targets'));
  return resolveTarget(bindingKey(uri), kind, targets, kind === 'qovery-secrets' ? fileProject : undefined);
}

/**
 * Remembers a file's target in the workspace settings (the user settings when no folder is open): ids only, never
 * a token. Only the fields of a binding are kept, and the entries already at that level stay as they are.
 */
export async function rememberTarget(uri: vscode.Uri, target: Target): Promise<void> {
  const config = vscode.workspace.getConfiguration('secretDefinitions', uri);
  const inWorkspace = (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
  const inspected = config.inspect('targets');
  const current = sanitizeTargets(inWorkspace ? inspected?.workspaceValue : inspected?.globalValue);
  const binding: Target = { project: target.project };
  for (const key of ['projectName', 'team', 'organization', 'secret', 'addon'] as const) if (target[key]) binding[key] = target[key];
  await config.update('targets', bindFile(current, bindingKey(uri), binding), inWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
}
