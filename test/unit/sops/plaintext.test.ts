import { expect } from 'chai';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { decryptSops, encryptSops, renderValue, type TypedValue } from '../../../core/sops';
import { j, y } from './sources';

/**
 * The plaintext a decrypted file shows ("Edit decrypted", `decrypt --stdout`), from core/sops/index.ts: each value
 * rendered as a scalar of the file's syntax that reads back as the same type and text, and the `sops` block cut out
 * wherever it is (first, between values, last with or without a final line break; the JSON comma before or after).
 */

const str = (text: string): TypedValue => ({ type: 'str', text });

describe('SOPS plaintext: a decrypted value as a scalar', () => {
  it('int: its digits, in both syntaxes', () => {
    expect(renderValue({ type: 'int', text: '7' }, 'yaml')).to.equal('7');
    expect(renderValue({ type: 'int', text: '-12' }, 'json')).to.equal('-12');
  });

  it('float: a whole number gets ".0" (it stays a float); other digits as they are', () => {
    expect(renderValue({ type: 'float', text: '3' }, 'yaml')).to.equal('3.0');
    expect(renderValue({ type: 'float', text: '10' }, 'json')).to.equal('10.0');
    expect(renderValue({ type: 'float', text: '-3' }, 'yaml')).to.equal('-3.0');
    expect(renderValue({ type: 'float', text: '0' }, 'yaml')).to.equal('0.0');
    expect(renderValue({ type: 'float', text: '3.5' }, 'yaml')).to.equal('3.5');
    expect(renderValue({ type: 'float', text: '-0.25' }, 'json')).to.equal('-0.25');
    expect(renderValue({ type: 'float', text: '1000000000000000000000' }, 'yaml')).to.equal('1000000000000000000000.0');
  });

  it('float: infinities and NaN as YAML writes them; JSON has no such number and keeps the text', () => {
    expect(renderValue({ type: 'float', text: '+Inf' }, 'yaml')).to.equal('.inf');
    expect(renderValue({ type: 'float', text: '-Inf' }, 'yaml')).to.equal('-.inf');
    expect(renderValue({ type: 'float', text: 'NaN' }, 'yaml')).to.equal('.nan');
    expect(renderValue({ type: 'float', text: '+Inf' }, 'json')).to.equal('+Inf');
    expect(renderValue({ type: 'float', text: 'NaN' }, 'json')).to.equal('NaN');
  });

  it('bool: true or false', () => {
    expect(renderValue({ type: 'bool', text: 'True' }, 'yaml')).to.equal('true');
    expect(renderValue({ type: 'bool', text: 'False' }, 'yaml')).to.equal('false');
    expect(renderValue({ type: 'bool', text: 'True' }, 'json')).to.equal('true');
    expect(renderValue({ type: 'bool', text: 'False' }, 'json')).to.equal('false');
  });

  it('str in JSON: always a JSON string', () => {
    expect(renderValue(str('app'), 'json')).to.equal('"app"');
    expect(renderValue(str('say "hi"\n'), 'json')).to.equal('"say \\"hi\\"\\n"');
    expect(renderValue(str(''), 'json')).to.equal('""');
  });

  it('str in a YAML block: plain when it reads back as the same string, quoted otherwise', () => {
    const plain = ['app', 'hello world', '_x', '/etc/app/config.json', 'http://x.y/z?a=b&c=%20', '${env:DB}/cb', 'a:b', 'user@host', 'yesterday', 'no way', 'nullable', 'b64+/=='];
    for (const text of plain) expect(renderValue(str(text), 'yaml'), text).to.equal(text);
    const quoted = ['a: b', 'key:', 'true', 'False', 'Yes', 'no', 'ON', 'off', 'y', 'N', 'null', 'NULL', '~', '', '123', '1.5', '-x', ' lead', 'trail ', 'a  b', 'a #b', 'line\nbreak', '[x]', '{x}', '*ref', '&anchor', '!tag', "'q'", '"q"', 'a,b'];
    for (const text of quoted) expect(renderValue(str(text), 'yaml'), text).to.equal(JSON.stringify(text));
  });

  it('str in a YAML flow collection: fewer characters are plain (no $, braces, colons, commas)', () => {
    for (const text of ['b c', 'a=b', '/path', 'x.y-z_1', 'user@host']) expect(renderValue(str(text), 'yaml', true), text).to.equal(text);
    for (const text of ['${env:X}', 'a:b', 'a,b', '{x}', 'a: b', 'true', 'x?']) expect(renderValue(str(text), 'yaml', true), text).to.equal(JSON.stringify(text));
    // The flag means nothing in JSON.
    expect(renderValue(str('b c'), 'json', true)).to.equal('"b c"');
  });

  it('a comment or bytes value: the string rules', () => {
    expect(renderValue({ type: 'comment', text: 'note' }, 'yaml')).to.equal('note');
    expect(renderValue({ type: 'bytes', text: 'a: b' }, 'yaml')).to.equal('"a: b"');
  });
});

