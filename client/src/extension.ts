import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { LANGUAGES, registerLanguageAdoption } from './associations';
import { createLanguageClient } from './languageClient';

let client: LanguageClient | undefined;

const isOurs = (d: vscode.TextDocument): boolean => d.languageId === LANGUAGES.yaml || d.languageId === LANGUAGES.json;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  registerLanguageAdoption(context);
  // The language server starts with the first secret definition document, not with every YAML or JSON file.
  const start = async (): Promise<void> => {
    if (client) return;
    client = createLanguageClient(context);
    await client.start();
  };
  if (vscode.workspace.textDocuments.some(isOurs)) await start();
  else {
    const listener = vscode.workspace.onDidOpenTextDocument((d) => {
      if (isOurs(d)) {
        listener.dispose();
        void start();
      }
    });
    context.subscriptions.push(listener);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
