import * as vscode from 'vscode';
import { PLATFORM_TITLES } from '../../../api/errors';
import type { Connections } from '../connections';
import type { Log } from '../log';
import { MASK } from '../../../core/mask';
import { groupDescription, qoveryDescription, qoveryKind, restrictionSummary, sortQoverySecrets, withoutControls } from '../logic/tree';
import type { Platform } from '../logic/targets';
import type { Node } from './nodes';

/** How long "Reveal Value" shows a value before it is masked again. */
export const REVEAL_MS = 60_000;

export interface RevealTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The secrets that exist remotely: platform → project → secret group (variables, files, addon links → keys →
 * aliases) or Qovery secret. Values are masked; "Reveal Value" shows one on request, for this session only.
 */
export class RemoteSecretsTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Values revealed on request, by node key; forgotten on refresh, on sign-out and after a minute. */
  private readonly revealed = new Map<string, string>();
  /** The timer that hides each revealed value again: a new reveal or a hide cancels the one before. */
  private readonly hideTimers = new Map<string, unknown>();
  /**
   * The clock of "masked again after a minute". The end-to-end tests put a fake one here to make the minute pass
   * without waiting; nothing else changes it.
   */
  timers: RevealTimers = {
    setTimeout: (callback, ms) => {
      const timer = setTimeout(callback, ms);
      (timer as { unref?: () => void }).unref?.();
      return timer;
    },
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly connections: Connections, private readonly log: Log) {
    this.disposables.push(connections.onDidChange(() => this.refresh()));
  }

  refresh(node?: Node): void {
    if (!node) {
      this.revealed.clear();
      for (const handle of this.hideTimers.values()) this.timers.clearTimeout(handle);
      this.hideTimers.clear();
    }
    this.changed.fire(node);
  }

  static variableKey(node: Extract<Node, { type: 'nf-variable' }>): string {
    return `${node.scope.teamId ?? ''}/${node.scope.projectId}/${node.groupId}/${node.name}`;
  }

  reveal(node: Extract<Node, { type: 'nf-variable' }>, value: string): void {
    const key = RemoteSecretsTree.variableKey(node);
    this.revealed.set(key, value);
    this.log.redactor.add(value);
    this.changed.fire(node);
    // A minute from this reveal: the timer of an earlier reveal of the same value must not hide this one early.
    this.cancelHide(key);
    this.hideTimers.set(key, this.timers.setTimeout(() => {
      this.hideTimers.delete(key);
      if (this.revealed.delete(key)) this.changed.fire(node);
    }, REVEAL_MS));
  }

  hide(node: Extract<Node, { type: 'nf-variable' }>): void {
    const key = RemoteSecretsTree.variableKey(node);
    this.cancelHide(key);
    this.revealed.delete(key);
    this.changed.fire(node);
  }

  private cancelHide(key: string): void {
    const handle = this.hideTimers.get(key);
    if (handle !== undefined) this.timers.clearTimeout(handle);
    this.hideTimers.delete(key);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    return withoutControls(this.item(node));
  }

  private item(node: Node): vscode.TreeItem {
    const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    const none = vscode.TreeItemCollapsibleState.None;
    switch (node.type) {
      case 'platform': {
        const item = new vscode.TreeItem(PLATFORM_TITLES[node.platform], vscode.TreeItemCollapsibleState.Expanded);
        item.contextValue = `platform-${node.platform}`;
        item.iconPath = new vscode.ThemeIcon('cloud');
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.label, none);
        item.description = node.detail;
        item.contextValue = node.retry ? 'error' : 'message';
        item.iconPath = new vscode.ThemeIcon(node.retry ? 'error' : 'info');
        if (node.command) item.command = { command: node.command, title: node.label };
        return item;
      }
      case 'nf-project': {
        const item = new vscode.TreeItem(node.name, collapsed);
        item.description = node.scope.teamId ? `${node.scope.projectId} · team ${node.scope.teamId}` : node.scope.projectId;
        item.contextValue = 'nf-project';
        item.iconPath = new vscode.ThemeIcon('project');
        return item;
      }
      case 'nf-group': {
        const item = new vscode.TreeItem(node.name, collapsed);
        item.description = node.description;
        item.tooltip = node.tooltip;
        item.contextValue = 'nf-group';
        item.iconPath = new vscode.ThemeIcon('lock');
        return item;
      }
      case 'nf-folder': {
        const labels = { variables: 'Variables', files: 'Files', docker: 'Docker secret mounts', links: 'Addon links' };
        const item = new vscode.TreeItem(labels[node.folder], collapsed);
        item.contextValue = `nf-folder-${node.folder}`;
        item.iconPath = new vscode.ThemeIcon(node.folder === 'links' ? 'plug' : node.folder === 'variables' ? 'symbol-variable' : 'file');
        return item;
      }
      case 'nf-variable': {
        const item = new vscode.TreeItem(node.name, none);
        const value = this.revealed.get(RemoteSecretsTree.variableKey(node));
        item.description = value ?? MASK;
        item.tooltip = value === undefined ? 'Value masked. Use "Reveal Value" to show it for a minute, or "Copy Value".' : 'Shown on request; masked again after a minute or on refresh.';
        item.contextValue = value === undefined ? 'nf-variable' : 'nf-variable-revealed';
        item.iconPath = new vscode.ThemeIcon('symbol-variable');
        return item;
      }
      case 'nf-file': {
        const item = new vscode.TreeItem(node.path, none);
        item.description = MASK;
        item.contextValue = 'nf-file';
        item.iconPath = new vscode.ThemeIcon('file');
        return item;
      }
      case 'nf-link': {
        const item = new vscode.TreeItem(node.addonId, node.keys.length ? collapsed : none);
        item.description = `${node.keys.length} key${node.keys.length === 1 ? '' : 's'} linked`;
        item.contextValue = 'nf-link';
        item.iconPath = new vscode.ThemeIcon('plug');
        return item;
      }
      case 'nf-link-key': {
        const item = new vscode.TreeItem(node.keyName, node.aliases.length ? collapsed : none);
        item.description = `NF_${node.addonId.toUpperCase()}_${node.keyName.toUpperCase()}`;
        item.contextValue = 'nf-link-key';
        item.iconPath = new vscode.ThemeIcon('key');
        return item;
      }
      case 'nf-alias': {
        const item = new vscode.TreeItem(node.name, none);
        item.description = 'alias';
        item.contextValue = 'nf-alias';
        item.iconPath = new vscode.ThemeIcon('symbol-reference');
        return item;
      }
      case 'q-org': {
        const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
        item.description = 'organization';
        item.contextValue = 'q-org';
        item.iconPath = new vscode.ThemeIcon('organization');
        return item;
      }
      case 'q-project': {
        const item = new vscode.TreeItem(node.name, collapsed);
        item.description = node.id;
        item.contextValue = 'q-project';
        item.iconPath = new vscode.ThemeIcon('project');
        return item;
      }
      case 'q-secret': {
        const item = new vscode.TreeItem(node.secret.key, none);
        item.description = qoveryDescription(node.secret);
        const kind = qoveryKind(node.secret);
        item.tooltip = `${node.secret.key}: ${kind} at scope ${node.secret.scope}. Qovery never returns secret values.${node.secret.description ? `\n\n${node.secret.description}` : ''}`;
        item.contextValue = `q-secret q-${kind.toLowerCase()} q-scope-${node.secret.scope.toLowerCase()}`;
        item.iconPath = new vscode.ThemeIcon(kind === 'ALIAS' ? 'symbol-reference' : kind === 'OVERRIDE' ? 'replace' : kind === 'FILE' ? 'file' : 'key');
        return item;
      }
    }
  }

  async getChildren(node?: Node): Promise<Node[]> {
    try {
      return await this.children(node);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.log.warn(`The remote secrets tree could not load: ${message}`);
      return [{ type: 'message', label: 'Could not load', detail: message, retry: node }];
    }
  }

  private async children(node?: Node): Promise<Node[]> {
    if (!node) {
      const states = await Promise.all((['northflank', 'qovery'] as const).map(async (p) => [p, await this.connections.state(p)] as const));
      // Signed out everywhere (or untrusted): an empty tree shows the welcome view with its Sign In buttons.
      if (states.every(([, s]) => s.status !== 'connected')) return [];
      return states.map(([platform]) => ({ type: 'platform', platform }));
    }
    switch (node.type) {
      case 'platform':
        return this.platformChildren(node.platform);
      case 'nf-project': {
        const client = await this.connections.northflank();
        if (!client) return [];
        const groups = await client.secrets.list(node.scope);
        if (!groups.length) return [{ type: 'message', label: 'No secret groups' }];
        return groups.map((g) => ({ type: 'nf-group', scope: node.scope, id: g.id, name: g.name, description: groupDescription(g), tooltip: `${g.name} (${g.id}): ${restrictionSummary(g.restrictions)}` }));
      }
      case 'nf-group':
        return (['variables', 'files', 'docker', 'links'] as const).map((folder) => ({ type: 'nf-folder', scope: node.scope, groupId: node.id, folder }));
      case 'nf-folder': {
        const client = await this.connections.northflank();
        if (!client) return [];
        if (node.folder === 'links') {
          const addons = await client.addons.list(node.scope);
          const links = await Promise.all(addons.map((a) => client.addonLinks.get(node.scope, node.groupId, a.id).catch(() => undefined)));
          const linked = links.filter((l) => l?.linked);
          if (!linked.length) return [{ type: 'message', label: 'No addon linked' }];
          return linked.map((l) => ({ type: 'nf-link', scope: node.scope, groupId: node.groupId, addonId: l?.addonId ?? '', keys: (l?.linkedKeys ?? []).map((k) => ({ keyName: k.keyName, aliases: k.aliases ?? [] })) }));
        }
        // The group's contents come with their values; only the names are kept here.
        const group = await client.secrets.get(node.scope, node.groupId);
        const names = node.folder === 'variables' ? Object.keys(group.secrets.variables ?? {}) : Object.keys((node.folder === 'files' ? group.secrets.files : group.secrets.dockerSecretMounts) ?? {});
        if (!names.length) return [{ type: 'message', label: 'None' }];
        if (node.folder === 'variables') return names.sort().map((name) => ({ type: 'nf-variable', scope: node.scope, groupId: node.groupId, name }));
        return names.sort().map((path) => ({ type: 'nf-file', scope: node.scope, groupId: node.groupId, path, docker: node.folder === 'docker' }));
      }
      case 'nf-link':
        return node.keys.map((k) => ({ type: 'nf-link-key', addonId: node.addonId, keyName: k.keyName, aliases: k.aliases }));
      case 'nf-link-key':
        return node.aliases.map((name) => ({ type: 'nf-alias', name }));
      case 'q-org': {
        const client = await this.connections.qovery();
        if (!client) return [];
        const projects = await client.projects.list(node.id);
        if (!projects.length) return [{ type: 'message', label: 'No projects' }];
        return projects.map((p) => ({ type: 'q-project', organizationId: node.id, id: p.id, name: p.name }));
      }
      case 'q-project': {
        const client = await this.connections.qovery();
        if (!client) return [];
        const secrets = await client.projectSecrets.list(node.id);
        if (!secrets.length) return [{ type: 'message', label: 'No secrets' }];
        return sortQoverySecrets(secrets).map((secret) => ({ type: 'q-secret', projectId: node.id, secret }));
      }
      default:
        return [];
    }
  }

  private async platformChildren(platform: Platform): Promise<Node[]> {
    const state = await this.connections.state(platform);
    if (state.status !== 'connected') {
      return [{ type: 'message', label: `Sign in to ${PLATFORM_TITLES[platform]}`, command: `secretDefinitions.signIn.${platform}` }];
    }
    if (platform === 'northflank') {
      const client = await this.connections.northflank();
      if (!client) return [];
      const projects = await client.projects.list();
      if (!projects.length) return [{ type: 'message', label: 'No projects' }];
      return projects.map((p) => ({ type: 'nf-project', scope: { projectId: p.id }, name: p.name }));
    }
    const client = await this.connections.qovery();
    if (!client) return [];
    const organizations = await client.organizations.list();
    if (!organizations.length) return [{ type: 'message', label: 'No organizations' }];
    return organizations.map((o) => ({ type: 'q-org', id: o.id, name: o.name }));
  }

  dispose(): void {
    for (const handle of this.hideTimers.values()) this.timers.clearTimeout(handle);
    for (const d of this.disposables) d.dispose();
  }
}
