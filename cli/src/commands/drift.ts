/**
 * `secretdef drift A B [C…]`: what differs between definition files of one kind (keys missing in some, settings,
 * values by hash where known), and `secretdef drift --remote FILE…`: each file against what its platform holds
 * (the plan `diff` shows). A table, JSON, SARIF or GitHub annotations; exit 1 when there is drift. Never a value.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { PLATFORM_TITLES } from '../../../api/errors';
import {
  compareDefinitions,
  DRIFT_CODES,
  driftFromPlan,
  driftSide,
  hasDrift,
  KIND_TITLES,
  renderDriftTable,
  summarizeDrift,
  type DefinitionDocument,
  type DriftCode,
  type DriftReport,
  type DriftSide,
} from '../../../core';
import { readDefinition } from '../definitions';
import type { Io } from '../io';
import { docsUrl, formatGithub, formatSarif, formatText, parseFormat, writeOutput, type Finding, type RuleInfo } from '../output';
import { refuseSecretFlags } from '../remote';
import { SopsError } from '../../../core/sops';
import { knownValues } from '../../../sync/resolve';
import { planFiles, REMOTE_OPTIONS, resolveContext, syncOptionsOf } from '../sync';
import { UsageError } from '../usage';

declare const SECRETDEF_VERSION: string | undefined;

/** The drift codes as SARIF rules, documented in the README's `secretdef drift` section. */
export const DRIFT_RULES: readonly RuleInfo[] = (Object.keys(DRIFT_CODES) as DriftCode[]).map((code) => ({
  code,
  severity: DRIFT_CODES[code].severity,
  summary: DRIFT_CODES[code].summary,
  section: 'secretdef-drift',
}));

/**
 * Digests for comparing values within this run only: an HMAC with a key drawn for the run, so a digest means
 * nothing outside the process (and none is ever printed).
 */
function runDigest(): (value: string) => string {
  const key = randomBytes(32);
  return (value) => createHmac('sha256', key).update(value).digest('hex');
}

/** Reads, parses and validates each file once; prints what stops the comparison (unreadable, unknown kind, errors). */
async function loadDocuments(files: readonly string[], io: Io): Promise<DefinitionDocument[] | undefined> {
  const docs: DefinitionDocument[] = [];
  let failed = false;
  for (const file of files) {
    const { doc, diagnostics } = await readDefinition(file);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (!doc || errors.length) {
      io.stderr(formatText(errors.map((d) => ({ file, ...d }))));
      failed = true;
      continue;
    }
    docs.push(doc);
  }
  if (failed) {
    io.stderr('secretdef: drift compares valid files only: fix the problems above (secretdef validate shows the same), then run again.');
    return undefined;
  }
  return docs;
}

/** The findings to annotate: one per row and file where the row has something to say in that file. */
function findings(reports: readonly DriftReport[]): Finding[] {
  const out: Finding[] = [];
  for (const report of reports) {
    for (const row of report.rows) {
      row.locations.forEach((range, i) => {
        if (range === null) return;
        out.push({ file: report.labels[i], range, severity: DRIFT_CODES[row.code].severity, code: row.code, message: row.message, where: `${row.entry}#${row.aspect}` });
      });
    }
  }
  return out;
}

function json(reports: readonly DriftReport[]): string {
  return JSON.stringify(
    {
      drift: reports.some(hasDrift),
      comparisons: reports.map((r) => ({
        kind: r.kind,
        files: r.labels,
        drift: hasDrift(r),
        summary: summarizeDrift(r),
        same: r.same,
        rows: r.rows.map((row) => ({
          code: row.code,
          severity: DRIFT_CODES[row.code].severity,
          entry: row.entry,
          aspect: row.aspect,
          message: row.message,
          cells: Object.fromEntries(r.labels.map((label, i) => [label, row.cells[i]])),
        })),
      })),
    },
    null,
    2,
  );
}

