import type * as vscode from 'vscode';
import { WebExtension } from './webExtension';

// The browser entry point (package.json "browser"): vscode.dev, github.dev and VS Code servers' web worker
// extension host. The desktop entry point is ../extension.ts.
let extension: WebExtension | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<WebExtension> {
  extension = new WebExtension(context);
  await extension.activate();
  return extension;
}

export async function deactivate(): Promise<void> {
  await extension?.deactivate();
  extension = undefined;
}
