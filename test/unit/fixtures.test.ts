import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseDefinition, validateDocument } from '../../core';
import { diagnosticKey, parseMarkers, rangeKey } from '../helpers/markers';
import { FIXTURES } from '../helpers/paths';

const dir = path.join(FIXTURES, 'rules');

describe('golden rule fixtures (exact code and range of every diagnostic)', () => {
  const files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
  it('has fixtures', () => assert.ok(files.length > 0));
  for (const file of files) {
    it(file, () => {
      const { text, expected } = parseMarkers(readFileSync(path.join(dir, file), 'utf8'));
      const doc = parseDefinition(path.join(dir, file), text);
      assert.ok(doc, `${file} is not recognised as a definition file`);
      // The whole range, end line included: a range that runs on to another line must say so in its marker.
      const actual = validateDocument(doc).map(diagnosticKey);
      assert.deepEqual(actual.sort(), expected.map(rangeKey).sort(), `diagnostics of ${file}:\n${validateDocument(doc).map((d) => `  ${d.range.start.line + 1}:${d.range.start.character} ${d.code}: ${d.message}`).join('\n')}`);
    });
  }
});
