import * as assert from 'node:assert/strict';
import { generateSecretGroup } from '../../bench/generate';
import { LineIndex, parseDefinition, validateDocument, type AstNode, type DefinitionDocument } from '../../core';
import { reparseYamlLines } from '../../core/parse/yaml-incremental';
import { PieceText, type TextSource } from '../../core/text';
import { loadSeeds, randomYaml } from '../helpers/fuzz-docs';
import { Random } from '../helpers/random';
import { editLine, editLines, someEdit } from '../helpers/random-edits';

/**
 * Re-parsing only the edited lines must give exactly what a full parse gives. Random edits inside a line and of whole
 * lines (variables added, removed, pasted),
 * chained as typing chains them, on generated groups, the fixtures, hand-written corner cases and random YAML: the
 * tree, the problems and the diagnostics of `parseDefinition(…, { previous })` must equal a full parse's.
 */
const SEED = Number(process.env.INCREMENTAL_SEED ?? 0x1c2e);
const EDITS = Number(process.env.INCREMENTAL_EDITS ?? 1500);

/** The tree without its back links, for comparison. */
function plain(node: AstNode | undefined): unknown {
  if (!node) return undefined;
  if (node.type === 'object') {
    return { type: 'object', offset: node.offset, length: node.length, properties: node.properties.map((p) => ({ key: p.key, keyOffset: p.keyOffset, keyLength: p.keyLength, offset: p.offset, length: p.length, value: plain(p.value) })) };
  }
  if (node.type === 'array') return { type: 'array', offset: node.offset, length: node.length, items: node.items.map(plain) };
  return { type: node.type, value: node.value, offset: node.offset, length: node.length, style: node.style };
}

/** Every child points back at its parent (and a property's value at its property). */
function checkLinks(node: AstNode | undefined): void {
  if (!node) return;
  if (node.type === 'object') {
    for (const p of node.properties) {
      assert.equal(p.parent, node);
      if (p.value) {
        assert.equal(p.value.parent, node);
        assert.equal(p.value.property, p);
        checkLinks(p.value);
      }
    }
  } else if (node.type === 'array') {
    for (const item of node.items) {
      assert.equal(item.parent, node);
      checkLinks(item);
    }
  }
}

const CORNERS = [
  'name: api\nsecretType: environment\npriority: 10\nsecrets:\n  variables:\n    A: x # comment\n    "B": \'y\'\n    C:\n    D: ~\n',
  'name: api\r\nsecretType: environment\r\npriority: 10\r\nsecrets:\r\n  variables:\r\n    A: one\r\n    B: two\r\n',
  'name: api\nrestrictions:\n  nfObjects:\n    - id: api\n      type: service\n    - id: job\n      type: job\npriority: 10',
  'secrets:\n  variables:\n    A:\n    - x\n    B: y\n  files:\n    /a:\n      data: |\n        A: b\n        c\n      encoding: utf-8\n',
  'tags: [a, b]\nname: {x: 1}\npriority: 10\ndescription: >\n  folded: text\n  more\nsecretType: environment\n',
  'name: &n api\nsecretType: *n\npriority: 10\n',
  'name: api\n\n\n  \nsecretType: environment\n# end\n',
  'name: plain\n  continued\npriority: 10\n',
  '%YAML 1.1\n---\nname: yes\npriority: 10\n',
  'a: 1\na: 2\nb: 3\n',
];

function assertSameLines(actual: LineIndex, expected: LineIndex, context: string): void {
  assert.equal(actual.lineCount, expected.lineCount, context);
  for (let i = 0; i < expected.lineCount; i++) assert.equal(actual.lineStart(i), expected.lineStart(i), `line ${i}: ${context}`);
}

