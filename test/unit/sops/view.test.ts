/**
 * The masked view of an encrypted file (core/sops/view.ts): which values are encrypted and of which type, the
 * stand-ins the schema sees for them, and which diagnostics an encrypted file keeps (none on the `sops` block, only
 * a wrong type on an encrypted value, no cross-value rule when the names it compares are encrypted).
 */
import { expect } from 'chai';
import { getProperty, type AstNode, type ObjectNode, type PropertyNode, type ScalarNode } from '../../../core/ast';
import type { Diagnostic, DiagnosticCode } from '../../../core/diagnostics';
import { parseJson } from '../../../core/parse/json';
import { parseYaml } from '../../../core/parse/yaml';
import { filterEncryptedDiagnostics, sopsViewOf, validationValue, type SopsView } from '../../../core/sops/view';
import { LineIndex } from '../../../core/text';

const enc = (type: string, data = 'AAAA') => `ENC[AES256_GCM,data:${data},iv:aXZpdg==,tag:dGFndGFn,type:${type}]`;
const SOPS_BLOCK = ['sops:', `  mac: ${enc('str', 'bWFj')}`, '  lastmodified: "2024-03-25T22:08:10Z"', '  version: 3.8.1'];

function viewOf(root: AstNode | undefined): SopsView {
  const view = sopsViewOf(root);
  if (!view) throw new Error('expected a SOPS view');
  return view;
}

/** The encrypted values of a view as [text, type], in the view's order. */
const listed = (view: SopsView) => [...view.encrypted].map(([node, type]) => [node.value, type]);

