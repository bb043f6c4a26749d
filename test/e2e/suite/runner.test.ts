// Checks of the runner itself: the extension under test is this repository's, and variables of the runner's
// environment reach the extension host (later tests point the extension at local platform stand-ins that way).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './helpers';

describe('the end-to-end runner', () => {
  it('loads this repository\'s extension in development mode', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    // out/e2e/runner.test.js sits two folders below the repository root.
    assert.equal(path.resolve(extension.extensionPath), path.resolve(__dirname, '..', '..'));
    assert.equal(vscode.workspace.workspaceFolders?.length, 1);
  });

  it('passes SECRETDEF_* variables of its environment through to the extension host', () => {
    assert.equal(process.env.SECRETDEF_E2E_PASSTHROUGH, 'reached-the-extension-host');
  });
});

describe('activation', () => {
  it('activated, and reports how long it took (recorded in BENCHMARKS.md; not a timed assertion)', () => {
    const extension = vscode.extensions.getExtension<{ activationMs: number; loadAndActivationMs: number }>(EXTENSION_ID);
    assert.ok(extension?.isActive);
    const { activationMs, loadAndActivationMs } = extension.exports;
    assert.ok(activationMs > 0 && loadAndActivationMs >= activationMs);
    console.log(`[e2e] activation: activate() ${activationMs.toFixed(1)} ms, evaluating the bundle and activate() ${loadAndActivationMs.toFixed(1)} ms`);
  });
});
