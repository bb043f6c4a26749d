/**
 * One read of one definition file per command: the text is read, parsed and validated once, and what `validate`
 * prints and what `diff` and `push` send both come from that one parse.
 */
import { promises as fs } from 'node:fs';
import { CODES, parseDefinition, validateDocument, type DefinitionDocument, type Diagnostic } from '../../core';

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function fileProblem(code: 'unknown-file-kind' | 'file-unreadable', message: string): Diagnostic {
  return { range: ZERO, severity: CODES[code].severity, code, message };
}

export interface ReadDefinition {
  file: string;
  /** The parsed file; undefined when it cannot be read or is no secret definition (its one diagnostic says which). */
  doc?: DefinitionDocument;
  diagnostics: Diagnostic[];
}

export async function readDefinition(file: string): Promise<ReadDefinition> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'EISDIR' ? 'it is a folder' : (code ?? 'unknown error');
    return { file, diagnostics: [fileProblem('file-unreadable', `The file cannot be read (${reason}).`)] };
  }
  const doc = parseDefinition(file, text);
  if (!doc) {
    return { file, diagnostics: [fileProblem('unknown-file-kind', 'Not a known kind of secret definition file: name it *.northflank-secret.yaml, *.northflank-link.yaml, *.qovery-secrets.yaml (or .yml/.json) or *.northflank-template.json, or add a "$schema" that names a bundled schema.')] };
  }
  return { file, doc, diagnostics: validateDocument(doc) };
}
