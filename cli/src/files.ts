import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { kindFromPath, kindFromSchemaReference, schemaReferenceInText, syntaxOf } from '../../core';
import { looksLikeTemplate, TEMPLATE_SHAPE_LIMIT } from '../../core/templates/recognise';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test']);
const CANDIDATE = /\.(ya?ml|json)$/i;

/**
 * Expands the paths given on the command line: files are kept as they are (even of unknown kind, so they are
 * reported), folders are searched for secret definition files: the known names, or a YAML or JSON file whose
 * head names a bundled schema.
 */
export async function expandPaths(inputs: readonly string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  for (const input of inputs) {
    let stat;
    try {
      stat = await fs.stat(input);
    } catch {
      missing.push(input);
      continue;
    }
    if (stat.isDirectory()) await searchDirectory(input, files);
    else files.push(input);
  }
  return { files, missing };
}

async function searchDirectory(dir: string, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) await searchDirectory(full, out);
    } else if (entry.isFile() && CANDIDATE.test(entry.name)) {
      if (kindFromPath(full) || (await isDefinitionByContent(full))) out.push(full);
    }
  }
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
