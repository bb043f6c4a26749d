import * as vscode from 'vscode';
import { SecretDefinitionsExtension } from './main';

let extension: SecretDefinitionsExtension | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<SecretDefinitionsExtension> {
  extension = new SecretDefinitionsExtension(context);
  await extension.activate();
  return extension;
}

export async function deactivate(): Promise<void> {
  await extension?.deactivate();
  extension = undefined;
}
