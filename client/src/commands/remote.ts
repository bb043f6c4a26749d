import * as vscode from 'vscode';
import { stringify } from 'yaml';
import { ApiError } from '../../../api/errors';
import type { ProjectSecret } from '../../../api/qovery';
import { checkAlias, checkOverride, writeOverride } from '../../../sync/index';
import { aliasProblem, northflankRemoteAsDefinition, overrideProblem, qoveryRemoteAsDefinition, type NfRemoteLink } from '../../../core/plan';
import { PLACEHOLDER, schemaId } from '../../../core';
import { unavailableReason, type Connections } from '../connections';
import type { Log } from '../log';
import { qoveryKind } from '../logic/tree';
import { rememberTarget } from '../targets';
import type { Node } from '../tree/nodes';
import type { RemoteSecretsTree } from '../tree/remoteTree';

type QSecretNode = Extract<Node, { type: 'q-secret' }>;
type NfVariableNode = Extract<Node, { type: 'nf-variable' }>;


/** Commands on remote secrets: aliases, overrides, delete, pull, reveal and copy. Test hooks may pass the inputs. */
export class RemoteCommands {
  constructor(private readonly connections: Connections, private readonly log: Log, private readonly tree: RemoteSecretsTree) {}

  /**
   * Qovery: a new project-level key for an existing secret of a higher scope (no alias of an alias). The same
   * checks as `secretdef alias` (sync/index.ts), before anything is sent.
   */
  async createAlias(node?: QSecretNode, args?: { key?: string }): Promise<ProjectSecret | undefined> {
    const target = node ?? (await this.pickQoverySecret('Secret to alias'));
    if (!target) return undefined;
    const local = aliasProblem({ key: target.secret.key, scope: target.secret.scope, variableType: qoveryKind(target.secret) });
    if (local) {
      void vscode.window.showErrorMessage(`${local} Nothing was sent.`);
      return undefined;
    }
    const key = (args?.key ?? (await vscode.window.showInputBox({ title: `Alias of ${target.secret.key}`, prompt: 'The new key (case-sensitive)', validateInput: (v) => (v.trim() ? undefined : 'Give a key.') })))?.trim();
    if (!key) return undefined;
    const client = await this.connections.qovery();
    if (!client) return this.unavailable('qovery');
    return this.run(`Alias ${key} of ${target.secret.key}`, async () => {
      const check = await checkAlias(client, target.projectId, target.secret.id, key);
      if (check.upToDate && check.existing) return check.existing;
      if (check.problem) throw new Error(`${check.problem} Nothing was sent.`);
      return client.projectSecrets.createAlias(target.projectId, target.secret.id, { key });
    });
  }

  /**
   * Qovery: a new project-level value for a secret of a higher scope, typed in a password box. An override the
   * project already has is written again, as `secretdef override` does.
   */
  async createOverride(node?: QSecretNode, args?: { value?: string }): Promise<ProjectSecret | undefined> {
    const target = node ?? (await this.pickQoverySecret('Secret to override'));
    if (!target) return undefined;
    const local = overrideProblem({ key: target.secret.key, scope: target.secret.scope, variableType: qoveryKind(target.secret) });
    if (local) {
      void vscode.window.showErrorMessage(`${local} Nothing was sent.`);
      return undefined;
    }
    const value = args?.value ?? (await vscode.window.showInputBox({ title: `Override of ${target.secret.key}`, prompt: 'The new value at project level (hidden as you type)', password: true }));
    if (value === undefined) return undefined;
    this.log.redactor.add(value);
    const client = await this.connections.qovery();
    if (!client) return this.unavailable('qovery');
    return this.run(`Override of ${target.secret.key}`, async () => {
      const check = await checkOverride(client, target.projectId, target.secret.id);
      if (check.problem) throw new Error(`${check.problem} Nothing was sent.`);
      return writeOverride(client, target.projectId, target.secret.id, check, value);
    });
  }

