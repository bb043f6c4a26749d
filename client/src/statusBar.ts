import * as vscode from 'vscode';
import { PLATFORM_TITLES } from '../../api/errors';
import { isFileKind } from '../../core';
import { readSopsMetadata } from '../../core/sops';
import type { Connections } from './connections';
import { platformOf } from './logic/targets';
import { definitionOf, targetOf } from './targets';

/** Shows the platform, project and connection state of the active definition file; a click changes the binding. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('secretDefinitions.target', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [this.item];

  constructor(private readonly connections: Connections) {
    this.item.name = 'Secret Definitions target';
    this.item.command = 'secretDefinitions.changeTarget';
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => void this.update()),
      connections.onDidChange(() => void this.update()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('secretDefinitions.targets')) void this.update();
      }),
      vscode.workspace.onDidSaveTextDocument(() => void this.update()),
    );
    void this.update();
  }

  async update(): Promise<void> {
    const document = vscode.window.activeTextEditor?.document;
    const doc = document && (document.languageId === 'secretdef-yaml' || document.languageId === 'secretdef-json') ? definitionOf(document) : undefined;
    if (!document || !doc || !isFileKind(doc.kind)) {
      this.item.hide();
      return;
    }
    const platform = platformOf(doc.kind);
    const target = targetOf(document.uri, doc.kind, doc);
    const state = await this.connections.state(platform);
    const where = target ? target.projectName ?? target.project : 'no project';
    const icon = state.status === 'connected' ? '$(cloud)' : state.status === 'untrusted' ? '$(shield)' : '$(debug-disconnect)';
    this.item.text = `${icon} ${PLATFORM_TITLES[platform]}: ${where}${doc.sops ? ' $(lock)' : ''}`;
    const status = state.status === 'connected' ? `signed in${state.source === 'environment' ? ' (token from the environment)' : ''}` : state.status === 'untrusted' ? 'untrusted workspace: nothing is sent' : 'signed out';
    this.item.tooltip = new vscode.MarkdownString(`**${PLATFORM_TITLES[platform]}** — ${status}\n\nProject: ${target ? `\`${target.project}\`${target.team ? ` (team \`${target.team}\`)` : ''}${target.source === 'file' ? ' (named in the file)' : ''}` : 'not bound yet'}\n\n${doc.sops ? `SOPS-encrypted for ${readSopsMetadata(doc.root)?.age.map((a) => `\`${a.recipient}\``).join(', ') || 'no age recipient'}.\n\n` : ''}Click to change the target.`);
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
