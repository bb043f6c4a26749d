import type { TextChange } from '../../core/text';
import type { Random } from './random';

/** Random edits as typing makes them, for the tests that compare an incremental result with a full one. */
const VALUES = ['12345', '"quoted"', "'single'", '', '~', 'null', 'true', 'x # comment', '[a]', '{a: 1}', '|', '>', '&a x', '*a', '!!str x', '"unterminated', 'a: b', '- x', '#c', 'é', '\u0000', ' ', 'trailing  ', '"a\\nb"', '0x1F', '1e3', '.inf', 'foo bar', 'foo:bar', 'http://x:1/y', '${A}', "'it''s'", '"\\ud800"', '@x', '`x', '%x', '? x', '{', ']'];
/** Values as typing makes them: most are fine, some are not strings. */
const TYPED = ['value', 'other-value', '"quoted value"', "'single'", '12345', 'true', 'x # comment', 'https://host:8080/path?a=1&b=2', '${A}/${B}', 'p@ss:word', '', '~'];
const CHARS = [':', ' ', '#', '-', '"', "'", 'a', 'Z', '1', '[', '{', '&', '*', '!', '|', '>', '\t', '%', '@', '`', '?', ',', '}', '\\', '\n', '\u00e9'];

/** A random edit of one line (or, now and then, one that adds a line break). */
export function editLine(r: Random, text: string): string {
  const lines = text.split('\n');
  const candidates = lines.map((l, i) => [l, i] as const).filter(([l]) => /^\s*[^\s#-][^:]*:( |$)/.test(l));
  const [line, index] = candidates.length && r.chance(0.85) ? r.pick(candidates) : [lines[r.int(0, lines.length - 1)], -1];
  const i = index >= 0 ? index : lines.indexOf(line);
  const colon = line.indexOf(': ');
  const p = r.next();
  let next: string;
  const cr = line.endsWith('\r') ? '\r' : '';
  if (p < 0.35 && colon >= 0) next = `${line.slice(0, colon + 2)}${r.pick(TYPED)}${cr}`;
  else if (p < 0.5) {
    const at = r.int(0, line.length - cr.length);
    next = line.slice(0, at) + r.pick(['a', 'Z', '_', '1', 'é']) + line.slice(at);
  } else if (p < 0.65 && colon >= 0) next = `${line.slice(0, colon + 2)}${r.pick(VALUES)}${cr}`;
  else if (p < 0.8) {
    const at = r.int(0, line.length);
    next = line.slice(0, at) + r.pick(CHARS) + line.slice(at);
  } else if (p < 0.9 && line.length > 0) {
    const at = r.int(0, line.length - 1);
    next = line.slice(0, at) + line.slice(at + 1);
  } else {
    next = r.chance(0.5) ? ` ${line}` : line.replace(/^ /, '');
  }
  lines[i] = next;
  return lines.join('\n');
}

/** A random edit of whole lines: a variable added, a line removed, lines pasted or replaced. */
export function editLines(r: Random, text: string): string {
  const lines = text.split('\n');
  const i = r.int(0, lines.length - 1);
  const indent = /^ */.exec(lines[i])?.[0] ?? '';
  const cr = lines[i].endsWith('\r') ? '\r' : '';
  const fresh = (): string => `${indent}${r.pick(['NEW_VAR', 'name', 'A', 'B_2', '"quoted key"', 'x y'])}: ${r.pick(TYPED)}${cr}`;
  const p = r.next();
  if (p < 0.35) lines.splice(i, 0, fresh());
  else if (p < 0.6) lines.splice(i, r.int(1, 2));
  else if (p < 0.75) lines.splice(i, 0, ...lines.slice(i, i + r.int(1, 3)));
  else if (p < 0.9) lines.splice(i, r.int(1, 2), ...Array.from({ length: r.int(1, 3) }, fresh));
  else lines.splice(i, 0, r.pick(['', '# comment', `${indent}- item`, `${indent}  deeper: x`, `${indent}key:`]));
  return lines.join('\n');
}

/** An edit that makes `text` from `before`, as an editor may send it: not always the smallest one. */
export function someEdit(r: Random, before: string, text: string): TextChange {
  const max = Math.min(before.length, text.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === text.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail)) tail++;
  const offset = Math.max(0, start - (r.chance(0.5) ? 0 : r.int(0, 5)));
  const suffix = Math.max(0, tail - (r.chance(0.5) ? 0 : r.int(0, 5)));
  return { offset, oldLength: before.length - suffix - offset, newLength: text.length - suffix - offset };
}
