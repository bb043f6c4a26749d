// The editor (the language server over LSP) and the CLI (the built `secretdef validate --format json`) give the
// same diagnostics — code, range, severity and message — for every file in examples/ and every golden case.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { secretdef } from '../helpers/cli';
import { LspClient } from '../helpers/lsp';
import { parseMarkers } from '../helpers/markers';
import { FIXTURES, ROOT } from '../helpers/paths';

const SEVERITY: Record<number, string> = { [DiagnosticSeverity.Error]: 'error', [DiagnosticSeverity.Warning]: 'warning', [DiagnosticSeverity.Information]: 'information', [DiagnosticSeverity.Hint]: 'hint' };

interface Line {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: string;
  code: string;
  message: string;
}

const show = (d: Omit<Line, 'file'>): string => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.severity} [${d.code}] ${d.message}`;

describe('the editor and the CLI give identical diagnostics (examples and golden cases)', () => {
  // Every case as a file of its own name in one folder (golden fixtures without their marker lines).
  const dir = mkdtempSync(path.join(tmpdir(), 'secretdef-parity-'));
  const files: string[] = [];
  for (const source of [path.join(FIXTURES, 'rules'), path.join(ROOT, 'examples')]) {
    for (const name of readdirSync(source).filter((f) => /\.(ya?ml|json)$/.test(f)).sort()) {
      const { text } = parseMarkers(readFileSync(path.join(source, name), 'utf8'));
      const file = path.join(dir, `${path.basename(source)}--${name}`);
      writeFileSync(file, text);
      files.push(file);
    }
  }

  let client: LspClient;
  let cli: Line[];
  before(async () => {
    client = new LspClient();
    await client.initialize();
    const r = secretdef(['validate', '--format', 'json', ...files]);
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    cli = JSON.parse(r.stdout) as Line[];
  });
  after(async () => client.dispose());

  it('covers the examples and every golden case', () => assert.ok(files.length >= 30, `${files.length} files`));

  for (const file of files) {
    it(path.basename(file), async () => {
      const uri = pathToFileURL(file).toString();
      const text = readFileSync(file, 'utf8');
      await client.open(uri, text, file.endsWith('.json') ? 'secretdef-json' : 'secretdef-yaml');
      const published = await client.diagnostics(uri, 1);
      await client.close(uri);
      const editor = published.diagnostics.map((d) => show({ range: d.range, severity: SEVERITY[d.severity ?? 1], code: String(d.code), message: typeof d.message === 'string' ? d.message : d.message.value }));
      const terminal = cli.filter((d) => d.file === file).map(show);
      assert.deepEqual(editor, terminal);
    });
  }
});
