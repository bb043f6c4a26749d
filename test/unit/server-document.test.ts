import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { concatText, EditorDocument, pieceJoin, type JoinText } from '../../server/src/document';
import { PieceText } from '../../core/text';
import { Random } from '../helpers/random';

/**
 * The language server's document (server/src/document.ts) against the library's TextDocument, which it replaces:
 * the same text, lines, offsets and positions after every one of thousands of random edits as VS Code sends them,
 * with either way of joining the text (pieceJoin with no minimum holds every version in pieces).
 */
const PIECES = ['a', 'key: value', '\n', '\r\n', '\r', '  ', 'é', 'ÿ', '€', '😀', '\t', ''];

function piece(random: Random): string {
  let out = '';
  const n = random.int(0, 4);
  for (let i = 0; i < n; i++) out += random.pick(PIECES);
  return out;
}

function randomPosition(random: Random, doc: TextDocument): { line: number; character: number } {
  // Mostly inside the text, sometimes past a line's end, past the last line or negative (the library clamps them).
  const line = random.chance(0.05) ? doc.lineCount + random.int(0, 2) : random.chance(0.03) ? -1 : random.int(0, doc.lineCount - 1);
  const character = random.chance(0.1) ? random.int(0, 40) : random.int(0, 6);
  return { line, character };
}

function assertSame(ours: EditorDocument, theirs: TextDocument, random: Random, where: string): void {
  const text = theirs.getText();
  assert.equal(ours.getText(), text, where);
  assert.equal(ours.lineCount, theirs.lineCount, where);
  assert.equal(ours.version, theirs.version, where);
  for (let k = 0; k < 8; k++) {
    const offset = random.int(-2, text.length + 2);
    assert.deepEqual(ours.positionAt(offset), theirs.positionAt(offset), `${where}: positionAt(${offset})`);
    const position = randomPosition(random, theirs);
    assert.equal(ours.offsetAt(position), theirs.offsetAt(position), `${where}: offsetAt(${JSON.stringify(position)})`);
    const line = random.int(-1, theirs.lineCount + 1);
    assert.deepEqual(ours.getLineRange(line), theirs.getLineRange(line), `${where}: getLineRange(${line})`);
    assert.equal(ours.getEOLCharacters(line), theirs.getEOLCharacters(line), `${where}: getEOLCharacters(${line})`);
    const range = { start: randomPosition(random, theirs), end: randomPosition(random, theirs) };
    assert.equal(ours.getText(range), theirs.getText(range), `${where}: getText(${JSON.stringify(range)})`);
  }
}

function run(join: JoinText, seed: number, versions: number): void {
  const random = new Random(seed);
  let initial = '';
  for (let i = 0; i < 30; i++) initial += piece(random);
  let ours = EditorDocument.create('file:///a.yaml', 'yaml', 1, initial);
  let theirs = TextDocument.create('file:///a.yaml', 'yaml', 1, initial);
  for (let v = 2; v <= versions; v++) {
    const count = random.chance(0.85) ? 1 : random.int(0, 3);
    const changes: TextDocumentContentChangeEvent[] = [];
    for (let c = 0; c < count; c++) {
      if (random.chance(0.02)) changes.push({ text: piece(random) + piece(random) });
      // Ranges in either order: the library reads a reversed one from its end.
      else changes.push({ range: { start: randomPosition(random, theirs), end: randomPosition(random, theirs) }, text: piece(random) });
    }
    const before = ours.getText();
    ours = EditorDocument.update(ours, changes, v, join);
    // The library's incremental update miscounts lines after a range that starts past the last line (" \n" with
    // {4:1}-{5:0} replaced by "\r" counts 6 lines where a fresh read of its text counts 5; VS Code sends no such
    // range): what this is compared with is the library applying each change to a document it reads afresh.
    let text = before;
    for (const change of changes) text = TextDocument.update(TextDocument.create(theirs.uri, 'yaml', 1, text), [change], 2).getText();
    theirs = TextDocument.create(theirs.uri, 'yaml', v, text);
    assertSame(ours, theirs, random, `seed ${seed}, version ${v}, changes ${JSON.stringify(changes)}`);
    // The edit the parse is told about makes this version's text from the previous one.
    if (ours.edit) {
      assert.equal(changes.length, 1);
      assert.equal(ours.edit.from, v - 1);
      const { offset, oldLength, newLength } = ours.edit.change;
      const text = ours.getText();
      assert.equal(before.slice(0, offset) + text.slice(offset, offset + newLength) + before.slice(offset + oldLength), text);
      assert.equal(text.length, before.length - oldLength + newLength);
    } else {
      assert.ok(changes.length !== 1 || !('range' in changes[0]), 'one ranged change says where it is');
    }
  }
}

describe('the language server document (server/src/document.ts)', () => {
  it('keeps the same text, lines, offsets and positions as the library over random edits (concatenated texts)', () => {
    for (let seed = 1; seed <= 12; seed++) run(concatText, seed, 400);
  });

  it('the same when every version is held in pieces (pieceJoin with no minimum; CR, LF, CRLF, wide characters)', () => {
    for (let seed = 101; seed <= 112; seed++) run(pieceJoin(0), seed, 400);
  });

  it('holds a text of the minimum length or more in pieces, and a shorter one as a string', () => {
    const join = pieceJoin(10);
    const base = 'x'.repeat(40);
    const large = join(base, 5, 2, 'ÿé');
    assert.ok(large instanceof PieceText, 'a text over the minimum is held in pieces');
    assert.equal(large.toString(), `${base.slice(0, 5)}ÿé${base.slice(7)}`);
    const next = join(large, 20, 0, '€😀');
    assert.ok(next instanceof PieceText);
    assert.equal(next.toString(), `${large.toString().slice(0, 20)}€😀${large.toString().slice(20)}`);
    // Cut under the minimum: a plain string again.
    const small = join(next, 0, 40, '');
    assert.equal(typeof small, 'string');
    assert.equal(small, next.toString().slice(40));
    assert.equal(pieceJoin(1000)(base, 1, 1, 'é'), `x${'é'}${base.slice(2)}`);
  });

  it('by default a large document is held in pieces after an edit, with the same text', () => {
    const text = `name: g\nsecrets:\n  variables:\n${Array.from({ length: 4000 }, (_, i) => `    V_${i}: value-${i}\n`).join('')}`;
    let doc = EditorDocument.create('file:///g.northflank-secret.yaml', 'secretdef-yaml', 1, text);
    doc = EditorDocument.update(doc, [{ range: { start: { line: 2000, character: 6 }, end: { line: 2000, character: 6 } }, text: ' ' }], 2);
    assert.ok(doc.getSource() instanceof PieceText, `a text of ${text.length} characters is held in pieces`);
    assert.equal(doc.getText(), text.slice(0, doc.offsetAt({ line: 2000, character: 6 })) + ' ' + text.slice(doc.offsetAt({ line: 2000, character: 6 })));
  });
});
