// The README of the .vsix (the Marketplace page), made from README.md: the demo section (between
// `<!-- demo:start -->` and `<!-- demo:end -->`) is left out, since it needs a clone of the repository, and so is
// any image or link relative to the repository: a Marketplace page cannot show them, and `vsce package` rejects
// them when package.json names no repository. `npm run package` passes the result to `vsce --readme-path`.
//
//   node scripts/marketplace-readme.mjs OUT.md
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const relative = (link) => !/^[a-z][a-z0-9+.-]*:/i.test(link) && !link.startsWith('#');

/** README.md's text, for the Marketplace. */
export function marketplaceReadme(text) {
  let out = text.replace(/\n?<!-- demo:start -->[\s\S]*?<!-- demo:end -->\n?/g, '\n');
  // Images relative to the repository go (with their line when they stand alone); relative links keep their text.
  out = out.replace(/^!\[[^\]]*\]\(([^)\s]+)[^)]*\)\n\n?/gm, (all, link) => (relative(link) ? '' : all));
  out = out.replace(/!\[[^\]]*\]\(([^)\s]+)[^)]*\)/g, (all, link) => (relative(link) ? '' : all));
  out = out.replace(/\[([^\]]*)\]\(([^)\s]+)[^)]*\)/g, (all, label, link) => (relative(link) ? label : all));
  return out.replace(/\n{3,}/g, '\n\n');
}

const target = process.argv[2];
if (target) {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
  mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  writeFileSync(target, marketplaceReadme(readFileSync(path.join(root, 'README.md'), 'utf8')));
}