  /** Deletes a remote Northflank secret group or Qovery secret, after a modal confirmation. */
  async delete(node?: Node, args?: { yes?: boolean }): Promise<boolean> {
    if (node?.type !== 'nf-group' && node?.type !== 'q-secret') return false;
    // Signed out or untrusted, there is no client: say so, rather than report a deletion that was never sent.
    const platform = node.type === 'nf-group' ? 'northflank' : 'qovery';
    const unavailable = unavailableReason(platform, await this.connections.state(platform));
    if (unavailable) {
      void vscode.window.showWarningMessage(`Nothing was deleted: ${unavailable}.`);
      return false;
    }
    const what = node.type === 'nf-group' ? `the secret group "${node.name}" (${node.id}) from Northflank project ${node.scope.projectId}` : `the Qovery secret "${node.secret.key}" (${node.secret.scope})`;
    const extra = node.type === 'q-secret' ? ' Its aliases and overrides are deleted with it.' : ' Services and jobs that read it lose its variables.';
    if (!args?.yes) {
      const answer = await vscode.window.showWarningMessage(`Delete ${what}?`, { modal: true, detail: `This cannot be undone.${extra}` }, 'Delete');
      if (answer !== 'Delete') return false;
    }
    const done = await this.run(`Delete ${what}`, async () => {
      if (node.type === 'nf-group') {
        const client = await this.connections.northflank();
        await client?.secrets.delete(node.scope, node.id);
      } else {
        const client = await this.connections.qovery();
        await client?.projectSecrets.delete(node.projectId, node.secret.id);
      }
      return true;
    });
    this.tree.refresh();
    return done === true;
  }

