import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver-protocol';
import { isDiagnosticCode } from '../../core';
import { parseMarkers } from './markers';
import { FIXTURES } from './paths';
import type { Random } from './random';

/**
 * Generators of hostile documents for the fuzz, stress and unbreakable tests: random bytes and unicode garbage,
 * random structural YAML and JSON that uses the schemas' vocabulary, and mutations of real files.
 */

export interface Seed {
  name: string;
  text: string;
}

/** The seed examples and the rule fixtures (marker lines removed): real files of every kind, valid and invalid. */
export function loadSeeds(): Seed[] {
  const seeds: Seed[] = [];
  for (const dir of ['seeds', 'rules']) {
    for (const name of readdirSync(path.join(FIXTURES, dir)).sort()) {
      if (!/\.(ya?ml|json)$/.test(name)) continue;
      seeds.push({ name: `${dir}/${name}`, text: parseMarkers(readFileSync(path.join(FIXTURES, dir, name), 'utf8')).text });
    }
  }
  return seeds;
}

/** Any code units 0–255, NUL and control characters included. */
export function randomBytes(r: Random, length = r.int(0, 3000)): string {
  let out = '';
  for (let i = 0; i < length; i++) out += String.fromCharCode(r.int(0, 255));
  return out;
}

const TRICKY = ['\uFEFF', '\u2028', '\u2029', '\u0085', '\u00A0', '\u200B', '\u202E', '\t', '\r', '\n', '\r\n', '\0', '\u001B', '\uFFFD', '\uFFFF', '😀', '👩‍👩‍👧', 'é', 'e\u0301', '中文', 'ﷺ'];

/** Unicode garbage: lone surrogates, BOMs, line and paragraph separators, emoji, control characters. */
export function randomUnicode(r: Random, length = r.int(0, 1500)): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    const p = r.next();
    if (p < 0.3) out += String.fromCharCode(r.int(32, 126));
    else if (p < 0.45) out += r.pick(TRICKY);
    else if (p < 0.55) out += String.fromCharCode(r.int(0xd800, 0xdfff)); // a lone surrogate
    else if (p < 0.6) out += String.fromCharCode(r.int(0, 31));
    else out += String.fromCharCode(r.int(0, 0xffff));
  }
  return out;
}

const KEYS = [
  'name', 'description', 'type', 'secretType', 'priority', 'tags', 'restrictions', 'restricted', 'nfObjects', 'id',
  'addonDependencies', 'externalAddonDependencies', 'addonId', 'keys', 'keyName', 'aliases', 'secrets', 'variables',
  'files', 'dockerSecretMounts', 'data', 'encoding', 'project', 'key', 'value', 'target', 'mount_path', 'overrides',
  'enable_interpolation_in_file', 'NODE_ENV', '/etc/app.json', 'bad name!', '$schema', '__proto__', 'constructor', '',
];
const SCALARS = [
  'environment', 'secret', 'config', 'service', 'job', 'utf-8', 'base64', '10', '-1', '101', '3.5', '0x1F', '1e400',
  '.inf', '.nan', 'true', 'false', 'yes', 'no', 'null', '~', '2001-12-14t21:59:43.10-05:00', 'x'.repeat(300),
  '${NODE_ENV}', '3c90c3cc-0d44-4b50-8888-8dd25736052a', 'not-a-uuid', '/abs/path', 'relative/path', 'a b', '',
];

function yamlScalar(r: Random): string {
  const v = r.pick(SCALARS);
  const p = r.next();
  if (p < 0.55) return v;
  if (p < 0.7) return JSON.stringify(v);
  if (p < 0.8) return `'${v.replace(/'/g, "''")}'`;
  if (p < 0.85) return `!!${r.pick(['str', 'int', 'binary', 'bool', 'float', 'timestamp', 'null', 'map'])} ${v || 'x'}`;
  if (p < 0.9) return `!custom ${v || 'x'}`;
  return `"${v}\\${r.pick(['n', 'x4', 'u12', 'U0001F600', 'q', '0', 'ud800'])}"`;
}

/** Random YAML, block and flow, with anchors, aliases, tags, block scalars, comments and document markers. */
export function randomYaml(r: Random, depth = 0, indent = 0, anchors: string[] = []): string {
  const pad = ' '.repeat(indent);
  const p = r.next();
  const child = (): string => randomYaml(r, depth + 1, indent + 2, anchors);
  if (depth > 5 || p < 0.3) {
    const q = r.next();
    if (q < 0.08 && anchors.length) return `*${r.pick(anchors)}`;
    if (q < 0.14) return `|${r.pick(['', '-', '+', '2'])}\n${pad}  line one\n${pad}  line: two\n`;
    if (q < 0.18) return `>\n${pad}  folded\n${pad}\n${pad}  text\n`;
    if (q < 0.22) return `[${Array.from({ length: r.int(0, 4) }, () => yamlScalar(r)).join(', ')}${r.chance(0.1) ? '' : ']'}`;
    if (q < 0.26) return `{${Array.from({ length: r.int(0, 3) }, () => `${r.pick(KEYS)}: ${yamlScalar(r)}`).join(', ')}${r.chance(0.1) ? '' : '}'}`;
    return yamlScalar(r);
  }
  const anchor = r.chance(0.1) ? `&a${anchors.push(`a${anchors.length}`) - 1} ` : '';
  const lines: string[] = [];
  const count = r.int(0, 6);
  const seq = p < 0.5;
  for (let i = 0; i < count; i++) {
    if (r.chance(0.1)) lines.push(`${pad}# comment ${i}`);
    if (r.chance(0.03)) lines.push(r.pick(['---', '...', '%YAML 1.1', '? complex', '<<: *a0', ': orphan']));
    const value = child();
    const nested = value.includes('\n') && !/^[|>]/.test(value);
    if (seq) lines.push(nested ? `${pad}-\n${value}` : `${pad}- ${value}`);
    else {
      const key = r.chance(0.05) ? yamlScalar(r) : r.pick(KEYS);
      lines.push(nested ? `${pad}${key}:\n${value}` : `${pad}${key}: ${value}`);
    }
  }
  const body = lines.join('\n');
  if (depth === 0) return `${anchor ? `${anchor.trim()}\n` : ''}${body}\n`;
  return count === 0 ? (seq ? '[]' : '{}') : `${anchor ? `${anchor.trim()}\n` : ''}${body}\n`;
}

