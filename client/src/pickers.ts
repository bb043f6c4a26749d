import * as vscode from 'vscode';
import type { Connections } from './connections';
import type { Platform, Target } from './logic/targets';

/** Asks for a project with a quick pick of the live project list. Undefined when cancelled or signed out. */
export async function pickProject(connections: Connections, platform: Platform): Promise<Target | undefined> {
  if (platform === 'northflank') {
    const client = await connections.northflank();
    if (!client) return undefined;
    const projects = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Loading Northflank projects…' }, () => client.projects.list());
    const picked = await vscode.window.showQuickPick(
      projects.map((p) => ({ label: p.name, description: p.id, detail: p.description, id: p.id })),
      { title: 'Northflank project for this file', placeHolder: 'The project this file is pushed to (remembered in the workspace settings)', matchOnDescription: true },
    );
    return picked ? { project: picked.id, projectName: picked.label } : undefined;
  }
  const client = await connections.qovery();
  if (!client) return undefined;
  const organizations = await client.organizations.list();
  let organization = organizations[0];
  if (organizations.length > 1) {
    const picked = await vscode.window.showQuickPick(organizations.map((o) => ({ label: o.name, description: o.id, org: o })), { title: 'Qovery organization' });
    if (!picked) return undefined;
    organization = picked.org;
  }
  if (!organization) {
    void vscode.window.showWarningMessage('This Qovery token sees no organization.');
    return undefined;
  }
  const projects = await client.projects.list(organization.id);
  const picked = await vscode.window.showQuickPick(projects.map((p) => ({ label: p.name, description: p.id, detail: p.description ?? undefined, id: p.id })), {
    title: `Qovery project in ${organization.name}`,
    matchOnDescription: true,
  });
  return picked ? { project: picked.id, projectName: picked.label, organization: organization.id } : undefined;
}
