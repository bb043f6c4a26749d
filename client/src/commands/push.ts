import * as vscode from 'vscode';
import { ApiError, PLATFORM_TITLES } from '../../../api/errors';
import type { AddonLinkBody, SecretGroupBody } from '../../../api/northflank';
import { prepareNorthflankLink, prepareNorthflankSecret, prepareQovery, type PreparedPush } from '../../../sync/index';
import { formatDiagnosticLine, platformOf } from '../../../core';
import type { DefinitionInfo } from '../../../shared/protocol';
import { changedValueNames, deriveSecretGroupId, hasWork, isBlocked, renderPlan, renderRedacted, secretValuesIn, summarizePlan, withoutOmittedDefaults, type QoveryDefinition } from '../../../core/plan';
import { withSources } from '../../../core/env/values';
import type { Connections } from '../connections';
import type { SecretDefinitionsLanguageClient } from '../languageClient';
import type { EnvAnswers, LocalSecrets } from '../localSecrets';
import { parseForSecrets } from '../secretParse';
import { DECRYPTED_SCHEME, originalOf } from '../secretsCommands';
import type { Log } from '../log';
import type { ResolvedTarget } from '../logic/targets';
import { pickProject } from '../pickers';
import type { PreviewDocuments } from '../preview';
import { definitionOf, rememberTarget, targetOf } from '../targets';

/** The definition as resolved: a SOPS file's project (Qovery) is read from the decrypted body. */
function resolvedInfo(doc: DefinitionInfo, body: Record<string, unknown>): DefinitionInfo {
  return doc.kind === 'qovery-secrets' && typeof body.project === 'string' ? { ...doc, project: body.project } : doc;
}

/** Options tests may pass instead of clicking: `yes` skips the confirmation dialog (the preview still opens). */
export interface PushOptions {
  yes?: boolean;
  /** Push without opening the side-by-side preview (the plan still goes to the log). */
  noPreview?: boolean;
  /** Values for `${env:NAME}` references set nowhere, instead of the masked input boxes (tests). */
  env?: EnvAnswers;
}

export interface PushResult {
  ok: boolean;
  /** What happened, in a word, for tests and callers. */
  outcome: 'pushed' | 'up-to-date' | 'cancelled' | 'invalid' | 'unresolved' | 'blocked' | 'failed' | 'not-signed-in' | 'untrusted';
  lines: string[];
}

export class PushCommands {
  constructor(private readonly connections: Connections, private readonly log: Log, private readonly previews: PreviewDocuments, private readonly client: SecretDefinitionsLanguageClient, private readonly secrets: LocalSecrets) {}

  /**
   * The body a push sends. A plain file: the body the server parsed. A SOPS file or one with `${env:NAME}`
   * references (the server says so): resolved here, where the keys and the environment are (sync/resolve.ts
   * through LocalSecrets): decrypted in memory, references replaced. Undefined when something is missing or
   * refused: then it said why, and nothing may be sent.
   */
  private async resolved(document: vscode.TextDocument, doc: DefinitionInfo, label: string, options: PushOptions): Promise<{ body: Record<string, unknown>; sources: Map<string, string> } | undefined> {
    if (!doc.needsResolution) return { body: doc.body, sources: new Map() };
    const parsed = parseForSecrets(document);
    if (!parsed) return undefined;
    const r = await this.secrets.resolve(document.uri, parsed, label, options.env);
    if (r.ok) return r;
    this.log.warn(r.message);
    void vscode.window.showErrorMessage(r.message, 'Show Log').then((a) => a && this.log.show());
    return undefined;
  }

