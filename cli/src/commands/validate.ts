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
    return [fileProblem('unknown-file-kind', 'Not a known kind of secret definition file: name it *.northflank-secret.yaml, *.northflank-link.yaml or *.qovery-secrets.yaml (or .yml/.json), or add a "$schema" that names a bundled schema.')];
  }
  return validateDocument(doc);
}

export async function runValidate(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { format: { type: 'string', default: 'text' }, 'allow-empty': { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  const format = values.format;
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be "text" or "json", not "${format}".`);
  if (positionals.length === 0) throw new UsageError('validate needs at least one file or folder.');

  const { files, missing, skipped } = await expandPaths(positionals);
  for (const s of skipped) io.stderr(`secretdef: skipped ${s.path}: ${s.reason}.`);
  // A CI step that validates nothing (a wrong path, files renamed) must not pass silently.
  if (files.length === 0 && missing.length === 0 && !values['allow-empty']) {
    io.stderr(`secretdef: no secret definition file in ${positionals.join(', ')}: nothing was validated. Definition files are named *.northflank-secret.{yaml,yml,json}, *.northflank-link.{yaml,yml,json} or *.qovery-secrets.{yaml,yml,json}, or name a bundled schema in "$schema". Pass --allow-empty if finding none is expected.`);
    if (values.format === 'json') io.stdout('[]');
    return 1;
  }
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
