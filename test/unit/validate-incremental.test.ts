import * as assert from 'node:assert/strict';
import { generateSecretGroup } from '../../bench/generate';
import { OFFLINE_CATALOG, parseDefinition, validateDocument, type Catalog, type DefinitionDocument, type Diagnostic } from '../../core';
import { IncrementalValidator } from '../../core/validate-incremental';
import { PieceText, type TextSource } from '../../core/text';
import { editLine, editLines, someEdit } from '../helpers/random-edits';
import { Random } from '../helpers/random';

/**
 * The language server validates each edit of a document with an IncrementalValidator, which checks again only what
 * the edit changed. Over random edits, chained as typing chains them (and now and then several versions parsed before
 * one is validated, as when edits come faster than validation), its diagnostics must be exactly validateDocument's
 * on a full parse of the same text: the same diagnostics, ranges and order.
 */
const SEED = Number(process.env.INCREMENTAL_SEED ?? 0x5ec7);
const EDITS = Number(process.env.INCREMENTAL_EDITS ?? 1500);
const FILE = 'x.northflank-secret.yaml';

/** Secret groups with what makes variables depend on each other: references, repeated names, addon aliases, files. */
function group(r: Random): string {
  const base = generateSecretGroup(r.int(5, 40), r.int(1, 1000)).text;
  const lines = base.split('\n');
  const at = lines.indexOf('  variables:') + 1;
  const extra = [
    '    REF_A: ${API_URL_0001}',
    '    REF_B: "https://${DB_HOST_0002}/${NOPE}"',
    '    DUP: one',
    '    DUP: two',
    '    DATABASE_URL_0: collides with an alias',
    '    PLACE: REPLACE_ME',
    '    TYPED: 0x1F',
    '    "bad name": x',
    '    NESTED:',
    '      inner: 1',
    '    EMPTY:',
  ];
  lines.splice(at + r.int(0, 3), 0, ...extra.filter(() => r.chance(0.6)));
  // Diagnostics of the rest that depend on the variables: a file's content referencing them (after the variables),
  // and a restriction without targets (before them).
  const files = lines.indexOf('  files:') + 1;
  const content = (text: string): string => Buffer.from(text).toString('base64');
  const data = [
    `    /etc/refs.env:\n      data: ${content('A=${REF_A}\nB=${DB_HOST_0002}\nC=${MISSING}\n')}`,
    '    /etc/bad.bin:\n      data: "not base64!"',
  ];
  lines.splice(files, 0, ...data.filter(() => r.chance(0.6)));
  if (r.chance(0.5)) lines.splice(lines.indexOf('  nfObjects:'), 0, '  tagMatchCondition: all');
  // Files are checked one by one: Docker secret mounts too, and diagnostics of the rest after them (which move with
  // the lines an edit of a file adds or removes).
  const end = lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;
  if (r.chance(0.5)) lines.splice(end, 0, '  dockerSecretMounts:', `    npmrc:\n      data: ${content('//registry/:_authToken=${NPM_TOKEN}')}`, '    other:\n      data: REPLACE_ME\n      encoding: utf-8');
  if (r.chance(0.5)) lines.push('unknownTopLevel: 010', 'tags:', '  - a', '  - a');
  return lines.join('\n');
}

/** Edits of the files: a path renamed (to another file's, to a relative one), content changed, a file added or removed. */
function fileEdit(r: Random, text: string): string {
  const lines = text.split('\n');
  const files = lines.map((l, i) => [l, i] as const).filter(([l]) => /^ {4}[^ ].*:$/.test(l) && !/^ {4}[A-Z_0-9]+:$/.test(l));
  if (!files.length) return text;
  const [, i] = r.pick(files);
  const paths = files.map(([l]) => l.trim().slice(0, -1));
  const b64 = (t: string): string => Buffer.from(t).toString('base64');
  const p = r.next();
  if (p < 0.2) lines[i] = `    ${r.pick([...paths, 'relative/path', '/etc/new', '010', '"/quoted"'])}:`;
  else if (p < 0.5 && lines[i + 1]?.startsWith('      data:')) lines[i + 1] = `      data: ${r.pick(['REPLACE_ME', '"not base64!"', b64('${REF_A} ${MISSING}'), b64('${NEW_VAR}'), 'aGk', 'a-_b', '12345', '', b64('plain')])}`;
  else if (p < 0.65) lines.splice(i, 0, `    ${r.pick(['/etc/added', ...paths])}:`, `      data: ${b64(r.pick(['${A}', 'x', '${REF_B}']))}`);
  else if (p < 0.8) lines.splice(i, r.chance(0.5) ? 2 : 1);
  else if (p < 0.9) lines.splice(i + 1, 0, r.pick(['      encoding: latin1', '      encoding: utf-8', '      extra: 1', '', '      # comment']));
  else lines.splice(i, 0, r.pick(['', '    # a comment', '    /etc/empty:']));
  return lines.join('\n');
}

