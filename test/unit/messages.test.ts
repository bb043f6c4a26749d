import * as assert from 'node:assert/strict';
import { parseDefinition, validateDocument } from '../../core';

/** Diagnostic messages end up in CI logs: they must never repeat a value of the file. */
describe('diagnostic messages never quote a value', () => {
  const SECRET = 'Sup3rS3cret';
  const cases: [string, string][] = [
    ['an unknown YAML tag', `DB_PASSWORD: !${SECRET}-pw`],
    ['a block scalar header with text', `OTHER: |x${SECRET}`],
    ['a bad escape', `Q: "a\\q${SECRET}"`],
    ['unexpected text', `R: "${SECRET}" trailing-${SECRET}`],
    ['a flow collection', `S: [${SECRET}, {`],
    ['an alias', `T: *${SECRET}`],
  ];
  for (const [what, line] of cases) {
    it(what, () => {
      const text = `name: api\nsecretType: environment\npriority: 1\nsecrets:\n  variables:\n    ${line}\n`;
      const diagnostics = validateDocument(parseDefinition('/x.northflank-secret.yaml', text)!);
      assert.ok(diagnostics.length > 0, 'expected a diagnostic');
      for (const d of diagnostics) assert.ok(!d.message.includes(SECRET), `${d.code}: ${d.message}`);
    });
  }

  it('a value read as an unknown tag is an error (it would be pushed empty), so push refuses the file', () => {
    const text = 'name: api\nsecretType: environment\npriority: 1\nsecrets:\n  variables:\n    DB_PASSWORD: !abc123\n';
    const errors = validateDocument(parseDefinition('/x.northflank-secret.yaml', text)!).filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map((d) => [d.code, d.range.start.line]), [['yaml-syntax', 5]]);
  });
});
