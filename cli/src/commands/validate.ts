import { parseArgs } from 'node:util';
import { sortDiagnostics, type Diagnostic } from '../../../core';
import { literalSecretDiagnostics } from '../../../core/secrets/literal';
import { isTrackedByGit } from '../../../sync/local';
import { fileProblem, readDefinition } from '../definitions';
import { expandPaths } from '../files';
import { formatJson, formatText, summary, type FileDiagnostic } from '../output';
import { UsageError } from '../usage';
import type { Io } from '../io';

/**
 * Validates one file (read and parsed once); exported so that the CLI and tests share exactly this path. With
 * `literalSecrets`, a file tracked by git is also scanned for values that look like real secrets (`literal-secret`
 * warnings).
 */
export async function validateFile(file: string, options: { literalSecrets?: boolean } = {}): Promise<Diagnostic[]> {
  const { doc, diagnostics } = await readDefinition(file);
  if (!doc || !options.literalSecrets || !(await isTrackedByGit(file))) return diagnostics;
  for (const d of await literalSecretDiagnostics(doc)) diagnostics.push(d);
  return sortDiagnostics(diagnostics);
}

export async function runValidate(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { format: { type: 'string', default: 'text' }, 'allow-empty': { type: 'boolean', default: false }, 'no-literal-secrets': { type: 'boolean', default: false } },
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
    for (const d of await validateFile(file, { literalSecrets: values['no-literal-secrets'] !== true })) results.push({ file, ...d });
  }

  if (format === 'json') {
    io.stdout(formatJson(results));
  } else {
    if (results.length) io.stdout(formatText(results));
    io.stdout(summary(results, files.length));
  }
  return results.some((d) => d.severity === 'error') ? 1 : 0;
}
