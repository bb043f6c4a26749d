// Where the caret stands in YAML, as completion reads it (core/features/cursor.ts): the `yaml` library's concrete
// syntax tree of the lines around the caret, read as if a character were typed there. The caret is `‸` (a `|` is
// YAML's own block scalar indicator).
import * as assert from 'node:assert/strict';
import { complete, OFFLINE_CATALOG, parseDefinition, validateDocument, type DefinitionDocument } from '../../core';
import { cursorContext, type CursorContext } from '../../core/features/cursor';
import { ANY } from '../../core/schema/navigate';

const CARET = '‸';

function at(textWithCaret: string, kind = 'northflank-secret'): { doc: DefinitionDocument; offset: number } {
  const offset = textWithCaret.indexOf(CARET);
  assert.ok(offset >= 0, 'no caret in the text');
  const doc = parseDefinition(`/w/x.${kind}.yaml`, textWithCaret.slice(0, offset) + textWithCaret.slice(offset + CARET.length));
  assert.ok(doc);
  return { doc, offset };
}

/** The context at the caret, with ANY written `*` and the replaced text instead of its span. */
function context(textWithCaret: string, kind?: string): Record<string, unknown> | undefined {
  const { doc, offset } = at(textWithCaret, kind);
  const ctx: CursorContext | undefined = cursorContext(doc, offset);
  if (!ctx) return undefined;
  const { replace, quoted: _quoted, ...rest } = ctx;
  const out: Record<string, unknown> = { ...rest, path: ctx.path.map((s) => (s === ANY ? '*' : s)), replacing: doc.text.slice(replace.offset, replace.offset + replace.length) };
  delete out.needsComma;
  if (ctx.kind === 'key') out.existing = [...ctx.existing].sort();
  return out;
}

function labels(textWithCaret: string, kind?: string): string[] {
  const { doc, offset } = at(textWithCaret, kind);
  return complete(doc, offset, OFFLINE_CATALOG).map((c) => c.label);
}

/** The text with the completion `label` accepted (its plain text: these are values, not snippets). */
function accept(textWithCaret: string, label: string, kind?: string): string {
  const { doc, offset } = at(textWithCaret, kind);
  const item = complete(doc, offset, OFFLINE_CATALOG).find((c) => c.label === label);
  assert.ok(item, `no completion "${label}"`);
  return doc.text.slice(0, item.replace.offset) + item.insertText + doc.text.slice(item.replace.offset + item.replace.length);
}

