import { expect } from 'chai';
import { isPlaceholder, PLACEHOLDER } from '../../../core/rules/placeholders';
import { templateReferences, TEMPLATE_REFERENCE } from '../../../core/rules/templates';
import { rules, yaml } from './run';

/** Repeated list items (errors where the schema wants them unique, warnings elsewhere), placeholders, `${NAME}` references. */
const HEAD = ['name: g', 'secretType: environment', 'priority: 1'];
const REPEATED = (at: string, list: string, item: number, first: number) => `${at} repeated-item [warning] Item ${item} of "${list}" is the same as item ${first}: the platform keeps both, but one of them is surely a mistake.`;
const DUPLICATE = (at: string, list: string, item: number, first: number) => `${at} duplicate-item [error] Item ${item} of "${list}" is the same as item ${first}; each item must be unique.`;
const PLACEHOLDER_AT = (at: string, what: string) => `${at} placeholder-value [error] ${what} is still the placeholder REPLACE_ME: put the real value in (pushing it would replace the secret with this word).`;
const only = (code: string, list: string[]) => list.filter((d) => d.includes(` ${code} `));

describe('rules: repeated items', () => {
  it('top-level tags (repeats accepted): a warning for each repeat, against the first of its value and type', () => {
    expect(only('repeated-item', rules('northflank-secret', yaml(...HEAD, 'tags: [a, b, a, "a", 1, "1", a, true, "true", true, null, ~, b]')))).to.deep.equal([
      REPEATED('4:13-4:14', 'tags', 3, 1),
      REPEATED('4:16-4:19', 'tags', 4, 1),
      REPEATED('4:29-4:30', 'tags', 7, 1),
      REPEATED('4:46-4:50', 'tags', 10, 8),
      REPEATED('4:58-4:59', 'tags', 12, 11),
      REPEATED('4:61-4:62', 'tags', 13, 2),
    ]);
  });

  it('restrictions (uniqueItems): an error for each repeat; mappings equal whatever the order of their keys, pointed at by their first key', () => {
    expect(rules('northflank-secret', yaml(...HEAD, 'restrictions:', '  tags: [x, y, x, x]', '  nfObjects:',
      '    - {id: a, type: service}', '    - {type: service, id: a}', '    - {id: a, type: job}', '    - [1]', '    - [1]', '    - {}', '    - {}',
      '    - id: b', '      type: service', '    - id: b', '      type: service'))).to.deep.equal([
      DUPLICATE('5:15-5:16', 'tags', 3, 1),
      DUPLICATE('5:18-5:19', 'tags', 4, 1),
      DUPLICATE('8:7-8:11', 'nfObjects', 2, 1),
      DUPLICATE('11:6-11:9', 'nfObjects', 5, 4),
      DUPLICATE('13:6-13:8', 'nfObjects', 7, 6),
      DUPLICATE('16:6-16:8', 'nfObjects', 9, 8),
    ]);
  });

  it('lists of collections in a unique list are compared whole; nested ones too', () => {
    expect(only('duplicate-item', rules('northflank-secret', yaml(...HEAD, 'restrictions:', '  tags: [[1], [1], [1, 2], {a: 1, b: [2]}, {b: [2], a: 1}, {b: [3], a: 1}]')))).to.deep.equal([
      DUPLICATE('5:14-5:17', 'tags', 2, 1),
      DUPLICATE('5:44-5:45', 'tags', 5, 4),
    ]);
  });

  it('not reported: aliases (a rule of their own), lists the schema does not know, lists of mappings without uniqueItems, other kinds\' lists of mappings', () => {
    expect(rules('northflank-secret', yaml(...HEAD, 'unknown: [a, a]', 'externalAddonDependencies: [{addonId: e, keys: [{keyName: K}, {keyName: L}]}, {addonId: f}]'))).to.deep.equal([]);
    expect(only('repeated-item', rules('northflank-link', yaml('keys:', '  - keyName: A', '    aliases: [X, X]')))).to.deep.equal([]);
    expect(only('repeated-item', rules('qovery-secrets', yaml('secrets:', '  - {key: A}', '  - {key: A}')))).to.deep.equal([]);
    expect(rules('northflank-secret', yaml(...HEAD, 'tags: {a: [b, b]}'))).to.deep.equal([]);
    expect(rules('northflank-secret', yaml('- [a, a]'))).to.deep.equal([]);
  });
});