  /**
   * The document a command is about (the given file, or the active editor's) and its definition as the language
   * server parsed it. A URI comes as a vscode.Uri from menus and as a string from the server's CodeLens. The
   * decrypted view of a SOPS file pushes the file itself (as saved; it is decrypted again for the push).
   */
  private async documentFor(uri?: vscode.Uri | string): Promise<{ document: vscode.TextDocument; doc: DefinitionInfo } | undefined> {
    const given = (typeof uri === 'string' ? vscode.Uri.parse(uri) : uri) ?? vscode.window.activeTextEditor?.document.uri;
    const target = given?.scheme === DECRYPTED_SCHEME ? originalOf(given) : given;
    const document = target instanceof vscode.Uri ? await vscode.workspace.openTextDocument(target) : undefined;
    const doc = document ? await definitionOf(this.client, document) : undefined;
    if (!document || !doc) {
      void vscode.window.showInformationMessage('Open a secret definition file (*.northflank-secret.yaml, *.northflank-link.yaml, *.qovery-secrets.yaml) first.');
      return undefined;
    }
    return { document, doc };
  }

  /** Signed in and trusted, or says why not (offering to sign in). */
  private async ready(platform: 'northflank' | 'qovery'): Promise<PushResult['outcome'] | undefined> {
    const state = await this.connections.state(platform);
    if (state.status === 'untrusted') {
      void vscode.window.showWarningMessage('This workspace is not trusted: nothing is sent to a platform. Trust the workspace to push.');
      return 'untrusted';
    }
    if (state.status === 'signed-out') {
      const action = await vscode.window.showInformationMessage(`Sign in to ${PLATFORM_TITLES[platform]} to push.`, 'Sign In');
      if (action === 'Sign In') await vscode.commands.executeCommand(`secretDefinitions.signIn.${platform}`);
      if ((await this.connections.state(platform)).status !== 'connected') return 'not-signed-in';
    }
    return undefined;
  }

  /** The file's target; on the first push, asked with a quick pick of the live list and remembered. */
  private async target(document: vscode.TextDocument, doc: DefinitionInfo): Promise<ResolvedTarget | undefined> {
    let target = targetOf(document.uri, doc.kind, doc.project);
    const platform = platformOf(doc.kind);
    if (!target) {
      const picked = await pickProject(this.connections, platform);
      if (!picked) return undefined;
      await rememberTarget(document.uri, picked);
      target = { ...picked, platform, source: vscode.workspace.asRelativePath(document.uri) };
    }
    if (doc.kind === 'northflank-link' && (!target.secret || !target.addon)) {
      const client = await this.connections.northflank();
      if (!client) return undefined;
      const scope = { projectId: target.project, teamId: target.team };
      const groups = await client.secrets.list(scope);
      const group = await vscode.window.showQuickPick(groups.map((g) => ({ label: g.name, description: g.id, id: g.id })), { title: 'Secret group this addon link belongs to' });
      if (!group) return undefined;
      const addons = await client.addons.list(scope);
      const addon = await vscode.window.showQuickPick(addons.map((a) => ({ label: a.name, description: `${a.id} · ${a.type}`, id: a.id })), { title: 'Addon whose keys this file links' });
      if (!addon) return undefined;
      target = { ...target, secret: group.id, addon: addon.id };
      await rememberTarget(document.uri, target);
    }
    return target;
  }

  /** Reads the remote state and plans the push. */
  private async prepare(doc: DefinitionInfo, value: Record<string, unknown>, target: ResolvedTarget, label: string, signal: AbortSignal): Promise<PreparedPush | undefined> {
    this.log.redactor.add(...secretValuesIn(doc.kind, value));
    const scope = { projectId: target.project, teamId: target.team };
    if (doc.kind === 'northflank-secret') {
      const client = await this.connections.northflank();
      return client && prepareNorthflankSecret(client, value as unknown as SecretGroupBody, scope, label, signal);
    }
    if (doc.kind === 'northflank-link') {
      const client = await this.connections.northflank();
      return client && prepareNorthflankLink(client, value as unknown as AddonLinkBody, { ...scope, secretId: target.secret ?? '', addonId: target.addon ?? '' }, label, signal);
    }
    const client = await this.connections.qovery();
    return client && prepareQovery(client, value as unknown as QoveryDefinition, target.project, false, label, signal);
  }

