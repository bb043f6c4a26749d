/**
 * How `secretdef` prints findings: text for people, JSON for scripts, SARIF 2.1.0 for code scanning, and GitHub
 * workflow commands for annotations. Every format prints names, positions and messages: the messages of the core
 * never hold a secret value, and nothing here adds one (fingerprints hash the structural place, never the text).
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { formatDiagnosticLine, type Diagnostic, type Range, type Severity } from '../../core';
import { UsageError } from './usage';

export interface FileDiagnostic extends Diagnostic {
  file: string;
  /**
   * Where in the file's structure the finding is (`secrets.variables.DB_URL`, `priority:key`), for fingerprints
   * that survive unrelated edits. Undefined when there is no structure (a syntax error, an unreadable file).
   */
  where?: string;
}

/** A finding of any command (validate, drift): a diagnostic, or one with a code of its own and no range. */
export interface Finding {
  file: string;
  /** Undefined for a finding about the whole file. */
  range?: Range;
  severity: Severity;
  code: string;
  message: string;
  where?: string;
}

/** What a rule of a SARIF log says: its code, its one-line meaning and its README section. */
export interface RuleInfo {
  code: string;
  severity: Severity;
  summary: string;
  /** The README section (its heading's anchor) that documents the rule. */
  section: string;
}

export type OutputFormat = 'text' | 'json' | 'sarif' | 'github';

/** The `--format` value, checked: the formats a command offers, in order. */
export function parseFormat(value: string | undefined, allowed: readonly OutputFormat[]): OutputFormat {
  const format = value ?? allowed[0];
  if (!(allowed as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be ${allowed.map((f) => `"${f}"`).join(', ').replace(/, ([^,]*)$/, ' or $1')}, not "${format}".`);
  }
  return format as OutputFormat;
}

/** One line per diagnostic, in the core's line format (`file:line:col severity message [code]`). */
export function formatText(items: readonly FileDiagnostic[]): string {
  return items.map((d) => formatDiagnosticLine(d.file, d)).join('\n');
}

/** One JSON array, 0-based positions as in LSP. */
export function formatJson(items: readonly FileDiagnostic[]): string {
  return JSON.stringify(
    items.map((d) => ({ file: d.file, range: d.range, severity: d.severity, code: d.code, message: d.message })),
    null,
    2,
  );
}

export function summary(items: readonly FileDiagnostic[], fileCount: number): string {
  const count = (s: Diagnostic['severity']) => items.filter((d) => d.severity === s).length;
  const errors = count('error');
  const warnings = count('warning');
  const files = `${fileCount} file${fileCount === 1 ? '' : 's'}`;
  if (items.length === 0) return `No problems in ${files}.`;
  return `${items.length} problem${items.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}) in ${files}.`;
}

// ---- GitHub workflow commands ----

/** GitHub's escaping of a command's message (as @actions/core does): `%`, CR and LF. */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** GitHub's escaping of a command's property value: the message's, plus `:` and `,`, which end a property. */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

/** A path as GitHub and SARIF want it: relative to the repository root (the working folder), with forward slashes. */
export function relativePath(file: string, root: string): string | undefined {
  const relative = path.relative(root, path.resolve(root, file));
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

/**
 * One workflow command per finding: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
 * Columns are 1-based, the end column the last character's (GitHub shows columns on one line only).
 */
export function formatGithub(items: readonly Finding[], root: string): string {
  return items
    .map((d) => {
      const props: string[] = [`file=${escapeGithubProperty(relativePath(d.file, root) ?? d.file)}`];
      if (d.range) {
        const { start, end } = d.range;
        props.push(`line=${start.line + 1}`, `col=${start.character + 1}`, `endLine=${end.line + 1}`);
        if (end.line === start.line) props.push(`endColumn=${Math.max(start.character + 1, end.character)}`);
      }
      props.push(`title=${escapeGithubProperty(`secretdef ${d.code}`)}`);
      return `::${GITHUB_COMMAND[d.severity]} ${props.join(',')}::${escapeGithubData(d.message)}`;
    })
    .join('\n');
}

// ---- SARIF 2.1.0 ----

const SARIF_LEVEL: Record<Severity, Result.level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** The key of our fingerprint in `partialFingerprints` (versioned: a change of the recipe gets a new key). */
export const FINGERPRINT_KEY = 'secretdefLocation/v1';

export interface SarifOptions {
  /** The repository root: file URIs are relative to it (`%SRCROOT%`). */
  root: string;
  version: string;
  /** The README's address (for example on GitHub); rules link to its sections. Undefined: no links. */
  docsUrl?: string;
  /** Every rule the tool has, so that rule indexes are stable whatever the results. */
  rules: readonly RuleInfo[];
}

/**
 * Fingerprints from the code, the file and the structural place, numbered when one place has several: a line moved
 * by an unrelated edit keeps its alert. Never the text of the line, which may hold a value.
 */
function fingerprints(items: readonly Finding[], root: string): string[] {
  const seen = new Map<string, number>();
  return items.map((d) => {
    const place = d.where ?? `(message) ${d.message}`;
    const key = [d.code, relativePath(d.file, root) ?? path.resolve(root, d.file), place].join('\u0000');
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return `${createHash('sha256').update(`${key}\u0000${n}`).digest('hex').slice(0, 32)}:${n + 1}`;
  });
}

/** A SARIF 2.1.0 log, built with node-sarif-builder: one rule per code (help text, README link), exact regions. */
export async function formatSarif(items: readonly Finding[], options: SarifOptions): Promise<string> {
  // Loaded when asked for: the builder brings fs-extra, which no other format needs.
  const { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } = await import('node-sarif-builder');
  const builder = new SarifBuilder();
  const run = new SarifRunBuilder().initSimple({ toolDriverName: 'secretdef', toolDriverVersion: options.version, url: options.docsUrl });
  for (const info of options.rules) {
    const rule = new SarifRuleBuilder().initSimple({
      ruleId: info.code,
      shortDescriptionText: plain(info.summary),
      fullDescriptionText: plain(info.summary),
      helpUri: options.docsUrl ? `${options.docsUrl}#${info.section}` : undefined,
    });
    const descriptor: ReportingDescriptor = rule.rule;
    descriptor.help = {
      text: `${plain(info.summary)} See the README, section "${sectionTitle(info.section)}".`,
      markdown: `${info.summary}\n\nSee the README, section ${options.docsUrl ? `[${sectionTitle(info.section)}](${options.docsUrl}#${info.section})` : `"${sectionTitle(info.section)}"`}.`,
    };
    descriptor.defaultConfiguration = { level: SARIF_LEVEL[info.severity] };
    run.addRule(rule);
  }
  const prints = fingerprints(items, options.root);
  items.forEach((d, n) => {
    const relative = relativePath(d.file, options.root);
    const result = new SarifResultBuilder().initSimple({
      level: SARIF_LEVEL[d.severity],
      messageText: d.message,
      ruleId: d.code,
      fileUri: relative ?? pathToFileURL(path.resolve(options.root, d.file)).href,
      // SARIF is 1-based, columns in UTF-16 code units (our positions), the end column just past the last character.
      ...(d.range ? { startLine: d.range.start.line + 1, startColumn: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1 } : {}),
    });
    const location = result.result.locations?.[0]?.physicalLocation?.artifactLocation;
    if (location && relative !== undefined) location.uriBaseId = '%SRCROOT%';
    result.result.partialFingerprints = { [FINGERPRINT_KEY]: prints[n] };
    run.addResult(result);
  });
  run.run.columnKind = 'utf16CodeUnits';
  run.run.originalUriBaseIds = { '%SRCROOT%': { uri: pathToFileURL(`${path.resolve(options.root)}${path.sep}`).href } };
  builder.addRun(run);
  const log: Log = builder.buildSarifOutput();
  // The builder lists the artifacts without their base: the same as their results' locations.
  for (const artifact of log.runs[0].artifacts ?? []) {
    if (artifact.location?.uri && !/^[a-z]+:/i.test(artifact.location.uri)) artifact.location.uriBaseId = '%SRCROOT%';
  }
  return JSON.stringify(log, null, 2);
}