describe('rules: placeholders', () => {
  it('the placeholder is REPLACE_ME, surrounding white space ignored, case kept; only strings', () => {
    expect(PLACEHOLDER).to.equal('REPLACE_ME');
    expect([' REPLACE_ME\n', 'REPLACE_ME', 'replace_me', 'REPLACE_ME!', '', undefined, 5].map(isPlaceholder)).to.deep.equal([true, true, false, false, false, false, false]);
  });

  it('Northflank: variables, file and mount data; not other values', () => {
    expect(rules('northflank-secret', yaml(...HEAD, 'description: REPLACE_ME', 'secrets:', '  variables:', '    A: REPLACE_ME', '    B: " REPLACE_ME "', '    C: replace_me', '    D: [REPLACE_ME]', '    E:',
      '  files:', '    /f:', '      data: REPLACE_ME', '    /g: REPLACE_ME', '    /h:', '      data: [REPLACE_ME]', '  dockerSecretMounts:', '    m:', '      data: "REPLACE_ME\\n"'))).to.deep.equal([
      PLACEHOLDER_AT('7:7-7:17', 'The value of A'),
      PLACEHOLDER_AT('8:7-8:21', 'The value of B'),
      PLACEHOLDER_AT('14:12-14:22', 'The data of /f'),
      PLACEHOLDER_AT('20:12-20:26', 'The data of m'),
    ]);
    // A link file has no values: what looks like a group's or a Qovery file's is not read as one.
    expect(only('placeholder-value', rules('northflank-link', yaml('keys:', '  - keyName: REPLACE_ME', 'secrets:', '  variables: {A: REPLACE_ME}')))).to.deep.equal([]);
    expect(only('placeholder-value', rules('northflank-link', yaml('secrets:', '  - {key: A, value: REPLACE_ME}')))).to.deep.equal([]);
    expect(only('placeholder-value', rules('qovery-secrets', yaml('secrets:', '  variables: {A: REPLACE_ME}')))).to.deep.equal([]);
  });

  it('Qovery: secret and override values, named by their key or target, else "this secret"', () => {
    expect(only('placeholder-value', rules('qovery-secrets', yaml('secrets:', '  - key: A', '    value: REPLACE_ME', '  - value: REPLACE_ME', '  - key: B', '    value: 5',
      'overrides:', '  - target: Q', '    value: REPLACE_ME', '  - value: REPLACE_ME', '  - key: K', '    value: REPLACE_ME',
      'aliases:', '  - {key: L, target: REPLACE_ME}')))).to.deep.equal([
      PLACEHOLDER_AT('3:11-3:21', 'The value of A'),
      PLACEHOLDER_AT('4:11-4:21', 'The value of this secret'),
      PLACEHOLDER_AT('9:11-9:21', 'The value of Q'),
      PLACEHOLDER_AT('10:11-10:21', 'The value of this secret'),
      PLACEHOLDER_AT('12:11-12:21', 'The value of this secret'),
    ]);
    expect(rules('qovery-secrets', yaml('- value: REPLACE_ME'))).to.deep.equal([]);
  });
});

describe('rules: ${NAME} references', () => {
  it('names of letters, digits, _ . / -; where each starts and how long it is', () => {
    expect(templateReferences('a ${A_1} ${b.c/d-e} ${} ${x y} ${env:X} $B ${Z}')).to.deep.equal([
      { name: 'A_1', index: 2, length: 6 },
      { name: 'b.c/d-e', index: 9, length: 10 },
      { name: 'Z', index: 43, length: 4 },
    ]);
    expect(templateReferences('')).to.deep.equal([]);
    expect(TEMPLATE_REFERENCE.flags).to.equal('g');
  });

  it('inside a template, the expressions of its roots are no references; a root without a dot, or a longer word, is one', () => {
    const text = '${args.a} ${refs.b.c} ${fn.x} ${secrets.s} ${template.t} ${args} ${argsx.y} ${X.args.y} ${ARGS.a}';
    expect(templateReferences(text, true).map((r) => r.name)).to.deep.equal(['args', 'argsx.y', 'X.args.y', 'ARGS.a']);
    expect(templateReferences(text).map((r) => r.name)).to.deep.equal(['args.a', 'refs.b.c', 'fn.x', 'secrets.s', 'template.t', 'args', 'argsx.y', 'X.args.y', 'ARGS.a']);
  });
});
