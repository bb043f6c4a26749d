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