/** A summary without the Markdown backticks, for SARIF's plain-text fields. */
function plain(text: string): string {
  return text.replace(/`/g, '');
}

function sectionTitle(anchor: string): string {
  const title = anchor.replace(/-/g, ' ');
  return title.charAt(0).toUpperCase() + title.slice(1);
}

// ---- Where the output goes ----

/**
 * Writes a command's output: to stdout, or with `--output FILE` to that file (whole, with a final newline; its
 * folder is made when missing).
 * A file that cannot be written is a usage error (exit 2), said without the output itself.
 */
export async function writeOutput(io: { stdout(line: string): void }, text: string, file: string | undefined): Promise<void> {
  if (file === undefined) {
    if (text) io.stdout(text);
    return;
  }
  try {
    // Like eslint's --output-file: the folder is made when missing.
    await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await fs.writeFile(file, text.endsWith('\n') || text === '' ? text : `${text}\n`, 'utf8');
  } catch (e) {
    throw new UsageError(`--output: ${file} cannot be written (${(e as NodeJS.ErrnoException).code ?? 'unknown error'}).`, false);
  }
}

/**
 * The README's address for rule links: SECRETDEF_DOCS_URL (the GitHub Action sets it to the README of the action's
 * own repository, at its ref), else none: the repository has no public address of its own to link to.
 */
export function docsUrl(env: Readonly<Record<string, string | undefined>> | undefined): string | undefined {
  const url = env?.SECRETDEF_DOCS_URL?.trim();
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? url.replace(/#.*$/, '') : undefined;
  } catch {
    return undefined;
  }
}
