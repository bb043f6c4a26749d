import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-protocol';

/** Applies LSP text edits to a text, as an editor would. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'plaintext', 1, text), [...edits]);
}

/** Applies a completion's main and additional edits. */
export function applyCompletion(text: string, item: { textEdit?: TextEdit | { range: TextEdit['range']; newText: string } | { insert: TextEdit['range']; replace: TextEdit['range']; newText: string }; additionalTextEdits?: TextEdit[] }): string {
  const main = item.textEdit && 'range' in item.textEdit ? [{ range: item.textEdit.range, newText: item.textEdit.newText }] : [];
  return applyEdits(text, [...main, ...(item.additionalTextEdits ?? [])]);
}

/** Turns a snippet into the text it inserts when every placeholder is left at its default (first choice). */
export function expandSnippet(snippet: string): string {
  return snippet
    .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\}|\$\d+/g, '')
    .replace(/\\([\\$}])/g, '$1');
}
