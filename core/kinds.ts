import { Minimatch } from 'minimatch';
import { looksLikeTemplate, NORTHFLANK_TEMPLATE_SCHEMA } from './templates/recognise';
import type { TextSource } from './text';

export type FileKind = 'northflank-secret' | 'northflank-link' | 'qovery-secrets' | 'northflank-template';
export type SyntaxKind = 'yaml' | 'json';

export const FILE_KINDS: readonly FileKind[] = ['northflank-secret', 'northflank-link', 'qovery-secrets', 'northflank-template'];

/** The platforms a definition file is pushed to. */
export type Platform = 'northflank' | 'qovery';

/** The platform a kind of file belongs to: the one place that says it (CLI, editor, catalogs and push ask here). */
export function platformOf(kind: FileKind): Platform {
  return kind === 'qovery-secrets' ? 'qovery' : 'northflank';
}

export const PLATFORM_TITLES: Record<Platform, string> = { northflank: 'Northflank', qovery: 'Qovery' };

export const KIND_TITLES: Record<FileKind, string> = {
  'northflank-secret': 'Northflank secret group',
  'northflank-link': 'Northflank addon link',
  'qovery-secrets': 'Qovery project secrets',
  'northflank-template': 'Northflank template',
};

/** The file names that mark a kind without any configuration. */
export const BUILTIN_ASSOCIATIONS: Record<string, FileKind> = {
  '**/*.northflank-secret.{yaml,yml,json}': 'northflank-secret',
  '**/*.northflank-link.{yaml,yml,json}': 'northflank-link',
  '**/*.qovery-secrets.{yaml,yml,json}': 'qovery-secrets',
  '**/*.northflank-template.{json,yaml,yml}': 'northflank-template',
};

/** Glob (matched against the workspace-relative or absolute path, with forward slashes) → kind. */
export type FileAssociations = Record<string, string>;

export function isFileKind(value: unknown): value is FileKind {
  return typeof value === 'string' && (FILE_KINDS as readonly string[]).includes(value);
}

/** The well-formed entries of a `fileAssociations` setting (it comes from the user): glob → a known kind. */
export function sanitizeAssociations(value: unknown): FileAssociations {
  const out: FileAssociations = {};
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [glob, kind] of Object.entries(value)) if (isFileKind(kind)) out[glob] = kind;
  }
  return out;
}

export function syntaxOf(path: string, text?: TextSource): SyntaxKind {
  if (/\.json$/i.test(path)) return 'json';
  if (/\.ya?ml$/i.test(path)) return 'yaml';
  // Unknown extension: JSON if it looks like JSON, YAML otherwise (YAML is a superset for valid JSON anyway).
  return text && /^\uFEFF?\s*[{[]/.test(text.toString()) ? 'json' : 'yaml';
}

const matcherCache = new Map<string, (path: string) => boolean>();

function matcher(glob: string): (path: string) => boolean {
  let m = matcherCache.get(glob);
  if (!m) {
    // Patterns are relative to any folder, as in VS Code's files.associations: `*.yaml` and `deploy/*.yaml`
    // match at any depth; only a pattern starting with "/" or "**" is taken as it is.
    const pattern = glob.startsWith('/') || glob.startsWith('**') ? glob : `**/${glob}`;
    // minimatch, not picomatch: vscode-languageclient bundles it already (one glob library in the browser bundles).
    const compiled = new Minimatch(pattern, { dot: true, nocase: false });
    m = (path) => compiled.match(path);
    matcherCache.set(glob, m);
  }
  return m;
}

export function kindFromPath(path: string, associations: FileAssociations = {}): FileKind | undefined {
  const normalized = path.replace(/\\/g, '/');
  // User associations first: they may re-map a name the built-in patterns would also match.
  for (const [glob, kind] of Object.entries(associations)) {
    if (isFileKind(kind) && matcher(glob)(normalized)) return kind;
  }
  for (const [glob, kind] of Object.entries(BUILTIN_ASSOCIATIONS)) {
    if (matcher(glob)(normalized)) return kind;
  }
  return undefined;
}

/** The bundled schema a `$schema` value or a yaml-language-server modeline names, if any. */
export function kindFromSchemaReference(reference: string): FileKind | undefined {
  const ref = reference.trim();
  // Northflank's own schemas of templates, release flows and preview blueprints.
  if (NORTHFLANK_TEMPLATE_SCHEMA.test(ref)) return 'northflank-template';
  for (const kind of FILE_KINDS) {
    if (ref === schemaId(kind)) return kind;
    // Accept any location of the bundled file: a relative path, a raw URL, a copy in the repository.
    if (new RegExp(`(^|[/\\\\])${kind.replace(/-/g, '\\-')}\\.schema\\.json(#.*)?$`).test(ref)) return kind;
  }
  return undefined;
}

/** The file name of a kind's bundled schema, in `schemas/` of the repository and of the extension. */
export function schemaFileName(kind: FileKind): string {
  return `${kind}.schema.json`;
}

export function schemaId(kind: FileKind): string {
  return `https://secretdef.dev/schemas/${schemaFileName(kind)}`;
}

const MODELINE = /^#\s*yaml-language-server\s*:\s*\$schema=(\S+)/m;
const SCHEMA_PROPERTY_JSON = /^\uFEFF?\s*\{[\s\S]{0,2000}?"\$schema"\s*:\s*"([^"]*)"/;
const SCHEMA_PROPERTY_YAML = /^["']?\$schema["']?\s*:\s*["']?([^"'\s#]+)/m;

/** Finds what a file says of its own schema, without parsing it: a modeline or a top-level `$schema`. */
export function schemaReferenceInText(text: TextSource, syntax: SyntaxKind): string | undefined {
  const head = text.slice(0, 4096);
  if (syntax === 'yaml') {
    return MODELINE.exec(head)?.[1] ?? SCHEMA_PROPERTY_YAML.exec(head)?.[1];
  }
  return SCHEMA_PROPERTY_JSON.exec(head)?.[1];
}

/**
 * The kind of a file: a `$schema` or modeline naming a bundled schema wins, then the user's associations,
 * then the built-in name patterns, then — for any JSON file — the top-level shape of a Northflank template.
 * Undefined: not a secret definition file.
 */
export function detectKind(path: string, text: TextSource, associations: FileAssociations = {}): FileKind | undefined {
  const syntax = syntaxOf(path, text);
  const reference = schemaReferenceInText(text, syntax);
  const byReference = reference ? kindFromSchemaReference(reference) : undefined;
  return byReference ?? kindFromPath(path, associations) ?? (syntax === 'json' && looksLikeTemplate(text.toString()) ? 'northflank-template' : undefined);
}
