import * as vscode from 'vscode';
import { PLATFORM_TITLES } from '../../../api/errors';
import type { Connections } from '../connections';
import type { Platform } from '../logic/targets';

const TOKEN_HELP: Record<Platform, string> = {
  northflank: 'Create one in Northflank under Account or Team settings → API → Tokens.',
  qovery: 'Create one with `qovery token` or in the Qovery console under Organization settings → API tokens.',
};

/**
 * Sign in: asks for an API token (a password input), checks it with a cheap request, and keeps it in VS Code's
 * SecretStorage only. Tests may pass `{ token }` instead of typing it.
 */
export async function signIn(connections: Connections, platform: Platform, args?: { token?: string }): Promise<boolean> {
  const title = PLATFORM_TITLES[platform];
  if (!connections.trusted) {
    void vscode.window.showWarningMessage(`This workspace is not trusted: signing in to ${title} is disabled, and nothing is sent to a platform.`);
    return false;
  }
  const token = typeof args?.token === 'string' ? args.token : await vscode.window.showInputBox({
    title: `Sign in to ${title}`,
    prompt: `An API token for ${title}. ${TOKEN_HELP[platform]} It is kept in VS Code's secret storage, never in settings or files.`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'Paste a token.'),
  });
  if (!token?.trim()) return false;
  const error = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Checking the ${title} token…` }, () => connections.signIn(platform, token.trim()));
  if (error) {
    void vscode.window.showErrorMessage(`${title} did not accept the token: ${error}`);
    return false;
  }
  void vscode.window.showInformationMessage(`Signed in to ${title}.`);
  return true;
}

export async function signOut(connections: Connections, platform: Platform): Promise<void> {
  await connections.signOut(platform);
  void vscode.window.showInformationMessage(`Signed out of ${PLATFORM_TITLES[platform]}: the token was removed.`);
}
