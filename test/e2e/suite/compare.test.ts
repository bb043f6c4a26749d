// "Compare with…" in a real VS Code: the active file (with an unsaved edit) against another of its kind, shown as
// a side-by-side diff of masked renderings; the report the command returns says what drifts; no value anywhere.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { afterEachTest, open, replaceText, revertAndCloseAll, workspaceUri } from './helpers';

interface Result {
  ok: boolean;
  summary?: string;
  report?: { rows: { code: string; entry: string; cells: string[] }[] };
}

describe('Compare with…', () => {
  afterEach(afterEachTest);
  after(revertAndCloseAll);

  it('compares the file as edited with another of its kind, in a masked side-by-side view', async () => {
    const editor = await open('valid.northflank-secret.yaml');
    await replaceText(editor.document, 'NODE_ENV: production', 'NODE_ENV: production\n    JWT_SIGNING_KEY: e2e-unsaved-value-4711');
    const result = await vscode.commands.executeCommand<Result>('secretDefinitions.compareWith', editor.document.uri, { other: workspaceUri('remote/storefront-api.northflank-secret.yaml') });
    assert.ok(result?.ok, JSON.stringify(result));
    const rows = new Map(result.report?.rows.map((r) => [r.entry, r]));
    assert.deepEqual(rows.get('field priority')?.cells, ['10', '20']);
    assert.deepEqual(rows.get('variable SENTRY_DSN')?.cells, ['missing', 'present']);
    // The unsaved edit counts: the key is on both sides now, and its values differ.
    assert.equal(rows.get('variable JWT_SIGNING_KEY')?.code, 'drift-value');
    assert.equal(rows.get('addon postgres')?.code, 'drift-missing');

    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputTextDiff, `the active tab is ${tab?.label}`);
    const { original, modified } = tab.input as vscode.TabInputTextDiff;
    assert.equal(original.scheme, 'secretdef-preview');
    const left = (await vscode.workspace.openTextDocument(original)).getText();
    const right = (await vscode.workspace.openTextDocument(modified)).getText();
    assert.match(left, /JWT_SIGNING_KEY: "?\*{8} \(differs\)"?/);
    assert.match(right, /SENTRY_DSN: "?\*{8}"?/);
    for (const value of ['e2e-unsaved-value-4711', 'e2e-rotated-jwt-signing-key', 'sk_test_demo_stripe_key']) {
      assert.ok(!left.includes(value) && !right.includes(value) && !JSON.stringify(result).includes(value), value);
    }
  });

  it('refuses files of two kinds', async () => {
    const result = await vscode.commands.executeCommand<Result>('secretDefinitions.compareWith', workspaceUri('valid.northflank-secret.yaml'), { other: workspaceUri('payments.qovery-secrets.yaml') });
    assert.equal(result?.ok, false);
  });
});
