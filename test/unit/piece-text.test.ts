import { strict as assert } from 'node:assert';
import { LineIndex, PieceText } from '../../core/text';
import { Random } from '../helpers/random';

/**
 * `PieceText` (core/text.ts), the text the language server keeps for a large document, against a plain string: the
 * same characters, slices and searches after each of thousands of random edits, with pieces of a few characters so
 * that every edit and every read crosses piece boundaries.
 */
const BITS = ['a', 'b', '${env:', '${', 'env:X}', '\n', '\r\n', 'é', '😀', '&', ' ', ''];

function randomText(random: Random, max: number): string {
  let out = '';
  const n = random.int(0, max);
  for (let i = 0; i < n; i++) out += random.pick(BITS);
  return out;
}

function assertSame(ours: PieceText, text: string, random: Random, where: string): void {
  assert.equal(ours.length, text.length, `${where}: length`);
  for (let k = 0; k < 6; k++) {
    const i = random.int(-2, text.length + 1);
    const c = ours.charCodeAt(i);
    const expected = text.charCodeAt(i);
    assert.ok(Number.isNaN(expected) ? Number.isNaN(c) : c === expected, `${where}: charCodeAt(${i}) ${c} ≠ ${expected}`);
    const a = random.int(-3, text.length + 3);
    const b = random.int(-3, text.length + 3);
    assert.equal(ours.slice(a, b), text.slice(a, b), `${where}: slice(${a}, ${b})`);
    assert.equal(ours.slice(a), text.slice(a), `${where}: slice(${a})`);
    const search = random.pick(['${env:', '&', '\n', 'ab', 'é😀', '', 'zzz', text.slice(a, a + random.int(1, 9))]);
    const from = random.int(-2, text.length + 2);
    assert.equal(ours.indexOf(search, from), text.indexOf(search, from), `${where}: indexOf(${JSON.stringify(search)}, ${from})`);
    assert.equal(ours.includes(search), text.includes(search), `${where}: includes(${JSON.stringify(search)})`);
  }
  // The questions asked after every edit (the answers of the pieces kept are handed on from version to version).
  for (const search of ['&', '${env:', 'env:X', '\r\n', 'é😀', 'b&a', '}\n']) assert.equal(ours.includes(search), text.includes(search), `${where}: includes(${JSON.stringify(search)}), asked of every version`);
}

describe('PieceText: a text held in pieces reads as the string it stands for', () => {
  for (const piece of [1, 3, 7, 64]) {
    it(`pieces of ${piece} characters: 1,500 random edits, each version read as the string`, () => {
      const random = new Random(piece * 7919);
      let text = randomText(random, 40);
      let ours = PieceText.from(text, piece);
      const versions: { ours: PieceText; text: string }[] = [];
      for (let step = 0; step < 1500; step++) {
        const offset = random.int(0, text.length);
        const oldLength = random.chance(0.5) ? 0 : random.int(0, Math.min(text.length - offset, random.chance(0.1) ? 200 : 6));
        const inserted = random.chance(0.05) ? randomText(random, 80) : randomText(random, 3);
        ours = ours.edit(offset, oldLength, inserted, piece);
        text = text.slice(0, offset) + inserted + text.slice(offset + oldLength);
        assertSame(ours, text, random, `step ${step}`);
        if (step % 97 === 0) versions.push({ ours, text });
      }
      // An edit makes a new text and leaves the one it was made from as it was: older versions still read the same.
      for (const [k, v] of versions.entries()) {
        assertSame(v.ours, v.text, random, `kept version ${k}`);
        assert.equal(v.ours.toString(), v.text, `kept version ${k}: toString`);
      }
      assert.equal(ours.toString(), text);
    });
  }

  it('an edit of the whole text, an edit past its end and an emptied text', () => {
    const ours = PieceText.from('abcdef', 2);
    assert.equal(ours.edit(0, 6, 'xyz', 2).toString(), 'xyz');
    assert.equal(ours.edit(6, 5, '!', 2).toString(), 'abcdef!');
    assert.equal(ours.edit(99, 0, '!', 2).toString(), 'abcdef!', 'an offset past the end is the end');
    const empty = ours.edit(0, 6, '', 2);
    assert.equal(empty.length, 0);
    assert.equal(empty.toString(), '');
    assert.equal(empty.edit(0, 0, 'k', 2).toString(), 'k');
    assert.equal(PieceText.from('', 4).edit(0, 0, 'ab', 4).slice(0), 'ab');
  });

  it('a match across a piece boundary is found, and a match is never reported before `position`', () => {
    const ours = PieceText.from('xx${env:A}yy${env:B}', 3);
    assert.equal(ours.indexOf('${env:'), 2);
    assert.equal(ours.indexOf('${env:', 3), 12);
    assert.equal(ours.indexOf('${env:', 13), -1);
    assert.equal(ours.edit(0, 0, '.', 3).indexOf('env:B'), 15);
  });

  it('pieces stay near their size: edits do not leave thousands of tiny pieces or one huge one', () => {
    let ours = PieceText.from('x'.repeat(1000), 16);
    for (let i = 0; i < 500; i++) ours = ours.edit((i * 37) % ours.length, 1, '', 16);
    const internal = ours as unknown as { pieces: string[] };
    assert.ok(internal.pieces.every((p) => p.length <= 32), 'no piece longer than twice the size');
    assert.ok(internal.pieces.length <= Math.ceil(ours.length / 4) + 1, `${internal.pieces.length} pieces for ${ours.length} characters`);
    ours = ours.edit(10, 0, 'y'.repeat(200), 16);
    assert.ok((ours as unknown as { pieces: string[] }).pieces.every((p) => p.length <= 32), 'a long insertion is cut into pieces');
  });

  it('the line index reads a PieceText as it reads the string, after edits too', () => {
    const random = new Random(11);
    let text = randomText(random, 60);
    let ours = PieceText.from(text, 5);
    let lines = new LineIndex(ours);
    for (let step = 0; step < 400; step++) {
      const offset = random.int(0, text.length);
      const oldLength = random.int(0, Math.min(4, text.length - offset));
      const inserted = randomText(random, 3);
      ours = ours.edit(offset, oldLength, inserted, 5);
      text = text.slice(0, offset) + inserted + text.slice(offset + oldLength);
      lines = LineIndex.afterEdit(lines, ours, { offset, oldLength, newLength: inserted.length });
      const fresh = new LineIndex(text);
      assert.equal(lines.lineCount, fresh.lineCount, `step ${step}`);
      for (let k = 0; k < 5; k++) {
        const o = random.int(0, text.length);
        assert.deepEqual(lines.positionAt(o), fresh.positionAt(o), `step ${step}: positionAt(${o})`);
        const line = random.int(0, fresh.lineCount - 1);
        assert.equal(lines.lineEnd(line), fresh.lineEnd(line), `step ${step}: lineEnd(${line})`);
      }
    }
  });
});
