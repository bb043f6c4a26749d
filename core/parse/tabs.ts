/** A line's indentation that holds a tab, up to the line's content (a comment line may be indented with anything). */
const TAB_INDENT = /^[ \t]*\t[ \t]*(?=[^ \t\r\n#])/gm;

/** Where the text above a line ends: just after its last character that is not white space (0 if there is none). */
export function contentEndBefore(text: string, lineStart: number): number {
  let i = lineStart;
  while (i > 0 && /\s/.test(text[i - 1])) i--;
  return i;
}

/** At most this many lines are reported; the fix mends them all. */
export const MAX_TAB_LINES = 100;

/** The indentations (offset and length) that hold a tab, in order. */
export function tabIndentations(text: string): { offset: number; length: number }[] {
  const out: { offset: number; length: number }[] = [];
  if (!text.includes('\t')) return out;
  TAB_INDENT.lastIndex = 0;
  for (let m = TAB_INDENT.exec(text); m; m = TAB_INDENT.exec(text)) out.push({ offset: m.index, length: m[0].length });
  return out;
}

/** The text with every tab of those indentations read as one space: the same offsets, so positions stay true. */
export function withTabsAsSpaces(text: string, indentations: readonly { offset: number; length: number }[]): string {
  if (indentations.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const { offset, length } of indentations) {
    parts.push(text.slice(at, offset), text.slice(offset, offset + length).replace(/\t/g, ' '));
    at = offset + length;
  }
  parts.push(text.slice(at));
  return parts.join('');
}
