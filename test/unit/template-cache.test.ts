/**
 * A template's secret groups keep their diagnostics across edits that do not touch them (core/templates/validate.ts):
 * over random edits, what the language server gets for a document it validates again and again is exactly what a
 * fresh validation of the same text gives.
 */
import * as assert from 'node:assert/strict';
import { generateTemplate } from '../../bench/template';
import { parseDefinition, validateDocument, type Diagnostic } from '../../core';
import { editLine } from '../helpers/random-edits';
import { Random } from '../helpers/random';

const show = (ds: Diagnostic[]) => ds.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`);

describe('template validation after edits (the secret groups an edit did not touch keep their diagnostics)', function () {
  this.timeout(120_000);
  it('gives what a fresh validation gives, over 300 random edits of a template of 4 groups', () => {
    const r = new Random(20261205);
    let text = generateTemplate(4, 120).text;
    let fresh = 0;
    for (let i = 0; i < 300; i++) {
      text = editLine(r, text);
      // The same path each time: the cache of the document being edited. Another path each time: never a hit.
      const live = parseDefinition('/live/t.northflank-template.json', text, { kind: 'northflank-template', syntax: 'json' });
      const reference = parseDefinition(`/fresh/${fresh++}/t.northflank-template.json`, text, { kind: 'northflank-template', syntax: 'json' });
      assert.deepEqual(show(live ? validateDocument(live) : []), show(reference ? validateDocument(reference) : []), `after edit ${i}`);
    }
  });
});
