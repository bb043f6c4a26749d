import { promises as fs } from 'node:fs';
import { parseArgs } from 'node:util';
import { CODES, parseDefinition, validateDocument, type Diagnostic } from '../../../core';
import { expandPaths } from '../files';
import { formatJson, formatText, summary, type FileDiagnostic } from '../output';
import { UsageError } from '../usage';
import type { Io } from '../io';

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function fileProblem(code: 'unknown-file-kind' | 'file-unreadable', message: string): Diagnostic {
  return { range: ZERO, severity: CODES[code].severity, code, message };
}

/** Validates one file's text; exported so that the CLI and tests share exactly this path. */
export async function validateFile(file: string): Promise<Diagnostic[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a folder' : ((e as NodeJS.ErrnoException).code ?? 'unknown error');
    return [fileProblem('file-unreadable', `The file cannot be read (${reason}).`)];
  }
  const doc = parseDefinition(file, text);
  if (!doc) {
    return [fileProblem('unknown-file-kind', 'Not a known kind of secret definition file: name it *.northflank-secret.yaml, *.northflank-link.yaml, *.qovery-secrets.yaml (or .yml/.json) or *.northflank-template.json, or add a "$schema" that names a bundled schema.')];
  }
  return validateDocument(doc);
}

export async function runValidate(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { format: { type: 'string', default: 'text' } },
    allowPositionals: true,
    strict: true,
  });
  const format = values.format;
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be "text" or "json", not "${format}".`);
  if (positionals.length === 0) throw new UsageError('validate needs at least one file or folder.');

  const { files, missing } = await expandPaths(positionals);
  const results: FileDiagnostic[] = [];
  for (const file of missing) results.push({ file, ...fileProblem('file-unreadable', 'No such file or folder.') });
  for (const file of files) {
    for (const d of await validateFile(file)) results.push({ file, ...d });
  }

  if (format === 'json') {
    io.stdout(formatJson(results));
  } else {
    if (results.length) io.stdout(formatText(results));
    io.stdout(summary(results, files.length));
  }
  return results.some((d) => d.severity === 'error') ? 1 : 0;
}
