import { expect } from 'chai';
import { parseDefinition, quickFixes, validateDocument, type DefinitionDocument } from '../../../core';
import { applyEdits } from '../../helpers/edits';

/**
 * Where the empty value of a key stands. Found through a mutant of the typing rule (typing.ts, `node.length === 0` →
 * `false`): the parser put the empty value of a key without a colon (`{a}` in a flow mapping) after the NEXT colon of
 * the text, wherever it was (another entry, a comment), so a quick fix that adds a property after it wrote into that
 * place. It now stands right after its colon, or right after its key when it has none.
 */
const parse = (text: string): DefinitionDocument => {
  const doc = parseDefinition('g.northflank-secret.yaml', text);
  if (!doc) throw new Error('not a definition file');
  return doc;
};

/** The offset of the empty value of each top-level key. */
const emptyValues = (text: string): Record<string, number> => {
  const root = parse(text).root;
  const out: Record<string, number> = {};
  if (root?.type === 'object') for (const p of root.properties) if (p.value?.type === 'null') out[p.key] = p.value.offset;
  return out;
};

describe('parse: the empty value of a key', () => {
  it('stands after its colon (block mappings: where the YAML library puts it); in a flow mapping right after the colon, or right after the key when it has none', () => {
    expect(emptyValues('a:\nb:   # c: d\n? c\n:\n')).to.deep.equal({ a: 2, b: 8, c: 20 });
    expect(emptyValues('{a, b: 1} # see: x\n')).to.deep.equal({ a: 2 });
    expect(emptyValues('{a :, b}\n')).to.deep.equal({ a: 4, b: 7 });
    // The text after the key, not the next colon of the file (it was 16 here, inside the comment).
    expect(emptyValues('{a} # see: x\n')).to.deep.equal({ a: 2 });
  });

  it('the fix that adds a required property to a flow mapping ending with such a key writes it inside the mapping', () => {
    const text = '{name: abc, secretType: environment, description} # see: the docs\n';
    const doc = parse(text);
    const d = validateDocument(doc).find((x) => x.code === 'missing-property');
    expect(d?.data).to.deep.equal({ missingProperty: 'priority' });
    if (!d) return;
    const fix = quickFixes(doc, [{ code: d.code, offset: doc.lines.offsetAt(d.range.start), length: doc.lines.offsetAt(d.range.end) - doc.lines.offsetAt(d.range.start), data: d.data }]).find((f) => f.preferred);
    expect(fix?.title).to.equal('Add the required property "priority"');
    const fixed = applyEdits(text, (fix?.edits ?? []).map((e) => ({ range: doc.lines.rangeOf(e.offset, e.length), newText: e.newText })));
    expect(fixed).to.equal('{name: abc, secretType: environment, description, priority: 10} # see: the docs\n');
  });
});
