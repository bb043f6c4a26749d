import { parseArgs } from 'node:util';
import { CODES, sortDiagnostics, type Diagnostic, type DiagnosticCode } from '../../../core';
import { literalSecretDiagnostics } from '../../../core/secrets/literal';
import { isTrackedByGit } from '../../../sync/local';
import { fileProblem, readDefinition } from '../definitions';
import { expandPaths } from '../files';
import { docsUrl, formatGithub, formatJson, formatSarif, formatText, parseFormat, summary, writeOutput, type FileDiagnostic, type RuleInfo } from '../output';
import { structuralPlaces } from '../places';
import { UsageError } from '../usage';
import type { Io } from '../io';

declare const SECRETDEF_VERSION: string | undefined;

/** Every diagnostic code as a SARIF rule, documented in the README's "Diagnostic codes" table. */
export const VALIDATE_RULES: readonly RuleInfo[] = (Object.keys(CODES) as DiagnosticCode[]).map((code) => ({
  code,
  severity: CODES[code].severity,
  summary: CODES[code].summary,
  section: 'diagnostic-codes',
}));

/**
 * Validates one file (read and parsed once); exported so that the CLI and tests share exactly this path. With
 * `literalSecrets`, a file tracked by git is also scanned for values that look like real secrets (`literal-secret`
 * warnings). Each diagnostic says where it is in the file's structure (for stable SARIF fingerprints).
 */
export async function validateFile(file: string, options: { literalSecrets?: boolean } = {}): Promise<Array<Diagnostic & { where?: string }>> {
  const { doc, diagnostics } = await readDefinition(file);
  if (!doc) return diagnostics;
  if (options.literalSecrets && (await isTrackedByGit(file))) {
    for (const d of await literalSecretDiagnostics(doc)) diagnostics.push(d);
    sortDiagnostics(diagnostics);
  }
  const places = structuralPlaces(doc, diagnostics.map((d) => d.range));
  return diagnostics.map((d, i) => (places[i] === undefined ? d : { ...d, where: places[i] }));
}

export async function runValidate(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { format: { type: 'string', default: 'text' }, output: { type: 'string' }, 'allow-empty': { type: 'boolean', default: false }, 'no-literal-secrets': { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  const format = parseFormat(values.format, ['text', 'json', 'sarif', 'github']);
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

  const root = process.cwd();
  let text: string;
  if (format === 'json') text = formatJson(results);
  else if (format === 'sarif') text = await formatSarif(results, { root, version: typeof SECRETDEF_VERSION === 'string' ? SECRETDEF_VERSION : 'development', docsUrl: docsUrl(io.env), rules: VALIDATE_RULES });
  else if (format === 'github') text = formatGithub(results, root);
  else text = [...(results.length ? [formatText(results)] : []), summary(results, files.length)].join('\n');
  await writeOutput(io, text, values.output);
  // With --output, the terminal still says how it went (on stderr: stdout stays for the output).
  if (values.output !== undefined) io.stderr(`${summary(results, files.length)} Written to ${values.output} (${format}).`);
  else if (format === 'github') io.stderr(summary(results, files.length));
  return results.some((d) => d.severity === 'error') ? 1 : 0;
}
