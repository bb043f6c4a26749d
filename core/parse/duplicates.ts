import { walk, type AstNode } from '../ast';
import type { ParseProblem } from './types';

/** Reports keys repeated in one mapping, in linear time (the `yaml` library's own check is quadratic). */
export function reportDuplicateKeys(root: AstNode | undefined, problems: ParseProblem[]): void {
  walk(root, (node) => {
    if (node.type !== 'object' || node.properties.length < 2) return;
    const seen = new Set<string>();
    for (const p of node.properties) {
      if (seen.has(p.key)) {
        problems.push({
          offset: p.keyOffset,
          length: p.keyLength,
          code: 'duplicate-key',
          severity: 'error',
          message: `Duplicate key "${p.key}": it is already defined in this mapping, and only one of the values would be used.`,
        });
      } else {
        seen.add(p.key);
      }
    }
  });
}
