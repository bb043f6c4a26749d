/**
 * Where "Open as Definition File" writes: a file name made from a remote id or name, which the server chose. An id
 * such as `../../x`, `/etc/x`, `C:\x`, `.git`, `con` or one full of control characters must not decide where a file
 * lands, nor what it is called beyond a readable stem.
 */

const MAX_STEM = 80;
/** Names Windows reserves whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * A file-name stem of letters, digits, `.`, `_` and `-` only: any other run of characters (separators, `..`,
 * spaces, control characters) becomes one `-`; no leading dot or dash (no hidden file, no option-like name), at
 * most 80 characters; `fallback` when nothing is left.
 */
export function safeFileStem(raw: string, fallback: string): string {
  let stem = raw.normalize('NFKC').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/\.{2,}/g, '-').replace(/-{2,}/g, '-');
  stem = stem.replace(/^[.-]+/, '').slice(0, MAX_STEM).replace(/[.-]+$/, '');
  if (!stem) return fallback;
  return RESERVED.test(stem) ? `${stem}-` : stem;
}

/** Whether `child` (a URI path, `/`-separated) is strictly inside `folder`, after `.` and `..` segments are resolved. */
export function isInsideFolder(folder: string, child: string): boolean {
  const resolve = (p: string) => {
    const out: string[] = [];
    for (const segment of p.split('/')) {
      if (segment === '' || segment === '.') continue;
      if (segment === '..') out.pop();
      else out.push(segment);
    }
    return out;
  };
  const base = resolve(folder);
  const target = resolve(child);
  return target.length > base.length && base.every((segment, i) => target[i] === segment);
}
