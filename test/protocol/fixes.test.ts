import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeActionRequest, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol';
import { FIXABLE_CODES } from '../../core';
import { applyEdits } from '../helpers/edits';
import { LspClient } from '../helpers/lsp';
import { diagnosticKey, parseMarkers, rangeKey } from '../helpers/markers';
import { FIXTURES } from '../helpers/paths';

const dir = path.join(FIXTURES, 'fixes');

/**
 * Golden quick fixes: each fixture marks the diagnostic to fix; the server's preferred fix (or the one named by a
 * `~~ fix:` line) is applied and the result must equal the `.fixed` file, and no longer have that diagnostic.
 */
describe('language server over stdio: quick fixes (golden)', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    await client.initialize();
  });
  after(async () => client.dispose());

  const files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
  const covered = new Set<string>();

  for (const file of files) {
    it(file, async () => {
      const { text, expected, fix } = parseMarkers(readFileSync(path.join(dir, file), 'utf8'));
      const want = readFileSync(path.join(dir, `${file}.fixed`), 'utf8');
      const target = expected[0];
      const uri = pathToFileURL(path.join(dir, file)).href;
      const languageId = file.endsWith('.json') ? 'secretdef-json' : 'secretdef-yaml';
      await client.open(uri, text, languageId);
      const published = await client.diagnostics(uri, 1);
      // The whole range, end line included (the end column alone would accept a range that runs on to other lines).
      const diagnostic = published.diagnostics.find((d) => diagnosticKey(d) === rangeKey(target));
      assert.ok(diagnostic, `no ${rangeKey(target)}; got ${published.diagnostics.map(diagnosticKey).join(', ')}`);
      const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: diagnostic.range,
        context: { diagnostics: published.diagnostics.filter((d) => d === diagnostic) },
      })) as CodeAction[];
      const chosen = fix ? actions.find((a) => a.title.startsWith(fix)) : actions.find((a) => a.isPreferred);
      assert.ok(chosen, `no ${fix ? `"${fix}"` : 'preferred'} fix among: ${actions.map((a) => a.title).join(' | ')}`);
      assert.deepEqual(chosen.diagnostics?.map((d: Diagnostic) => d.code), [target.code]);
      const edits = chosen.edit?.changes?.[uri] ?? [];
      const fixed = applyEdits(text, edits);
      assert.equal(fixed, want);
      covered.add(target.code);

      // The fixed file no longer has that diagnostic, and the fix added no error.
      const v = await client.change(uri, fixed);
      const after = await client.diagnostics(uri, v);
      assert.ok(!after.diagnostics.some((d) => d.code === target.code), `${target.code} is still reported after the fix`);
      const errorsBefore = published.diagnostics.filter((d) => d.severity === 1 && d !== diagnostic).length;
      assert.ok(after.diagnostics.filter((d) => d.severity === 1).length <= errorsBefore, `the fix added errors: ${after.diagnostics.map((d) => d.message).join('; ')}`);
      await client.close(uri);
    });
  }

  it('covers the quick fix of every code that does not need a live catalog', () => {
    const live = ['nf-unknown-addon', 'nf-unknown-addon-key', 'nf-unknown-restriction-target', 'qovery-unknown-target'];
    assert.deepEqual(FIXABLE_CODES.filter((c) => !live.includes(c) && !covered.has(c)), []);
  });
});