  /** Push: validate, preview the masked diff, confirm, apply with a cancellable progress, report. */
  async push(uri?: vscode.Uri | string, options: PushOptions = {}): Promise<PushResult> {
    const found = await this.documentFor(uri);
    if (!found) return { ok: false, outcome: 'invalid', lines: [] };
    const { document, doc } = found;
    const label = vscode.workspace.asRelativePath(document.uri);
    if (doc.kind === 'northflank-template') {
      void vscode.window.showInformationMessage(`${label} is a Northflank template: Northflank runs it (from Git with GitOps, or with Run); it is validated here but not pushed.`);
      return { ok: false, outcome: 'invalid', lines: [] };
    }
    const errors = doc.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) {
      const lines = errors.map((e) => formatDiagnosticLine(label, e));
      lines.forEach((l) => this.log.warn(l));
      void vscode.window.showErrorMessage(`${label} has ${errors.length} error${errors.length === 1 ? '' : 's'}: fix ${errors.length === 1 ? 'it' : 'them'} before pushing. Nothing was sent.`, 'Show Problems').then((a) => a && vscode.commands.executeCommand('workbench.actions.view.problems'));
      return { ok: false, outcome: 'invalid', lines };
    }
    // Decrypted and resolved before anything is read from a platform: what is missing is said first.
    const resolved = await this.resolved(document, doc, label, options);
    if (!resolved) return { ok: false, outcome: 'unresolved', lines: [] };
    const { body } = resolved;
    const platform = platformOf(doc.kind);
    const notReady = await this.ready(platform);
    if (notReady) return { ok: false, outcome: notReady, lines: [] };
    const target = await this.target(document, resolvedInfo(doc, resolved.body));
    if (!target) return { ok: false, outcome: 'cancelled', lines: [] };
    const where = `${PLATFORM_TITLES[platform]} project ${target.projectName ?? target.project}`;

