import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TEMPLATE_REFERENCE } from '../../core/rules/templates';
import { ROOT } from '../helpers/paths';

interface Grammar {
  scopeName: string;
  injectionSelector: string;
  repository: { template: { match: string } };
}

describe('template highlighting (TextMate injection)', () => {
  const grammar = JSON.parse(readFileSync(path.join(ROOT, 'syntaxes', 'secretdef-template.injection.tmLanguage.json'), 'utf8')) as Grammar;
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { grammars: { scopeName: string; injectTo?: string[] }[] } };

  it('is contributed and injected into both secret definition grammars', () => {
    const contributed = manifest.contributes.grammars.find((g) => g.scopeName === grammar.scopeName);
    assert.deepEqual(contributed?.injectTo, ['source.secretdef.yaml', 'source.secretdef.json']);
    assert.match(grammar.injectionSelector, /source\.secretdef\.yaml/);
  });

  it('highlights exactly what the rules read as a ${NAME} reference', () => {
    // One source of truth: the grammar's pattern is the core's, with groups around the punctuation.
    assert.equal(grammar.repository.template.match.replace(/[()]/g, ''), TEMPLATE_REFERENCE.source.replace(/[()]/g, ''));
    const re = new RegExp(grammar.repository.template.match, 'g');
    const sample = 'postgres://${DB_USER}:${path/to.VAR-1}@host/${ not} $HOME ${}';
    assert.deepEqual([...sample.matchAll(re)].map((m) => m[2]), ['DB_USER', 'path/to.VAR-1']);
  });
});