function jsonValue(r: Random, depth: number): unknown {
  const p = r.next();
  if (depth > 5 || p < 0.35) {
    const q = r.next();
    if (q < 0.5) return r.pick(SCALARS);
    if (q < 0.7) return r.pick([0, -1, 10, 101, 3.5, 1e21, -0]);
    if (q < 0.85) return r.pick([true, false, null]);
    return String.fromCharCode(r.int(0, 0xffff)).repeat(r.int(1, 3));
  }
  if (p < 0.55) return Array.from({ length: r.int(0, 5) }, () => jsonValue(r, depth + 1));
  const out: Record<string, unknown> = {};
  for (let i = r.int(0, 6); i > 0; i--) out[r.pick(KEYS)] = jsonValue(r, depth + 1);
  return out;
}

/** Random JSON over the schemas' vocabulary, sometimes with comments, trailing commas or cut short. */
export function randomJson(r: Random): string {
  let text = JSON.stringify(jsonValue(r, 0), null, r.pick([0, 2, 4, '\t']));
  const p = r.next();
  if (p < 0.1) text = text.replace(/,/, ',,');
  else if (p < 0.2) text = text.replace(/\}$/, ',}');
  else if (p < 0.25) text = `// comment\n${text}`;
  else if (p < 0.35) text = text.slice(0, r.int(0, text.length));
  else if (p < 0.4) text = `${text}\n${text}`;
  return text;
}

const SNIPPETS = ['\n', '  ', '\t', ':', ': ', '- ', '#', '"', "'", '[', ']', '{', '}', ',', '&a', '*a', '!!', '|', '>', '---\n', '\r\n', '\uFEFF', '\0', '\uD800', 'é', '12345', 'null', 'key: value\n', '${X}'];

/** One random mutation of a text: insert, delete, swap characters or lines, duplicate a block, brackets, indentation, line ends. */
export function mutate(r: Random, text: string): string {
  const at = (): number => r.int(0, text.length);
  const lines = (): string[] => text.split('\n');
  switch (r.int(0, 11)) {
    case 0: {
      const i = at();
      return text.slice(0, i) + r.pick(SNIPPETS) + text.slice(i);
    }
    case 1: {
      const i = at();
      return text.slice(0, i) + text.slice(Math.min(text.length, i + r.int(1, 20)));
    }
    case 2: {
      if (text.length < 2) return text + r.pick(SNIPPETS);
      const i = r.int(0, text.length - 2);
      return text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2);
    }
    case 3: {
      const ls = lines();
      const a = r.int(0, ls.length - 1);
      const b = r.int(0, ls.length - 1);
      [ls[a], ls[b]] = [ls[b], ls[a]];
      return ls.join('\n');
    }
    case 4: {
      const ls = lines();
      const a = r.int(0, ls.length - 1);
      const b = Math.min(ls.length, a + r.int(1, 6));
      ls.splice(b, 0, ...ls.slice(a, b));
      return ls.join('\n');
    }
    case 5: {
      const i = at();
      return text.slice(0, i) + r.pick(['[', '{', ']', '}', '"', "'", '[{', '}]]']) + text.slice(i);
    }
    case 6: {
      const ls = lines();
      const a = r.int(0, ls.length - 1);
      ls[a] = r.pick(['\t', ' ', '   ', '\t  ', '']) + ls[a].replace(/^ {0,2}/, '');
      return ls.join('\n');
    }
    case 7:
      return text.replace(/\r?\n/g, r.pick(['\r\n', '\r', '\n']));
    case 8: {
      const ls = lines();
      const a = r.int(0, ls.length - 1);
      ls.splice(a, 1);
      return ls.join('\n');
    }
    case 9: {
      const i = at();
      return text.slice(0, i) + text.slice(i, i + r.int(1, 200)).repeat(r.int(2, 5)) + text.slice(i + 200);
    }
    case 10:
      return text.slice(0, at());
    default: {
      const i = at();
      return text.slice(0, i) + randomUnicode(r, r.int(1, 10)) + text.slice(i);
    }
  }
}

/** The smallest single replacement that turns `before` into `after`: offsets into `before`. */
export function diffEdit(before: string, after: string): { start: number; end: number; text: string } {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { start, end: before.length - tail, text: after.slice(start, after.length - tail) };
}

/** Whether every diagnostic has a known code and a range inside the text the server had for that version. */
export function checkDiagnostics(diagnostics: LspDiagnostic[], text: string): string | undefined {
  const lines = text.split(/\r\n|\r|\n/);
  const inside = (p: { line: number; character: number }): boolean =>
    Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length;
  for (const d of diagnostics) {
    if (typeof d.code !== 'string' || !isDiagnosticCode(d.code)) return `unknown code ${JSON.stringify(d.code)}`;
    if (!inside(d.range.start) || !inside(d.range.end)) return `range outside the document: ${JSON.stringify(d.range)} (${d.code})`;
    const { start, end } = d.range;
    if (start.line > end.line || (start.line === end.line && start.character > end.character)) return `range ends before it starts: ${JSON.stringify(d.range)}`;
    if (!d.message) return `no message (${d.code})`;
  }
  return undefined;
}