describe('SOPS plaintext: the decrypted file without its sops block', () => {
  let identity: string;
  let recipient: string;
  before(async () => {
    identity = await generateIdentity();
    recipient = await identityToRecipient(identity);
  });

  it('YAML: the block cut whether it is first, between values, or last without a final line break', async () => {
    const encrypted = await encryptSops(y('a: x\nb: 2\n'), { recipients: [recipient] });
    const block = /sops:\n[\s\S]*$/.exec(encrypted)?.[0] as string;
    const [a, b] = [...encrypted.matchAll(/^[ab]: ENC\[[^\]]+\]\n/gm)].map((m) => m[0]);
    const text = async (file: string) => (await decryptSops(y(file), [identity])).text;
    expect(await text(`${a}${b}${block}`)).to.equal('a: x\nb: 2\n');
    expect(await text(`${block}${a}${b}`)).to.equal('a: x\nb: 2\n');
    expect(await text(`${a}${block}${b}`)).to.equal('a: x\nb: 2\n');
    expect(await text(`${a}${b}${block.replace(/\n$/, '')}`)).to.equal('a: x\nb: 2\n');
    expect(await text(`${a}${b}${block}# after\n`)).to.equal('a: x\nb: 2\n# after\n');
  });

  it('values left in clear stay as written; only decrypted ones are rendered', async () => {
    const text = "a: x\nnote_unencrypted: 'single'\nflag_unencrypted: yes\nblock_unencrypted: |\n  kept\nratio_unencrypted: 1.50\n";
    const encrypted = await encryptSops(y(text), { recipients: [recipient] });
    expect((await decryptSops(y(encrypted), [identity])).text).to.equal(text);
    const json = '{"a": "x", "n_unencrypted": 1.50, "s_unencrypted": "\\u0041"}';
    expect((await decryptSops(j(await encryptSops(j(json), { recipients: [recipient] })), [identity])).text).to.equal(json);
  });

  it('YAML: values in a flow collection rendered for it, the others for a block', async () => {
    const encrypted = await encryptSops(y('ref: ${env:X}\nlist: ["${env:X}", b c, "1"]\nmap: {k: "a: b"}\n'), { recipients: [recipient] });
    expect((await decryptSops(y(encrypted), [identity])).text).to.equal('ref: ${env:X}\nlist: ["${env:X}", b c, "1"]\nmap: {k: "a: b"}\n');
  });

  it('JSON: the comma before the block (last, between), or the one after it (first), with its spaces', async () => {
    const encrypted = await encryptSops(j('{"a": "x", "b": 2}'), { recipients: [recipient] });
    const value = JSON.parse(encrypted) as { a: string; b: string; sops: unknown };
    const text = async (file: string) => (await decryptSops(j(file), [identity])).text;
    const sops = JSON.stringify(value.sops);
    expect(await text(`{"a": "${value.a}", "b": "${value.b}", "sops": ${sops}}`)).to.equal('{"a": "x", "b": 2}');
    expect(await text(`{"a": "${value.a}" ,\t"sops": ${sops} , "b": "${value.b}"}`)).to.equal('{"a": "x"  , "b": 2}');
    expect(await text(`{"sops": ${sops},  \t"a": "${value.a}", "b": "${value.b}"}`)).to.equal('{"a": "x", "b": 2}');
    expect(await text(`{ "sops": ${sops} \n, "a": "${value.a}", "b": "${value.b}"}`)).to.equal('{ "a": "x", "b": 2}');
    expect(await text(`{\n  "sops": ${sops},\n  "a": "${value.a}",\n  "b": "${value.b}"\n}`)).to.equal('{\n  \n  "a": "x",\n  "b": 2\n}');
  });
});
