// Values kept out of git, in a real VS Code: "Edit decrypted" opens a SOPS file's plaintext in a virtual document
// (never on disk) with the language features, and saving it encrypts the changed value again into the file.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import * as vscode from 'vscode';
import { parseDefinition } from '../../../core';
import { decryptSops, encryptSops } from '../../../core/sops';
import { afterEachTest, describeDiagnostic, hoverText, replaceText, waitFor, waitForDiagnostics, workspaceUri } from './helpers';

const PLAIN = `name: payments-e2e
secretType: environment
priority: 30
secrets:
  variables:
    PAYMENT_API_KEY: e2e-payment-key-PLAINTEXT-1
    PAYMENT_WEBHOOK_SECRET: e2e-webhook-PLAINTEXT-2
`;
const FILE = 'sops/payments.northflank-secret.yaml';

describe('SOPS-encrypted files in VS Code', () => {
  let identity: string;
  let saved: string | undefined;
  before(async () => {
    identity = await generateIdentity();
    const keyFile = path.join(mkdtempSync(path.join(tmpdir(), 'secretdef-e2e-sops-')), 'keys.txt');
    writeFileSync(keyFile, `# a key made for this test\n${identity}\n`);
    // The extension host reads SOPS_AGE_KEY_FILE when it decrypts, as sops does.
    saved = process.env.SOPS_AGE_KEY_FILE;
    process.env.SOPS_AGE_KEY_FILE = keyFile;
    const file = workspaceUri(FILE).fsPath;
    const plain = parseDefinition(file, PLAIN);
    assert.ok(plain);
    // Written an hour ago: `lastmodified` has whole seconds, and the save below must be seen to set it anew even when
    // it runs within the same second as this hook (CI failed on that once).
    const anHourAgo = new Date(Date.now() - 3_600_000);
    writeFileSync(file, await encryptSops(plain, { recipients: [await identityToRecipient(identity)], now: anHourAgo }));
  });
  after(() => {
    if (saved === undefined) delete process.env.SOPS_AGE_KEY_FILE;
    else process.env.SOPS_AGE_KEY_FILE = saved;
  });
  afterEach(afterEachTest);

  it('validates the encrypted file cleanly, says "encrypted" on a value and shows the SOPS lens', async () => {
    const uri = workspaceUri(FILE);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'secretdef-yaml');
    // A problem typed into a clear field shows up, so the file is validated; the encrypted values give none.
    await replaceText(document, 'priority: ', 'priority: 1');
    await waitForDiagnostics(uri, (ds) => ds.some((d) => d.source === 'secretdef'), 'a diagnostic once priority is 130');
    await replaceText(document, 'priority: 1', 'priority: ');
    await waitForDiagnostics(uri, (ds) => ds.filter((d) => d.source === 'secretdef').length === 0, 'no diagnostic');
    const line = document.getText().split('\n').findIndex((l) => l.includes('PAYMENT_API_KEY'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, 30));
    assert.match(hoverText(hovers), /\*\*Encrypted\*\* \(SOPS, `type:str`\)/);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(titles.some((t) => /^\$\(lock\) SOPS-encrypted for age1/.test(t)), titles.join(' | '));
    assert.ok(titles.includes('Edit decrypted'));
  });

  it('"Edit decrypted": plaintext in memory with the language features; saving re-encrypts only the changed value', async () => {
    const uri = workspaceUri(FILE);
    const before = readFileSync(uri.fsPath, 'utf8');
    const encOf = (text: string, key: string) => new RegExp(`${key}: (ENC\\[[^\\]]+\\])`).exec(text)?.[1];
    const decryptedUri = await vscode.commands.executeCommand<vscode.Uri>('secretDefinitions.editDecrypted', uri);
    assert.ok(decryptedUri, 'the command opened a decrypted view');
    assert.equal(decryptedUri.scheme, 'secretdef-decrypted');
    const document = await waitFor('the decrypted document', () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === decryptedUri.toString()), (d) => !!d, (listener) => vscode.workspace.onDidOpenTextDocument(listener));
    assert.ok(document);
    assert.equal(document.languageId, 'secretdef-yaml');
    assert.ok(document.getText().includes('PAYMENT_API_KEY: e2e-payment-key-PLAINTEXT-1'), 'the plaintext is shown');
    assert.doesNotMatch(document.getText(), /sops:|ENC\[/);

    // The language server validates the plaintext like any definition file.
    await replaceText(document, 'secretType: environment', 'secretType: enviroment');
    const ds = await waitForDiagnostics(decryptedUri, (x) => x.some((d) => d.source === 'secretdef'), 'the invalid-value of the typo');
    assert.deepEqual(ds.filter((d) => d.source === 'secretdef').map(describeDiagnostic), ['invalid-value@1:12-22']);
    await replaceText(document, 'secretType: enviroment', 'secretType: environment');

    await replaceText(document, 'e2e-payment-key-PLAINTEXT-1', 'e2e-payment-key-ROTATED-3');
    assert.ok(await document.save(), 'saved');
    const after = await waitFor('the encrypted file to change', () => readFileSync(uri.fsPath, 'utf8'), (t) => t !== before, (listener) => vscode.workspace.onDidSaveTextDocument(listener));
    assert.ok(!after.includes('PLAINTEXT') && !after.includes('ROTATED'), 'no plaintext in the file');
    assert.equal(encOf(after, 'PAYMENT_WEBHOOK_SECRET'), encOf(before, 'PAYMENT_WEBHOOK_SECRET'), 'the unchanged value keeps its ciphertext');
    assert.notEqual(encOf(after, 'PAYMENT_API_KEY'), encOf(before, 'PAYMENT_API_KEY'));
    assert.notEqual(/lastmodified: (.*)/.exec(after)?.[1], /lastmodified: (.*)/.exec(before)?.[1]);
    const doc = parseDefinition(uri.fsPath, after);
    assert.ok(doc);
    const decrypted = await decryptSops(doc, [identity]);
    assert.ok(decrypted.text.includes('PAYMENT_API_KEY: e2e-payment-key-ROTATED-3'), 'the MAC verifies and the new value is in');
  });
});
