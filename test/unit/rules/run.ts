import { expect } from 'chai';
import { OFFLINE_CATALOG, type Catalog } from '../../../core/catalog';
import { parseDefinition } from '../../../core/document';
import type { FileKind } from '../../../core/kinds';
import { semanticDiagnostics } from '../../../core/rules';

const NAMES: Record<FileKind, string> = {
  'northflank-secret': 'group.northflank-secret.yaml',
  'northflank-link': 'link.northflank-link.yaml',
  'qovery-secrets': 'project.qovery-secrets.yaml',
  'northflank-template': 'template.northflank-template.json',
};

/**
 * The semantic rules' diagnostics of a text (the schema's are not here): `line:col-line:col code [severity] message`
 * and the data when there is some, lines from 1. `name` is a file name, or a kind (then a YAML file of that kind).
 */
export function rules(name: FileKind | string, text: string, catalog: Catalog = OFFLINE_CATALOG): string[] {
  const path = name in NAMES ? NAMES[name as FileKind] : name;
  const doc = parseDefinition(path, text);
  expect(doc, `${path} is not a definition file`).to.not.equal(undefined);
  if (!doc) return [];
  return semanticDiagnostics(doc, catalog).map((d) => `${d.range.start.line + 1}:${d.range.start.character}-${d.range.end.line + 1}:${d.range.end.character} ${d.code} [${d.severity}] ${d.message}${d.data ? ` ${JSON.stringify(d.data)}` : ''}`);
}

/** The lines of a YAML text. */
export const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;
