import { formatPath, type AstNode, type DefinitionDocument, type PathSegment, type Range } from '../../core';

/**
 * Where each range starts in the file's structure: `secrets.variables.DB_URL:key` on a key, the path of the node
 * that starts there (`priority`), or of the innermost node around it with `~` (a `${NAME}` inside a value).
 * Undefined where the file has no tree (a syntax error before anything could be read). Used for fingerprints
 * that survive edits elsewhere in the file; a place names keys, never a value. One walk of the tree for all ranges.
 */
export function structuralPlaces(doc: DefinitionDocument, ranges: readonly Range[]): Array<string | undefined> {
  if (!doc.root) return ranges.map(() => undefined);
  const offsets = ranges.map((r) => doc.lines.offsetAt(r.start));
  const sorted = [...new Set(offsets)].sort((a, b) => a - b);
  const best = new Map<number, { place: string; depth: number }>();

  const record = (from: number, to: number, depth: number, place: (offset: number) => string) => {
    // The offsets in [from, to], found by binary search: the walk stays linear in the tree and the ranges.
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (sorted[mid] < from) low = mid + 1;
      else high = mid;
    }
    for (let i = low; i < sorted.length && sorted[i] <= to; i++) {
      const current = best.get(sorted[i]);
      if (!current || depth >= current.depth) best.set(sorted[i], { place: place(sorted[i]), depth });
    }
  };

  const visit = (node: AstNode, segments: PathSegment[]) => {
    const depth = segments.length * 2;
    record(node.offset, node.offset + node.length, depth, (o) => `${formatPath(segments)}${o === node.offset ? '' : '~'}`);
    if (node.type === 'object') {
      for (const p of node.properties) {
        const child = [...segments, p.key];
        record(p.keyOffset, p.keyOffset + p.keyLength, depth + 1, () => `${formatPath(child)}:key`);
        if (p.value) visit(p.value, child);
      }
    } else if (node.type === 'array') {
      node.items.forEach((item, i) => visit(item, [...segments, i]));
    }
  };
  visit(doc.root, []);
  return offsets.map((o) => best.get(o)?.place);
}
