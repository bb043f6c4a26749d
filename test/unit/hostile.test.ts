import * as assert from 'node:assert/strict';
import { complete, OFFLINE_CATALOG, parseDefinition, validateDocument, type Diagnostic } from '../../core';
import { HOSTILE, type HostileInput } from '../../bench/hostile';

/** What the editor does with a file, then with a one-character edit of it (and a completion, for that input). */
function work(input: HostileInput, text: string): Diagnostic[] {
  const doc = parseDefinition(`/hostile/${input.file}`, text);
  assert.ok(doc);
  const diagnostics = validateDocument(doc);
  const edited = `${text.slice(0, -1)} `;
  const next = parseDefinition(`/hostile/${input.file}`, edited, { previous: doc });
  assert.ok(next);
  validateDocument(next);
  if (input.completionAt) complete(next, input.completionAt(edited), OFFLINE_CATALOG);
  return diagnostics;
}

/** Runs timed together at least this long: the cost of a run of 1 ms is mostly the machine's noise. */
const MIN_SAMPLE_MICROS = 30_000;

/**
 * CPU time of one `run`: runs are repeated until a sample takes at least 30 ms and the sample divided by their number;
 * the least of three samples (the machine is shared: the least is the least disturbed).
 */
function cpu(run: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = process.cpuUsage();
    let runs = 0;
    let used = 0;
    do {
      run();
      runs++;
      const now = process.cpuUsage(start);
      used = now.user + now.system;
    } while (used < MIN_SAMPLE_MICROS);
    best = Math.min(best, used / runs);
  }
  return best;
}

describe('hostile inputs (issue 11 D): no crash, a clear diagnostic, and a cost linear in the input', function () {
  this.timeout(120_000);

  // A quarter of the sizes (the bench times them at full size): large enough for every limit to act.
  it('each gives diagnostics that say what is wrong, capped at 1,000 per file', () => {
    const codes = (i: number) => {
      const d = work(HOSTILE[i], HOSTILE[i].make(0.25));
      assert.ok(d.length <= 1000);
      return new Set(d.map((x) => x.code));
    };
    assert.ok(codes(0).has('yaml-alias-limit') || codes(0).size === 0, 'the aliases are read (or stopped by the alias limit)');
    assert.ok(!codes(1).has('yaml-syntax'));
    assert.deepEqual([...codes(2)], ['multiple-documents']);
    const flood = work(HOSTILE[3], HOSTILE[3].make(0.25));
    assert.equal(flood.length, 1000);
    assert.equal(flood[999].code, 'too-many-problems');
    assert.match(flood[999].message, /^31,500 more problems in this file are not shown/);
    // Too deep: said once; the part above the limit is still checked (its item has no `key` and an unknown `a`).
    const deep = codes(4);
    assert.ok(deep.has('nesting-too-deep'));
    assert.deepEqual([...deep].filter((c) => !['nesting-too-deep', 'missing-property', 'unknown-property'].includes(c)), []);
  });

  it('a file whose errors come after many warnings still shows an error (errors are kept first)', () => {
    const text = `name: api\nsecretType: environment\npriority: 1\ntags: [${Array.from({ length: 1500 }, () => 'ab').join(', ')}]\nsecrets:\n  variables:\n    "bad name": x\n`;
    const d = validateDocument(parseDefinition('/x.northflank-secret.yaml', text)!);
    assert.ok(d.some((x) => x.code === 'nf-variable-name'));
    assert.equal(d[d.length - 1].code, 'too-many-problems');
  });

  for (const input of HOSTILE) {
    it(`${input.name}: four times the input costs at most about four times the work`, () => {
      const small = input.make(0.0625);
      const large = input.make(0.25);
      work(input, small); // warm-up: compile the code paths
      const a = cpu(() => work(input, small));
      const b = cpu(() => work(input, large));
      // Linear gives 4; quadratic 16. 8 leaves room for the noise of a shared machine and for garbage collection.
      assert.ok(b / a < 8, `${(b / 1000).toFixed(0)} ms for 4× the input of ${(a / 1000).toFixed(0)} ms: ${(b / a).toFixed(1)}×`);
    });
  }
});
