import * as assert from 'node:assert/strict';
import { CancellationTokenSource, type ServerCapabilities } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { generateSecretGroup } from '../../bench/generate';
import { parseDefinition, validateDocument } from '../../core';
import { loadSeeds } from '../helpers/fuzz-docs';
import { LspClient } from '../helpers/lsp';
import { Random } from '../helpers/random';

/**
 * Rapid bursts of small ranged edits, as fast typing sends them, interleaved with requests that are cancelled at
 * once. After each burst, the last publication must be exactly the core's diagnostics of the final text, for the
 * final version, and no older version may be published after it.
 */
const SEED = 0x57e55;
const ROUNDS = 4;
const EDITS_PER_ROUND = 150;
const SEVERITY = { error: 1, warning: 2, information: 3, hint: 4 } as const;

interface Doc {
  uri: string;
  path: string;
  languageId: 'secretdef-yaml' | 'secretdef-json';
  mirror: TextDocument;
}

const TYPED = ['x', 'A', '_', '1', ' ', ':', ': ', '-', '\n', '\n    ', '"', '[', ']', '{', '}', ',', '#', 'é', '\t', 'NEW_KEY: value\n    ', '${A}'];

/** One small edit at a random place: typing, deleting, pasting a line, or removing one. Offsets into the text. */
function randomEdit(r: Random, text: string): { start: number; end: number; text: string } {
  const at = r.int(0, text.length);
  const p = r.next();
  if (p < 0.45) return { start: at, end: at, text: r.pick(TYPED) };
  if (p < 0.7) return { start: at, end: Math.min(text.length, at + r.int(1, 3)), text: '' };
  if (p < 0.8) return { start: at, end: Math.min(text.length, at + r.int(1, 8)), text: r.pick(TYPED) };
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at);
  const end = lineEnd < 0 ? text.length : lineEnd + 1;
  if (p < 0.9) return { start: lineStart, end: lineStart, text: text.slice(lineStart, end) || '\n' };
  return { start: lineStart, end, text: '' };
}

/** Requests the server advertises, with parameters for a position in the document; cancelled as soon as they are sent. */
function cancellableRequests(capabilities: ServerCapabilities): ((uri: string, position: { line: number; character: number }) => [string, unknown])[] {
  const out: ((uri: string, position: { line: number; character: number }) => [string, unknown])[] = [];
  if (capabilities.completionProvider) out.push((uri, position) => ['textDocument/completion', { textDocument: { uri }, position }]);
  if (capabilities.hoverProvider) out.push((uri, position) => ['textDocument/hover', { textDocument: { uri }, position }]);
  if (capabilities.documentSymbolProvider) out.push((uri) => ['textDocument/documentSymbol', { textDocument: { uri } }]);
  if (capabilities.codeActionProvider) out.push((uri, position) => ['textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } }]);
  if (capabilities.foldingRangeProvider) out.push((uri) => ['textDocument/foldingRange', { textDocument: { uri } }]);
  return out;
}

describe('stress: rapid edits and cancelled requests', function () {
  this.timeout(60_000);

  it('ends each burst with exactly the core diagnostics of the final text, and publishes no stale version after it', async () => {
    const client = new LspClient();
    await client.initialize();
    try {
      const r = new Random(SEED);
      const seeds = loadSeeds();
      const json = seeds.find((s) => s.name === 'seeds/seed-001-put.northflank-secret.json');
      assert.ok(json);
      const docs: Doc[] = [
        { uri: 'file:///stress/group.northflank-secret.yaml', path: '/stress/group.northflank-secret.yaml', languageId: 'secretdef-yaml', mirror: TextDocument.create('', '', 0, generateSecretGroup(300, 5).text) },
        { uri: 'file:///stress/put.northflank-secret.json', path: '/stress/put.northflank-secret.json', languageId: 'secretdef-json', mirror: TextDocument.create('', '', 0, json.text) },
        { uri: 'file:///stress/project.qovery-secrets.yaml', path: '/stress/project.qovery-secrets.yaml', languageId: 'secretdef-yaml', mirror: TextDocument.create('', '', 0, seeds.find((s) => s.name.endsWith('issue-example.qovery-secrets.yaml'))?.text ?? '') },
      ];
      for (const d of docs) {
        await client.open(d.uri, d.mirror.getText(), d.languageId);
        d.mirror = TextDocument.create(d.uri, d.languageId, 1, d.mirror.getText());
      }
      const requests = cancellableRequests(client.initializeResult?.capabilities ?? {});
      const answers: Promise<string>[] = [];
      let unknownCancels = 0;

      for (let round = 0; round < ROUNDS; round++) {
        for (let i = 0; i < EDITS_PER_ROUND; i++) {
          for (const d of docs) {
            const edit = randomEdit(r, d.mirror.getText());
            const range = { start: d.mirror.positionAt(edit.start), end: d.mirror.positionAt(edit.end) };
            const version = await client.edit(d.uri, range, edit.text);
            d.mirror = TextDocument.update(d.mirror, [{ range, text: edit.text }], version);
            if (r.chance(0.2)) {
              if (requests.length) {
                const [method, params] = r.pick(requests)(d.uri, d.mirror.positionAt(r.int(0, d.mirror.getText().length)));
                const source = new CancellationTokenSource();
                answers.push(client.connection.sendRequest(method, params, source.token).then(
                  () => 'answered',
                  (e: { code?: number; message?: string }) => (e.code === -32800 || e.code === -32801 ? 'cancelled' : `failed: ${String(e.code)} ${String(e.message)}`),
                ));
                if (r.chance(0.8)) source.cancel();
              } else {
                // Nothing to cancel but diagnostics: cancelling requests that do not exist must do no harm either.
                await client.connection.sendNotification('$/cancelRequest', { id: r.chance(0.5) ? r.int(0, 1e6) : `unknown-${r.int(0, 1e6)}` });
                unknownCancels++;
              }
            }
          }
        }

        for (const d of docs) {
          const final = d.mirror.version;
          const published = await client.diagnostics(d.uri, final);
          const syntax = d.languageId === 'secretdef-json' ? 'json' : 'yaml';
          const expected = validateDocument(parseDefinition(d.path, d.mirror.getText(), { syntax })!);
          assert.deepEqual(
            published.diagnostics.map((x) => ({ code: x.code, severity: x.severity, range: x.range, message: x.message })),
            expected.map((x) => ({ code: x.code, severity: SEVERITY[x.severity], range: x.range, message: x.message })),
            `round ${round}, ${d.uri} version ${final}:\n${JSON.stringify(d.mirror.getText().slice(0, 500))}`,
          );
        }
        // A barrier: once this newer document's diagnostics are back, anything still queued before it is out too.
        const barrier = `file:///stress/barrier-${round}.northflank-link.yaml`;
        await client.open(barrier, 'keys: []\n');
        await client.diagnostics(barrier, 1);
        for (const d of docs) {
          const versions = client.published.filter((p) => p.uri === d.uri).map((p) => p.version ?? -1);
          assert.equal(versions.at(-1), d.mirror.version, `${d.uri}: the last publication is not the final version`);
          assert.deepEqual(versions, [...versions].sort((a, b) => a - b), `${d.uri}: a stale version was published after a newer one`);
        }
      }

      const outcomes = await Promise.all(answers);
      assert.deepEqual(outcomes.filter((o) => o.startsWith('failed')), []);
      assert.ok(requests.length ? outcomes.length > 50 : unknownCancels > 50);
      assert.equal(client.exited, false);
    } finally {
      await client.dispose();
    }
  });
});
