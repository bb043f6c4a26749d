/**
 * Where each secret value of a definition comes from — written in the file, an `${env:NAME}` reference, a SOPS
 * ciphertext — and its value when it is known. One function decides it for push, diff, hover and drift.
 */
import { formatPath, getProperty, type AstNode, type PathSegment, type ScalarNode } from '../ast';
import type { Diagnostic } from '../diagnostics';
import { definitionBody, type DefinitionDocument } from '../document';
import type { Plan, Subject } from '../plan/types';
import { envReferences, malformedEnvReferences, substitute, type EnvLayer } from './references';

/** A place that holds a secret value: a variable, a file's `data`, a Qovery secret's or override's `value`. */
export interface ValuePosition {
  /** The plan's subject and name for it (`variable DB_PASSWORD`, `file /etc/app.pem`, `secret STRIPE_KEY`). */
  subject: Subject;
  name: string;
  path: PathSegment[];
  node: ScalarNode;
}

function scalar(node: AstNode | undefined): ScalarNode | undefined {
  return node && node.type !== 'object' && node.type !== 'array' ? node : undefined;
}

/** Every secret value of a document, in file order. */
export function valuePositions(doc: Pick<DefinitionDocument, 'kind' | 'root'>): ValuePosition[] {
  const out: ValuePosition[] = [];
  const root = doc.root;
  if (root?.type !== 'object') return out;
  if (doc.kind === 'northflank-secret') {
    const secrets = getProperty(root, 'secrets')?.value;
    const variables = getProperty(secrets, 'variables')?.value;
    for (const p of variables?.type === 'object' ? variables.properties : []) {
      const node = scalar(p.value);
      if (node) out.push({ subject: 'variable', name: p.key, path: ['secrets', 'variables', p.key], node });
    }
    for (const [section, subject] of [['files', 'file'], ['dockerSecretMounts', 'docker-secret-mount']] as const) {
      const map = getProperty(secrets, section)?.value;
      if (map?.type !== 'object') continue;
      for (const p of map.properties) {
        const node = scalar(getProperty(p.value, 'data')?.value);
        if (node) out.push({ subject, name: p.key, path: ['secrets', section, p.key, 'data'], node });
      }
    }
  } else if (doc.kind === 'qovery-secrets') {
    for (const [section, subject, nameKey] of [['secrets', 'secret', 'key'], ['overrides', 'override', 'target']] as const) {
      const list = getProperty(root, section)?.value;
      if (list?.type !== 'array') continue;
      list.items.forEach((item, i) => {
        const node = scalar(getProperty(item, 'value')?.value);
        const name = getProperty(item, nameKey)?.value;
        if (node) out.push({ subject, name: name?.type === 'string' ? String(name.value) : `item ${i + 1}`, path: [section, i, 'value'], node });
      });
    }
  }
  return out;
}

/** A key for a plan item: its subject and name. */
export function planKey(subject: string, name: string): string {
  return `${subject}\u0000${name}`;
}

export interface ValueSource extends ValuePosition {
  /** Where it comes from, in order: `sops` (decrypted), `env` (references), or `file` (written as it is). */
  from: ('file' | 'env' | 'sops')[];
  /** The names of its `${env:NAME}` references. */
  envNames: string[];
  /** References no layer has. */
  missing: string[];
  /** Its value when known (the references resolved, SOPS decrypted); undefined: unknown. */
  value: string | undefined;
  /** The plan's words for it: `from env DB_PASSWORD`, `from SOPS`; undefined for a value written in the file. */
  label: string | undefined;
}

export interface ValueContext {
  /** Where `${env:NAME}` references are looked up, highest precedence first. None: references are unknown. */
  env?: readonly EnvLayer[];
  /** For a SOPS-encrypted file: the paths (formatPath) of its encrypted values, and its decrypted document if known. */
  sops?: { encryptedPaths: ReadonlySet<string>; decrypted?: DefinitionDocument };
}

