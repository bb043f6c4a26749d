import { expect } from 'chai';
import { getProperty } from '../../../core/ast';
import { OFFLINE_CATALOG } from '../../../core/catalog';
import type { Diagnostic } from '../../../core/diagnostics';
import { parseDefinition } from '../../../core/document';
import { createContext, itemsOf, keySpan, nodeSpan, objectAt, stringAt, stringProperty, valueSpan } from '../../../core/rules/context';
import { rules, yaml } from './run';

/** What every rule reports through: spans of keys and values, the small readers of the tree, the report itself. */
describe('rules: the context of a rule', () => {
  const text = yaml('name: g', 'empty:', 'tagged: !!str', 'list: [a, 5]', 'map: {a: b}');
  const doc = parseDefinition('g.northflank-secret.yaml', text);
  const prop = (key: string) => {
    const p = getProperty(doc?.root, key);
    if (!p) throw new Error(key);
    return p;
  };

  it('spans: a key, a node, and a value (its key when the value is empty)', () => {
    expect(keySpan(prop('name'))).to.deep.equal({ offset: 0, length: 4 });
    const name = prop('name').value;
    if (!name) throw new Error('no value');
    expect(nodeSpan(name)).to.deep.equal({ offset: 6, length: 1 });
    expect(valueSpan(name)).to.deep.equal({ offset: 6, length: 1 });
    const tagged = prop('tagged').value;
    if (!tagged) throw new Error('no value');
    expect(tagged.length).to.equal(0);
    expect(valueSpan(tagged)).to.deep.equal({ offset: text.indexOf('tagged'), length: 6 });
  });

  it('readers: a mapping, the items of a list, a string, a string property; undefined or nothing for any other shape', () => {
    expect(objectAt(prop('map').value)?.properties.map((p) => p.key)).to.deep.equal(['a']);
    expect(objectAt(prop('list').value)).to.equal(undefined);
    expect(objectAt(undefined)).to.equal(undefined);
    expect(itemsOf(prop('list').value).map((i) => i.type)).to.deep.equal(['string', 'number']);
    expect(itemsOf(prop('map').value)).to.deep.equal([]);
    expect(itemsOf(undefined)).to.deep.equal([]);
    expect(stringAt(prop('name').value)?.value).to.equal('g');
    expect(stringAt(itemsOf(prop('list').value)[1])).to.equal(undefined);
    expect(stringProperty(doc?.root, 'name')?.value).to.equal('g');
    expect(stringProperty(doc?.root, 'name')?.prop.key).to.equal('name');
    expect(stringProperty(doc?.root, 'list')).to.equal(undefined);
    expect(stringProperty(doc?.root, 'empty')).to.equal(undefined);
    expect(stringProperty(doc?.root, 'missing')).to.equal(undefined);
  });

  it('a report: the range of its span, the severity of its code, its message, and data only when given', () => {
    if (!doc) throw new Error('not a definition');
    const out: Diagnostic[] = [];
    const ctx = createContext(doc, OFFLINE_CATALOG, out);
    expect('variables' in ctx).to.equal(false);
    ctx.report('repeated-item', { offset: 8, length: 5 }, 'm');
    ctx.report('duplicate-item', { offset: 0, length: 4 }, 'n', { suggestions: ['x'] });
    expect(out).to.deep.equal([
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } }, severity: 'warning', code: 'repeated-item', message: 'm' },
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } }, severity: 'error', code: 'duplicate-item', message: 'n', data: { suggestions: ['x'] } },
    ]);
    const view = { names: new Set<string>(), keyOffsetOf: () => undefined };
    expect(createContext(doc, OFFLINE_CATALOG, out, view).variables).to.equal(view);
  });

  it('a rule reports an empty value on its key', () => {
    expect(rules('qovery-secrets', yaml('overrides:', '  - target: !!str', '  - target: !!str'))).to.deep.equal(['3:4-3:10 qovery-duplicate-override [error] "" is overridden twice in this file; keep one override.']);
    expect(rules('northflank-secret', yaml('name: g', 'addonDependencies:', '  - addonId: !!str', '  - addonId: !!str'))).to.deep.equal([
      '4:4-4:11 nf-duplicate-addon [warning] The addon "" is listed twice in "addonDependencies"; list each addon once, with all its keys.',
    ]);
  });
});
