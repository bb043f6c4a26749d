import * as path from 'node:path';
import * as vscode from 'vscode';
import { layerOf, type EnvLayer } from '../../core/env/references';
import { missingReferencesMessage } from '../../core/env/values';
import { formatDiagnosticLine, type DefinitionDocument } from '../../core';
import { envLayers, findAgeIdentities, isTrackedByGit, readEnvFile, type FoundIdentities } from '../../sync/local';
import { resolveForPush, type Resolved } from '../../sync/resolve';
import type { Log } from './log';

/** Values typed at a push (tests pass them instead of typing). */
export interface EnvAnswers {
  [name: string]: string;
}

const REMEMBERED = 'secretDefinitions.rememberedEnvNames';

/**
 * Where the extension finds what a definition keeps out of git (the Node side, as the CLI): `${env:NAME}` from the
 * extension host's environment, the env files of `secretDefinitions.envFiles`, values remembered in VS Code's
 * SecretStorage for this workspace, and, for what is still missing, a masked input box; SOPS age identities as sops
 * finds them. Values stay in memory; each one is registered with the log's redactor before it is used.
 */
export class LocalSecrets {
  private readonly warnedTracked = new Set<string>();

  constructor(private readonly context: vscode.ExtensionContext, private readonly log: Log) {}

  /** The workspace a remembered value belongs to. */
  private get workspaceKey(): string {
    return vscode.workspace.workspaceFile?.toString() ?? vscode.workspace.workspaceFolders?.[0]?.uri.toString() ?? 'no-folder';
  }

  private secretKey(name: string): string {
    return `secretDefinitions.env:${this.workspaceKey}:${name}`;
  }

  private rememberedNames(): string[] {
    return this.context.workspaceState.get<string[]>(REMEMBERED, []);
  }

  /** The env files of `secretDefinitions.envFiles` for a document, as absolute paths (relative ones from its folder). */
  envFilePaths(uri: vscode.Uri): string[] {
    const configured = vscode.workspace.getConfiguration('secretDefinitions', uri).get<unknown>('envFiles', []);
    const list = Array.isArray(configured) ? configured.filter((f): f is string => typeof f === 'string' && f.trim() !== '') : [];
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? (uri.scheme === 'file' ? path.dirname(uri.fsPath) : undefined);
    return list.map((f) => (path.isAbsolute(f) || !folder ? f : path.join(folder, f)));
  }

  /** The layers for a document, highest precedence first: environment, env files (a later one first), secret storage. */
  async layers(uri: vscode.Uri): Promise<EnvLayer[]> {
    const files: EnvLayer[] = [];
    for (const file of this.envFilePaths(uri)) {
      try {
        const layer = await readEnvFile(file);
        files.push({ label: `the env file ${vscode.workspace.asRelativePath(file)}`, get: layer.get });
      } catch {
        // A configured file that does not exist (yet) holds nothing.
        continue;
      }
      if (!this.warnedTracked.has(file) && (await isTrackedByGit(file))) {
        this.warnedTracked.add(file);
        const relative = vscode.workspace.asRelativePath(file);
        this.log.warn(`The env file ${relative} is tracked by git: its values are in the repository.`);
        void vscode.window.showWarningMessage(`The env file ${relative} (secretDefinitions.envFiles) is tracked by git, so its values are in the repository: remove it from git (git rm --cached) and list it in .gitignore.`);
      }
    }
    const stored = new Map<string, string>();
    for (const name of this.rememberedNames()) {
      const value = await this.context.secrets.get(this.secretKey(name));
      if (value !== undefined) stored.set(name, value);
    }
    const layers = envLayers(process.env, files, 'the environment of VS Code');
    if (stored.size) layers.push(layerOf("VS Code's secret storage (remembered for this workspace)", stored));
    return layers;
  }