export async function runDrift(args: string[], io: Io): Promise<number> {
  refuseSecretFlags(args);
  const { values, positionals } = parseArgs({
    args,
    options: { ...REMOTE_OPTIONS, remote: { type: 'boolean', default: false }, 'ignore-values': { type: 'boolean', default: false }, format: { type: 'string', default: 'text' }, output: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const format = parseFormat(values.format, ['text', 'json', 'sarif', 'github']);
  const remote = values.remote === true;
  const remoteFlags = (['project', 'team', 'secret', 'addon', 'api-url'] as const).filter((f) => values[f] !== undefined);
  if (!remote && (remoteFlags.length || values['token-stdin'] || values.prune)) {
    throw new UsageError(`--${remoteFlags[0] ?? (values.prune ? 'prune' : 'token-stdin')} is for drift --remote (a file against its platform).`);
  }
  if (remote && positionals.length === 0) throw new UsageError('drift --remote needs at least one secret definition file.');
  if (!remote && positionals.length < 2) throw new UsageError('drift compares at least two files of one kind (or one file with --remote).');

  const reports: DriftReport[] = [];
  /** With --remote, what each file is compared with (`Northflank secret group "api" (id api) in project "p"`). */
  const targets: string[] = [];
  if (remote) {
    const plans = await planFiles(positionals, syncOptionsOf(values), io, 'compare');
    if (!plans) return 1;
    for (const p of plans) {
      reports.push(driftFromPlan(p.plan, p.doc, p.file, PLATFORM_TITLES[p.platform]));
      targets.push(`${PLATFORM_TITLES[p.platform]} ${p.plan.target}`);
    }
  } else {
    const docs = await loadDocuments(positionals, io);
    if (!docs) return 1;
    const kinds = new Set(docs.map((d) => d.kind));
    if (kinds.size > 1) {
      throw new UsageError(`drift compares files of one kind; these are ${docs.map((d) => `${d.path} (${KIND_TITLES[d.kind]})`).join(', ')}.`, false);
    }
    const digest = runDigest();
    // What each value is on this machine: references resolved from the environment and --env-file, SOPS values
    // decrypted with the age identities found; unknown otherwise (sync/resolve.ts knownValues).
    const context = await resolveContext({ envFiles: values['env-file'] ?? [] }, io);
    const known: Awaited<ReturnType<typeof knownValues>>[] = [];
    for (const doc of docs) {
      try {
        known.push(await knownValues(doc, context));
      } catch (e) {
        if (!(e instanceof SopsError)) throw e;
        io.stderr(`${doc.path}: ${e.message}`);
        io.stderr('secretdef: drift compares valid files only: nothing was compared.');
        return 1;
      }
    }
    const sides: DriftSide[] = known.map(({ doc, sources }) => driftSide(doc.path, doc, sources, digest));
    reports.push(compareDefinitions(sides, { values: values['ignore-values'] !== true }));
  }

  const root = process.cwd();
  let text: string;
  if (format === 'json') text = json(reports);
  else if (format === 'sarif') text = await formatSarif(findings(reports), { root, version: typeof SECRETDEF_VERSION === 'string' ? SECRETDEF_VERSION : 'development', docsUrl: docsUrl(io.env), rules: DRIFT_RULES });
  else if (format === 'github') text = formatGithub(findings(reports), root);
  else text = reports.flatMap((r, i) => (remote ? [`${r.labels[0]}: ${targets[i]}`, ...renderDriftTable(r).map((l) => `  ${l}`)] : renderDriftTable(r))).join('\n');
  await writeOutput(io, text, values.output);
  const drift = reports.some(hasDrift);
  if (format !== 'text' || values.output !== undefined) {
    io.stderr(`${reports.map(summarizeDrift).join(' ')}${values.output !== undefined ? ` Written to ${values.output} (${format}).` : ''}`);
  }
  return drift ? 1 : 0;
}
