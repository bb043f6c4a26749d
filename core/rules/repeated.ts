import { toValue, type AstNode } from '../ast';
import { SCHEMAS, type JsonSchema } from '../schema/schemas';
import { childSchema, resolveRef } from '../schema/navigate';
import { keySpan, valueSpan, type RuleContext } from './context';

/**
 * Repeated list items, in linear time (a hash of each item), for every list of the document:
 * - where the schema says `uniqueItems` (the platform rejects repeats): `duplicate-item`, an error. ajv's own check
 *   compares every pair of items when it cannot tell their type, which froze the server on a list of 300,000 items,
 *   so the schema engine leaves the keyword to this rule (schema/engine.ts);
 * - in a list of plain values without it (top-level `tags`: the platform accepts repeats): `repeated-item`, a
 *   warning. Lists of mappings without `uniqueItems` have rules of their own (duplicate addons, key names, keys).
 */
export function repeatedItems(ctx: RuleContext): void {
  const kind = ctx.doc.kind;
  const visit = (node: AstNode | undefined, schema: JsonSchema | undefined, name: string): void => {
    if (!node || !schema) return;
    const s = resolveRef(kind, schema);
    if (node.type === 'object') {
      for (const p of node.properties) visit(p.value, childSchema(kind, s, p.key), p.key);
      return;
    }
    if (node.type !== 'array') return;
    const itemSchema = childSchema(kind, s, 0);
    const unique = s.uniqueItems === true;
    const scalars = itemSchema !== undefined && ['string', 'number', 'integer', 'boolean'].includes(String(resolveRef(kind, itemSchema).type));
    if ((unique || scalars) && name !== 'aliases') {
      // One map per type of item, keyed by the value itself: no key string built per item (300,000 tags, issue 11 D).
      const first = new Map<string, Map<unknown, number>>();
      node.items.forEach((item, i) => {
        const collection = item.type === 'object' || item.type === 'array';
        const type = collection ? 'collection' : item.type;
        const key: unknown = collection ? canonical(toValue(item)) : item.value;
        let seen = first.get(type);
        if (!seen) first.set(type, (seen = new Map()));
        const before = seen.get(key);
        if (before === undefined) {
          seen.set(key, i);
          return;
        }
        const where = `"${name}"`;
        // A mapping item is pointed at by its first key (its whole span would cover several lines).
        const at = item.type === 'object' && item.properties.length ? keySpan(item.properties[0]) : valueSpan(item);
        if (unique) ctx.report('duplicate-item', at, `Item ${i + 1} of ${where} is the same as item ${before + 1}; each item must be unique.`);
        else ctx.report('repeated-item', at, `Item ${i + 1} of ${where} is the same as item ${before + 1}: the platform keeps both, but one of them is surely a mistake.`);
      });
    }
    // Only collections can hold more lists.
    for (const item of node.items) if (item.type === 'object' || item.type === 'array') visit(item, itemSchema, name);
  };
  visit(ctx.doc.root, SCHEMAS[kind], '');
}

/** JSON with the keys of every mapping sorted: equal values, equal text. Iterative, so depth cannot overflow it. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v));
}