describe('the line index after an edit (LineIndex.afterEdit)', () => {
  it('has the line starts of a new index, over random edits with CR, LF and CRLF', () => {
    const r = new Random(SEED + 2);
    const pieces = ['a', 'bc', '\n', '\r', '\r\n', ' ', 'x: y'];
    const random = (n: number): string => Array.from({ length: n }, () => r.pick(pieces)).join('');
    for (let n = 0; n < 3000; n++) {
      const before = random(r.int(0, 12));
      const offset = r.int(0, before.length);
      const oldLength = r.int(0, before.length - offset);
      const inserted = random(r.int(0, 3));
      const text = before.slice(0, offset) + inserted + before.slice(offset + oldLength);
      const edit = { offset, oldLength, newLength: inserted.length };
      assertSameLines(LineIndex.afterEdit(new LineIndex(before), text, edit), new LineIndex(text), JSON.stringify({ before, edit, text }));
    }
  });

  it('keeps its blocks right over a long run of edits: lines added, removed and joined across blocks of a few lines', () => {
    // Blocks of 8 lines (1,024 in use) so that edits cross blocks, empty them, split and merge them.
    const r = new Random(SEED + 3);
    const pieces = ['a', 'bc', '\n', '\n', '\r', '\r\n', ' ', 'x: y\n'];
    const random = (n: number): string => Array.from({ length: n }, () => r.pick(pieces)).join('');
    for (let run = 0; run < 40; run++) {
      let text = random(r.int(0, 60));
      let lines = new LineIndex(text, 8);
      for (let n = 0; n < 150; n++) {
        const offset = r.int(0, text.length);
        const oldLength = r.chance(0.1) ? text.length - offset : r.int(0, Math.min(12, text.length - offset));
        const inserted = random(r.chance(0.1) ? r.int(10, 40) : r.int(0, 4));
        const before = text;
        text = text.slice(0, offset) + inserted + text.slice(offset + oldLength);
        const edit = { offset, oldLength, newLength: inserted.length };
        lines = LineIndex.afterEdit(lines, text, edit);
        const fresh = new LineIndex(text);
        const context = JSON.stringify({ run, n, before, edit, text });
        assertSameLines(lines, fresh, context);
        for (let o = 0; o <= text.length; o++) assert.deepEqual(lines.positionAt(o), fresh.positionAt(o), `positionAt(${o}): ${context}`);
        for (let line = 0; line < fresh.lineCount; line++) {
          assert.equal(lines.lineEnd(line), fresh.lineEnd(line), `lineEnd(${line}): ${context}`);
          const position = { line, character: r.int(0, 6) };
          assert.equal(lines.offsetAt(position), fresh.offsetAt(position), `offsetAt(${JSON.stringify(position)}): ${context}`);
        }
      }
    }
  });

  it('joins a block left with few lines to the next one (lines deleted one by one do not leave a block per line)', () => {
    let text = Array.from({ length: 320 }, (_, i) => `k${i}: v\n`).join('');
    let lines = new LineIndex(text, 16);
    // 14 of every 16 lines deleted, one edit each: without joining, 20 blocks of 16 lines would become 20 of 2.
    for (let block = 19; block >= 0; block--) {
      for (let k = 0; k < 14; k++) {
        const start = lines.lineStart(block * 16 + 1);
        const end = lines.lineStart(block * 16 + 2);
        text = text.slice(0, start) + text.slice(end);
        lines = LineIndex.afterEdit(lines, text, { offset: start, oldLength: end - start, newLength: 0 });
      }
    }
    assertSameLines(lines, new LineIndex(text), 'after the deletions');
    assert.equal(lines.lineCount, 41);
    const blocks = (lines as unknown as { blocks: Int32Array[] }).blocks.length;
    assert.ok(blocks <= 5, `${blocks} blocks for 41 lines`);
  });

  it('cuts a long text into blocks and reads across them as one list', () => {
    const text = Array.from({ length: 50 }, (_, i) => `k${i}: ${'v'.repeat(i % 7)}`).join('\n');
    const blocked = new LineIndex(text, 4);
    const whole = new LineIndex(text);
    assert.equal(blocked.lineCount, 50);
    assertSameLines(blocked, whole, 'blocks of 4');
    for (let o = 0; o <= text.length; o++) assert.deepEqual(blocked.positionAt(o), whole.positionAt(o), `positionAt(${o})`);
    assert.deepEqual(blocked.positionAt(text.length + 5), { line: 49, character: text.length - whole.lineStart(49) });
    assert.equal(blocked.offsetAt({ line: 50, character: 0 }), text.length);
    assert.equal(blocked.offsetAt({ line: -1, character: 3 }), 0);
    assert.equal(blocked.lineStart(99), whole.lineStart(49));
  });
});

