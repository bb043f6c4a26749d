import type { FileKind, SyntaxKind } from '../kinds';
import { resolveRef } from '../schema/navigate';
import type { JsonSchema } from '../schema/schemas';

/**
 * Snippet bodies for a property's value, in YAML or JSON, with the indentation of the place they go. A body is a
 * plain value whose strings may hold snippet placeholders (`$1`, `${2:name}`, `${1|a,b|}`); a string starting
 * with `^` is inserted without quotes in JSON (as in VS Code's JSON schemas' defaultSnippets).
 */
export type SnippetValue = string | number | boolean | null | SnippetValue[] | { [key: string]: SnippetValue };

export class TabStops {
  private next = 1;
  take(): number {
    return this.next++;
  }
}

/**
 * A string as YAML writes it: plain where YAML reads it back as this very string, double-quoted otherwise (words
 * like `yes` or `null`, numbers, leading or trailing spaces, indicators).
 */
export function yamlString(text: string): string {
  const plain = /^[A-Za-z0-9_/][\w ./-]*$/.test(text) && !/\s$/.test(text) && !/^(true|false|null|yes|no|on|off|y|n|~)$/i.test(text) && !/^[\d.+-]+$/.test(text);
  return plain ? text : JSON.stringify(text);
}

/** Escapes text so a snippet inserts it literally. */
export function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

/** A placeholder for a value of a schema: a choice for enums and booleans, the example or a tab stop otherwise. */
export function placeholder(kind: FileKind, schema: JsonSchema, stops: TabStops, depth = 0): SnippetValue {
  const s = resolveRef(kind, schema);
  const n = stops.take();
  if (s.enum) return `\${${n}|${s.enum.map((v) => String(v)).join(',')}|}`;
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  const example = Array.isArray(s.examples) ? s.examples[0] : undefined;
  switch (type) {
    case 'boolean':
      return `^\${${n}|true,false|}`;
    case 'integer':
    case 'number':
      return `^\${${n}:${escapeSnippet(String(typeof example === 'number' ? example : (s.minimum ?? 0)))}}`;
    case 'object': {
      if (depth > 3) return {};
      const body: Record<string, SnippetValue> = {};
      for (const key of s.required ?? []) {
        const child = s.properties?.[key];
        if (child) body[key] = placeholder(kind, child, stops, depth + 1);
      }
      return body;
    }
    case 'array':
      return s.items && depth <= 3 ? [placeholder(kind, s.items, stops, depth + 1)] : [];
    default:
      return typeof example === 'string' && !/^\//.test(example) ? `\${${n}:${escapeSnippet(example)}}` : `\${${n}}`;
  }
}

/** The body a property's completion inserts: the schema's first defaultSnippet, or one built from required fields. */
export function valueBody(kind: FileKind, schema: JsonSchema, stops: TabStops): SnippetValue {
  const s = resolveRef(kind, schema);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === 'array' && s.items) {
    const item = resolveRef(kind, s.items);
    const snippet = item.defaultSnippets?.[0]?.body;
    return [snippet !== undefined ? (snippet as SnippetValue) : placeholder(kind, item, stops, 1)];
  }
  const own = s.defaultSnippets?.[0]?.body;
  if (type === 'object' && own !== undefined && (s.required ?? []).length === 0 && isPlainObject(own)) return own as SnippetValue;
  return placeholder(kind, s, stops);
}

function isPlainObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Renders `key: body` (YAML) or `"key": body` (JSON) as snippet text, later lines indented from `indent`. */
export function renderProperty(syntax: SyntaxKind, key: string, body: SnippetValue, indent: number, keyText?: string): string {
  if (syntax === 'json') return `${keyText ?? JSON.stringify(key)}: ${renderJson(body, indent)}`;
  return `${keyText ?? yamlKey(key)}:${renderYamlValue(body, indent)}`;
}

/** Renders a body on its own, for a list item or a whole document. */
export function renderValue(syntax: SyntaxKind, body: SnippetValue, indent: number): string {
  if (syntax === 'json') return renderJson(body, indent);
  const rendered = renderYamlValue(body, indent - 2);
  return rendered.startsWith('\n') ? rendered.replace(/^\n\s*/, '') : rendered.trimStart();
}

function yamlKey(key: string): string {
  return /^[A-Za-z0-9_$/.{}-][^:#]*$/.test(key) && !/^[-?]\s/.test(key) ? key : JSON.stringify(key);
}

function yamlScalar(v: SnippetValue): string {
  if (typeof v === 'string') {
    const s = v.startsWith('^') ? v.slice(1) : v;
    // Placeholders stay plain; literal text is quoted when YAML would read it as something else.
    if (/^\$/.test(s) || /^[A-Za-z0-9_./-][^:#]*$/.test(s)) return s;
    return JSON.stringify(s);
  }
  return JSON.stringify(v);
}

/** A YAML value after `key:` — ` scalar`, or a newline and a block indented under the key at `indent`. */
function renderYamlValue(v: SnippetValue, indent: number): string {
  const pad = ' '.repeat(indent + 2);
  if (Array.isArray(v)) {
    if (v.length === 0) return ' []';
    return v.map((item) => `\n${pad}- ${renderYamlItem(item, indent + 4)}`).join('');
  }
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v);
    // An object with nothing required: leave the caret where its first key goes.
    if (entries.length === 0) return `\n${pad}$0`;
    return entries.map(([k, child]) => `\n${pad}${yamlKey(k)}:${renderYamlValue(child, indent + 2)}`).join('');
  }
  return ` ${yamlScalar(v)}`;
}

/** The text after `- ` of a list item whose content starts at column `indent`. */
function renderYamlItem(v: SnippetValue, indent: number): string {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const entries = Object.entries(v);
    if (entries.length === 0) return '{}';
    const pad = ' '.repeat(indent);
    return entries.map(([k, child], i) => `${i === 0 ? '' : `\n${pad}`}${yamlKey(k)}:${renderYamlValue(child, indent)}`).join('');
  }
  if (Array.isArray(v)) return `${renderYamlValue(v, indent - 2).replace(/^\n\s*/, '')}`;
  return yamlScalar(v);
}

function renderJson(v: SnippetValue, indent: number): string {
  const pad = ' '.repeat(indent + 2);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((item) => `${pad}${renderJson(item, indent + 2)}`).join(',\n')}\n${' '.repeat(indent)}]`;
  }
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v);
    if (entries.length === 0) return `{\n${pad}$0\n${' '.repeat(indent)}}`;
    return `{\n${entries.map(([k, child]) => `${pad}${JSON.stringify(k)}: ${renderJson(child, indent + 2)}`).join(',\n')}\n${' '.repeat(indent)}}`;
  }
  if (typeof v === 'string') return v.startsWith('^') ? v.slice(1) : `"${v}"`;
  return JSON.stringify(v);
}
