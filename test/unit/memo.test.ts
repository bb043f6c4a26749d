import { strict as assert } from 'node:assert';
import { remembering } from '../../core/memo';

describe('remembering: a pure function of a string, with its last answers kept (core/memo.ts)', () => {
  it('works each answer out once while it is kept, and gives the same answer again', () => {
    const asked: string[] = [];
    const length = remembering((key) => {
      asked.push(key);
      return key.length;
    });
    assert.equal(length('abc'), 3);
    assert.equal(length('abc'), 3);
    assert.equal(length('de'), 2);
    assert.deepEqual(asked, ['abc', 'de']);
  });

  it('keeps an undefined answer too (a value that is not text decodes to undefined, once)', () => {
    let calls = 0;
    const nothing = remembering((): string | undefined => {
      calls++;
      return undefined;
    });
    assert.equal(nothing('x'), undefined);
    assert.equal(nothing('x'), undefined);
    assert.equal(calls, 1);
  });

  it('is bounded: with `size` answers kept, the next one forgets them all, and they are worked out again', () => {
    const asked: string[] = [];
    const same = remembering((key) => {
      asked.push(key);
      return key;
    }, 2);
    same('a');
    same('b');
    same('c'); // a third answer: the two kept are forgotten first
    same('c');
    same('a');
    assert.deepEqual(asked, ['a', 'b', 'c', 'a']);
  });
});
