import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDefinition, validateDocument } from '../../core';
import { secretdef } from '../helpers/cli';
import { checkDiagnostics, randomBytes } from '../helpers/fuzz-docs';
import { LspClient } from '../helpers/lsp';
import { Random } from '../helpers/random';

/**
 * Hostile files, each through the real server over stdio and through the built CLI: each gets diagnostics with the
 * codes that say what is wrong (or exactly one file-too-large), and neither crashes nor hangs (the mocha timeout is
 * the hang guard).
 */
interface Case {
  name: string;
  /** File name; its pattern gives the kind and the syntax. */
  file: string;
  text: string;
  /** What the codes (in document order) must satisfy. */
  expect: (codes: string[]) => void;
  /** What the CLI must report when the file on disk cannot hold the same text (lone surrogates are not UTF-8). */
  cliExpect?: (codes: string[]) => void;
}

const VALID = 'name: api\nsecretType: environment\npriority: 10\n';
const VALID_JSON = '{"name": "api", "secretType": "environment", "priority": 10}';
const exactly = (...expected: string[]) => (codes: string[]): void => assert.deepEqual(codes, expected);
const includes = (...expected: string[]) => (codes: string[]): void => {
  for (const code of expected) assert.ok(codes.includes(code), `expected ${code} among ${JSON.stringify(codes.slice(0, 20))}`);
};

