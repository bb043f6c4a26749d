import type { AstNode } from '../ast';
import type { DefinitionDocument } from '../document';
import { templateSpans, type Span } from './references';

/**
 * Expand Selection by structure: from the caret outwards, a `${NAME}` reference, the key or the value, the whole
 * entry (key and value), the mapping or list that holds it, its entry, and so on up to the whole document. Each
 * span strictly contains the one before (innermost first).
 */
export function selectionRanges(doc: DefinitionDocument, offset: number): Span[] {
  const chain: Span[] = [];
  const push = (span: Span): void => {
    const last = chain[chain.length - 1];
    if (last && last.offset === span.offset && last.length === span.length) return;
    chain.push(span);
  };
  const inside = (s: { offset: number; length: number }): boolean => offset >= s.offset && offset <= s.offset + s.length;
  let node: AstNode | undefined = doc.root && inside(doc.root) ? doc.root : undefined;
  if (doc.root) push({ offset: 0, length: doc.text.length });
  while (node) {
    push({ offset: node.offset, length: node.length });
    let next: AstNode | undefined;
    if (node.type === 'object') {
      const property = node.properties.find((p) => inside(p) || inside({ offset: p.keyOffset, length: p.keyLength }));
      if (property) {
        push({ offset: property.offset, length: property.length });
        if (inside({ offset: property.keyOffset, length: property.keyLength })) {
          push({ offset: property.keyOffset, length: property.keyLength });
          break;
        }
        next = property.value && inside(property.value) ? property.value : undefined;
      }
    } else if (node.type === 'array') {
      next = node.items.find(inside);
    }
    node = next;
  }
  const template = doc.kind === 'northflank-secret' ? templateSpans(doc).find((t) => offset >= t.span.offset - 2 && offset <= t.span.offset + t.span.length + 1) : undefined;
  if (template) {
    push({ offset: template.span.offset - 2, length: template.span.length + 3 });
    push(template.span);
  }
  // Outermost first so far: keep only spans that contain the next one, innermost first.
  const nested: Span[] = [];
  for (const span of chain) {
    const outer = nested[nested.length - 1];
    if (!outer || (span.offset >= outer.offset && span.offset + span.length <= outer.offset + outer.length)) nested.push(span);
  }
  return nested.reverse();
}
