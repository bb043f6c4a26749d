import * as assert from 'node:assert/strict';
import { LineIndex, parseDefinition, validateDocument, type Diagnostic } from '../../core';

/** Regressions for what the fuzz and unbreakable tests found in the core. */
function codes(path: string, text: string): string[] {
  const doc = parseDefinition(path, text);
  assert.ok(doc);
  return validateDocument(doc).map((d: Diagnostic) => `${d.code}@${d.range.start.line}:${d.range.start.character}`);
}

describe('core robustness', () => {
  describe('deep JSON (jsonc-parser recurses, and threw RangeError from a few thousand levels on)', () => {
    it('reports nesting-too-deep at the first bracket past 128 levels, for arrays and objects, and nothing else', () => {
      assert.deepEqual(codes('a.northflank-secret.json', '['.repeat(10_000) + ']'.repeat(10_000)), ['nesting-too-deep@0:128']);
      assert.deepEqual(codes('a.northflank-secret.json', '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)), [`nesting-too-deep@0:${128 * 5}`]);
      assert.deepEqual(codes('a.northflank-secret.json', '[' + '"[{",'.repeat(200) + '['.repeat(50_000)), ['nesting-too-deep@0:1128']);
    });
  });

  describe('deep YAML (the yaml library catches its own stack overflow, and the next parse could then abort the process)', () => {
    it('does not compose collections nested past 256 levels: exactly one nesting-too-deep, at the first one past 128', () => {
      assert.deepEqual(codes('a.northflank-secret.yaml', `${'['.repeat(300)}${']'.repeat(300)}\n`), ['nesting-too-deep@0:128']);
      assert.deepEqual(codes('a.northflank-secret.yaml', `${'- '.repeat(300)}x\n`), ['nesting-too-deep@0:256']);
      assert.deepEqual(codes('a.northflank-secret.yaml', `${'{a: '.repeat(20_000)}1${'}'.repeat(20_000)}\n`), ['nesting-too-deep@0:512']);
    });

    it('still reads documents nested 129 to 256 levels, cut at 128, with their other problems', () => {
      const text = `name: api\nsecretType: environment\npriority: 101\nsecrets:\n  variables:\n    A: ${'['.repeat(200)}${']'.repeat(200)}\n`;
      assert.deepEqual(codes('a.northflank-secret.yaml', text), ['number-out-of-range@2:10', 'invalid-type@5:7', 'nesting-too-deep@5:133']);
    });
  });

  describe('CRLF line ends', () => {
    it('never puts a position between the "\\r" and the "\\n" (past the end of the line)', () => {
      const lines = new LineIndex('ab\r\n\r\ncd');
      assert.deepEqual(lines.positionAt(3), { line: 0, character: 2 });
      assert.deepEqual(lines.rangeOf(4, 1), { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } });
      assert.deepEqual(lines.positionAt(6), { line: 2, character: 0 });
      assert.deepEqual(lines.positionAt(2), { line: 0, character: 2 });
    });

    it('gives the same ranges as with LF line ends', () => {
      const text = 'name: api\nsecretType: enviroment\npriority: 101\nsecrets:\n  variables:\n    BAD NAME: x\n';
      assert.deepEqual(codes('a.northflank-secret.yaml', text.replace(/\n/g, '\r\n')), codes('a.northflank-secret.yaml', text));
    });
  });

  describe('characters YAML does not allow (the yaml library accepts them silently)', () => {
    it('reports NUL, other control characters and lone surrogates as yaml-syntax at their position', () => {
      assert.deepEqual(codes('a.northflank-secret.yaml', 'name: api\nsecretType: environment\npriority: 10\nsecrets:\n  variables:\n    A: "a\u0000b"\n    B: x\u001b\n    C: \uD800\n'), [
        'yaml-syntax@5:9',
        'yaml-syntax@6:8',
        'yaml-syntax@7:7',
      ]);
    });

    it('accepts tabs, line breaks, NEL, a BOM and paired surrogates (emoji)', () => {
      assert.deepEqual(codes('a.northflank-secret.yaml', '\uFEFFname: api\r\nsecretType: environment\npriority: 10\nsecrets:\n  variables:\n    A: "\ta\u0085 😀"\n'), []);
    });

    it('reports at most 100 of them', () => {
      assert.equal(codes('a.northflank-secret.yaml', `name: "${'\u0001'.repeat(500)}"\n`).filter((c) => c.startsWith('yaml-syntax')).length, 100);
    });
  });

  it('says what is wrong with a JSON file that starts with a byte order mark', () => {
    const doc = parseDefinition('a.northflank-secret.json', '\uFEFF{"name": "api", "secretType": "environment", "priority": 10}');
    assert.ok(doc);
    assert.deepEqual(validateDocument(doc).map((d) => [d.code, d.message]), [['json-syntax', 'The file starts with a byte order mark (BOM), which JSON does not allow: save it as UTF-8 without a BOM.']]);
  });
});
