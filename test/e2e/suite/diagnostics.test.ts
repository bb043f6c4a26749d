// What a user sees in a real VS Code with the extension loaded: problems on the exact ranges, cleared as they
// type; plain YAML adopted when it names our schema; completion, hover and quick fixes through VS Code's own
// provider commands (so through the language client, not only the server).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  EXTENSION_ID,
  afterEachTest,
  codeOf,
  describeDiagnostic,
  hoverText,
  open,
  ours,
  replaceText,
  waitForDiagnostics,
  waitForLanguage,
  workspaceUri,
} from './helpers';

const sorted = (ds: readonly vscode.Diagnostic[]): string[] => ds.map(describeDiagnostic).sort();
const fromUs = (ds: readonly vscode.Diagnostic[]): vscode.Diagnostic[] => ds.filter((d) => d.source === 'secretdef');

/** Waits until our diagnostics of `uri` are exactly `expected` (as `code@line:start-end`, any order). */
function expectDiagnostics(uri: vscode.Uri, expected: string[]): Promise<vscode.Diagnostic[]> {
  const want = [...expected].sort();
  return waitForDiagnostics(uri, (ds) => JSON.stringify(sorted(fromUs(ds))) === JSON.stringify(want), `secretdef diagnostics [${want.join(', ')}]`).then(fromUs);
}

