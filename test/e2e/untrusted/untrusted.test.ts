// The extension in a workspace VS Code does not trust (Restricted Mode): it still validates and completes, but it
// sends nothing to a platform — not even with a valid token at hand in the environment, nor when a command is
// called directly. The runner (scripts/e2e/run.ts, phase "untrusted") opens a fresh copy of the fixture workspace
// with workspace trust on and no folder trusted.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PushResult } from '../../../client/src/commands/push';
import type { SecretDefinitionsExtension } from '../../../client/src/main';
import type { Node } from '../../../client/src/tree/nodes';
import { DEMO_NORTHFLANK_PROJECT, DEMO_NORTHFLANK_TOKEN, DEMO_QOVERY_IDS, DEMO_QOVERY_TOKEN, startStandins, type Standins } from '../../../standins';
import { EXTENSION_ID, afterEachTest, expectDiagnostics, labels, open, replaceText, workspaceUri } from '../suite/helpers';

const API_FILE = 'remote/storefront-api.northflank-secret.yaml';
const VARIABLES = ['NORTHFLANK_API_URL', 'QOVERY_API_URL', 'NORTHFLANK_API_TOKEN', 'QOVERY_API_TOKEN'] as const;

describe('Secret Definitions in an untrusted workspace', () => {
  let api: SecretDefinitionsExtension;
  let standins: Standins;
  const saved = new Map<string, string | undefined>();

  before(async () => {
    // Stand-ins that would answer, and valid tokens in the environment: the extension must still send nothing.
    standins = await startStandins();
    for (const name of VARIABLES) saved.set(name, process.env[name]);
    Object.assign(process.env, { NORTHFLANK_API_URL: standins.urls.northflank, QOVERY_API_URL: standins.urls.qovery, NORTHFLANK_API_TOKEN: DEMO_NORTHFLANK_TOKEN, QOVERY_API_TOKEN: DEMO_QOVERY_TOKEN });
    const extension = vscode.extensions.getExtension<SecretDefinitionsExtension>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded: does it declare support for untrusted workspaces?`);
    api = await extension.activate();
  });

  afterEach(afterEachTest);

  after(async () => {
    await standins.close();
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('opens the workspace in Restricted Mode, and the extension knows it', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.deepEqual(await api.connections.state('northflank'), { status: 'untrusted' });
    assert.deepEqual(await api.connections.state('qovery'), { status: 'untrusted' });
  });

  it('still shows problems as you type, and clears them as they are fixed', async () => {
    const { document } = await open('invalid.northflank-secret.yaml');
    await expectDiagnostics(document.uri, ['invalid-value@2:12-22', 'number-out-of-range@3:10-13']);
    await replaceText(document, 'enviroment', 'environment');
    await replaceText(document, 'priority: 101', 'priority: 100');
    await expectDiagnostics(document.uri, []);
  });

  it('completes with the offline defaults only, and reports nothing it would need a platform for', async () => {
    const { document } = await open(API_FILE);
    // A key orders-db does not have, and a definite error: once the error shows, that text has been checked.
    await replaceText(document, 'keyName: POSTGRES_URI', 'keyName: POSTGRES_URL');
    await replaceText(document, 'priority: 20', 'priority: 200');
    await expectDiagnostics(document.uri, ['number-out-of-range@4:10-13']);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(15, 17));
    const keys = labels(list.items);
    assert.ok(keys.includes('POSTGRES_URI'), `no offline default among ${keys.join(', ')}`);
    assert.ok(!keys.includes('JDBC_POSTGRES_URI'), 'offers a key only the platform knows');
    assert.match(String(list.items.find((i) => i.label === 'POSTGRES_URI')?.detail), /offline default/);
  });

  it('refuses to sign in, even with a valid token, and stores nothing', async () => {
    for (const [platform, token] of [['northflank', DEMO_NORTHFLANK_TOKEN], ['qovery', DEMO_QOVERY_TOKEN]] as const) {
      assert.equal(await vscode.commands.executeCommand(`secretDefinitions.signIn.${platform}`, { token }), false, `signed in to ${platform}`);
      assert.equal(await api.connections.hasStoredToken(platform), false, `a ${platform} token was stored`);
      assert.equal(await api.connections.signIn(platform, token), 'This workspace is not trusted: sign-in is disabled, and nothing is sent to a platform.');
    }
  });

  it('refuses to push or create, and the remote commands do nothing', async () => {
    const push = await vscode.commands.executeCommand<PushResult>('secretDefinitions.push', workspaceUri(API_FILE), { yes: true, noPreview: true });
    assert.deepEqual([push.ok, push.outcome], [false, 'untrusted']);
    const create = await vscode.commands.executeCommand<PushResult>('secretDefinitions.createSecretGroup', workspaceUri(API_FILE), { yes: true, noPreview: true });
    assert.equal(create.outcome, 'untrusted');
    const qovery = await vscode.commands.executeCommand<PushResult>('secretDefinitions.push', workspaceUri('remote/storefront.qovery-secrets.yaml'), { yes: true, noPreview: true });
    assert.equal(qovery.outcome, 'untrusted');
    assert.equal(vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputTextDiff), false, 'a push preview opened');

    // Commands called with nodes as the tree would pass them (a tree it does not show here).
    const scope = { projectId: DEMO_NORTHFLANK_PROJECT };
    const variable: Node = { type: 'nf-variable', scope, groupId: 'storefront-api', name: 'JWT_SIGNING_KEY' };
    const builtIn: Node = { type: 'q-secret', projectId: DEMO_QOVERY_IDS.storefront, secret: { id: DEMO_QOVERY_IDS.storefrontRedisHost, key: 'QOVERY_REDIS_Z2C4E6A8B_HOST_INTERNAL', scope: 'BUILT_IN', variable_type: 'BUILT_IN', created_at: '2026-01-01T00:00:00Z' } };
    assert.equal(await vscode.commands.executeCommand('secretDefinitions.tree.revealValue', variable), false);
    assert.equal(await vscode.commands.executeCommand('secretDefinitions.tree.copyValue', variable), false);
    assert.equal(await vscode.commands.executeCommand('secretDefinitions.createAlias', builtIn, { key: 'CACHE_HOST' }), undefined);
    assert.equal(await vscode.commands.executeCommand('secretDefinitions.createOverride', builtIn, { value: 'e2e-untrusted-override' }), undefined);
    const group: Node = { type: 'nf-group', scope, id: 'storefront-api', name: 'storefront-api', description: '', tooltip: '' };
    assert.equal(await vscode.commands.executeCommand('secretDefinitions.pull', group, { includeValues: true }), undefined);
    assert.equal(await vscode.commands.executeCommand('secretDefinitions.deleteRemote', group, { yes: true }), false, 'Delete says it deleted a group');
    assert.equal(await vscode.commands.executeCommand('secretDefinitions.deleteRemote', { ...builtIn, secret: { ...builtIn.secret, scope: 'PROJECT' } }, { yes: true }), false, 'Delete says it deleted a secret');
    await vscode.commands.executeCommand('secretDefinitions.refreshCatalogs');
  });

  it('shows an empty remote tree, so the view shows its Restricted Mode welcome instead', async () => {
    assert.deepEqual(await api.tree.getChildren(), []);
    const welcome = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { viewsWelcome: Array<{ view: string; contents: string; when: string }> } }).contributes.viewsWelcome;
    assert.ok(welcome.some((w) => w.view === 'secretDefinitions.remote' && w.when === '!isWorkspaceTrusted' && /not trusted/.test(w.contents)));
  });

  it('sent nothing to either platform', () => {
    // Last: everything above (opening bound files, completion, sign-in, push, the tree) had its chance to.
    assert.deepEqual(standins.northflank.requests.map((r) => `${r.method} ${r.path}`), []);
    assert.deepEqual(standins.qovery.requests.map((r) => `${r.method} ${r.path}`), []);
  });
});