/** Edits that rename, reference and repeat variables more often than typing at random would. */
function namingEdit(r: Random, text: string): string {
  const lines = text.split('\n');
  const variables = lines.map((l, i) => [l, i] as const).filter(([l]) => /^ {4}[A-Za-z"][^:]*:/.test(l));
  if (!variables.length) return text;
  const [line, i] = r.pick(variables);
  const names = variables.map(([l]) => l.trim().split(':')[0]);
  const p = r.next();
  if (p < 0.3) lines[i] = line.replace(/^( {4})[^:]+/, `$1${r.pick(names)}`);
  else if (p < 0.6) lines[i] = `${line.split(':')[0]}: \${${r.pick([...names, 'MISSING', 'DB_URI_0', 'NF_POSTGRES-0_USERNAME'])}}`;
  else if (p < 0.8) lines[i] = line.replace(/^( {4})([^:]+)/, (_m, s: string, n: string) => `${s}${n}${r.pick(['X', '_2', ' ', '0'])}`);
  else lines.splice(i, 0, `    ${r.pick(names)}: ${r.pick(['x', 'REPLACE_ME', '${REF_A}', '010'])}`);
  return lines.join('\n');
}

describe('validating only what an edit changed (IncrementalValidator)', () => {
  for (const pieces of [false, true]) {
    it(`gives exactly validateDocument's diagnostics, over ${EDITS} random edits (seed ${SEED.toString(16)})${pieces ? ', the text held in pieces as the server holds a large one' : ''}`, function () {
      this.timeout(120_000);
      const r = new Random(SEED + (pieces ? 1 : 0));
      // With pieces: small ones, so that what the validation reads of the text crosses their boundaries.
      const source = (text: string): TextSource => (pieces ? PieceText.from(text, 16) : text);
      let validator = new IncrementalValidator();
      let doc: DefinitionDocument | undefined;
      let kept = 0;
      for (let n = 0; n < EDITS; n++) {
        if (!doc || r.chance(doc.problems.some((p) => p.code !== 'duplicate-key') ? 0.3 : 0.03)) {
          doc = parseDefinition(FILE, source(group(r)), { inPlace: true });
          assert.ok(doc);
          if (r.chance(0.3)) validator = new IncrementalValidator();
          validator.validate(doc);
        }
        // Now and then versions are parsed without being validated.
        const steps = r.chance(0.2) ? r.int(2, 4) : 1;
        for (let s = 0; s < steps; s++) {
          const before: string = doc.text;
          const p = r.next();
          const text = p < 0.3 ? namingEdit(r, before) : p < 0.45 ? fileEdit(r, before) : p < 0.75 ? editLine(r, before) : editLines(r, before);
          const edit = someEdit(r, before, text);
          const previous = doc.source;
          const made = previous instanceof PieceText ? previous.edit(edit.offset, edit.oldLength, text.slice(edit.offset, edit.offset + edit.newLength), 16) : text;
          const next: DefinitionDocument | undefined = parseDefinition(FILE, made, { previous: doc, inPlace: true, edit });
          assert.ok(next);
          doc = next;
        }
        if (doc.history?.changes.length) kept++;
        // Validated before anything asks for the whole text (which a PieceText keeps once joined).
        const got = validator.validate(doc);
        const full = parseDefinition(FILE, doc.text);
        assert.ok(full);
        assert.deepEqual(got, validateDocument(full), `edit #${n}:\n${doc.text}`);
      }
      assert.ok(kept > EDITS / 4, `only ${kept} of ${EDITS} edits kept the tree`);
    });
  }

  it('checks again a variable that references a name an edit adds or removes', () => {
    const text = 'name: g\nsecretType: environment\npriority: 1\nsecrets:\n  variables:\n    A: ${B}\n    C: x\n    D: y\n';
    const validator = new IncrementalValidator();
    let doc = parseDefinition(FILE, text, { inPlace: true });
    assert.ok(doc);
    const codes = (ds: { code: string }[]): string[] => ds.map((d) => d.code).filter((c) => c === 'nf-unknown-template-variable');
    assert.deepEqual(codes(validator.validate(doc)), ['nf-unknown-template-variable']);
    const renamed = text.replace('    C: x', '    B: x');
    doc = parseDefinition(FILE, renamed, { previous: doc, inPlace: true });
    assert.ok(doc?.history?.changes.length);
    assert.deepEqual(codes(validator.validate(doc)), []);
    assert.deepEqual(validator.validate(doc), validateDocument(parseDefinition(FILE, renamed)!));
    const back = renamed.replace('    B: x', '    C: x');
    doc = parseDefinition(FILE, back, { previous: doc, inPlace: true });
    assert.ok(doc);
    assert.deepEqual(validator.validate(doc), validateDocument(parseDefinition(FILE, back)!));
  });

  it('checks the rest again when the catalog changes, with no edit in between', () => {
    const text = 'name: g\nsecretType: environment\npriority: 1\naddonDependencies:\n  - addonId: gone\n    keys:\n      - keyName: HOST\nsecrets:\n  variables:\n    A: x\n';
    const doc = parseDefinition(FILE, text, { inPlace: true });
    assert.ok(doc);
    const validator = new IncrementalValidator();
    const live: Catalog = { ...OFFLINE_CATALOG, addons: () => ({ status: 'live', items: [{ id: 'postgres', type: 'postgresql' }] }) };
    const codes = (catalog: Catalog): string[] => validator.validate(doc, catalog).map((d) => d.code);
    assert.ok(!codes(OFFLINE_CATALOG).includes('nf-unknown-addon'));
    assert.deepEqual(validator.validate(doc, live), validateDocument(doc, live));
    assert.ok(codes(live).includes('nf-unknown-addon'));
    assert.ok(!codes(OFFLINE_CATALOG).includes('nf-unknown-addon'));
  });

  it("moves the rest's diagnostics with the lines an edit of the variables adds or removes", () => {
    const content = Buffer.from('url=${NOPE}').toString('base64');
    let text = `name: g\nsecretType: environment\npriority: 1\nsecrets:\n  variables:\n    A: x\n    M: m\n    Z: z\n  files:\n    /etc/a:\n      data: ${content}\n`;
    const validator = new IncrementalValidator();
    let doc = parseDefinition(FILE, text, { inPlace: true });
    assert.ok(doc);
    const lineOf = (ds: { code: string; range: { start: { line: number } } }[]): number | undefined => ds.find((d) => d.code === 'nf-unknown-template-variable')?.range.start.line;
    assert.equal(lineOf(validator.validate(doc)), 10);
    // Each edit as the editor sends it: where, what it replaced, what it inserted.
    const edits: [string, string, string, number | undefined][] = [
      ['    A: x', '', '\n    B: y\n    C: z', 12],
      ['    A: x\n    B: y', '\n    B: y', '', 11],
      ['    C', '    C', '    NOPE', undefined],
    ];
    for (const [at, removed, inserted, line] of edits) {
      const offset = text.indexOf(at) + at.length - removed.length;
      text = text.slice(0, offset) + inserted + text.slice(offset + removed.length);
      doc = parseDefinition(FILE, text, { previous: doc, inPlace: true, edit: { offset, oldLength: removed.length, newLength: inserted.length } });
      assert.ok(doc?.history?.changes.length, 'the tree was updated in place');
      const found = validator.validate(doc);
      assert.equal(lineOf(found), line);
      assert.deepEqual(found, validateDocument(parseDefinition(FILE, text)!));
    }
  });

  /** Applies edits as the editor sends them (where, what it replaced, what it inserted), comparing each result with a full validation. */
  function replay(text: string, edits: [at: string, removed: string, inserted: string][], check?: (found: Diagnostic[], n: number) => void): void {
    const validator = new IncrementalValidator();
    let doc = parseDefinition(FILE, text, { inPlace: true });
    assert.ok(doc);
    assert.deepEqual(validator.validate(doc), validateDocument(parseDefinition(FILE, text)!));
    edits.forEach(([at, removed, inserted], n) => {
      const offset = text.indexOf(at) + at.length - removed.length;
      text = text.slice(0, offset) + inserted + text.slice(offset + removed.length);
      doc = parseDefinition(FILE, text, { previous: doc, inPlace: true, edit: { offset, oldLength: removed.length, newLength: inserted.length } });
      assert.ok(doc?.history?.changes.length, 'the tree was updated in place');
      const found = validator.validate(doc);
      assert.deepEqual(found, validateDocument(parseDefinition(FILE, text)!), `edit ${n}:\n${text}`);
      check?.(found, n);
    });
  }

  it('checks a variable again when an edit is inside a mapping it holds (not valid, but checked all the same)', () => {
    // Mutation tried: an edit inside a variable's nested mapping taken for an edit of the rest, so the variable kept
    // its diagnostics and the new value's typing warning was missing.
    const text = 'name: g\nsecretType: environment\npriority: 1\nsecrets:\n  variables:\n    A: x\n    NESTED:\n      inner: 1\n      other: 2\n    Z: z\n';
    replay(text, [['      inner: 1', '1', '010']], (found) => assert.ok(found.some((d) => d.code === 'yaml-implicit-type' && d.range.start.line === 7)));
  });

  it('checks a section of files with the rest once an edit makes it name a file twice (the schema sees the last one only)', () => {
    // Mutation tried: files checked one by one after a rename made a path repeat, so the first /a's encoding (a list) was
    // reported, which validateDocument (the value of a repeated key is its last one's) does not.
    const text = 'name: g\nsecretType: environment\npriority: 1\nsecrets:\n  variables:\n    A: x\n  files:\n    /a:\n      data: aGk=\n      encoding: [utf-8]\n    /b:\n      data: aGk=\n';
    replay(text, [['    /b', '/b', '/a']], (found) => assert.ok(!found.some((d) => d.range.start.line === 9), 'no error on the first /a'));
  });

  it("moves a diagnostic of the rest that has nothing after it, with the lines an edit of the variables or files adds", () => {
    // Mutation tried: a diagnostic kept even when a part checked apart lies between it and the next node (here none).
    const text = 'name: g\nsecretType: environment\npriority: 1\nsecrets:\n  variables:\n    A: x\n    M: m\n    Z: z\n  files:\n    /a:\n      data: aGk=\n      encoding: utf-8\n    /b:\n      data: aGk=\nunknownTopLevel:\n';
    const lineOf = (found: Diagnostic[]): number | undefined => found.find((d) => d.range.start.character === 0 && d.range.start.line > 3)?.range.start.line;
    assert.equal(lineOf(validateDocument(parseDefinition(FILE, text)!)), 14);
    replay(text, [['    A: x', '', '\n    B: y']], (found) => assert.equal(lineOf(found), 15));
    replay(text, [['    /a:', '', '\n      x: y']], (found) => assert.equal(lineOf(found), 15));
  });

  it('reports a key error on the first property of that key, a value error on the last, in small and large mappings', () => {
    for (const size of [3, 40]) {
      const filler = Array.from({ length: size }, (_, i) => `    VAR_${i}: x`);
      const lines = ['name: g', 'secretType: environment', 'priority: 1', 'secrets:', '  variables:', '    "bad name": one', ...filler, '    "bad name": two', '    NESTED: x', '    NESTED:', '      inner: 1'];
      const text = `${lines.join('\n')}\n`;
      const at = (line: number, character: number, length: number) => ({ start: { line, character }, end: { line, character: character + length } });
      for (const validate of [(d: DefinitionDocument) => validateDocument(d), (d: DefinitionDocument) => new IncrementalValidator().validate(d)]) {
        const doc = parseDefinition(FILE, text, { inPlace: true });
        assert.ok(doc);
        const found = validate(doc);
        const name = found.filter((d) => d.code === 'nf-variable-name');
        assert.deepEqual(name.map((d) => d.range), [at(5, 4, 10)], `${size} variables`);
        const type = found.filter((d) => d.code === 'invalid-type');
        assert.deepEqual(type.map((d) => d.range.start.line), [lines.length - 2], `${size} variables`);
      }
    }
  });

  it('validates a group with anchors in full: a merged value is reported once, as validateDocument does', () => {
    const text = 'name: api-secrets\nsecretType: environment\npriority: 10\ndefaults: &defaults\n  MODE: 0x1F\nsecrets:\n  variables:\n    A: &octal 010\n    B: *octal\n    <<: *defaults\n';
    const doc = parseDefinition(FILE, text, { inPlace: true });
    assert.ok(doc);
    const found = new IncrementalValidator().validate(doc);
    assert.deepEqual(found, validateDocument(parseDefinition(FILE, text)!));
    assert.deepEqual(found.filter((d) => d.code === 'yaml-implicit-type').map((d) => d.range.start.line), [4, 7]);
  });
});
