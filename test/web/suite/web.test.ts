// The extension in the browser: VS Code's web worker extension host (as in vscode.dev and github.dev), the language
// server in a Web Worker, files read through vscode.workspace.fs. Run by scripts/e2e/web.ts (npm run test:web).
import { assert } from 'chai';
import * as vscode from 'vscode';
import type { DesktopOnlyAnswer } from '../../../client/src/web/desktopOnly';
import { DESKTOP_ONLY_COMMANDS } from '../../../client/src/web/commands';
import type { WebExtension } from '../../../client/src/web/webExtension';
import { EXTENSION_ID, expectDiagnostics, hoverText, labels, open, replaceText, revertAndCloseAll, workspaceUri } from '../../e2e/suite/helpers';
import { FORMATTED, MESSY } from '../../e2e/suite/messy';
import { skeletonOf } from '../../../client/src/commands/workspace';
import { FILE_KINDS } from '../../../core/kinds';

/** Lines for the runner's report (activation time, for BENCHMARKS.md). */
const report = (line: string): void => console.log(`[web] ${line}`);

export function defineWebTests(): void {
  describe('in the browser', () => {
    // Every test needs the language server: opening a definition file activates the extension and starts it in its
    // worker, which first loads the server's bundle (slow on a busy machine). Waited for once, here.
    before(async function () {
      this.timeout(120_000);
      await open('valid.northflank-secret.yaml');
      await (await vscode.extensions.getExtension<WebExtension>(EXTENSION_ID)?.activate())?.serverReady;
    });
    afterEach(revertAndCloseAll);

    it('runs in the web worker extension host: no Node, uiKind Web', async () => {
      assert.strictEqual(typeof (globalThis as { process?: unknown }).process, 'undefined', 'a Node process object in the extension host');
      assert.strictEqual(typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope, 'function', 'not in a Web Worker');
      assert.strictEqual(vscode.env.uiKind, vscode.UIKind.Web);
      const extension = vscode.extensions.getExtension<WebExtension>(EXTENSION_ID);
      assert.ok(extension, `${EXTENSION_ID} is not installed`);
      const api = await extension.activate();
      assert.strictEqual(api.entryPoint, 'browser', 'the desktop entry point was loaded, not the browser one');
      await api.serverReady;
      assert.isAbove(api.serverStartMs, 0, 'the language server did not start');
      report(`activation: ${api.activationMs.toFixed(1)} ms, ${api.loadAndActivationMs.toFixed(1)} ms with evaluating the bundle; the language server answered from its worker after ${api.serverStartMs.toFixed(0)} ms`);
    });

    it('opens a definition file with errors and sees them, on the value itself', async () => {
      const { document } = await open('invalid.northflank-secret.yaml');
      const ds = await expectDiagnostics(document.uri, ['invalid-value@2:12-22', 'number-out-of-range@3:10-13']);
      const invalid = ds.find((d) => d.range.start.line === 2);
      assert.match(invalid?.message ?? '', /environment/, 'the message suggests the right value');
      assert.strictEqual(invalid?.severity, vscode.DiagnosticSeverity.Error);
    });

    it('completes an addon key from the bundled names (no live catalog in the browser)', async () => {
      const { document } = await open('postgres.northflank-link.json');
      await expectDiagnostics(document.uri, []);
      const at = document.positionAt(document.getText().indexOf('"USERNAME"') + 1);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, at);
      const names = labels(list.items);
      for (const key of ['PASSWORD', 'HOST']) assert.include(names, key);
      // The file links POSTGRES_URI already: offering it again would be a duplicate key validation reports.
      assert.notInclude(names, 'POSTGRES_URI');
    });

    it('formats a file: comments, order, anchors and quoting kept; twice changes nothing', async () => {
      const { document } = await open(MESSY);
      await expectDiagnostics(document.uri, []);
      const options = { tabSize: 2, insertSpaces: true };
      const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', document.uri, options);
      assert.isAbove(edits?.length ?? 0, 0, 'no formatting edits');
      const edit = new vscode.WorkspaceEdit();
      edit.set(document.uri, edits);
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.strictEqual(document.getText(), FORMATTED);
      assert.deepEqual(await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', document.uri, options) ?? [], []);
    });

    it('validates a SOPS-encrypted file as it is, without a key: clean, a problem in a clear field found, the values said to be encrypted', async () => {
      const { document } = await open('sops/encrypted.northflank-secret.yaml');
      assert.strictEqual(document.languageId, 'secretdef-yaml');
      await expectDiagnostics(document.uri, []);
      await replaceText(document, 'priority: 30', 'priority: 130');
      await expectDiagnostics(document.uri, ['number-out-of-range@3:10-13']);
      const line = document.getText().split('\n').findIndex((l) => l.includes('PAYMENT_API_KEY'));
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(line, 30));
      assert.match(hoverText(hovers), /\*\*Encrypted\*\* \(SOPS, `type:str`\)/);
      // Who can open it, and nothing to click: Edit decrypted, Push and the rest need the desktop.
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
      assert.deepEqual(lenses.map((l) => l.command?.title.replace(/ for .*/, ' for …')), ['$(lock) SOPS-encrypted for …']);
      assert.deepEqual(lenses.filter((l) => l.command?.command), []);
    });

    it('starts a new file of each kind from its schema\'s skeleton, read from the extension (not bundled in the browser)', async () => {
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(extension);
      for (const kind of FILE_KINDS) {
        const body = await skeletonOf(extension.extensionUri, kind);
        assert.isObject(body, kind);
        assert.isAbove(Object.keys(body as object).length, 0, `${kind}: an empty skeleton`);
      }
      assert.property(await skeletonOf(extension.extensionUri, 'northflank-secret'), 'secretType');
    });

    it('shows a field\'s documentation and constraints on hover', async () => {
      const { document } = await open('invalid.northflank-secret.yaml');
      await expectDiagnostics(document.uri, ['invalid-value@2:12-22', 'number-out-of-range@3:10-13']);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(3, 3));
      assert.match(hoverText(hovers), /\*\*priority\*\* · `integer`/);
      assert.match(hoverText(hovers), /From 0 to 100/);
    });

    it('fixes a misspelt property with its quick fix', async () => {
      const { document } = await open('typo.northflank-secret.yaml');
      const ds = await expectDiagnostics(document.uri, ['missing-property@0:0-4', 'unknown-property@1:0-9']);
      const typo = ds.find((d) => d.range.start.line === 1);
      assert.ok(typo);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, typo.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.title === 'Change to "secretType"');
      assert.ok(fix?.edit, `no quick fix "Change to "secretType"" among: ${actions.map((a) => a.title).join(' | ')}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.strictEqual(document.getText(), 'name: api-secrets\nsecretType: environment\npriority: 10\n');
      await expectDiagnostics(document.uri, []);
    });

    it('outlines a file', async () => {
      const { document } = await open('valid.northflank-secret.yaml');
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
      assert.isAbove(symbols.length, 0, 'an empty outline');
      assert.include(symbols.map((s) => s.name), 'name');
    });

    it('checks ${NAME} templates, and renames a variable with its references', async () => {
      const { document } = await open('templates.northflank-secret.yaml');
      const [unknown] = await expectDiagnostics(document.uri, ['nf-unknown-template-variable@7:49-59']);
      assert.match(unknown.message, /DB_NAME/);
      const at = document.positionAt(document.getText().indexOf('DB_HOST'));
      const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', document.uri, at, 'PG_HOST');
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.include(document.getText(), '    PG_HOST: db.internal\n    DATABASE_URL: postgres://app@${PG_HOST}:5432/${DB_NAME}');
    });

    it('validates the workspace, reading files that are not open through vscode.workspace.fs', async () => {
      const result = await vscode.commands.executeCommand<{ files: number; errors: number }>('secretDefinitions.validateWorkspace');
      assert.isAbove(result.files, 0, 'no definition file was read');
      // A file nobody opened now has its problems in the Problems panel.
      await expectDiagnostics(workspaceUri('invalid.northflank-secret.yaml'), ['invalid-value@2:12-22', 'number-out-of-range@3:10-13']);
    });

    it('does not push, sign in or list remote secrets here: says where to, and never asks for a token', async () => {
      const uri = workspaceUri('valid.northflank-secret.yaml');
      for (const command of ['secretDefinitions.push', 'secretDefinitions.signIn.northflank', 'secretDefinitions.signIn.qovery', 'secretDefinitions.createSecretGroup', 'secretDefinitions.pull'] as const) {
        assert.include(DESKTOP_ONLY_COMMANDS as readonly string[], command);
        // A command that asked for a token would wait for the input box: this one answers at once.
        const answer = await vscode.commands.executeCommand<DesktopOnlyAnswer>(command, uri);
        assert.deepEqual(answer, { ran: false, reason: 'desktop-only' }, command);
      }
      const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { views: Record<string, { id: string; when?: string }[]> } };
      assert.strictEqual(Object.values(manifest.contributes.views).flat().find((v) => v.id === 'secretDefinitions.remote')?.when, '!isWeb');
    });
  });
}
