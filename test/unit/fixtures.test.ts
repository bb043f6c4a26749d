import * as assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/**
 * The words users read: every diagnostic of every rule fixture, with its severity, message and quick-fix data, as
 * `test/fixtures/messages/rules.txt` records them. A change of wording shows in review as a change of that file;
 * `UPDATE_GOLDEN=1 npm run test:file test/unit/fixtures.test.ts` writes it again.
 */
describe('golden rule messages (severity, message and data of every diagnostic)', () => {
  const golden = path.join(FIXTURES, 'messages', 'rules.txt');
  const files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
  const linesOf = (file: string): string[] => {
    const { text } = parseMarkers(readFileSync(path.join(dir, file), 'utf8'));
    const doc = parseDefinition(path.join(dir, file), text);
    assert.ok(doc);
    return validateDocument(doc).map((d) => `${diagnosticKey(d)} [${d.severity}] ${d.message}${d.data ? ` ${JSON.stringify(d.data)}` : ''}`);
  };
  if (process.env.UPDATE_GOLDEN) {
    mkdirSync(path.dirname(golden), { recursive: true });
    writeFileSync(golden, files.map((file) => [`## ${file}`, ...linesOf(file), ''].join('\n')).join('\n'));
  }
  const recorded = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of readFileSync(golden, 'utf8').split('\n')) {
    if (line.startsWith('## ')) recorded.set(line.slice(3), (current = []));
    else if (line && current) current.push(line);
  }
  it('records every fixture, and no other', () => assert.deepEqual([...recorded.keys()], files));
  for (const file of files) {
    it(file, () => assert.deepEqual(linesOf(file), recorded.get(file) ?? []));
  }
});
