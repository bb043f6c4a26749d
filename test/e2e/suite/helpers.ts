// Helpers for tests that run inside VS Code's extension host. Every wait is on an event or a condition VS Code
// reports, with a timeout that says what was awaited; never a fixed sleep.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'secretdef.secret-definitions';
export const DEFAULT_TIMEOUT = 15_000;

export function workspaceUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the end-to-end tests need the fixture workspace (test/e2e/workspace) open');
  return vscode.Uri.joinPath(folder.uri, relative);
}

/** The diagnostic's code as a string (LSP codes reach VS Code as a string or as { value, target }). */
export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : String(c);
}

/** `code@line:start-end` (0-based), for compact and exact assertions on ranges. */
export function describeDiagnostic(d: vscode.Diagnostic): string {
  const { start, end } = d.range;
  const span = start.line === end.line ? `${start.line}:${start.character}-${end.character}` : `${start.line}:${start.character}-${end.line}:${end.character}`;
  return `${codeOf(d)}@${span}`;
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'secretdef');
}

/** Resolves as soon as `check` holds for a value read now or after an event; rejects after `timeout` ms. */
export function waitFor<T>(
  what: string,
  read: () => T,
  check: (value: T) => boolean,
  subscribe: (listener: () => void) => vscode.Disposable,
  timeout = DEFAULT_TIMEOUT,
  show: (value: T) => string = (v) => JSON.stringify(v),
): Promise<T> {
  return new Promise((resolve, reject) => {
    const finish = (): void => {
      const value = read();
      if (!check(value)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    };
    // Subscribe first, then look: a change between the two is not missed.
    const subscription = subscribe(finish);
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${timeout} ms waiting for ${what}; last seen: ${show(read())}`));
    }, timeout);
    finish();
  });
}

/** Waits until the diagnostics of `uri` satisfy `check` (on vscode.languages.onDidChangeDiagnostics). */
export function waitForDiagnostics(uri: vscode.Uri, check: (diagnostics: vscode.Diagnostic[]) => boolean, what = 'diagnostics', timeout = DEFAULT_TIMEOUT): Promise<vscode.Diagnostic[]> {
  return waitFor(
    `${what} of ${vscode.workspace.asRelativePath(uri)}`,
    () => vscode.languages.getDiagnostics(uri),
    check,
    (listener) =>
      vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => u.toString() === uri.toString())) listener();
      }),
    timeout,
    (ds) => `[${ds.map((d) => `${d.source}:${describeDiagnostic(d)}`).join(', ')}]`,
  );
}

/** Waits until the open document of `uri` has the language `languageId` (the extension switches plain YAML/JSON). */
export function waitForLanguage(uri: vscode.Uri, languageId: string, timeout = DEFAULT_TIMEOUT): Promise<vscode.TextDocument | undefined> {
  return waitFor(
    `${vscode.workspace.asRelativePath(uri)} to be in language ${languageId}`,
    () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()),
    (d) => d?.languageId === languageId,
    (listener) => vscode.workspace.onDidOpenTextDocument(listener),
    timeout,
    (d) => (d ? `language ${d.languageId}` : 'not open'),
  );
}

/** Opens a workspace file in an editor. */
export async function open(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relative));
  return vscode.window.showTextDocument(document);
}

/** Reverts every edited document and closes all editors, so each test starts from the files on disk. */
export async function revertAndCloseAll(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty && !d.isUntitled)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Replaces the first occurrence of `from` in the document with `to`, as typing would. */
export async function replaceText(document: vscode.TextDocument, from: string, to: string): Promise<void> {
  const offset = document.getText().indexOf(from);
  if (offset < 0) throw new Error(`"${from}" is not in ${vscode.workspace.asRelativePath(document.uri)}`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(offset), document.positionAt(offset + from.length)), to);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error('VS Code refused the edit');
}

/** The plain text of a hover's contents. */
export function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

function safeName(title: string): string {
  return title.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120);
}

/**
 * Asks the code-server runner (scripts/e2e/run.ts) for a screenshot of the workbench as it is now, and waits until
 * the file exists: the runner writes it when it sees the request in the console. Does nothing under other runners.
 */
export async function requestScreenshot(title: string): Promise<void> {
  const dir = process.env.SECRETDEF_E2E_SCREENSHOTS;
  if (!dir) return;
  const file = path.join(dir, `${safeName(title)}.png`);
  if (existsSync(file)) return;
  console.log(`[e2e:screenshot] ${file}`);
  const deadline = Date.now() + 10_000;
  while (!existsSync(file) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** An afterEach hook: a screenshot of a failed test's workbench before anything is closed, then a clean slate. */
export async function afterEachTest(this: Mocha.Context): Promise<void> {
  const test = this.currentTest;
  if (test?.state === 'failed') await requestScreenshot(test.fullTitle());
  await revertAndCloseAll();
}

/**
 * Reads `read` every 100 ms until `check` holds; rejects after `timeout` ms with the last value. For what VS Code
 * offers no event for (a completion list that changes once a live catalog has arrived).
 */
export async function pollFor<T>(what: string, read: () => Thenable<T> | Promise<T>, check: (value: T) => boolean, timeout = DEFAULT_TIMEOUT, show: (value: T) => string = (v) => JSON.stringify(v)): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}; last seen: ${show(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The labels of completion items. */
export function labels(items: readonly vscode.CompletionItem[]): string[] {
  return items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

/** Our diagnostics as `code@line:start-end`, sorted. */
export function described(ds: readonly vscode.Diagnostic[]): string[] {
  return ds.filter((d) => d.source === 'secretdef').map(describeDiagnostic).sort();
}

/** Waits until our diagnostics of `uri` are exactly `expected` (as `code@line:start-end`, any order). */
export function expectDiagnostics(uri: vscode.Uri, expected: string[], timeout = DEFAULT_TIMEOUT): Promise<vscode.Diagnostic[]> {
  const want = [...expected].sort();
  return waitForDiagnostics(uri, (ds) => JSON.stringify(described(ds)) === JSON.stringify(want), `secretdef diagnostics [${want.join(', ')}]`, timeout).then((ds) => ds.filter((d) => d.source === 'secretdef'));
}
