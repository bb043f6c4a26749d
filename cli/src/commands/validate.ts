import { parseArgs } from 'node:util';
import type { Diagnostic } from '../../../core';
import { fileProblem, readDefinition } from '../definitions';
import { expandPaths } from '../files';
import { formatJson, formatText, summary, type FileDiagnostic } from '../output';
import { UsageError } from '../usage';
import type { Io } from '../io';

/** Validates one file (read and parsed once); exported so that the CLI and tests share exactly this path. */
export async function validateFile(file: string): Promise<Diagnostic[]> {
  return (await readDefinition(file)).diagnostics;
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