    const prepared = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Reading ${where}…`, cancellable: true }, (_p, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return this.prepare(doc, body, target, label, abort.signal);
    }).then((p) => p, (e: unknown) => {
      this.reportError(label, e, 'The remote state could not be read: nothing was sent.');
      return null;
    });
    if (prepared === null) return { ok: false, outcome: 'failed', lines: [] };
    if (!prepared) return { ok: false, outcome: 'not-signed-in', lines: [] };

    const plan = withSources(prepared.plan, resolved.sources);
    this.log.info(`Push preview of ${label} to ${where}:`);
    renderPlan(plan).forEach((l) => this.log.info(l));
    if (isBlocked(plan)) {
      const reasons = plan.items.filter((i) => i.change === 'blocked').map((i) => `${i.name}: ${i.detail ?? 'blocked'}`);
      void vscode.window.showErrorMessage(`${label} cannot be pushed as it is: ${reasons.join('; ')}. Nothing was sent.`, 'Show Log').then((a) => a && this.log.show());
      return { ok: false, outcome: 'blocked', lines: reasons };
    }
    if (!hasWork(plan)) {
      void vscode.window.showInformationMessage(`${label} is up to date in ${where}: ${summarizePlan(plan)}`);
      return { ok: true, outcome: 'up-to-date', lines: [summarizePlan(plan)] };
    }
    if (!options.noPreview) await this.showPreview(doc, body, label, prepared, where);
    if (!options.yes) {
      const answer = await vscode.window.showWarningMessage(`Push ${label} to ${where}?`, { modal: true, detail: `${summarizePlan(plan)}\n\nThe side-by-side preview shows what changes; values are masked.` }, 'Push');
      if (answer !== 'Push') {
        this.log.info(`Push of ${label} cancelled: nothing was sent.`);
        return { ok: false, outcome: 'cancelled', lines: [] };
      }
    }
    const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Pushing ${label} to ${where}…`, cancellable: true }, (_p, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return prepared.apply(abort.signal);
    }).then((o) => o, (e: unknown) => {
      this.reportError(label, e, 'The push failed; no local file was changed.');
      return undefined;
    });
    if (!outcome) return { ok: false, outcome: 'failed', lines: [] };
    outcome.lines.forEach((l) => (outcome.ok ? this.log.info(l) : this.log.error(l)));
    if (outcome.ok) void vscode.window.showInformationMessage(`Pushed ${label} to ${where}: ${summarizePlan(plan)}`, 'Show Log').then((a) => a && this.log.show());
    else void vscode.window.showErrorMessage(`${outcome.lines[0]} See the log for what was and was not applied.`, 'Show Log').then((a) => a && this.log.show());
    return { ok: outcome.ok, outcome: outcome.ok ? 'pushed' : 'failed', lines: outcome.lines };
  }

  /** A side-by-side diff of redacted renderings: remote on the left, the file on the right. */
  private async showPreview(doc: DefinitionInfo, local: Record<string, unknown>, label: string, prepared: PreparedPush, where: string): Promise<void> {
    const format = doc.syntax === 'json' ? 'json' : 'yaml';
    const changed = changedValueNames(prepared.plan);
    const name = label.split('/').pop() ?? label;
    const left = this.previews.create('remote', name, prepared.remote ? renderRedacted(doc.kind, withoutOmittedDefaults(doc.kind, prepared.remote, local), format, changed) : '');
    const right = this.previews.create('local', name, renderRedacted(doc.kind, local, format, changed));
    await vscode.commands.executeCommand('vscode.diff', left, right, `${name}: ${where} ↔ file (values masked)`, { preview: true });
  }

  /** Create a Northflank secret group with POST; a 409 means it exists: offer to update it with PUT instead. */
  async create(uri?: vscode.Uri | string, options: PushOptions = {}): Promise<PushResult> {
    const found = await this.documentFor(uri);
    if (!found) return { ok: false, outcome: 'invalid', lines: [] };
    const { document, doc } = found;
    const label = vscode.workspace.asRelativePath(document.uri);
    if (doc.kind !== 'northflank-secret') {
      void vscode.window.showInformationMessage('Create works on Northflank secret group files; use Push for the others.');
      return { ok: false, outcome: 'invalid', lines: [] };
    }
    if (doc.diagnostics.some((d) => d.severity === 'error')) return this.push(document.uri, options);
    const resolved = await this.resolved(document, doc, label, options);
    if (!resolved) return { ok: false, outcome: 'unresolved', lines: [] };
    const notReady = await this.ready('northflank');
    if (notReady) return { ok: false, outcome: notReady, lines: [] };
    const target = await this.target(document, resolvedInfo(doc, resolved.body));
    const client = target && (await this.connections.northflank());
    if (!target || !client) return { ok: false, outcome: 'cancelled', lines: [] };
    const body = resolved.body as unknown as SecretGroupBody;
    this.log.redactor.add(...secretValuesIn(doc.kind, body));
    try {
      const saved = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Creating ${body.name}…` }, () => client.secrets.create({ projectId: target.project, teamId: target.team }, body));
      this.log.info(`${label}: created secret group "${saved.name}" (id ${saved.id}) with POST.`);
      void vscode.window.showInformationMessage(`Created the secret group "${saved.name}" (id ${saved.id}).`);
      return { ok: true, outcome: 'pushed', lines: [`created ${saved.id}`] };
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        this.log.warn(`${label}: a secret group with the id ${deriveSecretGroupId(body.name)} already exists (409).`);
        const answer = options.yes ? 'Update It' : await vscode.window.showWarningMessage(`A secret group with the id "${deriveSecretGroupId(body.name)}" already exists in the project. Update it with PUT instead (after a preview)?`, 'Update It');
        if (answer === 'Update It') return this.push(document.uri, options);
        return { ok: false, outcome: 'cancelled', lines: ['409'] };
      }
      this.reportError(label, e, 'Nothing was created.');
      return { ok: false, outcome: 'failed', lines: [] };
    }
  }

  /**
   * Links the keys of one addon dependency of a secret group file (POST .../addons/{addonId}), planned as
   * `secretdef link` plans it: keys the addon does not offer block it, an up-to-date link sends nothing, and the
   * person confirms first.
   */
  async linkAddon(uri?: vscode.Uri | string, addonId?: string, options: PushOptions = {}): Promise<PushResult> {
    const found = await this.documentFor(uri);
    if (!found) return { ok: false, outcome: 'invalid', lines: [] };
    const { document, doc } = found;
    if (doc.kind === 'northflank-link') return this.push(document.uri, options);
    const label = vscode.workspace.asRelativePath(document.uri);
    // An encrypted file may hide its addon ids too: read them from the decrypted file.
    const resolved = doc.needsResolution ? await this.resolved(document, doc, label, options) : undefined;
    if (doc.needsResolution && !resolved) return { ok: false, outcome: 'unresolved', lines: [] };
    const value = (resolved?.body ?? doc.body) as unknown as SecretGroupBody;
    const deps = value.addonDependencies ?? [];
    const id = addonId ?? (await vscode.window.showQuickPick(deps.map((d) => d.addonId), { title: 'Addon whose keys to link' }));
    const dep = deps.find((d) => d.addonId === id);
    if (!dep) return { ok: false, outcome: 'cancelled', lines: [] };
    const notReady = await this.ready('northflank');
    if (notReady) return { ok: false, outcome: notReady, lines: [] };
    const target = await this.target(document, doc);
    const client = target && (await this.connections.northflank());
    if (!target || !client) return { ok: false, outcome: 'cancelled', lines: [] };
    const scope = { projectId: target.project, teamId: target.team, secretId: deriveSecretGroupId(value.name), addonId: dep.addonId };
    let prepared: PreparedPush;
    try {
      prepared = await prepareNorthflankLink(client, { keys: dep.keys ?? [] }, scope, label);
    } catch (e) {
      this.reportError(label, e, e instanceof ApiError && e.status === 404 ? 'Push the secret group first: it does not exist yet.' : 'Nothing was linked.');
      return { ok: false, outcome: 'failed', lines: [] };
    }
    const { plan } = prepared;
    renderPlan(plan).forEach((l) => this.log.info(l));
    if (isBlocked(plan)) {
      const reasons = plan.items.filter((i) => i.change === 'blocked').map((i) => `${i.name}: ${i.detail ?? 'blocked'}`);
      void vscode.window.showErrorMessage(`The keys of "${dep.addonId}" cannot be linked as they are: ${reasons.join('; ')}. Nothing was sent.`);
      return { ok: false, outcome: 'blocked', lines: reasons };
    }
    if (!hasWork(plan)) {
      void vscode.window.showInformationMessage(`The keys of "${dep.addonId}" are already linked to "${scope.secretId}": ${summarizePlan(plan)}`);
      return { ok: true, outcome: 'up-to-date', lines: [summarizePlan(plan)] };
    }
    if (!options.yes) {
      const answer = await vscode.window.showWarningMessage(`Link the keys of "${dep.addonId}" to the secret group "${scope.secretId}"?`, { modal: true, detail: summarizePlan(plan) }, 'Link');
      if (answer !== 'Link') return { ok: false, outcome: 'cancelled', lines: [] };
    }
    try {
      const keys = (dep.keys ?? []).map((k) => k.keyName);
      await prepared.apply();
      const line = `Linked ${keys.join(', ') || 'no keys'} of addon "${dep.addonId}" to secret group "${scope.secretId}".`;
      this.log.info(line);
      void vscode.window.showInformationMessage(line);
      return { ok: true, outcome: 'pushed', lines: [line] };
    } catch (e) {
      this.reportError(label, e, 'Nothing was linked.');
      return { ok: false, outcome: 'failed', lines: [] };
    }
  }

  private reportError(label: string, e: unknown, tail: string): void {
    const message = e instanceof ApiError ? `${e.message} ${e.hint}` : e instanceof Error ? e.message : String(e);
    this.log.error(`${label}: ${message} ${tail}`);
    void vscode.window.showErrorMessage(this.log.redactor.redact(`${label}: ${message} ${tail}`), 'Show Log').then((a) => a && this.log.show());
  }
}
