import { expect } from 'chai';
import { rules, yaml } from './run';

/**
 * YAML 1.1 typing in Northflank YAML files: which scalars are reported, where, and in which words (a secret's text is
 * never repeated in a message).
 */
const HEAD = ['name: g', 'secretType: environment', 'priority: 1'];
const PUBLIC = (source: string, what: string, stored: string, line = 4, column = 13) =>
  `${line}:${column}-${line}:${column + source.length} yaml-implicit-type [warning] Northflank's CLI reads YAML 1.1: unquoted, ${source} is ${what}, so "${stored}" is stored. Quote it to keep it as written.`;
const SECRET = (at: string, what: string, empty = false) =>
  `${at} yaml-implicit-type [warning] Northflank's CLI reads YAML 1.1: unquoted, this value is ${what}, so ${empty ? 'an empty value is stored' : 'Northflank stores another text than the one written'}. Quote it to keep it as written.`;
const KEY = (at: string, source: string, what: string, stored: string) =>
  `${at} yaml-implicit-type [warning] Northflank's CLI reads YAML 1.1: the unquoted key ${source} is ${what}, so the key sent is "${stored}". Quote it ("${source}") to keep it as written.`;

describe('rules: YAML 1.1 typing', () => {
  it('names each kind of scalar YAML 1.1 turns into something else, and what is stored', () => {
    const cases: [string, string, string][] = [
      ['+0b1', 'a binary number', '1'],
      ['-0b1', 'a binary number', '-1'],
      ['0b1_0', 'a binary number', '2'],
      ['-0x1F', 'a hexadecimal number', '-31'],
      ['0x_1F', 'a hexadecimal number', '31'],
      ['0x0b', 'a hexadecimal number', '11'],
      ['1:30', 'a base-60 number', '90'],
      ['190:20:30', 'a base-60 number', '685230'],
      ['010', 'an octal number (a leading 0)', '8'],
      ['+010', 'an octal number (a leading 0)', '8'],
      ['0_7', 'an octal number (a leading 0)', '7'],
      ['1_000', 'a number (underscores are dropped)', '1000'],
      ['-1_0', 'a number (underscores are dropped)', '-10'],
      ['1_0.5', 'a number (underscores are dropped)', '10.5'],
      ['.inf', 'an infinite or not-a-number float (sent as null)', ''],
      ['-.Inf', 'an infinite or not-a-number float (sent as null)', ''],
      ['+.inf', 'an infinite or not-a-number float (sent as null)', ''],
      ['.NaN', 'an infinite or not-a-number float (sent as null)', ''],
      ['1e3', 'a number', '1000'],
      ['1.0', 'a number', '1'],
      ['True', 'the boolean true', 'true'],
      ['FALSE', 'the boolean false', 'false'],
      ['2001-12-14', 'a date (sent as a timestamp with a time and a time zone)', '2001-12-14T00:00:00.000Z'],
      ['Null', 'null (nothing)', ''],
      ['~', 'null (nothing)', ''],
    ];
    for (const [source, what, stored] of cases) {
      expect(rules('northflank-secret', yaml(...HEAD, `description: ${source}`)), source).to.deep.equal([PUBLIC(source, what, stored)]);
    }
  });

  it('leaves alone what is stored as written: plain text, numbers written as stored, quoted, block and tagged scalars', () => {
    for (const source of ['yes', 'off', 'No', '0o7', '08', '0.5', '12', '-3', 'true', 'false', 'text', "'010'", '"010"', '!!str 010', '!!str True', '!!str ~']) {
      expect(rules('northflank-secret', yaml(...HEAD, `description: ${source}`)), source).to.deep.equal([]);
    }
    expect(rules('northflank-secret', yaml(...HEAD, 'description: |', '  010'))).to.deep.equal([]);
    expect(rules('northflank-secret', yaml(...HEAD, 'secrets:', '  variables:', '    EMPTY:', '    QUOTED: "010"'))).to.deep.equal([]);
  });

  it('a secret value is reported without its text: a variable, file data, anything outside the known fields', () => {
    expect(rules('northflank-secret', yaml(...HEAD, 'secrets:', '  variables:', '    A: ~', '    B: True', '    C: 010'))).to.deep.equal([
      SECRET('6:7-6:8', 'null (nothing)', true),
      SECRET('7:7-7:11', 'the boolean true'),
      SECRET('8:7-8:10', 'an octal number (a leading 0)'),
    ]);
    expect(rules('northflank-secret', yaml(...HEAD, 'foo: 010', 'tags: [010]', 'secrets:', '  files:', '    /f:', '      data: .inf', '      encoding: 010'))).to.deep.equal([
      SECRET('4:5-4:8', 'an octal number (a leading 0)'),
      PUBLIC('010', 'an octal number (a leading 0)', '8', 5, 7),
      SECRET('9:12-9:16', 'an infinite or not-a-number float (sent as null)', true),
      PUBLIC('010', 'an octal number (a leading 0)', '8', 10, 16),
    ]);
  });

  it('a document that is a list or a scalar: its items are no known field, the scalar is', () => {
    expect(rules('northflank-secret', yaml('- 010', '- foo: 010'))).to.deep.equal([
      SECRET('1:2-1:5', 'an octal number (a leading 0)'),
      SECRET('2:7-2:10', 'an octal number (a leading 0)'),
    ]);
    expect(rules('northflank-secret', yaml('010'))).to.deep.equal(['1:0-1:3 yaml-implicit-type [warning] Northflank\'s CLI reads YAML 1.1: unquoted, 010 is an octal number (a leading 0), so "8" is stored. Quote it to keep it as written.']);
  });

  it('keys: unquoted ones that YAML 1.1 turns into another key; quoted and tagged keys are sent as written', () => {
    expect(rules('northflank-secret', yaml(...HEAD, 'True: 1', 'secrets:', '  variables:', '    010: x', '    "011": x', "    'on': x", '    yes: x', '    !!str 012: x', '    ? 013', '    : y'))).to.deep.equal([
      KEY('4:0-4:4', 'True', 'the boolean true', 'true'),
      KEY('7:4-7:7', '010', 'an octal number (a leading 0)', '8'),
      KEY('12:6-12:9', '013', 'an octal number (a leading 0)', '11'),
    ]);
  });

  it('a scalar shown again by an alias or a merge is reported once, where it is written', () => {
    expect(rules('northflank-secret', yaml(...HEAD, 'x: &a 010', 'y: *a', 'z: *a', 'secrets:', '  variables:', '    <<: {A: 010}'))).to.deep.equal([
      SECRET('4:6-4:9', 'an octal number (a leading 0)'),
      SECRET('9:12-9:15', 'an octal number (a leading 0)'),
    ]);
    expect(rules('northflank-secret', yaml(...HEAD, 'k: &k', '  010: a', 'j: *k'))).to.deep.equal([KEY('5:2-5:5', '010', 'an octal number (a leading 0)', '8')]);
  });

  it('an empty key (`: 010`) is not reported: only its value is', () => {
    // mutant: `p.keyLength === 0 || !mayBeTyped(…)` → `false`: the empty key was reported ("the unquoted key  is null
    // (nothing), so the key sent is \"null\"").
    expect(rules('northflank-secret', yaml(...HEAD, 'secrets:', '  variables:', '    : 010'))).to.deep.equal([
      SECRET('6:6-6:9', 'an octal number (a leading 0)'),
    ]);
  });

  it('an empty value does not hide the scalar written at its offset, in a file with aliases', () => {
    // The empty value of `a` (no colon in its pair) once stood at the next colon of the text, the offset of 010: with
    // the mutant `node.length === 0` → `false` it was remembered as reported and hid 010 (rules.survivors.test.ts).
    expect(rules('northflank-secret', yaml(...HEAD, 'x: &a 1', 'y: *a', 'description: {a, "c":010}'))).to.deep.equal([
      PUBLIC('010', 'an octal number (a leading 0)', '8', 6, 21),
    ]);
  });

  it('a key written on two lines whose stored text is the one written (folded) is not reported', () => {
    // mutant: `if (stored !== undefined) ctx.report(…)` → `if (true)`: "the key sent is \"undefined\"".
    expect(rules('northflank-secret', yaml(...HEAD, 'secrets:', '  variables:', '    ? 1a', '      2b', '    : x'))).to.deep.equal([]);
  });

  it('applies to Northflank YAML files only: link files too; not JSON, not Qovery files', () => {
    expect(rules('northflank-link', yaml('keys:', '  - keyName: 010', '    aliases: [True]'))).to.deep.equal([
      '2:13-2:16 yaml-implicit-type [warning] Northflank\'s CLI reads YAML 1.1: unquoted, 010 is an octal number (a leading 0), so "8" is stored. Quote it to keep it as written.',
      '3:14-3:18 yaml-implicit-type [warning] Northflank\'s CLI reads YAML 1.1: unquoted, True is the boolean true, so "true" is stored. Quote it to keep it as written.',
    ]);
    expect(rules('qovery-secrets', yaml('secrets:', '  - key: A', '    value: 010'))).to.deep.equal([]);
    expect(rules('g.northflank-secret.json', '{"name": "g", "secretType": "environment", "priority": 1, "description": "010", "stageId": 010}')).to.deep.equal([]);
  });
});
