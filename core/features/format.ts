import { diffArrays } from 'diff';
import { format as formatJsonText, type EditResult } from 'jsonc-parser';
import { parseAllDocuments } from 'yaml';
import type { DefinitionDocument } from '../document';
import type { TextEdit } from './completion';

/** What the editor says of indentation (LSP FormattingOptions, `editor.tabSize` and `editor.insertSpaces`). */
export interface FormatOptions {
  tabSize: number;
  insertSpaces: boolean;
  /** End the file with exactly one line break (`files.insertFinalNewline`); otherwise the last line is kept as it is. */
  insertFinalNewline?: boolean;
}

/** A part of the document to format (Format Selection); the whole document when absent. */
export interface FormatRange {
  offset: number;
  length: number;
}

/**
 * Format Document and Format Selection. Both keep comments, the order of keys, anchors and aliases, and what each
 * value is (a formatted file has the same value as before); formatting twice changes nothing.
 *
 * - JSON: jsonc-parser's formatter (the one VS Code's JSON support uses): whitespace only.
 * - YAML: the `yaml` library's Document, written back with `tabSize` spaces per level (YAML forbids tabs for
 *   indentation, so `insertSpaces: false` still indents with spaces), sequences indented under their key, no line
 *   folding, and the scalars' quoting kept. A file that cannot be read (a syntax error, several documents) is left
 *   as it is: the problems say why.
 *
 * Format Selection formats the document and keeps the changes that touch the selected lines.
 */
export function formatDocument(doc: DefinitionDocument, options: FormatOptions, range?: FormatRange): TextEdit[] {
  if (doc.tooLarge) return [];
  if (doc.syntax === 'json') return formatJson(doc, options, range);
  const formatted = formatYaml(doc.text, options);
  if (formatted === undefined) return [];
  const edits = lineEdits(doc.text, formatted);
  if (!range) return edits;
  // The changed lines that touch the selection, whole.
  return edits.filter((e) => e.offset <= range.offset + range.length && e.offset + e.length >= range.offset);
}

function formatJson(doc: DefinitionDocument, options: FormatOptions, range?: FormatRange): TextEdit[] {
  const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
  const edits: EditResult = formatJsonText(doc.text, range, { tabSize: options.tabSize, insertSpaces: options.insertSpaces, eol, insertFinalNewline: options.insertFinalNewline ?? false, keepLines: false });
  return edits.map((e) => ({ offset: e.offset, length: e.length, newText: e.content }));
}

/** The YAML text formatted, or undefined when it cannot be formatted safely. */
export function formatYaml(text: string, options: FormatOptions): string | undefined {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const source = bom ? text.slice(1) : text;
  if (source.trim() === '') return text;
  const documents = parseAllDocuments(source, { uniqueKeys: false, prettyErrors: false });
  // Several documents are a problem of their own (`multiple-documents`); a file that cannot be read is left alone.
  if (!Array.isArray(documents) || documents.length !== 1 || documents[0].errors.length) return undefined;
  const document = documents[0];
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  let out = document.toString({ indent: Math.max(1, Math.min(8, Math.floor(options.tabSize) || 2)), indentSeq: true, lineWidth: 0, minContentWidth: 0, flowCollectionPadding: true });
  if (eol === '\r\n') out = out.replace(/\r?\n/g, '\r\n');
  // The yaml library always ends with one line break; a file without one keeps it so unless asked.
  if (!options.insertFinalNewline && !/\r?\n$/.test(source)) out = out.replace(/\r?\n$/, '');
  return bom + out;
}

/** The differences between two texts as edits of whole lines (so that Format Selection can keep some of them). */
function lineEdits(before: string, after: string): TextEdit[] {
  if (before === after) return [];
  const split = (t: string): string[] => t.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const a = split(before);
  const b = split(after);
  const edits: TextEdit[] = [];
  let offset = 0;
  let pending: TextEdit | undefined;
  for (const part of diffArrays(a, b)) {
    const text = part.value.join('');
    if (part.added) {
      pending = pending ? { ...pending, newText: pending.newText + text } : { offset, length: 0, newText: text };
    } else if (part.removed) {
      pending = pending ? { ...pending, length: pending.length + text.length } : { offset, length: text.length, newText: '' };
      offset += text.length;
    } else {
      if (pending) edits.push(pending);
      pending = undefined;
      offset += text.length;
    }
  }
  if (pending) edits.push(pending);
  return edits;
}
