/**
 * The walk sops makes over a document (core/sops/tree.ts): every scalar in file order with the keys on its path (the
 * additional data of its encryption) and its full path, and a value left in clear as sops reads it (its type and
 * bytes, which the MAC hashes).
 */
import { expect } from 'chai';
import { getProperty, type AstNode, type ObjectNode, type ScalarNode } from '../../../core/ast';
import { parseJson } from '../../../core/parse/json';
import { parseYaml } from '../../../core/parse/yaml';
import { additionalData, clearValue, pathKey, sopsLeaves } from '../../../core/sops/tree';

const ENC_A = 'ENC[AES256_GCM,data:YQ==,iv:aXZhaXZh,tag:dGFndGFn,type:str]';
const ENC_B = 'ENC[AES256_GCM,data:Yg==,iv:aXZiaXZi,tag:dGFndGFn,type:int]';

function objectRoot(root: AstNode | undefined): ObjectNode {
  if (root?.type !== 'object') throw new Error('expected a mapping');
  return root;
}

/** What a test reads of a leaf: its value, keys, path and envelope. */
const summary = (root: ObjectNode, sopsBlock?: AstNode) =>
  sopsLeaves(root, sopsBlock).map((l) => ({ value: l.node.value, keys: l.keys, path: l.path, ...(l.encrypted ? { encrypted: l.encrypted } : {}) }));