function describeSource(from: ValueSource['from'], envNames: readonly string[]): string | undefined {
  const parts: string[] = [];
  if (from.includes('sops')) parts.push('SOPS');
  if (from.includes('env')) parts.push(`env ${envNames.join(', ')}`);
  return parts.length ? `from ${parts.join(', ')}` : undefined;
}

/**
 * Each secret value's source and, when it can be known in the given context, its value. For an encrypted file
 * without its decrypted document every encrypted value is unknown; a reference no layer holds is unknown (and listed
 * in `missing`). The function drift and SARIF use to tell "known" from "unknown".
 */
export function valueSources(doc: DefinitionDocument, context: ValueContext = {}): ValueSource[] {
  const plain = context.sops?.decrypted ?? doc;
  const decryptedByPath = new Map(valuePositions(plain).map((p) => [formatPath(p.path), p]));
  const out: ValueSource[] = [];
  for (const position of valuePositions(doc)) {
    const key = formatPath(position.path);
    const encrypted = context.sops?.encryptedPaths.has(key) === true || doc.sops?.encrypted.has(position.node) === true;
    const from: ValueSource['from'] = [];
    let text: string | undefined;
    if (encrypted) {
      from.push('sops');
      const d = context.sops?.decrypted ? decryptedByPath.get(key) : undefined;
      text = d && d.node.value !== null ? String(d.node.value) : undefined;
    } else {
      text = position.node.value === null ? undefined : String(position.node.value);
    }
    const envNames = text !== undefined ? [...new Set(envReferences(text).map((r) => r.name))] : [];
    let value = text;
    let missing: string[] = [];
    if (envNames.length) {
      from.push('env');
      if (context.env) {
        const s = substitute(text as string, context.env);
        value = s.value;
        missing = s.missing;
      } else {
        value = undefined;
      }
    }
    if (!from.length) from.push('file');
    out.push({ ...position, from, envNames, missing, value, label: describeSource(from, envNames) });
  }
  return out;
}

export interface ResolvedDefinition {
  /** The body to send: the definition minus `$schema`, with every reference replaced. */
  body: Record<string, unknown>;
  /** Plan item (planKey) → where its value comes from (`from env DB_PASSWORD`). */
  sources: Map<string, string>;
  /** Every reference no layer holds, each once, in file order. */
  missing: string[];
  /** The values taken from the environment (to be masked in every message). */
  used: string[];
}

function setAt(target: unknown, path: readonly PathSegment[], value: unknown): void {
  let node = target as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) node = node[path[i]] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
}

/**
 * The body a push sends, with `${env:NAME}` replaced from the layers. Never writes anything. With missing names the
 * body must not be sent: the caller lists `missing` in one message.
 */
export function resolveDefinition(doc: DefinitionDocument, layers: readonly EnvLayer[], encryptedPaths: ReadonlySet<string> = new Set()): ResolvedDefinition {
  const body = definitionBody(doc);
  const sources = new Map<string, string>();
  const missing: string[] = [];
  const used: string[] = [];
  for (const position of valuePositions(doc)) {
    const fromSops = encryptedPaths.has(formatPath(position.path));
    const value = position.node.value;
    const names: string[] = [];
    if (typeof value === 'string' && value.includes('${env:')) {
      const s = substitute(value, layers);
      names.push(...s.names);
      for (const m of s.missing) if (!missing.includes(m)) missing.push(m);
      used.push(...s.used);
      if (s.value !== undefined) setAt(body, position.path, s.value);
    }
    const label = describeSource([...(fromSops ? ['sops' as const] : []), ...(names.length ? ['env' as const] : [])], names);
    if (label) sources.set(planKey(position.subject, position.name), label);
  }
  return { body, sources, missing, used };
}

/**
 * Whether a push must resolve the file before sending it: it is SOPS-encrypted, or a value holds `${env:NAME}`.
 * Then the body is made where the keys and the environment are (the CLI, the extension host: sync/resolve.ts), never
 * in the language server, which holds neither.
 */
