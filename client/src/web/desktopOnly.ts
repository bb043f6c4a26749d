import * as vscode from 'vscode';
import { LANGUAGES } from '../associations';
import { DESKTOP_ONLY_COMMANDS, DESKTOP_ONLY_MESSAGE, WEB_ABOUT_COMMAND } from './commands';

/** What a desktop-only command answers in the browser (for callers and the web suite). */
export interface DesktopOnlyAnswer {
  ran: false;
  reason: 'desktop-only';
}

/** Registers the desktop-only commands as a message that says where to do it. */
export function registerDesktopOnlyCommands(context: vscode.ExtensionContext): void {
  for (const id of [...DESKTOP_ONLY_COMMANDS, WEB_ABOUT_COMMAND]) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, (): DesktopOnlyAnswer => {
        void vscode.window.showInformationMessage(DESKTOP_ONLY_MESSAGE);
        return { ran: false, reason: 'desktop-only' };
      }),
    );
  }
}

/** The status item: shown with a definition file, it says what works here and where pushing is done. */
export class WebStatus implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('secretDefinitions.web', vscode.StatusBarAlignment.Left, 50);
  private readonly listener: vscode.Disposable;

  constructor() {
    this.item.name = 'Secret Definitions in the browser';
    this.item.text = '$(pass) Secret Definitions: validation only';
    this.item.tooltip = new vscode.MarkdownString(
      '**Secret Definitions in the browser**\n\nValidation, completion, hover, quick fixes, outline and rename work here. ' +
        'Pushing, sign-in and the remote secrets need VS Code on your machine, or the command line: `secretdef push <file>`.',
    );
    this.item.command = WEB_ABOUT_COMMAND;
    this.listener = vscode.window.onDidChangeActiveTextEditor(() => this.update());
    this.update();
  }

  private update(): void {
    const language = vscode.window.activeTextEditor?.document.languageId;
    if (language === LANGUAGES.yaml || language === LANGUAGES.json) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    this.listener.dispose();
    this.item.dispose();
  }
}
