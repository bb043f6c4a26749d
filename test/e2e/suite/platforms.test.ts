// The extension against the platforms, as a user drives it: sign-in, live catalogs in completion, hover and
// diagnostics, push (with its preview, a 409 and a 429), the remote secrets tree, aliases and overrides, and an
// output channel that never shows a token or a value. The platforms are the in-process stand-ins (standins/),
// started here in the extension host for each test, with the demo data; the extension finds them through
// NORTHFLANK_API_URL and QOVERY_API_URL, which it reads each time it makes a request.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import type { PushResult } from '../../../client/src/commands/push';
import type { SecretDefinitionsExtension } from '../../../client/src/main';
import type { Node } from '../../../client/src/tree/nodes';
import type { ProjectSecret } from '../../../api/qovery';
import { MASK } from '../../../core/mask';
import {
  DEMO_NORTHFLANK,
  DEMO_NORTHFLANK_PROJECT as NF_PROJECT,
  DEMO_NORTHFLANK_TOKEN,
  DEMO_QOVERY,
  DEMO_QOVERY_IDS as IDS,
  DEMO_QOVERY_TOKEN,
  startStandins,
  type RecordedRequest,
  type Standins,
} from '../../../standins';
import { EXTENSION_ID, afterEachTest, codeOf, described, expectDiagnostics, hoverText, labels, open, pollFor, replaceText, waitForDiagnostics, workspaceUri } from './helpers';

const API_FILE = 'remote/storefront-api.northflank-secret.yaml';
const QOVERY_FILE = 'remote/storefront.qovery-secrets.yaml';
const GROUPS_PATH = `/v1/projects/${NF_PROJECT}/secrets`;
const MASKED = MASK;
const OVERRIDE_VALUE = 'postgresql://e2e:e2e-override-password@pgbouncer:6432/storefront';
const URL_VARIABLES = ['NORTHFLANK_API_URL', 'QOVERY_API_URL', 'NORTHFLANK_API_TOKEN', 'QOVERY_API_TOKEN'] as const;

/**
 * Every token and secret value the suite handles: the demo data's values, the test files' values and what the
 * tests type. Short, ordinary words ("production", "true") are left out: they may appear in a log for other reasons.
 */
function secretValues(): string[] {
  const values = new Set<string>([DEMO_NORTHFLANK_TOKEN, DEMO_QOVERY_TOKEN, OVERRIDE_VALUE, 'e2e-rotated-jwt-signing-key', 'https://flags.example.com/e2e-storefront', 'sk_test_e2e_rotated_stripe', 'e2e-algolia-admin-key']);
  for (const project of DEMO_NORTHFLANK.projects) {
    for (const group of project.secretGroups ?? []) {
      for (const v of Object.values(group.secrets?.variables ?? {})) values.add(v);
      for (const f of Object.values(group.secrets?.files ?? {})) values.add(f.data);
    }
    for (const addon of project.addons ?? []) for (const v of Object.values(addon.values ?? {})) values.add(v);
  }
  for (const org of DEMO_QOVERY.organizations) for (const p of org.projects) for (const s of p.secrets ?? []) if (s.value) values.add(s.value);
  return [...values].filter((v) => v.length >= 12);
}

function itemLabel(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

function itemText(item: vscode.TreeItem): string {
  const tooltip = typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? '');
  return [itemLabel(item), typeof item.description === 'string' ? item.description : '', tooltip].join(' | ');
}

async function fileText(relative: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri(relative)));
}

function withoutSchema(value: unknown): Record<string, unknown> {
  const { $schema: _schema, ...rest } = value as Record<string, unknown>;
  return rest;
}

