import type * as vscode from 'vscode';
import { parseDefinition, type DefinitionDocument } from '../../core';
import { associations } from './associations';
import { PREVIEW_SCHEME } from './preview';

/**
 * The one place the extension parses a definition itself: to encrypt it, decrypt it or resolve its `${env:NAME}`
 * references, which happen where the keys and the environment are (this process; the language server holds
 * neither, by design: its environment is scrubbed of SOPS_ and token variables). Everything else (CodeLens, the
 * status bar, the target, a plain push) asks the server (DefinitionRequest), which owns the document.
 */
export function parseForSecrets(document: vscode.TextDocument): DefinitionDocument | undefined {
  if (document.uri.scheme === PREVIEW_SCHEME) return undefined;
  return parseDefinition(document.uri.path, document.getText(), { associations: associations(document.uri), syntax: document.languageId === 'secretdef-json' ? 'json' : undefined });
}
