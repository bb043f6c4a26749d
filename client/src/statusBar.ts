import * as vscode from 'vscode';
import { platformOf, PLATFORM_TITLES } from '../../core';
import type { Connections } from './connections';
import type { SecretDefinitionsLanguageClient } from './languageClient';
import { definitionOf, targetOf } from './targets';

/** Shows the platform, project and connection state of the active definition file; a click changes the binding. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('secretDefinitions.target', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [this.item];

  private updates = 0;

  constructor(private readonly connections: Connections, private readonly client: SecretDefinitionsLanguageClient) {
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
    const update = ++this.updates;
    const document = vscode.window.activeTextEditor?.document;
    // What the file is, the language server says (it parsed it); the extension never parses a definition.
    const doc = document ? await definitionOf(this.client, document).catch(() => undefined) : undefined;
    if (update !== this.updates) return; // another editor became active meanwhile
    if (!document || !doc) {
      this.item.hide();
      return;
    }
    const platform = platformOf(doc.kind);
    const target = targetOf(document.uri, doc.kind, doc.project);
    const state = await this.connections.state(platform);
    if (update !== this.updates) return;
    const where = target ? target.projectName ?? target.project : 'no project';
    const icon = state.status === 'connected' ? '$(cloud)' : state.status === 'untrusted' ? '$(shield)' : '$(debug-disconnect)';
    this.item.text = `${icon} ${PLATFORM_TITLES[platform]}: ${where}`;
    const status = state.status === 'connected' ? `signed in${state.source === 'environment' ? ' (token from the environment)' : ''}` : state.status === 'untrusted' ? 'untrusted workspace: nothing is sent' : 'signed out';
    this.item.tooltip = new vscode.MarkdownString(`**${PLATFORM_TITLES[platform]}** — ${status}\n\nProject: ${target ? `\`${target.project}\`${target.team ? ` (team \`${target.team}\`)` : ''}${target.source === 'file' ? ' (named in the file)' : ''}` : 'not bound yet'}\n\nClick to change the target.`);
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