  /** Where each name will come from, for hovers: the layer's label, or null. Never a value. */
  async sources(uri: vscode.Uri, names: readonly string[]): Promise<Record<string, string | null>> {
    const layers = await this.layers(uri);
    return Object.fromEntries(names.map((n) => [n, layers.find((l) => l.get(n) !== undefined)?.label ?? null]));
  }

  identities(): Promise<FoundIdentities> {
    return findAgeIdentities(process.env);
  }

  /** Whether git tracks a file: true, false, or null when that cannot be known (not a file, no git). */
  async tracked(uri: vscode.Uri): Promise<boolean | null> {
    if (uri.scheme !== 'file') return null;
    return (await isTrackedByGit(uri.fsPath)) ?? null;
  }

  /**
   * A definition as a push sends it: decrypted (SOPS) and with its references resolved. Missing names are asked
   * for (masked), all of them listed first; cancelling sends nothing. Every value is registered with the redactor.
   */
  async resolve(uri: vscode.Uri, doc: DefinitionDocument, label: string, answers?: EnvAnswers): Promise<Extract<Resolved, { ok: true }> | { ok: false; message: string }> {
    let layers = await this.layers(uri);
    let result = await resolveForPush(doc, { env: layers, identities: () => this.identities() });
    if (!result.ok && result.reason === 'missing') {
      const typed = await this.ask(label, result.missing, answers);
      if (!typed) return { ok: false, message: `${label}: ${missingReferencesMessage(result.missing)}` };
      layers = [...layers, layerOf('the values typed for this push', typed)];
      result = await resolveForPush(doc, { env: layers, identities: () => this.identities() });
    }
    if (result.ok) {
      this.log.redactor.add(...result.secretValues);
      return result;
    }
    if (result.reason === 'sops') return { ok: false, message: `${label}: ${result.error.message}` };
    if (result.reason === 'invalid') {
      const lines = result.diagnostics.map((d) => formatDiagnosticLine(label, d));
      lines.forEach((l) => this.log.warn(l));
      return { ok: false, message: `${label}: the decrypted file has ${lines.length} error${lines.length === 1 ? '' : 's'} (see the log). Nothing was sent.` };
    }
    return { ok: false, message: `${label}: ${missingReferencesMessage(result.missing)}` };
  }

  /** Asks for missing values with masked input boxes, then whether to remember them for this workspace. */
  private async ask(label: string, missing: readonly string[], answers?: EnvAnswers): Promise<Map<string, string> | undefined> {
    const typed = new Map<string, string>();
    if (answers) {
      for (const name of missing) if (answers[name] !== undefined) typed.set(name, answers[name]);
      if (typed.size < missing.length) return undefined;
      for (const v of typed.values()) this.log.redactor.add(v);
      return typed;
    }
    for (const [i, name] of missing.entries()) {
      const value = await vscode.window.showInputBox({
        title: `\${env:${name}} (${i + 1} of ${missing.length})`,
        prompt: `${label} needs ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} set nowhere (environment, env files, secret storage). Type the value of ${name}: it is used in memory only.`,
        password: true,
        ignoreFocusOut: true,
      });
      if (value === undefined) return undefined;
      this.log.redactor.add(value);
      typed.set(name, value);
    }
    const remember = await vscode.window.showQuickPick([
      { label: 'Use for this push only', remember: false },
      { label: "Remember in VS Code's secret storage for this workspace", remember: true },
    ], { title: `Keep ${[...typed.keys()].join(', ')}?`, ignoreFocusOut: true });
    if (remember?.remember) {
      for (const [name, value] of typed) await this.context.secrets.store(this.secretKey(name), value);
      await this.context.workspaceState.update(REMEMBERED, [...new Set([...this.rememberedNames(), ...typed.keys()])]);
    }
    return typed;
  }

  /** Forgets every value remembered for this workspace. */
  async forget(): Promise<number> {
    const names = this.rememberedNames();
    for (const name of names) await this.context.secrets.delete(this.secretKey(name));
    await this.context.workspaceState.update(REMEMBERED, []);
    return names.length;
  }
}
