import * as vscode from 'vscode';
import { getProperty, parseDefinition, type DefinitionDocument, type FileKind } from '../../core';
import { associations } from './associations';
import { PREVIEW_SCHEME } from './preview';
import { bindFile, resolveTarget, sanitizeTargets, type ResolvedTarget, type Target } from './logic/targets';

/** The last parse of each open document, by version: CodeLens, the status bar and the catalogs ask on every edit. */
const parses = new WeakMap<vscode.TextDocument, { version: number; associations: string; doc: DefinitionDocument | undefined }>();

/**
 * The definition file behind a document, parsed with the core (the same parse the language server makes), once
 * per version of the document. A push preview is none (its values are masks): no CodeLens, status or push for it.
 */
export function definitionOf(document: vscode.TextDocument): DefinitionDocument | undefined {
  if (document.uri.scheme === PREVIEW_SCHEME) return undefined;
  const settings = associations(document.uri);
  const key = JSON.stringify(settings);
  const cached = parses.get(document);
  if (cached && cached.version === document.version && cached.associations === key) return cached.doc;
  const doc = parseDefinition(document.uri.path, document.getText(), { associations: settings, syntax: document.languageId === 'secretdef-json' ? 'json' : undefined });
  parses.set(document, { version: document.version, associations: key, doc });
  return doc;
}

/**
 * The path a binding is recorded under: relative to the workspace folder, with the folder's name in a multi-root
 * workspace (where `deploy/api.yaml` of two folders must not share one binding).
 */
export function bindingKey(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}

/** Where a document is pushed, from `secretDefinitions.targets` (or the project a Qovery file names). */
export function targetOf(uri: vscode.Uri, kind: FileKind, doc?: DefinitionDocument): ResolvedTarget | undefined {
  const targets = sanitizeTargets(vscode.workspace.getConfiguration('secretDefinitions', uri).get('targets'));
  const project = kind === 'qovery-secrets' ? getProperty(doc?.root, 'project')?.value : undefined;
  return resolveTarget(bindingKey(uri), kind, targets, project?.type === 'string' ? String(project.value) : undefined);
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