  /**
   * Pulls a remote secret group or Qovery project into a new definition file. Values become placeholders unless
   * the person explicitly asks for them (Qovery never returns values: always placeholders).
   */
  async pull(node?: Node, args?: { includeValues?: boolean; folder?: vscode.Uri }): Promise<vscode.Uri | undefined> {
    if (node?.type !== 'nf-group' && node?.type !== 'q-project') return undefined;
    let text: string;
    let fileName: string;
    let target: { project: string; team?: string; projectName?: string; organization?: string };
    if (node.type === 'nf-group') {
      const client = await this.connections.northflank();
      if (!client) return undefined;
      const include = args?.includeValues ?? (await vscode.window.showQuickPick([
        { label: 'Placeholders', description: `values replaced by ${PLACEHOLDER} (recommended for files in git)`, values: false },
        { label: 'Include the values', description: 'the file will hold secrets in clear text', values: true },
      ], { title: `Pull ${node.name}` }))?.values;
      if (include === undefined) return undefined;
      const group = await client.secrets.get(node.scope, node.id);
      const addons = await client.addons.list(node.scope);
      const links: NfRemoteLink[] = (await Promise.all(addons.map((a) => client.addonLinks.get(node.scope, node.id, a.id).catch(() => undefined)))).filter((l): l is NonNullable<typeof l> => !!l?.linked);
      const definition = northflankRemoteAsDefinition(group, links);
      if (!include) {
        const secrets = definition.secrets as { variables?: Record<string, string>; files?: Record<string, { data: string }>; dockerSecretMounts?: Record<string, { data: string }> } | undefined;
        for (const name of Object.keys(secrets?.variables ?? {})) if (secrets?.variables) secrets.variables[name] = PLACEHOLDER;
        for (const section of [secrets?.files, secrets?.dockerSecretMounts]) for (const f of Object.values(section ?? {})) f.data = PLACEHOLDER;
      }
      text = `# yaml-language-server: $schema=${schemaId('northflank-secret')}\n${stringify(definition, { lineWidth: 0 })}`;
      fileName = `${node.id}.northflank-secret.yaml`;
      target = { project: node.scope.projectId, team: node.scope.teamId };
    } else {
      const client = await this.connections.qovery();
      if (!client) return undefined;
      const secrets = await client.projectSecrets.list(node.id);
      const definition = qoveryRemoteAsDefinition(secrets, node.id);
      for (const list of [definition.secrets, definition.overrides]) if (Array.isArray(list)) for (const s of list as { value?: string }[]) s.value = PLACEHOLDER;
      text = `# Pulled from Qovery project ${node.name}: Qovery never returns values, so each value is a placeholder.\n${stringify(definition, { lineWidth: 0 })}`;
      fileName = `${node.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.qovery-secrets.yaml`;
      target = { project: node.id, projectName: node.name, organization: node.organizationId };
    }
    const folder = args?.folder ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = folder ? vscode.Uri.joinPath(folder, fileName) : await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(fileName) });
    if (!uri) return undefined;
    try {
      await vscode.workspace.fs.stat(uri);
      void vscode.window.showErrorMessage(`${vscode.workspace.asRelativePath(uri)} already exists: nothing was written.`);
      return undefined;
    } catch {
      // Not there: good.
    }
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    if (vscode.workspace.getWorkspaceFolder(uri)) await rememberTarget(uri, target);
    await vscode.window.showTextDocument(uri);
    return uri;
  }

  /** Shows one Northflank variable's value in the tree for a minute. */
  async revealValue(node?: NfVariableNode): Promise<boolean> {
    if (node?.type !== 'nf-variable') return false;
    const value = await this.variableValue(node);
    if (value === undefined) return false;
    this.tree.reveal(node, value);
    return true;
  }

  hideValue(node?: NfVariableNode): void {
    if (node?.type === 'nf-variable') this.tree.hide(node);
  }

  /** Copies a Northflank variable's value to the clipboard without showing it. */
  async copyValue(node?: Node): Promise<boolean> {
    if (node?.type === 'q-secret') {
      void vscode.window.showInformationMessage('Qovery never returns secret values: there is nothing to copy.');
      return false;
    }
    if (node?.type !== 'nf-variable') return false;
    const value = await this.variableValue(node);
    if (value === undefined) return false;
    await vscode.env.clipboard.writeText(value);
    void vscode.window.showInformationMessage(`Copied the value of ${node.name} to the clipboard (it is not shown).`);
    return true;
  }

  async copyName(node?: Node): Promise<string | undefined> {
    const name = !node ? undefined : node.type === 'nf-variable' ? node.name : node.type === 'nf-group' ? node.id : node.type === 'q-secret' ? node.secret.key : node.type === 'nf-file' ? node.path : node.type === 'nf-link-key' ? node.keyName : node.type === 'nf-alias' ? node.name : node.type === 'nf-link' ? node.addonId : undefined;
    if (name !== undefined) await vscode.env.clipboard.writeText(name);
    return name;
  }

  private async variableValue(node: NfVariableNode): Promise<string | undefined> {
    const client = await this.connections.northflank();
    if (!client) return undefined;
    const group = await client.secrets.get(node.scope, node.groupId);
    const value = group.secrets.variables?.[node.name];
    this.log.redactor.add(value);
    this.log.info(`Read the value of ${node.name} of ${node.groupId} on request.`);
    return value;
  }

  private async pickQoverySecret(title: string): Promise<QSecretNode | undefined> {
    const projectId = await vscode.window.showInputBox({ title, prompt: 'The Qovery project id (or run this from the Remote Secrets view)' });
    const client = projectId && (await this.connections.qovery());
    if (!projectId || !client) return undefined;
    const secrets = await client.projectSecrets.list(projectId);
    const picked = await vscode.window.showQuickPick(secrets.map((s) => ({ label: s.key, description: `${s.scope} · ${qoveryKind(s)}`, s })), { title });
    return picked && { type: 'q-secret', projectId, secret: picked.s };
  }

  /** Says why nothing was sent (signed out, untrusted). */
  private async unavailable(platform: 'northflank' | 'qovery'): Promise<undefined> {
    const reason = unavailableReason(platform, await this.connections.state(platform)) ?? 'not signed in';
    void vscode.window.showWarningMessage(`Nothing was sent: ${reason}.`);
    return undefined;
  }

  private async run<T>(what: string, action: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${what}…` }, action);
      this.log.info(`${what}: done.`);
      void vscode.window.showInformationMessage(`${what}: done.`);
      return result;
    } catch (e) {
      const message = e instanceof ApiError ? `${e.message} ${e.hint}` : e instanceof Error ? e.message : String(e);
      this.log.error(`${what} failed: ${message}`);
      void vscode.window.showErrorMessage(this.log.redactor.redact(`${what} failed: ${message}`), 'Show Log').then((a) => a && this.log.show());
      return undefined;
    }
  }
}

