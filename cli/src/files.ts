import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { kindFromPath, kindFromSchemaReference, schemaReferenceInText, syntaxOf } from '../../core';
import { looksLikeTemplate, TEMPLATE_SHAPE_LIMIT } from '../../core/templates/recognise';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test']);
const CANDIDATE = /\.(ya?ml|json)$/i;

/** A path a folder search did not take, and why: said, never silently dropped. */
export interface SkippedPath {
  path: string;
  reason: string;
}

export interface ExpandedPaths {
  files: string[];
  missing: string[];
  skipped: SkippedPath[];
}

/**
 * Expands the paths given on the command line: files are kept as they are (even of unknown kind, so they are
 * reported), folders are searched for secret definition files: the known names, or a YAML or JSON file whose
 * head names a bundled schema. Symbolic links found in a folder are followed when their target stays inside the
 * repository the folder belongs to (the nearest folder above it with a `.git`, else the folder itself), each
 * folder once; the others are listed in `skipped` with the reason.
 */
export async function expandPaths(inputs: readonly string[]): Promise<ExpandedPaths> {
  const out: ExpandedPaths = { files: [], missing: [], skipped: [] };
  for (const input of inputs) {
    let stat;
    try {
      stat = await fs.stat(input);
    } catch {
      out.missing.push(input);
      continue;
    }
    if (!stat.isDirectory()) {
      out.files.push(input);
      continue;
    }
    const real = await fs.realpath(input);
    const search: Search = { root: await repositoryRoot(real), visited: new Set(), seen: new Set(), out };
    await searchDirectory(input, search);
  }
  return out;
}

interface Search {
  /** The real path of the repository: links may point anywhere inside it. */
  root: string;
  /** Real paths of the folders already searched (a link back to a parent would loop). */
  visited: Set<string>;
  /** Real paths of the files already taken (a file and a link to it are validated once). */
  seen: Set<string>;
  out: ExpandedPaths;
}

/** The nearest folder at or above `dir` holding `.git`, else `dir` itself. */
async function repositoryRoot(dir: string): Promise<string> {
  for (let current = dir; ; current = path.dirname(current)) {
    try {
      await fs.stat(path.join(current, '.git'));
      return current;
    } catch {
      if (path.dirname(current) === current) return dir;
    }
  }
}

function inside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

async function searchDirectory(dir: string, search: Search): Promise<void> {
  let entries;
  try {
    const real = await fs.realpath(dir);
    if (search.visited.has(real)) return;
    search.visited.add(real);
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) await searchDirectory(full, search);
    } else if (entry.isFile()) {
      await consider(full, search);
    } else if (entry.isSymbolicLink() && !SKIPPED_DIRECTORIES.has(entry.name)) {
      await followLink(full, search);
    }
  }
}

async function followLink(link: string, search: Search): Promise<void> {
  let target: string;
  let stat;
  try {
    target = await fs.realpath(link);
    stat = await fs.stat(target);
  } catch {
    if (CANDIDATE.test(link)) search.out.skipped.push({ path: link, reason: 'a symbolic link whose target does not exist' });
    return;
  }
  if (!inside(search.root, target)) {
    if (stat.isDirectory() || CANDIDATE.test(link)) search.out.skipped.push({ path: link, reason: `a symbolic link to ${target}, outside the repository (${search.root})` });
    return;
  }
  if (stat.isDirectory()) {
    await searchDirectory(link, search);
  } else if (stat.isFile()) {
    await consider(link, search);
  }
}

async function consider(file: string, search: Search): Promise<void> {
  if (!CANDIDATE.test(file) || !(kindFromPath(file) || (await isDefinitionByContent(file)))) return;
  const real = await fs.realpath(file).catch(() => file);
  if (search.seen.has(real)) return;
  search.seen.add(real);
  search.out.files.push(file);
}

/** A file whose head names a bundled schema, or — a JSON file — has the top-level shape of a Northflank template. */
async function isDefinitionByContent(file: string): Promise<boolean> {
  let handle;
  try {
    handle = await fs.open(file, 'r');
    const buffer = Buffer.alloc(TEMPLATE_SHAPE_LIMIT);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead).toString('utf8');
    const syntax = syntaxOf(file, head);
    const reference = schemaReferenceInText(head, syntax);
    return (reference !== undefined && kindFromSchemaReference(reference) !== undefined) || (syntax === 'json' && looksLikeTemplate(head));
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}