describe('completion: where the caret stands in YAML', () => {
  it('a key being typed, without its colon yet, after the keys it comes after and before those below it', () => {
    assert.deepEqual(context('name: api\nsecr‸'), { kind: 'key', path: [], prefix: 'secr', existing: ['name'], indent: 0, replacing: 'secr' });
    // `secr` runs into the next line in the document's tree (one key, `secr secretType`): secretType is there all the same.
    assert.deepEqual(context('name: api\nsecr‸\nsecretType: environment\n'), { kind: 'key', path: [], prefix: 'secr', existing: ['name', 'secretType'], indent: 0, replacing: 'secr' });
    assert.ok(!labels('name: api\nsecr‸\nsecretType: environment\n').includes('secretType'));
    assert.deepEqual(context('name: api\nsecr‸\nsecrets:\n  variables:\n    A: one\npriority: 1\n')?.existing, ['name', 'priority', 'secrets']);
    // In the middle of an existing key: the whole key is replaced, and it may be offered again.
    assert.deepEqual(context('name: api\nsecr‸etType: environment\npriority: 1\n'), { kind: 'key', path: [], prefix: 'secr', existing: ['name', 'priority'], indent: 0, replacing: 'secretType' });
  });

  it('keys after a comment line, and nothing inside a comment', () => {
    assert.deepEqual(context('name: api\n# the type\nsecr‸'), { kind: 'key', path: [], prefix: 'secr', existing: ['name'], indent: 0, replacing: 'secr' });
    assert.deepEqual(context('restrictions:\n  restricted: true\n  # who may read it\n  ‸\n'), { kind: 'key', path: ['restrictions'], prefix: '', existing: ['restricted'], indent: 2, replacing: '' });
    assert.equal(context('name: api # the name‸'), undefined);
    assert.equal(context('name: api\n  # secr‸'), undefined);
  });

  it('the keys of a list item, all of them (the first one on the `- ` line too), and a new item', () => {
    const text = 'name: api\naddonDependencies:\n  - addonId: pg\n    keys:\n      - ‸keyName: USERNAME\n        aliases: [PG_USER]\n';
    assert.deepEqual(context(text), { kind: 'key', path: ['addonDependencies', '*', 'keys', '*'], prefix: '', existing: ['aliases'], indent: 8, replacing: 'keyName' });
    assert.deepEqual(labels(text), ['keyName'], 'aliases is there already (offering it again would be a duplicate key)');
    assert.deepEqual(context('name: api\naddonDependencies:\n  - addonId: pg\n    keys:\n      - keyName: A\n      - ‸'), { kind: 'key', path: ['addonDependencies', '*', 'keys', '*'], prefix: '', existing: [], indent: 8, replacing: '' });
    assert.deepEqual(context('name: api\naddonDependencies:\n  - addonId: pg\n    keys:\n      - keyName: A\n    ‸'), { kind: 'key', path: ['addonDependencies', '*'], prefix: '', existing: ['addonId', 'keys'], indent: 4, replacing: '' });
    // A list written at its key's indentation.
    assert.deepEqual(context('name: api\ntags:\n- a\n- ‸'), { kind: 'key', path: ['tags', '*'], prefix: '', existing: [], indent: 2, replacing: '' });
    assert.deepEqual(context('name: api\ntags:\n- a\npri‸'), { kind: 'key', path: [], prefix: 'pri', existing: ['name', 'tags'], indent: 0, replacing: 'pri' });
  });

  it('a key indented deeper than its siblings continues the value above: nothing is offered', () => {
    // `secretType: environment arguments` would be the value; the old reader offered the enum values there.
    assert.equal(context('name: api\nsecretType: environment\n  ar‸'), undefined);
    assert.deepEqual(labels('name: api\nsecretType: environment\n  ar‸'), []);
    assert.equal(context('secrets:\n  variables:\n    A: one\n      B‸'), undefined);
    // Between two levels: no key there is valid YAML.
    assert.equal(context('secrets:\n  variables:\n    A: one\n   ‸'), undefined);
    // Under a key without a value, any deeper indentation starts its mapping (or is its value).
    assert.deepEqual(context('name: api\nrestrictions:\n      rest‸'), { kind: 'key', path: ['restrictions'], prefix: 'rest', existing: [], indent: 6, replacing: 'rest' });
    assert.deepEqual(context('name: api\nsecretType:\n  env‸'), { kind: 'key', path: ['secretType'], prefix: 'env', existing: [], indent: 2, replacing: 'env' });
    assert.equal(accept('name: api\nsecretType:\n  env‸', 'environment'), 'name: api\nsecretType:\n  environment');
  });

  it('a value after `key:` with no space gets its space', () => {
    assert.deepEqual(context('name: api\nsecretType:‸'), { kind: 'value', path: ['secretType'], prefix: '', indent: 0, spaceBefore: true, replacing: '' });
    const text = accept('name: api\nsecretType:‸\npriority: 1\n', 'environment');
    assert.equal(text, 'name: api\nsecretType: environment\npriority: 1\n');
    assert.deepEqual(validateDocument(parseDefinition('/w/x.northflank-secret.yaml', text)!).filter((d) => d.severity === 'error'), []);
    assert.equal(accept('name: api\nrestrictions:\n  restricted:‸', 'true'), 'name: api\nrestrictions:\n  restricted: true');
    // `key:value` is one plain scalar in YAML, not a key and its value: nothing to complete.
    assert.equal(context('name: api\nsecretType:env‸'), undefined);
  });

  it('values: partial, quoted, before a comment, just after the closing quote', () => {
    assert.deepEqual(context('name: api\nsecretType: env‸'), { kind: 'value', path: ['secretType'], prefix: 'env', indent: 0, spaceBefore: false, replacing: 'env' });
    assert.deepEqual(context('name: api\nsecretType: "env‸"'), { kind: 'value', path: ['secretType'], prefix: 'env', indent: 0, spaceBefore: false, replacing: '"env"' });
    assert.deepEqual(context('name: api\nsecretType: env‸ # which one?'), { kind: 'value', path: ['secretType'], prefix: 'env', indent: 0, spaceBefore: false, replacing: 'env' });
    assert.deepEqual(context('name: api\nsecretType: "environment"‸\n'), { kind: 'value', path: ['secretType'], prefix: 'environment"', indent: 0, spaceBefore: false, replacing: '"environment"' });
    assert.deepEqual(context('name: api\nrestrictions:\n  nfObjects:\n    - id: api\n      type: ‸'), { kind: 'value', path: ['restrictions', 'nfObjects', '*', 'type'], prefix: '', indent: 6, spaceBefore: false, replacing: '' });
  });

  it('tabs and CRLF line ends', () => {
    assert.deepEqual(context('name: api\nsecretType:\t‸'), { kind: 'value', path: ['secretType'], prefix: '', indent: 0, spaceBefore: false, replacing: '' });
    assert.deepEqual(context('name: api\nsecretType: env‸\t\npriority: 1\n'), { kind: 'value', path: ['secretType'], prefix: 'env', indent: 0, spaceBefore: false, replacing: 'env' });
    assert.deepEqual(context('name: api\r\nsecretType: env‸\r\npriority: 1\r\n'), { kind: 'value', path: ['secretType'], prefix: 'env', indent: 0, spaceBefore: false, replacing: 'env' });
    assert.deepEqual(context('name: api\r\nrestrictions:\r\n  restricted: true\r\n  ‸\r\npriority: 1\r\n'), { kind: 'key', path: ['restrictions'], prefix: '', existing: ['restricted'], indent: 2, replacing: '' });
    assert.deepEqual(context('name: api\r\n‸\r\npriority: 1\r\n'), { kind: 'key', path: [], prefix: '', existing: ['name', 'priority'], indent: 0, replacing: '' });
    // A tab in the indentation is an error in YAML: nothing is offered on that line.
    assert.equal(context('secrets:\n\tvari‸'), undefined);
  });

  it('at the end of a file without a newline', () => {
    assert.deepEqual(context('name: api\nrestrictions:\n  restricted: tr‸'), { kind: 'value', path: ['restrictions', 'restricted'], prefix: 'tr', indent: 2, spaceBefore: false, replacing: 'tr' });
    assert.deepEqual(context('name: api\nrestrictions:\n  ‸'), { kind: 'key', path: ['restrictions'], prefix: '', existing: [], indent: 2, replacing: '' });
    assert.deepEqual(context('‸'), { kind: 'key', path: [], prefix: '', existing: [], indent: 0, replacing: '' });
  });

  it('flow sequences (on one line or several); nothing inside a flow mapping', () => {
    assert.deepEqual(context('name: api\ntags: [a, b‸'), { kind: 'value', path: ['tags', '*'], prefix: 'b', indent: 0, spaceBefore: false, replacing: 'b' });
    assert.deepEqual(context('name: api\ntags: [‸]'), { kind: 'value', path: ['tags', '*'], prefix: '', indent: 0, spaceBefore: false, replacing: '' });
    assert.deepEqual(context('name: api\ntags: [a, "fr‸" ]'), { kind: 'value', path: ['tags', '*'], prefix: 'fr', indent: 0, spaceBefore: false, replacing: '"fr"' });
    assert.deepEqual(context('name: api\ntags: [a,\n  b‸\n'), { kind: 'value', path: ['tags', '*'], prefix: 'b', indent: 2, spaceBefore: false, replacing: 'b' });
    // A key's snippet is block YAML, and no value is offered in a flow mapping either (as before).
    assert.equal(context('name: api\nrestrictions: {restricted: ‸}'), undefined);
    assert.equal(context('name: api\nrestrictions: {restricted: true, ‸}'), undefined);
    assert.deepEqual(labels('name: api\nrestrictions: {restricted: ‸}'), []);
  });

  it('block scalars, document markers, anchors and aliases, a caret stuck to a `-`: nothing', () => {
    assert.equal(context('name: api\ndescription: |\n  some text\n  mo‸'), undefined);
    assert.equal(context('name: api\ndescription: |‸'), undefined);
    assert.equal(context('name: api\ndescription: >-\n\n  mo‸\n'), undefined);
    assert.equal(context('name: api\n---‸\n'), undefined);
    assert.equal(context('name: api\nsecretType: *ty‸'), undefined);
    assert.equal(context('name: api\ntags:\n  -‸ a\n'), undefined);
  });

  it('keys in a template\'s secret group are read from the group', () => {
    const text = 'apiVersion: v1.2\nname: t\nspec:\n  kind: Workflow\n  spec:\n    type: sequential\n    steps:\n      - kind: SecretGroup\n        spec:\n          name: g\n          secr‸\n';
    assert.deepEqual(context(text, 'northflank-template'), { kind: 'key', path: ['spec', 'spec', 'steps', '*', 'spec'], prefix: 'secr', existing: ['name'], indent: 10, replacing: 'secr' });
    assert.ok(labels(text, 'northflank-template').includes('secretType'));
  });

  it('nothing in a line longer than what is read, in flows nested too deep, far inside a long multi-line flow', () => {
    assert.equal(context(`name: x\ntags: [${Array.from({ length: 30_000 }, () => 'ab').join(', ')}, a‸]\n`), undefined);
    assert.equal(context(`name: x\nsecrets: ${'['.repeat(10_000)}a‸${']'.repeat(10_000)}\n`), undefined);
    assert.equal(context(`name: x\ntags: [\n${Array.from({ length: 20_000 }, () => '  ab,').join('\n')}\n  a‸`), undefined);
    assert.deepEqual(context(`name: x\ntags: [\n${Array.from({ length: 200 }, () => '  ab,').join('\n')}\n  a‸`), { kind: 'value', path: ['tags', '*'], prefix: 'a', indent: 2, spaceBefore: false, replacing: 'a' });
  });

  it('reads a few lines of a 5,000-variable group, wherever the caret is', () => {
    const variables = Array.from({ length: 5000 }, (_, i) => `    VAR_${i}: value-${i}`);
    const lines = ['name: big', 'secretType: environment', 'priority: 1', 'secrets:', '  variables:', ...variables.slice(0, 2500), '', ...variables.slice(2500), ''];
    const textWith = (line: number, column: number) => {
      const copy = [...lines];
      copy[line] = copy[line].slice(0, column) + CARET + copy[line].slice(column);
      return copy.join('\n');
    };
    const blank = lines.indexOf('');
    const root = context(textWith(blank, 0));
    assert.deepEqual({ ...root, existing: (root?.existing as string[]).length }, { kind: 'key', path: [], prefix: '', existing: 4, indent: 0, replacing: '' });
    const variable = context(textWith(blank + 10, 4));
    assert.deepEqual({ ...variable, existing: (variable?.existing as string[]).length }, { kind: 'key', path: ['secrets', 'variables'], prefix: '', existing: 4999, indent: 4, replacing: 'VAR_2509' });
  });
});