function labels(items: readonly vscode.CompletionItem[]): string[] {
  return items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

describe('Secret Definitions in VS Code', () => {
  before(() => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded; the runner must pass the repository as extensionDevelopmentPath`);
  });
  afterEach(afterEachTest);

  describe('diagnostics', () => {
    it('reports the problems of an invalid secret group, from secretdef, with their codes on the exact ranges', async () => {
      const editor = await open('invalid.northflank-secret.yaml');
      assert.equal(editor.document.languageId, 'secretdef-yaml');
      const ds = await expectDiagnostics(editor.document.uri, ['invalid-value@2:12-22', 'number-out-of-range@3:10-13']);
      assert.ok(ds.every((d) => d.severity === vscode.DiagnosticSeverity.Error));
      const invalid = ds.find((d) => codeOf(d) === 'invalid-value');
      assert.match(invalid?.message ?? '', /Did you mean "environment"\?/);
      // Nothing else validates the file a second time.
      assert.deepEqual(vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source !== 'secretdef'), []);
    });

    it('shows no problem for a valid secret group, and one as soon as it is broken', async () => {
      const valid = await open('valid.northflank-secret.yaml');
      assert.equal(valid.document.languageId, 'secretdef-yaml');
      // Once a secret definition opened later has its diagnostics, the valid one has been checked too.
      const later = await open('invalid.northflank-secret.yaml');
      await expectDiagnostics(later.document.uri, ['invalid-value@2:12-22', 'number-out-of-range@3:10-13']);
      assert.deepEqual(vscode.languages.getDiagnostics(valid.document.uri), []);
      await replaceText(valid.document, 'type: service', 'type: deployment');
      await expectDiagnostics(valid.document.uri, ['invalid-value@8:12-22']);
    });

    it('clears each problem as the text is fixed', async () => {
      const { document } = await open('invalid.northflank-secret.yaml');
      await expectDiagnostics(document.uri, ['invalid-value@2:12-22', 'number-out-of-range@3:10-13']);
      await replaceText(document, 'enviroment', 'environment');
      await expectDiagnostics(document.uri, ['number-out-of-range@3:10-13']);
      await replaceText(document, 'priority: 101', 'priority: 100');
      await expectDiagnostics(document.uri, []);
      assert.equal(document.isDirty, true);
    });

    it('validates Qovery secrets in YAML and addon links in JSON', async () => {
      const qovery = await open('payments.qovery-secrets.yaml');
      assert.equal(qovery.document.languageId, 'secretdef-yaml');
      await expectDiagnostics(qovery.document.uri, ['qovery-mount-path@7:16-32']);

      const link = await open('postgres.northflank-link.json');
      assert.equal(link.document.languageId, 'secretdef-json');
      // A key name without any letter is one the API rejects.
      await replaceText(link.document, '"USERNAME"', '"1234"');
      const ds = await expectDiagnostics(link.document.uri, ['invalid-pattern@3:17-23', 'nf-keyname-style@3:17-23']);
      assert.deepEqual(
        ds.map((d) => [codeOf(d), d.severity]).sort(),
        [
          ['invalid-pattern', vscode.DiagnosticSeverity.Error],
          ['nf-keyname-style', vscode.DiagnosticSeverity.Warning],
        ],
      );
    });

    it('switches a plain app.yaml that names the schema in a modeline to secretdef-yaml, and validates it', async () => {
      const uri = workspaceUri('app.yaml');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const document = await waitForLanguage(uri, 'secretdef-yaml');
      assert.ok(document);
      await expectDiagnostics(uri, ['number-out-of-range@3:10-13']);
    });

    it('switches a plain template.json with the shape of a Northflank template to secretdef-json: its expressions are checked, and it is not pushed', async () => {
      const uri = workspaceUri('template.json');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const document = await waitForLanguage(uri, 'secretdef-json');
      assert.ok(document);
      await expectDiagnostics(uri, ['nf-template-unknown-argument@17:58-64']);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(16, 54));
      assert.match(hoverText(hovers), /Addon\*\* node \*\*db\*\* \(postgresql\)/);
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      assert.deepEqual(lenses, []);
    });

    it('leaves other YAML files alone', async () => {
      const plain = await open('values.yaml');
      // Once a later secret definition has its diagnostics, the plain file has had every chance to be adopted.
      const later = await open('invalid.northflank-secret.yaml');
      await expectDiagnostics(later.document.uri, ['invalid-value@2:12-22', 'number-out-of-range@3:10-13']);
      assert.equal(plain.document.languageId, 'yaml');
      assert.deepEqual(ours(plain.document.uri), []);
    });
  });

  describe('language features', () => {
    it('completes the schema\'s properties, then an enum\'s values', async () => {
      const { document } = await open('partial.northflank-secret.yaml');
      await expectDiagnostics(document.uri, ['missing-property@0:0-4', 'missing-property@0:0-4']);
      const properties = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(1, 0));
      const names = labels(properties.items);
      for (const name of ['secretType', 'priority', 'restrictions', 'addonDependencies', 'secrets']) assert.ok(names.includes(name), `no "${name}" among ${names.join(', ')}`);
      assert.ok(!names.includes('name'), 'offers "name", which the file already has');
      const priority = properties.items.find((i) => i.label === 'priority');
      assert.match(typeof priority?.documentation === 'string' ? priority.documentation : (priority?.documentation?.value ?? ''), /merged/);

      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, new vscode.Position(1, 0), 'secretType: ');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const values = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(1, 12));
      assert.deepEqual(labels(values.items).filter((l) => ['environment', 'arguments', 'environment-arguments'].includes(l)).sort(), ['arguments', 'environment', 'environment-arguments']);
    });

    it('shows a field\'s documentation and constraints on hover', async () => {
      const { document } = await open('invalid.northflank-secret.yaml');
      await expectDiagnostics(document.uri, ['invalid-value@2:12-22', 'number-out-of-range@3:10-13']);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(3, 3));
      const text = hoverText(hovers);
      assert.match(text, /\*\*priority\*\* · `integer`/);
      assert.match(text, /priority with which different secret groups are merged/);
      assert.match(text, /From 0 to 100/);
    });

    it('fixes a misspelt property name with its quick fix', async () => {
      const { document } = await open('typo.northflank-secret.yaml');
      const ds = await expectDiagnostics(document.uri, ['missing-property@0:0-4', 'unknown-property@1:0-9']);
      const typo = ds.find((d) => codeOf(d) === 'unknown-property');
      assert.ok(typo);
      const actions = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>('vscode.executeCodeActionProvider', document.uri, typo.range, vscode.CodeActionKind.QuickFix.value);
      const titles = actions.map((a) => a.title);
      const fix = actions.find((a): a is vscode.CodeAction => a.title === 'Change to "secretType"' && 'edit' in a);
      assert.ok(fix?.edit, `no quick fix "Change to "secretType"" among: ${titles.join(' | ')}`);
      assert.equal(fix.isPreferred, true);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.equal(document.getText(), 'name: api-secrets\nsecretType: environment\npriority: 10\n');
      await expectDiagnostics(document.uri, []);
    });

    it('makes a relative Qovery mount_path absolute with its quick fix', async () => {
      const { document } = await open('payments.qovery-secrets.yaml');
      const [d] = await expectDiagnostics(document.uri, ['qovery-mount-path@7:16-32']);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, d.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.title.startsWith('Make the path absolute'));
      assert.ok(fix?.edit, `no "Make the path absolute" among: ${actions.map((a) => a.title).join(' | ')}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.match(document.lineAt(7).text, /^ {4}mount_path: \/etc\/tls\/cert\.pem$/);
      await expectDiagnostics(document.uri, []);
    });
  });
});