describe('Secret Definitions against the platform stand-ins', () => {
  let api: SecretDefinitionsExtension;
  let standins: Standins;
  /** Every line the output channel showed while this suite ran. */
  const logLines: string[] = [];
  /** The requests every stand-in of this suite recorded. */
  const recorded: RecordedRequest[] = [];
  const saved = new Map<string, string | undefined>();
  let listener: vscode.Disposable | undefined;

  const push = (relative: string, options: { yes?: boolean; noPreview?: boolean } = { yes: true }): Thenable<PushResult> =>
    vscode.commands.executeCommand<PushResult>('secretDefinitions.push', workspaceUri(relative), options);

  async function signIn(): Promise<void> {
    assert.equal(await vscode.commands.executeCommand('secretDefinitions.signIn.northflank', { token: DEMO_NORTHFLANK_TOKEN }), true, 'the Northflank stand-in refused the demo token');
    assert.equal(await vscode.commands.executeCommand('secretDefinitions.signIn.qovery', { token: DEMO_QOVERY_TOKEN }), true, 'the Qovery stand-in refused the demo token');
  }

  /** The child of `parent` (the root when undefined) whose label is `label`. */
  async function child(parent: Node | undefined, label: string, description?: string): Promise<Node> {
    const children = await api.tree.getChildren(parent);
    const found = children.find((n) => {
      const item = api.tree.getTreeItem(n);
      return itemLabel(item) === label && (description === undefined || item.description === description);
    });
    assert.ok(found, `no "${label}" under ${parent ? itemLabel(api.tree.getTreeItem(parent)) : 'the root'}; there are: ${children.map((n) => itemLabel(api.tree.getTreeItem(n))).join(', ')}`);
    return found;
  }

  async function path(...steps: string[]): Promise<Node> {
    let node: Node | undefined;
    for (const step of steps) node = await child(node, step);
    assert.ok(node);
    return node;
  }

  async function qoverySecret(key: string, scope = 'BUILT_IN'): Promise<Extract<Node, { type: 'q-secret' }>> {
    const project = await path('Qovery', 'Demo Org', 'Storefront');
    const found = (await api.tree.getChildren(project)).find((n): n is Extract<Node, { type: 'q-secret' }> => n.type === 'q-secret' && n.secret.key === key && n.secret.scope === scope);
    assert.ok(found, `no ${scope} secret ${key} in the Qovery project Storefront`);
    return found;
  }

  before(async () => {
    const extension = vscode.extensions.getExtension<SecretDefinitionsExtension>(EXTENSION_ID);
    assert.ok(extension);
    api = await extension.activate();
    listener = api.log.onDidWrite((line) => logLines.push(line));
    // The most talkative log level: whatever the extension logs, the last test scans it.
    await vscode.workspace.getConfiguration('secretDefinitions').update('logLevel', 'debug', vscode.ConfigurationTarget.Global);
    // Tokens come from the secret storage only (sign-in), never from an environment the runner happened to have.
    for (const name of URL_VARIABLES) saved.set(name, process.env[name]);
    delete process.env.NORTHFLANK_API_TOKEN;
    delete process.env.QOVERY_API_TOKEN;
  });

  beforeEach(async () => {
    // Fresh stand-ins with the demo data for every test: no test sees another's changes.
    standins = await startStandins();
    process.env.NORTHFLANK_API_URL = standins.urls.northflank;
    process.env.QOVERY_API_URL = standins.urls.qovery;
  });

  afterEach(async function (this: Mocha.Context) {
    await afterEachTest.call(this);
    for (const r of [standins.northflank.requests, standins.qovery.requests].flat()) recorded.push(r);
    await standins.close();
  });

  after(async () => {
    listener?.dispose();
    await vscode.commands.executeCommand('secretDefinitions.signOut.northflank');
    await vscode.commands.executeCommand('secretDefinitions.signOut.qovery');
    await vscode.workspace.getConfiguration('secretDefinitions').update('logLevel', undefined, vscode.ConfigurationTarget.Global);
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  describe('sign-in', () => {
    it('keeps a token the platform accepts in the secret storage, and refuses one it does not', async () => {
      await vscode.commands.executeCommand('secretDefinitions.signOut.northflank');
      assert.deepEqual(await api.connections.state('northflank'), { status: 'signed-out' });

      assert.equal(await vscode.commands.executeCommand('secretDefinitions.signIn.northflank', { token: 'not-a-northflank-token' }), false);
      assert.equal(await api.connections.hasStoredToken('northflank'), false, 'a refused token was stored');
      assert.deepEqual(await api.connections.state('northflank'), { status: 'signed-out' });

      assert.equal(await vscode.commands.executeCommand('secretDefinitions.signIn.northflank', { token: DEMO_NORTHFLANK_TOKEN }), true);
      assert.equal(await api.connections.hasStoredToken('northflank'), true);
      assert.deepEqual(await api.connections.state('northflank'), { status: 'connected', source: 'secret-storage' });
      // Each token was checked with one request, sent as a Bearer token.
      assert.deepEqual(standins.northflank.requestsTo('GET', '/v1/projects').map((r) => [r.authScheme, r.status]), [['Bearer', 401], ['Bearer', 200]]);
    });

    it('signing out forgets the token: the tree goes back to its welcome view, and Delete sends nothing', async () => {
      await signIn();
      const sendgrid = await qoverySecret('SENDGRID_API_KEY', 'PROJECT');
      await vscode.commands.executeCommand('secretDefinitions.signOut.northflank');
      await vscode.commands.executeCommand('secretDefinitions.signOut.qovery');
      assert.equal(await api.connections.hasStoredToken('northflank'), false);
      assert.equal(await api.connections.hasStoredToken('qovery'), false);
      assert.deepEqual(await api.tree.getChildren(), [], 'the tree still shows the platforms');
      assert.equal(await vscode.commands.executeCommand('secretDefinitions.deleteRemote', sendgrid, { yes: true }), false);
      assert.equal(standins.qovery.requestsTo('DELETE', /./).length, 0);
      assert.ok(standins.qovery.secretByKey(IDS.storefront, 'SENDGRID_API_KEY'));
    });

    it('signs in to Qovery with its Token scheme', async () => {
      await vscode.commands.executeCommand('secretDefinitions.signOut.qovery');
      assert.equal(await vscode.commands.executeCommand('secretDefinitions.signIn.qovery', { token: DEMO_QOVERY_TOKEN }), true);
      assert.deepEqual(await api.connections.state('qovery'), { status: 'connected', source: 'secret-storage' });
      assert.deepEqual(standins.qovery.requestsTo('GET', '/organization').map((r) => [r.authScheme, r.status]), [['Token', 200]]);
    });
  });

  describe('live catalogs', () => {
    beforeEach(async () => {
      await signIn();
      // Whatever an earlier test left in the caches: read the catalogs again from these stand-ins.
      await vscode.commands.executeCommand('secretDefinitions.refreshCatalogs');
    });

    it('completes the real key names of each addon, from the stand-in', async () => {
      const { document } = await open(API_FILE);
      const complete = (line: number): Thenable<vscode.CompletionList> => vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(line, 17));
      // Line 15 is `      - keyName: POSTGRES_URI` of the addon orders-db (PostgreSQL).
      const postgres = await pollFor('the live keys of orders-db', () => complete(15), (l) => labels(l.items).includes('JDBC_POSTGRES_URI'), 15_000, (l) => labels(l.items).join(', '));
      for (const key of ['POSTGRES_URI', 'READ_ONLY_POSTGRES_URI', 'POSTGRES_URI_ADMIN', 'HOST']) assert.ok(labels(postgres.items).includes(key), `no ${key}`);
      assert.equal(postgres.items.find((i) => i.label === 'READ_ONLY_POSTGRES_URI')?.detail, 'Orders DB (postgresql)');
      assert.ok(!labels(postgres.items).includes('MONGO_SRV'), 'offers offline defaults of other addons');
      // Line 19 is the Redis addon sessions: its own keys, and only them.
      const redis = await complete(19);
      assert.deepEqual(labels(redis.items).filter((l) => /^[A-Z_]+$/.test(l)).sort(), ['HOST', 'PASSWORD', 'PORT', 'REDIS_MASTER_URL']);
    });

    it('links each addon id to its page on the platform, and names the bound project in the CodeLens', async () => {
      const { document } = await open(API_FILE);
      // VS Code's own link detection adds the URLs written in the file: only the addon ids are ours.
      const addonLinks = (l: vscode.DocumentLink[]) => l.filter((x) => ['orders-db', 'sessions'].includes(document.getText(x.range)));
      // This test's stand-in (a new one for every test): the answer of an earlier test's is replaced when it comes.
      const base = `${process.env.NORTHFLANK_API_URL?.replace(/\/+$/, '')}/project/${NF_PROJECT}/addons/`;
      const links = await pollFor('the addon links', () => vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', document.uri), (l) => addonLinks(l).filter((x) => x.target?.toString().startsWith(base)).length >= 2, 15_000, (l) => l.map((x) => x.target?.toString()).join(', '));
      const pages = addonLinks(links).map((l) => [document.getText(l.range), l.target?.toString()]);
      assert.deepEqual(pages, [['orders-db', `${base}orders-db`], ['sessions', `${base}sessions`]]);
      const lenses = await pollFor('the CodeLens with the project', () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri), (l) => l.some((x) => x.command?.title.includes('·') === true));
      assert.ok(lenses.some((l) => l.command?.title.startsWith('$(cloud-upload) Push to Northflank · ')), lenses.map((l) => l.command?.title).join(', '));
    });

    it('completes the project\'s services and jobs in restrictions, adding the matching type', async () => {
      const { document } = await open(API_FILE);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, new vscode.Position(12, 0), '    - id: \n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const list = await pollFor(
        'the services and jobs of the Storefront project',
        () => vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(12, 10)),
        (l) => labels(l.items).includes('nightly-report'),
        15_000,
        (l) => labels(l.items).join(', '),
      );
      const details = Object.fromEntries(list.items.map((i) => [typeof i.label === 'string' ? i.label : i.label.label, i.detail]));
      assert.equal(details['storefront-web'], 'service · Storefront Web');
      assert.equal(details['checkout-worker'], 'service · Checkout Worker');
      assert.equal(details['nightly-report'], 'job · Nightly Report');
      // Already in the list: offering it again would be a duplicate item, which validation rejects.
      assert.equal(details['db-migrate'], undefined);
      const job = list.items.find((i) => i.label === 'nightly-report');
      assert.deepEqual(job?.additionalTextEdits?.map((e) => e.newText), ['\n      type: job']);
    });

    it('reports an addon key the addon does not have, and its quick fix puts the real one', async () => {
      const { document } = await open(API_FILE);
      await expectDiagnostics(document.uri, []);
      await replaceText(document, 'keyName: POSTGRES_URI', 'keyName: POSTGRES_URL');
      const [d] = await expectDiagnostics(document.uri, ['nf-unknown-addon-key@15:17-29']);
      assert.equal(d.message, 'The addon "orders-db" has no key "POSTGRES_URL". Did you mean "POSTGRES_URI"?');
      assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, d.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.title === 'Change to "POSTGRES_URI"');
      assert.ok(fix?.edit, `no quick fix among: ${actions.map((a) => a.title).join(' | ')}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.equal(document.lineAt(15).text, '      - keyName: POSTGRES_URI');
      await expectDiagnostics(document.uri, []);

      // A job named as a service: the catalog knows better.
      await replaceText(document, 'type: job', 'type: service');
      const [target] = await expectDiagnostics(document.uri, ['nf-unknown-restriction-target@11:12-19']);
      assert.match(target.message, /"db-migrate" is a job, not a service\./);
    });

    it('checks Qovery alias targets against the project, and shows their scope on hover', async () => {
      const { document } = await open(QOVERY_FILE);
      const target = 'QOVERY_POSTGRESQL_Z7D3A9F1E_DATABASE_URL_INTERNAL';
      await expectDiagnostics(document.uri, []);
      await replaceText(document, `target: ${target}`, 'target: QOVERY_POSTGRESQL_Z7D3A9F1E_DATABASE_URL');
      const [d] = await expectDiagnostics(document.uri, ['qovery-unknown-target@9:12-52']);
      assert.equal(codeOf(d), 'qovery-unknown-target');
      await replaceText(document, 'target: QOVERY_POSTGRESQL_Z7D3A9F1E_DATABASE_URL', `target: ${target}`);
      await expectDiagnostics(document.uri, []);

      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(9, 20));
      const text = hoverText(hovers);
      assert.match(text, /target of this alias/);
      assert.match(text, /In Qovery: scope BUILT_IN, BUILT_IN\./);

      // Completion of a target lists the project's secrets with their scope (no alias: one level only).
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(9, 12));
      const details = Object.fromEntries(list.items.map((i) => [typeof i.label === 'string' ? i.label : i.label.label, i.detail]));
      assert.equal(details.QOVERY_REDIS_Z2C4E6A8B_HOST_INTERNAL, 'BUILT_IN · BUILT_IN');
      assert.equal(details.SENDGRID_API_KEY, 'PROJECT · VALUE');
      assert.equal(details.DATABASE_URL, undefined, 'offers an alias as the target of an alias');
    });
  });

  describe('push', () => {
    beforeEach(signIn);

    it('resolves ${env:NAME} from the environment and the answers to its prompt; with one missing, sends nothing', async () => {
      const file = 'remote/env-refs.northflank-secret.yaml';
      const uri = workspaceUri(file);
      const group = 'name: env-refs\nsecretType: environment\npriority: 5\nsecrets:\n  variables:\n    DB_PASSWORD: ${env:E2E_DB_PASSWORD}\n    DATABASE_URL: postgres://app:${env:E2E_DB_PASSWORD}@db/app\n    TOKEN: ${env:E2E_TOKEN}\n';
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(group));
      process.env.E2E_DB_PASSWORD = 'e2e-db-password-FROM-ENV';
      try {
        const refused = await vscode.commands.executeCommand<PushResult>('secretDefinitions.push', uri, { yes: true, noPreview: true, env: {} });
        assert.equal(refused.outcome, 'unresolved');
        // Catalogs of open documents may be read meanwhile; nothing is written, and the group is not even read.
        assert.deepEqual(standins.northflank.requests.filter((r) => r.method !== 'GET' || r.path.includes('env-refs')).map((r) => `${r.method} ${r.path}`), [], 'nothing sent');
        assert.ok(logLines.some((l) => /This environment variable is not set: E2E_TOKEN\..*Nothing was sent\./.test(l)), logLines.slice(-3).join('\n'));

        const pushed = await vscode.commands.executeCommand<PushResult>('secretDefinitions.push', uri, { yes: true, noPreview: true, env: { E2E_TOKEN: 'e2e-token-TYPED' } });
        assert.deepEqual([pushed.ok, pushed.outcome], [true, 'pushed'], pushed.lines.join('\n'));
        const body = standins.northflank.requestsTo('PUT', GROUPS_PATH)[0].body as { secrets: { variables: Record<string, string> } };
        assert.deepEqual(body.secrets.variables, { DB_PASSWORD: 'e2e-db-password-FROM-ENV', DATABASE_URL: 'postgres://app:e2e-db-password-FROM-ENV@db/app', TOKEN: 'e2e-token-TYPED' });
        assert.ok(logLines.some((l) => /\+ variable DB_PASSWORD +create \(from env E2E_DB_PASSWORD\)/.test(l)), 'the plan says where the value comes from');
        for (const value of ['e2e-db-password-FROM-ENV', 'e2e-token-TYPED']) assert.ok(!logLines.some((l) => l.includes(value)), 'never a value in the log');
      } finally {
        delete process.env.E2E_DB_PASSWORD;
        await vscode.workspace.fs.delete(uri);
      }
    });

    it('shows a masked preview, then sends exactly the file (minus $schema); a second push sends nothing', async () => {
      const result = await push(API_FILE);
      assert.deepEqual([result.ok, result.outcome], [true, 'pushed'], result.lines.join('\n'));

      const puts = standins.northflank.requestsTo('PUT', GROUPS_PATH);
      assert.equal(puts.length, 1);
      assert.equal(puts[0].status, 200);
      assert.deepEqual(puts[0].body, withoutSchema(parse(await fileText(API_FILE))));
      assert.equal(standins.northflank.group(NF_PROJECT, 'storefront-api')?.secrets?.variables?.JWT_SIGNING_KEY, 'e2e-rotated-jwt-signing-key');

      // The side-by-side preview: remote on the left, the file on the right, every value masked.
      const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff);
      assert.ok(tab, 'no diff editor opened');
      assert.equal(tab.label, 'storefront-api.northflank-secret.yaml: Northflank project Storefront ↔ file (values masked)');
      const input = tab.input as vscode.TabInputTextDiff;
      const remote = (await vscode.workspace.openTextDocument(input.original)).getText();
      const local = (await vscode.workspace.openTextDocument(input.modified)).getText();
      assert.match(remote, /JWT_SIGNING_KEY: /);
      assert.doesNotMatch(remote, /FEATURE_FLAGS_URL/);
      assert.match(local, /FEATURE_FLAGS_URL: /);
      for (const value of secretValues()) assert.ok(!remote.includes(value) && !local.includes(value), `the preview shows a value: ${value}`);
      // Only what the push changes differs: the remote side shows no default the file leaves out (`type: secret`).
      assert.doesNotMatch(remote, /^type:/m);
      // The preview is not a file to push: no CodeLens, and Push refuses it (its values are masks).
      assert.deepEqual(await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', input.modified), []);
      assert.equal((await vscode.commands.executeCommand<PushResult>('secretDefinitions.push', input.modified, { yes: true, noPreview: true })).outcome, 'invalid');
      // The preview is not a file of the workspace: it has no problems of its own (masks are not base64), once a
      // document opened after it has been checked.
      const later = await open('invalid.northflank-secret.yaml');
      await expectDiagnostics(later.document.uri, ['invalid-value@2:12-22', 'number-out-of-range@3:10-13']);
      assert.deepEqual(vscode.languages.getDiagnostics().filter(([uri, ds]) => uri.scheme === input.original.scheme && ds.length).map(([uri, ds]) => `${uri.toString()}: ${described(ds).join(', ')}`), []);

      const again = await push(API_FILE, { yes: true, noPreview: true });
      assert.equal(again.outcome, 'up-to-date');
      assert.equal(standins.northflank.requestsTo('PUT', GROUPS_PATH).length, 1, 'an up-to-date push sent a PUT');
    });

    it('Create on a group that exists gets a 409, and updates it with PUT instead', async () => {
      const result = await vscode.commands.executeCommand<PushResult>('secretDefinitions.createSecretGroup', workspaceUri(API_FILE), { yes: true, noPreview: true });
      assert.equal(result.outcome, 'pushed');
      assert.deepEqual(standins.northflank.requestsTo('POST', GROUPS_PATH).map((r) => r.status), [409]);
      assert.deepEqual(standins.northflank.requestsTo('PUT', GROUPS_PATH).map((r) => r.status), [200]);
      assert.ok(logLines.some((l) => /a secret group with the id storefront-api already exists \(409\)/.test(l)), 'the 409 is not in the log');
    });

    it('waits as a 429 asks (Retry-After: 1) and pushes on the second attempt', async () => {
      standins.northflank.faults.inject({ method: 'PUT', path: GROUPS_PATH }, { type: 'status', status: 429, retryAfter: '1' });
      const started = Date.now();
      const result = await push(API_FILE, { yes: true, noPreview: true });
      assert.equal(result.outcome, 'pushed');
      assert.deepEqual(standins.northflank.requestsTo('PUT', GROUPS_PATH).map((r) => r.status), [429, 200]);
      assert.ok(Date.now() - started >= 1000, 'retried before Retry-After');
      assert.ok(logLines.some((l) => l.includes(`northflank PUT ${GROUPS_PATH} → 429`)));
      assert.ok(logLines.some((l) => l.includes(`northflank PUT ${GROUPS_PATH} → 200`) && l.endsWith('(attempt 2)')));
    });

    it('gives up at once on a 429 that asks for minutes, says how long to wait, and changes nothing', async () => {
      standins.northflank.faults.inject({ method: 'PUT', path: GROUPS_PATH }, { type: 'status', status: 429, retryAfter: '120' });
      const result = await push(API_FILE, { yes: true, noPreview: true });
      assert.deepEqual([result.ok, result.outcome], [false, 'failed']);
      assert.equal(standins.northflank.requestsTo('PUT', GROUPS_PATH).length, 1);
      assert.equal(standins.northflank.group(NF_PROJECT, 'storefront-api')?.secrets?.variables?.JWT_SIGNING_KEY, 'demo-jwt-signing-key');
      assert.ok(logLines.some((l) => /Northflank is rate limiting this token: wait 2 min, then run it again\..*The push failed; no local file was changed\./.test(l)), 'the log does not say how long to wait');
    });

    it('pushes Qovery secrets step by step: writes, creates and aliases; keeps what only Qovery has', async () => {
      const result = await push(QOVERY_FILE, { yes: true, noPreview: true });
      assert.equal(result.outcome, 'pushed', result.lines.join('\n'));
      const base = `/project/${IDS.storefront}/secret`;
      assert.deepEqual(standins.qovery.requestsTo('PUT', `${base}/${IDS.storefrontStripe}`).map((r) => r.body), [{ key: 'STRIPE_SECRET_KEY', value: 'sk_test_e2e_rotated_stripe', description: 'Stripe secret key (test mode)' }]);
      assert.deepEqual(standins.qovery.requestsTo('POST', base).map((r) => (r.body as { key: string }).key), ['ALGOLIA_ADMIN_KEY']);
      assert.deepEqual(standins.qovery.requestsTo('POST', `${base}/${IDS.storefrontDatabaseUrl}/alias`).map((r) => r.body), [{ key: 'PRIMARY_DATABASE_URL' }]);
      assert.equal(standins.qovery.secretByKey(IDS.storefront, 'ALGOLIA_ADMIN_KEY')?.value, 'e2e-algolia-admin-key');
      assert.equal(standins.qovery.secretByKey(IDS.storefront, 'PRIMARY_DATABASE_URL')?.aliasedKey, 'QOVERY_POSTGRESQL_Z7D3A9F1E_DATABASE_URL_INTERNAL');
      assert.ok(standins.qovery.secretByKey(IDS.storefront, 'SENDGRID_API_KEY'), 'a secret only Qovery had was deleted');
      assert.equal(standins.qovery.requestsTo('DELETE', /./).length, 0);
    });

    it('refuses a file with errors and sends nothing, not even a read (the error is in the unsaved editor only)', async () => {
      const { document } = await open(API_FILE);
      await replaceText(document, 'priority: 20', 'priority: 200');
      await expectDiagnostics(document.uri, ['number-out-of-range@4:10-13']);
      assert.equal(document.isDirty, true, 'the error must be in the editor, not on disk: push validates what the editor holds');
      // Mutation this guards: validating the file on disk (valid) instead of the editor's text pushes it.
      const signInRequests = standins.northflank.requests.length;
      const result = await push(API_FILE);
      assert.equal(result.outcome, 'invalid');
      assert.match(result.lines.join('\n'), /storefront-api\.northflank-secret\.yaml:5:11 .*\[number-out-of-range\]/);
      assert.deepEqual(standins.northflank.requests.slice(signInRequests).map((r) => `${r.method} ${r.path}`), []);
      // Fixed in the editor, the same file pushes: the refusal above was about the error.
      await replaceText(document, 'priority: 200', 'priority: 20');
      await expectDiagnostics(document.uri, []);
      assert.equal((await push(API_FILE, { yes: true, noPreview: true })).outcome, 'pushed');
    });
  });

  describe('the remote secrets tree and its commands', () => {
    beforeEach(signIn);

    it('lists the stand-ins\' secret groups and secrets with every value masked; Reveal shows one on request', async () => {
      assert.deepEqual((await api.tree.getChildren()).map((n) => itemLabel(api.tree.getTreeItem(n))), ['Northflank', 'Qovery']);
      const project = await path('Northflank', 'Storefront');
      const groups = await api.tree.getChildren(project);
      assert.deepEqual(groups.map((n) => itemLabel(api.tree.getTreeItem(n))).sort(), ['checkout-worker', 'storefront-api', 'web-public-config']);
      assert.equal(api.tree.getTreeItem(await child(project, 'storefront-api')).description, 'secret · environment · priority 20');

      const variables = await api.tree.getChildren(await path('Northflank', 'Storefront', 'storefront-api', 'Variables'));
      const items = variables.map((n) => api.tree.getTreeItem(n));
      assert.deepEqual(items.map(itemLabel), ['JWT_SIGNING_KEY', 'NODE_ENV', 'SENTRY_DSN', 'STRIPE_SECRET_KEY']);
      assert.ok(items.every((i) => i.description === MASKED), items.map(itemText).join('\n'));
      const files = await api.tree.getChildren(await path('Northflank', 'Storefront', 'checkout-worker', 'Files'));
      assert.deepEqual(files.map((n) => [itemLabel(api.tree.getTreeItem(n)), api.tree.getTreeItem(n).description]), [['/etc/checkout/config.json', MASKED]]);
      const links = await api.tree.getChildren(await path('Northflank', 'Storefront', 'storefront-api', 'Addon links'));
      assert.deepEqual(links.map((n) => [itemLabel(api.tree.getTreeItem(n)), api.tree.getTreeItem(n).description]), [['orders-db', '1 key linked'], ['sessions', '1 key linked']]);

      const qovery = await api.tree.getChildren(await path('Qovery', 'Demo Org', 'Storefront'));
      const described = qovery.map((n) => `${itemLabel(api.tree.getTreeItem(n))}: ${String(api.tree.getTreeItem(n).description)}`);
      assert.deepEqual(described, [
        'QOVERY_CLOUD_PROVIDER_REGION: BUILT_IN · BUILT_IN',
        'QOVERY_POSTGRESQL_Z7D3A9F1E_DATABASE_URL_INTERNAL: BUILT_IN · BUILT_IN',
        'QOVERY_REDIS_Z2C4E6A8B_HOST_INTERNAL: BUILT_IN · BUILT_IN',
        'DATABASE_URL: PROJECT · ALIAS → QOVERY_POSTGRESQL_Z7D3A9F1E_DATABASE_URL_INTERNAL',
        'GCP_SERVICE_ACCOUNT: PROJECT · FILE',
        'QOVERY_CLOUD_PROVIDER_REGION: PROJECT · OVERRIDE of QOVERY_CLOUD_PROVIDER_REGION (BUILT_IN)',
        'REDIS_HOST: PROJECT · ALIAS → QOVERY_REDIS_Z2C4E6A8B_HOST_INTERNAL',
        'SENDGRID_API_KEY: PROJECT · VALUE',
        'STRIPE_SECRET_KEY: PROJECT · VALUE',
      ]);

      const everything = [...items, ...files.map((n) => api.tree.getTreeItem(n)), ...qovery.map((n) => api.tree.getTreeItem(n))].map(itemText).join('\n');
      for (const value of secretValues()) assert.ok(!everything.includes(value), `the tree shows a value: ${value}`);

      // Reveal Value: shown on request, masked again on Hide.
      const jwt = variables[0];
      assert.equal(await vscode.commands.executeCommand('secretDefinitions.tree.revealValue', jwt), true);
      assert.equal(api.tree.getTreeItem(jwt).description, 'demo-jwt-signing-key');
      assert.equal(api.tree.getTreeItem(jwt).contextValue, 'nf-variable-revealed');
      await vscode.commands.executeCommand('secretDefinitions.tree.hideValue', jwt);
      assert.equal(api.tree.getTreeItem(jwt).description, MASKED);
    });

    it('Reveal Value masks the value again after a minute, counted from the latest reveal (a fake timer: no waiting)', async () => {
      const original = api.tree.timers;
      const timers: { callback: () => void; ms: number; cleared: boolean }[] = [];
      api.tree.timers = {
        setTimeout: (callback, ms) => {
          const timer = { callback, ms, cleared: false };
          timers.push(timer);
          return timer;
        },
        clearTimeout: (handle) => {
          (handle as { cleared: boolean }).cleared = true;
        },
      };
      try {
        const jwt = await child(await path('Northflank', 'Storefront', 'storefront-api', 'Variables'), 'JWT_SIGNING_KEY');
        assert.equal(await vscode.commands.executeCommand('secretDefinitions.tree.revealValue', jwt), true);
        assert.equal(api.tree.getTreeItem(jwt).description, 'demo-jwt-signing-key');
        // Mutations this guards: no timer at all (shown for the session), or a longer one (60 s → 600 s).
        assert.deepEqual(timers.map((t) => t.ms), [60_000]);
        // Revealed again within the minute: the first timer is cancelled, so it cannot hide the second reveal early.
        assert.equal(await vscode.commands.executeCommand('secretDefinitions.tree.revealValue', jwt), true);
        assert.deepEqual(timers.map((t) => [t.ms, t.cleared]), [[60_000, true], [60_000, false]]);
        // The minute passes: masked again, and the view is told to redraw that item.
        const redrawn = new Promise<Node | undefined>((resolve) => {
          const subscription = api.tree.onDidChangeTreeData((node) => {
            subscription.dispose();
            resolve(node);
          });
        });
        timers[1].callback();
        assert.equal(await redrawn, jwt);
        assert.equal(api.tree.getTreeItem(jwt).description, MASKED);
        assert.equal(api.tree.getTreeItem(jwt).contextValue, 'nf-variable');
        // Hide Value cancels the pending timer too.
        assert.equal(await vscode.commands.executeCommand('secretDefinitions.tree.revealValue', jwt), true);
        await vscode.commands.executeCommand('secretDefinitions.tree.hideValue', jwt);
        assert.equal(timers[2].cleared, true);
        assert.equal(api.tree.getTreeItem(jwt).description, MASKED);
      } finally {
        api.tree.timers = original;
      }
    });

    it('Create Alias on a BUILT_IN secret creates the alias on the stand-in, and the tree shows it', async () => {
      const redis = await qoverySecret('QOVERY_REDIS_Z2C4E6A8B_HOST_INTERNAL');
      const created = await vscode.commands.executeCommand<ProjectSecret | undefined>('secretDefinitions.createAlias', redis, { key: 'CACHE_HOST' });
      assert.equal(created?.key, 'CACHE_HOST');
      assert.deepEqual(standins.qovery.requestsTo('POST', `/project/${IDS.storefront}/secret/${IDS.storefrontRedisHost}/alias`).map((r) => [r.body, r.status]), [[{ key: 'CACHE_HOST' }, 201]]);
      assert.equal(standins.qovery.secretByKey(IDS.storefront, 'CACHE_HOST')?.aliasedKey, 'QOVERY_REDIS_Z2C4E6A8B_HOST_INTERNAL');
      const alias = await qoverySecret('CACHE_HOST', 'PROJECT');
      assert.equal(api.tree.getTreeItem(alias).description, 'PROJECT · ALIAS → QOVERY_REDIS_Z2C4E6A8B_HOST_INTERNAL');
    });

    it('Create Override on a BUILT_IN secret sends the value to the stand-in, and the tree shows the override', async () => {
      const database = await qoverySecret('QOVERY_POSTGRESQL_Z7D3A9F1E_DATABASE_URL_INTERNAL');
      const created = await vscode.commands.executeCommand<ProjectSecret | undefined>('secretDefinitions.createOverride', database, { value: OVERRIDE_VALUE });
      assert.equal(created?.variable_type, 'OVERRIDE');
      const posts = standins.qovery.requestsTo('POST', `/project/${IDS.storefront}/secret/${IDS.storefrontDatabaseUrl}/override`);
      assert.deepEqual(posts.map((r) => [r.body, r.status]), [[{ value: OVERRIDE_VALUE }, 201]]);
      assert.equal(standins.qovery.secretByKey(IDS.storefront, 'QOVERY_POSTGRESQL_Z7D3A9F1E_DATABASE_URL_INTERNAL')?.value, OVERRIDE_VALUE);
      const override = await qoverySecret('QOVERY_POSTGRESQL_Z7D3A9F1E_DATABASE_URL_INTERNAL', 'PROJECT');
      assert.equal(api.tree.getTreeItem(override).description, 'PROJECT · OVERRIDE of QOVERY_POSTGRESQL_Z7D3A9F1E_DATABASE_URL_INTERNAL (BUILT_IN)');
    });

    it('Delete Remote deletes a Qovery secret on the stand-in, and the tree no longer lists it', async () => {
      const sendgrid = await qoverySecret('SENDGRID_API_KEY', 'PROJECT');
      assert.equal(await vscode.commands.executeCommand('secretDefinitions.deleteRemote', sendgrid, { yes: true }), true);
      assert.deepEqual(standins.qovery.requestsTo('DELETE', /./).map((r) => [r.path, r.status]), [[`/project/${IDS.storefront}/secret/${IDS.storefrontSendgrid}`, 204]]);
      assert.equal(standins.qovery.secretByKey(IDS.storefront, 'SENDGRID_API_KEY'), undefined);
      const keys = (await api.tree.getChildren(await path('Qovery', 'Demo Org', 'Storefront'))).map((n) => itemLabel(api.tree.getTreeItem(n)));
      assert.ok(!keys.includes('SENDGRID_API_KEY'), keys.join(', '));
    });

    it('Link Addon Keys sends the keys of one addon dependency of the file', async () => {
      const { document } = await open(API_FILE);
      await replaceText(document, 'keyName: POSTGRES_URI\n        aliases: [DATABASE_URL]', 'keyName: POSTGRES_URI\n        aliases: [DATABASE_URL]\n      - keyName: READ_ONLY_POSTGRES_URI\n        aliases: [DATABASE_READ_URL]');
      const result = await vscode.commands.executeCommand<PushResult>('secretDefinitions.linkAddon', document.uri, 'orders-db', { yes: true });
      assert.equal(result.outcome, 'pushed');
      assert.deepEqual(standins.northflank.requestsTo('POST', `${GROUPS_PATH}/storefront-api/addons/orders-db`).map((r) => [r.body, r.status]), [
        [{ keys: [{ keyName: 'POSTGRES_URI', aliases: ['DATABASE_URL'] }, { keyName: 'READ_ONLY_POSTGRES_URI', aliases: ['DATABASE_READ_URL'] }] }, 200],
      ]);
      assert.equal(result.lines[0], 'Linked POSTGRES_URI, READ_ONLY_POSTGRES_URI of addon "orders-db" to secret group "storefront-api".');
      const link = await child(await path('Northflank', 'Storefront', 'storefront-api', 'Addon links'), 'orders-db');
      assert.equal(api.tree.getTreeItem(link).description, '2 keys linked');
    });

    it('opens a remote group as a definition file with placeholders instead of values', async () => {
      const group = await path('Northflank', 'Storefront', 'checkout-worker');
      const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('secretDefinitions.pull', group, { includeValues: false });
      assert.ok(uri);
      assert.equal(vscode.workspace.asRelativePath(uri), 'checkout-worker.northflank-secret.yaml');
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
      const text = await fileText('checkout-worker.northflank-secret.yaml');
      assert.match(text, /SMTP_PASSWORD: REPLACE_ME/);
      assert.match(text, /keyName: ACCESS_KEY/);
      for (const value of secretValues()) assert.ok(!text.includes(value), `the pulled file holds a value: ${value}`);
      // It is bound to the project it came from; its only problems are the placeholders (two values and the file's
      // data), errors that stop a push from overwriting the real secrets with them.
      await waitForDiagnostics(uri, (all) => {
        const ours = all.filter((d) => d.source === 'secretdef');
        return ours.length === 3 && ours.every((d) => d.code === 'placeholder-value' && d.severity === vscode.DiagnosticSeverity.Error);
      }, 'three placeholder-value errors');
      assert.deepEqual(vscode.workspace.getConfiguration('secretDefinitions').get<Record<string, unknown>>('targets')?.['checkout-worker.northflank-secret.yaml'], { project: NF_PROJECT });
    });
    it('opens a group whose remote id climbs out of the folder ("../../escape") as a file inside the folder', async () => {
      // A hostile platform: the group's id is a path. The file name comes from it, sanitized; nothing lands outside.
      await standins.close();
      const projects = DEMO_NORTHFLANK.projects.map((p) => (p.id === NF_PROJECT ? { ...p, secretGroups: [...(p.secretGroups ?? []), { name: '../../escape', secretType: 'environment' as const, priority: 1 }] } : p));
      standins = await startStandins({ northflank: { ...DEMO_NORTHFLANK, projects } });
      process.env.NORTHFLANK_API_URL = standins.urls.northflank;
      process.env.QOVERY_API_URL = standins.urls.qovery;
      const group = await path('Northflank', 'Storefront', '../../escape');
      const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('secretDefinitions.pull', group, { includeValues: false });
      assert.ok(uri);
      assert.equal(vscode.workspace.asRelativePath(uri), 'escape.northflank-secret.yaml');
      assert.ok(vscode.workspace.getWorkspaceFolder(uri), 'written outside the workspace folder');
      assert.match(await fileText('escape.northflank-secret.yaml'), /^name: \.\.\/\.\.\/escape$/m);
    });
  });

  describe('the output channel', () => {
    it('masks a value a platform quotes in an error, even where the request did not carry it (the redactor)', async () => {
      // Mutation this guards: Log.write without `this.redactor.redact(...)`: every other test still passed, because
      // nothing else makes a value reach the log. Here the stand-in's error quotes a value of the file being pushed
      // in its answer to the GET that reads the group: the transport masks only the values a request carries, so the
      // value reaches the log as the platform wrote it, and only the redactor stands in the way.
      await signIn();
      const value = 'e2e-rotated-jwt-signing-key';
      assert.ok((await fileText(API_FILE)).includes(value), 'the test file no longer holds the value');
      standins.northflank.faults.inject({ method: 'GET', path: `${GROUPS_PATH}/storefront-api` }, { type: 'status', status: 403, message: `JWT_SIGNING_KEY may not be set to ${value} in this project.` });
      const written: string[] = [];
      const subscription = api.log.onDidWrite((line) => written.push(line));
      try {
        const result = await push(API_FILE, { yes: true, noPreview: true });
        assert.equal(result.outcome, 'failed');
      } finally {
        subscription.dispose();
      }
      assert.equal(standins.northflank.requestsTo('GET', `${GROUPS_PATH}/storefront-api`)[0]?.fault, 'status', 'the stand-in did not answer with the quoting error');
      const reported = written.filter((l) => l.includes('JWT_SIGNING_KEY may not be set to'));
      assert.equal(reported.length, 1, `no log line reports the platform's message:\n${written.join('\n')}`);
      assert.ok(!reported[0].includes(value), `the output channel showed the value: ${reported[0]}`);
      assert.match(reported[0], /may not be set to \*{8} in this project/, 'masked with the one mask (core/mask.ts MASK)');
    });

    it('never shows a token or a secret value, while every request is logged', async () => {
      // Its own share of tokens and values (so it means something when run alone), then everything this suite logged.
      await signIn();
      assert.equal((await push(API_FILE, { yes: true, noPreview: true })).outcome, 'pushed');
      await vscode.commands.executeCommand('secretDefinitions.createOverride', await qoverySecret('QOVERY_POSTGRESQL_Z7D3A9F1E_DATABASE_URL_INTERNAL'), { value: OVERRIDE_VALUE });
      const jwt = await child(await path('Northflank', 'Storefront', 'storefront-api', 'Variables'), 'JWT_SIGNING_KEY');
      assert.equal(await vscode.commands.executeCommand('secretDefinitions.tree.copyValue', jwt), true);
      assert.equal(await vscode.env.clipboard.readText(), 'e2e-rotated-jwt-signing-key', 'Copy Value copied something else');

      assert.ok(logLines.some((l) => l.includes('Signed in to Northflank')));
      assert.ok(logLines.some((l) => l.includes(`northflank PUT ${GROUPS_PATH} → 200`)));
      assert.ok(logLines.some((l) => /qovery POST \/project\/[^ ]+\/override → 201/.test(l)));
      assert.ok(logLines.some((l) => l.includes('Read the value of JWT_SIGNING_KEY of storefront-api on request.')));
      const text = logLines.join('\n');
      for (const value of secretValues()) assert.ok(!text.includes(value), `the output channel showed a value or token: ${value}`);

      // The stand-ins saw every request with the token in the Authorization header only: never in a path or a query.
      const requests = [...recorded, ...standins.northflank.requests, ...standins.qovery.requests];
      for (const token of [DEMO_NORTHFLANK_TOKEN, DEMO_QOVERY_TOKEN]) assert.ok(!requests.some((r) => `${r.path}?${JSON.stringify(r.query)}`.includes(token)), `a request carried the token outside its header: ${token}`);
      assert.deepEqual(requests.filter((r) => r.authScheme !== (r.path.startsWith('/v1/') ? 'Bearer' : 'Token')), []);
    });

    it('masks a hostile platform\'s echo of the values and the token in every encoding, and drops its control sequences', async () => {
      await signIn();
      standins.northflank.faults.inject({ method: 'PUT', path: GROUPS_PATH }, { type: 'echo', token: true });
      const from = logLines.length;
      const result = await push(API_FILE, { yes: true, noPreview: true });
      assert.deepEqual([result.ok, result.outcome], [false, 'failed']);
      const text = logLines.slice(from).join('\n');
      assert.match(text, /Northflank answered 400 Bad Request to PUT .*Rejected: .*raw \*{8}/, 'the echo did not reach the log');
      // eslint-disable-next-line no-control-regex
      assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      for (const value of secretValues()) {
        const bytes = Buffer.from(value);
        for (const shape of [value, JSON.stringify(value).slice(1, -1), bytes.toString('base64').replace(/=+$/, ''), bytes.toString('base64url'), encodeURIComponent(value)]) {
          assert.ok(!text.includes(shape), `the output channel showed an encoding of a value or token: ${shape}`);
        }
      }
    });
  });
});
