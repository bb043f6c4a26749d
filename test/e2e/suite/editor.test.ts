// Editor features VS Code users expect, from the language server: Format Document and Format Selection, selection
// ranges, folding, document links and CodeLens, through VS Code's own provider commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { afterEachTest, expectDiagnostics, open, pollFor } from './helpers';
import { FORMATTED, MESSY } from './messy';

async function applyEdits(document: vscode.TextDocument, edits: readonly vscode.TextEdit[] | undefined): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.set(document.uri, [...(edits ?? [])]);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

describe('Secret Definitions in VS Code: editor features', () => {
  afterEach(afterEachTest);

  it('formats a messy file: structure indented, comments, order, anchors and quoting kept; twice changes nothing', async () => {
    const { document } = await open(MESSY);
    await expectDiagnostics(document.uri, []);
    const options = { tabSize: 2, insertSpaces: true };
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', document.uri, options);
    assert.ok(edits && edits.length > 0, 'no formatting edits');
    await applyEdits(document, edits);
    assert.equal(document.getText(), FORMATTED);
    for (const comment of ["# A secret group written in a hurry: Format Document tidies it.", "# the group's name", '# who calls whom']) assert.ok(document.getText().includes(comment), comment);
    assert.deepEqual(await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', document.uri, options) ?? [], []);
    await expectDiagnostics(document.uri, []);
  });

  it('formats only the selection with Format Selection, with the editor\'s tab size', async () => {
    const { document } = await open(MESSY);
    // Lines 5 to 8: the restrictions.
    const range = new vscode.Range(5, 0, 8, 20);
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatRangeProvider', document.uri, range, { tabSize: 4, insertSpaces: true });
    await applyEdits(document, edits);
    const lines = document.getText().split('\n');
    assert.deepEqual(lines.slice(4, 9), ['restrictions:', '    restricted: true', '    nfObjects:', '        - id: api', '          type: service']);
    assert.equal(lines[1], 'name:    api-secrets   # the group\'s name', 'a line outside the selection changed');
  });

  it('expands the selection by structure: a template, its value, the entry, the mapping', async () => {
    const { document } = await open(MESSY);
    const line = 18;
    const at = new vscode.Position(line, document.lineAt(line).text.indexOf('NODE_ENV}') + 2);
    const [ranges] = await vscode.commands.executeCommand<vscode.SelectionRange[]>('vscode.executeSelectionRangeProvider', document.uri, [at]);
    const texts: string[] = [];
    for (let r: vscode.SelectionRange | undefined = ranges; r; r = r.parent) texts.push(document.getText(r.range));
    // VS Code puts its own word and word-part ranges first ("NODE"); ours follow.
    const ours = texts.slice(texts.indexOf('NODE_ENV'));
    assert.deepEqual(ours.slice(0, 4), ['NODE_ENV', '${NODE_ENV}', 'https://api.example.com/${NODE_ENV}', 'API_URL: https://api.example.com/${NODE_ENV}']);
    assert.ok(ours.some((t) => t.startsWith('variables:')), 'no range for the variables mapping');
    assert.equal(texts[texts.length - 1], document.getText());
  });

  it('folds mappings and lists by structure', async () => {
    const { document } = await open(MESSY);
    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', document.uri);
    const spans = folds.map((f) => `${f.start}-${f.end}`);
    for (const span of ['4-8', '9-13', '14-18', '15-18']) assert.ok(spans.includes(span), `no fold ${span} among ${spans.join(', ')}`);
  });

  it('links a ${NAME} template to its variable', async () => {
    const { document } = await open(MESSY);
    const links = await pollFor('the document links', () => vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', document.uri), (l) => l.length > 0);
    const template = links.find((l) => document.getText(l.range) === 'NODE_ENV');
    assert.ok(template?.target, links.map((l) => document.getText(l.range)).join(', '));
    assert.equal(template.target.path, document.uri.path);
    assert.equal(template.target.fragment, 'L18,8');
  });

  it('shows the CodeLens the language server computes', async () => {
    const { document } = await open(MESSY);
    const lenses = await pollFor('the CodeLens', () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri), (l) => l.length >= 4);
    const titles = lenses.map((l) => `${l.range.start.line}: ${l.command?.title ?? ''}`);
    assert.ok(titles.some((t) => /^0: \$\(cloud-upload\) Push to Northflank/.test(t)), titles.join('\n'));
    assert.ok(titles.includes('0: Create (POST)'), titles.join('\n'));
    assert.ok(titles.includes('10: $(plug) Link keys of postgres'), titles.join('\n'));
  });
});
