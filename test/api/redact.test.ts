/**
 * The masking function (api/redact.ts) and the cleaning of server text (api/serverText.ts), on their own: every
 * encoding a server may quote a value in, fragments, short values, and terminal control sequences.
 */
import * as assert from 'node:assert/strict';
import { encodings, FRAGMENT_LENGTH, MASK, MIN_MASKED_LENGTH, redact, SecretSet } from '../../api/redact';
import { cutText, MAX_SHOWN_CHARS, showServerText, stripControls } from '../../api/serverText';
import { Redactor } from '../../client/src/logic/redactor';

/** A value with a quote, a backslash, a newline, a slash, spaces and non-ASCII: each encoding differs from it. */
const VALUE = 'pa"ss\\word/with\nnewline and spaces: é€ ✓ 12345';
const TOKEN = 'nf_tok_9f8e7d6c5b4a3210fedcba';

/** Every shape a hostile server was seen to quote a value in. */
function shapes(value: string): Record<string, string> {
  const bytes = Buffer.from(value);
  return {
    raw: value,
    json: JSON.stringify(value).slice(1, -1),
    'json, \\u escapes': JSON.stringify(value).slice(1, -1).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    'json, \\/': JSON.stringify(value).slice(1, -1).replace(/\//g, '\\/'),
    'json twice': JSON.stringify(JSON.stringify(value)).slice(3, -3),
    base64: bytes.toString('base64'),
    'base64, no padding': bytes.toString('base64').replace(/=+$/, ''),
    base64url: bytes.toString('base64url'),
    'url (component)': encodeURIComponent(value),
    'url (lower-case hex)': encodeURIComponent(value).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    'url (form)': new URLSearchParams({ v: value }).toString().slice(2),
    'url (URI)': encodeURI(value),
  };
}

describe('redact: every encoding of every secret', () => {
  for (const [name, shape] of Object.entries(shapes(VALUE))) {
    it(`masks the value ${name}`, () => {
      const text = `Invalid value <${shape}> for field`;
      const out = redact(text, [VALUE]);
      assert.equal(out, `Invalid value <${MASK}> for field`, out);
    });
  }

  it('masks base64 of a value at each of the three byte offsets inside a longer encoded text', () => {
    const suffix = '","other":"x"}';
    for (const prefix of ['', 'a', 'ab', 'abc', '{"value":"']) {
      const encoded = Buffer.from(`${prefix}${VALUE}${suffix}`).toString('base64');
      const out = redact(`body was ${encoded}`, [VALUE]);
      // Only the characters that encode the bytes around the value (and the two that straddle its edges) stay.
      const visible = out.slice('body was '.length).split(MASK).join('');
      const around = Math.ceil((Buffer.byteLength(prefix) * 4) / 3) + Math.ceil((Buffer.byteLength(suffix) * 4) / 3) + 4;
      assert.equal(out.split(MASK).length, 2, `one mask for prefix "${prefix}": ${out}`);
      assert.ok(visible.length <= around, `prefix "${prefix}": ${visible.length} characters visible: ${out}`);
    }
  });

  it('masks the text a base64 value decodes to (Northflank file data), in its encodings too', () => {
    const content = 'line one of the secret file\nline two: hunter2-secret\n';
    const data = Buffer.from(content).toString('base64');
    assert.equal(redact(`could not parse ${content}`, [data]), `could not parse ${MASK}`);
    assert.equal(redact(`could not parse "${JSON.stringify(content).slice(1, -1)}"`, [data]), `could not parse "${MASK}"`);
  });

  it('platform text loses any fragment of at least FRAGMENT_LENGTH characters: a cut echo, half a token', () => {
    const cut = `${TOKEN.slice(0, FRAGMENT_LENGTH + 2)}…`;
    assert.equal(redact(`token ${cut} is invalid`, [TOKEN], { fragments: true }), `token ${MASK}… is invalid`);
    const tail = TOKEN.slice(-FRAGMENT_LENGTH);
    assert.equal(redact(`ends with ${tail}.`, [TOKEN], { fragments: true }), `ends with ${MASK}.`);
    // Shorter pieces are ordinary text.
    assert.equal(redact(`nf_tok is a prefix`, [TOKEN], { fragments: true }), 'nf_tok is a prefix');
    // A fragment of an encoding: half of the URL-encoded value.
    const url = encodeURIComponent(VALUE);
    assert.ok(!redact(`q=${url.slice(0, 20)}`, [VALUE], { fragments: true }).includes(url.slice(0, 20)));
  });

  it('our own output (no fragments) masks whole encodings only: a key name inside a value survives', () => {
    const value = 'DATABASE_URL_PRODUCTION_PRIMARY';
    assert.equal(redact('+ variable DATABASE_URL create', [value]), '+ variable DATABASE_URL create');
    assert.equal(redact(`leaked ${value}`, [value]), `leaked ${MASK}`);
  });

  it(`masks secrets of ${MIN_MASKED_LENGTH}+ characters anywhere; shorter ones only where quoted, in platform text only`, () => {
    assert.equal(redact('value abcd and xabcdx', ['abcd']), `value ${MASK} and x${MASK}x`);
    assert.equal(redact('priority 1 must be at least 1, got "1"', ['1'], { fragments: true }), `priority 1 must be at least 1, got "${MASK}"`);
    assert.equal(redact(`{"value":"on","flag":'on'}`, ['on'], { fragments: true }), `{"value":"${MASK}","flag":'${MASK}'}`);
    assert.equal(redact('got "1"', ['1']), 'got "1"', 'not in our own output');
    assert.equal(redact('a quote "\\"" here', ['"'], { fragments: true }), `a quote "${MASK}" here`);
  });

  it('masks overlapping and nested secrets as one mask, longest first', () => {
    assert.equal(redact('x secret-value-long y', ['secret-value', 'secret-value-long', 'value-long']), `x ${MASK} y`);
    assert.equal(redact('aaaaaa', ['aaaa']), MASK);
  });

  it('never throws on lone surrogates, empty secrets or empty text', () => {
    assert.equal(redact('', ['abcd']), '');
    assert.equal(redact('abc \ud800 def', ['\ud800xyz', '']), 'abc \ud800 def');
    assert.ok(encodings('\ud800abcd').includes('\ud800abcd'));
  });

  it('a SecretSet computes encodings once and redacts like the function', () => {
    const set = new SecretSet([VALUE, undefined, '']);
    assert.equal(set.size, 1);
    const text = `a ${encodeURIComponent(VALUE)} b`;
    assert.equal(set.redact(text), redact(text, [VALUE]));
    set.delete(VALUE);
    assert.equal(set.redact(text), text);
  });

  it('the extension redactor is the same function with the one mask, and cleans control sequences', () => {
    const r = new Redactor();
    r.add(VALUE, TOKEN);
    assert.equal(r.redact(`x ${Buffer.from(VALUE).toString('base64')} y`), `x ${MASK} y`);
    assert.equal(r.show(`\u001b]0;title\u0007a ${TOKEN} b\u001b[31m`), `a ${MASK} b`);
    assert.equal(r.redact('Authorization: Bearer abcdefghijkl'), `Authorization: Bearer ${MASK}`);
  });
});

describe('stripControls: nothing a server says drives the terminal', () => {
  const cases: [string, string, string][] = [
    ['CSI colours and cursor moves', 'a\u001b[31mred\u001b[0m\u001b[2J\u001b[1;1H b', 'ared b'],
    ['OSC title ended by BEL', 'a\u001b]0;pwned\u0007b', 'ab'],
    ['OSC 8 hyperlink ended by ST', 'click \u001b]8;;https://evil.example\u001b\\here\u001b]8;;\u001b\\', 'click here'],
    ['DCS, APC, PM, SOS strings', 'a\u001bPq#0\u001b\\b\u001b_x\u001b\\c\u001b^y\u001b\\d\u001bXz\u001b\\e', 'abcde'],
    ['C1 CSI and OSC', 'a\u009b31mb\u009d0;t\u009cc', 'abc'],
    ['other C1 and C0, BEL, DEL, backspace', 'a\u0007\u0008\u0085\u007f\u0000b', 'ab'],
    ['two-byte and charset escapes', 'a\u001bcb\u001b(Bc\u001b7d', 'abcd'],
    ['an unterminated OSC eats the rest, as a terminal would', 'a\u001b]0;never ends', 'a'],
    ['a lone ESC at the end', 'ab\u001b', 'ab'],
    ['bidi overrides and zero-width characters', 'a\u202eb\u2066c\u200bd\ufeffe\u00adf', 'abcdef'],
    ['carriage returns that would overwrite the line', 'safe\rEVIL', 'safeEVIL'],
  ];
  for (const [name, input, expected] of cases) it(name, () => assert.equal(stripControls(input), expected));

  it('one line by default; line breaks and tabs kept with multiline', () => {
    assert.equal(stripControls('a\nb\r\nc\u2028d\te'), 'a b c d e');
    assert.equal(stripControls('a\nb\r\nc\u2028d\te', { multiline: true }), 'a\nb\nc\nd\te');
  });

  it('keeps printable text of every script intact', () => {
    const text = 'Grüße, 東京, مرحبا, emoji 🎉, ₂₀₂₅';
    assert.equal(stripControls(text), text);
  });
});

describe('showServerText: masked, cleaned, masked again, then cut', () => {
  it('masks before it cuts: a token at the cut is never half shown', () => {
    const padding = 'x'.repeat(MAX_SHOWN_CHARS - 10);
    const shown = showServerText(`${padding} ${TOKEN} tail`, [TOKEN]);
    for (let i = 0; i + FRAGMENT_LENGTH <= TOKEN.length; i++) assert.ok(!shown.includes(TOKEN.slice(i, i + FRAGMENT_LENGTH)), shown.slice(-60));
    assert.match(shown, /… \(cut: [\d,]+ more characters\)$/);
  });

  it('a value split by a control sequence is masked once the sequence is gone', () => {
    const split = `${TOKEN.slice(0, 5)}\u001b[0m${TOKEN.slice(5)}`;
    assert.equal(showServerText(`bad ${split}`, [TOKEN]), `bad ${MASK}`);
  });

  it('says how much was cut, and never splits a surrogate pair', () => {
    assert.equal(cutText('abcdef', 4), 'abcd… (cut: 2 more characters)');
    assert.equal(cutText('ab🎉cd', 3), 'ab… (cut: 4 more characters)');
    assert.equal(cutText('short', 10), 'short');
    assert.equal(showServerText('x'.repeat(50_000), []).length < MAX_SHOWN_CHARS + 50, true);
  });
});