describe('re-parsing only the edited lines (parseDefinition with `previous`)', () => {
  it(`gives exactly what a full parse gives, over ${EDITS} random edits (seed ${SEED.toString(16)})`, function () {
    this.timeout(60_000);
    const r = new Random(SEED);
    const seeds = loadSeeds().filter((s) => !s.name.endsWith('.json')).map((s) => s.text);
    const starts = () => {
      const p = r.next();
      if (p < 0.45) return generateSecretGroup(r.int(5, 25), r.int(1, 1000)).text;
      if (p < 0.65) return r.pick(seeds);
      if (p < 0.85) return r.pick(CORNERS);
      return randomYaml(r);
    };
    let fast = 0;
    let doc: DefinitionDocument | undefined;
    for (let n = 0; n < EDITS; n++) {
      // Typing goes back to a clean state now and then; a file with syntax errors is always parsed in full.
      if (!doc || r.chance(doc.problems.some((p) => p.code !== 'duplicate-key') ? 0.4 : 0.05)) doc = parseDefinition('x.northflank-secret.yaml', starts());
      assert.ok(doc);
      const text = r.chance(0.3) ? editLines(r, doc.text) : editLine(r, doc.text);
      const incremental = parseDefinition('x.northflank-secret.yaml', text, { previous: doc });
      const full = parseDefinition('x.northflank-secret.yaml', text);
      assert.ok(incremental && full);
      if (reparseYamlLines(doc, text)) fast++;
      const context = `edit #${n}:\n--- before\n${doc.text}\n--- after\n${text}`;
      assert.deepEqual(plain(incremental.root), plain(full.root), context);
      assert.deepEqual(incremental.problems, full.problems, context);
      assert.deepEqual(validateDocument(incremental), validateDocument(full), context);
      checkLinks(incremental.root);
      doc = incremental;
    }
    // The fast path must really have been taken, or this test proves nothing.
    assert.ok(fast > EDITS / 5, `only ${fast} of ${EDITS} edits took the fast path`);
  });

  for (const pieces of [false, true]) {
  it(`gives exactly what a full parse gives when the tree is updated in place, with the editor's edit, over ${EDITS} random edits${pieces ? ', the text held in pieces as the server holds a large one' : ''}`, function () {
    this.timeout(60_000);
    const r = new Random(SEED + (pieces ? 3 : 1));
    // With pieces: small ones, so that what the parse reads of the text crosses their boundaries.
    const source = (text: string): TextSource => (pieces ? PieceText.from(text, 16) : text);
    const seeds = loadSeeds().filter((s) => !s.name.endsWith('.json')).map((s) => s.text);
    const starts = () => {
      const p = r.next();
      if (p < 0.5) return generateSecretGroup(r.int(5, 25), r.int(1, 1000)).text;
      if (p < 0.7) return r.pick(seeds);
      if (p < 0.85) return r.pick(CORNERS);
      return randomYaml(r);
    };
    let inPlace = 0;
    let doc: DefinitionDocument | undefined;
    for (let n = 0; n < EDITS; n++) {
      if (!doc || r.chance(doc.problems.some((p) => p.code !== 'duplicate-key') ? 0.4 : 0.05)) doc = parseDefinition('x.northflank-secret.yaml', source(starts()));
      assert.ok(doc);
      const before = doc.text;
      const text = r.chance(0.3) ? editLines(r, before) : editLine(r, before);
      const edit = someEdit(r, before, text);
      const full = parseDefinition('x.northflank-secret.yaml', text);
      const previous = doc.source;
      const made = previous instanceof PieceText ? previous.edit(edit.offset, edit.oldLength, text.slice(edit.offset, edit.offset + edit.newLength), 16) : text;
      const incremental = parseDefinition('x.northflank-secret.yaml', made, { previous: doc, inPlace: true, edit });
      assert.ok(incremental && full);
      if (incremental.history?.changes.length) inPlace++;
      const context = `edit #${n}:\n--- before\n${before}\n--- after\n${text}`;
      assert.deepEqual(plain(incremental.root), plain(full.root), context);
      assert.deepEqual(incremental.problems, full.problems, context);
      assertSameLines(incremental.lines, full.lines, context);
      assert.deepEqual(validateDocument(incremental), validateDocument(full), context);
      checkLinks(incremental.root);
      doc = incremental;
    }
    assert.ok(inPlace > EDITS / 5, `only ${inPlace} of ${EDITS} edits updated the tree in place`);
  });
  }

  it('takes the fast path for a key edited at the end of a file (a secret file\'s path), its value a mapping', () => {
    const group = generateSecretGroup(50);
    const before = parseDefinition('big.northflank-secret.yaml', group.text, { inPlace: true });
    assert.ok(before);
    const at = group.text.lastIndexOf('/etc/app/');
    const text = `${group.text.slice(0, at)}x${group.text.slice(at)}`;
    const after = parseDefinition('big.northflank-secret.yaml', text, { previous: before, inPlace: true, edit: { offset: at, oldLength: 0, newLength: 1 } });
    assert.ok(after?.history?.changes.length, 'updated in place');
    const full = parseDefinition('big.northflank-secret.yaml', text);
    assert.deepEqual(plain(after.root), plain(full?.root));
    assert.deepEqual(validateDocument(after), validateDocument(full!));
    assert.ok(validateDocument(after).some((d) => d.code === 'nf-file-path'));
  });

  it('takes the fast path for a value edited, and a variable added and removed, in the middle of a large group', () => {
    const group = generateSecretGroup(5000);
    const before = parseDefinition('big.northflank-secret.yaml', group.text);
    assert.ok(before);
    const line = group.variableLines[2500];
    const lines = group.text.split('\n');
    lines[line] = lines[line].replace(/: .*$/, ': 0x1F');
    const text = lines.join('\n');
    assert.ok(reparseYamlLines(before, text));
    const after = parseDefinition('big.northflank-secret.yaml', text, { previous: before });
    assert.ok(after);
    const diagnostics = validateDocument(after);
    assert.deepEqual(diagnostics.map((d) => `${d.code}@${d.range.start.line}`), [`yaml-implicit-type@${line}`]);
    assert.deepEqual(diagnostics, validateDocument(parseDefinition('big.northflank-secret.yaml', text)!));

    lines.splice(line + 10, 0, '    ADDED_VARIABLE: "1"', '    ADDED_NUMBER: 0x2');
    const added = lines.join('\n');
    assert.ok(reparseYamlLines(after, added));
    const withLines = parseDefinition('big.northflank-secret.yaml', added, { previous: after });
    assert.ok(withLines);
    assert.deepEqual(validateDocument(withLines).map((d) => `${d.code}@${d.range.start.line}`), [`yaml-implicit-type@${line}`, `yaml-implicit-type@${line + 11}`]);
    lines.splice(line, 1);
    const removed = lines.join('\n');
    assert.ok(reparseYamlLines(withLines, removed));
    assert.deepEqual(validateDocument(parseDefinition('big.northflank-secret.yaml', removed, { previous: withLines })!).map((d) => `${d.code}@${d.range.start.line}`), [`yaml-implicit-type@${line + 10}`]);
  });

  it('parses in full when the edit adds a blank line, or touches an anchor, a block scalar or a flow collection', () => {
    const check = (before: string, after: string): void => {
      const doc = parseDefinition('x.northflank-secret.yaml', before);
      assert.ok(doc);
      assert.equal(reparseYamlLines(doc, after), undefined, `${JSON.stringify(before)} → ${JSON.stringify(after)}`);
    };
    check('name: a\npriority: 1\n', 'name: a\n\npriority: 1\n');
    check('name: &x a\npriority: 1\n', 'name: &x b\npriority: 1\n');
    check('name: a\npriority: 1\n', 'name: &x a\npriority: 1\n');
    check('name: |\n  a\npriority: 1\n', 'name: >\n  a\npriority: 1\n');
    check('name: [a]\npriority: 1\n', 'name: [b]\npriority: 1\n');
    check('name: a\npriority: 1\n', 'name: [a\npriority: 1\n');
    check('name: a\n- x\n', 'name:\n- x\n');
    check('secrets:\n  A: a\n    b\n', 'secrets:\n  A: c\n    b\n');
  });
});
