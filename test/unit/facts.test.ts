// One function per fact: each of these is decided in one place of the core, and the rest of the tree calls it.
// These tests fail when a copy of the decision appears elsewhere (sources, tests and stand-ins alike).
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { MASK as API_MASK, PLATFORM_TITLES as API_PLATFORM_TITLES } from '../../api/errors';
import { formatDiagnosticLine, platformOf, FILE_KINDS, PLATFORM_TITLES } from '../../core';
import { MASK } from '../../core/mask';
import { qoveryEntryKind, qoveryVariableType } from '../../core/plan';
import { ROOT } from '../helpers/paths';

const PARTS = ['core', 'server', 'client', 'cli', 'sync', 'api', 'shared', 'standins', 'scripts', 'bench', 'test'];

function sources(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (name === 'node_modules' || name === 'fixtures' || name === 'workspace') continue;
      if (statSync(full).isDirectory()) visit(full);
      else if (/\.(ts|mjs)$/.test(name)) out.push({ file: path.relative(ROOT, full).replace(/\\/g, '/'), text: readFileSync(full, 'utf8') });
    }
  };
  for (const part of PARTS) visit(path.join(ROOT, part));
  return out;
}

/** The files (other than `allowed` and this test) where `pattern` occurs. */
function occurrences(pattern: RegExp, allowed: string[]): string[] {
  return sources().filter((s) => s.file !== 'test/unit/facts.test.ts' && !allowed.includes(s.file) && pattern.test(s.text)).map((s) => s.file);
}

describe('one function per fact', () => {
  it('the mask: core/mask.ts (api/ is a leaf and keeps its own, which must be the same string)', () => {
    assert.equal(API_MASK, MASK);
    // The API's own tests check the leaf's messages against its constant, which is the same string.
    assert.deepEqual(occurrences(/['"`]\*{8}|['"`]•{3,}/, ['core/mask.ts', 'api/redact.ts', 'api/errors.ts', 'test/unit/masking.test.ts', 'test/api/qovery.test.ts', 'test/api/transport.test.ts']), []);
  });

  it('the platform of a file kind: platformOf in core/kinds.ts', () => {
    assert.deepEqual(FILE_KINDS.map(platformOf), ['northflank', 'northflank', 'qovery', 'northflank']);
    // api/ is a leaf and names the platforms in its own messages: the same names.
    assert.deepEqual(API_PLATFORM_TITLES, PLATFORM_TITLES);
    assert.deepEqual(occurrences(/=== 'qovery-secrets' \? 'qovery'|'qovery-secrets': 'qovery'/, ['core/kinds.ts']), []);
  });

  it('whether a Qovery secret is a secret, an alias or an override: qoveryVariableType in core/plan/qoveryRules.ts', () => {
    assert.equal(qoveryEntryKind({ aliased_secret: { key: 'A' } }), 'alias');
    assert.equal(qoveryEntryKind({ variable_type: 'OVERRIDE' }), 'override');
    assert.equal(qoveryVariableType({ mount_path: '/a' }), 'FILE');
    assert.equal(qoveryVariableType({ variable_type: 'BUILT_IN' }), 'BUILT_IN');
    // A comparison with the API's markers anywhere else is a second opinion.
    assert.deepEqual(occurrences(/(variable_type|variableType) [!=]== '(ALIAS|OVERRIDE|FILE)'|aliased_secret \|\||overridden_secret \|\||!s\.aliased_secret/, ['core/plan/qoveryRules.ts', 'core/values.ts']), []);
  });

  it('the line format of a diagnostic: formatDiagnosticLine in core/diagnostics.ts', () => {
    const d = { range: { start: { line: 2, character: 4 }, end: { line: 2, character: 9 } }, severity: 'error' as const, code: 'invalid-value' as const, message: 'Bad.' };
    assert.equal(formatDiagnosticLine('a.yaml', d), 'a.yaml:3:5 error Bad. [invalid-value]');
    assert.deepEqual(occurrences(/range\.start\.line \+ 1\}:\$\{[^}]*range\.start\.character \+ 1\}/, ['core/diagnostics.ts']), []);
  });
});