describe('SOPS tree walk', () => {
  describe('sopsLeaves', () => {
    const text = [
      `secret: ${ENC_A}`,
      'plain_unencrypted: hello',
      'nested:',
      '  "123": first in the file',
      '  "1": second',
      `  deeper: {x: 1, y: "${ENC_B}"}`,
      'list:',
      '  - a',
      '  - [b, c]',
      '  - k: v',
      'nothing:',
      'sops:',
      '  mac: ENC[AES256_GCM,data:bWFj,iv:aXY=,tag:dGFn,type:str]',
      '  lastmodified: "2024-03-25T22:08:10Z"',
      '',
    ].join('\n');
    const root = objectRoot(parseYaml(text).root);
    const sopsBlock = getProperty(root, 'sops')?.value;

    it('lists every scalar in file order with its keys and path; the sops block left out', () => {
      expect(summary(root, sopsBlock)).to.deep.equal([
        { value: ENC_A, keys: ['secret'], path: ['secret'], encrypted: { data: 'YQ==', iv: 'aXZhaXZh', tag: 'dGFndGFn', type: 'str' } },
        { value: 'hello', keys: ['plain_unencrypted'], path: ['plain_unencrypted'] },
        // Integer-like keys stay where the file has them (a JavaScript object would move them to the front).
        { value: 'first in the file', keys: ['nested', '123'], path: ['nested', '123'] },
        { value: 'second', keys: ['nested', '1'], path: ['nested', '1'] },
        { value: 1, keys: ['nested', 'deeper', 'x'], path: ['nested', 'deeper', 'x'] },
        { value: ENC_B, keys: ['nested', 'deeper', 'y'], path: ['nested', 'deeper', 'y'], encrypted: { data: 'Yg==', iv: 'aXZiaXZi', tag: 'dGFndGFn', type: 'int' } },
        // List indexes are in the path, never in the keys.
        { value: 'a', keys: ['list'], path: ['list', 0] },
        { value: 'b', keys: ['list'], path: ['list', 1, 0] },
        { value: 'c', keys: ['list'], path: ['list', 1, 1] },
        { value: 'v', keys: ['list', 'k'], path: ['list', 2, 'k'] },
        { value: null, keys: ['nothing'], path: ['nothing'] },
      ]);
    });

    it('each leaf is the scalar node itself, and a clear one has no envelope at all', () => {
      const leaves = sopsLeaves(root, sopsBlock);
      expect(leaves[0].node).to.equal(getProperty(root, 'secret')?.value);
      expect(leaves[1]).to.not.have.property('encrypted');
      expect(leaves[10]).to.not.have.property('encrypted');
    });

    it('each leaf has its own copy of its keys and path', () => {
      const leaves = sopsLeaves(root, sopsBlock);
      expect(leaves[4].keys).to.not.equal(leaves[5].keys);
      expect(leaves[4].path).to.not.equal(leaves[5].path);
      leaves[4].keys.push('changed');
      expect(leaves[5].keys).to.deep.equal(['nested', 'deeper', 'y']);
    });

    it('without the sops block given, its values are walked like any other (as encryption walks a plain file)', () => {
      const all = summary(root);
      expect(all).to.have.length(13);
      expect(all.slice(11)).to.deep.equal([
        { value: 'ENC[AES256_GCM,data:bWFj,iv:aXY=,tag:dGFn,type:str]', keys: ['sops', 'mac'], path: ['sops', 'mac'], encrypted: { data: 'bWFj', iv: 'aXY=', tag: 'dGFn', type: 'str' } },
        { value: '2024-03-25T22:08:10Z', keys: ['sops', 'lastmodified'], path: ['sops', 'lastmodified'] },
      ]);
    });

    it('leaves out only the node given, not a mapping of the same shape elsewhere', () => {
      const doc = objectRoot(parseYaml('a:\n  mac: x\nsops:\n  mac: x\n').root);
      expect(summary(doc, getProperty(doc, 'sops')?.value)).to.deep.equal([{ value: 'x', keys: ['a', 'mac'], path: ['a', 'mac'] }]);
      expect(summary(doc, getProperty(doc, 'a')?.value)).to.deep.equal([{ value: 'x', keys: ['sops', 'mac'], path: ['sops', 'mac'] }]);
    });

    it('an empty mapping or list has no leaf; a key without a value (a JSON syntax error) is passed over', () => {
      expect(summary(objectRoot(parseYaml('a: {}\nb: []\n').root))).to.deep.equal([]);
      expect(summary(objectRoot(parseYaml('{}').root))).to.deep.equal([]);
      const broken = objectRoot(parseJson('{"a": , "b": 1}').root);
      expect(broken.properties[0].value).to.equal(undefined);
      expect(summary(broken)).to.deep.equal([{ value: 1, keys: ['b'], path: ['b'] }]);
      expect(summary(broken, undefined)).to.deep.equal([{ value: 1, keys: ['b'], path: ['b'] }]);
    });

    it('a JSON document: the same walk, all-digit keys in place', () => {
      const doc = objectRoot(parseJson(`{"z": "${ENC_A}", "10": [true, null, {"k": 2.5}], "sops": {"mac": "m"}}`).root);
      expect(summary(doc, getProperty(doc, 'sops')?.value)).to.deep.equal([
        { value: ENC_A, keys: ['z'], path: ['z'], encrypted: { data: 'YQ==', iv: 'aXZhaXZh', tag: 'dGFndGFn', type: 'str' } },
        { value: true, keys: ['10'], path: ['10', 0] },
        { value: null, keys: ['10'], path: ['10', 1] },
        { value: 2.5, keys: ['10', 'k'], path: ['10', 2, 'k'] },
      ]);
    });

    it('a string that only looks like an envelope is a clear value', () => {
      const doc = objectRoot(parseYaml('a: "ENC[AES256_GCM,data:x,iv:y,tag:z,type:nope]"\nb: 7\n').root);
      const leaves = sopsLeaves(doc);
      expect(leaves).to.have.length(2);
      expect(leaves[0]).to.not.have.property('encrypted');
      expect(leaves[1]).to.not.have.property('encrypted');
    });
  });

  describe('additionalData and pathKey', () => {
    it('joins the keys with ":" and ends with ":"', () => {
      expect(additionalData(['secrets', 'variables', 'DB_PASSWORD'])).to.equal('secrets:variables:DB_PASSWORD:');
      expect(additionalData(['a'])).to.equal('a:');
      expect(additionalData(['', 'b'])).to.equal(':b:');
      expect(additionalData([])).to.equal('');
    });

    it('pathKey tells a list index from a key of the same digits', () => {
      expect(pathKey(['a', 0, 'b'])).to.equal('["a",0,"b"]');
      expect(pathKey(['a', '0', 'b'])).to.equal('["a","0","b"]');
      expect(pathKey([])).to.equal('[]');
    });
  });

  describe('clearValue: a value left in clear as sops reads it', () => {
    const yamlLeaf = (text: string, key = 'v'): { node: ScalarNode; text: string } => {
      const node = getProperty(parseYaml(text).root, key)?.value;
      if (!node || node.type === 'object' || node.type === 'array') throw new Error('expected a scalar');
      return { node, text };
    };
    const yaml = (source: string) => {
      const { node, text } = yamlLeaf(`v: ${source}\n`);
      return clearValue(node, text, 'yaml');
    };
    const json = (source: string) => {
      const text = `{"v": ${source}}`;
      const node = getProperty(parseJson(text).root, 'v')?.value;
      if (!node || node.type === 'object' || node.type === 'array') throw new Error('expected a scalar');
      return clearValue(node, text, 'json');
    };

    it('null is neither encrypted nor hashed, in YAML and JSON', () => {
      expect(yaml('~')).to.equal(undefined);
      expect(yaml('null')).to.equal(undefined);
      expect(yaml('')).to.equal(undefined);
      expect(json('null')).to.equal(undefined);
    });

    it('a YAML plain scalar is read as yaml.v3 reads it, not as our parser does', () => {
      expect(yaml('0777')).to.deep.equal({ type: 'int', text: '511' });
      expect(yaml('1_000')).to.deep.equal({ type: 'int', text: '1000' });
      expect(yaml('7')).to.deep.equal({ type: 'int', text: '7' });
      expect(yaml('1.50')).to.deep.equal({ type: 'float', text: '1.5' });
      expect(yaml('1e3')).to.deep.equal({ type: 'float', text: '1000' });
      expect(yaml('true')).to.deep.equal({ type: 'bool', text: 'True' });
      expect(yaml('yes')).to.deep.equal({ type: 'str', text: 'yes' });
      expect(yaml('hello world')).to.deep.equal({ type: 'str', text: 'hello world' });
    });

    it('quoted and block scalars are strings, whatever they read as', () => {
      expect(yaml('"0777"')).to.deep.equal({ type: 'str', text: '0777' });
      expect(yaml("'true'")).to.deep.equal({ type: 'str', text: 'true' });
      expect(yaml('"7"')).to.deep.equal({ type: 'str', text: '7' });
      expect(yaml('""')).to.deep.equal({ type: 'str', text: '' });
      expect(yaml('|\n  line one\n  line two\n')).to.deep.equal({ type: 'str', text: 'line one\nline two\n' });
      expect(yaml('>-\n  folded\n  text\n')).to.deep.equal({ type: 'str', text: 'folded text' });
      // A tagged quoted scalar: the text, as a string.
      expect(yaml('!!int "5"')).to.deep.equal({ type: 'str', text: '5' });
    });

    it('a plain scalar over several lines is its folded value, not its source (LF and CRLF)', () => {
      const lf = yamlLeaf('v: first\n  second\nw: 1\n');
      expect(clearValue(lf.node, lf.text, 'yaml')).to.deep.equal({ type: 'str', text: 'first second' });
      const numbers = yamlLeaf('v: 1\n  2\n');
      expect(clearValue(numbers.node, numbers.text, 'yaml')).to.deep.equal({ type: 'str', text: '1 2' });
      const crlf = yamlLeaf('v: first\r\n  second\r\n');
      expect(clearValue(crlf.node, crlf.text, 'yaml')).to.deep.equal({ type: 'str', text: 'first second' });
    });

    it('reads the source of the node itself, not of the text before it', () => {
      const { node, text } = yamlLeaf('a: "quoted"\nb: 0x10\nv: 010\n');
      expect(clearValue(node, text, 'yaml')).to.deep.equal({ type: 'int', text: '8' });
      const b = yamlLeaf(text, 'b');
      expect(clearValue(b.node, b.text, 'yaml')).to.deep.equal({ type: 'int', text: '16' });
    });

    it('a JSON number is an int unless written with a point or an exponent', () => {
      expect(json('7')).to.deep.equal({ type: 'int', text: '7' });
      expect(json('-7')).to.deep.equal({ type: 'int', text: '-7' });
      expect(json('7.0')).to.deep.equal({ type: 'float', text: '7' });
      expect(json('7.5')).to.deep.equal({ type: 'float', text: '7.5' });
      expect(json('1e3')).to.deep.equal({ type: 'float', text: '1000' });
      expect(json('1E3')).to.deep.equal({ type: 'float', text: '1000' });
      expect(json('2e-7')).to.deep.equal({ type: 'float', text: '0.0000002' });
    });

    it('a JSON number is read from its own source (the point of another value does not count)', () => {
      const text = '{"a": 1.5, "v": 2, "b": 3e2}';
      const node = getProperty(parseJson(text).root, 'v')?.value as ScalarNode;
      expect(clearValue(node, text, 'json')).to.deep.equal({ type: 'int', text: '2' });
    });

    it('JSON strings and booleans are themselves; a string is never read as YAML', () => {
      expect(json('"0777"')).to.deep.equal({ type: 'str', text: '0777' });
      expect(json('"true"')).to.deep.equal({ type: 'str', text: 'true' });
      expect(json('""')).to.deep.equal({ type: 'str', text: '' });
      expect(json('true')).to.deep.equal({ type: 'bool', text: 'True' });
      expect(json('false')).to.deep.equal({ type: 'bool', text: 'False' });
    });
  });
});
