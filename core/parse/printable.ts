import type { ParseProblem } from './types';

/**
 * Characters a YAML stream may not hold (YAML 1.2, 5.1): C0 and C1 control characters other than tab, line feed,
 * carriage return and next line, U+FFFE, U+FFFF and lone surrogates. The `yaml` library reads them without a word,
 * but other YAML readers (js-yaml, which many tools use) reject the file.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** At most this many are reported: a binary file would otherwise give one per byte. */
const MAX_REPORTED = 100;

/** One `yaml-syntax` error per character YAML does not allow (the first MAX_REPORTED of them). */
export function nonPrintableProblems(text: string): ParseProblem[] {
  const problems: ParseProblem[] = [];
  NON_PRINTABLE.lastIndex = 0;
  for (let m = NON_PRINTABLE.exec(text); m && problems.length < MAX_REPORTED; m = NON_PRINTABLE.exec(text)) {
    const code = m[0].charCodeAt(0);
    const name = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    const what = code >= 0xd800 && code <= 0xdfff ? `a lone surrogate (${name}), half of a character` : code >= 0xfffe ? `the noncharacter ${name}` : `the control character ${name}`;
    problems.push({
      offset: m.index,
      length: 1,
      code: 'yaml-syntax',
      severity: 'error',
      message: `This is ${what}, which YAML does not allow in a file; remove it, or write it as an escape in a double-quoted string ("\\u${code.toString(16).padStart(4, '0')}").`,
    });
  }
  return problems;
}

/** Whether the text holds any character YAML does not allow. */
export function hasNonPrintable(text: string): boolean {
  NON_PRINTABLE.lastIndex = 0;
  return NON_PRINTABLE.test(text);
}
