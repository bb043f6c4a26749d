import * as assert from 'node:assert/strict';
import { generateSecretGroup } from '../../bench/generate';
import { parseDefinition, validateDocument, type DefinitionDocument } from '../../core';
import { IncrementalValidator } from '../../core/validate-incremental';
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
  it(`gives exactly validateDocument's diagnostics, over ${EDITS} random edits (seed ${SEED.toString(16)})`, function () {
    this.timeout(120_000);
    const r = new Random(SEED);
    let validator = new IncrementalValidator();
    let doc: DefinitionDocument | undefined;
    let kept = 0;
    for (let n = 0; n < EDITS; n++) {
      if (!doc || r.chance(doc.problems.some((p) => p.code !== 'duplicate-key') ? 0.3 : 0.03)) {
        doc = parseDefinition(FILE, group(r), { inPlace: true });
        assert.ok(doc);
        if (r.chance(0.3)) validator = new IncrementalValidator();
        validator.validate(doc);
      }
      // Now and then versions are parsed without being validated.
      const steps = r.chance(0.2) ? r.int(2, 4) : 1;
      for (let s = 0; s < steps; s++) {
        const before: string = doc.text;
        const p = r.next();
        const text = p < 0.4 ? namingEdit(r, before) : p < 0.7 ? editLine(r, before) : editLines(r, before);
        const next: DefinitionDocument | undefined = parseDefinition(FILE, text, { previous: doc, inPlace: true, edit: someEdit(r, before, text) });
        assert.ok(next);
        doc = next;
      }
      if (doc.history?.changes.length) kept++;
      const full = parseDefinition(FILE, doc.text);
      assert.ok(full);
      assert.deepEqual(validator.validate(doc), validateDocument(full), `edit #${n}:\n${doc.text}`);
    }
    assert.ok(kept > EDITS / 4, `only ${kept} of ${EDITS} edits kept the tree`);
  });

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
});