export function needsResolution(doc: DefinitionDocument): boolean {
  if (doc.sops) return true;
  return valuePositions(doc).some((p) => typeof p.node.value === 'string' && p.node.value.includes('${env:'));
}

/** One message for every missing name: what a push or diff says before it sends nothing. */
export function missingReferencesMessage(missing: readonly string[]): string {
  const list = missing.map((n) => n).join(', ');
  return `${missing.length === 1 ? 'This environment variable is' : `These ${missing.length} environment variables are`} not set: ${list}. The file${missing.length === 1 ? ' refers' : 's refer'} to ${missing.length === 1 ? 'it' : 'them'} as \${env:NAME}; set ${missing.length === 1 ? 'it' : 'them'} (export, or an env file) and run again. Nothing was sent.`;
}

/** Malformed references (`${env:}`, `${env:DB-PASSWORD}`) in secret values: they would be sent as they are. */
export function envReferenceDiagnostics(doc: DefinitionDocument, report: (offset: number, length: number, message: string) => void): void {
  if (!doc.text.includes('${env:')) return;
  for (const p of valuePositions(doc)) {
    if (typeof p.node.value !== 'string' || !p.node.value.includes('${env:')) continue;
    const raw = doc.text.slice(p.node.offset, p.node.offset + p.node.length);
    for (const m of malformedEnvReferences(raw)) {
      report(p.node.offset + m.index, m.length, `"${m.text}" is not an environment reference: write \${env:NAME}, where NAME has letters, digits and underscores and does not start with a digit. As it is, it would be sent literally.`);
    }
  }
}

/** Codes whose verdict depends on a value's content: unknown for a value that holds a reference. */
const VALUE_CONTENT_CODES = new Set(['nf-invalid-base64', 'placeholder-value']);

/** Drops diagnostics that judged a reference instead of the value it stands for (base64 of `${env:CERT}`). */
export function withoutReferenceVerdicts(doc: DefinitionDocument, diagnostics: Diagnostic[]): Diagnostic[] {
  if (!doc.text.includes('${env:')) return diagnostics;
  const spans = valuePositions(doc).filter((p) => typeof p.node.value === 'string' && envReferences(p.node.value).length > 0).map((p) => [p.node.offset, p.node.offset + p.node.length] as const);
  if (!spans.length) return diagnostics;
  return diagnostics.filter((d) => {
    if (!VALUE_CONTENT_CODES.has(d.code)) return true;
    const offset = doc.lines.offsetAt(d.range.start);
    return !spans.some(([s, e]) => offset >= s && offset <= e);
  });
}

/** The plan with each value's source (`from env DB_PASSWORD`, `from SOPS`) on its item: names only, never a value. */
export function withSources<P extends Plan>(plan: P, sources: ReadonlyMap<string, string>): P {
  if (!sources.size) return plan;
  for (const item of plan.items) {
    const source = sources.get(planKey(item.subject, item.name));
    if (source) item.source = source;
  }
  return plan;
}

/**
 * The plan of a comparison made with values unknown here (sync/resolve `unknownAllowed`): an item whose value is
 * unknown cannot be called unchanged or changed, so it becomes "write" (not compared) with the reason. Whether it
 * exists on either side is still known: create and delete stay. Such a plan is never applied.
 */
export function withUnknownValues<P extends Plan>(plan: P, unknown: ReadonlyMap<string, string>): P {
  if (!unknown.size) return plan;
  for (const item of plan.items) {
    const why = unknown.get(planKey(item.subject, item.name));
    if (why === undefined) continue;
    item.unknownHere = why;
    if (item.change === 'unchanged' || item.change === 'update') {
      item.change = 'write';
      item.detail = `the value is unknown here: ${why}`;
    } else if (item.change === 'write') {
      item.detail = item.detail ? `${item.detail}; the value is unknown here: ${why}` : `the value is unknown here: ${why}`;
    }
  }
  return plan;
}
