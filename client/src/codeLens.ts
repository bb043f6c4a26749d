import * as vscode from 'vscode';
import { PLATFORM_TITLES } from '../../api/errors';
import { getProperty } from '../../core';
import { platformOf } from './logic/targets';
import { definitionOf, targetOf } from './targets';

/** "Push", "Create" and "Change target" at the top of a definition file, and "Link keys" on each addon dependency. */
export class DefinitionCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.getConfiguration('secretDefinitions', document.uri).get<boolean>('codeLens.enabled', true)) return [];
    const doc = definitionOf(document);
    // Templates are run by Northflank, not pushed.
    if (!doc || doc.kind === 'northflank-template') return [];
    const platform = platformOf(doc.kind);
    const target = targetOf(document.uri, doc.kind, doc);
    const top = new vscode.Range(0, 0, 0, 0);
    const where = target ? `${PLATFORM_TITLES[platform]} · ${target.projectName ?? target.project}` : PLATFORM_TITLES[platform];
    const lenses = [
      new vscode.CodeLens(top, { title: `$(cloud-upload) Push to ${where}`, command: 'secretDefinitions.push', arguments: [document.uri], tooltip: 'Validate, preview the masked changes, confirm, push' }),
    ];
    if (doc.kind === 'northflank-secret') lenses.push(new vscode.CodeLens(top, { title: 'Create (POST)', command: 'secretDefinitions.createSecretGroup', arguments: [document.uri] }));
    lenses.push(new vscode.CodeLens(top, { title: target ? 'Change target' : 'Choose a project', command: 'secretDefinitions.changeTarget', arguments: [document.uri] }));
    if (doc.kind === 'northflank-secret') {
      const deps = getProperty(doc.root, 'addonDependencies')?.value;
      if (deps?.type === 'array') {
        for (const dep of deps.items) {
          const id = getProperty(dep, 'addonId')?.value;
          if (id?.type !== 'string') continue;
          const at = doc.lines.positionAt(dep.offset);
          lenses.push(new vscode.CodeLens(new vscode.Range(at.line, 0, at.line, 0), { title: `$(plug) Link keys of ${String(id.value)}`, command: 'secretDefinitions.linkAddon', arguments: [document.uri, String(id.value)] }));
        }
      }
    }
    return lenses;
  }
}