function billionLaughs(): string {
  const lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i < 10; i++) {
    const [prev, name] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
    lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

const CASES: Case[] = [
  { name: 'binary garbage (64 KB, NUL bytes included)', file: 'binary.northflank-secret.yaml', text: randomBytes(new Random(7), 65_536), expect: includes('yaml-syntax') },
  { name: 'binary garbage as JSON', file: 'binary.northflank-secret.json', text: randomBytes(new Random(8), 65_536), expect: includes('json-syntax') },
  { name: 'a 10 MB file', file: 'huge.northflank-secret.yaml', text: `${VALID}secrets:\n  variables:\n${'    KEY: value-value-value-value\n'.repeat(330_000)}`, expect: exactly('file-too-large') },
  { name: '10,000 nested flow sequences in YAML', file: 'deep-flow.northflank-secret.yaml', text: `${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, expect: includes('nesting-too-deep') },
  { name: '10,000 nested flow mappings in YAML', file: 'deep-map.northflank-secret.yaml', text: `${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`, expect: includes('nesting-too-deep') },
  { name: '10,000 nested block sequences in YAML', file: 'deep-block.northflank-secret.yaml', text: `${'- '.repeat(10_000)}x\n`, expect: includes('nesting-too-deep') },
  { name: '10,000 nested arrays in JSON', file: 'deep.northflank-secret.json', text: '['.repeat(10_000) + ']'.repeat(10_000), expect: exactly('nesting-too-deep') },
  { name: '10,000 nested objects in JSON', file: 'deep-objects.qovery-secrets.json', text: '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000), expect: exactly('nesting-too-deep') },
  { name: 'a YAML alias bomb (billion laughs)', file: 'bomb.northflank-secret.yaml', text: billionLaughs(), expect: includes('yaml-alias-limit') },
  {
    name: 'tabs used for indentation',
    file: 'tabs.northflank-secret.yaml',
    text: `${VALID}secrets:\n\tvariables:\n\t\tA: b\n`,
    // One clear error at each tab, and no cascade after it (issue 11 A.5).
    expect: (codes) => assert.deepEqual(codes, ['yaml-tab-indentation@4:0', 'yaml-tab-indentation@5:0']),
  },
  { name: 'an empty file', file: 'empty.northflank-secret.yaml', text: '', expect: exactly('empty-document') },
  { name: 'an empty JSON file', file: 'empty.northflank-link.json', text: '', expect: exactly('empty-document') },
  { name: 'a file of only comments', file: 'comments.qovery-secrets.yaml', text: '# nothing here yet\n\n   # still nothing\n', expect: exactly('empty-document') },
  { name: 'a JSON file of only a comment', file: 'comments.northflank-secret.json', text: '// nothing here yet\n', expect: exactly('json-syntax') },
  { name: 'a UTF-8 BOM before valid YAML', file: 'bom.northflank-secret.yaml', text: `\uFEFF${VALID}`, expect: exactly() },
  { name: 'a UTF-8 BOM before valid JSON', file: 'bom.northflank-secret.json', text: `\uFEFF${VALID_JSON}`, expect: exactly('json-syntax@0:0') },
  { name: 'NUL bytes in YAML', file: 'nul.northflank-secret.yaml', text: `${VALID}secrets:\n  variables:\n    A: "x\u0000y"\n    B: \u0000\n`, expect: exactly('yaml-syntax@5:9', 'yaml-syntax@6:7') },
  { name: 'a NUL byte in a JSON string', file: 'nul.northflank-secret.json', text: '{"name": "a\u0000b", "secretType": "environment", "priority": 10}', expect: includes('json-syntax@0:9') },
  {
    name: 'lone surrogates',
    file: 'surrogates.northflank-secret.yaml',
    text: `${VALID}secrets:\n  variables:\n    A: "\uD800"\n    B\uDC00: x\n`,
    expect: exactly('yaml-syntax@5:8', 'yaml-syntax@6:5'),
    // On disk, a lone surrogate cannot be UTF-8: it is written as U+FFFD, a valid character in a value, but not in a name.
    cliExpect: exactly('nf-variable-name@6:4'),
  },
  { name: 'a lone surrogate in a JSON name', file: 'surrogates.northflank-secret.json', text: '{"name": "a\uD800b", "secretType": "environment", "priority": 10}', expect: includes('invalid-pattern@0:9') },
];

/** Codes with positions when they are in the expectation; computed from the diagnostics of either transport. */
function describeCodes(diagnostics: { code?: string | number; range: { start: { line: number; character: number } } }[]): string[] {
  return diagnostics.map((d) => `${String(d.code)}@${d.range.start.line}:${d.range.start.character}`);
}

/** Compares with the expectation, which may name codes with or without a position. */
function check(expect: (codes: string[]) => void, located: string[]): void {
  const withPosition = located;
  const bare = located.map((c) => c.replace(/@.*$/, ''));
  try {
    expect(bare);
  } catch {
    expect(withPosition);
  }
}

describe('unbreakable: hostile files get diagnostics, never a crash or a hang', () => {
  describe('the language server over stdio', () => {
    let client: LspClient;
    before(async () => {
      client = new LspClient();
      await client.initialize();
    });
    after(async () => client.dispose());

    for (const c of CASES) {
      it(c.name, async () => {
        const uri = `file:///unbreakable/${c.file}`;
        await client.open(uri, c.text, c.file.endsWith('.json') ? 'secretdef-json' : 'secretdef-yaml');
        const published = await client.diagnostics(uri, 1);
        assert.equal(checkDiagnostics(published.diagnostics, c.text), undefined);
        check(c.expect, describeCodes(published.diagnostics));
        await client.close(uri);
      });
    }

    it('is still alive and right afterwards', async () => {
      assert.equal(client.exited, false);
      const uri = 'file:///unbreakable/after.northflank-secret.yaml';
      await client.open(uri, 'name: api\nsecretType: enviroment\npriority: 10\n');
      assert.deepEqual((await client.diagnostics(uri, 1)).diagnostics.map((d) => d.code), ['invalid-value']);
    });

    it('gives CRLF files the same ranges as LF files', async () => {
      const text = 'name: api\nsecretType: enviroment\npriority: 101\n\nsecrets:\n  variables:\n    BAD NAME: x\n    A: [\n';
      await client.open('file:///unbreakable/lf.northflank-secret.yaml', text);
      await client.open('file:///unbreakable/crlf.northflank-secret.yaml', text.replace(/\n/g, '\r\n'));
      const lf = await client.diagnostics('file:///unbreakable/lf.northflank-secret.yaml', 1);
      const crlf = await client.diagnostics('file:///unbreakable/crlf.northflank-secret.yaml', 1);
      assert.ok(lf.diagnostics.length >= 3);
      assert.deepEqual(crlf.diagnostics.map((d) => [d.code, d.range]), lf.diagnostics.map((d) => [d.code, d.range]));
      assert.equal(checkDiagnostics(crlf.diagnostics, text.replace(/\n/g, '\r\n')), undefined);
    });
  });

  describe('secretdef validate', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'secretdef-unbreakable-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('validates all of them in one run (two deeply nested YAML files in a row used to abort the process)', () => {
      const files = CASES.map((c) => path.join(dir, `all-${c.file}`));
      CASES.forEach((c, i) => writeFileSync(files[i], c.text));
      const r = secretdef(['validate', '--format', 'json', ...files]);
      assert.equal(r.stderr, '');
      assert.equal(r.status, 1);
      const reported = JSON.parse(r.stdout) as { file: string }[];
      assert.deepEqual(new Set(reported.map((d) => d.file)).size, CASES.filter((c) => c.text !== `\uFEFF${VALID}`).length);
    });

    for (const c of CASES) {
      it(c.name, () => {
        const file = path.join(dir, c.file);
        writeFileSync(file, c.text);
        const r = secretdef(['validate', '--format', 'json', file]);
        assert.equal(r.stderr, '');
        const reported = JSON.parse(r.stdout) as { code: string; severity: string; range: { start: { line: number; character: number } } }[];
        check(c.cliExpect ?? c.expect, describeCodes(reported));
        // The same as the core gives for the text as read from disk, and the exit code says whether there are errors.
        const onDisk = readFileSync(file, 'utf8');
        const core = validateDocument(parseDefinition(file, onDisk)!);
        assert.deepEqual(reported.map((d) => d.code), core.map((d) => d.code));
        assert.equal(r.status, reported.some((d) => d.severity === 'error') ? 1 : 0);
      });
    }
  });
});
