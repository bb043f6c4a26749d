import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { generateTemplate } from '../../bench/template';
import { parseDefinition, validateDocument, type AstNode, type DefinitionDocument } from '../../core';
import { parseJson } from '../../core/parse/json';
import { reparseJsonValue } from '../../core/parse/json-incremental';
import { parseMarkers } from '../helpers/markers';
import { FIXTURES } from '../helpers/paths';
import { Random } from '../helpers/random';

/**
 * Re-parsing only the edited value of a JSON file must give exactly what a full parse gives: random edits inside
 * values, of whole values, and anywhere else (keys, commas, brackets: these must fall back to a full parse), chained
 * as typing chains them, on a generated template and the JSON fixtures.
 */
const SEED = Number(process.env.INCREMENTAL_SEED ?? 0x15);
const EDITS = Number(process.env.INCREMENTAL_EDITS ?? 800);

function plain(node: AstNode | undefined): unknown {
  if (!node) return undefined;
  if (node.type === 'object') {
    return { type: 'object', offset: node.offset, length: node.length, properties: node.properties.map((p) => ({ key: p.key, keyOffset: p.keyOffset, keyLength: p.keyLength, offset: p.offset, length: p.length, value: plain(p.value) })) };
  }
  if (node.type === 'array') return { type: 'array', offset: node.offset, length: node.length, items: node.items.map(plain) };
  return { type: node.type, value: node.value, offset: node.offset, length: node.length, style: node.style };
}

function checkLinks(node: AstNode | undefined): void {
  if (node?.type === 'object') {
    for (const p of node.properties) {
      assert.equal(p.parent, node);
      if (p.value) {
        assert.equal(p.value.parent, node);
        assert.equal(p.value.property, p);
        checkLinks(p.value);
      }
    }
  } else if (node?.type === 'array') {
    for (const item of node.items) {
      assert.equal(item.parent, node);
      checkLinks(item);
    }
  }
}

const VALUES = ['12345', '"quoted"', '""', 'true', 'false', 'null', '-0.5e3', '"a\\"b"', '"\\u00e9"', '"${args.X}"', '"unterminated', '1,', '"a", "b"', '{}', '[1]', '01', 'nul', '"\t"', '"a\\qb"', ' 1', '"é"', 'NaN'];

function texts(): { name: string; text: string }[] {
  const out = [{ name: 'generated template', text: generateTemplate(3, 60).text }];
  for (const dir of ['templates', 'rules', 'fixes', 'seeds']) {
    for (const f of readdirSync(path.join(FIXTURES, dir)).filter((x) => x.endsWith('.json'))) out.push({ name: `${dir}/${f}`, text: parseMarkers(readFileSync(path.join(FIXTURES, dir, f), 'utf8')).text });
  }
  return out;
}

/** An edit of a random kind: inside a value, a whole value, or anywhere at all. */
function randomEdit(random: Random, doc: DefinitionDocument): { from: number; to: number; insert: string } {
  const values: AstNode[] = [];
  const visit = (n: AstNode | undefined): void => {
    if (!n) return;
    if (n.type === 'object') n.properties.forEach((p) => visit(p.value));
    else if (n.type === 'array') n.items.forEach(visit);
    else values.push(n);
  };
  visit(doc.root);
  const kind = random.int(0, 2);
  if (kind < 2 && values.length > 0) {
    const v = random.pick(values);
    if (kind === 0) {
      const at = v.offset + random.int(0, v.length);
      const to = Math.min(v.offset + v.length, at + random.int(0, 2));
      return { from: at, to, insert: random.pick(['x', '', '1', '\\', '"', ' ', 'é', '${a}']) };
    }
    return { from: v.offset, to: v.offset + v.length, insert: random.pick(VALUES) };
  }
  const at = random.int(0, doc.text.length);
  return { from: at, to: Math.min(doc.text.length, at + random.int(0, 3)), insert: random.pick(['', ',', '"', '}', 'x', ' ', '\n', ':']) };
}

describe('JSON: re-parsing one edited value gives what a full parse gives', () => {
  it(`${EDITS} random chained edits (seed ${SEED})`, () => {
    const random = new Random(SEED);
    let fast = 0;
    for (const { name, text } of texts()) {
      const original = parseDefinition('x.northflank-template.json', text, { syntax: 'json', kind: 'northflank-template' });
      assert.ok(original);
      let doc = original;
      for (let i = 0; i < EDITS / 20; i++) {
        // Broken text takes the slow path until it is fixed: go back to the clean text now and then.
        if (doc.problems.some((p) => p.code !== 'duplicate-key') && random.chance(0.5)) doc = original;
        const e = randomEdit(random, doc);
        const next = doc.text.slice(0, e.from) + e.insert + doc.text.slice(e.to);
        const incremental = reparseJsonValue(doc, next);
        const full = parseJson(next);
        if (incremental) {
          fast++;
          assert.deepEqual(plain(incremental.root), plain(full.root), `${name}: edit ${i} ${JSON.stringify(e)}`);
          assert.deepEqual(incremental.problems, full.problems, `${name}: problems after edit ${i}`);
          checkLinks(incremental.root);
        }
        const viaDocument = parseDefinition('x.northflank-template.json', next, { syntax: 'json', kind: 'northflank-template', previous: doc });
        assert.ok(viaDocument);
        assert.deepEqual(validateDocument(viaDocument), validateDocument({ ...viaDocument, ...full }), `${name}: diagnostics after edit ${i}`);
        doc = viaDocument;
      }
    }
    assert.ok(fast > EDITS / 10, `the fast path was taken ${fast} times`);
  });

  it('takes the fast path for a value typed in a large template, and leaves the previous tree untouched', () => {
    const { text } = generateTemplate();
    const doc = parseDefinition('t.northflank-template.json', text);
    assert.ok(doc);
    const at = text.indexOf('"value-2503-');
    const next = `${text.slice(0, at)}12345${text.slice(text.indexOf('"', at + 1) + 1)}`;
    const before = JSON.stringify(plain(doc.root));
    const result = reparseJsonValue(doc, next);
    assert.ok(result);
    assert.equal(JSON.stringify(plain(doc.root)), before);
    assert.deepEqual(plain(result.root), plain(parseJson(next).root));
  });
});
