import * as vscode from 'vscode';
import { detectKind, sanitizeAssociations, syntaxOf, type FileAssociations } from '../../core/kinds';

/** The languages the extension contributes; the language server only looks at documents of these. */
export const LANGUAGES = { yaml: 'secretdef-yaml', json: 'secretdef-json' } as const;

const PLAIN_LANGUAGES = new Set(['yaml', 'json', 'jsonc']);

/** The `secretDefinitions.fileAssociations` of a document's folder, well-formed entries only. */
export function associations(uri: vscode.Uri): FileAssociations {
  return sanitizeAssociations(vscode.workspace.getConfiguration('secretDefinitions', uri).get('fileAssociations'));
}

/**
 * A plain YAML or JSON document that is a secret definition — it names a bundled schema (`$schema` or a
 * yaml-language-server modeline) or matches `secretDefinitions.fileAssociations` — is switched to our language.
 * So exactly one extension validates it: Red Hat's YAML extension and VS Code's JSON support only look at
 * `yaml` and `json` documents, and never see it again.
 */
async function adopt(document: vscode.TextDocument): Promise<void> {
  if (!PLAIN_LANGUAGES.has(document.languageId) || document.uri.scheme === 'git' || document.uri.scheme === 'output') return;
  const path = document.uri.path;
  const text = document.getText();
  if (!detectKind(path, text, associations(document.uri))) return;
  const syntax = document.languageId === 'yaml' ? 'yaml' : syntaxOf(path, text);
  await vscode.languages.setTextDocumentLanguage(document, LANGUAGES[syntax]);
}

export function registerLanguageAdoption(context: vscode.ExtensionContext): void {
  const run = (d: vscode.TextDocument): void => {
    adopt(d).catch(() => undefined);
  };
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(run));
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('secretDefinitions.fileAssociations')) vscode.workspace.textDocuments.forEach(run);
    }),
  );
  vscode.workspace.textDocuments.forEach(run);
}