describe('SOPS view of an encrypted file', () => {
  describe('sopsViewOf', () => {
    it('is undefined for no document, a plain file, a list, and a `sops` key that is not sops metadata', () => {
      expect(sopsViewOf(undefined)).to.equal(undefined);
      expect(sopsViewOf(parseYaml(`a: ${enc('str')}\n`).root)).to.equal(undefined);
      expect(sopsViewOf(parseYaml('- sops: {mac: x}\n').root)).to.equal(undefined);
      expect(sopsViewOf(parseYaml('sops: {version: 3.8.1}\n').root)).to.equal(undefined);
      expect(sopsViewOf(parseYaml('sops: x\n').root)).to.equal(undefined);
      expect(sopsViewOf(parseYaml('a:\n  sops: {mac: x}\n').root)).to.equal(undefined);
    });

    it('finds every encrypted value of the document with its type, in file order, and none of the sops block', () => {
      const text = [
        `s: ${enc('str', 'AQ==')}`,
        'plain: hello',
        'nested:',
        `  i: ${enc('int', 'Ag==')}`,
        `  f: ${enc('float', 'Aw==')}`,
        '  list:',
        `    - ${enc('bool', 'BA==')}`,
        '    - not encrypted',
        `    - [${JSON.stringify(enc('bytes', 'BQ=='))}, 7, true, null]`,
        `c: ${JSON.stringify(enc('comment', 'Bg=='))}`,
        `bad: ${JSON.stringify(enc('string', 'Bw=='))}`,
        'n: 5',
        ...SOPS_BLOCK,
        '',
      ].join('\n');
      const root = parseYaml(text).root;
      const view = viewOf(root);
      expect(view.block).to.equal(getProperty(root, 'sops'));
      expect(listed(view)).to.deep.equal([
        [enc('str', 'AQ=='), 'str'],
        [enc('int', 'Ag=='), 'int'],
        [enc('float', 'Aw=='), 'float'],
        [enc('bool', 'BA=='), 'bool'],
        [enc('bytes', 'BQ=='), 'bytes'],
        [enc('comment', 'Bg=='), 'comment'],
      ]);
      expect([...view.encrypted.keys()][0]).to.equal(getProperty(root, 's')?.value);
    });

    it('a file whose only encrypted value is the MAC has none', () => {
      const view = viewOf(parseYaml(['a: 1', ...SOPS_BLOCK, ''].join('\n')).root);
      expect(view.encrypted.size).to.equal(0);
    });

    it('a JSON file, and a key without a value (a syntax error) passed over', () => {
      const view = viewOf(parseJson(`{"a": , "b": ${JSON.stringify(enc('int'))}, "sops": {"mac": ${JSON.stringify(enc('str'))}}}`).root);
      expect(listed(view)).to.deep.equal([[enc('int'), 'int']]);
    });
  });

  describe('validationValue', () => {
    it('each encrypted value is a stand-in of its type; the sops block is gone; the rest is as written', () => {
      const text = [
        `s: ${enc('str')}`,
        `i: ${enc('int')}`,
        `f: ${enc('float')}`,
        `b: ${enc('bool')}`,
        `c: ${enc('comment')}`,
        `y: ${enc('bytes')}`,
        'plain: hello',
        'n: 5',
        't: true',
        'z: ~',
        `list: [${JSON.stringify(enc('int'))}, 2, {k: ${JSON.stringify(enc('bool'))}}]`,
        `bad: ${JSON.stringify(enc('nope'))}`,
        ...SOPS_BLOCK,
        '',
      ].join('\n');
      const root = parseYaml(text).root as ObjectNode;
      expect(validationValue(root, viewOf(root))).to.deep.equal({
        s: enc('str'), i: 0, f: 0, b: false, c: enc('comment'), y: enc('bytes'),
        plain: 'hello', n: 5, t: true, z: null,
        list: [0, 2, { k: false }],
        bad: enc('nope'),
      });
    });

    it('a key without a value is null', () => {
      const root = parseJson(`{"a": , "b": 1, "sops": {"mac": "m"}}`).root as ObjectNode;
      expect(validationValue(root, viewOf(root))).to.deep.equal({ a: null, b: 1 });
    });

    it('drops only the block of the view: another `sops` key (nested) stays', () => {
      const root = parseYaml(['inner:', '  sops: {mac: x}', ...SOPS_BLOCK, ''].join('\n')).root as ObjectNode;
      expect(validationValue(root, viewOf(root))).to.deep.equal({ inner: { sops: { mac: 'x' } } });
    });

    it('"__proto__" is a key like any other: an own property, the prototype untouched', () => {
      const root = parseYaml(['__proto__:', '  polluted: yes', 'a: 1', ...SOPS_BLOCK, ''].join('\n')).root as ObjectNode;
      const value = validationValue(root, viewOf(root)) as Record<string, unknown>;
      expect(Object.keys(value)).to.deep.equal(['__proto__', 'a']);
      expect(Object.getPrototypeOf(value)).to.equal(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).to.deep.equal({ polluted: 'yes' });
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      // Written like a plain assignment: it can be changed and deleted.
      value.a = 2;
      expect(value.a).to.equal(2);
      expect(delete value.a).to.equal(true);
    });
  });

  describe('filterEncryptedDiagnostics', () => {
    // Three encrypted values (spans), plain values between them, the block, and a key after it.
    const text = [
      `first: ${enc('str', 'AQ==')}`,
      'plain: hello',
      `second: ${enc('int', 'Ag==')}`,
      `third: ${enc('bool', 'Aw==')}`,
      'last: plain',
      ...SOPS_BLOCK,
      'after: x',
      '',
    ].join('\n');
    const root = parseYaml(text).root as ObjectNode;
    const view = viewOf(root);
    const lines = new LineIndex(text);
    const at = (offset: number, code: DiagnosticCode = 'invalid-value'): Diagnostic => ({
      range: { start: lines.positionAt(offset), end: lines.positionAt(offset + 1) },
      severity: 'error',
      code,
      message: `${code} at ${offset}`,
    });
    const spanOf = (key: string): [number, number] => {
      const node = getProperty(root, key)?.value as ScalarNode;
      return [node.offset, node.offset + node.length];
    };
    const kept = (diagnostics: Diagnostic[], v: SopsView = view, kind = 'northflank-secret') =>
      filterEncryptedDiagnostics(diagnostics, v, lines, kind).map((d) => d.message);

    it('drops a diagnostic from the first to the last character of an encrypted value, both ends included', () => {
      for (const key of ['first', 'second', 'third']) {
        const [start, end] = spanOf(key);
        const mid = (start + end) >> 1;
        expect(kept([at(start - 1), at(start), at(mid), at(end), at(end + 1)]), key).to.deep.equal([
          `invalid-value at ${start - 1}`, `invalid-value at ${end + 1}`,
        ]);
      }
    });

    it('keeps everything off the encrypted values and off the block', () => {
      const plain = spanOf('plain');
      const last = spanOf('last');
      const diagnostics = [at(0), at(plain[0]), at(plain[1]), at(last[0]), at(text.length)];
      expect(kept(diagnostics)).to.deep.equal(diagnostics.map((d) => d.message));
      expect(kept([])).to.deep.equal([]);
    });

    it('keeps a wrong type on an encrypted value (its type: is known)', () => {
      const [start, end] = spanOf('second');
      expect(kept([at(start, 'invalid-type'), at(end, 'invalid-type'), at(start, 'invalid-value'), at(start, 'string-too-short')])).to.deep.equal([
        `invalid-type at ${start}`, `invalid-type at ${end}`,
      ]);
    });

    it('drops every diagnostic on the sops block, from its key to the end of its value, a wrong type too', () => {
      const block = view.block;
      const start = block.keyOffset;
      const end = (block.value as AstNode).offset + (block.value as AstNode).length;
      const after = spanOf('after')[0];
      expect(end).to.be.lessThan(after - 1);
      expect(kept([at(start - 1), at(start), at(start + 10), at(end, 'invalid-type'), at(end), at(end + 1, 'unknown-property'), at(after, 'unknown-property')])).to.deep.equal([
        `invalid-value at ${start - 1}`, `unknown-property at ${end + 1}`, `unknown-property at ${after}`,
      ]);
    });

    it('a block without a value ends with its key', () => {
      const json = '{"sops": , "a": 1}';
      const jsonRoot = parseJson(json).root as ObjectNode;
      const block = getProperty(jsonRoot, 'sops') as PropertyNode;
      expect(block.value).to.equal(undefined);
      const jsonLines = new LineIndex(json);
      const d = (offset: number): Diagnostic => ({ range: { start: jsonLines.positionAt(offset), end: jsonLines.positionAt(offset) }, severity: 'error', code: 'json-syntax', message: String(offset) });
      const end = block.keyOffset + block.keyLength;
      const out = filterEncryptedDiagnostics([d(block.keyOffset - 1), d(block.keyOffset), d(end), d(end + 1)], { block, encrypted: new Map() }, jsonLines, 'qovery-secrets');
      expect(out.map((x) => x.message)).to.deep.equal([String(block.keyOffset - 1), String(end + 1)]);
    });

    it('finds the values of a view listed in any order', () => {
      const reversed: SopsView = { block: view.block, encrypted: new Map([...view.encrypted].reverse()) };
      const offsets = ['first', 'plain', 'second', 'third', 'last'].flatMap((k) => {
        const [start, end] = spanOf(k);
        return [start - 1, start, end, end + 1];
      });
      expect(kept(offsets.map((o) => at(o)), reversed)).to.deep.equal(kept(offsets.map((o) => at(o))));
      // 20 offsets: the two ends of each encrypted value dropped, and the one just after `last`, the block's key.
      expect(kept(offsets.map((o) => at(o)), reversed)).to.have.length(13);
    });

    describe('cross-value rules answer unknown when the names they compare are encrypted', () => {
      const qoveryCodes: DiagnosticCode[] = ['qovery-unknown-target', 'qovery-target-scope', 'qovery-alias-of-alias', 'qovery-override-same-scope'];
      const northflankCodes: DiagnosticCode[] = ['nf-unknown-template-variable', 'nf-alias-collision'];
      const others: DiagnosticCode[] = ['qovery-duplicate-key', 'nf-duplicate-key-name', 'invalid-value'];
      const all = [...qoveryCodes, ...northflankCodes, ...others];

      /** The codes kept at the offset of a plain value, for a file with these lines before its sops block. */
      const keptCodes = (body: string[], kind: string): string[] => {
        const t = [...body, 'plain: x', ...SOPS_BLOCK, ''].join('\n');
        const r = parseYaml(t).root as ObjectNode;
        const li = new LineIndex(t);
        const offset = (getProperty(r, 'plain')?.value as ScalarNode).offset;
        const ds = all.map((code): Diagnostic => ({ range: { start: li.positionAt(offset), end: li.positionAt(offset + 1) }, severity: 'warning', code, message: code }));
        return filterEncryptedDiagnostics(ds, viewOf(r), li, kind).map((d) => d.code);
      };
      const without = (codes: DiagnosticCode[]) => all.filter((c) => !codes.includes(c));

      it('qovery-secrets: an encrypted `key` drops its four codes, and only those', () => {
        expect(keptCodes([`key: ${enc('str')}`], 'qovery-secrets')).to.deep.equal(without(qoveryCodes));
        expect(keptCodes(['secrets:', `  - key: ${enc('str')}`, '    value: v'], 'qovery-secrets')).to.deep.equal(without(qoveryCodes));
      });

      for (const name of ['keyName', 'addonId']) {
        it(`northflank-secret: an encrypted \`${name}\` drops its two codes, and only those`, () => {
          expect(keptCodes([`${name}: ${enc('str')}`], 'northflank-secret')).to.deep.equal(without(northflankCodes));
        });
      }

      it('northflank-secret: an encrypted alias, an item of the `aliases` list', () => {
        expect(keptCodes(['aliases:', '  - plain', `  - ${enc('str')}`], 'northflank-secret')).to.deep.equal(without(northflankCodes));
        expect(keptCodes([`aliases: ${enc('str')}`], 'northflank-secret')).to.deep.equal(without(northflankCodes));
      });

      it('each kind looks at its own names only', () => {
        expect(keptCodes([`keyName: ${enc('str')}`, `addonId: ${enc('str')}`, `aliases: [${JSON.stringify(enc('str'))}]`], 'qovery-secrets')).to.deep.equal(all);
        expect(keptCodes([`key: ${enc('str')}`], 'northflank-secret')).to.deep.equal(all);
        expect(keptCodes([`key: ${enc('str')}`, `keyName: ${enc('str')}`], 'northflank-template')).to.deep.equal(all);
        expect(keptCodes([`key: ${enc('str')}`, `keyName: ${enc('str')}`], 'northflank-link')).to.deep.equal(all);
      });

      it('names in clear, or an encrypted value under another key, drop nothing', () => {
        expect(keptCodes(['key: A', `value: ${enc('str')}`], 'qovery-secrets')).to.deep.equal(all);
        expect(keptCodes(['keyName: A', 'aliases: [B]', `value: ${enc('str')}`], 'northflank-secret')).to.deep.equal(all);
        expect(keptCodes([], 'qovery-secrets')).to.deep.equal(all);
      });

      it('the key of the value itself counts, not of the mapping or list it is in', () => {
        // A value under `x` inside `key`: its key is `x`.
        expect(keptCodes(['key:', `  x: ${enc('str')}`], 'qovery-secrets')).to.deep.equal(all);
        expect(keptCodes(['keyName:', `  x: ${enc('str')}`], 'northflank-secret')).to.deep.equal(all);
        // An item of a list inside `aliases`: its list has no key.
        expect(keptCodes(['aliases:', `  - [${JSON.stringify(enc('str'))}]`], 'northflank-secret')).to.deep.equal(all);
      });
    });
  });
});
