import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseDefinition, validateDocument } from '../../core';
import { parseMarkers } from '../helpers/markers';
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
      const actual = validateDocument(doc).map((d) => ({
        code: d.code,
        line: d.range.start.line,
        start: d.range.start.character,
        end: d.range.end.line === d.range.start.line ? d.range.end.character : -1,
      }));
      const key = (d: { code: string; line: number; start: number; end: number }) => `${d.line + 1}:${d.start}-${d.end} ${d.code}`;
      assert.deepEqual(actual.map(key).sort(), expected.map(key).sort(), `diagnostics of ${file}:\n${validateDocument(doc).map((d) => `  ${d.range.start.line + 1}:${d.range.start.character} ${d.code}: ${d.message}`).join('\n')}`);
    });
  }
});
